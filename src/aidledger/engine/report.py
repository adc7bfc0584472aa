"""The team report and the personal statement, computed from a context; no I/O, no clock."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from aidledger.engine.balance import GivenAndReceived, MemberBalance, compute_balances
from aidledger.engine.context import Context
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
from aidledger.model.values import MODES

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
    taught_share: float | None
    mean_useful: float | None
    ratings: int
    active: bool


@dataclass(frozen=True)
class MonthRow:
    """Help in one calendar month of the window."""

    month: str
    minutes: float
    exchanges: int
    givers: int
    active: int

    @property
    def participation(self) -> float | None:
        return self.givers / self.active if self.active else None


@dataclass(frozen=True)
class Edge:
    """Minutes of help from one member to another over the window."""

    helper: str
    helped: str
    minutes: float
    count: int


@dataclass(frozen=True)
class TeamReport:
    """Everything `aidledger report` shows."""

    team: str
    as_of: date
    window: Window
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
    thanks: tuple[Exchange, ...]
    findings: tuple[Finding, ...]

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


def _member_row(
    member_balance: MemberBalance, exchanges: Sequence[Exchange], active: bool
) -> MemberRow:
    handle = member_balance.handle
    given = [exchange for exchange in exchanges if exchange.helper == handle]
    partners = {helped for exchange in given for helped in exchange.helped}
    partners |= {exchange.helper for exchange in exchanges if handle in exchange.helped}
    given_minutes = sum(exchange.minutes for exchange in given)
    taught = sum(exchange.minutes for exchange in given if exchange.mode == "taught")
    mean, ratings = _mean_useful(given)
    return MemberRow(
        handle=handle,
        given_minutes=member_balance.given_minutes,
        received_minutes=member_balance.received_minutes,
        given_count=member_balance.given_count,
        received_count=member_balance.received_count,
        partners=len(partners),
        taught_share=taught / given_minutes if given_minutes else None,
        mean_useful=mean,
        ratings=ratings,
        active=active,
    )


def _months(
    window: Window, exchanges: Sequence[Exchange], members: Sequence[Member]
) -> list[MonthRow]:
    days = [exchange.date for exchange in exchanges]
    first = window.since or min(days, default=None)
    last = window.until or max(days, default=None)
    if first is None or last is None:
        return []
    by_month: dict[str, list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        by_month[f"{exchange.date:%Y-%m}"].append(exchange)
    rows = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        in_month = by_month.get(key, [])
        month_end = _month_end(year, month, last)
        active = [member for member in members if is_active(member, month_end)]
        active_handles = {member.handle for member in active}
        rows.append(
            MonthRow(
                month=key,
                minutes=sum(exchange.person_minutes for exchange in in_month),
                exchanges=len(in_month),
                givers=len({exchange.helper for exchange in in_month} & active_handles),
                active=len(active),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def _month_end(year: int, month: int, last: date) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return min(last, date.fromordinal(following.toordinal() - 1))


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


def _thanks(exchanges: Iterable[Exchange]) -> tuple[Exchange, ...]:
    rated = [
        exchange
        for exchange in exchanges
        if exchange.confirmation is not None and (exchange.confirmation.useful or 0) >= 4
    ]
    rated.sort(
        key=lambda exchange: (
            -(exchange.confirmation.useful or 0) if exchange.confirmation else 0,
            -exchange.date.toordinal(),
            exchange.id,
        )
    )
    return tuple(rated[:THANKS_COUNT])


def team_report(team: str, context: Context, findings: Sequence[Finding]) -> TeamReport:
    """The team's figures over the context's window, with the findings already evaluated."""
    exchanges = context.counted()
    balances = compute_balances(exchanges, context.active)
    active = {member.handle for member in context.active}
    rows = tuple(
        _member_row(balance, exchanges, balance.handle in active) for balance in balances.members
    )
    given = [row.given_minutes for row in rows if row.active]
    return TeamReport(
        team=team,
        as_of=context.as_of,
        window=context.window,
        members=rows,
        total_minutes=balances.total_minutes,
        exchanges=balances.exchanges,
        active_members=len(active),
        givers=sum(1 for row in rows if row.active and row.given_minutes > 0),
        gini=gini(given),
        reciprocity=pair_reciprocity(pair_flows(exchanges)),
        effective_helpers=effective_number(row.given_minutes for row in rows),
        months=tuple(_months(context.history, context.counted(context.history), context.members)),
        edges=_edges(exchanges),
        thanks=_thanks(exchanges),
        findings=tuple(findings),
    )


@dataclass(frozen=True)
class Partner:
    """Help exchanged with one other person over the statement's period."""

    handle: str
    minutes: float
    count: int


@dataclass(frozen=True)
class Statement(GivenAndReceived):
    """One person's record for a period, fit for a professional review."""

    handle: str
    name: str | None
    team: str
    window: Window
    given_minutes: float
    received_minutes: float
    given_count: int
    received_count: int
    gave_to: tuple[Partner, ...]
    received_from: tuple[Partner, ...]
    topics: tuple[tuple[str, float], ...]
    modes_given: tuple[tuple[str, float], ...]
    modes_received: tuple[tuple[str, float], ...]
    useful_ratings: tuple[tuple[int, int], ...]
    mean_useful: float | None
    findings: tuple[Finding, ...]
    exchanges: tuple[Exchange, ...]


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


def statement(
    member: Member, team: str, context: Context, findings: Sequence[Finding]
) -> Statement:
    """A member's statement over the context's window; only findings about them are kept."""
    handle = member.handle
    exchanges = context.counted()
    given = [exchange for exchange in exchanges if exchange.helper == handle]
    received = [exchange for exchange in exchanges if handle in exchange.helped]
    balance = compute_balances(exchanges, (member,)).of(handle)
    topics: dict[str, float] = defaultdict(float)
    for exchange in (*given, *received):
        for key in exchange.tags or (exchange.topic,):
            topics[key] += exchange.minutes
    rated = Counter(ratings(given))
    mean, _ = _mean_useful(given)
    return Statement(
        handle=handle,
        name=member.name,
        team=team,
        window=context.window,
        given_minutes=balance.given_minutes,
        received_minutes=balance.received_minutes,
        given_count=balance.given_count,
        received_count=balance.received_count,
        gave_to=_partners(
            (helped, exchange.minutes) for exchange in given for helped in exchange.helped
        ),
        received_from=_partners((exchange.helper, exchange.minutes) for exchange in received),
        topics=tuple(sorted(topics.items(), key=lambda item: (-item[1], item[0]))[:8]),
        modes_given=_mode_mix(given, lambda exchange: exchange.person_minutes),
        modes_received=_mode_mix(received, lambda exchange: exchange.minutes),
        useful_ratings=tuple((rating, rated[rating]) for rating in range(1, 6)),
        mean_useful=mean,
        findings=tuple(
            finding
            for finding in findings
            if handle in finding.members and finding.id != "insufficient-data"
        ),
        exchanges=tuple(
            sorted((*given, *received), key=lambda exchange: (exchange.date, exchange.id))
        ),
    )
