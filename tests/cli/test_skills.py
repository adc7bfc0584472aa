"""`skills`: who can help with what, spare time this week, and skills nobody has.

The ledger fixture has alice (the git user), bob and carol, none with skills or budgets;
today is 2026-03-10, a Tuesday: the week runs from Monday 2026-03-09 to 2026-03-15.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.conftest import Run


def skills_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("skills", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def ok(run: Run, *args: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def skilled(ledger: Path, run: Run) -> Path:
    """alice: sql and python, budget 2h; bob: css; carol: sql, budget 0."""
    ok(run, "member", "set", "alice", "--skill", "sql", "--skill", "python", "--budget", "2h")
    ok(run, "member", "set", "bob", "--skill", "css")
    ok(run, "member", "set", "carol", "--skill", "sql", "--budget", "0")
    return ledger


def test_skills_lists_helpers_spare_time_and_last_help(skilled: Path, run: Run) -> None:
    """Spare = allowance + standing offers - help given this week; last help per skill."""
    ok(run, "log", "--helped", "bob", "45m", "Indexes", "--tag", "sql", "--date", "2026-03-09")
    ok(run, "log", "--helped", "bob", "30m", "Old SQL", "--tag", "sql", "--date", "2026-03-02")
    ok(run, "offer", "Extra SQL time", "--skill", "sql", "--minutes", "1h", "--as", "carol")
    document = skills_json(run)
    assert document["as_of"] == "2026-03-10"
    assert document["week"] == {"since": "2026-03-09", "until": "2026-03-15"}
    people = {row["handle"]: row for row in document["people"]}
    assert people["alice"] == {
        "handle": "alice",
        "allowance_minutes": 120,
        "own_budget": True,
        "given_minutes": 45,
        "offered_minutes": 0,
        "spare_minutes": 75,
    }
    assert people["bob"]["allowance_minutes"] == 210 and not people["bob"]["own_budget"]
    assert people["carol"]["spare_minutes"] == 60
    sql = next(row for row in document["skills"] if row["skill"] == "sql")
    assert sql["helpers"] == [
        {"handle": "alice", "spare_minutes": 75, "last_helped": "2026-03-09", "offered": False},
        {"handle": "carol", "spare_minutes": 60, "last_helped": None, "offered": False},
    ]
    assert sql["requests"] == [] and sql["uncovered"] is False


def test_help_over_the_allowance_leaves_no_spare_time(skilled: Path, run: Run) -> None:
    """Spare time never goes below zero; help of last week does not count."""
    ok(run, "log", "--helped", "bob", "3h", "Big job", "--date", "2026-03-09")
    ok(run, "log", "--helped", "bob", "3h", "Last week", "--date", "2026-03-08")
    people = {row["handle"]: row for row in skills_json(run)["people"]}
    assert people["alice"]["given_minutes"] == 180
    assert people["alice"]["spare_minutes"] == 0


def test_an_offer_adds_a_skill_and_lapses(skilled: Path, run: Run) -> None:
    """An offer's skills count while it holds; after `until` it adds nothing."""
    ok(run, "offer", "Docker clinic", "--skill", "docker", "--minutes", "1h", "--as", "bob",
       "--until", "2026-03-10")  # fmt: skip
    docker = next(row for row in skills_json(run)["skills"] if row["skill"] == "docker")
    assert docker["helpers"] == [
        {"handle": "bob", "spare_minutes": 270, "last_helped": None, "offered": True}
    ]
    later = run("skills", "--format", "json", env={"AIDLEDGER_TODAY": "2026-03-11"})
    document = json.loads(later.stdout)
    assert "docker" not in {row["skill"] for row in document["skills"]}
    bob = next(row for row in document["people"] if row["handle"] == "bob")
    assert bob["offered_minutes"] == 0


def test_skills_asked_for_that_nobody_has_are_a_risk(skilled: Path, run: Run) -> None:
    """A request still to be met asking for a skill no active member has is shown as a risk."""
    (skilled / "requests" / "r-1.toml").write_text(
        '[[request]]\nid = "r-1"\nopened = 2026-03-02\nby = "bob"\ntitle = "Help"\n'
        'skills = ["kubernetes", "sql"]\n',
        encoding="utf-8",
    )
    (skilled / "requests" / "r-2.toml").write_text(
        '[[request]]\nid = "r-2"\nopened = 2026-03-02\nby = "bob"\ntitle = "Done"\n'
        'skills = ["rust"]\nstatus = "done"\nclosed = 2026-03-03\n',
        encoding="utf-8",
    )
    rows = {row["skill"]: row for row in skills_json(run)["skills"]}
    assert rows["kubernetes"] == {
        "skill": "kubernetes",
        "helpers": [],
        "requests": ["r-1"],
        "uncovered": True,
    }
    assert rows["sql"]["requests"] == ["r-1"] and not rows["sql"]["uncovered"]
    assert "rust" not in rows
    table = run("skills").stdout
    assert "Skills asked for that nobody has (a risk):" in table
    assert "kubernetes: asked in 1 request (r-1), and nobody on the team has it" in table
    markdown = run("skills", "--format", "markdown").stdout
    assert "### Skills asked for that nobody has (a risk)" in markdown


def test_members_who_left_are_not_listed(skilled: Path, run: Run) -> None:
    ok(run, "member", "leave", "carol", "--on", "2026-03-01")
    document = skills_json(run)
    assert [row["handle"] for row in document["people"]] == ["alice", "bob"]
    sql = next(row for row in document["skills"] if row["skill"] == "sql")
    assert [helper["handle"] for helper in sql["helpers"]] == ["alice"]


def test_skills_as_of_a_day(skilled: Path, run: Run) -> None:
    """As of a day, its week counts, and later help and offers are not seen."""
    ok(run, "log", "--helped", "bob", "1h", "Early", "--tag", "sql", "--date", "2026-03-03")
    ok(run, "log", "--helped", "bob", "1h", "Later", "--tag", "sql", "--date", "2026-03-05")
    ok(run, "offer", "Now", "--skill", "go", "--minutes", "1h")
    document = skills_json(run, "--as-of", "2026-03-04")
    assert document["week"] == {"since": "2026-03-02", "until": "2026-03-08"}
    alice = next(row for row in document["people"] if row["handle"] == "alice")
    assert (alice["given_minutes"], alice["offered_minutes"]) == (60, 0)
    sql = next(row for row in document["skills"] if row["skill"] == "sql")
    assert sql["helpers"][0]["last_helped"] == "2026-03-03"
    assert "go" not in {row["skill"] for row in document["skills"]}


def test_skills_formats(skilled: Path, run: Run) -> None:
    """The table and Markdown hold the same rows; a wrong format is named."""
    table = run("skills").stdout
    assert table.startswith("Skills as of 2026-03-10, spare time in the week 2026-03-09 to")
    assert "alice (2h spare, never)" in table
    assert "3h30 (default)" in table
    markdown = run("skills", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert sum(1 for token in tokens if token.type == "table_open") == 2
    wrong = run("skills", "--format", "csv")
    assert (
        wrong.exit_code == 2 and "'csv' is not one of 'table', 'json' or 'markdown'" in wrong.stderr
    )


def test_hostile_member_text_does_not_reach_skills(skilled: Path, run: Run) -> None:
    """Skills and handles are tags and handles; offer text never appears in `skills`."""
    ok(run, "offer", "<!-- ::error:: \x1b[2J", "--skill", "sql")
    for output_format in ("table", "markdown", "json"):
        output = run("skills", "--format", output_format).stdout
        assert "\x1b" not in output and "<!--" not in output and "::error::" not in output


def test_skills_in_a_yaml_ledger(skilled: Path, run: Run) -> None:
    settings = skilled / "aidledger.toml"
    settings.write_text(settings.read_text().replace('storage = "toml"', 'storage = "yaml"'))
    ok(run, "offer", "YAML offer", "--skill", "yaml", "--minutes", "20m")
    ok(run, "log", "--helped", "bob", "20m", "YAML help", "--tag", "yaml")
    rows = {row["skill"]: row for row in skills_json(run)["skills"]}
    assert rows["yaml"]["helpers"][0]["last_helped"] == "2026-03-10"
    assert rows["yaml"]["helpers"][0]["offered"] is True


def test_a_wrapped_risk_line_keeps_its_indent(skilled: Path, run: Run) -> None:
    """On a narrow terminal, a risk's continuation lines are indented like its first line."""
    (skilled / "requests" / "r-1.toml").write_text(
        '[[request]]\nid = "r-1"\nopened = 2026-03-02\nby = "bob"\ntitle = "Help"\n'
        'skills = ["kubernetes"]\n',
        encoding="utf-8",
    )
    result = run("skills", env={"COLUMNS": "50"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    risks = lines[lines.index("Skills asked for that nobody has (a risk):") + 1 :]
    assert len(risks) > 1
    assert all(line.startswith("  ") and line[2] != " " for line in risks)
    assert " ".join(line.strip() for line in risks) == (
        "kubernetes: asked in 1 request (r-1), and nobody on the team has it"
    )


def test_time_spent_helping_is_named_and_explained(skilled: Path, run: Run) -> None:
    """The week's help is `spent helping`, clock time, and a note sets it apart from balance."""
    table = run("skills").stdout
    header = next(line for line in table.splitlines() if "allowance" in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == [
        "member",
        "allowance",
        "spent helping",
        "offered",
        "spare",
    ]
    note = " ".join(table.split("spent helping: ", 1)[1].split())
    assert note.startswith(
        "the time each member spent helping this week (an exchange with two people counts "
        "once), unlike aidledger balance, which counts person-minutes."
    )
    markdown = run("skills", "--format", "markdown").stdout
    assert "| member | allowance | spent helping | offered | spare |" in markdown
