"""The balance table in every format: terminal table, JSON, CSV and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from aidledger.engine.balance import Balances, Month
from aidledger.engine.window import Window
from aidledger.i18n import N_, _, format_number, format_short_month, ngettext, pgettext
from aidledger.model.values import format_minutes, signed_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import Markdown
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


def balance_headers() -> tuple[str, ...]:
    """Minutes given and received, then how many exchanges: `#` marks the counts, so that
    they do not read as more words for the minutes beside them."""
    return (
        pgettext("column", "member"),
        pgettext("column", "given"),
        pgettext("column", "received"),
        pgettext("column", "net"),
        # Translators: how many exchanges a person gave help in ("#" means "number of").
        pgettext("column", "# given"),
        # Translators: how many exchanges a person received help in ("#" means "number of").
        pgettext("column", "# received"),
    )


def _balance_title(window: Window) -> str:
    # Translators: the title of the balance table; {period} is "2026-08-02 to 2026-10-30".
    return _("Balance, {period}").format(period=period_text(window))


def balance_table(balances: Balances, window: Window) -> Table:
    headers = balance_headers()
    table = Table(title=_balance_title(window), title_justify="left")
    table.add_column(headers[0])
    for header in headers[1:]:
        table.add_column(header, justify="right")
    for member in balances.members:
        table.add_row(
            plain(member.handle),
            format_minutes(member.given_minutes),
            format_minutes(member.received_minutes),
            signed_minutes(member.net_minutes),
            format_number(member.given_count),
            format_number(member.received_count),
        )
    table.add_section()
    table.add_row(*_total_cells(balances), style="bold")
    return table


def _total_cells(balances: Balances) -> tuple[str, ...]:
    """The totals row: the columns summed over the members (the nets sum to zero)."""
    members = balances.members
    given = sum(member.given_minutes for member in members)
    received = sum(member.received_minutes for member in members)
    return (
        # Translators: the row of a table that sums its columns.
        pgettext("label", "total"),
        format_minutes(given),
        format_minutes(received),
        signed_minutes(given - received),
        format_number(sum(member.given_count for member in members)),
        format_number(sum(member.received_count for member in members)),
    )


def render_table(
    balances: Balances, window: Window, *, width: int = 100, color: bool = False
) -> str:
    return to_text(balance_table(balances, window), totals_line(balances), width=width, color=color)


def totals_line(balances: Balances) -> str:
    count = balances.exchanges
    # Translators: {duration} is the help logged in {count} exchanges.
    return ngettext(
        "{count} exchange, {duration} of help "
        "(person-minutes: the minutes count once per person helped).",
        "{count} exchanges, {duration} of help "
        "(person-minutes: the minutes count once per person helped).",
        count,
    ).format(count=format_number(count), duration=format_minutes(balances.total_minutes))


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
    total = tuple(Markdown(f"**{text}**") for text in _total_cells(balances))
    lines = [f"### {_balance_title(window)}", ""]
    lines += markdown_table(balance_headers(), [*rows, total], right=range(1, 6))
    lines += ["", totals_line(balances)]
    return "\n".join(lines) + "\n"


def _monthly_rows(months: Sequence[Month], whole: Balances) -> list[tuple[str, list[float]]]:
    """Per member, the net of each month, then the net over the whole period."""
    return [
        (
            member.handle,
            [month.balances.of(member.handle).net_minutes for month in months]
            + [member.net_minutes],
        )
        for member in whole.members
    ]


def _monthly_help(months: Sequence[Month], whole: Balances) -> list[float]:
    """The help logged each month, and over the period, in person-minutes."""
    return [month.balances.total_minutes for month in months] + [whole.total_minutes]


def monthly_document(months: Sequence[Month], whole: Balances, window: Window) -> dict[str, Any]:
    """The JSON shape of `aidledger balance --monthly --format json`."""
    return {
        "since": window.since.isoformat() if window.since else None,
        "until": window.until.isoformat() if window.until else None,
        "unit": "person-minutes",
        "months": [month.label for month in months],
        "members": [
            {
                "handle": handle,
                "net_minutes": [minutes_value(net) for net in nets[:-1]],
                "total_net_minutes": minutes_value(nets[-1]),
            }
            for handle, nets in _monthly_rows(months, whole)
        ],
        "team": {
            "help_minutes": [minutes_value(month.balances.total_minutes) for month in months],
            "total_minutes": minutes_value(whole.total_minutes),
        },
    }


def render_monthly_json(months: Sequence[Month], whole: Balances, window: Window) -> str:
    return json_text(monthly_document(months, whole, window))


def render_monthly_csv(months: Sequence[Month], whole: Balances) -> str:
    headers = ("handle", *(month.label for month in months), "total")
    rows = (
        [handle, *(minutes_value(net) for net in nets)]
        for handle, nets in _monthly_rows(months, whole)
    )
    return csv_text(headers, rows)


def render_monthly_table(
    months: Sequence[Month],
    whole: Balances,
    window: Window,
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    # The title stands above the table, not in it: rich wraps a table's title to the
    # table's width, and a table of one month is narrower than its title.
    title = plain(_monthly_title(window), style="italic")
    table = Table()
    for index, header in enumerate(_monthly_headers(months)):
        table.add_column(header, justify="right" if index else "left")
    for handle, nets in _monthly_rows(months, whole):
        table.add_row(plain(handle), *(signed_minutes(net) for net in nets))
    table.add_section()
    help_cells = (format_minutes(minutes) for minutes in _monthly_help(months, whole))
    table.add_row(_help_logged(), *help_cells, style="bold")
    return to_text(title, table, _(MONTHLY_NOTE), width=width, color=color)


MONTHLY_NOTE = N_(
    "Each member's net (given minus received) per month; help logged: the person-minutes"
    " of help in the month, given and received alike."
)


def _monthly_title(window: Window) -> str:
    # Translators: the title of the monthly balance; {period} is "2026-08-02 to 2026-10-30".
    return _("Net balance by month, {period}").format(period=period_text(window))


def _monthly_headers(months: Sequence[Month]) -> tuple[str, ...]:
    """member, each month, total."""
    return (
        pgettext("column", "member"),
        *(format_short_month(month.first) for month in months),
        # Translators: the column of the net over the whole period.
        pgettext("column", "total"),
    )


def _help_logged() -> str:
    # Translators: the row of the person-minutes of help logged each month.
    return pgettext("label", "help logged")


def render_monthly_markdown(months: Sequence[Month], whole: Balances, window: Window) -> str:
    headers = _monthly_headers(months)
    rows: list[Sequence[object]] = [
        (handle, *(signed_minutes(net) for net in nets))
        for handle, nets in _monthly_rows(months, whole)
    ]
    help_row = (
        Markdown(f"**{_help_logged()}**"),
        *(Markdown(f"**{format_minutes(minutes)}**") for minutes in _monthly_help(months, whole)),
    )
    lines = [f"### {_monthly_title(window)}", ""]
    lines += markdown_table(headers, [*rows, help_row], right=range(1, len(headers)))
    lines += ["", _(MONTHLY_NOTE)]
    return "\n".join(lines) + "\n"
