"""One data folder per error message (tests/fixtures/errors/): the exact sentence and exit code."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPOSITORY, Run

CASES_FOLDER = REPOSITORY / "tests" / "fixtures" / "errors"
CASES = sorted(path.name for path in CASES_FOLDER.iterdir() if path.is_dir())
CLOCK = "2026-04-01"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>.+)$")
REQUIRED = {
    "toml-syntax",
    "yaml-syntax",
    "yaml-unsafe-tag",
    "wrong-type",
    "unknown-field",
    "missing-field",
    "unknown-handle",
    "negative-minutes",
    "absurd-minutes",
    "dotdot-id",
    "invalid-handle",
    "duplicate-id",
    "helper-among-helped",
    "future-date",
    "confirmed-by-stranger",
    "unknown-request",
    "bad-mode",
    "bad-useful",
    "members-missing",
    "format-version",
    "charter-unknown-warning",
    "charter-wrong-type",
}


def expected(case: str) -> dict[str, Any]:
    with (CASES_FOLDER / case / "expected.toml").open("rb") as stream:
        return tomllib.load(stream)


@pytest.fixture
def case_copy(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A copy of the case's data folder (without expected.toml), named as the case, as cwd."""
    target: Path = tmp_path / request.param
    shutil.copytree(
        CASES_FOLDER / request.param, target, ignore=shutil.ignore_patterns("expected.toml")
    )
    monkeypatch.chdir(target)
    monkeypatch.setenv("AIDLEDGER_TODAY", CLOCK)
    return target


def test_every_required_case_is_there() -> None:
    """The cases the issue asks for all have a folder and an expected.toml."""
    assert set(CASES) >= REQUIRED
    for case in CASES:
        assert (CASES_FOLDER / case / "expected.toml").is_file(), case
        assert (CASES_FOLDER / case / "expected.toml").read_text().startswith("# "), case


@pytest.mark.parametrize("case_copy", CASES, indirect=True)
def test_check_prints_the_exact_sentence(case_copy: Path, run: Run) -> None:
    """`aidledger check` prints each expected `path:line: message` as a line, and exits 2."""
    want = expected(case_copy.name)
    result = run("check", "--root", str(case_copy))
    assert result.exit_code == want["exit_code"]
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for line in want["stdout"]:
        assert line in lines
    for line in want.get("stderr", []):
        assert line in result.stderr.splitlines()


@pytest.mark.parametrize("case_copy", CASES, indirect=True)
def test_check_json_reports_the_same_problems(case_copy: Path, run: Run) -> None:
    """`check --format json` lists exactly the expected problems, as path, line and message."""
    want = expected(case_copy.name)
    result = run("check", "--root", str(case_copy), "--format", "json")
    assert result.exit_code == want["exit_code"]
    errors = json.loads(result.stdout)["errors"]
    expected_errors = []
    for line in want["stdout"]:
        match = PROBLEM_LINE.match(line)
        if match is None:
            path, _, message = line.partition(": ")
            expected_errors.append({"path": path, "line": None, "message": message})
        else:
            expected_errors.append(
                {"path": match["path"], "line": int(match["line"]), "message": match["message"]}
            )
    assert [{key: error[key] for key in ("path", "line", "message")} for error in errors] == (
        expected_errors
    )


@pytest.mark.parametrize("case_copy", CASES, indirect=True)
def test_reading_commands_refuse_with_the_same_sentence(case_copy: Path, run: Run) -> None:
    """`balance` refuses the folder: exit 2, the same lines on stderr, nothing on stdout."""
    want = expected(case_copy.name)
    result = run("balance", "--root", str(case_copy), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    for line in want["stdout"]:
        assert line in result.stderr.splitlines()
