"""What every check reads: the records, the charter, the `as_of` date and the windows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from aidledger.engine.balance import Balances, compute_balances
from aidledger.engine.metrics import decay_weights
from aidledger.engine.window import Window, counted, window_ending
from aidledger.model.charter import Charter
from aidledger.model.ledger import is_active
from aidledger.model.records import Exchange, Member, Request


@dataclass(frozen=True)
class Context:
    """The ledger as of one day; `window` is the report's period, `history` what decays."""

    members: tuple[Member, ...]
    exchanges: tuple[Exchange, ...]
    requests: tuple[Request, ...]
    charter: Charter
    as_of: date
    window: Window
    history: Window

    @cached_property
    def active(self) -> tuple[Member, ...]:
        """Members active on `as_of`: only they are warned about."""
        return tuple(member for member in self.members if is_active(member, self.as_of))

    def counted(self, window: Window | None = None) -> tuple[Exchange, ...]:
        """Exchanges in the window (the report's by default) that count under the charter."""
        if window is None or window == self.window:
            return self.in_window
        return counted(
            self.exchanges, window, count_unconfirmed=self.charter.rules.count_unconfirmed
        )

    @cached_property
    def in_window(self) -> tuple[Exchange, ...]:
        """The exchanges of the report's window that count; most checks read these."""
        return counted(
            self.exchanges, self.window, count_unconfirmed=self.charter.rules.count_unconfirmed
        )

    def recent(self, days: int) -> Window:
        """The last `days` days up to `as_of`, for checks that keep a window of their own."""
        return window_ending(self.as_of, days)

    @cached_property
    def decayed_balances(self) -> Balances:
        """Minutes over the whole history, each exchange weighed 2^(-age/half-life)."""
        exchanges = self.counted(self.history)
        weights = decay_weights(exchanges, self.as_of, self.charter.rules.half_life_days)
        return compute_balances(exchanges, self.members, weights)

    def active_days(self, member: Member) -> int:
        return (self.as_of - member.joined).days + 1

    @property
    def first_day(self) -> date | None:
        """The earliest day the ledger knows of: first member joined or first exchange."""
        days = [member.joined for member in self.members]
        days += [exchange.date for exchange in self.exchanges]
        return min(days, default=None)


def make_context(
    members: Iterable[Member],
    exchanges: Iterable[Exchange],
    requests: Iterable[Request],
    charter: Charter,
    as_of: date,
    window: Window | None = None,
) -> Context:
    """A context as of `as_of`; the window defaults to the charter's `window_days`.

    Exchanges after `as_of` are left out: the ledger is read as it stood that day.
    """
    report_window = window or window_ending(as_of, charter.rules.window_days)
    return Context(
        members=tuple(members),
        exchanges=tuple(exchange for exchange in exchanges if exchange.date <= as_of),
        requests=tuple(request for request in requests if request.opened <= as_of),
        charter=charter,
        as_of=as_of,
        window=report_window,
        history=Window(report_window.since if window else None, as_of),
    )
