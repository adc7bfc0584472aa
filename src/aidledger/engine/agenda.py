"""The exchange meeting's agenda as facts: what to bring up, in what order, in how much time.

An agenda gathers five kinds of item, each read from the engine that computes it:

1. needs: the requests still to be met, most urgent first (the soonest `needed_by`, then
   the oldest), each open one with its suggested helpers (`engine.matching`);
2. offers that hold and each active member's spare time this week (`engine.capacity`);
3. thanks: the help rated most useful since the last meeting (`engine.report`);
4. balance points: the warnings of `check` on the day, grouped into patterns of the
   system (help flowing one way, a few people giving most of it...), about people only
   by facts a renderer may leave out (`private`);
5. help to settle: exchanges waiting for a confirmation (the `unconfirmed` warning).

Meetings stay short: each item has a time box (TIME_BOXES), items are taken in order of
priority, needs first, and one that does not fit in the time left is left for next time.
Nothing here reads a clock or writes English; the same data and day give the same agenda.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from aidledger.engine.anonymize import Anonymizer, identifying_tokens, pseudonyms
from aidledger.engine.capacity import Capacity, capacities, week_of
from aidledger.engine.context import Context
from aidledger.engine.findings import (
    SEVERITY_RANK,
    Finding,
    Severity,
    StaleFacts,
    UnconfirmedFacts,
)
from aidledger.engine.matching import RequestMatch, match_open_requests
from aidledger.engine.report import ThanksRow, thanks_rows
from aidledger.engine.requests import is_unmet
from aidledger.engine.window import Window
from aidledger.model.records import Exchange, Offer, Request

# The time box of each kind of item, in minutes: one per open need and per balance
# point, one for the offers, the thanks and the help to settle each, in all.
NEED_MINUTES = 3
OFFERS_MINUTES = 2
THANKS_MINUTES = 2
POINT_MINUTES = 1
SETTLE_MINUTES = 1
TIME_BOXES = {
    "need": NEED_MINUTES,
    "offers": OFFERS_MINUTES,
    "thanks": THANKS_MINUTES,
    "point": POINT_MINUTES,
    "settle": SETTLE_MINUTES,
}
# How many helpers each open need suggests (a partner to pair with comes on top).
SUGGESTED_HELPERS = 2

# The patterns of the system that balance points are about, and the warnings of each, in
# the order they are discussed when equally severe. `unconfirmed` is settled in an item
# of its own, and `stale-request` marks the needs that waited; a warning not listed here
# is a pattern of its own.
PATTERNS: dict[str, tuple[str, ...]] = {
    "one-way": ("one-way-giver", "one-way-receiver", "net-balance"),
    "few-givers": ("concentration", "shallow-pool", "low-participation"),
    "overload": ("helper-overload", "team-overhead"),
    "done-for": ("repeat-dependency", "done-for-dependency", "teaching-style"),
    "usefulness": ("low-usefulness",),
    "left-out": ("isolated-member",),
    "meeting": ("missed-meeting",),
}
NOT_POINTS = ("unconfirmed", "stale-request")
PATTERN_OF = {warning: pattern for pattern, ids in PATTERNS.items() for warning in ids}


@dataclass(frozen=True)
class Need:
    """A request still to be met, `age_days` old, due in `days_left` days (0 on its
    `needed_by`, below 0 once late, None without one).

    `match` holds the suggested helpers of an open one (None once someone took it);
    `stale_days` is set when it waited past `request_stale_days` with nobody on it (the
    `stale-request` warning).
    """

    request: Request
    age_days: int
    days_left: int | None
    match: RequestMatch | None
    stale_days: int | None = None
    minutes: int = NEED_MINUTES


@dataclass(frozen=True)
class OffersItem:
    """The offers that hold, oldest first, and every active member's spare time this week,
    the most first."""

    offers: tuple[Offer, ...]
    people: tuple[Capacity, ...]
    week: Window
    minutes: int = OFFERS_MINUTES


@dataclass(frozen=True)
class ThanksItem:
    """The help rated most useful since the agenda's `since`, each helped person's own rating."""

    rows: tuple[ThanksRow, ...]
    minutes: int = THANKS_MINUTES


@dataclass(frozen=True)
class BalancePoint:
    """One pattern of the system to discuss, from the findings of `check` that show it.

    In a private agenda the findings are anonymized (`engine.anonymize`): their handles are
    pseudonyms, and the renderers name nobody.
    """

    pattern: str
    severity: Severity
    findings: tuple[Finding, ...]
    minutes: int = POINT_MINUTES

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(finding.id for finding in self.findings))


@dataclass(frozen=True)
class Waiting:
    """An exchange that waits for `by`'s confirmation."""

    by: str
    exchange: Exchange


@dataclass(frozen=True)
class SettleItem:
    """Help still unconfirmed after `days` days (the `unconfirmed` warning), by the person
    who should confirm it, then oldest first; `known_ids` are the ids a short id must tell
    apart."""

    waiting: tuple[Waiting, ...]
    days: int
    known_ids: tuple[str, ...]
    minutes: int = SETTLE_MINUTES


Item = Need | OffersItem | ThanksItem | BalancePoint | SettleItem


@dataclass(frozen=True)
class Agenda:
    """The agenda of the exchange meeting held on `as_of`, fitted to `minutes`.

    The items kept are in their sections; `left` holds those that did not fit, in order of
    priority. `since` is the first day the thanks look at: the last meeting's day
    (`last_meeting`), unless `since_given`.
    """

    team: str
    as_of: date
    since: date
    since_given: bool
    last_meeting: date | None
    every_days: int
    minutes: int
    private: bool
    needs: tuple[Need, ...]
    offers: OffersItem | None
    thanks: ThanksItem | None
    points: tuple[BalancePoint, ...]
    settle: SettleItem | None
    left: tuple[Item, ...]

    @property
    def planned_minutes(self) -> int:
        """The time the items kept take, at most `minutes`."""
        return sum(item.minutes for item in self.kept)

    @property
    def kept(self) -> tuple[Item, ...]:
        """The items kept, in the order of the page."""
        singles = (self.offers, self.thanks)
        return (
            *self.needs,
            *(item for item in singles if item is not None),
            *self.points,
            *((self.settle,) if self.settle is not None else ()),
        )


# --- the items ---------------------------------------------------------------------------


def default_since(context: Context) -> date:
    """The day of the last meeting; without one, the charter's cadence back from `as_of`."""
    last = context.last_meeting
    if last is not None:
        return last.date
    return context.as_of - timedelta(days=context.charter.rules.meeting_every_days)


def _urgency(request: Request) -> tuple[bool, date, date, str]:
    """The soonest `needed_by` first (requests without one after), then the oldest."""
    needed_by = request.needed_by or date.max
    return (request.needed_by is None, needed_by, request.opened, request.id)


def _stale_days(findings: Iterable[Finding]) -> dict[str, int]:
    """The requests the `stale-request` warning names, with their age in days."""
    return {
        request.id: request.age_days
        for finding in findings
        if isinstance(finding.facts, StaleFacts)
        for request in finding.facts.requests
    }


def needs(context: Context, findings: Sequence[Finding]) -> tuple[Need, ...]:
    """The requests of active members open or taken on `as_of`, most urgent first, the
    open ones matched."""
    matches = {match.request_id: match for match in match_open_requests(context, SUGGESTED_HELPERS)}
    stale = _stale_days(findings)
    active = {member.handle for member in context.active}
    unmet = sorted(
        (request for request in context.requests if is_unmet(request) and request.by in active),
        key=_urgency,
    )
    return tuple(
        Need(
            request=request,
            age_days=(context.as_of - request.opened).days,
            days_left=(
                (request.needed_by - context.as_of).days if request.needed_by is not None else None
            ),
            match=matches.get(request.id) if request.status == "open" else None,
            stale_days=stale.get(request.id),
        )
        for request in unmet
    )


def offers_item(context: Context) -> OffersItem | None:
    """The offers that hold and who has time this week; None for a team with nobody active."""
    people = sorted(capacities(context), key=lambda row: (-row.spare_minutes, row.handle))
    if not people:
        return None
    return OffersItem(context.standing_offers, tuple(people), week_of(context.as_of))


def thanks_item(context: Context, since: date) -> ThanksItem | None:
    """The most useful help from `since` to `as_of`, as the report's thanks list rates it."""
    rows = thanks_rows(context.counted(Window(since, context.as_of)))
    return ThanksItem(rows) if rows else None


def pattern_of(warning_id: str) -> str:
    return PATTERN_OF.get(warning_id, warning_id)


def _pattern_rank(pattern: str) -> int:
    order = list(PATTERNS)
    return order.index(pattern) if pattern in order else len(order)


def balance_points(findings: Iterable[Finding]) -> tuple[BalancePoint, ...]:
    """The judged findings grouped by pattern, the most severe pattern first."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.judged and finding.id not in NOT_POINTS:
            grouped[pattern_of(finding.id)].append(finding)
    points = []
    for pattern, found in grouped.items():
        order = PATTERNS.get(pattern, (pattern,))
        found.sort(key=lambda finding: (order.index(finding.id), finding.sort_key()))
        severity = min((finding.severity for finding in found), key=SEVERITY_RANK.__getitem__)
        points.append(BalancePoint(pattern, severity, tuple(found)))
    points.sort(
        key=lambda point: (
            SEVERITY_RANK[point.severity],
            _pattern_rank(point.pattern),
            point.pattern,
        )
    )
    return tuple(points)


def settle_item(context: Context, findings: Iterable[Finding]) -> SettleItem | None:
    """The exchanges the `unconfirmed` warning names, each with whom it waits for."""
    by_id = {exchange.id: exchange for exchange in context.exchanges}
    waiting = [
        Waiting(finding.facts.handle, by_id[exchange_id])
        for finding in findings
        if isinstance(finding.facts, UnconfirmedFacts)
        for exchange_id in finding.facts.exchanges
        if exchange_id in by_id and finding.facts.handle in by_id[exchange_id].waiting_for
    ]
    if not waiting:
        return None
    waiting.sort(key=lambda one: (one.by, one.exchange.date, one.exchange.id))
    return SettleItem(
        tuple(waiting), context.charter.rules.confirm_within_days, tuple(sorted(by_id))
    )


def private_points(
    points: Iterable[BalancePoint], context: Context, team: str
) -> tuple[BalancePoint, ...]:
    """The points with every handle, id and free text of their findings mapped or left out."""
    rename = Anonymizer(pseudonyms(context.members), identifying_tokens(context.members, team))
    return tuple(
        BalancePoint(
            point.pattern,
            point.severity,
            tuple(rename.finding(finding) for finding in point.findings),
            point.minutes,
        )
        for point in points
    )


# --- fitting the agenda to the time ------------------------------------------------------


def by_priority(
    needs: Sequence[Need],
    offers: OffersItem | None,
    thanks: ThanksItem | None,
    settle: SettleItem | None,
    points: Sequence[BalancePoint],
) -> tuple[Item, ...]:
    """Needs (most urgent first), the offers, the thanks, help to settle, balance points
    (most severe first): the order in which items claim the meeting's time."""
    singles = (offers, thanks, settle)
    return (*needs, *(item for item in singles if item is not None), *points)


def fit(items: Sequence[Item], minutes: int) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """The items that fit in `minutes`, taken in order, and those left for next time.

    An item that does not fit in the time left is left, and the next ones still get
    their chance: a one-minute point may follow a need too long for what remains.
    """
    kept: list[Item] = []
    left: list[Item] = []
    remaining = minutes
    for item in items:
        if item.minutes <= remaining:
            kept.append(item)
            remaining -= item.minutes
        else:
            left.append(item)
    return tuple(kept), tuple(left)


def agenda(
    context: Context,
    findings: Sequence[Finding],
    team: str,
    *,
    since: date | None = None,
    minutes: int | None = None,
    private: bool = False,
) -> Agenda:
    """The agenda of a meeting on `context.as_of`, from the findings evaluated on it.

    `since` defaults to the last meeting (`default_since`), `minutes` to the charter's
    `meeting_minutes`; `private` anonymizes the balance points, and only them.
    """
    rules = context.charter.rules
    start = since if since is not None else default_since(context)
    length = minutes if minutes is not None else rules.meeting_minutes
    points = balance_points(findings)
    if private:
        points = private_points(points, context, team)
    kept, left = fit(
        by_priority(
            needs(context, findings),
            offers_item(context),
            thanks_item(context, start),
            settle_item(context, findings),
            points,
        ),
        length,
    )
    last = context.last_meeting
    return Agenda(
        team=team,
        as_of=context.as_of,
        since=start,
        since_given=since is not None,
        last_meeting=last.date if last is not None else None,
        every_days=rules.meeting_every_days,
        minutes=length,
        private=private,
        needs=tuple(item for item in kept if isinstance(item, Need)),
        offers=next((item for item in kept if isinstance(item, OffersItem)), None),
        thanks=next((item for item in kept if isinstance(item, ThanksItem)), None),
        points=tuple(item for item in kept if isinstance(item, BalancePoint)),
        settle=next((item for item in kept if isinstance(item, SettleItem)), None),
        left=left,
    )
