"""The one period parser: hledger's period expressions, read relative to a given today."""

from __future__ import annotations

from datetime import date

import pytest

from aidledger.errors import UsageError
from aidledger.model.values import months_of, parse_period

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-2", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("last month", date(2026, 10, 1), date(2026, 10, 31)),
        ("last quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("last year", date(2025, 1, 1), date(2025, 12, 31)),
        ("last week", date(2026, 11, 16), date(2026, 11, 22)),
        ("last 30 days", date(2026, 10, 29), TODAY),
        ("last 1 day", TODAY, TODAY),
        ("last 2 weeks", date(2026, 11, 14), TODAY),
        ("  Last   Month ", date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_a_period_reads_as_its_first_and_last_day(text: str, first: date, last: date) -> None:
    """Each documented form of a period reads as its days, both included."""
    assert parse_period(text, TODAY) == (first, last)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("this month", date(2026, 11, 1)),
        ("this quarter", date(2026, 10, 1)),
        ("this year", date(2026, 1, 1)),
        ("this week", date(2026, 11, 23)),
        ("2026", date(2026, 1, 1)),
        ("2026-11", date(2026, 11, 1)),
        ("2026-Q4", date(2026, 10, 1)),
    ],
)
def test_a_period_that_ends_after_today_ends_today(text: str, first: date) -> None:
    """A period still running is cut to today: no help is logged in days to come."""
    assert parse_period(text, TODAY) == (first, TODAY)


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    """`last month` and `last quarter` cross the turn of the year."""
    january = date(2027, 1, 10)
    assert parse_period("last month", january) == (date(2026, 12, 1), date(2026, 12, 31))
    assert parse_period("last quarter", january) == (date(2026, 10, 1), date(2026, 12, 31))


def test_a_period_that_starts_after_today_is_refused() -> None:
    """A period wholly in the future is a usage error naming its first day."""
    with pytest.raises(UsageError, match="starts on 2027-01-01, after today"):
        parse_period("2027", TODAY)


@pytest.mark.parametrize(
    "text",
    ["", "2026-13", "2026-Q5", "last 0 days", "next month", "fortnight", "26-11", "x" * 5000],
)
def test_an_unreadable_period_is_a_usage_error_with_the_forms(text: str) -> None:
    """Text that is no period is refused with a hint listing the forms."""
    with pytest.raises(UsageError) as raised:
        parse_period(text, TODAY)
    assert raised.value.hint is not None and "2026-Q4" in raised.value.hint


def test_a_period_outside_the_years_the_ledger_holds_is_refused() -> None:
    """Years before 1900 are out of range, as for every date."""
    with pytest.raises(UsageError, match="out of range"):
        parse_period("1850", TODAY)


def test_months_of_cuts_the_first_and_last_month_to_the_days() -> None:
    """The months of a period are calendar months, cut to the period's first and last day."""
    assert months_of(date(2026, 7, 15), date(2026, 9, 3)) == (
        (date(2026, 7, 15), date(2026, 7, 31)),
        (date(2026, 8, 1), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2026, 9, 3)),
    )


def test_months_of_crosses_the_year() -> None:
    """December is followed by January of the next year."""
    assert [first.month for first, _ in months_of(date(2026, 11, 1), date(2027, 2, 1))] == [
        11,
        12,
        1,
        2,
    ]
