"""Markdown tables, the one way every renderer writes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    """A table cell: pipes escaped and line breaks flattened so the row stays one row."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()
) -> list[str]:
    """The lines of a Markdown table; columns whose index is in `right` align right."""
    aligned = set(right)
    rule = "".join("---:|" if index in aligned else "---|" for index in range(len(headers)))
    lines = ["| " + " | ".join(headers) + " |", "|" + rule]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines
