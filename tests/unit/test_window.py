"""Windows of days are inclusive at both ends; `counted` picks the exchanges that count."""

from __future__ import annotations

from datetime import date

from aidledger.engine.window import Window, counted, window_ending

from .make import exchange

SINCE = date(2026, 11, 1)
UNTIL = date(2026, 11, 30)


def test_window_includes_its_first_day() -> None:
    """`since` is inside the window."""
    assert Window(SINCE, UNTIL).contains(SINCE)


def test_window_includes_its_last_day() -> None:
    """`until` is inside the window."""
    assert Window(SINCE, UNTIL).contains(UNTIL)


def test_window_excludes_the_days_around_it() -> None:
    """The day before `since` and the day after `until` are outside."""
    window = Window(SINCE, UNTIL)
    assert not window.contains(date(2026, 10, 31))
    assert not window.contains(date(2026, 12, 1))


def test_open_window_contains_every_day() -> None:
    """A window with neither end contains any day and has no length."""
    window = Window()
    assert window.contains(date(1, 1, 1))
    assert window.contains(date(9999, 12, 31))
    assert window.days is None


def test_half_open_window_is_bounded_on_one_side() -> None:
    """A window with only `since` holds every later day and no earlier one."""
    window = Window(since=SINCE)
    assert window.contains(date(2100, 1, 1))
    assert not window.contains(date(2026, 10, 31))


def test_window_days_count_both_ends() -> None:
    """November 1 to November 30 is 30 days."""
    assert Window(SINCE, UNTIL).days == 30


def test_window_ending_spans_the_given_days() -> None:
    """window_ending(as_of, 90) is 90 days long and ends on as_of."""
    window = window_ending(date(2026, 11, 27), 90)
    assert window.until == date(2026, 11, 27)
    assert window.days == 90
    assert window.since == date(2026, 8, 30)


def test_window_ending_one_day_is_just_as_of() -> None:
    """A one-day window ending on as_of holds only as_of."""
    as_of = date(2026, 11, 27)
    assert window_ending(as_of, 1) == Window(as_of, as_of)


def test_counted_keeps_exchanges_inside_the_window() -> None:
    """Only exchanges dated inside the window are counted, ends included."""
    inside = [exchange(id="a", date=SINCE), exchange(id="b", date=UNTIL)]
    outside = [exchange(id="c", date=date(2026, 10, 31)), exchange(id="d", date=date(2026, 12, 1))]
    assert counted([*inside, *outside], Window(SINCE, UNTIL), count_unconfirmed=True) == tuple(
        inside
    )


def test_counted_includes_unconfirmed_when_asked() -> None:
    """With count_unconfirmed, unconfirmed help counts."""
    unconfirmed = exchange(id="a", date=SINCE)
    assert counted([unconfirmed], Window(SINCE, UNTIL), count_unconfirmed=True) == (unconfirmed,)


def test_counted_drops_unconfirmed_when_not_counted() -> None:
    """Without count_unconfirmed, only confirmed help counts."""
    unconfirmed = exchange(id="a", date=SINCE)
    confirmed = exchange(id="b", date=SINCE, confirmation={"by": "bob", "on": SINCE})
    result = counted([unconfirmed, confirmed], Window(SINCE, UNTIL), count_unconfirmed=False)
    assert result == (confirmed,)


def test_counted_keeps_the_given_order() -> None:
    """Counted exchanges come out in the order they went in."""
    records = [exchange(id=name, date=SINCE) for name in ("c", "a", "b")]
    result = counted(records, Window(SINCE, UNTIL), count_unconfirmed=True)
    assert [record.id for record in result] == ["c", "a", "b"]
