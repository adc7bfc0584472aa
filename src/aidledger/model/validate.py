"""Checks across records (unknown handles, duplicate ids, dates in the future), as values.

A reference to a record that could not be read (its file was refused, or the record is
invalid) is not reported as unknown: the record's own problem is the one to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from aidledger.errors import Location, Problem
from aidledger.model.ledger import Ledger, Located, RecordT_co
from aidledger.model.records import Confirmation, Exchange, Meeting, Offer, Request
from aidledger.model.values import FUTURE_TOLERANCE_DAYS

# Where the settings are when the reader does not say: the file's name in the data root.
SETTINGS_NAME = "aidledger.toml"


def validate(ledger: Ledger, today: date) -> tuple[Problem, ...]:
    """Every problem that no single record shows on its own, sorted by place."""
    settings = ledger.settings_at or Located(ledger.settings, Location(SETTINGS_NAME))
    problems = [
        *_future(settings, "the start date", settings.record.started, today, "started"),
        *_duplicates(ledger.members, lambda member: member.handle, "member handle"),
        *_shared_emails(ledger),
        *_duplicates(ledger.exchanges, lambda exchange: exchange.id, "exchange id"),
        *_duplicates(ledger.requests, lambda request: request.id, "request id"),
        *_exchange_problems(ledger, today),
        *_request_problems(ledger, today),
        *offer_and_meeting_problems(ledger, today),
    ]
    return tuple(sorted(problems))


def _duplicates(
    located: Iterable[Located[RecordT_co]], key: Callable[[RecordT_co], str], what: str
) -> Iterator[Problem]:
    items = tuple(located)
    keys = [key(item.record) for item in items]
    if len(set(keys)) == len(keys):
        return
    first_seen: dict[str, Location] = {}
    for item, value in zip(items, keys, strict=True):
        if value in first_seen:
            yield Problem(item.origin, f"duplicate {what} {value!r} (also at {first_seen[value]})")
        else:
            first_seen[value] = item.origin


def _shared_emails(ledger: Ledger) -> Iterator[Problem]:
    """An email names one person: git's email is how aidledger knows who is acting."""
    owners: dict[str, str] = {}
    for located in ledger.members:
        member = located.record
        for index, email in enumerate(member.emails):
            key = email.lower()
            if key in owners:
                owner = owners[key]
                yield Problem(
                    located.at("emails", index),
                    f"the email {email!r} is given twice"
                    + (f" (also for {owner})" if owner != member.handle else ""),
                )
            else:
                owners[key] = member.handle


def _unknown(
    ledger: Ledger, located: Located[object], role: str, handle: str | None, *where: str | int
) -> Iterator[Problem]:
    unread = ledger.unread
    if (
        handle is not None
        and ledger.member(handle) is None
        and handle not in unread.handles
        and not unread.some_members
    ):
        yield Problem(
            located.at(*(where or (role,))),
            f"unknown member {handle!r} as {role}; add them with `aidledger member add {handle}`",
        )


def _gone(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str | int
) -> Iterator[Problem]:
    member = ledger.member(handle)
    if member is not None and member.left is not None and day > member.left:
        yield Problem(
            located.at(*where),
            f"{handle} left the team on {member.left}, before this help on {day}",
        )


def _not_yet_joined(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str | int
) -> Iterator[Problem]:
    """Help counts only between people who are both on the team: each must have joined."""
    member = ledger.member(handle)
    if member is not None and day < member.joined:
        yield Problem(
            located.at(*where),
            f"{handle} joined the team on {member.joined}, after this help on {day}",
        )


def _future(
    located: Located[object], what: str, day: date | None, today: date, *where: str | int
) -> Iterator[Problem]:
    """A day after `today` and its grace for writers ahead in time (FUTURE_TOLERANCE_DAYS)."""
    # A difference, not `today + grace`, so that no `today` can overflow the calendar.
    if day is not None and (day - today).days > FUTURE_TOLERANCE_DAYS:
        yield Problem(located.at(*where), f"{what} {day} is in the future (today is {today})")


def _confirmations(exchange: Exchange) -> Iterator[tuple[Confirmation, tuple[str | int, ...]]]:
    """Each confirmation of an exchange, with where it is written in the record."""
    if exchange.confirmation is not None:
        yield exchange.confirmation, ("confirmation",)
    for index, given in enumerate(exchange.confirmations):
        yield given, ("confirmations", index)


def _exchange_problems(ledger: Ledger, today: date) -> Iterator[Problem]:
    request_ids = {located.record.id for located in ledger.requests}
    clean = _CleanExchange(ledger, today, request_ids)
    for located in ledger.exchanges:
        if not clean(located.record):
            yield from _problems_of_exchange(ledger, today, request_ids, located)


class _CleanExchange:
    """Whether an exchange has none of the problems `_problems_of_exchange` finds.

    A quick yes for the usual record, so that only the few others are looked at in
    full: its people are known members on the team that day, its request is known, and
    no day of it is in the future.
    """

    def __init__(self, ledger: Ledger, today: date, request_ids: set[str]) -> None:
        # Each member's first and last day on the team.
        self.days = {
            handle: (member.joined, member.left or date.max)
            for handle, member in ledger.member_index.items()
        }
        self.latest = _latest_day(today)
        self.request_ids = request_ids

    def __call__(self, exchange: Exchange) -> bool:
        days = self.days
        latest = self.latest
        day = exchange.date
        if day > latest or not self.on_the_team(exchange.helper, day):
            return False
        for handle in exchange.helped:
            if not self.on_the_team(handle, day):
                return False
        if exchange.logged_by is not None and exchange.logged_by not in days:
            return False
        if exchange.request is not None and exchange.request not in self.request_ids:
            return False
        given = exchange.confirmation
        if given is not None and (given.by not in days or given.on > latest):
            return False
        for given in exchange.confirmations:
            if given.by not in days or given.on > latest:
                return False
        return True

    def on_the_team(self, handle: str, day: date) -> bool:
        span = self.days.get(handle)
        return span is not None and span[0] <= day <= span[1]


def _latest_day(today: date) -> date:
    """The last day that `_future` does not call in the future."""
    try:
        return today + timedelta(days=FUTURE_TOLERANCE_DAYS)
    except OverflowError:
        return date.max


def _problems_of_exchange(
    ledger: Ledger, today: date, request_ids: set[str], located: Located[Exchange]
) -> Iterator[Problem]:
    unread = ledger.unread
    exchange = located.record
    yield from _unknown(ledger, located, "helper", exchange.helper)
    yield from _not_yet_joined(ledger, located, exchange.helper, exchange.date, "helper")
    yield from _gone(ledger, located, exchange.helper, exchange.date, "helper")
    for index, handle in enumerate(exchange.helped):
        yield from _not_yet_joined(ledger, located, handle, exchange.date, "helped", index)
        yield from _gone(ledger, located, handle, exchange.date, "helped", index)
    for index, handle in enumerate(exchange.helped):
        yield from _unknown(ledger, located, "helped", handle, "helped", index)
    yield from _unknown(ledger, located, "logged_by", exchange.logged_by)
    yield from _future(located, "the date", exchange.date, today, "date")
    for given, where in _confirmations(exchange):
        yield from _unknown(ledger, located, "confirmer", given.by, *where, "by")
        yield from _future(located, "the confirmation date", given.on, today, *where, "on")
    request = exchange.request
    if request is not None and _unknown_key(
        request, request_ids, unread.request_ids, unread.some_requests
    ):
        yield Problem(located.at("request"), f"unknown request {request!r}")


def _unknown_key(key: str, found: set[str], invalid: frozenset[str], some_unread: bool) -> bool:
    """No record has the key, and none that could not be read might have it."""
    return key not in found and key not in invalid and not some_unread


def _request_problems(ledger: Ledger, today: date) -> Iterator[Problem]:
    # The set of every exchange id is made only if some request names an exchange.
    exchange_ids: set[str] = (
        {located.record.id for located in ledger.exchanges}
        if any(located.record.exchanges for located in ledger.requests)
        else set()
    )
    unread = ledger.unread
    for located in ledger.requests:
        request: Request = located.record
        yield from _unknown(ledger, located, "requester", request.by, "by")
        yield from _unknown(ledger, located, "taken_by", request.taken_by)
        yield from _future(located, "the opening date", request.opened, today, "opened")
        yield from _future(located, "the closing date", request.closed, today, "closed")
        for index, exchange_id in enumerate(request.exchanges):
            if _unknown_key(exchange_id, exchange_ids, unread.exchange_ids, unread.some_exchanges):
                yield Problem(located.at("exchanges", index), f"unknown exchange {exchange_id!r}")


def offer_and_meeting_problems(ledger: Ledger, today: date) -> Iterator[Problem]:
    """Offers made by members while on the team, one record per offer id and per meeting
    day, known people, and no day in the future."""
    yield from _duplicates(ledger.offers, lambda offer: offer.id, "offer id")
    yield from _duplicates(
        ledger.meetings, lambda meeting: meeting.date.isoformat(), "meeting on the day"
    )
    for located in ledger.offers:
        offer: Offer = located.record
        yield from _unknown(ledger, located, "offerer", offer.by, "by")
        yield from _on_the_team(ledger, located, offer.by, offer.opened, "by")
        yield from _future(located, "the opening date", offer.opened, today, "opened")
        yield from _future(located, "the closing date", offer.closed, today, "closed")
    for held in ledger.meetings:
        meeting: Meeting = held.record
        yield from _unknown(ledger, held, "recorded_by", meeting.recorded_by)
        yield from _future(held, "the meeting date", meeting.date, today, "date")


def _on_the_team(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str
) -> Iterator[Problem]:
    """An offer made on `day`: its person had joined the team and not left it by then."""
    member = ledger.member(handle)
    if member is not None and day < member.joined:
        yield Problem(
            located.at(*where),
            f"{handle} joined the team on {member.joined}, after this offer on {day}",
        )
    elif member is not None and member.left is not None and day > member.left:
        yield Problem(
            located.at(*where),
            f"{handle} left the team on {member.left}, before this offer on {day}",
        )
