"""Given and received minutes per member, credited per (helper, helped) pair."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
    """One member's figures over a period; counts and minutes are per (helper, helped) pair."""

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
) -> Balances:
    """Balances of the given exchanges; `weights` (by exchange id) scale minutes, e.g. decay.

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
        given[exchange.helper] += minutes * len(exchange.helped)
        given_count[exchange.helper] += len(exchange.helped)
        for handle in exchange.helped:
            received[handle] += minutes
            received_count[handle] += 1
        total += minutes * len(exchange.helped)
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
