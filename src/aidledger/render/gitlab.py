"""The verdict of `aidledger check` as a GitLab code-quality report (Code Climate JSON)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from aidledger.engine.check import CheckResult
from aidledger.engine.findings import Finding, Severity
from aidledger.errors import Problem
from aidledger.i18n import _
from aidledger.render.findings import words
from aidledger.render.json_text import json_text

# GitLab knows info, minor, major, critical and blocker. Invalid data stops every report,
# so it ranks above a `fail` warning, which stops the build only because the charter says so.
SEVERITY: dict[Severity, str] = {"info": "info", "warn": "minor", "fail": "major"}
PROBLEM_SEVERITY = "critical"
PROBLEM_CHECK = "invalid-data"


def fingerprints(keys: Iterable[tuple[str, ...]]) -> list[str]:
    """One stable digest per key; a key seen again gets its count, so each is unique."""
    seen: Counter[tuple[str, ...]] = Counter()
    digests = []
    for key in keys:
        seen[key] += 1
        parts = json.dumps([*key, seen[key]], ensure_ascii=False)
        digests.append(hashlib.sha256(parts.encode()).hexdigest())
    return digests


def _issue(
    description: str, check: str, fingerprint: str, severity: str, path: str, line: int
) -> dict[str, Any]:
    return {
        "description": description,
        "check_name": f"aidledger/{check}",
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }


def _problem_issues(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    # The line is left out of the fingerprint: a record moving down its file is the same
    # problem, not one fixed and another one found.
    keys = [(PROBLEM_CHECK, problem.location.path, problem.message) for problem in problems]
    return [
        _issue(
            problem.message,
            PROBLEM_CHECK,
            fingerprint,
            PROBLEM_SEVERITY,
            problem.location.path,
            problem.location.line or 1,
        )
        for problem, fingerprint in zip(problems, fingerprints(keys), strict=True)
    ]


def _finding_issues(findings: list[Finding], team_file: str) -> list[dict[str, Any]]:
    keys = [(finding.id, team_file, *finding.members) for finding in findings]
    issues = []
    for finding, fingerprint in zip(findings, fingerprints(keys), strict=True):
        message, step = words(finding)
        # Translators: a warning's sentence, then what to do about it.
        description = _("{message} Suggestion: {step}").format(message=message, step=step)
        severity = SEVERITY[finding.severity]
        issues.append(_issue(description, finding.id, fingerprint, severity, team_file, 1))
    return issues


def render_gitlab(result: CheckResult, team_file: str) -> str:
    """Every problem in the data and every judged warning, as a JSON list of GitLab issues.

    A problem points at its file and line; a warning is about the team, not a line of a
    file, so it points at line 1 of `team_file`, the charter that sets its level. The notes
    of checks that could not judge yet are left out: they ask for no change in a merge request.
    """
    judged = [finding for finding in result.warnings if finding.judged]
    return json_text([*_problem_issues(result.errors), *_finding_issues(judged, team_file)])
