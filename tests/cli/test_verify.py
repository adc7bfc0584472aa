"""`aidledger verify` in real git repositories: who committed each confirmation, and what
changed after it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import logged_id
from tests.conftest import Run, git

ALICE = "alice@example.org"
BOB = "bob@example.org"


def commit(repo: Path, message: str, email: str = ALICE) -> None:
    """Commit everything as the person with `email`."""
    git(repo, "add", "-A")
    git(repo, "-c", f"user.email={email}", "commit", "-q", "-m", message)


def at_keyboard(repo: Path, email: str) -> None:
    """The person whose git email the commands see from now on."""
    git(repo, "config", "user.email", email)


def findings(run: Run) -> tuple[int, dict[str, Any]]:
    result = run("verify", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def reasons(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["member"], item["reason"]) for item in document["findings"]]


def exchange_file(repo: Path, exchange_id: str) -> Path:
    return repo / "exchanges" / exchange_id[:4] / exchange_id[5:7] / f"{exchange_id}.toml"


@pytest.fixture
def confirmed(ledger: Path, run: Run) -> str:
    """alice logs help she gave bob and commits; bob confirms it at his keyboard and commits."""
    exchange_id = logged_id(run("log", "30m", "CI cache", "--helped", "bob"))
    commit(ledger, "Help for bob")
    at_keyboard(ledger, BOB)
    assert run("confirm", exchange_id, "--useful", "4").exit_code == 0
    commit(ledger, "Confirm", BOB)
    at_keyboard(ledger, ALICE)
    return exchange_id


def test_a_confirmation_committed_by_the_member_is_vouched_for(
    ledger: Path, run: Run, confirmed: str
) -> None:
    """bob's own commit of bob's confirmation: vouched for, exit 0."""
    code, document = findings(run)
    assert code == 0
    assert (document["confirmations"], document["vouched"], document["commits"]) == (1, 1, 2)
    (finding,) = document["findings"]
    assert finding["exchange"] == confirmed
    assert (finding["verdict"], finding["email"]) == ("vouched", BOB)
    table = run("verify")
    assert table.exit_code == 0
    assert table.stdout == (
        "Checked 1 confirmation against 2 commits: 1 vouched for, 0 contradicted,"
        " 0 not vouched for.\n"
    )


def test_a_confirmation_written_and_committed_by_the_helper_is_contradicted(
    ledger: Path, run: Run
) -> None:
    """alice writing bob's confirmation into the file herself is caught, exit 1."""
    exchange_id = logged_id(run("log", "30m", "CI cache", "--helped", "bob"))
    path = exchange_file(ledger, exchange_id)
    path.write_text(
        path.read_text("utf-8") + '\n[exchange.confirmation]\nby = "bob"\non = 2026-03-10\n',
        encoding="utf-8",
    )
    commit(ledger, "Help for bob, confirmed")
    code, document = findings(run)
    assert code == 1
    assert reasons(document) == [("bob", "committed-by-someone-else")]
    table = run("verify")
    assert table.exit_code == 1
    short = git(ledger, "rev-parse", "--short", "HEAD").strip()
    assert table.stdout.splitlines()[2:] == [
        "Contradicted by the history (1):",
        f"  {exchange_id} (bob): confirmed in commit {short} by alice@example.org,"
        " which is not one of bob's emails",
    ]


def test_minutes_changed_after_confirmation_are_caught(
    ledger: Path, run: Run, confirmed: str
) -> None:
    """A later commit raising the minutes contradicts bob's confirmation of thirty."""
    path = exchange_file(ledger, confirmed)
    path.write_text(path.read_text("utf-8").replace("minutes = 30", "minutes = 90"), "utf-8")
    commit(ledger, "More minutes")
    code, document = findings(run)
    assert code == 1
    (finding,) = document["findings"]
    assert finding["reason"] == "changed-after-confirmation"
    assert finding["commit"] == git(ledger, "rev-parse", "HEAD").strip()
    assert finding["changes"] == [{"field": "minutes", "confirmed": 30, "now": 90}]


def test_an_uncommitted_change_to_a_confirmed_field_is_caught_too(
    ledger: Path, run: Run, confirmed: str
) -> None:
    """The working tree is read as well: the change has no commit, but it contradicts."""
    path = exchange_file(ledger, confirmed)
    path.write_text(
        path.read_text("utf-8").replace("2026-03-10\nhelper", "2026-03-09\nhelper"), "utf-8"
    )
    code, document = findings(run)
    assert code == 1
    (finding,) = document["findings"]
    assert (finding["reason"], finding["commit"]) == ("changed-after-confirmation", None)
    assert "in the working tree, not committed" in run("verify").stdout


def test_what_is_not_committed_or_not_in_git_is_listed(ledger: Path, run: Run) -> None:
    """Thanks not committed yet, and a file git does not track, cannot be vouched for."""
    at_keyboard(ledger, BOB)
    logged_id(run("thanks", "alice", "20m", "Review"))
    git(ledger, "add", "-A")
    logged_id(run("thanks", "alice", "25m", "Docs"))
    code, document = findings(run)
    assert code == 0
    assert sorted(reasons(document)) == [("bob", "uncommitted"), ("bob", "untracked")]
    table = run("verify").stdout
    assert "the confirmation is not committed yet" in table
    assert "its file is not in git" in table


def test_confirming_as_someone_else_is_listed_not_contradicted(ledger: Path, run: Run) -> None:
    """`confirm --as bob` at alice's keyboard records her email: verify says so, exit 0."""
    exchange_id = logged_id(run("log", "30m", "CI", "--helped", "bob"))
    assert run("confirm", exchange_id, "--as", "bob").exit_code == 0
    commit(ledger, "Help, confirmed for bob")
    code, document = findings(run)
    assert code == 0
    assert reasons(document) == [("bob", "acted-as")]
    assert "confirmed by alice@example.org acting as bob" in run("verify").stdout


def test_thanks_as_someone_else_is_listed_not_contradicted(ledger: Path, run: Run) -> None:
    """`thanks --as bob` at alice's keyboard records her email as `logged_email`."""
    logged_id(run("thanks", "alice", "20m", "Review", "--as", "bob"))
    commit(ledger, "Thanks, for bob")
    code, document = findings(run)
    assert code == 0
    assert reasons(document) == [("bob", "acted-as")]


def test_a_member_without_email_cannot_be_vouched_for(ledger: Path, run: Run) -> None:
    """carol has no email in members.toml: nothing to compare the commit with."""
    exchange_id = logged_id(run("log", "30m", "CI", "--helped", "carol"))
    commit(ledger, "Help for carol")
    at_keyboard(ledger, "carol@example.org")
    assert run("confirm", exchange_id, "--as", "carol").exit_code == 0
    commit(ledger, "Confirm", "carol@example.org")
    _, document = findings(run)
    # carol's git email is no member's: the file records it, as for any --as.
    assert reasons(document) == [("carol", "acted-as")]


def test_packing_keeps_every_confirmation_vouched_for(
    ledger: Path, run: Run, confirmed: str
) -> None:
    """A record moved into the pack by alice is unchanged: bob's commit still vouches."""
    assert run("pack", "2026").exit_code == 0
    commit(ledger, "Pack 2026")
    code, document = findings(run)
    assert code == 0
    assert reasons(document) == [("bob", "committed-by-member")]


def test_branches_merged_are_read_commit_by_commit(ledger: Path, run: Run, confirmed: str) -> None:
    """bob confirms on main; a branch that retitles stays vouched, one that changes the
    helped people is caught after the merge."""
    git(ledger, "branch", "-M", "main")
    path = exchange_file(ledger, confirmed)
    git(ledger, "checkout", "-q", "-b", "retitle")
    path.write_text(path.read_text("utf-8").replace("CI cache", "The CI cache"), "utf-8")
    commit(ledger, "Retitle")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--no-edit", "retitle")
    assert findings(run) == (0, findings(run)[1])
    git(ledger, "checkout", "-q", "-b", "regroup")
    text = path.read_text("utf-8").replace('    "bob",\n', '    "bob",\n    "carol",\n')
    path.write_text(text, "utf-8")
    commit(ledger, "Carol was there too")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--no-edit", "regroup")
    code, document = findings(run)
    assert code == 1
    (finding,) = document["findings"]
    assert finding["changes"] == [
        {"field": "helped", "confirmed": ["bob"], "now": ["bob", "carol"]}
    ]


def test_a_hostile_author_email_is_shown_inert(ledger: Path, run: Run) -> None:
    """An author email with terminal escapes reaches the table without them."""
    exchange_id = logged_id(run("log", "30m", "CI", "--helped", "bob"))
    path = exchange_file(ledger, exchange_id)
    path.write_text(
        path.read_text("utf-8") + '\n[exchange.confirmation]\nby = "bob"\non = 2026-03-10\n',
        encoding="utf-8",
    )
    git(ledger, "add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "-m", "x"],
        cwd=ledger,
        check=True,
        env={**_environment(), "GIT_AUTHOR_EMAIL": "\x1b[2Jevil\u202e@example.org"},
    )
    result = run("verify")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "by [2Jevil@example.org," in result.stdout


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_verify_needs_a_git_repository(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git there is no history to read: a sentence and exit 2."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "--team", "T").exit_code == 0
    result = run("verify")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
