"""Turning rich renderables into text, with or without colour, at a fixed width."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from aidledger.engine.window import Window
from aidledger.i18n import _, format_day
from aidledger.render.text import printable

# French puts a non-breaking space before `:` and `;`, in `43 %` and in `24 h 35`; rich
# takes it for a space and would break a line there. Inside `plain` text it travels as a
# private-use character rich keeps on its line, and `_Printable` gives it back when the
# lines are laid out.
_NO_BREAK = "\u00a0"
_UNBROKEN = "\ue000"


def plain(text: str, style: str = "") -> Text:
    """Field text for a terminal: never read as markup, on one line, without control codes,
    not broken at a non-breaking space."""
    return Text(printable(text).replace(_NO_BREAK, _UNBROKEN), style=style)


@dataclass(frozen=True)
class _Printable:
    """A renderable whose text reaches the terminal without control characters.

    Fields are made `plain` where they enter a table; this catches any that was not, after
    the layout, which control characters do not change: rich gives them no width.
    """

    renderable: RenderableType

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                text = "\n".join(printable(line) for line in segment.text.split("\n"))
                yield Segment(text.replace(_UNBROKEN, _NO_BREAK), segment.style)


def to_text(*renderables: RenderableType, width: int = 100, color: bool = False) -> str:
    """What a terminal of `width` columns would show; ANSI colours only when asked."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(_Printable(renderable))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def period_text(window: Window) -> str:
    """A period for people, as a title names it: `2026-08-02 to 2026-10-30`, `the start to
    today`."""
    since, until = window.since, window.until
    if since and until:
        # Translators: a period, in a title: "Balance, 2026-08-02 to 2026-10-30".
        return _("{since} to {until}").format(since=format_day(since), until=format_day(until))
    if since:
        # Translators: a period, in a title: "Balance, 2026-08-02 to today".
        return _("{since} to today").format(since=format_day(since))
    if until:
        # Translators: a period, in a title: "Balance, the start to 2026-10-30".
        return _("the start to {until}").format(until=format_day(until))
    # Translators: a period, in a title: "Balance, the start to today".
    return _("the start to today")


def rounded(value: float | None) -> float | None:
    """A ratio for JSON: four decimals, or null."""
    return None if value is None else round(value, 4)


def minutes_value(minutes: float) -> int | float:
    """Minutes for JSON: whole numbers stay integers, decayed ones keep two decimals."""
    rounded = round(minutes, 2)
    return int(rounded) if rounded == int(rounded) else rounded
