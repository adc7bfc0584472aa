"""Checks across records (unknown handles, duplicate ids, dates in the future), as values.

A reference to a record that could not be read (its file was refused, or the record is
invalid) is not reported as unknown: the record's own problem is the one to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from aidledger.errors import Location, Problem
from aidledger.i18n import N_, _, format_day
from aidledger.model.ledger import Ledger, Located, RecordT_co
from aidledger.model.records import Confirmation, Exchange, Meeting, Offer, Request
from aidledger.model.values import FUTURE_TOLERANCE_DAYS

# Where the settings are when the reader does not say: the file's name in the data root.
SETTINGS_NAME = "aidledger.toml"

# A problem with a member named in a record, by the role (or the field) they are named in:
# {handle} is the handle quoted, {name} the same handle bare, for the command to run.
_UNKNOWN: dict[str, str] = {
    "helper": N_("unknown member {handle} as helper; add them with `aidledger member add {name}`"),
    "helped": N_("unknown member {handle} as helped; add them with `aidledger member add {name}`"),
    "logged_by": N_(
        "unknown member {handle} as logged_by; add them with `aidledger member add {name}`"
    ),
    "confirmer": N_(
        "unknown member {handle} as confirmer; add them with `aidledger member add {name}`"
    ),
    "requester": N_(
        "unknown member {handle} as requester; add them with `aidledger member add {name}`"
    ),
    "taken_by": N_(
        "unknown member {handle} as taken_by; add them with `aidledger member add {name}`"
    ),
    "offerer": N_(
        "unknown member {handle} as offerer; add them with `aidledger member add {name}`"
    ),
    "recorded_by": N_(
        "unknown member {handle} as recorded_by; add them with `aidledger member add {name}`"
    ),
}


def validate(ledger: Ledger, today: date) -> tuple[Problem, ...]:
    """Every problem that no single record shows on its own, sorted by place."""
    settings = ledger.settings_at or Located(ledger.settings, Location(SETTINGS_NAME))
    problems = [
        *_future(
            settings,
            N_("the start date {day} is in the future (today is {today})"),
            settings.record.started,
            today,
            "started",
        ),
        *_duplicates(
            ledger.members,
            lambda member: member.handle,
            N_("duplicate member handle {value} (also at {place})"),
        ),
        *_shared_emails(ledger),
        *_duplicates(
            ledger.exchanges,
            lambda exchange: exchange.id,
            N_("duplicate exchange id {value} (also at {place})"),
        ),
        *_duplicates(
            ledger.requests,
            lambda request: request.id,
            N_("duplicate request id {value} (also at {place})"),
        ),
        *_exchange_problems(ledger, today),
        *_request_problems(ledger, today),
        *offer_and_meeting_problems(ledger, today),
    ]
    return tuple(sorted(problems))


def _duplicates(
    located: Iterable[Located[RecordT_co]], key: Callable[[RecordT_co], str], message: str
) -> Iterator[Problem]:
    """A problem for each record whose key an earlier one has: `message` (marked with N_)
    names the key as {value} and the earlier record's place as {place}."""
    items = tuple(located)
    keys = [key(item.record) for item in items]
    if len(set(keys)) == len(keys):
        return
    first_seen: dict[str, Location] = {}
    for item, value in zip(items, keys, strict=True):
        if value in first_seen:
            text = _(message).format(value=repr(value), place=first_seen[value])
            yield Problem(item.origin, text)
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
                if owner != member.handle:
                    # Translators: {owner} is the handle of the member who gave it first.
                    text = _("the email {email} is given twice (also for {owner})")
                else:
                    text = _("the email {email} is given twice")
                yield Problem(
                    located.at("emails", index), text.format(email=repr(email), owner=owner)
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
        text = _(_UNKNOWN[role]).format(handle=repr(handle), name=handle)
        yield Problem(located.at(*(where or (role,))), text)


def _gone(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str | int
) -> Iterator[Problem]:
    member = ledger.member(handle)
    if member is not None and member.left is not None and day > member.left:
        text = _("{handle} left the team on {left}, before this help on {day}")
        yield Problem(
            located.at(*where),
            text.format(handle=handle, left=format_day(member.left), day=format_day(day)),
        )


def _not_yet_joined(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str | int
) -> Iterator[Problem]:
    """Help counts only between people who are both on the team: each must have joined."""
    member = ledger.member(handle)
    if member is not None and day < member.joined:
        text = _("{handle} joined the team on {joined}, after this help on {day}")
        yield Problem(
            located.at(*where),
            text.format(handle=handle, joined=format_day(member.joined), day=format_day(day)),
        )


def _future(
    located: Located[object], message: str, day: date | None, today: date, *where: str | int
) -> Iterator[Problem]:
    """A day after `today` and its grace for writers ahead in time (FUTURE_TOLERANCE_DAYS);
    `message` (marked with N_) names the day as {day} and today as {today}."""
    # A difference, not `today + grace`, so that no `today` can overflow the calendar.
    if day is not None and (day - today).days > FUTURE_TOLERANCE_DAYS:
        text = _(message).format(day=format_day(day), today=format_day(today))
        yield Problem(located.at(*where), text)


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
    yield from _future(
        located,
        N_("the date {day} is in the future (today is {today})"),
        exchange.date,
        today,
        "date",
    )
    for given, where in _confirmations(exchange):
        yield from _unknown(ledger, located, "confirmer", given.by, *where, "by")
        yield from _future(
            located,
            N_("the confirmation date {day} is in the future (today is {today})"),
            given.on,
            today,
            *where,
            "on",
        )
    request = exchange.request
    if request is not None and _unknown_key(
        request, request_ids, unread.request_ids, unread.some_requests
    ):
        yield Problem(located.at("request"), _("unknown request {id}").format(id=repr(request)))


_OPENED_AHEAD = N_("the opening date {day} is in the future (today is {today})")
_CLOSED_AHEAD = N_("the closing date {day} is in the future (today is {today})")


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
        yield from _future(located, _OPENED_AHEAD, request.opened, today, "opened")
        yield from _future(located, _CLOSED_AHEAD, request.closed, today, "closed")
        for index, exchange_id in enumerate(request.exchanges):
            if _unknown_key(exchange_id, exchange_ids, unread.exchange_ids, unread.some_exchanges):
                text = _("unknown exchange {id}").format(id=repr(exchange_id))
                yield Problem(located.at("exchanges", index), text)


def offer_and_meeting_problems(ledger: Ledger, today: date) -> Iterator[Problem]:
    """Offers made by members while on the team, one record per offer id and per meeting
    day, known people, and no day in the future."""
    yield from _duplicates(
        ledger.offers, lambda offer: offer.id, N_("duplicate offer id {value} (also at {place})")
    )
    yield from _duplicates(
        ledger.meetings,
        lambda meeting: meeting.date.isoformat(),
        # Translators: {value} is the day of the meeting, as written in its file.
        N_("duplicate meeting on the day {value} (also at {place})"),
    )
    for located in ledger.offers:
        offer: Offer = located.record
        yield from _unknown(ledger, located, "offerer", offer.by, "by")
        yield from _on_the_team(ledger, located, offer.by, offer.opened, "by")
        yield from _future(located, _OPENED_AHEAD, offer.opened, today, "opened")
        yield from _future(located, _CLOSED_AHEAD, offer.closed, today, "closed")
    for held in ledger.meetings:
        meeting: Meeting = held.record
        yield from _unknown(ledger, held, "recorded_by", meeting.recorded_by)
        yield from _future(
            held,
            N_("the meeting date {day} is in the future (today is {today})"),
            meeting.date,
            today,
            "date",
        )


def _on_the_team(
    ledger: Ledger, located: Located[object], handle: str, day: date, *where: str
) -> Iterator[Problem]:
    """An offer made on `day`: its person had joined the team and not left it by then."""
    member = ledger.member(handle)
    if member is not None and day < member.joined:
        text = _("{handle} joined the team on {joined}, after this offer on {day}")
        yield Problem(
            located.at(*where),
            text.format(handle=handle, joined=format_day(member.joined), day=format_day(day)),
        )
    elif member is not None and member.left is not None and day > member.left:
        text = _("{handle} left the team on {left}, before this offer on {day}")
        yield Problem(
            located.at(*where),
            text.format(handle=handle, left=format_day(member.left), day=format_day(day)),
        )
