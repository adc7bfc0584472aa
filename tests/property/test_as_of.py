"""The ledger as of a day is the ledger as it was written by that day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.context import make_context
from aidledger.engine.report import statement, team_report
from aidledger.engine.rules import evaluate
from aidledger.store.load import check_charter_text

from .history import History, days, everything, histories, replay
from .strategies import PROPERTY

CHARTER_PATH = Path(__file__).resolve().parents[2] / "charters" / "default.toml"
CHARTER = check_charter_text(CHARTER_PATH.read_text(encoding="utf-8"), "charter.toml")


@PROPERTY
@given(histories(), days, st.none() | days)
def test_the_full_ledger_as_of_a_day_is_the_ledger_written_by_then(
    history: History, day: date, started: date | None
) -> None:
    """Warnings, report and statements of the full ledger as of D equal those of D's ledger."""
    full = make_context(*everything(history), CHARTER, day, started)
    written = make_context(*replay(history, day), CHARTER, day, started)
    assert full == written
    findings = evaluate(full)
    assert findings == evaluate(written)
    assert team_report("Team", full, findings) == team_report("Team", written, findings)
    for member in full.members:
        assert statement(member, "Team", full, findings) == statement(
            member, "Team", written, findings
        )


@PROPERTY
@given(histories(), days)
def test_a_warning_seen_on_a_day_is_seen_again_when_replayed(history: History, day: date) -> None:
    """`check --as-of D` later gives what a check on D gave: unconfirmed and stale included."""
    members, exchanges, requests = replay(history, day)
    on_the_day = evaluate(make_context(members, exchanges, requests, CHARTER, day))
    later = evaluate(make_context(*everything(history), CHARTER, day))
    assert [(f.id, f.severity, f.members, f.value) for f in later] == [
        (f.id, f.severity, f.members, f.value) for f in on_the_day
    ]
