"""Who is acting: --as, else AIDLEDGER_USER, else the member whose emails hold git's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import exchange_files, exchange_record, logged_id, snapshot
from tests.conftest import Run, git


def thanked_by(run: Run, root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Thank carol and return who the exchange says was helped."""
    result = run("thanks", "carol", "30m", "Reviewing the release notes", *args, env=env)
    record = exchange_record(root, logged_id(result))
    assert record["logged_by"] == record["confirmation"]["by"] == record["helped"][0]
    return str(record["helped"][0])


def test_git_email_names_the_member(ledger: Path, run: Run) -> None:
    """With no --as and no AIDLEDGER_USER, git's user.email picks the member."""
    assert thanked_by(run, ledger) == "alice"


def test_git_email_matches_any_address_ignoring_case(ledger: Path, run: Run) -> None:
    """Any of a member's emails matches, whatever the case."""
    assert (
        run(
            "member",
            "add",
            "dora",
            "--email",
            "dora@home.example",
            "--email",
            "Dora.Diaz@Example.org",
        ).exit_code
        == 0
    )
    git(ledger, "config", "user.email", "dora.diaz@example.org")
    assert thanked_by(run, ledger) == "dora"


def test_user_variable_wins_over_git(ledger: Path, run: Run) -> None:
    """AIDLEDGER_USER is used before git's email."""
    assert thanked_by(run, ledger, env={"AIDLEDGER_USER": "bob"}) == "bob"


def test_as_wins_over_everything(ledger: Path, run: Run) -> None:
    """--as is used before AIDLEDGER_USER and git's email."""
    assert thanked_by(run, ledger, "--as", "bob", env={"AIDLEDGER_USER": "alice"}) == "bob"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("stranger", "no member has the git email 'stranger@example.org'"),
        ("no-email", "cannot tell who you are"),
    ],
)
def test_nobody_found_is_a_clear_error(ledger: Path, run: Run, setup: str, message: str) -> None:
    """With no way to tell who is acting, `thanks` exits 2, says how to fix it, writes nothing."""
    if setup == "stranger":
        git(ledger, "config", "user.email", "stranger@example.org")
    else:
        git(ledger, "config", "--unset", "user.email")
    before = snapshot(ledger)
    result = run("thanks", "carol", "30m", "Reviewing the release notes")
    assert result.exit_code == 2
    assert "cannot tell who you are" in result.stderr
    assert message in result.stderr
    assert "--as" in result.stderr
    assert "AIDLEDGER_USER" in result.stderr
    assert snapshot(ledger) == before


@pytest.mark.parametrize("how", ["--as", "AIDLEDGER_USER"])
def test_unknown_acting_handle(ledger: Path, run: Run, how: str) -> None:
    """An acting handle that is no member is refused and names the known members."""
    args = ("--as", "zoe") if how == "--as" else ()
    env = {"AIDLEDGER_USER": "zoe"} if how == "AIDLEDGER_USER" else None
    result = run("thanks", "carol", "30m", "Review", *args, env=env)
    assert result.exit_code == 2
    assert "no member 'zoe'" in result.stderr
    assert "alice, bob, carol" in result.stderr
    assert exchange_files(ledger) == []


def test_log_needs_no_actor_when_the_helper_is_given(ledger: Path, run: Run) -> None:
    """`log --helper` works for an unknown git user, and then nobody is `logged_by`."""
    git(ledger, "config", "user.email", "stranger@example.org")
    result = run("log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    record = exchange_record(ledger, logged_id(result))
    assert "logged_by" not in record
    assert "confirmation" not in record


def test_log_without_helper_needs_an_actor(ledger: Path, run: Run) -> None:
    """`log` without --helper means the actor helped; with no actor it is a clear error."""
    record = exchange_record(ledger, logged_id(run("log", "--helped", "bob", "30m", "Review")))
    assert record["helper"] == "alice"
    git(ledger, "config", "user.email", "stranger@example.org")
    before = snapshot(ledger)
    result = run("log", "--helped", "bob", "30m", "Review")
    assert result.exit_code == 2
    assert "cannot tell who you are" in result.stderr
    assert snapshot(ledger) == before
