"""The balance table in every format: terminal table, JSON, CSV and Markdown."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from aidledger.engine.balance import Balances
from aidledger.engine.window import Window
from aidledger.model.values import format_minutes, plural, signed_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import minutes_value, period_text, plain, to_text

COLUMNS = (
    "handle",
    "given_minutes",
    "received_minutes",
    "net_minutes",
    "given_count",
    "received_count",
)


def balance_rows(balances: Balances) -> list[dict[str, Any]]:
    return [
        {
            "handle": member.handle,
            "given_minutes": minutes_value(member.given_minutes),
            "received_minutes": minutes_value(member.received_minutes),
            "net_minutes": minutes_value(member.net_minutes),
            "given_count": member.given_count,
            "received_count": member.received_count,
        }
        for member in balances.members
    ]


def balance_document(balances: Balances, window: Window) -> dict[str, Any]:
    """The stable JSON shape of `aidledger balance --format json`."""
    return {
        "since": window.since.isoformat() if window.since else None,
        "until": window.until.isoformat() if window.until else None,
        "unit": "person-minutes",
        "members": balance_rows(balances),
        "team": {
            "total_minutes": minutes_value(balances.total_minutes),
            "exchanges": balances.exchanges,
        },
    }


def render_json(balances: Balances, window: Window) -> str:
    return json_text(balance_document(balances, window))


def render_csv(balances: Balances, window: Window) -> str:
    return csv_text(
        COLUMNS, ([row[column] for column in COLUMNS] for row in balance_rows(balances))
    )


def balance_table(balances: Balances, window: Window) -> Table:
    table = Table(title=f"Balance, {period_text(window)}", title_justify="left")
    table.add_column("member")
    for header in ("given", "received", "net", "gave", "got"):
        table.add_column(header, justify="right")
    for member in balances.members:
        table.add_row(
            plain(member.handle),
            format_minutes(member.given_minutes),
            format_minutes(member.received_minutes),
            signed_minutes(member.net_minutes),
            str(member.given_count),
            str(member.received_count),
        )
    return table


def render_table(
    balances: Balances, window: Window, *, width: int = 100, color: bool = False
) -> str:
    return to_text(balance_table(balances, window), totals_line(balances), width=width, color=color)


def totals_line(balances: Balances) -> str:
    return (
        f"{plural(balances.exchanges, 'exchange')}, "
        f"{format_minutes(balances.total_minutes)} of help "
        "(person-minutes: the minutes count once per person helped)."
    )


def render_markdown(balances: Balances, window: Window) -> str:
    rows = (
        (
            member.handle,
            format_minutes(member.given_minutes),
            format_minutes(member.received_minutes),
            signed_minutes(member.net_minutes),
            member.given_count,
            member.received_count,
        )
        for member in balances.members
    )
    headers = ("member", "given", "received", "net", "gave", "got")
    lines = [f"### Balance, {period_text(window)}", ""]
    lines += markdown_table(headers, rows, right=range(1, 6))
    lines += ["", totals_line(balances)]
    return "\n".join(lines) + "\n"
