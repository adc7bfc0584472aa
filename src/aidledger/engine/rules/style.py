"""How help is given: dependency on the same help, doing instead of teaching, usefulness."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Literal

from aidledger.engine.context import Context
from aidledger.engine.findings import ModeFacts, RepeatFacts, UsefulnessFacts, grade
from aidledger.engine.metrics import ratings as ratings_of
from aidledger.engine.metrics import wilson_lower_bound
from aidledger.engine.rules.spec import (
    Outcome,
    ShortOfData,
    Skip,
    Thresholds,
    WarningSpec,
    finding,
)
from aidledger.model.charter import WarningId
from aidledger.model.records import Exchange

REPEAT_DAYS = 30
USEFUL_RATING = 4


def check_repeat_dependency(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """The same person helped on the same tag or topic again and again within 30 days."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    topics: dict[str, str] = {}
    for exchange in context.counted(context.recent(REPEAT_DAYS)):
        topic = exchange.topic.lower()
        topics.setdefault(topic, exchange.topic)
        keys = {("tag", tag) for tag in exchange.tags} | {("topic", topic)}
        for helped in exchange.helped:
            if context.watched(helped, exchange.date):
                for kind, key in keys:
                    groups[(helped, kind, key)].append(exchange.id)
    active = {member.handle for member in context.active}
    worst: dict[str, tuple[int, str, str]] = {}
    for (helped, kind, key), ids in groups.items():
        if helped in active and (len(ids), kind, key) > worst.get(helped, (0, "", "")):
            worst[helped] = (len(ids), kind, key)
    for helped, (count, kind, key) in sorted(worst.items()):
        verdict = grade(count, limits.warn, limits.fail, "at_least")
        if verdict is None:
            continue
        facts = RepeatFacts(
            handle=helped,
            count=count,
            days=REPEAT_DAYS,
            tag=key if kind == "tag" else None,
            topic=topics[key] if kind == "topic" else None,
            exchanges=tuple(groups[(helped, kind, key)]),
        )
        yield finding("repeat-dependency", "member", verdict, (helped,), count, facts)


def _did_share(exchanges: Iterable[Exchange], person_minutes: bool) -> tuple[int, float, float]:
    """How many exchanges, their minutes, and the minutes in mode `did`."""
    count = 0
    total = 0.0
    did = 0.0
    for exchange in exchanges:
        minutes = exchange.person_minutes if person_minutes else exchange.minutes
        count += 1
        total += minutes
        if exchange.mode == "did":
            did += minutes
    return count, total, did


def _mode_check(
    context: Context,
    limits: Thresholds,
    side: Literal["given", "received"],
) -> Iterator[Outcome]:
    warning_id: WarningId = "teaching-style" if side == "given" else "done-for-dependency"
    short = ShortOfData(limits, side)
    parties = context.parties()
    for member in context.active:
        handle = member.handle
        theirs = parties.given_by(handle) if side == "given" else parties.received_by(handle)
        mine = [exchange for exchange in theirs if context.watched(handle, exchange.date)]
        # Given help counts person-minutes; received help is the person's own minutes.
        count, minutes, did = _did_share(mine, person_minutes=side == "given")
        if not limits.enough(count, minutes):
            short.add(handle, count, minutes)
            continue
        share = did / minutes
        fail_allowed = limits.enough_to_fail(count, minutes)
        verdict = grade(share, limits.warn, limits.fail, "at_least", fail_allowed=fail_allowed)
        if verdict is not None:
            facts = ModeFacts(handle, side, share, did, minutes, count, context.window)
            yield finding(warning_id, "member", verdict, (handle,), share, facts)
    yield from short.skips()


def check_done_for_dependency(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A person who mostly gets the work done for them: share of received minutes in `did`."""
    return _mode_check(context, limits, "received")


def check_teaching_style(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A helper who mostly does the work instead of teaching: share of given in `did`."""
    return _mode_check(context, limits, "given")


def _usefulness(ratings: list[int]) -> tuple[int, float]:
    good = sum(1 for rating in ratings if rating >= USEFUL_RATING)
    return good, wilson_lower_bound(good, len(ratings)) or 0.0


def check_low_usefulness(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help that does not meet the need: the Wilson lower bound of the share rated 4 or 5."""
    window = context.counted()
    ratings = ratings_of(window)
    if not limits.enough(len(ratings)):
        yield Skip((), limits.too_few("ratings", count=len(ratings)))
    else:
        good, bound = _usefulness(ratings)
        fail_allowed = limits.enough_to_fail(len(ratings))
        verdict = grade(bound, limits.warn, limits.fail, "below", fail_allowed=fail_allowed)
        if verdict is not None:
            facts = UsefulnessFacts(None, good, len(ratings), bound, context.window)
            yield finding("low-usefulness", "team", verdict, (), bound, facts)
    yield from _helper_usefulness(context, limits)


def _helper_usefulness(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    short = ShortOfData(limits, "helper-ratings")
    parties = context.parties()
    for member in context.active:
        handle = member.handle
        ratings = ratings_of(
            exchange
            for exchange in parties.given_by(handle)
            if context.watched(handle, exchange.date)
        )
        if not limits.enough(len(ratings)):
            short.add(handle, len(ratings))
            continue
        good, bound = _usefulness(ratings)
        verdict = grade(bound, limits.helper_warn, None, "below")
        if verdict is not None:
            facts = UsefulnessFacts(handle, good, len(ratings), bound, context.window)
            yield finding("low-usefulness", "member", verdict, (handle,), bound, facts)
    yield from short.skips()


SPECS = (
    WarningSpec(
        id="repeat-dependency",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=3, fail=5),
        period="recent days",
        check=check_repeat_dependency,
        days=REPEAT_DAYS,
    ),
    WarningSpec(
        id="done-for-dependency",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(
            enabled=True,
            warn=0.5,
            fail=0.75,
            min_count=3,
            min_minutes=60,
            fail_min_count=5,
            fail_min_minutes=120,
        ),
        period="window",
        check=check_done_for_dependency,
        minimum="received",
    ),
    WarningSpec(
        id="teaching-style",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=0.5, fail=0.75, min_count=5),
        period="window",
        check=check_teaching_style,
        minimum="given",
    ),
    WarningSpec(
        id="low-usefulness",
        scope="team",
        comparison="below",
        defaults=Thresholds(
            enabled=True, warn=0.6, fail=0.4, helper_warn=0.5, min_count=5, fail_min_count=5
        ),
        period="window",
        check=check_low_usefulness,
        minimum="ratings",
    ),
)
