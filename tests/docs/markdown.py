"""Reading Markdown for the doc tests: fenced code blocks, the directive above each, tables.

A directive is an HTML comment on the line just above a fence, invisible once rendered:

    <!-- test: run -->            run the block (```sh or ```console) in the page's session
    <!-- test: file PATH -->      write the block to PATH in the page's session folder
    <!-- test: json COMMAND -->   the block must have the key shape of COMMAND's JSON output
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>[\w+-]*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*test:\s*(?P<directive>.+?)\s*-->\s*$")
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<title>.+?)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its language, its text and its directive."""

    path: Path
    line: int
    language: str
    text: str
    directive: str | None

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def action(self) -> str:
        return (self.directive or "").split(" ", 1)[0]

    @property
    def argument(self) -> str:
        parts = (self.directive or "").split(" ", 1)
        return parts[1].strip() if len(parts) == 2 else ""


def code_blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        above = _DIRECTIVE.match(lines[index - 1]) if index > 0 else None
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != opening["fence"]:
            end += 1
        blocks.append(
            Block(
                path=path,
                line=index + 1,
                language=opening["info"],
                text="\n".join(lines[index + 1 : end]) + "\n",
                directive=above["directive"] if above else None,
            )
        )
        index = end + 1
    return blocks


def prose_lines(path: Path) -> list[str]:
    """The lines of a Markdown file outside its code blocks."""
    kept = []
    fence: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        opening = _FENCE.match(line)
        if fence is None and opening is not None:
            fence = opening["fence"]
        elif fence is not None and line.rstrip() == fence:
            fence = None
        elif fence is None:
            kept.append(line)
    return kept


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, title) of every heading outside code blocks."""
    found = []
    for line in prose_lines(path):
        match = _HEADING.match(line)
        if match is not None:
            found.append((len(match["marks"]), match["title"]))
    return found


def section(path: Path, title: str) -> list[str]:
    """The prose lines under the heading `title`, up to the next heading of its level or above."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = level = None
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match is None:
            continue
        if start is None and match["title"] == title:
            start, level = number + 1, len(match["marks"])
        elif start is not None and level is not None and len(match["marks"]) <= level:
            return lines[start:number]
    if start is None:
        raise AssertionError(f"{path.name} has no heading {title!r}")
    return lines[start:]


def table_rows(lines: list[str]) -> list[list[str]]:
    """The body rows of the Markdown tables in `lines`, as lists of stripped cells."""
    rows = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|") or re.fullmatch(r"\|[\s:|-]+\|", stripped):
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        rows.append(cells)
    return rows
