"""`aidledger member add|list|leave`, and the care they take of a hand-written members.toml."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import snapshot
from tests.conftest import Run

HAND_WRITTEN = """\
# Our team. Keep this list in order of arrival.

[[member]]
name = "Alice Martin"   # key order is ours: name before handle
handle = "alice"
joined = 2026-01-05
emails = ["alice@example.org"]  # work address

# Bob joined in February.
[[member]]
handle = "bob"
joined = 2026-02-01
skills = ["ci"]
"""


@pytest.fixture
def hand_written(git_repo: Path, run: Run) -> Path:
    """A ledger whose members.toml a person wrote, with comments and their own key order."""
    assert run("init", "--team", "Testers").exit_code == 0
    (git_repo / "members.toml").write_text(HAND_WRITTEN)
    return git_repo


def members(root: Path) -> dict[str, dict[str, Any]]:
    tables = tomllib.loads((root / "members.toml").read_text()).get("member", [])
    return {table["handle"]: table for table in tables}


@pytest.mark.parametrize("trailing", ["\n", "", "\n\n\n"])
def test_add_keeps_the_file_byte_for_byte(hand_written: Path, run: Run, trailing: str) -> None:
    """Adding a member appends a table: the old text is an exact prefix of the new one."""
    path = hand_written / "members.toml"
    old = HAND_WRITTEN.rstrip("\n") + trailing
    path.write_text(old)
    result = run(
        "member",
        "add",
        "dora",
        "--name",
        "Dora Diaz",
        "--email",
        "dora@example.org",
        "--email",
        "d.diaz@example.org",
        "--skill",
        "python",
        "--skill",
        "sql",
        "--budget",
        "3h",
        "--joined",
        "2026-03-01",
    )
    assert result.exit_code == 0, result.stderr
    new = path.read_text()
    assert new.startswith(old)
    assert new.count("[[member]]") == 3
    assert members(hand_written)["dora"] == {
        "handle": "dora",
        "name": "Dora Diaz",
        "emails": ["dora@example.org", "d.diaz@example.org"],
        "skills": ["python", "sql"],
        "budget_minutes_per_week": 180,
        "joined": tomllib.loads("d = 2026-03-01")["d"],
    }


def test_add_defaults_joined_to_today(hand_written: Path, run: Run) -> None:
    """Without --joined, a member joins today."""
    assert run("member", "add", "dora").exit_code == 0
    assert str(members(hand_written)["dora"]["joined"]) == "2026-03-10"


@pytest.mark.parametrize(
    ("budget", "minutes"),
    [("3h", 180), ("90m", 90), ("1h30", 90), ("45", 45), ("25h", 1500), ("0", 0)],
)
def test_add_budget_is_stored_in_minutes(
    hand_written: Path, run: Run, budget: str, minutes: int
) -> None:
    """--budget takes any duration, up to a whole week, and stores minutes per week."""
    assert run("member", "add", "dora", "--budget", budget).exit_code == 0
    assert members(hand_written)["dora"]["budget_minutes_per_week"] == minutes


def test_add_refuses_a_duplicate_handle(hand_written: Path, run: Run) -> None:
    """A handle already there is refused with exit 2; the file is untouched."""
    before = snapshot(hand_written)
    result = run("member", "add", "bob", "--name", "Another Bob")
    assert result.exit_code == 2
    assert "'bob' is already in members.toml" in result.stderr
    assert snapshot(hand_written) == before


@pytest.mark.parametrize(
    "handle", ["Bob Smith", "../x", "Bob", "_bob", "bob/../../etc", "b" * 41, "", "élodie"]
)
def test_add_refuses_an_invalid_handle(hand_written: Path, run: Run, handle: str) -> None:
    """A handle outside [a-z0-9._-] (max 40) is refused with exit 2; nothing is written."""
    before = snapshot(hand_written)
    result = run("member", "add", handle)
    assert result.exit_code == 2
    assert f"handle: {handle!r} is not allowed here" in result.stderr
    assert "lowercase letters" in result.stderr
    assert snapshot(hand_written) == before


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--budget", "a lot", "cannot read the duration 'a lot'"),
        ("--budget", "200h", "it must be between 0 and 10080"),
        ("--email", "not-an-address", "--email: 'not-an-address' is not an email address"),
        ("--skill", "Big Data", "--skill: "),
        ("--joined", "last spring", "--joined: cannot read the date 'last spring'"),
    ],
)
def test_add_refuses_bad_values(
    hand_written: Path, run: Run, option: str, value: str, message: str
) -> None:
    """A bad option value is a sentence and exit 2; the file is untouched."""
    before = snapshot(hand_written)
    result = run("member", "add", "dora", option, value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(hand_written) == before


def test_leave_sets_left_and_keeps_the_rest(hand_written: Path, run: Run) -> None:
    """leave --on adds one `left` line to that member's table and changes nothing else."""
    path = hand_written / "members.toml"
    result = run("member", "leave", "bob", "--on", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    assert path.read_text() == HAND_WRITTEN.replace(
        'skills = ["ci"]\n', 'skills = ["ci"]\nleft = 2026-03-01\n'
    )
    assert str(members(hand_written)["bob"]["left"]) == "2026-03-01"
    assert "left" not in members(hand_written)["alice"]


def test_leave_defaults_to_today(ledger: Path, run: Run) -> None:
    """Without --on, the member leaves today."""
    assert run("member", "leave", "carol").exit_code == 0
    assert str(members(ledger)["carol"]["left"]) == "2026-03-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dora",), "no member 'dora'"),
        (("bob", "--on", "2026-01-15"), "before bob joined"),
        (("bob", "--on", "someday"), "--on: cannot read the date"),
    ],
)
def test_leave_refusals(hand_written: Path, run: Run, args: tuple[str, ...], message: str) -> None:
    """Leaving an unknown member, before joining, or on an unreadable day: exit 2, no change."""
    before = snapshot(hand_written)
    result = run("member", "leave", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(hand_written) == before


def test_leave_again_moves_the_day(hand_written: Path, run: Run) -> None:
    """Leaving again with another day replaces the day; with the same day, nothing changes."""
    assert run("member", "leave", "bob", "--on", "2026-03-01").exit_code == 0
    result = run("member", "leave", "bob", "--on", "2026-03-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "bob left on 2026-03-05 (instead of 2026-03-01).\n"
    assert str(members(hand_written)["bob"]["left"]) == "2026-03-05"
    before = snapshot(hand_written)
    result = run("member", "leave", "bob", "--on", "2026-03-05")
    assert result.exit_code == 0
    assert "already left on 2026-03-05; nothing was changed" in result.stdout
    assert snapshot(hand_written) == before


def test_list_as_json(ledger: Path, run: Run) -> None:
    """list --format json gives every member with every field, in handle order."""
    run("member", "leave", "carol", "--on", "2026-03-01")
    result = run("member", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [member["handle"] for member in listed] == ["alice", "bob", "carol"]
    assert listed[0] == {
        "handle": "alice",
        "name": "Alice",
        "emails": ["alice@example.org"],
        "skills": [],
        "budget_minutes_per_week": None,
        "joined": "2026-01-05",
        "left": None,
    }
    assert listed[2]["left"] == "2026-03-01"


def test_list_as_table_and_csv(ledger: Path, run: Run) -> None:
    """The table names every member; the CSV has one row per member."""
    table = run("member", "list")
    assert table.exit_code == 0
    for handle in ("alice", "bob", "carol"):
        assert handle in table.stdout
    rows = list(csv.DictReader(io.StringIO(run("member", "list", "--format", "csv").stdout)))
    assert [row["handle"] for row in rows] == ["alice", "bob", "carol"]


def test_member_add_refuses_a_joining_day_in_the_future(ledger: Path, run: Run) -> None:
    """People are added when they join, not ahead of time."""
    before = snapshot(ledger)
    result = run("member", "add", "zoe", "--joined", "2999-01-01")
    assert result.exit_code == 2
    assert "in the future" in result.stderr
    assert snapshot(ledger) == before


def test_csv_has_machine_values_one_fact_a_column(ledger: Path, run: Run) -> None:
    """The member CSV has lists joined with `;`, the budget in minutes, no formula."""
    changed = run(
        "member",
        "set",
        "alice",
        "--budget",
        "1h30m",
        "--email",
        "alice@example.org",
        "--email",
        "alice@old.example",
        "--skill",
        "python",
        "--skill",
        "sql",
        "--alias",
        "=cmd()",
        "--alias",
        "Alice M.",
    )
    assert changed.exit_code == 0, changed.stderr
    assert run("member", "leave", "carol", "--on", "2026-03-01").exit_code == 0
    result = run("member", "list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == [
        "handle",
        "name",
        "emails",
        "skills",
        "aliases",
        "budget_minutes_per_week",
        "joined",
        "left",
    ]
    rows = {row["handle"]: row for row in reader}
    assert rows["alice"] == {
        "handle": "alice",
        "name": "Alice",
        "emails": "alice@example.org;alice@old.example",
        "skills": "python;sql",
        "aliases": "'=cmd();Alice M.",
        "budget_minutes_per_week": "90",
        "joined": "2026-01-05",
        "left": "",
    }
    assert rows["carol"]["left"] == "2026-03-01"
    assert rows["bob"]["budget_minutes_per_week"] == ""
