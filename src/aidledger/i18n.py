"""The language people read: every sentence goes through `_` (gettext), every number, date
and duration through the formatters here, in the language of the command being run.

English is the language of the code (message ids are English sentences) and needs no
catalog. The CLI chooses the language once per command (`aidledger.cli.language`) and
activates its catalog here; everything else only reads it. JSON, CSV headers, warning ids,
file formats and command names never go through this module: they are the same in every
language.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

DOMAIN = "aidledger"
ENGLISH = "en"
# The languages aidledger speaks: English, and one catalog per other language in
# `aidledger/locale/<code>/LC_MESSAGES/aidledger.mo` (docs/translating.md).
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Language:
    """A language and its catalog; English has an empty one."""

    code: str = ENGLISH
    catalog: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations)

    @property
    def english(self) -> bool:
        return self.code == ENGLISH


class _Spoken:
    """The language being spoken: English until the CLI activates another."""

    language = Language()


def activate(language: Language) -> None:
    """Speak `language` from now on (the CLI calls this once per command)."""
    _Spoken.language = language


def active() -> Language:
    """The language being spoken."""
    return _Spoken.language


def _(message: str) -> str:
    """`message` in the active language."""
    return active().catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` (`1 exchange`, `2 exchanges`) in the active language; the
    placeholders are filled by the caller, `{count}` among them."""
    return active().catalog.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, where the same English word needs `context` to be
    translated right (a column header, a verb or a noun)."""
    return active().catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now: for constants made at
    import, translated with `_` where they are shown."""
    return message


def _babel_locale() -> Any:
    return _locale(active().code)


@cache
def _locale(code: str) -> Any:
    """Babel's data of a language, read once per process."""
    from babel import Locale

    return Locale.parse(code)


def format_number(value: float, digits: int = 0) -> str:
    """`43.5` in English, `43,5` in French: `digits` decimals, thousands grouped in French
    as the locale groups them (English keeps the bare digits aidledger always printed)."""
    if active().english:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=_babel_locale()))


def format_count(count: int) -> str:
    """A large whole number: `1,048,576` in English (as aidledger always wrote counts of
    bytes, characters and commits), `1 048 576` in French."""
    return f"{count:,}" if active().english else format_number(count)


def format_percent(ratio: float, digits: int = 0) -> str:
    """A share as a percentage: `43.5%` in English, `43,5 %` in French."""
    if active().english:
        return f"{ratio:.{digits}%}"
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return str(babel_percent(ratio, format=pattern, locale=_babel_locale())).replace(" ", "\u00a0")


def format_day(day: date) -> str:
    """A day in a sentence: `2026-12-01` in English (as ever), `2 décembre 2026` and
    `1er décembre 2026` in French."""
    if active().english:
        return day.isoformat()
    from babel.dates import format_date

    text = str(format_date(day, "long", locale=_babel_locale()))
    # French writes the first of a month as an ordinal: `1er décembre 2026`.
    if day.day == 1 and active().code == "fr" and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


def format_short_day(day: date) -> str:
    """A day in a table's column: `2026-12-01` in English, `1 déc. 2026` in French."""
    if active().english:
        return day.isoformat()
    from babel.dates import format_date

    return str(format_date(day, "medium", locale=_babel_locale()))


def format_month(month: date) -> str:
    """The month holding `month`: `2026-11` in English, `novembre 2026` in French."""
    if active().english:
        return f"{month.year:04d}-{month.month:02d}"
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMMM", month, locale=_babel_locale()))


def format_short_month(month: date) -> str:
    """The month holding `month` on a chart's axis: `2026-11`, `nov. 2026`."""
    if active().english:
        return f"{month.year:04d}-{month.month:02d}"
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMM", month, locale=_babel_locale()))


def format_minutes(minutes: float) -> str:
    """A duration for people: `45m`, `2h`, `1h30`, `-3h15` in English; `45 min`, `2 h`,
    `1 h 30`, `-3 h 15` in French."""
    whole = round(abs(minutes))
    sign = "-" if minutes < 0 and whole else ""
    hours, rest = divmod(whole, 60)
    if active().english:
        if hours == 0:
            return f"{sign}{rest}m"
        return f"{sign}{hours}h{rest:02d}" if rest else f"{sign}{hours}h"
    space = "\u00a0"
    if hours == 0:
        return f"{sign}{rest}{space}min"
    return f"{sign}{hours}{space}h{space}{rest:02d}" if rest else f"{sign}{hours}{space}h"


def format_list(words: list[str] | tuple[str, ...], conjunction: str = "and") -> str:
    """`a, b and c` in the active language; `conjunction` is `and` or `or`."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    head = ", ".join(words[:-1])
    if conjunction == "or":
        return _("{items} or {last}").format(items=head, last=words[-1])
    return _("{items} and {last}").format(items=head, last=words[-1])
