"""Balance warnings: help that flows one way, and balances far from even, over decayed history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from aidledger.engine.balance import MemberBalance
from aidledger.engine.context import Context
from aidledger.engine.findings import BalanceFacts, Comparison, grade
from aidledger.engine.rules.spec import Outcome, ShortOfData, Thresholds, WarningSpec, finding
from aidledger.model.charter import WarningId

_ONE_WAY_MINIMUMS = {
    "min_count": 4,
    "min_minutes": 120,
    "fail_min_count": 8,
    "fail_min_minutes": 240,
}


def balance_facts(context: Context, handle: str) -> BalanceFacts:
    """A person's decayed balance, with the same history as logged beside it."""
    decayed = context.decayed_balances.of(handle)
    logged = context.logged_balances.of(handle)
    return BalanceFacts(
        handle=handle,
        since=context.starts.get(handle),
        give_share=decayed.give_share,
        given_minutes=decayed.given_minutes,
        received_minutes=decayed.received_minutes,
        logged_given_minutes=logged.given_minutes,
        logged_received_minutes=logged.received_minutes,
        half_life_days=context.charter.rules.half_life_days,
    )


def _side(balance: MemberBalance, side: Literal["given", "received"]) -> tuple[int, float]:
    if side == "given":
        return balance.given_count, balance.given_minutes
    return balance.received_count, balance.received_minutes


def _one_way(
    context: Context,
    limits: Thresholds,
    warning_id: WarningId,
    comparison: Comparison,
    side: Literal["given", "received"],
) -> Iterator[Outcome]:
    short = ShortOfData(limits, side)
    for member in context.active:
        balance = context.decayed_balances.of(member.handle)
        count, minutes = _side(balance, side)
        if not limits.enough(count, minutes):
            short.add(member.handle, count, minutes)
            continue
        share = balance.give_share
        fail_allowed = limits.enough_to_fail(count, minutes)
        verdict = grade(share, limits.warn, limits.fail, comparison, fail_allowed=fail_allowed)
        if verdict is not None:
            facts = balance_facts(context, member.handle)
            yield finding(warning_id, "member", verdict, (member.handle,), share, facts)
    yield from short.skips()


def check_one_way_receiver(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members who mostly receive: their smoothed give share is at or below the threshold."""
    return _one_way(context, limits, "one-way-receiver", "at_most", "received")


def check_one_way_giver(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members who mostly give: their smoothed give share is at or above the threshold."""
    return _one_way(context, limits, "one-way-giver", "at_least", "given")


def check_net_balance(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members far from even: decayed |given − received| in hours at or above the threshold."""
    short = ShortOfData(limits, "exchanges")
    for member in context.active:
        balance = context.decayed_balances.of(member.handle)
        count = balance.given_count + balance.received_count
        if not limits.enough(count):
            short.add(member.handle, count)
            continue
        hours = abs(balance.net_minutes) / 60
        verdict = grade(hours, limits.warn, limits.fail, "at_least")
        if verdict is not None:
            facts = balance_facts(context, member.handle)
            yield finding("net-balance", "member", verdict, (member.handle,), hours, facts)
    yield from short.skips()


SPECS = (
    WarningSpec(
        id="one-way-receiver",
        scope="member",
        comparison="at_most",
        defaults=Thresholds(enabled=True, warn=0.20, fail=0.10, **_ONE_WAY_MINIMUMS),
        period="decayed history",
        check=check_one_way_receiver,
        minimum="received",
    ),
    WarningSpec(
        id="one-way-giver",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=0.80, fail=0.90, **_ONE_WAY_MINIMUMS),
        period="decayed history",
        check=check_one_way_giver,
        minimum="given",
    ),
    WarningSpec(
        id="net-balance",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=10, fail=20, min_count=4),
        period="decayed history",
        check=check_net_balance,
        minimum="exchanges",
    ),
)
