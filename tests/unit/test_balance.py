"""Balances credit each (helper, helped) pair, so given and received add up to the same total."""

from __future__ import annotations

import pytest

from aidledger.engine.balance import Balances, MemberBalance, compute_balances

from .make import exchange, members


def test_one_exchange_credits_the_helper_and_the_helped() -> None:
    """45 minutes from alice to bob: alice gives 45 once, bob receives 45 once."""
    balances = compute_balances([exchange(minutes=45)])
    assert balances.of("alice") == MemberBalance("alice", 45, 0, 1, 0)
    assert balances.of("bob") == MemberBalance("bob", 0, 45, 0, 1)


def test_two_helped_credit_the_helper_twice() -> None:
    """Helping two people for 45 minutes credits 2 × 45 person-minutes in one exchange."""
    balances = compute_balances([exchange(helped=["bob", "carol"], minutes=45)])
    alice = balances.of("alice")
    assert (alice.given_minutes, alice.given_count) == (90, 1)


def test_each_of_two_helped_receives_the_full_minutes() -> None:
    """Each of two helped people receives the full 45 minutes, counted once."""
    balances = compute_balances([exchange(helped=["bob", "carol"], minutes=45)])
    for handle in ("bob", "carol"):
        balance = balances.of(handle)
        assert (balance.received_minutes, balance.received_count) == (45, 1)


def test_team_total_counts_person_minutes_and_exchanges() -> None:
    """The team total is in person-minutes; the exchange count counts records."""
    balances = compute_balances(
        [exchange(id="x1", helped=["bob", "carol"], minutes=45), exchange(id="x2", minutes=10)]
    )
    assert (balances.total_minutes, balances.exchanges) == (100, 2)


def test_net_is_given_minus_received() -> None:
    """A member's net is what they gave minus what they received."""
    balances = compute_balances(
        [
            exchange(id="x1", helper="alice", helped=["bob"], minutes=60),
            exchange(id="x2", helper="bob", helped=["alice"], minutes=20),
        ]
    )
    assert balances.of("alice").net_minutes == 40
    assert balances.of("bob").net_minutes == -40


def test_give_share_is_one_half_with_no_data() -> None:
    """The smoothed give share is 0.5 for someone who neither gave nor received."""
    assert MemberBalance("dave").give_share == 0.5


@pytest.mark.parametrize(
    ("given", "received", "share"),
    [(60, 0, 120 / 180), (0, 240, 60 / 360), (300, 300, 0.5), (540, 0, 600 / 660)],
)
def test_give_share_is_smoothed(given: float, received: float, share: float) -> None:
    """The give share is (G + 60) / (G + R + 120)."""
    assert MemberBalance("x", given, received).give_share == pytest.approx(share)


def test_listed_members_appear_with_zeros() -> None:
    """Every member passed in appears, with zeros when they took no part."""
    balances = compute_balances([exchange()], members("alice", "bob", "carol"))
    assert balances.of("carol") == MemberBalance("carol")
    assert [balance.handle for balance in balances.members] == ["alice", "bob", "carol"]


def test_people_named_in_exchanges_appear_even_if_not_listed() -> None:
    """Someone named in an exchange appears even if not among the members passed in."""
    balances = compute_balances([exchange(helper="zed")], members("bob"))
    assert [balance.handle for balance in balances.members] == ["bob", "zed"]


def test_members_are_listed_by_handle() -> None:
    """Balances list members sorted by handle."""
    balances = compute_balances([exchange(helper="zoe", helped=["adam"])], members("mia"))
    assert [balance.handle for balance in balances.members] == ["adam", "mia", "zoe"]


def test_no_exchanges_gives_an_empty_team() -> None:
    """Without exchanges or members, the balances are empty and total zero."""
    assert compute_balances([]) == Balances(members=(), total_minutes=0, exchanges=0)


def test_weights_scale_minutes_but_not_counts() -> None:
    """A weight (e.g. decay) scales an exchange's minutes; counts stay whole."""
    balances = compute_balances([exchange(id="x1", minutes=60)], weights={"x1": 0.5})
    alice = balances.of("alice")
    assert (alice.given_minutes, alice.given_count) == (30, 1)
    assert balances.total_minutes == 30


def test_of_an_unknown_handle_is_all_zeros() -> None:
    """Asking for someone absent gives a zero balance rather than an error."""
    assert compute_balances([]).of("nobody") == MemberBalance("nobody")
