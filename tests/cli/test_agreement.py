"""One figure, one computation: check, report, statement, me and balance agree on the example.

Every command reads the ledger as of the same day through the same function, so the same
person's warnings and figures are the same numbers in every command and format.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

ROOT = ("--root", str(EXAMPLE))
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}
PEOPLE = ("ines", "kim", "lena", "maya", "omar", "sam", "theo")
DAYS = (EXAMPLE_LAST_DAY, "2026-09-15")
FACT_KEYS = ("id", "severity", "members", "value", "threshold", "scope", "facts")


def _json(run: Run, *args: str, env: dict[str, str] = TODAY) -> Any:
    result = run(*ROOT, *args, "--format", "json", env=env)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _facts(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(json.dumps(finding[key]) for key in FACT_KEYS) for finding in findings]


def _about(findings: list[dict[str, Any]], handle: str) -> list[dict[str, Any]]:
    return [
        finding
        for finding in findings
        if handle in finding["members"] and finding["id"] != "insufficient-data"
    ]


@pytest.mark.parametrize("day", DAYS)
def test_report_warnings_are_the_check_warnings_whatever_the_period(run: Run, day: str) -> None:
    """`report` shows exactly `check`'s findings, with or without a period of its own."""
    checked = _json(run, "check", "--as-of", day)["warnings"]
    assert _json(run, "report", "--as-of", day)["warnings"] == checked
    narrowed = _json(run, "report", "--as-of", day, "--since", "2026-09-01")
    assert narrowed["warnings"] == checked


@pytest.mark.parametrize("day", DAYS)
def test_statement_and_me_warnings_are_the_check_warnings_about_the_person(
    run: Run, day: str
) -> None:
    """statement --until D and me on D hold exactly the check's findings that name them."""
    checked = _json(run, "check", "--as-of", day)["warnings"]
    for handle in PEOPLE:
        expected = _about(checked, handle)
        whole = _json(run, "statement", handle, "--until", day)["warnings"]
        assert whole == expected, handle
        period = _json(run, "statement", handle, "--since", "2026-09-01", "--until", day)
        assert period["warnings"] == expected, handle
        if day == EXAMPLE_LAST_DAY:  # `me` speaks of today; the example ends on its last day
            mine = _json(run, "me", "--as", handle, env={"AIDLEDGER_TODAY": day})["warnings"]
            assert _facts(mine) == _facts(expected), handle


def test_figures_agree_between_report_statement_and_balance(run: Run) -> None:
    """Given and received person-minutes and exchanges are one figure in the three commands."""
    period = ("--since", "2026-08-02", "--until", EXAMPLE_LAST_DAY)
    report = {row["handle"]: row for row in _json(run, "report", *period)["members"]}
    balance = {row["handle"]: row for row in _json(run, "balance", *period)["members"]}
    keys = ("given_minutes", "received_minutes", "net_minutes", "given_count", "received_count")
    for handle in PEOPLE:
        statement = _json(run, "statement", handle, *period)
        for key in keys:
            assert statement[key] == report[handle][key] == balance[handle][key], (handle, key)


def test_logged_figures_in_warnings_are_the_statement_over_the_whole_history(run: Run) -> None:
    """The 'as logged' beside a time-weighted figure is the person's statement up to the day."""
    checked = _json(run, "check", "--as-of", EXAMPLE_LAST_DAY)["warnings"]
    balances = [finding for finding in checked if finding["facts"]["kind"] == "balance"]
    assert balances, "the example has balance warnings"
    for finding in balances:
        facts = finding["facts"]
        since = ("--since", facts["since"])
        whole = _json(run, "statement", facts["handle"], *since, "--until", EXAMPLE_LAST_DAY)
        assert facts["logged_given_minutes"] == whole["given_minutes"]
        assert facts["logged_received_minutes"] == whole["received_minutes"]


def test_every_format_words_a_balance_the_same_way(run: Run) -> None:
    """maya's net balance reads `+43h30` in the table, the Markdown and the statement."""
    as_of = ("--as-of", EXAMPLE_LAST_DAY)
    table = run(*ROOT, "report", *as_of, env=TODAY).stdout
    markdown = run(*ROOT, "report", *as_of, "--format", "markdown", env=TODAY).stdout
    statement = run(
        *ROOT, "statement", "maya", "--since", "2026-08-02", "--until", EXAMPLE_LAST_DAY, env=TODAY
    ).stdout
    for page in (table, markdown, statement):
        assert "+43h30" in page
    checked = run(*ROOT, "check", *as_of, env=TODAY).stdout
    assert "hours" not in checked, "durations are written 43h30, never in decimal hours"
