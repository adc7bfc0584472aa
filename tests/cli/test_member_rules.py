"""`member add` and `member leave` refuse what would make the data invalid, and write nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.cli.helpers import logged_id, snapshot
from tests.conftest import Run


def left_on(root: Path, handle: str) -> str | None:
    tables = tomllib.loads((root / "members.toml").read_text())["member"]
    left = next(table for table in tables if table["handle"] == handle).get("left")
    return None if left is None else str(left)


@pytest.mark.parametrize(
    ("emails", "message"),
    [
        (("bob@example.org",), "--email: bob@example.org is already bob's email"),
        (("Bob@Example.ORG",), "--email: Bob@Example.ORG is already bob's email"),
        (("dora@example.org", "DORA@example.org"), "DORA@example.org is given twice"),
    ],
    ids=["same", "other-case", "twice"],
)
def test_add_refuses_an_email_already_taken(
    ledger: Path, run: Run, emails: tuple[str, ...], message: str
) -> None:
    """An email of another member (in any case), or given twice, is refused: exit 2, no change."""
    before = snapshot(ledger)
    result = run(
        "member", "add", "dora", *(word for email in emails for word in ("--email", email))
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert "an email belongs to one member only; nothing was changed" in result.stderr
    assert snapshot(ledger) == before
    assert run("balance").exit_code == 0


def test_leave_refuses_a_day_before_the_last_exchange(ledger: Path, run: Run) -> None:
    """Leaving before one's last exchange, as helper or as helped, is refused: exit 2, no change."""
    logged_id(
        run("log", "--helper", "alice", "--helped", "bob", "30m", "CI", "--date", "2026-03-04")
    )
    logged_id(
        run("log", "--helper", "carol", "--helped", "alice", "1h", "SQL", "--date", "2026-03-06")
    )
    before = snapshot(ledger)
    for handle, last in (("alice", "2026-03-06"), ("bob", "2026-03-04")):
        result = run("member", "leave", handle, "--on", "2026-03-03")
        assert result.exit_code == 2
        assert f"--on 2026-03-03 is before {handle}'s last exchange, on {last}" in result.stderr
        assert "nothing was changed" in result.stderr
        assert snapshot(ledger) == before
    assert run("member", "leave", "bob", "--on", "2026-03-04").exit_code == 0
    assert left_on(ledger, "bob") == "2026-03-04"
    assert run("balance").exit_code == 0


def test_leave_moves_a_day_that_made_the_data_invalid(ledger: Path, run: Run) -> None:
    """A `left` written by hand before later help can be moved with `member leave`."""
    logged_id(
        run("log", "--helper", "alice", "--helped", "bob", "30m", "CI", "--date", "2026-03-04")
    )
    path = ledger / "members.toml"
    before_carol = 'joined = 2026-01-05\n\n[[member]]\nhandle = "carol"'
    after_bob = before_carol.replace("\n\n", "\nleft = 2026-02-01\n\n")
    path.write_text(path.read_text().replace(before_carol, after_bob))
    assert left_on(ledger, "bob") == "2026-02-01"
    assert run("balance").exit_code == 2
    result = run("member", "leave", "bob", "--on", "2026-03-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "bob left on 2026-03-05 (instead of 2026-02-01).\n"
    assert left_on(ledger, "bob") == "2026-03-05"
    assert run("balance").exit_code == 0


def test_help_before_joining_is_refused_when_logged(ledger: Path, run: Run) -> None:
    """`log` refuses help dated before a person joined, as `check` would, and writes nothing."""
    result = run(
        "log", "--helper", "alice", "--helped", "bob", "30m", "Setup", "--date", "2026-01-04"
    )
    assert result.exit_code == 2
    assert "--helper: alice joined the team on 2026-01-05, after 2026-01-04" in result.stderr
    assert not list((ledger / "exchanges").rglob("*.toml"))
