"""The counted exchanges as CSV or JSON Lines, for spreadsheets and query engines.

One exchange a row (a line): the same document as `aidledger exchanges --format json`
and the same columns as its CSV, then three more: `team`, `credited` (the helped people
the exchange counts for under the charter: all of them, or those who confirmed when only
confirmed help counts) and `person_minutes` (`minutes` once per person credited). Summed
per helper and per person credited, they give the figures of `aidledger balance`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from aidledger.model.records import Exchange
from aidledger.render.exchanges import CSV_HEADERS, _csv_row, exchange_document
from aidledger.render.spreadsheet import csv_text

EXPORT_COLUMNS = (*CSV_HEADERS, "team", "credited", "person_minutes")

# An exchange as listed, and the same exchange as it counts (narrowed to the people who
# confirmed it when only confirmed help counts).
Counted = tuple[Exchange, Exchange]


def _counting(counted: Exchange) -> dict[str, Any]:
    return {"credited": list(counted.helped), "person_minutes": counted.person_minutes}


def export_document(exchange: Exchange, counted: Exchange, team: str) -> dict[str, Any]:
    """One exchange as `exchanges --format json` lists it, with its team and what counts."""
    return {**exchange_document(exchange), "team": team, **_counting(counted)}


def json_line(document: Any) -> str:
    """One JSON document on one line, in ASCII: every other character is a `\\u` escape,
    which means the same to any reader, so no character of it acts on a terminal or a CI
    log (and a `##[` cannot start a legacy workflow command)."""
    return json.dumps(document, ensure_ascii=True).replace("##[", "##\\u005b")


def render_jsonl(exchanges: Iterable[Counted], *, team: str) -> str:
    return "".join(
        json_line(export_document(exchange, counted, team)) + "\n"
        for exchange, counted in exchanges
    )


def _csv_row_of(exchange: Exchange, counted: Exchange, team: str) -> list[object]:
    counting = _counting(counted)
    return [*_csv_row(exchange), team, ";".join(counting["credited"]), counting["person_minutes"]]


def render_csv(exchanges: Iterable[Counted], *, team: str) -> str:
    """CSV with every text cell neutralised for spreadsheets; lists joined with `;`."""
    return csv_text(
        EXPORT_COLUMNS,
        (_csv_row_of(exchange, counted, team) for exchange, counted in exchanges),
    )
