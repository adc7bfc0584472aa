"""Requests for help as a table, JSON, CSV or Markdown, and the sentences of their steps."""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from rich import box
from rich.table import Table

from aidledger.i18n import _, format_short_day, ngettext, pgettext
from aidledger.model.records import Request
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
    status = request.status
    if status == "taken":
        # Translators: a request's status; {who} is the member who took it.
        return pgettext("request status", "taken by {who}").format(who=request.taken_by)
    if status == "open":
        return pgettext("request status", "open")
    if status == "done":
        return pgettext("request status", "done")
    if status == "dropped":
        return pgettext("request status", "dropped")
    return status


def _markdown_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "id"),
        pgettext("column", "opened"),
        pgettext("column", "by"),
        pgettext("column", "status"),
        pgettext("column", "needed by"),
        pgettext("column", "skills"),
        pgettext("column", "title"),
    )


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
        format_short_day(request.opened),
        request.by,
        status_text(request),
        format_short_day(request.needed_by) if request.needed_by is not None else "",
        ", ".join(request.skills),
        request.title,
    ]


def render_markdown(requests: Iterable[Request]) -> str:
    rows = (_cells(request) for request in requests)
    return "\n".join(markdown_table(_markdown_headers(), rows)) + "\n"


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
        title=ngettext("{count} request", "{count} requests", len(rows)).format(count=len(rows)),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    # Ids are copied into `take` and `done`, so they never wrap; titles wrap at words.
    table.add_column(pgettext("column", "id"), no_wrap=True)
    table.add_column(pgettext("column", "by"), max_width=12)
    table.add_column(pgettext("column", "status"), max_width=16)
    table.add_column(pgettext("column", "needed by"), no_wrap=True)
    table.add_column(pgettext("column", "skills"), max_width=14)
    table.add_column(pgettext("column", "title"), ratio=1, min_width=14)
    for request in rows:
        _id, _opened, by, status, needed, skills, title = _cells(request)
        cells = [shown_ids[request.id], by, status, needed, skills, title]
        table.add_row(*(plain(text) for text in cells))
    return to_text(table, width=width, color=color)


def _quoted(text: str) -> str:
    return repr(printable(text))


def asked(request: Request) -> str:
    """What `ask` prints: the new id on the first line, then the request in words."""
    # Translators: {title} is the request's title, quoted.
    sentence = _("Asked for help: {title} (open).").format(title=_quoted(request.title))
    return f"{request.id}\n{sentence}\n"


def _changed(path: str) -> str:
    # Translators: {path} is the file just written.
    return _("Changed {path}").format(path=path)


def taken(request: Request, path: str) -> str:
    # Translators: {id} is the request's id, {title} its title quoted, {who} who asked.
    took = _("Took {id}: {title}, asked by {who}.").format(
        id=request.id, title=_quoted(request.title), who=request.by
    )
    # Translators: {command} is the command to run, as it is typed.
    then = _("Once you have helped: {command}").format(
        command=f'aidledger done {request.id} DURATION "TOPIC"'
    )
    return f"{took}\n{_changed(path)}\n{then}\n"


def dropped(request: Request, path: str) -> str:
    # Translators: {id} is the request's id, {title} its title quoted.
    sentence = _("Dropped {id}: {title}.").format(id=request.id, title=_quoted(request.title))
    return f"{sentence}\n{_changed(path)}\n"


def closed(request: Request, path: str) -> str:
    # Translators: {id} is the request's id, {title} its title quoted.
    sentence = _("Closed {id} as done: {title}.").format(
        id=request.id, title=_quoted(request.title)
    )
    return f"{sentence}\n{_changed(path)}\n"


def answered(request: Request, before: Request, path: str) -> str:
    """What `log --request` adds: where the request now stands."""
    if request.status == before.status == "done":
        sentence = _("Request {id} was done already; it lists this help too.").format(id=request.id)
    elif request.status == before.status:
        # Translators: {status} is "open" or "taken by alice".
        sentence = _("Request {id} stays {status}; it lists this help.").format(
            id=request.id, status=status_text(request)
        )
    else:
        # Translators: {status} is "done" or "taken by alice".
        sentence = _("Request {id} is now {status}.").format(
            id=request.id, status=status_text(request)
        )
    return f"{sentence}\n{_changed(path)}\n"


def advice(paragraphs: Sequence[str], width: int = 100) -> str:
    """The charter's practical advice on how to help, one wrapped item a paragraph; nothing
    when the charter gives none."""
    if not paragraphs:
        return ""
    lines = ["", _("How to help, from the charter:")]
    for paragraph in paragraphs:
        lines += textwrap.wrap(
            printable(paragraph),
            width=max(40, width - 1),
            initial_indent="- ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    return "\n".join(lines) + "\n"
