"""The report says "help flows both ways" only when its checks could judge it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run


def test_no_exchange_is_too_little_data(ledger: Path, run: Run) -> None:
    """A new ledger's report says there is too little data, in the table and in Markdown."""
    for chosen in ("table", "markdown"):
        result = run("report", "--format", chosen)
        assert result.exit_code == 0, result.stderr
        assert "help flows both ways" not in result.stdout
        assert "No warning: too little data to judge yet" in result.stdout


def test_some_checks_not_judged_are_counted(ledger: Path, run: Run) -> None:
    """With a little help logged, the page names how many checks could not judge yet."""
    for helper, helped in (("alice", "bob"), ("bob", "carol")):
        logged = run(
            "log", "--helper", helper, "--helped", helped, "1h", "CI", "--date", "2026-03-02"
        )
        assert logged.exit_code == 0, logged.stderr
    document = json.loads(run("report", "--format", "json").stdout)
    assert not [w for w in document["warnings"] if w["severity"] != "info"]
    skipped = sum(1 for warning in document["warnings"] if warning["id"] == "insufficient-data")
    result = run("report")
    assert "help flows both ways" not in result.stdout
    assert f"{skipped} checks could not judge yet" in result.stdout.replace("\n", " ")


def test_summary_figures_are_graded(run: Run) -> None:
    """The example team's Gini reads "0.60, high: a few people give most"."""
    later = {"AIDLEDGER_TODAY": "2026-11-27"}
    result = run("--root", str(EXAMPLE), "report", "--as-of", EXAMPLE_LAST_DAY, env=later)
    assert "0.60, high: a few people give most" in result.stdout
    assert "6 of 7 (86%), good: most members give" in result.stdout
