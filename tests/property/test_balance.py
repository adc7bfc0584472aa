"""Invariants of the balances: given equals received in total, whatever the order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.balance import compute_balances
from aidledger.engine.metrics import decay_weight, decay_weights
from aidledger.model.records import Exchange, Member

from .strategies import PROPERTY, TEAM, TODAY, exchange_lists, teams


@PROPERTY
@given(exchange_lists())
def test_total_given_minutes_equal_total_received_minutes(exchanges: list[Exchange]) -> None:
    """Summed over the team, minutes given equal minutes received, and the team total."""
    balances = compute_balances(exchanges)
    given_minutes = sum(member.given_minutes for member in balances.members)
    received_minutes = sum(member.received_minutes for member in balances.members)
    assert given_minutes == received_minutes == balances.total_minutes


@PROPERTY
@given(exchange_lists())
def test_exchanges_are_counted_as_records(exchanges: list[Exchange]) -> None:
    """Summed over the team, exchanges given are the records; exchanges received, the helped."""
    balances = compute_balances(exchanges)
    assert sum(member.given_count for member in balances.members) == len(exchanges)
    received_count = sum(member.received_count for member in balances.members)
    assert received_count == sum(len(exchange.helped) for exchange in exchanges)


@PROPERTY
@given(exchange_lists(), st.data())
def test_decayed_totals_still_balance(exchanges: list[Exchange], data: st.DataObject) -> None:
    """With decay weights, minutes given and received still agree in total (to rounding)."""
    half_life = data.draw(st.integers(1, 3650), label="half_life_days")
    weights = decay_weights(exchanges, TODAY, half_life)
    balances = compute_balances(exchanges, weights=weights)
    given_minutes = sum(member.given_minutes for member in balances.members)
    received_minutes = sum(member.received_minutes for member in balances.members)
    assert given_minutes == pytest.approx(received_minutes)
    assert given_minutes == pytest.approx(balances.total_minutes)


@PROPERTY
@given(exchange_lists(), teams(), st.data())
def test_balances_do_not_depend_on_exchange_order(
    exchanges: list[Exchange], members: tuple[Member, ...], data: st.DataObject
) -> None:
    """Shuffling the exchanges (and the members) gives the very same balances."""
    shuffled = data.draw(st.permutations(exchanges), label="shuffled exchanges")
    shuffled_members = data.draw(st.permutations(members), label="shuffled members")
    assert compute_balances(shuffled, shuffled_members) == compute_balances(exchanges, members)


@PROPERTY
@given(exchange_lists(), teams())
def test_every_member_appears_once(exchanges: list[Exchange], members: tuple[Member, ...]) -> None:
    """Each member passed in, and each person named in an exchange, appears exactly once."""
    handles = [balance.handle for balance in compute_balances(exchanges, members).members]
    assert handles == sorted(set(handles))
    assert set(handles) == set(TEAM)


@PROPERTY
@given(
    st.dates(max_value=TODAY),
    st.dates(max_value=TODAY),
    st.integers(1, 3650),
)
def test_decay_never_makes_older_help_weigh_more(older: date, newer: date, half_life: int) -> None:
    """An exchange never weighs more than a newer one, and never more than 1."""
    older, newer = min(older, newer), max(older, newer)
    older_weight = decay_weight(older, TODAY, half_life)
    assert older_weight <= decay_weight(newer, TODAY, half_life) <= 1.0
