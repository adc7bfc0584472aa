"""Load warnings: help that eats a person's own job, or the team's working time.

These two measure the time actually spent helping (an hour taught to two people is one
hour off the helper's own work), not the person-minutes credited in balances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from aidledger.engine.capacity import DEFAULT_BUDGET_SHARE, weekly_allowance
from aidledger.engine.context import Context
from aidledger.engine.findings import OverheadFacts, OverloadFacts, grade
from aidledger.engine.rules.spec import Outcome, ShortOfData, Thresholds, WarningSpec, finding
from aidledger.engine.rules.team import team_data
from aidledger.model.records import Exchange

OVERLOAD_DAYS = 28


def _time_by_helper(
    context: Context, exchanges: Iterable[Exchange]
) -> tuple[dict[str, int], dict[str, int]]:
    """Time each helper spent (once per exchange), and how many exchanges, on watched days."""
    minutes: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for exchange in exchanges:
        if context.watched(exchange.helper, exchange.date):
            minutes[exchange.helper] += exchange.minutes
            counts[exchange.helper] += 1
    return minutes, counts


def check_helper_overload(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help that eats a person's own job: time given per week over their budget."""
    weeks = OVERLOAD_DAYS / 7
    minutes, counts = _time_by_helper(context, context.counted(context.recent(OVERLOAD_DAYS)))
    short = ShortOfData(limits, "given-recently", OVERLOAD_DAYS)
    for member in context.active:
        if not limits.enough(counts[member.handle]):
            short.add(member.handle, counts[member.handle])
            continue
        allowance, own_budget = weekly_allowance(member, context.charter.rules)
        per_week = minutes[member.handle] / weeks
        # A budget of 0 says "no time to give": any help is over it, measured per minute.
        ratio = per_week / max(allowance, 1.0)
        verdict = grade(ratio, limits.warn, limits.fail, "above")
        if verdict is None:
            continue
        facts = OverloadFacts(
            handle=member.handle,
            minutes_per_week=per_week,
            ratio=ratio,
            allowance_minutes=allowance,
            own_budget=own_budget,
            default_share=DEFAULT_BUDGET_SHARE,
            days=OVERLOAD_DAYS,
        )
        yield finding("helper-overload", "member", verdict, (member.handle,), ratio, facts)
    yield from short.skips()


def check_team_overhead(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Mutual aid that costs the team's missions: help time per week over working time."""
    exchanges = context.counted(context.recent(OVERLOAD_DAYS))
    if (skip := team_data(context, exchanges, limits, OVERLOAD_DAYS)) is not None:
        yield skip
        return
    per_week = sum(exchange.minutes for exchange in exchanges) / (OVERLOAD_DAYS / 7)
    capacity = len(context.active) * context.charter.rules.work_minutes_per_week
    share = per_week / capacity
    verdict = grade(share, limits.warn, limits.fail, "above")
    if verdict is not None:
        facts = OverheadFacts(per_week, share, len(context.active), OVERLOAD_DAYS)
        yield finding("team-overhead", "team", verdict, (), share, facts)


SPECS = (
    WarningSpec(
        id="helper-overload",
        scope="member",
        comparison="above",
        defaults=Thresholds(enabled=True, warn=1.0, fail=2.0, min_count=4),
        period="recent days",
        check=check_helper_overload,
        minimum="given-recently",
        days=OVERLOAD_DAYS,
    ),
    WarningSpec(
        id="team-overhead",
        scope="team",
        comparison="above",
        defaults=Thresholds(enabled=True, warn=0.10, fail=0.20, min_count=10),
        period="recent days",
        check=check_team_overhead,
        minimum="exchanges",
        days=OVERLOAD_DAYS,
        team_minimum=True,
    ),
)
