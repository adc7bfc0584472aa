"""Who can help with what, and how much time each person has left to give this week.

A person's weekly allowance is their `budget_minutes_per_week`, or 10% of the charter's
`work_minutes_per_week` when they set none: the same allowance the `helper-overload`
warning holds them to. Their spare time in a week is that allowance, plus the minutes of
their standing offers, less the time they already spent helping that week (counted once
per exchange, as overload counts it). Nothing here reads a clock: the week is the one
that holds the context's `as_of`, unless another is given.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from aidledger.engine.context import Context
from aidledger.engine.requests import is_unmet
from aidledger.engine.window import Window
from aidledger.model.charter import Rules
from aidledger.model.records import Member

DEFAULT_BUDGET_SHARE = 0.10


def weekly_allowance(member: Member, rules: Rules) -> tuple[float, bool]:
    """The minutes a member may give each week, and whether it is their own budget.

    Their `budget_minutes_per_week`, else DEFAULT_BUDGET_SHARE of the work week.
    """
    budget = member.budget_minutes_per_week
    if budget is not None:
        return float(budget), True
    return DEFAULT_BUDGET_SHARE * rules.work_minutes_per_week, False


def week_of(day: date) -> Window:
    """The calendar week (Monday to Sunday) that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    return Window(monday, monday + timedelta(days=6))


@dataclass(frozen=True)
class Capacity:
    """One person's time for helping in one week, as known on the context's `as_of`.

    `given_minutes` is the time spent helping in the week up to `as_of`;
    `offered_minutes` the minutes of their offers that stand on `as_of`.
    """

    handle: str
    week: Window
    allowance_minutes: float
    own_budget: bool
    given_minutes: int
    offered_minutes: int

    @property
    def spare_minutes(self) -> float:
        """What is left: allowance plus offers, less the time given; never below zero."""
        return max(0.0, self.allowance_minutes + self.offered_minutes - self.given_minutes)

    @property
    def over_budget(self) -> bool:
        """Whether the week's help already reached the allowance and the offers."""
        return self.spare_minutes <= 0


def capacities(context: Context, week: Window | None = None) -> tuple[Capacity, ...]:
    """The capacity of every active member, in the order of members.toml.

    `week` defaults to the calendar week of `as_of`; only its days up to `as_of` count.
    """
    week = week or week_of(context.as_of)
    until = min(week.until, context.as_of) if week.until else context.as_of
    given: dict[str, int] = defaultdict(int)
    for exchange in context.counted(Window(week.since, until)):
        given[exchange.helper] += exchange.minutes
    offered: dict[str, int] = defaultdict(int)
    for offer in context.standing_offers:
        offered[offer.by] += offer.minutes or 0
    rows = []
    for member in context.active:
        allowance, own = weekly_allowance(member, context.charter.rules)
        rows.append(
            Capacity(
                handle=member.handle,
                week=week,
                allowance_minutes=allowance,
                own_budget=own,
                given_minutes=given[member.handle],
                offered_minutes=offered[member.handle],
            )
        )
    return tuple(rows)


def capacity(context: Context, handle: str, week: Window | None = None) -> Capacity | None:
    """One active member's capacity for the week (that of `as_of` by default); None for
    someone who is not an active member."""
    return next((row for row in capacities(context, week) if row.handle == handle), None)


def spare_minutes(context: Context, handle: str, week: Window | None = None) -> float:
    """The minutes `handle` can still give in the week of `as_of` (or `week`): their
    allowance plus their standing offers, less the help they gave that week; 0 for someone
    who is not an active member. Matching and the agenda read this."""
    found = capacity(context, handle, week)
    return found.spare_minutes if found is not None else 0.0


# --- who can help with what ----------------------------------------------------------------


@dataclass(frozen=True)
class SkillHelper:
    """A person who can help on a skill: from members.toml, or from a standing offer.

    `last_helped` is the day of the last exchange they gave with the skill among its tags.
    """

    handle: str
    spare_minutes: float
    last_helped: date | None
    offered: bool


@dataclass(frozen=True)
class SkillRow:
    """One skill: who has it, and the requests still to be met that ask for it."""

    skill: str
    helpers: tuple[SkillHelper, ...]
    requests: tuple[str, ...]

    @property
    def uncovered(self) -> bool:
        """Asked for, and nobody active has it: a risk for the team."""
        return not self.helpers and bool(self.requests)


@dataclass(frozen=True)
class SkillsView:
    """Who can help with what on `as_of`, each person's spare time this week, and the
    skills asked for that nobody has."""

    as_of: date
    week: Window
    skills: tuple[SkillRow, ...]
    people: tuple[Capacity, ...]

    @property
    def uncovered(self) -> tuple[SkillRow, ...]:
        return tuple(row for row in self.skills if row.uncovered)


def _last_helped(context: Context) -> dict[tuple[str, str], date]:
    """The last day each person gave help tagged with each tag, as of `as_of`."""
    last: dict[tuple[str, str], date] = {}
    for exchange in context.exchanges:
        for tag in exchange.tags:
            key = (exchange.helper, tag)
            if key not in last or last[key] < exchange.date:
                last[key] = exchange.date
    return last


def skills_view(context: Context, week: Window | None = None) -> SkillsView:
    """Every skill an active member has, offers, or a request still to be met asks for.

    Helpers of a skill are listed with the most spare time first, then by handle.
    """
    week = week or week_of(context.as_of)
    people = capacities(context, week)
    spare = {row.handle: row.spare_minutes for row in people}
    listed: dict[str, set[str]] = defaultdict(set)
    offered: dict[str, set[str]] = defaultdict(set)
    for member in context.active:
        for skill in member.skills:
            listed[skill].add(member.handle)
    for offer in context.standing_offers:
        for skill in offer.skills:
            offered[skill].add(offer.by)
    asked: dict[str, list[str]] = defaultdict(list)
    for request in sorted(context.requests, key=lambda request: (request.opened, request.id)):
        if is_unmet(request):
            for skill in request.skills:
                asked[skill].append(request.id)
    last = _last_helped(context)
    rows = []
    for skill in sorted({*listed, *offered, *asked}):
        handles = listed[skill] | offered[skill]
        helpers = sorted(
            (
                SkillHelper(
                    handle,
                    spare[handle],
                    last.get((handle, skill)),
                    handle in offered[skill] and handle not in listed[skill],
                )
                for handle in handles
            ),
            key=lambda helper: (-helper.spare_minutes, helper.handle),
        )
        rows.append(SkillRow(skill, tuple(helpers), tuple(asked[skill])))
    return SkillsView(context.as_of, week, tuple(rows), people)
