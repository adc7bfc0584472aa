"""`check --format gitlab`: a code-quality report GitLab shows in merge requests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from aidledger.render.gitlab import fingerprints
from tests.cli.test_check import EXPECTED_ERRORS, broken, healthy  # noqa: F401
from tests.cli.test_hostile_text import CRAFTED, TITLE, fill_ledger, hostile_text
from tests.conftest import EXAMPLE_LAST_DAY, Run

CHECK = ("check", "--as-of", EXAMPLE_LAST_DAY, "--format", "gitlab")
LATER = {"AIDLEDGER_TODAY": "2026-11-27"}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
ISSUE_KEYS = {"description", "check_name", "fingerprint", "severity", "location"}


def code_quality_problems(document: Any) -> list[str]:
    """How a document differs from GitLab's code-quality report (a subset of Code Climate)."""
    if not isinstance(document, list):
        return ["the report is not a JSON list"]
    problems = []
    for index, issue in enumerate(document):
        where = f"[{index}]"
        if not isinstance(issue, dict) or set(issue) != ISSUE_KEYS:
            problems.append(f"{where}: keys {sorted(issue) if isinstance(issue, dict) else issue}")
            continue
        for key in ("description", "check_name", "fingerprint"):
            if not isinstance(issue[key], str) or not issue[key]:
                problems.append(f"{where}.{key}: not a non-empty string")
        if issue["severity"] not in SEVERITIES:
            problems.append(f"{where}.severity: {issue['severity']!r}")
        location = issue["location"]
        if not isinstance(location.get("path"), str) or not location["path"]:
            problems.append(f"{where}.location.path: missing")
        elif location["path"].startswith("/"):
            problems.append(f"{where}.location.path: absolute, GitLab wants it relative")
        begin = location.get("lines", {}).get("begin")
        if not isinstance(begin, int) or isinstance(begin, bool) or begin < 1:
            problems.append(f"{where}.location.lines.begin: {begin!r}")
    fingerprints = [issue.get("fingerprint") for issue in document if isinstance(issue, dict)]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("two issues share a fingerprint")
    return problems


def report(run: Run, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[Any]]:
    result = run(*args, env=env)
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert code_quality_problems(document) == [], result.stdout
    assert isinstance(document, list)
    return result.exit_code, document


@pytest.fixture
def riverside(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example team in `team/` under the current folder, as a repository would hold it."""
    monkeypatch.chdir(example_copy.parent)
    return example_copy


def test_example_warnings_point_at_the_charter(riverside: Path, run: Run) -> None:
    """Each judged warning is an issue on line 1 of the charter, at the charter's severity."""
    code, issues = report(run, "--root", riverside.name, *CHECK, env=LATER)
    assert code == 1
    document = json.loads(run("--root", riverside.name, *CHECK[:-1], "json", env=LATER).stdout)
    judged = [w for w in document["warnings"] if w["id"] != "insufficient-data"]
    assert len(issues) == len(judged) > 0
    severity = {"fail": "major", "warn": "minor", "info": "info"}
    for issue, warning in zip(issues, judged, strict=True):
        assert issue["check_name"] == f"aidledger/{warning['id']}"
        assert issue["severity"] == severity[warning["severity"]]
        assert issue["description"] == f"{warning['message']} Suggestion: {warning['suggestion']}"
        assert issue["location"] == {"path": "riverside/charter.toml", "lines": {"begin": 1}}


def test_the_verdict_goes_to_standard_error(riverside: Path, run: Run) -> None:
    """Standard output is only the report, to be saved as a file; the job log gets the verdict."""
    result = run("--root", riverside.name, *CHECK, env=LATER)
    assert result.stdout.startswith("[")
    assert result.stderr.splitlines()[-1].startswith("check: failed, 7 fail and 3 warn (exit 1)")


def test_fingerprints_are_stable(riverside: Path, run: Run) -> None:
    """Two runs give the same fingerprints: GitLab matches issues across pipelines by them."""
    first = report(run, "--root", riverside.name, *CHECK, env=LATER)[1]
    (riverside / ".aidledger").mkdir(exist_ok=True)
    again = report(run, "--root", riverside.name, *CHECK, "--no-cache", env=LATER)[1]
    assert [issue["fingerprint"] for issue in first] == [issue["fingerprint"] for issue in again]
    assert all(re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"]) for issue in first)


def test_fingerprints_are_unique_for_repeated_keys() -> None:
    """The same warning id, members and file twice still gives two fingerprints, each stable."""
    keys = [("repeat-help", "charter.toml", "bob"), ("repeat-help", "charter.toml", "bob")]
    first, second = fingerprints(keys)
    assert first != second
    assert fingerprints(keys) == [first, second]
    assert fingerprints([("repeat-help", "charter.toml", "carol")])[0] != first


def test_data_problems_point_at_their_line(broken: Path, run: Run) -> None:  # noqa: F811
    """Invalid data exits 2, each problem an issue on its file and line, ranked critical."""
    code, issues = report(run, "check", "--as-of", "2026-03-10", "--format", "gitlab")
    assert code == 2
    assert [
        (issue["location"]["path"], issue["location"]["lines"]["begin"], issue["description"])
        for issue in issues
    ] == [(error["path"], error["line"], error["message"]) for error in EXPECTED_ERRORS]
    assert {issue["severity"] for issue in issues} == {"critical"}
    assert {issue["check_name"] for issue in issues} == {"aidledger/invalid-data"}


def test_a_healthy_ledger_is_an_empty_report(healthy: Path, run: Run) -> None:  # noqa: F811
    """No data problem and no judged warning: an empty list, which GitLab reads as no issue."""
    code, issues = report(run, "check", "--as-of", "2026-03-10", "--format", "gitlab")
    assert code == 0
    assert [issue for issue in issues if issue["severity"] != "info"] == []


def test_hostile_text_round_trips(ledger: Path, run: Run) -> None:
    """Field text in a description comes back exactly from the JSON, and the report is inert."""
    fill_ledger(ledger, run, hostile_text)
    result = run("check", "--format", "gitlab", env={"GITHUB_ACTIONS": "true"})
    issues = json.loads(result.stdout)
    assert code_quality_problems(issues) == []
    descriptions = " ".join(issue["description"] for issue in issues)
    assert TITLE in descriptions
    assert not re.search(
        r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", result.stdout.replace("\n", "")
    )
    assert "##[" not in result.stdout


def test_a_crafted_file_name_round_trips(ledger: Path, run: Run) -> None:
    """A file name with breaks and `::` is the exact path of its issue, on one JSON line."""
    month = ledger / "exchanges" / "2026" / "03"
    month.mkdir(parents=True, exist_ok=True)
    (month / CRAFTED).write_text('[[exchange]]\nid = "x"\n')
    code, issues = report(run, "check", "--format", "gitlab")
    assert code == 2
    assert {issue["location"]["path"] for issue in issues} == {f"exchanges/2026/03/{CRAFTED}"}
    stdout = run("check", "--format", "gitlab").stdout
    assert not any(line.lstrip().startswith("::") for line in stdout.splitlines())
