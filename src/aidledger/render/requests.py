"""Requests for help as a table, JSON, CSV or Markdown, and the sentences of their steps."""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from rich import box
from rich.table import Table

from aidledger.model.records import Request
from aidledger.model.values import plural
from aidledger.render.exchanges import short_ids
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text
from aidledger.render.text import printable

# One column spec per format. CSV holds machine values, one fact a column; lists (skills,
# exchanges) are joined with `;`.
CSV_HEADERS = (
    "id",
    "opened",
    "by",
    "title",
    "status",
    "skills",
    "detail",
    "needed_by",
    "taken_by",
    "closed",
    "exchanges",
)
MARKDOWN_HEADERS = ("id", "opened", "by", "status", "needed by", "skills", "title")
_LISTS = ("skills", "exchanges")


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def request_document(request: Request) -> dict[str, Any]:
    return {
        "id": request.id,
        "opened": request.opened.isoformat(),
        "by": request.by,
        "title": request.title,
        "status": request.status,
        "skills": list(request.skills),
        "detail": request.detail,
        "needed_by": _day(request.needed_by),
        "taken_by": request.taken_by,
        "closed": _day(request.closed),
        "exchanges": list(request.exchanges),
    }


def status_text(request: Request) -> str:
    """`open`, `taken by alice`, `done`, `dropped`: where a request stands, for people."""
    if request.status == "taken":
        return f"taken by {request.taken_by}"
    return request.status


def render_json(requests: Iterable[Request]) -> str:
    return json_text([request_document(request) for request in requests])


def _csv_row(request: Request) -> list[object]:
    document = request_document(request)
    return [";".join(document[name]) if name in _LISTS else document[name] for name in CSV_HEADERS]


def render_csv(requests: Iterable[Request]) -> str:
    return csv_text(CSV_HEADERS, (_csv_row(request) for request in requests))


def _cells(request: Request) -> list[str]:
    return [
        request.id,
        request.opened.isoformat(),
        request.by,
        status_text(request),
        _day(request.needed_by) or "",
        ", ".join(request.skills),
        request.title,
    ]


def render_markdown(requests: Iterable[Request]) -> str:
    rows = (_cells(request) for request in requests)
    return "\n".join(markdown_table(MARKDOWN_HEADERS, rows)) + "\n"


def render_table(
    requests: Iterable[Request],
    *,
    width: int = 100,
    color: bool = False,
    known_ids: Collection[str] = (),
) -> str:
    """A terminal list: ids shortened to a unique start (which holds the day it was opened),
    and titles keep the room left."""
    rows = list(requests)
    shown_ids = short_ids([request.id for request in rows], known_ids)
    table = Table(
        title=plural(len(rows), "request"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    # Ids are copied into `take` and `done`, so they never wrap; titles wrap at words.
    table.add_column("id", no_wrap=True)
    table.add_column("by", max_width=12)
    table.add_column("status", max_width=16)
    table.add_column("needed by", no_wrap=True)
    table.add_column("skills", max_width=14)
    table.add_column("title", ratio=1, min_width=14)
    for request in rows:
        _, _, by, status, needed, skills, title = _cells(request)
        cells = [shown_ids[request.id], by, status, needed, skills, title]
        table.add_row(*(plain(text) for text in cells))
    return to_text(table, width=width, color=color)


def _quoted(text: str) -> str:
    return repr(printable(text))


def asked(request: Request) -> str:
    """What `ask` prints: the new id on the first line, then the request in words."""
    return f"{request.id}\nAsked for help: {_quoted(request.title)} (open).\n"


def taken(request: Request, path: str) -> str:
    return (
        f"Took {request.id}: {_quoted(request.title)}, asked by {request.by}.\n"
        f"Changed {path}\n"
        f'Once you have helped: aidledger done {request.id} DURATION "TOPIC"\n'
    )


def dropped(request: Request, path: str) -> str:
    return f"Dropped {request.id}: {_quoted(request.title)}.\nChanged {path}\n"


def closed(request: Request, path: str) -> str:
    return f"Closed {request.id} as done: {_quoted(request.title)}.\nChanged {path}\n"


def answered(request: Request, before: Request, path: str) -> str:
    """What `log --request` adds: where the request now stands."""
    if request.status == before.status == "done":
        where = "was done already; it lists this help too"
    elif request.status == before.status:
        where = f"stays {status_text(request)}; it lists this help"
    else:
        where = f"is now {status_text(request)}"
    return f"Request {request.id} {where}.\nChanged {path}\n"


def advice(paragraphs: Sequence[str], width: int = 100) -> str:
    """The charter's practical advice on how to help, one wrapped item a paragraph; nothing
    when the charter gives none."""
    if not paragraphs:
        return ""
    lines = ["", "How to help, from the charter:"]
    for paragraph in paragraphs:
        lines += textwrap.wrap(
            printable(paragraph),
            width=max(40, width - 1),
            initial_indent="- ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    return "\n".join(lines) + "\n"
