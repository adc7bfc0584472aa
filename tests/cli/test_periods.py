"""`--period` on every command that takes --since and --until, as hledger reads periods."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLE, Run

ROOT = ("--root", str(EXAMPLE))
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}
SEPTEMBER = ("--since", "2026-09-01", "--until", "2026-09-30")


@pytest.mark.parametrize(
    "command",
    [
        ("exchanges", "--format", "json"),
        ("balance", "--format", "json"),
        ("report", "--format", "json"),
        ("statement", "theo", "--format", "json"),
        ("graph", "--format", "dot"),
    ],
    ids=lambda command: command[0],
)
def test_a_period_is_a_shorthand_for_since_and_until(run: Run, command: tuple[str, ...]) -> None:
    """`--period 2026-09` prints what `--since 2026-09-01 --until 2026-09-30` prints."""
    shorthand = run(*ROOT, *command, "--period", "2026-09", env=TODAY)
    spelled_out = run(*ROOT, *command, *SEPTEMBER, env=TODAY)
    assert shorthand.exit_code == 0, shorthand.stderr
    assert shorthand.stdout == spelled_out.stdout


@pytest.mark.parametrize("command", ["exchanges", "balance", "report", "graph"])
@pytest.mark.parametrize("other", ["--since", "--until"])
def test_a_period_with_since_or_until_is_a_usage_error(run: Run, command: str, other: str) -> None:
    """--period stands for both ends: combined with either, it exits 2 and says why."""
    result = run(*ROOT, command, "-p", "2026-09", other, "2026-09-15", env=TODAY)
    assert result.exit_code == 2
    assert f"--period cannot be combined with {other}" in result.stderr


def test_a_period_still_running_ends_today(run: Run) -> None:
    """`this year` on 2026-11-27 counts from 2026-01-01 to 2026-11-27."""
    result = run(*ROOT, "balance", "--period", "this year", "--format", "json", env=TODAY)
    document = json.loads(result.stdout)
    assert (document["since"], document["until"]) == ("2026-01-01", "2026-11-27")


def test_last_month_is_the_calendar_month_before_today(run: Run) -> None:
    """`last month` on 2026-11-27 is October, whole."""
    result = run(*ROOT, "balance", "--period", "last month", "--format", "json", env=TODAY)
    document = json.loads(result.stdout)
    assert (document["since"], document["until"]) == ("2026-10-01", "2026-10-31")


def test_the_report_reads_a_period_as_of_its_day(run: Run) -> None:
    """With --as-of, `this month` is the month of that day, up to that day."""
    result = run(
        *ROOT, "report", "--as-of", "2026-10-30", "-p", "this month", "--format", "json", env=TODAY
    )
    document = json.loads(result.stdout)
    assert (document["since"], document["until"]) == ("2026-10-01", "2026-10-30")


@pytest.mark.parametrize(
    ("period", "sentence"),
    [
        ("2027", "--period: the period '2027' starts on 2027-01-01, after today (2026-11-27)"),
        ("next month", "--period: cannot read the period 'next month'"),
    ],
)
def test_a_period_that_cannot_be_is_a_usage_error(run: Run, period: str, sentence: str) -> None:
    """A period wholly to come, or unreadable, exits 2 with a sentence."""
    result = run(*ROOT, "exchanges", "--period", period, env=TODAY)
    assert result.exit_code == 2
    assert sentence in result.stderr


def test_every_command_with_since_documents_period(run: Run) -> None:
    """Each command that takes --since shows --period in its help."""
    for command in ("exchanges", "balance", "report", "statement", "graph"):
        assert "--period" in run(command, "--help").stdout, command
