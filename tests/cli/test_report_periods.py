"""How `report` reads --as-of, --since and --until, and refuses periods that cannot be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

ROOT = ("--root", str(EXAMPLE))
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}


def test_report_period_defaults_to_the_charter_window(run: Run) -> None:
    """Without --since and --until, the report covers the 90 days ending on --as-of."""
    result = run(*ROOT, "report", "--as-of", EXAMPLE_LAST_DAY, "--format", "json", env=TODAY)
    document = json.loads(result.stdout)
    assert (document["since"], document["until"]) == ("2026-08-02", EXAMPLE_LAST_DAY)


def test_report_until_alone_sets_the_day_of_the_report(run: Run) -> None:
    """With --until only, the report is made as of that day over the whole history."""
    result = run(*ROOT, "report", "--until", EXAMPLE_LAST_DAY, "--format", "json", env=TODAY)
    document = json.loads(result.stdout)
    assert (document["as_of"], document["since"]) == (EXAMPLE_LAST_DAY, None)


@pytest.mark.parametrize(
    ("arguments", "sentence"),
    [
        (("--as-of", "2026-09-01", "--until", "2026-10-15"), "--until 2026-10-15 is after"),
        (("--as-of", EXAMPLE_LAST_DAY, "--since", "2026-11-01"), "--since 2026-11-01 is after"),
        (("--as-of", "2026-11-28"), "--as-of 2026-11-28 is in the future (today is 2026-11-27)"),
        (("--until", "2026-11-28"), "--until 2026-11-28 is in the future"),
        (("--since", "2026-10-01", "--until", "2026-09-01"), "is after --until"),
    ],
)
def test_report_refuses_a_period_that_cannot_be(
    run: Run, arguments: tuple[str, ...], sentence: str
) -> None:
    """A period that ends after the report's day, or starts after it ends, is a usage error."""
    result = run(*ROOT, "report", *arguments, env=TODAY)
    assert result.exit_code == 2
    assert sentence in result.stderr


def test_a_step_summary_that_cannot_be_written_keeps_the_verdict(run: Run, tmp_path: Path) -> None:
    """Under GitHub Actions, a failed summary write warns but check still exits 1."""
    env = {
        **TODAY,
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "missing" / "summary.md"),
    }
    result = run(*ROOT, "check", "--as-of", EXAMPLE_LAST_DAY, env=env)
    assert result.exit_code == 1
    assert "warning: no step summary" in result.stderr
    assert result.stdout.startswith("::error title=aidledger ")


def test_a_step_summary_is_written_under_github_actions(run: Run, tmp_path: Path) -> None:
    """Under GitHub Actions, check appends a Markdown summary of its verdict."""
    summary = tmp_path / "summary.md"
    env = {**TODAY, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run(*ROOT, "check", "--as-of", EXAMPLE_LAST_DAY, env=env)
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### aidledger check, as of 2026-10-30")
    assert "| fail | `one-way-giver` | maya |" in text
