"""`aidledger check`: exit 0, 1 or 2 whatever the format; JSON and GitHub annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypedDict

import pytest

from tests.cli.helpers import logged_id
from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

FORMATS = ["text", "json", "github"]
WARNING_KEYS = {"id", "severity", "members", "value", "threshold", "message", "suggestion"}
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice)(?: (?P<properties>[^:]*))?::(?P<text>.*)$"
)


class Annotation(TypedDict):
    """One workflow command of a `--format github` output."""

    level: str
    properties: dict[str, str]
    text: str


class ExpectedError(TypedDict):
    path: str
    line: int
    message: str


GOOD_EXCHANGE = """\
[[exchange]]
id = "{id}"
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 45
topic = "Debugging the CI cache"
mode = "taught"
"""


@pytest.fixture
def healthy(ledger: Path, run: Run) -> Path:
    """Everyone gave and received once this month, and confirmed it: nothing to warn about."""
    for actor, helper, day in [
        ("bob", "alice", "2026-03-02"),
        ("carol", "bob", "2026-03-03"),
        ("alice", "carol", "2026-03-04"),
    ]:
        logged_id(
            run("thanks", helper, "40m", "Review", "--date", day, "--as", actor, "--useful", "4")
        )
    return ledger


def check(run: Run, output_format: str, *args: str) -> tuple[int, str]:
    result = run("check", "--format", output_format, *args)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout


def github_annotations(stdout: str) -> list[Annotation]:
    """The workflow commands of a `--format github` output, with their properties split."""
    found: list[Annotation] = []
    for line in stdout.splitlines():
        match = ANNOTATION.match(line)
        if match is None:
            continue
        properties = dict(
            item.split("=", 1) for item in (match["properties"] or "").split(",") if item
        )
        found.append({"level": match["level"], "properties": properties, "text": match["text"]})
    return found


@pytest.mark.parametrize("output_format", FORMATS)
def test_healthy_ledger_passes(healthy: Path, run: Run, output_format: str) -> None:
    """A valid small ledger with no fail warning exits 0 in every format."""
    code, stdout = check(run, output_format, "--as-of", "2026-03-10")
    assert code == 0, stdout
    if output_format == "json":
        document = json.loads(stdout)
        assert document["ok"] is True
        assert document["errors"] == []
        assert all(warning["severity"] != "fail" for warning in document["warnings"])
    elif output_format == "github":
        assert not [a for a in github_annotations(stdout) if a["level"] == "error"]
    else:
        assert "passed" in stdout


def test_new_empty_ledger_is_valid(git_repo: Path, run: Run) -> None:
    """A fresh ledger with no member yet is valid data (exit 0 or 1, never 2)."""
    assert run("init", "--team", "Testers").exit_code == 0
    result = run("check")
    assert result.exit_code in (0, 1), result.stdout
    assert json.loads(run("check", "--format", "json").stdout)["errors"] == []


@pytest.fixture
def example_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)


@pytest.mark.parametrize("output_format", FORMATS)
def test_example_fails_with_fail_warnings(example_day: None, run: Run, output_format: str) -> None:
    """The example team, as of its last day, exits 1 with `fail` warnings in every format."""
    code, stdout = check(run, output_format, "--root", str(EXAMPLE), "--as-of", EXAMPLE_LAST_DAY)
    assert code == 1, stdout
    if output_format == "json":
        document = json.loads(stdout)
        assert document["ok"] is False
        assert document["errors"] == []
        fails = [warning for warning in document["warnings"] if warning["severity"] == "fail"]
        assert fails
        for warning in document["warnings"]:
            assert set(warning) >= WARNING_KEYS
            assert warning["severity"] in ("info", "warn", "fail")
            assert isinstance(warning["members"], list)
            assert isinstance(warning["message"], str) and warning["message"]
            assert isinstance(warning["suggestion"], str) and warning["suggestion"]
        assert {"one-way-giver", "concentration"} & {warning["id"] for warning in fails}
    elif output_format == "github":
        levels = {annotation["level"] for annotation in github_annotations(stdout)}
        assert "error" in levels
    else:
        assert re.search(r"^fail: ", stdout, re.MULTILINE)


def test_example_verdict_does_not_depend_on_today(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Later clocks do not change the verdict as of the example's last day."""
    monkeypatch.setenv("AIDLEDGER_TODAY", "2027-06-01")
    assert run("check", "--root", str(EXAMPLE), "--as-of", EXAMPLE_LAST_DAY).exit_code == 1


@pytest.fixture
def broken(healthy: Path) -> Path:
    """Two broken files: minutes written as text, and an unknown field."""
    folder = healthy / "exchanges" / "2026" / "02"
    folder.mkdir(parents=True)
    first = GOOD_EXCHANGE.format(id="2026-02-02-alice-bob-aaaaaa").replace(
        "minutes = 45", 'minutes = "45"'
    )
    (folder / "2026-02-02-alice-bob-aaaaaa.toml").write_text(first)
    second = GOOD_EXCHANGE.format(id="2026-02-03-alice-bob-bbbbbb") + "duration = 45\n"
    (folder / "2026-02-03-alice-bob-bbbbbb.toml").write_text(second)
    return healthy


EXPECTED_ERRORS: list[ExpectedError] = [
    {
        "path": "exchanges/2026/02/2026-02-02-alice-bob-aaaaaa.toml",
        "line": 6,
        "message": "minutes: expected a whole number, got the text '45'",
    },
    {
        "path": "exchanges/2026/02/2026-02-03-alice-bob-bbbbbb.toml",
        "line": 9,
        "message": "unknown field 'duration'",
    },
]


@pytest.mark.parametrize("output_format", FORMATS)
def test_invalid_data_exits_2(broken: Path, run: Run, output_format: str) -> None:
    """Invalid data exits 2 in every format."""
    code, stdout = check(run, output_format, "--as-of", "2026-03-10")
    assert code == 2
    assert "2026-02-02-alice-bob-aaaaaa.toml" in stdout


def test_all_problems_at_once_as_text(broken: Path, run: Run) -> None:
    """Both broken files are reported, each as `path:line: message`."""
    code, stdout = check(run, "text", "--as-of", "2026-03-10")
    assert code == 2
    lines = stdout.splitlines()
    for error in EXPECTED_ERRORS:
        assert f"{error['path']}:{error['line']}: {error['message']}" in lines


def test_all_problems_at_once_as_json(broken: Path, run: Run) -> None:
    """The JSON lists both errors with path, line and message, and ok is false."""
    code, stdout = check(run, "json", "--as-of", "2026-03-10")
    assert code == 2
    document = json.loads(stdout)
    assert {"ok", "errors", "warnings"} <= set(document)
    assert document["ok"] is False
    assert [
        {key: error[key] for key in ("path", "line", "message")} for error in document["errors"]
    ] == EXPECTED_ERRORS
    assert document["warnings"] == []


def test_all_problems_at_once_as_github(broken: Path, run: Run) -> None:
    """Each error is a `::error file=...,line=...::message` annotation."""
    code, stdout = check(run, "github", "--as-of", "2026-03-10")
    assert code == 2
    errors = [
        annotation for annotation in github_annotations(stdout) if annotation["level"] == "error"
    ]
    assert [
        (error["properties"]["file"], error["properties"]["line"], error["text"])
        for error in errors
    ] == [(error["path"], str(error["line"]), error["message"]) for error in EXPECTED_ERRORS]


def test_relative_paths_from_a_subfolder(
    broken: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths are relative to the current folder, so editors and CI can open them."""
    monkeypatch.chdir(broken / "exchanges")
    stdout = run("check", "--format", "json", "--as-of", "2026-03-10").stdout
    paths = [error["path"] for error in json.loads(stdout)["errors"]]
    assert paths == [error["path"].removeprefix("exchanges/") for error in EXPECTED_ERRORS]


def unescape(text: str) -> str:
    for escaped, plain in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def test_github_escapes_percent_comma_and_colon(healthy: Path, run: Run) -> None:
    """`%` `,` `:` in a path and `%` in a message are escaped as GitHub requires."""
    folder = healthy / "exchanges" / "2026" / "02"
    folder.mkdir(parents=True)
    text = GOOD_EXCHANGE.format(id="2026-02-02-alice-bob-aaaaaa") + '"100%: done" = true\n'
    (folder / "odd,name:50%.toml").write_text(text)
    code, stdout = check(run, "github", "--as-of", "2026-03-10")
    assert code == 2
    line = next(line for line in stdout.splitlines() if line.startswith("::error"))
    head, _, message = line.partition("::")[2].partition("::")
    assert "file=exchanges/2026/02/odd%2Cname%3A50%25.toml" in head.split(" ", 1)[1].split(",")
    assert "line=9" in head.split(",")
    assert message == "unknown field '100%25: done'"
    assert unescape(message) == "unknown field '100%: done'"
    properties = github_annotations(stdout)[0]["properties"]
    assert isinstance(properties, dict)
    assert unescape(properties["file"]) == "exchanges/2026/02/odd,name:50%.toml"


def test_usage_errors_exit_2(healthy: Path, run: Run) -> None:
    """An unreadable --as-of or an unknown format is exit 2."""
    assert run("check", "--as-of", "someday").exit_code == 2
    assert run("check", "--format", "sarif").exit_code == 2


def test_future_dates_compare_with_today_not_as_of(healthy: Path, run: Run) -> None:
    """--as-of in the past does not make later exchanges invalid; today does."""
    assert run("check", "--as-of", "2026-03-01").exit_code in (0, 1)
    folder = healthy / "exchanges" / "2026" / "03"
    (folder / "2026-03-12-alice-bob-cccccc.toml").write_text(
        GOOD_EXCHANGE.format(id="2026-03-12-alice-bob-cccccc").replace("2026-03-02", "2026-03-12")
    )
    result = run("check", "--as-of", "2026-03-10")
    assert result.exit_code == 2
    assert "the date 2026-03-12 is in the future (today is 2026-03-10)" in result.stdout
