"""The team report and the personal statement, computed from a context; no I/O, no clock."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from aidledger.engine.balance import Balances, GivenAndReceived, MemberBalance, compute_balances
from aidledger.engine.context import Context, Parties
from aidledger.engine.findings import Finding
from aidledger.engine.metrics import (
    effective_number,
    gini,
    pair_flows,
    pair_reciprocity,
    ratings,
)
from aidledger.engine.window import Window
from aidledger.model.ledger import is_active
from aidledger.model.records import Exchange, Member
from aidledger.model.values import MODES, Mode

TEACHING: frozenset[Mode] = frozenset({"taught", "pair"})

THANKS_COUNT = 5


@dataclass(frozen=True)
class MemberRow(GivenAndReceived):
    """One member's line in the report."""

    handle: str
    given_minutes: float
    received_minutes: float
    given_count: int
    received_count: int
    partners: int
    taught_share: float | None  # taught or paired, of the given person-minutes
    mean_useful: float | None
    ratings: int
    active: bool


@dataclass(frozen=True)
class MonthRow:
    """Help in one calendar month of the history shown; `days` of it are inside the period."""

    month: str
    minutes: float
    exchanges: int
    givers: int
    active: int
    days: int
    days_in_month: int
    # The month's person-minutes in each mode, every mode named; they add up to `minutes`.
    modes: Mapping[str, float] = field(default_factory=dict)

    @property
    def participation(self) -> float | None:
        return self.givers / self.active if self.active else None

    @property
    def partial(self) -> bool:
        """A month the period cuts, such as the month still in progress."""
        return self.days < self.days_in_month


@dataclass(frozen=True)
class ThanksRow:
    """An exchange the person helped rated 4 or 5; `topic` and `note` are None once
    anonymized."""

    id: str
    date: date
    helper: str
    helped: tuple[str, ...]
    minutes: int
    mode: str
    topic: str | None
    useful: int
    note: str | None = None


@dataclass(frozen=True)
class Edge:
    """Minutes of help from one member to another over the window."""

    helper: str
    helped: str
    minutes: float
    count: int


@dataclass(frozen=True)
class MeetingCadence:
    """The exchange meeting the charter promises every `every_days` days, and the last one
    held on or before `as_of` (None when none is recorded yet)."""

    last: date | None
    every_days: int
    as_of: date

    @property
    def days_since(self) -> int | None:
        return (self.as_of - self.last).days if self.last is not None else None

    @property
    def kept(self) -> bool | None:
        """Whether the last meeting is within the promised cadence; None before any."""
        days = self.days_since
        return None if days is None else days <= self.every_days


def meeting_cadence(context: Context) -> MeetingCadence | None:
    """The cadence, for a team that records meetings or whose charter sets one: as the
    `missed-meeting` check, a team that does neither is not held to one."""
    rules = context.charter.rules
    last = context.last_meeting
    if last is None and "meeting_every_days" not in rules.model_fields_set:
        return None
    return MeetingCadence(
        last.date if last is not None else None, rules.meeting_every_days, context.as_of
    )


@dataclass(frozen=True)
class TeamReport:
    """Everything `aidledger report` shows; `team` is None once anonymized; `meeting` is
    the exchange meeting's cadence, None for a team not held to one."""

    team: str | None
    as_of: date
    window: Window
    evaluated: Window
    members: tuple[MemberRow, ...]
    total_minutes: float
    exchanges: int
    active_members: int
    givers: int
    gini: float | None
    reciprocity: float | None
    effective_helpers: float | None
    months: tuple[MonthRow, ...]
    edges: tuple[Edge, ...]
    thanks: tuple[ThanksRow, ...]
    findings: tuple[Finding, ...]
    meeting: MeetingCadence | None = None

    @property
    def participation(self) -> float | None:
        return self.givers / self.active_members if self.active_members else None

    @property
    def favourable_share(self) -> float | None:
        verdicts = [row.favourable for row in self.members if row.active]
        judged = [verdict for verdict in verdicts if verdict is not None]
        return sum(judged) / len(judged) if judged else None


def _mean_useful(exchanges: Iterable[Exchange]) -> tuple[float | None, int]:
    given = ratings(exchanges)
    return (sum(given) / len(given) if given else None), len(given)


def _member_row(member_balance: MemberBalance, parties: Parties, active: bool) -> MemberRow:
    handle = member_balance.handle
    given = parties.given_by(handle)
    partners = {helped for exchange in given for helped in exchange.helped}
    partners |= {exchange.helper for exchange in parties.received_by(handle)}
    taught = sum(exchange.person_minutes for exchange in given if exchange.mode in TEACHING)
    given_minutes = member_balance.given_minutes
    mean, ratings = _mean_useful(given)
    return MemberRow(
        handle=handle,
        given_minutes=given_minutes,
        received_minutes=member_balance.received_minutes,
        given_count=member_balance.given_count,
        received_count=member_balance.received_count,
        partners=len(partners),
        taught_share=taught / given_minutes if given_minutes else None,
        mean_useful=mean,
        ratings=ratings,
        active=active,
    )


@dataclass
class _MonthHelp:
    """What one calendar month of the history holds, summed as the exchanges go by."""

    minutes: int = 0
    exchanges: int = 0
    helpers: set[str] = field(default_factory=set)
    modes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MODES, 0))


def _months(
    history: Window, exchanges: Sequence[Exchange], members: Sequence[Member]
) -> list[MonthRow]:
    """One row per calendar month of the history; `exchanges` are oldest first."""
    first = history.since or (exchanges[0].date if exchanges else None)
    last = history.until or (exchanges[-1].date if exchanges else None)
    if first is None or last is None:
        return []
    # Months are numbered year * 12 + month, a number rather than a pair per exchange.
    by_month: dict[int, _MonthHelp] = defaultdict(_MonthHelp)
    for exchange in exchanges:
        day = exchange.date
        month_help = by_month[day.year * 12 + day.month]
        person_minutes = exchange.minutes * len(exchange.helped)
        month_help.minutes += person_minutes
        month_help.modes[exchange.mode] += person_minutes
        month_help.exchanges += 1
        month_help.helpers.add(exchange.helper)
    rows = []
    for year, month in calendar_months(first, last):
        in_month = by_month.get(year * 12 + month) or _MonthHelp()
        month_start = date(year, month, 1)
        month_end = _month_end(year, month)
        inside_start = max(month_start, history.since) if history.since else month_start
        inside_end = min(month_end, last)
        active = [member for member in members if is_active(member, inside_end)]
        active_handles = {member.handle for member in active}
        rows.append(
            MonthRow(
                month=f"{year:04d}-{month:02d}",
                minutes=in_month.minutes,
                exchanges=in_month.exchanges,
                givers=len(in_month.helpers & active_handles),
                active=len(active),
                days=(inside_end - inside_start).days + 1,
                days_in_month=month_end.day,
                modes=in_month.modes,
            )
        )
    return rows


def calendar_months(first: date, last: date) -> Iterator[tuple[int, int]]:
    """Each (year, month) from the month of `first` to that of `last`, both included."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _edges(exchanges: Iterable[Exchange]) -> tuple[Edge, ...]:
    counts: Counter[tuple[str, str]] = Counter()
    for exchange in exchanges:
        for helped in exchange.helped:
            counts[(exchange.helper, helped)] += 1
    flows = pair_flows(exchanges)
    return tuple(
        Edge(helper, helped, minutes, counts[(helper, helped)])
        for (helper, helped), minutes in sorted(flows.items(), key=lambda item: (-item[1], item[0]))
    )


USEFUL_THANKS = 4


def thanks_rows(exchanges: Iterable[Exchange]) -> tuple[ThanksRow, ...]:
    """The help rated most useful, one row per helped person's own rating: the report's
    thanks, and the agenda's since the last meeting."""
    rows = [
        ThanksRow(
            exchange.id,
            exchange.date,
            exchange.helper,
            (given.by,),
            exchange.minutes,
            exchange.mode,
            exchange.topic,
            given.useful,
            given.note,
        )
        for exchange in exchanges
        for given in exchange.given_confirmations
        if given.useful is not None and given.useful >= USEFUL_THANKS
    ]
    rows.sort(key=lambda row: (-row.useful, -row.date.toordinal(), row.id, row.helped))
    return tuple(rows[:THANKS_COUNT])


def team_report(
    team: str,
    context: Context,
    findings: Sequence[Finding],
    period: Window | None = None,
    history: Window | None = None,
) -> TeamReport:
    """The team's figures over `period` (the charter's window by default) of the context.

    The findings are those evaluated on the context: the period narrows the tables and
    the months shown (`history`, the whole history by default), never the warnings.
    """
    period = period or context.window
    history = history or context.history
    exchanges = context.counted(period)
    active = {member.handle for member in context.active}
    balances = _balances_of(context.balances(period), active)
    parties = context.parties(period)
    rows = tuple(
        _member_row(balance, parties, balance.handle in active) for balance in balances.members
    )
    given = [row.given_minutes for row in rows if row.active]
    return TeamReport(
        team=team,
        as_of=context.as_of,
        window=period,
        evaluated=context.window,
        members=rows,
        total_minutes=balances.total_minutes,
        exchanges=balances.exchanges,
        active_members=len(active),
        givers=sum(1 for row in rows if row.active and row.given_minutes > 0),
        gini=gini(given),
        reciprocity=pair_reciprocity(pair_flows(exchanges)),
        effective_helpers=effective_number(row.given_minutes for row in rows),
        months=tuple(_months(history, context.counted(history), context.members)),
        edges=_edges(exchanges),
        thanks=thanks_rows(exchanges),
        findings=tuple(findings),
        meeting=meeting_cadence(context),
    )


def _balances_of(balances: Balances, handles: Collection[str]) -> Balances:
    """The balances of these people and of everyone named in an exchange: what
    `compute_balances` gives when given only these people as members (in which someone
    else who received nothing has received 0, not 0.0)."""
    return Balances(
        members=tuple(
            balance
            if balance.handle in handles or balance.received_count
            else replace(balance, received_minutes=0)
            for balance in balances.members
            if balance.handle in handles or balance.given_count or balance.received_count
        ),
        total_minutes=balances.total_minutes,
        exchanges=balances.exchanges,
    )


@dataclass(frozen=True)
class Partner:
    """Help exchanged with one other person over the statement's period."""

    handle: str
    minutes: float
    count: int


@dataclass(frozen=True)
class Statement(GivenAndReceived):
    """One person's record for a period, fit for a professional review.

    Minutes are person-minutes and counts are exchanges, as in every report; the
    findings are those the check raises about the person on `as_of`.
    """

    handle: str
    name: str | None
    team: str
    as_of: date
    window: Window
    evaluated: Window
    given_minutes: float
    received_minutes: float
    given_count: int
    received_count: int
    gave_to: tuple[Partner, ...]
    received_from: tuple[Partner, ...]
    topics: tuple[tuple[str, float], ...]
    more_topics: int
    modes_given: tuple[tuple[str, float], ...]
    modes_received: tuple[tuple[str, float], ...]
    useful_ratings: tuple[tuple[int, int], ...]
    mean_useful: float | None
    findings: tuple[Finding, ...]
    exchanges: tuple[Exchange, ...]
    # Each month with help: (month "YYYY-MM", minutes given, minutes received), counted as
    # `given_minutes` and `received_minutes` are.
    months: tuple[tuple[str, float, float], ...] = ()


def _partners(pairs: Iterable[tuple[str, float]]) -> tuple[Partner, ...]:
    minutes: dict[str, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    for handle, spent in pairs:
        minutes[handle] += spent
        counts[handle] += 1
    return tuple(
        Partner(handle, minutes[handle], counts[handle])
        for handle in sorted(minutes, key=lambda handle: (-minutes[handle], handle))
    )


def _mode_mix(
    exchanges: Iterable[Exchange], minutes_of: Callable[[Exchange], float]
) -> tuple[tuple[str, float], ...]:
    totals = dict.fromkeys(MODES, 0.0)
    for exchange in exchanges:
        totals[exchange.mode] += minutes_of(exchange)
    return tuple(totals.items())


TOPICS_SHOWN = 8


def _topics(given: Iterable[Exchange], received: Iterable[Exchange]) -> dict[str, float]:
    """Person-minutes by tag (the topic when untagged), split evenly over an exchange's tags.

    Split so that the topics add up to the given and received minutes.
    """
    topics: dict[str, float] = defaultdict(float)
    for exchange, minutes in (
        *((exchange, float(exchange.person_minutes)) for exchange in given),
        *((exchange, float(exchange.minutes)) for exchange in received),
    ):
        keys = exchange.tags or (exchange.topic,)
        for key in keys:
            topics[key] += minutes / len(keys)
    return topics


def statement(
    member: Member,
    team: str,
    context: Context,
    findings: Sequence[Finding],
    period: Window | None = None,
) -> Statement:
    """A member's statement over `period` (the charter's window by default) of the context.

    Only the findings about them are kept, exactly as evaluated on the context.
    """
    handle = member.handle
    period = period or context.window
    exchanges = context.counted(period)
    parties = context.parties(period)
    given = parties.given_by(handle)
    received = parties.received_by(handle)
    balance = compute_balances(exchanges, (member,)).of(handle)
    topics = sorted(_topics(given, received).items(), key=lambda item: (-item[1], item[0]))
    rated = Counter(ratings(given))
    mean, _ = _mean_useful(given)
    return Statement(
        handle=handle,
        name=member.name,
        team=team,
        as_of=context.as_of,
        window=period,
        evaluated=context.window,
        given_minutes=balance.given_minutes,
        received_minutes=balance.received_minutes,
        given_count=balance.given_count,
        received_count=balance.received_count,
        gave_to=_partners(
            (helped, exchange.minutes) for exchange in given for helped in exchange.helped
        ),
        received_from=_partners((exchange.helper, exchange.minutes) for exchange in received),
        topics=tuple(topics[:TOPICS_SHOWN]),
        more_topics=max(0, len(topics) - TOPICS_SHOWN),
        modes_given=_mode_mix(given, lambda exchange: exchange.person_minutes),
        modes_received=_mode_mix(received, lambda exchange: exchange.minutes),
        useful_ratings=tuple((rating, rated[rating]) for rating in range(1, 6)),
        mean_useful=mean,
        findings=findings_about(handle, findings),
        exchanges=tuple(
            sorted((*given, *received), key=lambda exchange: (exchange.date, exchange.id))
        ),
        months=_given_and_received_by_month(given, received, period, context.as_of),
    )


def _given_and_received_by_month(
    given: Sequence[Exchange], received: Sequence[Exchange], period: Window, as_of: date
) -> tuple[tuple[str, float, float], ...]:
    """Person-minutes given and minutes received in each month of the period, from its
    start (or the first month with help) to its end: a month without help is a month of
    zeros, not a gap. None at all when there was no help."""
    months: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for exchange in given:
        months[f"{exchange.date:%Y-%m}"][0] += exchange.person_minutes
    for exchange in received:
        months[f"{exchange.date:%Y-%m}"][1] += exchange.minutes
    days = [exchange.date for exchange in (*given, *received)]
    if not days:
        return ()
    first = period.since or min(days)
    last = max(min(period.until or as_of, as_of), *days)
    shown = [f"{year:04d}-{month:02d}" for year, month in calendar_months(first, last)]
    return tuple((key, months[key][0], months[key][1]) for key in shown)


def findings_about(handle: str, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The judged findings that name one person, as the check raised them."""
    return tuple(finding for finding in findings if finding.judged and handle in finding.members)
