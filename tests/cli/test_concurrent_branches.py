"""One record per file: ten branches that log help and move requests at the same time merge
into main with a plain `git merge`, no conflict, and every record is there afterwards."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.helpers import logged_id
from tests.conftest import Run, git

BRANCHES = 10
EXCHANGES_PER_BRANCH = 20
TEAM = ("alice", "bob", "carol")


def _request_id(result_stdout: str) -> str:
    return result_stdout.splitlines()[0].split()[0]


def _base(run: Run) -> tuple[list[str], list[str]]:
    """On main: one open request and one unconfirmed exchange for each branch to work on."""
    requests = []
    for number in range(BRANCHES):
        asked = run("ask", f"Need {number}", "--as", "bob")
        assert asked.exit_code == 0, asked.stderr
        requests.append(_request_id(asked.stdout))
    exchanges = [
        logged_id(run("log", "5m", f"Base {number}", "--helped", "bob"))
        for number in range(BRANCHES)
    ]
    return requests, exchanges


def _work_on_branch(run: Run, number: int, request: str, exchange: str) -> None:
    """What one person's branch does: log twenty exchanges, take and close a request, ask
    a new one, and confirm help received earlier."""
    # Help goes round the team, so that the merged ledger is balanced and `check` passes.
    for index in range(EXCHANGES_PER_BRANCH):
        helper, helped = TEAM[(number + index) % 3], TEAM[(number + index + 1) % 3]
        result = run(
            "log", "5m", f"Branch {number} help {index}", "--helper", helper, "--helped", helped,
            "--mode", "taught" if index % 3 else "pair",
        )  # fmt: skip
        logged_id(result)
    assert run("take", request, "--as", "carol").exit_code == 0
    done = run("done", request, "5m", f"Met need {number}", "--as", "bob")
    assert done.exit_code == 0, done.stderr
    asked = run("ask", f"Branch {number} asks", "--as", "carol")
    assert asked.exit_code == 0, asked.stderr
    confirmed = run("confirm", exchange, "--as", "bob", "--useful", "4")
    assert confirmed.exit_code == 0, confirmed.stderr


def test_ten_branches_merge_without_conflict(ledger: Path, run: Run) -> None:
    """Each branch writes new files and edits only its own request's and exchange's lines."""
    requests, exchanges = _base(run)
    git(ledger, "add", "-A")
    git(ledger, "commit", "-q", "-m", "The team's ledger")
    git(ledger, "branch", "-M", "main")
    for number in range(BRANCHES):
        git(ledger, "checkout", "-q", "-b", f"person-{number}", "main")
        _work_on_branch(run, number, requests[number], exchanges[number])
        git(ledger, "add", "-A")
        git(ledger, "commit", "-q", "-m", f"Help logged on branch {number}")
    git(ledger, "checkout", "-q", "main")
    for number in range(BRANCHES):
        merged = subprocess.run(
            ["git", "merge", "--no-edit", "-q", f"person-{number}"],
            cwd=ledger,
            capture_output=True,
            text=True,
            check=False,
        )
        assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(ledger, "status", "--porcelain") == ""

    listed = run("exchanges", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    logged = json.loads(listed.stdout)
    # Each branch: twenty exchanges, and the help that met its request.
    assert len(logged) == BRANCHES + BRANCHES * (EXCHANGES_PER_BRANCH + 1)
    assert len({item["id"] for item in logged}) == len(logged)
    confirmed = {item["id"] for item in logged if item["confirmed"]}
    assert set(exchanges) <= confirmed

    listed_requests = run("requests", "--format", "json")
    assert listed_requests.exit_code == 0, listed_requests.stderr
    statuses = {item["id"]: item["status"] for item in json.loads(listed_requests.stdout)}
    assert len(statuses) == 2 * BRANCHES
    assert {statuses[request] for request in requests} == {"done"}
    assert sorted(statuses.values()).count("open") == BRANCHES

    checked = run("check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
