"""Did you mean: wherever a handle is taken, a mistyped one suggests the nearest member."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE, Run

TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}


def test_statement_of_a_mistyped_handle_suggests_the_member(run: Run) -> None:
    """`statement theoo` exits 2 and asks whether `theo` was meant."""
    result = run("--root", str(EXAMPLE), "statement", "theoo", env=TODAY)
    assert result.exit_code == 2
    assert "no member 'theoo'" in result.stderr
    assert "hint: did you mean 'theo'?" in result.stderr


def test_thanks_to_a_mistyped_helper_suggests_the_member(ledger: Path, run: Run) -> None:
    """`thanks carl ...` names carol, and writes nothing."""
    result = run("thanks", "carl", "30m", "Reviewing the schema", "--as", "alice")
    assert result.exit_code == 2
    assert "hint: did you mean 'carol'?" in result.stderr
    assert not list((ledger / "exchanges").rglob("*.toml"))


def test_acting_as_a_mistyped_member_suggests_the_member(ledger: Path, run: Run) -> None:
    """`--as alcie` is refused with the nearest handle."""
    result = run("me", "--as", "alcie")
    assert result.exit_code == 2
    assert "hint: did you mean 'alice'?" in result.stderr


def test_an_unknown_field_names_the_nearest(ledger: Path, run: Run) -> None:
    """`email = ...` in members.toml is refused, suggesting `emails`."""
    members = ledger / "members.toml"
    text = members.read_text().replace('emails = [\n    "bob@example.org",\n]', 'email = "b@x.org"')
    assert 'email = "b@x.org"' in text
    members.write_text(text)
    result = run("check")
    assert result.exit_code == 2
    assert "members.toml:16: unknown field 'email'; did you mean 'emails'?" in result.stdout


def test_an_unknown_command_names_the_nearest(run: Run) -> None:
    """`aidledger reprot` suggests `report`."""
    result = run("reprot")
    assert result.exit_code == 2
    assert "did you mean 'report'" in result.stderr


def test_an_unknown_field_of_a_sub_table_names_the_nearest(ledger: Path, run: Run) -> None:
    """A mistyped key inside a confirmation, a list of confirmations or a warning's table
    suggests the nearest key of that table, on its own line."""
    logged = run("log", "--helped", "bob", "--helped", "carol", "30m", "Review")
    exchange = next((ledger / "exchanges").rglob("*.toml"))
    exchange.write_text(
        exchange.read_text() + '\n[[exchange.confirmations]]\nby = "bob"\non = 2026-03-10\n'
        "usefull = 4\n"
    )
    charter = ledger / "charter.toml"
    text = charter.read_text()
    assert "[warnings.concentration]\n" in text
    charter.write_text(
        text.replace("[warnings.concentration]\n", "[warnings.concentration]\nwran = 3\n")
    )
    assert logged.exit_code == 0
    result = run("check")
    assert result.exit_code == 2
    exchange_line = exchange.read_text().splitlines().index("usefull = 4") + 1
    charter_line = charter.read_text().splitlines().index("wran = 3") + 1
    name = exchange.relative_to(ledger)
    assert (
        f"{name}:{exchange_line}: unknown field 'confirmations.0.usefull'; did you mean 'useful'?"
        in result.stdout
    ), result.stdout
    assert (
        f"charter.toml:{charter_line}: unknown field 'warnings.concentration.wran';"
        " did you mean 'warn'?" in result.stdout + result.stderr
    ), result.stdout + result.stderr


def test_a_handle_in_capitals_names_the_member(ledger: Path, run: Run) -> None:
    """`BOB` is bob typed in capitals: the hint names bob, and never suggests adding a member
    whose handle could not be one."""
    result = run("log", "10m", "Review", "--helped", "BOB")
    assert result.exit_code == 2
    assert "hint: did you mean 'bob'?" in result.stderr
    assert "member add" not in result.stderr
    result = run("log", "10m", "Review", "--helped", "Zed X")
    assert result.exit_code == 2
    assert "member add" not in result.stderr
