"""The catalogue of warnings as documentation: the defaults table, made from the registry."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from aidledger.engine.rules.spec import TEAM_MIN_MEMBERS, WarningSpec
from aidledger.render.markdown import Markdown, table

_REACHED = {
    "at_most": "at or below",
    "at_least": "at or above",
    "below": "below",
    "above": "above",
}
_SIDE = {
    "given": "given",
    "received": "received",
    "exchanges": "given or received",
    "given-recently": "given",
    "ratings": "",
    "helper-ratings": "",
}


def level(value: float | None) -> str:
    """A level as people write it: `0.2`, `10`, `2/3`, or `none`."""
    if value is None:
        return "none"
    fraction = Fraction(value).limit_denominator(12)
    if fraction.denominator == 3 and abs(float(fraction) - value) < 1e-9:
        return str(fraction)
    return f"{value:g}"


def _reached(spec: WarningSpec) -> Markdown:
    words = _REACHED[spec.comparison]
    if spec.floors:
        name = "floors" if len(spec.floors) > 1 else "floor"
        words += f" ({name}: {', '.join(f'`{floor}`' for floor in spec.floors)})"
    return Markdown(words)


def _period(spec: WarningSpec) -> str:
    return f"in {spec.days} days" if spec.days else "in the window"


def minimum_words(spec: WarningSpec) -> str:
    """The minimum data of a warning with its default settings, in words."""
    if spec.needs is not None:
        return spec.needs
    limits = spec.defaults
    count = limits.min_count or 0
    if spec.team_minimum:
        words = f"{TEAM_MIN_MEMBERS} members, {count} exchanges {_period(spec)}"
        if spec.history_days:
            words += f", {spec.history_days} days of history"
        return words
    if spec.member_days:
        return f"member for {spec.member_days} days"
    if spec.minimum is None or not count:
        return "none"
    things = "ratings" if spec.minimum in ("ratings", "helper-ratings") else "exchanges"
    side = _SIDE[spec.minimum]
    if spec.minimum == "given-recently":
        side += f" {_period(spec)}"
    amount = f"{count} {things}"
    if limits.min_minutes:
        amount += f" and {limits.min_minutes} minutes"
    words = f"{amount} {side}".rstrip()
    if limits.fail_min_minutes:
        words += f" (fail: {limits.fail_min_count} and {limits.fail_min_minutes})"
    elif limits.fail_min_count and limits.fail_min_count != count:
        words += f" (fail: {limits.fail_min_count})"
    return words


def defaults_table(specs: Iterable[WarningSpec]) -> list[str]:
    """The lines of the Markdown table of default levels, one row per warning."""
    rows = (
        (
            Markdown(f"`{spec.id}`"),
            _reached(spec),
            level(spec.defaults.warn),
            level(spec.defaults.fail),
            "—" if spec.defaults.helper_warn is None else level(spec.defaults.helper_warn),
            minimum_words(spec),
        )
        for spec in specs
    )
    headers = ("id", "reached when the value is", "warn", "fail", "helper warn", "minimum data")
    return table(headers, rows)
