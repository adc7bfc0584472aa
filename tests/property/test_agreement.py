"""On random ledgers, the JSON of check, report, statement and balance agree figure for figure."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.balance import compute_balances
from aidledger.engine.check import CheckResult
from aidledger.engine.context import make_context
from aidledger.engine.report import statement, team_report
from aidledger.engine.rules import evaluate
from aidledger.engine.window import Window
from aidledger.render.balance import balance_document
from aidledger.render.check import render_json as check_json
from aidledger.render.report import report_document
from aidledger.render.statement import statement_document
from aidledger.store.load import check_charter_text

from .history import START, History, days, everything, histories
from .strategies import PROPERTY

CHARTER_PATH = Path(__file__).resolve().parents[2] / "charters" / "default.toml"
CHARTER = check_charter_text(CHARTER_PATH.read_text(encoding="utf-8"), "charter.toml")
FIGURES = ("given_minutes", "received_minutes", "net_minutes", "given_count", "received_count")


def _about(warnings: list[dict[str, Any]], handle: str) -> list[dict[str, Any]]:
    return [w for w in warnings if handle in w["members"] and w["id"] != "insufficient-data"]


@PROPERTY
@given(histories(), days, st.integers(0, 200))
def test_commands_agree_on_random_ledgers(history: History, day: date, length: int) -> None:
    """Same day, same period: the same warnings and the same figures in every document."""
    context = make_context(*everything(history), CHARTER, day)
    findings = evaluate(context)
    period = Window(max(START, day - timedelta(days=length)), day)
    checked = json.loads(check_json(CheckResult((), findings), day))["warnings"]
    report = report_document(team_report("Team", context, findings, period))
    assert report["warnings"] == checked
    rows = {row["handle"]: row for row in report["members"]}
    balance = balance_document(compute_balances(context.counted(period), context.active), period)
    balances = {row["handle"]: row for row in balance["members"]}
    for member in context.members:
        document = statement_document(statement(member, "Team", context, findings, period))
        assert document["warnings"] == _about(checked, member.handle)
        if member.handle in rows:
            for key in FIGURES:
                assert document[key] == rows[member.handle][key] == balances[member.handle][key]
