"""Given and received minutes per member, credited per (helper, helped) pair."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    given: dict[str, float] = {member.handle: 0 for member in members}
    received = dict.fromkeys(given, 0.0)
    given_count = dict.fromkeys(given, 0)
    received_count = dict.fromkeys(given, 0)
    total = 0.0
    count = 0
    for exchange in exchanges:
        weight = 1.0 if weights is None else weights[exchange.id]
        minutes = exchange.minutes * weight
        count += 1
        for handle in (exchange.helper, *exchange.helped):
            for table in (given, received, given_count, received_count):
                table.setdefault(handle, 0)
        total += minutes * len(exchange.helped)
        helped = [
            handle
            for handle in exchange.helped
            if starts is None or watched_on(starts, handle, exchange.date)
        ]
        for handle in helped:
            received[handle] += minutes
            received_count[handle] += 1
        if starts is None or watched_on(starts, exchange.helper, exchange.date):
            given[exchange.helper] += minutes * len(exchange.helped)
            given_count[exchange.helper] += 1
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
