"""Team warnings: help that rests on the same few people, and a minority taking part."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from aidledger.engine.balance import Balances
from aidledger.engine.context import Context
from aidledger.engine.findings import (
    ConcentrationFacts,
    ParticipationFacts,
    PoolFacts,
    ShortHistory,
    SmallTeam,
    grade,
)
from aidledger.engine.metrics import effective_number
from aidledger.engine.rules.spec import (
    TEAM_MIN_MEMBERS,
    Outcome,
    Skip,
    Thresholds,
    WarningSpec,
    finding,
)
from aidledger.engine.window import Window
from aidledger.model.records import Exchange

PARTICIPATION_DAYS = 90
_TEAM_MINIMUM = {"min_count": 10}  # exchanges in the check's period


def team_data(
    context: Context,
    exchanges: tuple[Exchange, ...],
    limits: Thresholds,
    days: int | None = None,
) -> Skip | None:
    """Team checks judge only with 3 active members and `min_count` exchanges in their period."""
    n = len(context.active)
    if n < TEAM_MIN_MEMBERS or not limits.enough(len(exchanges)):
        window: Window | None = None if days is not None else context.window
        reason = SmallTeam(n, len(exchanges), TEAM_MIN_MEMBERS, limits.needed_count, days, window)
        return Skip((), reason)
    return None


def top_givers(balances: Balances, candidates: Iterable[str], k: int) -> tuple[str, ...]:
    """The k members who gave the most, ties broken by handle."""
    ranked = sorted(candidates, key=lambda handle: (-balances.of(handle).given_minutes, handle))
    return tuple(ranked[:k])


def check_concentration(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Always the same helpers: the share of given person-minutes of the k largest givers."""
    exchanges = context.counted()
    if (skip := team_data(context, exchanges, limits)) is not None:
        yield skip
        return
    balances = context.balances()
    if balances.total_minutes <= 0:
        return
    n = len(context.active)
    k = max(1, math.ceil(0.05 * n))
    leaders = top_givers(balances, (member.handle for member in context.active), k)
    share = sum(balances.of(handle).given_minutes for handle in leaders) / balances.total_minutes
    warn = None if limits.warn is None else max(limits.warn, 2 * k / n)
    fail = None if limits.fail is None else min(0.90, max(limits.fail, 3 * k / n))
    verdict = grade(share, warn, fail, "at_least")
    if verdict is not None:
        facts = ConcentrationFacts(leaders, share, n, context.window, warn, fail)
        yield finding("concentration", "team", verdict, leaders, share, facts)


def check_shallow_pool(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Few real helpers: the effective number of helpers 1/Σs² is below max(floor, n/3)."""
    exchanges = context.counted()
    if (skip := team_data(context, exchanges, limits)) is not None:
        yield skip
        return
    balances = context.balances()
    helpers = effective_number(member.given_minutes for member in balances.members)
    if helpers is None:
        return
    n = len(context.active)
    warn = None if limits.warn is None else max(limits.warn, n / 3)
    fail = None if limits.fail is None else max(limits.fail, n / 6)
    verdict = grade(helpers, warn, fail, "below")
    if verdict is not None:
        facts = PoolFacts(helpers, n, context.window)
        yield finding("shallow-pool", "team", verdict, (), helpers, facts)


def check_low_participation(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A minority takes part: the share of active members who gave help in the last 90 days."""
    active = context.active
    first = context.first_day
    window = context.recent(PARTICIPATION_DAYS)
    exchanges = context.counted(window)
    if (skip := team_data(context, exchanges, limits, PARTICIPATION_DAYS)) is not None:
        yield skip
        return
    if first is None or window.since is None or first > window.since:
        yield Skip((), ShortHistory(PARTICIPATION_DAYS))
        return
    givers = {exchange.helper for exchange in exchanges}
    gave = [member.handle for member in active if member.handle in givers]
    share = len(gave) / len(active)
    verdict = grade(share, limits.warn, limits.fail, "below")
    if verdict is None:
        return
    silent = tuple(member.handle for member in active if member.handle not in givers)
    facts = ParticipationFacts(len(gave), len(active), share, PARTICIPATION_DAYS, silent)
    yield finding("low-participation", "team", verdict, silent, share, facts)


SPECS = (
    WarningSpec(
        id="concentration",
        scope="team",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=0.20, fail=0.35, **_TEAM_MINIMUM),
        period="window",
        check=check_concentration,
        minimum="exchanges",
        floors=("2k/n", "3k/n"),
        team_minimum=True,
    ),
    WarningSpec(
        id="shallow-pool",
        scope="team",
        comparison="below",
        defaults=Thresholds(enabled=True, warn=2, fail=None, **_TEAM_MINIMUM),
        period="window",
        check=check_shallow_pool,
        minimum="exchanges",
        floors=("n/3",),
        team_minimum=True,
    ),
    WarningSpec(
        id="low-participation",
        scope="team",
        comparison="below",
        defaults=Thresholds(enabled=True, warn=2 / 3, fail=0.5, **_TEAM_MINIMUM),
        period="recent days",
        check=check_low_participation,
        minimum="exchanges",
        days=PARTICIPATION_DAYS,
        team_minimum=True,
        history_days=PARTICIPATION_DAYS,
    ),
)
