"""Who ran the command: `logged_email` beside `logged_by` when `logged_by` alone does not say."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import exchange_record, logged_id
from tests.conftest import Run, git


def logged(run: Run, root: Path, *args: str) -> dict[str, object]:
    return exchange_record(root, logged_id(run(*args)))


def test_no_email_when_git_names_the_acting_member(ledger: Path, run: Run) -> None:
    """alice, known by her git email, logs as herself: `logged_by` says it all."""
    record = logged(run, ledger, "thanks", "bob", "30m", "Review")
    assert record["logged_by"] == "alice"
    assert "logged_email" not in record


def test_no_email_when_as_names_the_git_user(ledger: Path, run: Run) -> None:
    """`--as alice` run by alice's git identity records nothing more."""
    record = logged(run, ledger, "thanks", "bob", "30m", "Review", "--as", "alice")
    assert "logged_email" not in record


@pytest.mark.parametrize("how", ["--as", "AIDLEDGER_USER"])
def test_acting_as_someone_else_records_the_git_email(ledger: Path, run: Run, how: str) -> None:
    """alice acting as bob: bob is `logged_by`, and alice's git email is kept beside it."""
    args = ("--as", "bob") if how == "--as" else ()
    env = {"AIDLEDGER_USER": "bob"} if how == "AIDLEDGER_USER" else None
    result = run("thanks", "carol", "30m", "Review", *args, env=env)
    record = exchange_record(ledger, logged_id(result))
    assert record["logged_by"] == "bob"
    assert record["logged_email"] == "alice@example.org"


def test_a_stranger_logging_for_others_is_recorded(ledger: Path, run: Run) -> None:
    """`log --helper` by a git user who is no member: no `logged_by`, their email instead."""
    git(ledger, "config", "user.email", "stranger@example.org")
    record = logged(run, ledger, "log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert "logged_by" not in record
    assert record["logged_email"] == "stranger@example.org"


@pytest.mark.parametrize("email", [None, "not an email"], ids=["none", "malformed"])
def test_no_git_identity_is_said_in_the_record(ledger: Path, run: Run, email: str | None) -> None:
    """With no usable git email, the record says `logged_email = "unknown"`, never nothing."""
    if email is None:
        git(ledger, "config", "--unset", "user.email")
    else:
        git(ledger, "config", "user.email", email)
    record = logged(run, ledger, "log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert record["logged_email"] == "unknown"
    record = logged(run, ledger, "thanks", "carol", "30m", "Review", "--as", "bob")
    assert record["logged_by"] == "bob"
    assert record["logged_email"] == "unknown"


def test_records_with_and_without_the_field_are_valid(ledger: Path, run: Run) -> None:
    """`logged_email` is optional: old records stay valid, new ones check clean."""
    logged(run, ledger, "thanks", "bob", "30m", "Review")
    logged(run, ledger, "thanks", "carol", "30m", "Review", "--as", "bob")
    assert run("check").exit_code in (0, 1)
    assert run("balance").exit_code == 0


def test_a_bad_logged_email_names_its_line(ledger: Path, run: Run) -> None:
    """A hand-written `logged_email` that is no email is refused at its line."""
    exchange_id = logged_id(run("thanks", "bob", "30m", "Review"))
    path = ledger / "exchanges" / "2026" / "03" / f"{exchange_id}.toml"
    text = path.read_text()
    path.write_text(
        text.replace('logged_by = "alice"\n', 'logged_by = "alice"\nlogged_email = "me"\n')
    )
    result = run("check")
    assert result.exit_code == 2
    assert f"{exchange_id}.toml:13: logged_email: 'me' is not an email address" in result.stdout


def test_confirming_as_someone_else_records_the_git_email(ledger: Path, run: Run) -> None:
    """alice confirming `--as bob`: the confirmation is bob's, with alice's git email beside."""
    exchange = logged_id(run("log", "--helper", "carol", "--helped", "bob", "30m", "Review"))
    assert run("confirm", exchange, "--as", "bob", "--useful", "4").exit_code == 0
    confirmation = exchange_record(ledger, exchange)["confirmation"]
    assert confirmation == {
        "by": "bob",
        "on": confirmation["on"],
        "useful": 4,
        "by_email": "alice@example.org",
    }


def test_confirming_as_oneself_records_no_email(ledger: Path, run: Run) -> None:
    """alice confirming help she received, as herself, needs no email beside `by`."""
    exchange = logged_id(run("log", "--helper", "carol", "--helped", "alice", "30m", "Review"))
    assert run("confirm", exchange).exit_code == 0
    assert "by_email" not in exchange_record(ledger, exchange)["confirmation"]
