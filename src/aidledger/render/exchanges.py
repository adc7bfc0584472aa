"""The list of exchanges as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from rich import box
from rich.table import Table

from aidledger.i18n import _, format_number, format_short_day, ngettext, pgettext
from aidledger.model.records import Confirmation, Exchange
from aidledger.model.values import format_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text
from aidledger.render.text import mode_label

# CSV holds machine values, one fact a column; lists (helped, tags) are joined with `;`.
CSV_HEADERS = (
    "id",
    "date",
    "helper",
    "helped",
    "minutes",
    "mode",
    "topic",
    "tags",
    "request",
    "confirmed",
    "confirmed_by",
    "confirmed_on",
    "useful",
    "note",
)
# The shortest id shown: the date, a dash and the helper's first letter.
SHORT_ID_MIN = len("2026-01-01-a")


def _common(one: str, other: str) -> int:
    """How many characters two ids share at their start."""
    shared = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def short_ids(ids: Iterable[str], known: Collection[str]) -> dict[str, str]:
    """Each id's shortest start that no other known id shares (at least the date and the
    helper's first letter): `confirm`, `show`, `edit` and `void` take any unique start."""
    wanted = list(ids)
    ordered = sorted(set(known) | set(wanted))
    place = {full: index for index, full in enumerate(ordered)}
    shortest: dict[str, str] = {}
    for full in wanted:
        index = place[full]
        # In sorted order, the ids sharing the longest start with this one are its neighbours.
        neighbours = ordered[max(0, index - 1) : index] + ordered[index + 1 : index + 2]
        shared = max((_common(full, other) for other in neighbours), default=0)
        shortest[full] = full[: min(len(full), max(SHORT_ID_MIN, shared + 1))]
    return shortest


def _confirmation_document(given: Confirmation) -> dict[str, Any]:
    return {
        "by": given.by,
        "on": given.on.isoformat(),
        "useful": given.useful,
        "note": given.note,
    }


def exchange_document(exchange: Exchange) -> dict[str, Any]:
    """An exchange as JSON: each helped person's confirmation apart, in `confirmations`."""
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
        "confirmed": exchange.confirmed,
        "waiting_for": list(exchange.waiting_for),
        "confirmations": [_confirmation_document(given) for given in _in_order(exchange)],
    }


def _in_order(exchange: Exchange) -> list[Confirmation]:
    """The confirmations given, in the order of the helped people."""
    given = (exchange.confirmation_of(handle) for handle in exchange.helped)
    return [confirmation for confirmation in given if confirmation is not None]


def _headers() -> tuple[str, ...]:
    """The columns of the Markdown list."""
    return (
        pgettext("column", "date"),
        pgettext("column", "id"),
        pgettext("column", "helper"),
        pgettext("column", "helped"),
        pgettext("column", "time"),
        pgettext("column", "mode"),
        pgettext("column", "topic"),
        # Translators: whether the people helped have confirmed the exchange.
        pgettext("column", "confirmed"),
    )


def _confirmed(exchange: Exchange, *, rating_alone: bool = False) -> str:
    """`yes` (with the rating of one person helped), `no`, or how many of a group have
    confirmed so far; the rating alone (`4/5`) when `rating_alone`."""
    given = _in_order(exchange)
    if not given:
        # Translators: the exchange is not confirmed.
        return pgettext("confirmed", "no")
    if len(exchange.helped) > 1:
        if exchange.confirmed:
            # Translators: the exchange is confirmed.
            return pgettext("confirmed", "yes")
        # Translators: {confirmed} of the {helped} people helped have confirmed so far.
        return _("{confirmed} of {helped}").format(
            confirmed=format_number(len(given)), helped=format_number(len(exchange.helped))
        )
    useful = given[0].useful
    if useful is None:
        return pgettext("confirmed", "yes")
    if rating_alone:
        return f"{useful}/5"
    # Translators: the exchange is confirmed, and rated {useful} out of 5.
    return _("yes, {useful}/5").format(useful=useful)


def _cells(exchange: Exchange) -> list[str]:
    return [
        format_short_day(exchange.date),
        exchange.id,
        exchange.helper,
        ", ".join(exchange.helped),
        format_minutes(exchange.minutes),
        mode_label(exchange.mode),
        exchange.topic,
        _confirmed(exchange),
    ]


def render_json(exchanges: Iterable[Exchange]) -> str:
    return json_text([exchange_document(exchange) for exchange in exchanges])


def _csv_row(exchange: Exchange) -> list[object]:
    """One exchange a row. The confirmation columns hold one value for one helped person;
    for a group, one value per person who confirmed, joined with `;` in the order of
    `confirmed_by` (an unrated confirmation leaves its place in `useful` empty, and each
    note is written `handle: note`)."""
    given = _in_order(exchange)
    single = len(exchange.helped) == 1
    values = {
        **exchange_document(exchange),
        "helped": ";".join(exchange.helped),
        "tags": ";".join(exchange.tags),
        "confirmed_by": ";".join(confirmation.by for confirmation in given),
        "confirmed_on": ";".join(confirmation.on.isoformat() for confirmation in given),
        "useful": ";".join("" if each.useful is None else str(each.useful) for each in given),
        "note": "; ".join(
            confirmation.note if single else f"{confirmation.by}: {confirmation.note}"
            for confirmation in given
            if confirmation.note is not None
        ),
    }
    if single and given:
        values["useful"] = given[0].useful
    return [values[name] for name in CSV_HEADERS]


def render_csv(exchanges: Iterable[Exchange]) -> str:
    return csv_text(CSV_HEADERS, (_csv_row(exchange) for exchange in exchanges))


def render_markdown(exchanges: Iterable[Exchange], *, show_confirmed: bool = True) -> str:
    """A Markdown table for a wiki page: full ids, which stay unique as the ledger grows;
    without the confirmed column when only unconfirmed help is listed."""
    headers = _headers()
    kept = len(headers) if show_confirmed else len(headers) - 1
    rows = (_cells(exchange)[:kept] for exchange in exchanges)
    return "\n".join(markdown_table(headers[:kept], rows, right=(4,))) + "\n"


def render_table(
    exchanges: Iterable[Exchange],
    *,
    width: int = 100,
    color: bool = False,
    known_ids: Collection[str] = (),
    show_confirmed: bool = True,
) -> str:
    """A terminal list that fits 80 columns: ids shortened to a unique start (which holds
    the date), helper and helped share a column, and topics keep the room left."""
    rows = list(exchanges)
    shown_ids = short_ids([exchange.id for exchange in rows], known_ids)
    table = Table(
        title=ngettext("{count} exchange", "{count} exchanges", len(rows)).format(
            count=format_number(len(rows))
        ),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    # Ids are copied into `confirm`, so they never wrap; topics wrap at words.
    table.add_column(pgettext("column", "id"), no_wrap=True)
    # Translators: the column of the helper and the people helped, "alice → bob".
    table.add_column(pgettext("column", "who"), max_width=14)
    table.add_column(pgettext("column", "time"), no_wrap=True)
    table.add_column(pgettext("column", "mode"), no_wrap=True)
    table.add_column(pgettext("column", "topic"), ratio=1, min_width=14)
    if show_confirmed:
        table.add_column(pgettext("column", "confirmed"), no_wrap=True, min_width=9)
    for exchange in rows:
        helped = ", ".join(exchange.helped)
        cells = [
            shown_ids[exchange.id],
            f"{exchange.helper} → {helped}",
            format_minutes(exchange.minutes),
            mode_label(exchange.mode),
            exchange.topic,
        ]
        if show_confirmed:
            cells.append(_confirmed(exchange, rating_alone=True))
        table.add_row(*(plain(text) for text in cells))
    return to_text(table, width=width, color=color)
