"""Turning rich renderables into text, with or without colour, at a fixed width."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from aidledger.engine.window import Window


def to_text(*renderables: RenderableType, width: int = 100, color: bool = False) -> str:
    """What a terminal of `width` columns would show; ANSI colours only when asked."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def period_text(window: Window) -> str:
    """A period for people: `2026-08-02 to 2026-10-30`, `the start to today`."""
    since = window.since.isoformat() if window.since else "the start"
    until = window.until.isoformat() if window.until else "today"
    return f"{since} to {until}"


def rounded(value: float | None) -> float | None:
    """A ratio for JSON: four decimals, or null."""
    return None if value is None else round(value, 4)


def minutes_value(minutes: float) -> int | float:
    """Minutes for JSON: whole numbers stay integers, decayed ones keep two decimals."""
    rounded = round(minutes, 2)
    return int(rounded) if rounded == int(rounded) else rounded
