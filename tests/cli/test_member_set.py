"""`aidledger member set`: change one member's fields, keeping every other byte of the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests.cli.helpers import snapshot
from tests.conftest import Run


def member(root: Path, handle: str) -> dict[str, Any]:
    tables = tomllib.loads((root / "members.toml").read_text(encoding="utf-8"))["member"]
    found: dict[str, Any] = next(table for table in tables if table["handle"] == handle)
    return found


def test_set_changes_the_fields_given(ledger: Path, run: Run) -> None:
    """--name, --email, --skill and --budget replace those fields of the member."""
    result = run(
        "member", "set", "bob", "--name", "Bob Stone", "--email", "bob@work.example",
        "--skill", "SQL", "--skill", "ci", "--budget", "1h30",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Changed name, emails, skills, budget of bob.\n"
    bob = member(ledger, "bob")
    assert bob["name"] == "Bob Stone"
    assert bob["emails"] == ["bob@work.example"]
    assert bob["skills"] == ["sql", "ci"]
    assert bob["budget_minutes_per_week"] == 90


def test_set_keeps_comments_and_other_members(ledger: Path, run: Run) -> None:
    """Only the member's changed lines differ; comments and other tables stay byte for byte."""
    path = ledger / "members.toml"
    text = path.read_text(encoding="utf-8").replace(
        'handle = "carol"', 'handle = "carol"  # joined from ops'
    )
    path.write_text("# kept\n" + text, encoding="utf-8")
    assert run("member", "set", "alice", "--name", "Alice Martin").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after == "# kept\n" + text.replace('name = "Alice"', 'name = "Alice Martin"')


def test_no_budget_removes_the_budget(ledger: Path, run: Run) -> None:
    """--no-budget removes budget_minutes_per_week."""
    assert run("member", "set", "carol", "--budget", "2h").exit_code == 0
    assert run("member", "set", "carol", "--no-budget").exit_code == 0
    assert "budget_minutes_per_week" not in member(ledger, "carol")


def test_set_refuses_another_members_email(ledger: Path, run: Run) -> None:
    """An email already used by another member is refused, as by `member add`."""
    before = snapshot(ledger)
    result = run("member", "set", "bob", "--email", "ALICE@example.org")
    assert result.exit_code == 2
    assert "already alice's email" in result.stderr
    assert snapshot(ledger) == before


def test_set_needs_an_option(ledger: Path, run: Run) -> None:
    """Without any option there is nothing to change: a usage error."""
    result = run("member", "set", "bob")
    assert result.exit_code == 2
    assert "nothing to change" in result.stderr


def test_set_refuses_budget_with_no_budget(ledger: Path, run: Run) -> None:
    """--budget and --no-budget together are a usage error."""
    result = run("member", "set", "bob", "--budget", "1h", "--no-budget")
    assert result.exit_code == 2
    assert "cannot be given together" in result.stderr


def test_set_an_unknown_member(ledger: Path, run: Run) -> None:
    """An unknown handle is named, exit 2."""
    result = run("member", "set", "zed", "--name", "Zed")
    assert result.exit_code == 2
    assert "no member 'zed'" in result.stderr


def test_aliases_are_set_and_added_with_members(ledger: Path, run: Run) -> None:
    """--alias gives the names and emails `import git` maps to a member, on `set` and `add`,
    each list given replacing the old one."""
    result = run("member", "set", "bob", "--alias", "Bob S. <bob@old.example>", "--alias", "Bobby")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Changed aliases of bob.\n"
    assert member(ledger, "bob")["aliases"] == ["Bob S. <bob@old.example>", "Bobby"]
    added = run(
        "member", "add", "dave", "--alias", "Dave Old <d@old.example>", "--joined", "2026-01-05"
    )
    assert added.exit_code == 0, added.stderr
    assert member(ledger, "dave")["aliases"] == ["Dave Old <d@old.example>"]
    assert run("check").exit_code == 0


def test_a_list_written_one_item_a_line_stays_so(ledger: Path, run: Run) -> None:
    """Changing skills written one a line keeps that layout: the diff is the item changed."""
    path = ledger / "members.toml"
    added = run(
        "member", "add", "dora", "--skill", "go", "--skill", "rust", "--joined", "2026-01-05"
    )
    assert added.exit_code == 0, added.stderr
    before = path.read_text(encoding="utf-8")
    assert 'skills = [\n    "go",\n    "rust",\n]' in before
    assert run("member", "set", "dora", "--skill", "go", "--skill", "zig").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('    "rust",\n', '    "zig",\n')
