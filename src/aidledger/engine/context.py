"""What every check reads: the ledger as of one day, the charter, and the periods it watches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from aidledger.engine.as_of import exchange_on, member_on, records_on, request_on
from aidledger.engine.as_of_offers import meeting_on, offer_on, offer_stands
from aidledger.engine.balance import Balances, compute_balances, watched_on
from aidledger.engine.charter_on import charter_on
from aidledger.engine.metrics import decay_weights
from aidledger.engine.window import Window, counted, window_ending
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
    meetings oldest first.
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
        if window is None or window == self.window:
            return self.in_window
        return counted(
            self.exchanges, window, count_unconfirmed=self.charter.rules.count_unconfirmed
        )

    @cached_property
    def in_window(self) -> tuple[Exchange, ...]:
        """The exchanges of the charter's window that count; most checks read these."""
        return counted(
            self.exchanges, self.window, count_unconfirmed=self.charter.rules.count_unconfirmed
        )

    def recent(self, days: int) -> Window:
        """The last `days` days up to `as_of`, for checks that keep a window of their own."""
        return window_ending(self.as_of, days)

    @cached_property
    def decayed_balances(self) -> Balances:
        """Person-minutes over the watched history, each exchange weighed 2^(-age/half-life)."""
        exchanges = self.counted(self.history)
        weights = decay_weights(exchanges, self.as_of, self.charter.rules.half_life_days)
        return compute_balances(exchanges, self.members, weights, starts=self.starts)

    @cached_property
    def logged_balances(self) -> Balances:
        """The same person-minutes as logged, with no decay: shown next to the decayed ones."""
        return compute_balances(self.counted(self.history), self.members, starts=self.starts)

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

    @property
    def first_day(self) -> date | None:
        """The first day the ledger knows of: `started` or the first exchange, else joining."""
        days = [exchange.date for exchange in self.exchanges]
        if self.started is not None:
            days.append(self.started)
        else:
            days += [member.joined for member in self.members]
        return min(days, default=None)


def _date_and_id(exchange: Exchange) -> tuple[date, str]:
    return (exchange.date, exchange.id)


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
    in_order = sorted(records_on(exchanges, as_of, exchange_on), key=_date_and_id)
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
