"""Random team histories as events, replayed by hand up to any day.

A history is a list of events, each on a day: members join and leave, help is logged and
later confirmed, requests are opened (taken or not) and later closed. `replay(history,
day)` builds the records a data folder would have held on that day, written here from
the events, not from the engine, so that the engine's "as of" can be checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import strategies as st

from aidledger.model.records import Confirmation, Exchange, Member, Request
from aidledger.model.values import MODES

HANDLES = ("alice", "bob", "carol", "dave", "erin")
START = date(2026, 1, 5)
END = date(2026, 11, 27)


@dataclass(frozen=True)
class Joined:
    handle: str
    on: date
    left: date | None


@dataclass(frozen=True)
class Logged:
    """Help logged by the helper (confirmed later, or never), or thanked for by the helped.

    A thanks is written on the day of its confirmation, which may be days after the help.
    """

    exchange: Exchange
    confirmation: Confirmation | None
    thanks: bool = False
    # The other people of group help, each confirming on their own day.
    others: tuple[Confirmation, ...] = ()


@dataclass(frozen=True)
class Opened:
    request: Request
    closed: date | None
    status: str


@dataclass(frozen=True)
class History:
    members: tuple[Joined, ...]
    logged: tuple[Logged, ...]
    opened: tuple[Opened, ...]


def replay(history: History, day: date) -> tuple[list[Member], list[Exchange], list[Request]]:
    """The records as they stood at the end of `day`: only what had happened by then."""
    members = [
        Member(handle=joined.handle, joined=joined.on, left=joined.left)
        if joined.left is not None and joined.left <= day
        else Member(handle=joined.handle, joined=joined.on)
        for joined in history.members
        if joined.on <= day
    ]
    exchanges = []
    for logged in history.logged:
        if logged.exchange.date > day:
            continue
        written = logged.confirmation.on if logged.thanks and logged.confirmation else None
        if written is not None and written > day:
            continue
        given = [logged.confirmation] if logged.confirmation is not None else []
        given = [
            confirmation for confirmation in [*given, *logged.others] if confirmation.on <= day
        ]
        if len(logged.exchange.helped) == 1:
            update: dict[str, object] = {"confirmation": given[0] if given else None}
        else:
            update = {"confirmations": tuple(given)}
        exchanges.append(logged.exchange.model_copy(update=update))
    requests = []
    for opened in history.opened:
        request = opened.request
        if request.opened > day:
            continue
        if opened.closed is not None and opened.closed <= day:
            request = request.model_copy(update={"status": opened.status, "closed": opened.closed})
        requests.append(request)
    return members, exchanges, requests


def everything(history: History) -> tuple[list[Member], list[Exchange], list[Request]]:
    """The records of the whole history, as the folder holds them at its end."""
    return replay(history, date.max)


days = st.dates(min_value=START, max_value=END)


@st.composite
def histories(draw: st.DrawFn, max_exchanges: int = 40) -> History:
    """A random history of five people, each joining and perhaps leaving."""
    members = []
    for handle in HANDLES:
        joined = draw(st.dates(min_value=START - timedelta(days=200), max_value=END))
        left = draw(st.none() | st.none() | st.dates(min_value=joined, max_value=END))
        members.append(Joined(handle, joined, left))
    logged = []
    for number in range(draw(st.integers(0, max_exchanges))):
        day = draw(days)
        present = [
            joined.handle
            for joined in members
            if joined.on <= day and (joined.left is None or day <= joined.left)
        ]
        if len(present) < 2:
            continue
        helper = draw(st.sampled_from(present))
        others = [handle for handle in present if handle != helper]
        helped = tuple(draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True)))
        exchange = Exchange(
            id=f"{day}-{helper}-{helped[0]}-{number:04d}",
            date=day,
            helper=helper,
            helped=helped,
            minutes=draw(st.integers(5, 300)),
            topic=draw(st.sampled_from(("CI", "release", "sql", "review"))),
            mode=draw(st.sampled_from(MODES)),
            tags=tuple(draw(st.lists(st.sampled_from(("ci", "sql", "deploy")), max_size=2))),
        )
        confirmation = None
        thanks = draw(st.booleans())
        if thanks or draw(st.booleans()):
            on = draw(st.dates(min_value=day, max_value=END))
            confirmation = Confirmation(
                by=helped[0], on=on, useful=draw(st.none() | st.integers(1, 5))
            )
        if thanks:
            exchange = exchange.model_copy(update={"logged_by": helped[0]})
        group = tuple(
            Confirmation(
                by=handle,
                on=draw(st.dates(min_value=day, max_value=END)),
                useful=draw(st.none() | st.integers(1, 5)),
            )
            for handle in helped[1:]
            if draw(st.booleans())
        )
        logged.append(Logged(exchange, confirmation, thanks, group))
    opened = []
    for number in range(draw(st.integers(0, 4))):
        day = draw(days)
        by = draw(st.sampled_from(HANDLES))
        taken_by = draw(st.none() | st.sampled_from(HANDLES))
        closed = draw(st.none() | st.dates(min_value=day, max_value=END))
        request = Request(
            id=f"{day}-{by}-r{number}",
            opened=day,
            by=by,
            title=f"Need number {number}",
            status="taken" if taken_by else "open",
            taken_by=taken_by,
        )
        status = draw(st.sampled_from(("done", "dropped")))
        opened.append(Opened(request, closed, status))
    return History(tuple(members), tuple(logged), tuple(opened))
