"""The list of exchanges as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.table import Table

from aidledger.model.records import Exchange
from aidledger.model.values import format_minutes, plural
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text

HEADERS = ("date", "id", "helper", "helped", "time", "mode", "topic", "confirmed")


def exchange_document(exchange: Exchange) -> dict[str, Any]:
    confirmation = exchange.confirmation
    return {
        "id": exchange.id,
        "date": exchange.date.isoformat(),
        "helper": exchange.helper,
        "helped": list(exchange.helped),
        "minutes": exchange.minutes,
        "topic": exchange.topic,
        "mode": exchange.mode,
        "tags": list(exchange.tags),
        "request": exchange.request,
        "confirmed": confirmation is not None,
        "confirmed_by": confirmation.by if confirmation else None,
        "confirmed_on": confirmation.on.isoformat() if confirmation else None,
        "useful": confirmation.useful if confirmation else None,
    }


def _confirmed(exchange: Exchange) -> str:
    if exchange.confirmation is None:
        return "no"
    useful = exchange.confirmation.useful
    return f"yes, {useful}/5" if useful is not None else "yes"


def _cells(exchange: Exchange) -> list[str]:
    return [
        exchange.date.isoformat(),
        exchange.id,
        exchange.helper,
        ", ".join(exchange.helped),
        format_minutes(exchange.minutes),
        exchange.mode,
        exchange.topic,
        _confirmed(exchange),
    ]


def render_json(exchanges: Iterable[Exchange]) -> str:
    return json_text([exchange_document(exchange) for exchange in exchanges])


def render_csv(exchanges: Iterable[Exchange]) -> str:
    return csv_text(HEADERS, (_cells(exchange) for exchange in exchanges))


def render_markdown(exchanges: Iterable[Exchange]) -> str:
    rows = (_cells(exchange) for exchange in exchanges)
    return "\n".join(markdown_table(HEADERS, rows, right=(4,))) + "\n"


def render_table(exchanges: Iterable[Exchange], *, width: int = 100, color: bool = False) -> str:
    """A terminal list: helper and helped share a column so that topics keep their width."""
    rows = list(exchanges)
    table = Table(
        title=plural(len(rows), "exchange"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    # Ids are copied into `confirm`, so they never wrap; topics wrap at words.
    for header in ("date", "id"):
        table.add_column(header, no_wrap=True)
    table.add_column("who")
    for header in ("time", "mode"):
        table.add_column(header, no_wrap=True)
    table.add_column("topic", ratio=1, min_width=12)
    table.add_column("confirmed", no_wrap=True, min_width=9)
    for exchange in rows:
        date, exchange_id, helper, helped, time, mode, topic, confirmed = _cells(exchange)
        short = confirmed.removeprefix("yes, ")
        cells = (date, exchange_id, f"{helper} → {helped}", time, mode, topic, short)
        table.add_row(*(plain(text) for text in cells))
    return to_text(table, width=width, color=color)
