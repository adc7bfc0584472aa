"""CSV for spreadsheets, the one way every table writes it: text is never a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some
skip a leading tab, carriage return or spaces first), so a topic like
`=HYPERLINK("https://...")` would become a link, or worse. Such text cells get a leading
`'`, which spreadsheets read as "this is text". Numbers stay numbers: a net balance of
-15 is written `-15`, since only cells that hold text (Python `str`) are neutralized.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from aidledger.render.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_value(value: object) -> object:
    """A cell's value: text on one line and never a formula; numbers as they are."""
    if not isinstance(value, str):
        return value
    # Cleaned first: a control character in front must not hide the formula behind it.
    cleaned = printable(value)
    if value.lstrip(" ").startswith(FORMULA_STARTS) or cleaned.lstrip().startswith(FORMULA_STARTS):
        return "'" + cleaned
    return cleaned


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header row, then one row per item, every cell made safe by `spreadsheet_value`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([spreadsheet_value(value) for value in row] for row in rows)
    return buffer.getvalue()
