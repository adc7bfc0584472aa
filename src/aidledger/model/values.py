"""The values people type: the one duration parser, the one date parser, and their words."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from aidledger import i18n
from aidledger.errors import UsageError

HANDLE_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,39}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,159}$"
MAX_MINUTES = 1440
MINUTES_PER_WEEK = 7 * MAX_MINUTES
FIRST_YEAR = 1900
LAST_YEAR = 2999
# A writer ahead of the runner in time (help logged at 08:00 in Sydney, dated "today"
# there, checked by CI in UTC) dates records one day after the runner's today: no time
# zone is more than 14 hours ahead of UTC, so one day of grace covers every writer.
FUTURE_TOLERANCE_DAYS = 1
# Files larger than this are refused unread; `max_file_bytes` in aidledger.toml moves
# the limit, between the two bounds (aidledger.toml itself is read with the default).
DEFAULT_MAX_FILE_BYTES = 1024 * 1024
SMALLEST_MAX_FILE_BYTES = 4 * 1024
LARGEST_MAX_FILE_BYTES = 64 * 1024 * 1024


MAX_SHOWN = 60


def shown(value: object) -> str:
    """A value as a message quotes it, cut short so that a huge value cannot flood a report."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_SHOWN:
        # Python refuses to print an integer of more than 4,300 digits: never try.
        digits = round(value.bit_length() * 0.30103)
        return i18n.ngettext(
            "a number of about {count} digit", "a number of about {count} digits", digits
        ).format(count=digits)
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


class OutOfRange(ValueError):
    """A date outside the years the ledger holds."""


def in_range(day: date) -> date:
    """A date the ledger can hold: years 1900 to 2999, so that windows never overflow."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise OutOfRange(
            i18n._("{day} is out of range: use a year from {first} to {last}").format(
                day=i18n.format_day(day), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return day


Mode = Literal["taught", "pair", "did", "advice"]
MODES: tuple[Mode, ...] = ("taught", "pair", "did", "advice")

# Digits are bounded so that a runaway number reads as a mistake, never as an overflow.
_DURATION = re.compile(
    r"""^\s*(?:
        (?P<hours>\d{1,5}(?:\.\d{1,5})?)\s*h(?:ours?|rs?)?\s*(?P<rest>\d{1,5})?\s*(?:m|min|mins|minutes?)?
      | (?P<minutes>\d{1,7})\s*(?:m|min|mins|minutes?)?
    )\s*$""",
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
_RELATIVE = re.compile(r"^(?P<count>\d{1,7})\s*(?P<unit>d|w)$", re.ASCII)
_AHEAD = re.compile(r"^(?:\+|in\s+)(?P<count>\d{1,7})\s*(?P<unit>d|days?|w|weeks?)$", re.ASCII)


def parse_duration(
    text: str, *, minimum: int = 1, maximum: int = MAX_MINUTES, option: str | None = None
) -> int:
    """Whole minutes from `45`, `45m`, `90min`, `1h`, `1h30`, `1.5h`; 1 to 1440 of them.

    A weekly budget passes wider bounds (0 to a week). A problem names `option`, the
    option that gave the text (`--budget: cannot read ...`), when one did.
    """
    match = _DURATION.match(text)
    unread = i18n._("cannot read the duration {text}").format(text=repr(text))
    if match is None:
        raise UsageError(
            _of_option(option, unread),
            hint=i18n._("write minutes or hours, for instance 45, 45m, 90min, 1h, 1h30 or 1.5h"),
        )
    if match["minutes"] is not None:
        minutes = int(match["minutes"])
    else:
        hours = float(match["hours"])
        if match["rest"] is not None and "." in match["hours"]:
            raise UsageError(_of_option(option, unread), hint=i18n._("write 1h30 or 1.5h"))
        rest = int(match["rest"] or 0)
        if rest >= 60:
            # Translators: {rest} is 60 or more, minutes written after the hours (2h75).
            message = i18n._("cannot read the duration {text}: {rest} minutes after the hours")
            raise UsageError(
                _of_option(option, message.format(text=repr(text), rest=rest)),
                hint=i18n._("write the minutes past the hour below 60, for instance 2h30"),
            )
        minutes = round(hours * 60) + rest
    if not minimum <= minutes <= maximum:
        message = i18n.ngettext(
            "the duration {text} is {count} minute; it must be between {minimum} and {maximum}",
            "the duration {text} is {count} minutes; it must be between {minimum} and {maximum}",
            minutes,
        )
        raise UsageError(
            _of_option(
                option,
                message.format(
                    text=repr(text),
                    count=i18n.format_number(minutes),
                    minimum=i18n.format_number(minimum),
                    maximum=i18n.format_number(maximum),
                ),
            )
        )
    return minutes


def _of_option(option: str | None, message: str) -> str:
    """`--budget: cannot read ...`: a problem with the option that gave the text, if one did."""
    if not option:
        return message
    # Translators: {option} is a command-line option such as --budget; {problem} a sentence.
    return i18n._("{option}: {problem}").format(option=option, problem=message)


PAST_DATE_HINT = i18n.N_("write YYYY-MM-DD, today, yesterday, or a number of days back such as 30d")
FUTURE_DATE_HINT = i18n.N_(
    "write YYYY-MM-DD, today, tomorrow, a weekday such as friday (the next one),"
    " or a number of days ahead such as +7d or in 7 days"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """A date from ISO `YYYY-MM-DD`, `today`, `yesterday`, `30d`/`4w` before today, or
    `tomorrow`, `+7d`/`in 7 days` after it.

    `ahead` is for a day to come (`ask --needed-by`, `offer --until`): there a weekday's
    name (`friday`, `fri`) is the next such day after today, and the hint says what works.
    """
    try:
        day = _read_date(text.strip().lower(), today, ahead=ahead)
    except (ValueError, OverflowError):
        raise UsageError(
            i18n._("cannot read the date {text}").format(text=repr(text)),
            hint=i18n._(FUTURE_DATE_HINT if ahead else PAST_DATE_HINT),
        ) from None
    try:
        return in_range(day)
    except OutOfRange as error:
        # Translators: {text} is the date as typed; {problem} says why it is refused.
        message = i18n._("the date {text}: {problem}")
        raise UsageError(message.format(text=repr(text), problem=error)) from None


def _read_date(word: str, today: date, *, ahead: bool) -> date:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    relative = _RELATIVE.match(word)
    if relative is not None:
        return today - _span(relative)
    later = _AHEAD.match(word)
    if later is not None:
        return today + _span(later)
    if ahead:
        weekday = next((n for n, name in enumerate(WEEKDAYS) if word in (name, name[:3])), None)
        if weekday is not None:
            return next_weekday(today, weekday)
    return date.fromisoformat(word)


def _span(match: re.Match[str]) -> timedelta:
    count = int(match["count"])
    return timedelta(days=count * 7 if match["unit"].startswith("w") else count)


def next_weekday(today: date, weekday: int) -> date:
    """The first day after today that falls on `weekday` (Monday is 0): never today."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


# The one duration formatter, in the language being spoken: `45m`, `1h30` (`1 h 30`).
format_minutes = i18n.format_minutes


def signed_minutes(minutes: float) -> str:
    """A net balance for people: `+2h15`, `-45m`, `0m`."""
    text = format_minutes(minutes)
    return f"+{text}" if round(minutes) > 0 else text


# Periods, after hledger's period expressions: a year, a quarter or a month written as
# such, or a span counted back from today.
_YEAR = re.compile(r"^(?P<year>\d{4})$", re.ASCII)
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$", re.ASCII)
_QUARTER = re.compile(r"^(?P<year>\d{4})-?q(?P<quarter>[1-4])$", re.ASCII)
_NAMED = re.compile(r"^(?P<which>this|last)\s+(?P<unit>week|month|quarter|year)$", re.ASCII)
_LAST_COUNT = re.compile(r"^last\s+(?P<count>\d{1,5})\s+(?P<unit>days?|weeks?)$", re.ASCII)
PERIOD_HINT = i18n.N_(
    "write 2026, 2026-Q4, 2026-11, this month, last month, this quarter, last quarter,"
    " this year, last year, this week, last week, or last 30 days (or weeks)"
)


def parse_period(text: str, today: date) -> tuple[date, date]:
    """The first and last day of a period typed as hledger reads it: `2026-11`, `2026-Q4`,
    `2026`, `this month`, `last quarter`, `last 30 days`, `last 4 weeks`.

    Both days are included. A period that ends after `today` ends `today`; one that starts
    after it is refused, since no help has been logged there yet.
    """
    word = " ".join(text.strip().lower().split())
    try:
        first, last = _read_period(word, today)
        in_range(first)
        in_range(last)
    except OutOfRange as error:
        # Translators: {text} is the period as typed; {problem} says why it is refused.
        message = i18n._("the period {text}: {problem}")
        raise UsageError(message.format(text=shown(text), problem=error)) from None
    except ValueError:
        raise UsageError(
            i18n._("cannot read the period {text}").format(text=shown(text)),
            hint=i18n._(PERIOD_HINT),
        ) from None
    if first > today:
        message = i18n._("the period {text} starts on {first}, after today ({today})")
        raise UsageError(
            message.format(
                text=shown(text), first=i18n.format_day(first), today=i18n.format_day(today)
            )
        )
    return first, min(last, today)


def _read_period(word: str, today: date) -> tuple[date, date]:
    if match := _YEAR.match(word):
        return _year(int(match["year"]))
    if match := _QUARTER.match(word):
        return _quarter(int(match["year"]), int(match["quarter"]))
    if match := _MONTH.match(word):
        return _month(int(match["year"]), int(match["month"]))
    if match := _NAMED.match(word):
        return _named(match["unit"], today, back=match["which"] == "last")
    if match := _LAST_COUNT.match(word):
        count = int(match["count"])
        if count < 1:
            raise ValueError(word)
        days = count * (7 if match["unit"].startswith("week") else 1)
        return today - timedelta(days=days - 1), today
    raise ValueError(word)


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _month(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), _month(year, first_month + 2)[1]


def _named(unit: str, today: date, *, back: bool) -> tuple[date, date]:
    """This or last calendar week (Monday to Sunday), month, quarter or year."""
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) - timedelta(days=7 if back else 0)
        return monday, monday + timedelta(days=6)
    if unit == "year":
        return _year(today.year - back)
    if unit == "month":
        month = today.month - back
        return _month(today.year - (month == 0), month or 12)
    quarter = (today.month - 1) // 3 + 1 - back
    return _quarter(today.year - (quarter == 0), quarter or 4)


def months_of(first: date, last: date) -> tuple[tuple[date, date], ...]:
    """The calendar months from `first` to `last`, each cut to those days: for `--monthly`."""
    months = []
    start = first
    while start <= last:
        end = min(_month(start.year, start.month)[1], last)
        months.append((start, end))
        start = end + timedelta(days=1)
    return tuple(months)
