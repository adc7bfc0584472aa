"""Offers of help and the meetings held, as a table, JSON, CSV or Markdown.

One column spec per list: the cells of each row are made once, and every format writes
them, each escaping field text its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rich.table import Table

from aidledger.engine.as_of_offers import offer_stands
from aidledger.i18n import _, format_day, format_short_day, ngettext, pgettext
from aidledger.model.records import Meeting, Offer
from aidledger.model.values import format_minutes
from aidledger.render.exchanges import short_ids
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text

OFFER_CSV_HEADERS = ("id", "opened", "by", "text", "skills", "minutes", "until", "status", "closed")


def _offer_headers() -> tuple[str, ...]:
    # The id starts with the day the offer was opened: the table has no column for it.
    return (
        pgettext("column", "id"),
        pgettext("column", "by"),
        pgettext("column", "offer"),
        pgettext("column", "skills"),
        pgettext("column", "time"),
        pgettext("column", "until"),
        pgettext("column", "status"),
    )


def _meeting_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "date"),
        pgettext("column", "recorded by"),
        pgettext("column", "notes"),
    )


def offer_state(offer: Offer, today: date) -> str:
    """`open`, `done`, or `lapsed` for an open offer whose `until` has passed."""
    if offer.status == "open" and not offer_stands(offer, today):
        return "lapsed"
    return offer.status


def _state_label(state: str) -> str:
    """An offer's state for people: `open`, `done`, `lapsed`."""
    if state == "open":
        return pgettext("offer status", "open")
    if state == "done":
        return pgettext("offer status", "done")
    if state == "lapsed":
        return pgettext("offer status", "lapsed")
    return state


def _offer_cells(offer: Offer, today: date) -> list[str]:
    return [
        offer.id,
        offer.by,
        offer.text,
        ", ".join(offer.skills),
        format_minutes(offer.minutes) if offer.minutes is not None else "",
        format_short_day(offer.until) if offer.until else "",
        _state_label(offer_state(offer, today)),
    ]


def render_offers_table(
    offers: Sequence[Offer],
    today: date,
    known: Iterable[str] = (),
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    """The offers for people, each id by its shortest start unique among `known` ids
    (`offer done` takes any unique start)."""
    shortest = short_ids((offer.id for offer in offers), set(known))
    title = ngettext("{count} offer", "{count} offers", len(offers)).format(count=len(offers))
    table = Table(title=title, title_justify="left")
    for index, header in enumerate(_offer_headers()):
        table.add_column(header, no_wrap=index == 0)
    for offer in offers:
        cells = _offer_cells(offer, today)
        cells[0] = shortest[offer.id]
        table.add_row(*(plain(text) for text in cells))
    return to_text(table, width=width, color=color)


def offers_document(offers: Iterable[Offer], today: date) -> list[dict[str, Any]]:
    return [
        {
            "id": offer.id,
            "opened": offer.opened.isoformat(),
            "by": offer.by,
            "text": offer.text,
            "skills": list(offer.skills),
            "minutes": offer.minutes,
            "until": offer.until.isoformat() if offer.until else None,
            "status": offer.status,
            "closed": offer.closed.isoformat() if offer.closed else None,
            "stands": offer_stands(offer, today),
        }
        for offer in offers
    ]


def render_offers_json(offers: Iterable[Offer], today: date) -> str:
    return json_text(offers_document(offers, today))


def render_offers_csv(offers: Iterable[Offer], today: date) -> str:
    rows = (
        [
            offer.id,
            offer.opened.isoformat(),
            offer.by,
            offer.text,
            ";".join(offer.skills),
            offer.minutes if offer.minutes is not None else "",
            offer.until.isoformat() if offer.until else "",
            offer_state(offer, today),
            offer.closed.isoformat() if offer.closed else "",
        ]
        for offer in offers
    )
    return csv_text(OFFER_CSV_HEADERS, rows)


def render_offers_markdown(offers: Iterable[Offer], today: date) -> str:
    rows = (_offer_cells(offer, today) for offer in offers)
    return "\n".join(markdown_table(_offer_headers(), rows)) + "\n"


# --- meetings -------------------------------------------------------------------------------


def _meeting_cells(meeting: Meeting) -> list[str]:
    """A meeting's cells for CSV: machine values."""
    return [meeting.date.isoformat(), meeting.recorded_by or "", meeting.notes or ""]


def _meeting_text_cells(meeting: Meeting) -> list[str]:
    """A meeting's cells for people."""
    return [format_short_day(meeting.date), meeting.recorded_by or "", meeting.notes or ""]


def cadence_line(meetings: Sequence[Meeting], every_days: int, today: date) -> str:
    """The cadence promised and kept: `The charter promises a meeting every 14 days; the
    last was on 2026-10-23, 7 days ago.`"""
    if not meetings:
        return ngettext(
            "The charter promises a meeting every {count} day; none is recorded yet.",
            "The charter promises a meeting every {count} days; none is recorded yet.",
            every_days,
        ).format(count=every_days)
    promise = ngettext(
        "The charter promises a meeting every {count} day",
        "The charter promises a meeting every {count} days",
        every_days,
    ).format(count=every_days)
    last = meetings[-1].date
    days = (today - last).days
    if not days:
        # Translators: {promise} is "The charter promises a meeting every 14 days".
        return _("{promise}; the last was on {day}, today.").format(
            promise=promise, day=format_day(last)
        )
    # Translators: {promise} is "The charter promises a meeting every 14 days".
    return ngettext(
        "{promise}; the last was on {day}, {count} day ago.",
        "{promise}; the last was on {day}, {count} days ago.",
        days,
    ).format(promise=promise, day=format_day(last), count=days)


def render_meetings_table(
    meetings: Sequence[Meeting],
    every_days: int,
    today: date,
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    title = ngettext("{count} meeting", "{count} meetings", len(meetings)).format(
        count=len(meetings)
    )
    table = Table(title=title, title_justify="left")
    for header in _meeting_headers():
        table.add_column(header)
    for meeting in meetings:
        table.add_row(*(plain(text) for text in _meeting_text_cells(meeting)))
    return (
        to_text(table, width=width, color=color) + cadence_line(meetings, every_days, today) + "\n"
    )


def meetings_document(meetings: Iterable[Meeting], every_days: int) -> dict[str, Any]:
    return {
        "meeting_every_days": every_days,
        "meetings": [
            {
                "date": meeting.date.isoformat(),
                "recorded_by": meeting.recorded_by,
                "notes": meeting.notes,
            }
            for meeting in meetings
        ],
    }


def render_meetings_json(meetings: Iterable[Meeting], every_days: int) -> str:
    return json_text(meetings_document(meetings, every_days))


def render_meetings_csv(meetings: Iterable[Meeting]) -> str:
    return csv_text(
        ("date", "recorded_by", "notes"), (_meeting_cells(meeting) for meeting in meetings)
    )


def render_meetings_markdown(meetings: Iterable[Meeting]) -> str:
    rows = (_meeting_text_cells(meeting) for meeting in meetings)
    return "\n".join(markdown_table(_meeting_headers(), rows)) + "\n"
