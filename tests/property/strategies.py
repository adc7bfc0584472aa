"""Hypothesis strategies for valid records, over a small team or over any handles."""

from __future__ import annotations

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from aidledger.model.records import Confirmation, Exchange, Member, Request
from aidledger.model.values import HANDLE_PATTERN, ID_PATTERN, MODES

# Modest runs by default; AIDLEDGER_DEEP_PROPERTIES=1 searches much longer. No deadline:
# some properties write a data folder to disk, whose timing varies.
PROPERTY = settings(
    max_examples=2000 if os.environ.get("AIDLEDGER_DEEP_PROPERTIES") else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Each example of a folder property writes a data folder several times.
FOLDER_PROPERTY = settings(PROPERTY, max_examples=max(10, PROPERTY.max_examples // 2))

TODAY = date(2026, 11, 27)
FIRST_DAY = date(2026, 1, 5)
TEAM = ("alice", "bob", "carol", "dave", "erin")

days = st.dates(min_value=FIRST_DAY, max_value=TODAY)
any_handles = st.from_regex(HANDLE_PATTERN, fullmatch=True)
any_ids = st.from_regex(ID_PATTERN.replace("{0,159}", "{0,30}"), fullmatch=True)
suffixes = st.from_regex(r"[a-z0-9]{6}", fullmatch=True)
tags = st.from_regex(r"[a-z0-9][a-z0-9._/+-]{0,12}", fullmatch=True)
emails = st.from_regex(r"[^@\s]{1,12}@[^@\s]{1,12}", fullmatch=True)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text a person might type, as a record keeps it: trimmed and not empty."""
    return st.text(max_size=max_size).map(str.strip).filter(bool)


@st.composite
def confirmations(draw: st.DrawFn, helped: tuple[str, ...], day: date) -> Confirmation:
    """A confirmation by one of the helped, on the day of the help or up to today."""
    return Confirmation(
        by=draw(st.sampled_from(helped)),
        on=draw(st.dates(min_value=day, max_value=max(day, TODAY))),
        useful=draw(st.none() | st.integers(1, 5)),
    )


@st.composite
def exchanges(
    draw: st.DrawFn,
    handles: tuple[str, ...] = TEAM,
    dates: st.SearchStrategy[date] = days,
    free_text: bool = False,
) -> Exchange:
    """A valid exchange between members of `handles`; `free_text` fills the optional fields."""
    helper = draw(st.sampled_from(handles))
    others = [handle for handle in handles if handle != helper]
    helped = tuple(draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True)))
    day = draw(dates)
    topic = draw(texts() if free_text else st.sampled_from(("ci", "release", "sql", "review")))
    optional = (st.none() | texts()) if free_text else st.none()
    # One helped person confirms in `confirmation`; a group may also confirm one by one.
    confirmation = draw(st.none() | confirmations(helped, day))
    group: tuple[Confirmation, ...] = ()
    if len(helped) > 1 and draw(st.booleans()):
        confirmation = None
        group = tuple(
            Confirmation(
                by=handle,
                on=draw(st.dates(min_value=day, max_value=max(day, TODAY))),
                useful=draw(st.none() | st.integers(1, 5)),
                note=draw(optional),
            )
            for handle in helped
            if draw(st.booleans())
        )
    return Exchange(
        id=f"{day.isoformat()}-{helper}-{helped[0]}-{draw(suffixes)}",
        date=day,
        helper=helper,
        helped=helped,
        minutes=draw(st.integers(1, 1440) if free_text else st.integers(1, 240)),
        topic=topic,
        mode=draw(st.sampled_from(MODES)),
        tags=tuple(draw(st.lists(tags, max_size=3))),
        request=draw(st.none() | any_ids) if free_text else None,
        logged_by=draw(st.none() | st.sampled_from(handles)),
        source=draw(optional),
        confirmation=confirmation,
        confirmations=group,
    )


def exchange_lists(
    handles: tuple[str, ...] = TEAM,
    dates: st.SearchStrategy[date] = days,
    min_size: int = 0,
    max_size: int = 25,
) -> st.SearchStrategy[list[Exchange]]:
    """Exchanges with distinct ids, as a valid ledger holds them."""
    return st.lists(
        exchanges(handles, dates),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda exchange: exchange.id,
    )


@st.composite
def members(
    draw: st.DrawFn, handle: st.SearchStrategy[str] = any_handles, free_text: bool = True
) -> Member:
    """A valid member; the optional fields drawn or left out."""
    joined = draw(st.dates(min_value=date(2020, 1, 1), max_value=TODAY))
    return Member(
        handle=draw(handle),
        name=draw(st.none() | texts()) if free_text else None,
        emails=tuple(draw(st.lists(emails, max_size=2))),
        skills=tuple(draw(st.lists(tags, max_size=3))),
        budget_minutes_per_week=draw(st.none() | st.integers(0, 10080)),
        joined=joined,
        left=draw(st.none() | st.dates(min_value=joined, max_value=joined + timedelta(days=900))),
    )


@st.composite
def teams(
    draw: st.DrawFn, handles: tuple[str, ...] = TEAM, *, may_leave: bool = True
) -> tuple[Member, ...]:
    """One member per handle, joined by the first day; some may have left since.

    A data folder must not hold help given or received after someone left, so folders
    written to disk take `may_leave=False`.
    """
    people = []
    for handle in handles:
        joined = draw(st.dates(min_value=date(2025, 1, 1), max_value=FIRST_DAY))
        leaving = st.dates(min_value=FIRST_DAY, max_value=TODAY) if may_leave else st.nothing()
        left = draw(st.none() | st.none() | leaving)
        people.append(
            Member(
                handle=handle,
                joined=joined,
                left=left,
                budget_minutes_per_week=draw(st.none() | st.integers(0, 600)),
            )
        )
    return tuple(people)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    """A valid request in any status, with the fields that status needs."""
    opened = draw(st.dates(min_value=date(2020, 1, 1), max_value=TODAY))
    status = draw(st.sampled_from(("open", "taken", "done", "dropped")))
    closed = (
        draw(st.dates(min_value=opened, max_value=opened + timedelta(days=400)))
        if status in ("done", "dropped")
        else None
    )
    taken_by = draw(any_handles) if status == "taken" else draw(st.none() | any_handles)
    return Request(
        id=draw(any_ids),
        opened=opened,
        by=draw(any_handles),
        title=draw(texts()),
        status=status,
        skills=tuple(draw(st.lists(tags, max_size=3))),
        detail=draw(st.none() | texts(200)),
        needed_by=draw(st.none() | st.dates(min_value=opened, max_value=date(2999, 12, 31))),
        taken_by=taken_by,
        closed=closed,
        exchanges=tuple(draw(st.lists(any_ids, max_size=3))),
    )


free_exchanges = exchanges(handles=TEAM, free_text=True)
