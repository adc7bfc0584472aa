"""What every check reads: the ledger as of one day, the charter, and the periods it watches."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter

from aidledger.engine.as_of import exchange_on, member_on, records_on, request_on
from aidledger.engine.as_of_offers import meeting_on, offer_on, offer_stands
from aidledger.engine.balance import Balances, compute_balances, watched_on, weighed_and_logged
from aidledger.engine.charter_on import charter_on
from aidledger.engine.metrics import day_decay_weights
from aidledger.engine.window import Window, counting, window_ending
from aidledger.model.charter import Charter
from aidledger.model.ledger import Ledger, is_active
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request


@dataclass(frozen=True)
class Context:
    """The ledger as it stood on `as_of`, and the charter's window that ends that day.

    Warnings are always evaluated on a context: a report's or a statement's period
    narrows what they show, never what the warnings look at. `started` is the day the
    team started its ledger: no person-level warning looks at days before it, nor at
    days before a member joined. `offers` and `meetings` are those known on `as_of`,
    meetings oldest first. `exchanges` are in order of date, then id (`make_context`
    puts them so): a window of them is then a slice, kept in that order.

    What depends on a window only (the exchanges that count in it, their balances, who
    gave and received them) is worked out once per window and kept.
    """

    members: tuple[Member, ...]
    exchanges: tuple[Exchange, ...]
    requests: tuple[Request, ...]
    charter: Charter
    as_of: date
    started: date | None = None
    offers: tuple[Offer, ...] = ()
    meetings: tuple[Meeting, ...] = ()

    @cached_property
    def window(self) -> Window:
        """The charter's `window_days` ending on `as_of`: the window of the window checks."""
        return window_ending(self.as_of, self.charter.rules.window_days)

    @cached_property
    def history(self) -> Window:
        return Window(None, self.as_of)

    @cached_property
    def active(self) -> tuple[Member, ...]:
        """Members active on `as_of`: only they are warned about."""
        return tuple(member for member in self.members if is_active(member, self.as_of))

    @cached_property
    def starts(self) -> dict[str, date]:
        """From which day each member is watched: the later of `started` and their joining."""
        return {
            member.handle: max(member.joined, self.started) if self.started else member.joined
            for member in self.members
        }

    def watched(self, handle: str, day: date) -> bool:
        """Whether a person-level warning about `handle` may look at `day`."""
        return watched_on(self.starts, handle, day)

    def counted(self, window: Window | None = None) -> tuple[Exchange, ...]:
        """Exchanges in the window (the charter's by default) that count under the charter."""
        window = window or self.window
        kept = self._counted.get(window)
        if kept is None:
            kept = counting(
                self.dated(window), count_unconfirmed=self.charter.rules.count_unconfirmed
            )
            self._counted[window] = kept
        return kept

    def dated(self, window: Window) -> tuple[Exchange, ...]:
        """The exchanges dated inside the window, whether they count or not, oldest first."""
        exchanges = self.exchanges
        low = 0 if window.since is None else bisect_left(exchanges, window.since, key=_date)
        high = (
            len(exchanges)
            if window.until is None
            else bisect_right(exchanges, window.until, key=_date)
        )
        return exchanges[low:high]

    @cached_property
    def in_window(self) -> tuple[Exchange, ...]:
        """The exchanges of the charter's window that count; most checks read these."""
        return self.counted(self.window)

    @cached_property
    def _counted(self) -> dict[Window, tuple[Exchange, ...]]:
        return {}

    @cached_property
    def _balances(self) -> dict[Window, Balances]:
        return {}

    @cached_property
    def _parties(self) -> dict[Window, Parties]:
        return {}

    def balances(self, window: Window | None = None) -> Balances:
        """Every member's person-minutes over the window (the charter's by default), as
        logged and from the first day, with no decay."""
        window = window or self.window
        kept = self._balances.get(window)
        if kept is None:
            kept = compute_balances(self.counted(window), self.members)
            self._balances[window] = kept
        return kept

    def parties(self, window: Window | None = None) -> Parties:
        """The counted exchanges of the window (the charter's by default), by who gave
        and by who received them."""
        window = window or self.window
        kept = self._parties.get(window)
        if kept is None:
            kept = Parties.of(self.counted(window))
            self._parties[window] = kept
        return kept

    def recent(self, days: int) -> Window:
        """The last `days` days up to `as_of`, for checks that keep a window of their own."""
        return window_ending(self.as_of, days)

    @cached_property
    def decayed_balances(self) -> Balances:
        """Person-minutes over the watched history, each exchange weighed 2^(-age/half-life)."""
        return self._history_balances[0]

    @cached_property
    def logged_balances(self) -> Balances:
        """The same person-minutes as logged, with no decay: shown next to the decayed ones."""
        return self._history_balances[1]

    @cached_property
    def _history_balances(self) -> tuple[Balances, Balances]:
        """The decayed and the logged balances, worked out in one pass."""
        exchanges = self.counted(self.history)
        weights = day_decay_weights(exchanges, self.as_of, self.charter.rules.half_life_days)
        return weighed_and_logged(exchanges, self.members, weights, starts=self.starts)

    def watched_days(self, member: Member) -> int:
        """How many days, `as_of` included, the member has been watched."""
        return (self.as_of - self.starts[member.handle]).days + 1

    @cached_property
    def standing_offers(self) -> tuple[Offer, ...]:
        """The offers that hold on `as_of`: open, not past their `until`, by active members."""
        active = {member.handle for member in self.active}
        return tuple(
            offer for offer in self.offers if offer.by in active and offer_stands(offer, self.as_of)
        )

    @property
    def last_meeting(self) -> Meeting | None:
        """The latest meeting held on or before `as_of`, if any."""
        return self.meetings[-1] if self.meetings else None

    @cached_property
    def first_day(self) -> date | None:
        """The first day the ledger knows of: `started` or the first exchange, else joining."""
        days = [self.exchanges[0].date] if self.exchanges else []
        if self.started is not None:
            days.append(self.started)
        else:
            days += [member.joined for member in self.members]
        return min(days, default=None)


@dataclass(frozen=True)
class Parties:
    """Exchanges by the person who gave them and by each person who received them, each
    in the order of the exchanges."""

    given: dict[str, tuple[Exchange, ...]]
    received: dict[str, tuple[Exchange, ...]]

    @classmethod
    def of(cls, exchanges: Iterable[Exchange]) -> Parties:
        given: dict[str, list[Exchange]] = defaultdict(list)
        received: dict[str, list[Exchange]] = defaultdict(list)
        for exchange in exchanges:
            given[exchange.helper].append(exchange)
            helped = exchange.helped
            # Once per exchange, as `handle in exchange.helped` reads it.
            for handle in helped if len(helped) == 1 else dict.fromkeys(helped):
                received[handle].append(exchange)
        return cls(
            {handle: tuple(kept) for handle, kept in given.items()},
            {handle: tuple(kept) for handle, kept in received.items()},
        )

    def given_by(self, handle: str) -> tuple[Exchange, ...]:
        return self.given.get(handle, ())

    def received_by(self, handle: str) -> tuple[Exchange, ...]:
        return self.received.get(handle, ())


def _date(exchange: Exchange) -> date:
    return exchange.date


def make_context(
    members: Iterable[Member],
    exchanges: Iterable[Exchange],
    requests: Iterable[Request],
    charter: Charter,
    as_of: date,
    started: date | None = None,
    *,
    offers: Iterable[Offer] = (),
    meetings: Iterable[Meeting] = (),
) -> Context:
    """The context of these records as they stood on `as_of` (see `engine.as_of` and
    `engine.as_of_offers`)."""
    # In date order, so that sums of decayed minutes do not depend on the order of files.
    in_order = sorted(records_on(exchanges, as_of, exchange_on), key=attrgetter("date", "id"))
    return Context(
        members=records_on(members, as_of, member_on),
        exchanges=tuple(in_order),
        requests=records_on(requests, as_of, request_on),
        # The rules and levels in force that day: a `[[change]]` applies from its `since`.
        charter=charter_on(charter, as_of),
        as_of=as_of,
        started=started,
        offers=tuple(
            sorted(records_on(offers, as_of, offer_on), key=lambda offer: (offer.opened, offer.id))
        ),
        meetings=tuple(
            sorted(records_on(meetings, as_of, meeting_on), key=lambda meeting: meeting.date)
        ),
    )


def ledger_context(ledger: Ledger, as_of: date) -> Context:
    """The context of a whole ledger as it stood on `as_of`."""
    return make_context(
        ledger.member_records(),
        ledger.iter_exchanges(),
        ledger.iter_requests(),
        ledger.charter,
        as_of,
        ledger.settings.started,
        offers=ledger.iter_offers(),
        meetings=ledger.iter_meetings(),
    )
