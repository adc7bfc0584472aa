"""Markdown tables and the one Markdown escaper, the way every renderer writes them.

Field text is data: in a table cell, a heading or a list item it is escaped by `cell`, so
that it adds no HTML (`<!--` would hide the rest of a page), no link, image, emphasis or
heading, and no table column, and it stays on its line. Text aidledger writes itself as
Markdown (a code span around a warning id) is marked `Markdown` and placed as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from aidledger.render.text import printable

# The ASCII punctuation that starts Markdown or HTML inline: a backslash before each makes
# it a literal character (CommonMark 2.4). `#` would start a heading (and, on GitHub, a
# link to an issue), `$` math, `~` strikethrough, `|` a table column, `&` an entity.
_ACTIVE = re.compile(r"[\\`*_\[\]<>|~&#$]")
# GitHub also links bare addresses (`https://...`, `www.`) and mentions `@name`, with no
# punctuation at all: an invisible zero-width space breaks each pattern, not the text.
_AUTOLINKS = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=\bwww)\.|@(?=\w)")
ZERO_WIDTH_SPACE = "\u200b"


class Markdown(str):
    """Text that is already Markdown, escaped or written by aidledger: `cell` keeps it."""

    __slots__ = ()


def cell(text: object) -> str:
    """Field text as inline Markdown that shows it literally, on one line."""
    if isinstance(text, Markdown):
        return text
    escaped = _ACTIVE.sub(lambda match: "\\" + match[0], printable(str(text)))
    return _AUTOLINKS.sub(lambda match: _broken(match[0]), escaped)


def _broken(found: str) -> str:
    return found + ZERO_WIDTH_SPACE if found in ":@" else ZERO_WIDTH_SPACE + found


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()
) -> list[str]:
    """The lines of a Markdown table; columns whose index is in `right` align right."""
    aligned = set(right)
    rule = "".join("---:|" if index in aligned else "---|" for index in range(len(headers)))
    lines = ["| " + " | ".join(headers) + " |", "|" + rule]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines
