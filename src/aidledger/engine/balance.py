"""Given and received minutes per member, credited per (helper, helped) pair."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from aidledger.model.records import Exchange, Member

FAVOURABLE_RATIO = 0.5


class GivenAndReceived:
    """The net and the verdict of anything that knows what a person gave and received."""

    given_minutes: float
    received_minutes: float

    @property
    def net_minutes(self) -> float:
        return self.given_minutes - self.received_minutes

    @property
    def favourable(self) -> bool | None:
        """Favourable when one received at least half of what one gave.

        None when the person took no part: there is nothing to weigh.
        """
        if self.given_minutes == 0 and self.received_minutes == 0:
            return None
        return self.received_minutes >= FAVOURABLE_RATIO * self.given_minutes


@dataclass(frozen=True)
class MemberBalance(GivenAndReceived):
    """One member's figures over a period: person-minutes, and exchanges counted as records."""

    handle: str
    given_minutes: float = 0
    received_minutes: float = 0
    given_count: int = 0
    received_count: int = 0

    @property
    def give_share(self) -> float:
        """Smoothed share of giving, (G + 60) / (G + R + 120): 0.5 with no data."""
        return (self.given_minutes + 60) / (self.given_minutes + self.received_minutes + 120)


@dataclass(frozen=True)
class Balances:
    """Every member's balance and the team totals over a period."""

    members: tuple[MemberBalance, ...]
    total_minutes: float
    exchanges: int
    by_handle: dict[str, MemberBalance] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {balance.handle: balance for balance in self.members}
        object.__setattr__(self, "by_handle", index)

    def of(self, handle: str) -> MemberBalance:
        """One member's balance; zeros for someone who took no part."""
        return self.by_handle.get(handle) or MemberBalance(handle)


def compute_balances(
    exchanges: Iterable[Exchange],
    members: Iterable[Member] = (),
    weights: Mapping[str, float] | None = None,
    *,
    starts: Mapping[str, date] | None = None,
) -> Balances:
    """Balances of the given exchanges; `weights` (by exchange id) scale minutes, e.g. decay.

    Minutes are person-minutes: a helper is credited the minutes once per person
    helped, and each person helped with the minutes. Counts are exchanges, as records:
    an hour taught to two people is one exchange given, 2h given. With `starts`, a
    person is credited only with exchanges on or after their day in it.
    Every member listed appears, with zeros if they took no part; so does anyone named
    in an exchange.
    """
    weight_of = None if weights is None else lambda exchange: weights[exchange.id]
    weighed, _ = _tally(exchanges, members, weight_of, starts, also_logged=False)
    return weighed


def weighed_and_logged(
    exchanges: Iterable[Exchange],
    members: Iterable[Member],
    day_weights: Mapping[date, float],
    *,
    starts: Mapping[str, date] | None = None,
) -> tuple[Balances, Balances]:
    """`compute_balances` with weights and without them, in one pass over the exchanges;
    the weights are by day, the same for every exchange of a day (as decay is)."""
    weighed, logged = _tally(
        exchanges,
        members,
        lambda exchange: day_weights[exchange.date],
        starts,
        also_logged=True,
    )
    assert logged is not None
    return weighed, logged


def _tally(
    exchanges: Iterable[Exchange],
    members: Iterable[Member],
    weight_of: Callable[[Exchange], float] | None,
    starts: Mapping[str, date] | None,
    *,
    also_logged: bool,
) -> tuple[Balances, Balances | None]:
    """The balances of `compute_balances`, and with `also_logged` the same unweighed.

    Members start at 0 given and 0.0 received, others named in an exchange at 0 and 0;
    sums are made exchange by exchange in the order given, so that floats agree whatever
    is computed beside them.
    """
    handles = [member.handle for member in members]
    given: dict[str, float] = dict.fromkeys(handles, 0)
    received: dict[str, float] = dict.fromkeys(handles, 0.0)
    logged_given: dict[str, float] = dict.fromkeys(handles, 0)
    logged_received: dict[str, float] = dict.fromkeys(handles, 0.0)
    given_count = dict.fromkeys(handles, 0)
    received_count = dict.fromkeys(handles, 0)
    tables = (given, received, logged_given, logged_received, given_count, received_count)
    total = logged_total = 0.0
    count = 0
    for exchange in exchanges:
        weight = 1.0 if weight_of is None else weight_of(exchange)
        minutes = exchange.minutes * weight
        logged = exchange.minutes * 1.0
        count += 1
        helper = exchange.helper
        helped = exchange.helped
        day = exchange.date
        if helper not in given:
            for table in tables:
                table[helper] = 0
        for handle in helped:
            if handle not in given:
                for table in tables:
                    table[handle] = 0
        total += minutes * len(helped)
        logged_total += logged * len(helped)
        # `day >= starts.get(handle, day)` is `watched_on`, without a call per person.
        for handle in helped:
            if starts is None or day >= starts.get(handle, day):
                received[handle] += minutes
                received_count[handle] += 1
                if also_logged:
                    logged_received[handle] += logged
        if starts is None or day >= starts.get(helper, day):
            given[helper] += minutes * len(helped)
            given_count[helper] += 1
            if also_logged:
                logged_given[helper] += logged * len(helped)
    weighed = _balances(given, received, given_count, received_count, total, count)
    if not also_logged:
        return weighed, None
    logged_balances = _balances(
        logged_given, logged_received, given_count, received_count, logged_total, count
    )
    return weighed, logged_balances


def _balances(
    given: Mapping[str, float],
    received: Mapping[str, float],
    given_count: Mapping[str, int],
    received_count: Mapping[str, int],
    total: float,
    count: int,
) -> Balances:
    return Balances(
        members=tuple(
            MemberBalance(
                handle,
                given[handle],
                received[handle],
                given_count[handle],
                received_count[handle],
            )
            for handle in sorted(given)
        ),
        total_minutes=total,
        exchanges=count,
    )


def watched_on(starts: Mapping[str, date], handle: str, day: date) -> bool:
    """Whether `day` is on or after the person's first watched day (any day, when unknown)."""
    start = starts.get(handle)
    return start is None or day >= start


@dataclass(frozen=True)
class Month:
    """One column of `balance --monthly`: the month's first day counted, and its balances."""

    first: date
    balances: Balances

    @property
    def label(self) -> str:
        return self.first.strftime("%Y-%m")


def monthly_balances(
    exchanges: Iterable[Exchange],
    members: Iterable[Member],
    months: Iterable[tuple[date, date]],
) -> tuple[Month, ...]:
    """Each month's balances, from its first to its last day, both included."""
    members = tuple(members)
    listed = tuple(exchanges)
    return tuple(
        Month(
            first,
            compute_balances(
                (exchange for exchange in listed if first <= exchange.date <= last), members
            ),
        )
        for first, last in months
    )
