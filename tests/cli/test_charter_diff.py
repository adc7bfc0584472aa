"""`aidledger charter diff [REV]`: what changed in the charter since a git revision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, git


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(root: Path, old: str, new: str) -> None:
    path = root / "charter.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("charter", "diff", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def names(document: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(item["name"], item["before"], item["after"]) for item in document["differences"]]


@pytest.fixture
def committed(ledger: Path) -> Path:
    commit(ledger, "Start the ledger")
    return ledger


def test_uncommitted_changes_are_compared_with_head(committed: Path, run: Run) -> None:
    """With changes not yet committed, the default revision is HEAD."""
    edit(committed, "window_days = 90", "window_days = 60")
    document = diff_json(run)
    assert document["before"]["revision"] == "HEAD"
    assert names(document) == [("rules.window_days", 90, 60)]
    assert document["before"]["version"] != document["after"]["version"]


def test_without_uncommitted_changes_the_last_commit_that_changed_it_is_shown(
    committed: Path, run: Run
) -> None:
    """The default is the charter before the last commit that changed it."""
    edit(
        committed,
        "[warnings.concentration]\nenabled = true\nwarn = 0.20",
        "[warnings.concentration]\nenabled = true\nwarn = 0.30",
    )
    commit(committed, "Warn about concentration later")
    (committed / "members.toml").write_text(
        (committed / "members.toml").read_text(encoding="utf-8") + "\n# a comment\n",
        encoding="utf-8",
    )
    commit(committed, "Not the charter")
    document = diff_json(run)
    first = git(committed, "rev-parse", "--short", "HEAD~2").strip()
    assert document["before"]["revision"] == first
    assert names(document) == [("warnings.concentration.warn", 0.2, 0.3)]


def test_a_charter_never_changed_since_it_was_added_has_no_difference(
    committed: Path, run: Run
) -> None:
    """A charter added in the only commit that touched it: no change, said in words."""
    result = run("charter", "diff")
    assert result.exit_code == 0, result.stderr
    added = git(committed, "rev-parse", "--short", "HEAD").strip()
    assert f"No change since {added}, where it was added." in result.stdout


def test_a_named_revision_is_compared_with_the_working_copy(committed: Path, run: Run) -> None:
    """`charter diff REV` compares REV's charter with the file as it is now, text included."""
    edit(committed, 'title = "Our mutual-aid charter"', 'title = "Testers\' charter"')
    commit(committed, "Rename")
    edit(
        committed,
        "[rules]\n",
        "[[change]]\nsince = 2026-04-01\nrules.window_days = 30\n\n[rules]\n",
    )
    document = diff_json(run, "HEAD~1")
    assert document["before"]["revision"] == "HEAD~1"
    assert [(item["part"], item["name"], item["since"]) for item in document["differences"]] == [
        ("text", "title", None),
        ("change", "rules.window_days", "2026-04-01"),
    ]


def test_the_table_and_markdown_name_each_difference(committed: Path, run: Run) -> None:
    edit(committed, "window_days = 90", "window_days = 60")
    table = run("charter", "diff", env={"COLUMNS": "100"})
    assert table.exit_code == 0, table.stderr
    assert "The charter from HEAD to the working copy" in table.stdout
    assert "rules.window_days" in table.stdout
    markdown = run("charter", "diff", "--format", "markdown")
    assert "| rules.window\\_days | 90 | 60 |" in markdown.stdout


def test_an_unknown_revision_is_a_sentence(committed: Path, run: Run) -> None:
    result = run("charter", "diff", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 'no-such-branch' names no commit of this repository")


def test_an_option_is_not_taken_for_a_revision(committed: Path, run: Run) -> None:
    """A revision starting with `-` is never handed to git as an option."""
    result = run("charter", "diff", "--", "--output=/tmp/x")
    assert result.exit_code == 2
    assert "names no commit" in result.stderr


def test_a_revision_without_the_charter_is_a_sentence(committed: Path, run: Run) -> None:
    (committed / "notes.txt").write_text("x", encoding="utf-8")
    commit(committed, "Notes")
    branch = git(committed, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(committed, "checkout", "-q", "--orphan", "empty")
    git(committed, "rm", "-q", "-r", "--cached", ".")
    git(committed, "commit", "-q", "--allow-empty", "-m", "Nothing")
    git(committed, "checkout", "-q", "-f", branch)
    result = run("charter", "diff", "empty")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: empty holds no charter.toml in this folder")


def test_outside_git_it_is_a_sentence(ledger_outside_git: Path, run: Run) -> None:
    result = run("charter", "diff")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_before_the_first_commit_it_is_a_sentence(ledger: Path, run: Run) -> None:
    result = run("charter", "diff")
    assert result.exit_code == 2
    assert "no commit yet" in result.stderr


def test_an_invalid_charter_at_the_revision_is_reported_with_its_place(
    committed: Path, run: Run
) -> None:
    edit(committed, "window_days = 90", 'window_days = "ninety"')
    commit(committed, "Break it")
    edit(committed, 'window_days = "ninety"', "window_days = 90")
    result = run("charter", "diff", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("HEAD:charter.toml:")
    assert "rules.window_days" in result.stderr


def test_a_ledger_in_a_subfolder_reads_its_own_charter(git_repo: Path, run: Run) -> None:
    """The data folder may be `aid/` in a code repository: `git show REV:./charter.toml`."""
    assert run("init", "aid", "--team", "T").exit_code == 0
    commit(git_repo, "Add the ledger")
    edit(git_repo / "aid", "window_days = 90", "window_days = 45")
    document = diff_json(run, "--root", "aid")
    assert names(document) == [("rules.window_days", 90, 45)]
