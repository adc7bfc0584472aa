"""The check verdict is a function of the ledger's content, not of the order of its records."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.context import make_context
from aidledger.engine.rules import evaluate
from aidledger.model.records import Exchange, Member, Request
from aidledger.store.load import check_charter_text

from .strategies import PROPERTY, TODAY, exchange_lists, requests, teams

CHARTER_PATH = Path(__file__).resolve().parents[2] / "charters" / "default.toml"
CHARTER = check_charter_text(CHARTER_PATH.read_text(encoding="utf-8"), "charter.toml")

# Half a year of help, so the 28-, 30- and 90-day windows and decay all see some of it.
recent_days = st.dates(min_value=TODAY - timedelta(days=180), max_value=TODAY)


@PROPERTY
@given(
    teams(),
    exchange_lists(dates=recent_days, min_size=6, max_size=40),
    st.lists(requests(), max_size=3),
    st.data(),
)
def test_findings_do_not_depend_on_exchange_order(
    members: tuple[Member, ...],
    exchanges: list[Exchange],
    open_requests: list[Request],
    data: st.DataObject,
) -> None:
    """Shuffling the exchanges gives the very same findings: ids, severities, values, words."""
    shuffled = data.draw(st.permutations(exchanges), label="shuffled exchanges")
    as_of = data.draw(st.dates(min_value=TODAY - timedelta(days=30), max_value=TODAY))
    before = evaluate(make_context(members, exchanges, open_requests, CHARTER, as_of))
    after = evaluate(make_context(members, shuffled, open_requests, CHARTER, as_of))
    assert after == before
