"""The one duration parser, the one date parser and the way minutes are shown to people."""

from __future__ import annotations

from datetime import date

import pytest

from aidledger.errors import UsageError
from aidledger.model.values import (
    PAST_DATE_HINT,
    format_minutes,
    next_weekday,
    parse_date,
    parse_duration,
)

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("1h", 60),
        ("1h30", 90),
        ("1.5h", 90),
        ("90min", 90),
        ("1", 1),
        ("1440", 1440),
        ("24h", 1440),
    ],
)
def test_parse_duration_reads_the_documented_forms(text: str, minutes: int) -> None:
    """Every documented form of a duration reads as whole minutes."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["0", "0m", "1441", "25h", "abc", "1.5h30", "", "-5", "h", "1x"])
def test_parse_duration_refuses_with_a_usage_error(text: str) -> None:
    """Text that is not a duration of 1 to 1440 minutes is a UsageError, never a crash."""
    with pytest.raises(UsageError):
        parse_duration(text)


def test_parse_duration_error_names_the_text() -> None:
    """The refusal quotes what was typed, so the user sees what to fix."""
    with pytest.raises(UsageError, match="'abc'"):
        parse_duration("abc")


def test_parse_duration_out_of_range_says_the_bounds() -> None:
    """A duration out of range says how many minutes it made and the allowed range."""
    with pytest.raises(UsageError, match=r"1441 minutes.*between 1 and 1440"):
        parse_duration("1441")


def test_parse_duration_refuses_a_huge_number_of_minutes() -> None:
    """Even an absurdly long number of minutes is a UsageError, not a traceback."""
    with pytest.raises(UsageError):
        parse_duration("9" * 5000)


def test_parse_duration_refuses_an_infinite_number_of_hours() -> None:
    """A number of hours too large for a float is a UsageError, not a traceback."""
    with pytest.raises(UsageError):
        parse_duration("9" * 400 + "h")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 26)),
        ("30d", date(2026, 10, 28)),
        ("4w", date(2026, 10, 30)),
        ("0d", TODAY),
    ],
)
def test_parse_date_reads_iso_words_and_relative_days(text: str, day: date) -> None:
    """ISO dates, `today`, `yesterday`, `Nd` and `Nw` read relative to the given today."""
    assert parse_date(text, TODAY) == day


def test_parse_date_is_relative_to_the_today_argument() -> None:
    """The relative forms use the `today` passed in, not the clock."""
    assert parse_date("yesterday", date(2000, 1, 1)) == date(1999, 12, 31)


@pytest.mark.parametrize("text", ["", "friday", "2026-13-01", "2026-02-30", "30x", "-5d", "d"])
def test_parse_date_refuses_bad_text_with_a_usage_error(text: str) -> None:
    """Text that is not a date is a UsageError naming the text."""
    with pytest.raises(UsageError, match="cannot read the date"):
        parse_date(text, TODAY)


def test_parse_date_refuses_a_relative_date_before_year_one() -> None:
    """A relative date reaching before year 1 is a UsageError, not a traceback."""
    with pytest.raises(UsageError):
        parse_date("1000000d", TODAY)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0m"),
        (45, "45m"),
        (60, "1h"),
        (90, "1h30"),
        (125, "2h05"),
        (-195, "-3h15"),
        (44.6, "45m"),
    ],
)
def test_format_minutes_shows_hours_and_minutes(minutes: float, text: str) -> None:
    """Minutes show as `45m`, `2h` or `1h30`, rounded to whole minutes, with a sign if negative."""
    assert format_minutes(minutes) == text


def test_format_minutes_never_shows_minus_zero() -> None:
    """A value that rounds to zero minutes shows as `0m`, never `-0m`."""
    assert format_minutes(-0.4) == "0m"


def test_parse_duration_refuses_sixty_or_more_minutes_after_the_hours() -> None:
    """`1h90` is a typing slip, not 150 minutes: minutes after the hours stay below 60."""
    with pytest.raises(UsageError):
        parse_duration("1h90")
    assert parse_duration("1h59") == 119


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("tomorrow", date(2026, 11, 28)),
        ("+7d", date(2026, 12, 4)),
        ("+1d", date(2026, 11, 28)),
        ("in 7 days", date(2026, 12, 4)),
        ("in 1 day", date(2026, 11, 28)),
        ("In 2 Weeks", date(2026, 12, 11)),
        ("+2w", date(2026, 12, 11)),
    ],
)
def test_parse_date_reads_days_ahead(text: str, day: date) -> None:
    """`tomorrow`, `+Nd`/`+Nw` and `in N days`/`in N weeks` count forward from today."""
    assert parse_date(text, TODAY) == day
    assert parse_date(text, TODAY, ahead=True) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("saturday", date(2026, 11, 28)),
        ("monday", date(2026, 11, 30)),
        ("thursday", date(2026, 12, 3)),
        ("friday", date(2026, 12, 4)),
        ("Fri", date(2026, 12, 4)),
        ("wed", date(2026, 12, 2)),
    ],
)
def test_a_weekday_is_the_next_one_after_today(text: str, day: date) -> None:
    """For a day ahead, a weekday's name is the next such day; today's name is a week on."""
    assert TODAY.strftime("%A") == "Friday"
    assert parse_date(text, TODAY, ahead=True) == day


def test_next_weekday_is_never_today() -> None:
    """Every weekday's next occurrence is 1 to 7 days after today."""
    for weekday in range(7):
        later = next_weekday(TODAY, weekday)
        assert later.weekday() == weekday
        assert 1 <= (later - TODAY).days <= 7


def test_a_weekday_is_refused_for_a_day_that_has_come() -> None:
    """Outside a day ahead, `friday` could be last or next: it is refused with the past hint."""
    with pytest.raises(UsageError) as raised:
        parse_date("friday", TODAY)
    assert raised.value.hint == PAST_DATE_HINT


def test_a_day_ahead_hints_at_future_forms() -> None:
    """An unreadable day ahead is hinted with tomorrow, a weekday and +7d, not days back."""
    with pytest.raises(UsageError, match="cannot read the date 'soon'") as raised:
        parse_date("soon", TODAY, ahead=True)
    hint = raised.value.hint or ""
    assert "tomorrow" in hint and "friday" in hint and "+7d" in hint
    assert "back" not in hint and "yesterday" not in hint
