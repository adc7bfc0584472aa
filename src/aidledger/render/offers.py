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
from aidledger.model.records import Meeting, Offer
from aidledger.model.values import format_minutes, plural
from aidledger.render.exchanges import short_ids
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text

# The id starts with the day the offer was opened: the table has no column for it.
OFFER_HEADERS = ("id", "by", "offer", "skills", "time", "until", "status")
OFFER_CSV_HEADERS = ("id", "opened", "by", "text", "skills", "minutes", "until", "status", "closed")
MEETING_HEADERS = ("date", "recorded by", "notes")


def offer_state(offer: Offer, today: date) -> str:
    """`open`, `done`, or `lapsed` for an open offer whose `until` has passed."""
    if offer.status == "open" and not offer_stands(offer, today):
        return "lapsed"
    return offer.status


def _offer_cells(offer: Offer, today: date) -> list[str]:
    return [
        offer.id,
        offer.by,
        offer.text,
        ", ".join(offer.skills),
        format_minutes(offer.minutes) if offer.minutes is not None else "",
        offer.until.isoformat() if offer.until else "",
        offer_state(offer, today),
    ]


def _title(count: int, what: str) -> str:
    return plural(count, what)


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
    table = Table(title=_title(len(offers), "offer"), title_justify="left")
    for header in OFFER_HEADERS:
        table.add_column(header, no_wrap=header == "id")
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
    return "\n".join(markdown_table(OFFER_HEADERS, rows)) + "\n"


# --- meetings -------------------------------------------------------------------------------


def _meeting_cells(meeting: Meeting) -> list[str]:
    return [meeting.date.isoformat(), meeting.recorded_by or "", meeting.notes or ""]


def cadence_line(meetings: Sequence[Meeting], every_days: int, today: date) -> str:
    """The cadence promised and kept: `The charter promises a meeting every 14 days; the
    last was on 2026-10-23, 7 days ago.`"""
    promise = f"The charter promises a meeting every {plural(every_days, 'day')}"
    if not meetings:
        return f"{promise}; none is recorded yet."
    last = meetings[-1].date
    days = (today - last).days
    ago = f"{plural(days, 'day')} ago" if days else "today"
    return f"{promise}; the last was on {last}, {ago}."


def render_meetings_table(
    meetings: Sequence[Meeting],
    every_days: int,
    today: date,
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    table = Table(title=_title(len(meetings), "meeting"), title_justify="left")
    for header in MEETING_HEADERS:
        table.add_column(header)
    for meeting in meetings:
        table.add_row(*(plain(text) for text in _meeting_cells(meeting)))
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
    rows = (_meeting_cells(meeting) for meeting in meetings)
    return "\n".join(markdown_table(MEETING_HEADERS, rows)) + "\n"
