"""Periods of time: an inclusive window of days, and which exchanges count in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aidledger.model.records import Exchange


@dataclass(frozen=True)
class Window:
    """Days from `since` to `until`, both included; None leaves that side open."""

    since: date | None = None
    until: date | None = None

    def contains(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    @property
    def days(self) -> int | None:
        if self.since is None or self.until is None:
            return None
        return (self.until - self.since).days + 1


def window_ending(as_of: date, days: int) -> Window:
    """The `days` days that end on `as_of`, as_of included."""
    return Window(as_of - timedelta(days=days - 1), as_of)


def select(
    exchanges: Iterable[Exchange],
    window: Window,
    *,
    member: str | None = None,
    unconfirmed_only: bool = False,
) -> list[Exchange]:
    """The exchanges of a window, oldest first, optionally of one member or unconfirmed."""
    return sorted(
        (
            exchange
            for exchange in exchanges
            if window.contains(exchange.date)
            and (member is None or member == exchange.helper or member in exchange.helped)
            and not (unconfirmed_only and exchange.confirmed)
        ),
        key=lambda exchange: (exchange.date, exchange.id),
    )


def counted(
    exchanges: Iterable[Exchange], window: Window, *, count_unconfirmed: bool
) -> tuple[Exchange, ...]:
    """The exchanges inside the window that count: all of them, or, when only confirmed
    help counts, each narrowed to the helped people who confirmed it."""
    inside = (exchange for exchange in exchanges if window.contains(exchange.date))
    return counting(inside, count_unconfirmed=count_unconfirmed)


def counting(exchanges: Iterable[Exchange], *, count_unconfirmed: bool) -> tuple[Exchange, ...]:
    """The part of each exchange that counts, in the same order (see `counted`)."""
    if count_unconfirmed:
        return tuple(exchanges)
    confirmed = (exchange.confirmed_part for exchange in exchanges)
    return tuple(exchange for exchange in confirmed if exchange is not None)


def matching(
    exchanges: Iterable[Exchange],
    *,
    helper: str | None = None,
    helped: str | None = None,
    tags: tuple[str, ...] = (),
    mode: str | None = None,
) -> list[Exchange]:
    """The exchanges that pass every filter given: the filters combine with AND."""
    return [
        exchange
        for exchange in exchanges
        if (helper is None or exchange.helper == helper)
        and (helped is None or helped in exchange.helped)
        and all(tag in exchange.tags for tag in tags)
        and (mode is None or exchange.mode == mode)
    ]


def newest(exchanges: list[Exchange], limit: int | None, *, reverse: bool) -> list[Exchange]:
    """The `limit` newest of exchanges listed oldest first, as `git log -n` keeps the newest;
    newest first with `reverse`."""
    kept = exchanges if limit is None else exchanges[max(0, len(exchanges) - limit) :]
    return kept[::-1] if reverse else kept
