"""Checks across records: each problem is a value pointing at the record it concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest

from aidledger.errors import Location
from aidledger.model.ledger import Ledger, Located
from aidledger.model.records import Exchange, Member, Request, Settings
from aidledger.model.validate import validate
from aidledger.model.values import FUTURE_TOLERANCE_DAYS

from .make import DAY, charter, exchange, member, members, request, settings

TODAY = date(2026, 11, 27)
TOMORROW = TODAY + timedelta(days=1)
DAY_AFTER_TOMORROW = TODAY + timedelta(days=2)
RecordT = TypeVar("RecordT")


def at(record: RecordT, path: str, line: int) -> Located[RecordT]:
    return Located(record, Location(path, line))


def team(*handles: str) -> tuple[Located[Member], ...]:
    return tuple(
        at(record, "members.toml", 4 * index + 1) for index, record in enumerate(members(*handles))
    )


def ledger(
    exchanges: tuple[Located[Exchange], ...] = (),
    requests: tuple[Located[Request], ...] = (),
    people: tuple[Located[Member], ...] | None = None,
) -> Ledger:
    people = team("alice", "bob", "carol") if people is None else people
    return Ledger(settings(), charter(), people, exchanges, requests)


def test_a_coherent_ledger_has_no_problems() -> None:
    """Known handles, unique ids, past dates and known requests give no problem."""
    help_given = exchange(request="2026-11-01-bob-q8x1z0", confirmation={"by": "bob", "on": DAY})
    asked = request(exchanges=[help_given.id])
    ledger_ = ledger((at(help_given, "exchanges/a.toml", 1),), (at(asked, "requests/r.toml", 1),))
    assert validate(ledger_, TODAY) == ()


def test_duplicate_exchange_id_points_at_the_second_and_names_the_first() -> None:
    """A repeated exchange id is reported at its second place, naming the first."""
    record = exchange()
    problems = validate(
        ledger((at(record, "exchanges/a.toml", 1), at(record, "exchanges/b.toml", 12))), TODAY
    )
    assert len(problems) == 1
    assert problems[0].location == Location("exchanges/b.toml", 12)
    assert "duplicate exchange id" in problems[0].message
    assert "exchanges/a.toml:1" in problems[0].message


def test_duplicate_member_handle_is_a_problem() -> None:
    """Two members with one handle are reported at the second."""
    people = (at(member("alice"), "members.toml", 1), at(member("alice"), "members.toml", 9))
    problems = validate(ledger(people=(*people, *team("bob"))), TODAY)
    assert [problem.location for problem in problems] == [Location("members.toml", 9)]
    assert "duplicate member handle 'alice'" in problems[0].message


def test_duplicate_request_id_is_a_problem() -> None:
    """Two requests with one id are reported at the second."""
    asked = request()
    problems = validate(
        ledger(requests=(at(asked, "requests/a.toml", 1), at(asked, "requests/a.toml", 7))), TODAY
    )
    assert [problem.location for problem in problems] == [Location("requests/a.toml", 7)]
    assert "duplicate request id" in problems[0].message


def test_unknown_helper_is_a_problem_at_the_exchange() -> None:
    """An exchange whose helper is not a member is reported at the exchange."""
    problems = validate(ledger((at(exchange(helper="dave"), "exchanges/a.toml", 3),)), TODAY)
    assert [problem.location for problem in problems] == [Location("exchanges/a.toml", 3)]
    assert "unknown member 'dave' as helper" in problems[0].message


def test_unknown_helped_person_is_a_problem() -> None:
    """Every helped handle must be a member."""
    problems = validate(
        ledger((at(exchange(helped=["bob", "erin"]), "exchanges/a.toml", 1),)), TODAY
    )
    assert len(problems) == 1
    assert "unknown member 'erin' as helped" in problems[0].message


def test_unknown_logged_by_is_a_problem() -> None:
    """The person who logged the exchange must be a member."""
    problems = validate(ledger((at(exchange(logged_by="zed"), "exchanges/a.toml", 1),)), TODAY)
    assert "unknown member 'zed' as logged_by" in problems[0].message


def test_unknown_requester_is_a_problem_at_the_request() -> None:
    """A request by someone who is not a member is reported at the request."""
    problems = validate(ledger(requests=(at(request(by="zed"), "requests/r.toml", 1),)), TODAY)
    assert [problem.location for problem in problems] == [Location("requests/r.toml", 1)]
    assert "as requester" in problems[0].message


def test_exchange_dated_after_today_and_its_grace_is_a_problem() -> None:
    """Help cannot be logged for a day more than one day after `today`."""
    future = exchange(date=date(2026, 11, 29))
    problems = validate(ledger((at(future, "exchanges/a.toml", 1),)), TODAY)
    assert [problem.location for problem in problems] == [Location("exchanges/a.toml", 1)]
    assert problems[0].message == "the date 2026-11-29 is in the future (today is 2026-11-27)"


def test_exchange_dated_today_is_accepted() -> None:
    """Help logged for `today` itself is fine."""
    assert validate(ledger((at(exchange(date=TODAY), "exchanges/a.toml", 1),)), TODAY) == ()


def test_future_is_relative_to_the_today_argument() -> None:
    """What counts as the future depends on the `today` passed in, not the clock."""
    record = at(exchange(date=date(2026, 11, 3)), "exchanges/a.toml", 1)
    assert len(validate(ledger((record,)), date(2026, 11, 1))) == 1
    assert validate(ledger((record,)), date(2026, 11, 2)) == ()


def test_the_grace_for_writers_ahead_in_time_is_one_day() -> None:
    """One day of grace: a writer in Sydney dates "today" a day after a runner in UTC."""
    assert FUTURE_TOLERANCE_DAYS == 1


def _dated_exchange(day: date) -> tuple[Located[Exchange], ...]:
    return (at(exchange(date=day, id=f"{day}-alice-bob-k3f9q2"), "exchanges/a.toml", 1),)


def _confirmed_exchange(day: date) -> tuple[Located[Exchange], ...]:
    record = exchange(date=TODAY, confirmation={"by": "bob", "on": day})
    return (at(record, "exchanges/a.toml", 1),)


def _opened_request(day: date) -> tuple[Located[Request], ...]:
    return (at(request(opened=day), "requests/r.toml", 1),)


def _closed_request(day: date) -> tuple[Located[Request], ...]:
    return (at(request(status="done", closed=day), "requests/r.toml", 1),)


DATED_RECORDS: dict[str, Callable[[date], Ledger]] = {
    "the date": lambda day: ledger(_dated_exchange(day)),
    "the confirmation date": lambda day: ledger(_confirmed_exchange(day)),
    "the opening date": lambda day: ledger(requests=_opened_request(day)),
    "the closing date": lambda day: ledger(requests=_closed_request(day)),
}


@pytest.mark.parametrize("what", DATED_RECORDS)
def test_a_record_dated_tomorrow_is_accepted(what: str) -> None:
    """Exchange, confirmation, opening and closing dates may be one day after `today`."""
    assert validate(DATED_RECORDS[what](TOMORROW), TODAY) == ()


@pytest.mark.parametrize("what", DATED_RECORDS)
def test_a_record_dated_two_days_ahead_is_a_problem(what: str) -> None:
    """Beyond the day of grace, every kind of record date is in the future."""
    problems = validate(DATED_RECORDS[what](DAY_AFTER_TOMORROW), TODAY)
    assert [problem.message for problem in problems] == [
        f"{what} 2026-11-29 is in the future (today is 2026-11-27)"
    ]


def _with_settings(*, at_line_4: bool = False, **fields: Any) -> Ledger:
    settings_ = Settings(format_version=1, team="Testers", **fields)
    lines: dict[tuple[str | int, ...], int] = {("started",): 4}
    settings_at = Located(settings_, Location("aidledger.toml"), lines.get) if at_line_4 else None
    return Ledger(settings_, charter(), team("alice"), settings_at=settings_at)


def test_a_ledger_without_a_start_day_has_no_problem() -> None:
    """Folders made before `started` existed keep working."""
    assert validate(_with_settings(), TODAY) == ()


@pytest.mark.parametrize("started", [date(2026, 1, 5), TODAY, TOMORROW])
def test_a_start_day_up_to_tomorrow_is_accepted(started: date) -> None:
    """A team starts its ledger on a day that has passed, or with the day of grace."""
    assert validate(_with_settings(at_line_4=True, started=started), TODAY) == ()


def test_a_start_day_in_the_future_is_a_problem_at_its_line() -> None:
    """`started` beyond the day of grace is reported at its line in aidledger.toml."""
    problems = validate(_with_settings(at_line_4=True, started=DAY_AFTER_TOMORROW), TODAY)
    assert [str(problem) for problem in problems] == [
        "aidledger.toml:4: the start date 2026-11-29 is in the future (today is 2026-11-27)"
    ]


def test_a_start_day_in_the_future_names_the_settings_file_without_a_place() -> None:
    """Without the settings' place, the problem still names aidledger.toml."""
    problems = validate(_with_settings(started=date(2027, 1, 1)), TODAY)
    assert [problem.location for problem in problems] == [Location("aidledger.toml")]
    assert "the start date 2027-01-01 is in the future" in problems[0].message


def test_confirmation_after_today_is_a_problem() -> None:
    """A confirmation dated after `today` is a problem."""
    record = exchange(confirmation={"by": "bob", "on": date(2026, 12, 1)})
    problems = validate(ledger((at(record, "exchanges/a.toml", 5),)), TODAY)
    assert "confirmation date" in problems[0].message
    assert problems[0].location == Location("exchanges/a.toml", 5)


def test_request_opened_after_today_is_a_problem() -> None:
    """A request cannot be opened after `today`."""
    problems = validate(
        ledger(requests=(at(request(opened=date(2027, 1, 1)), "requests/r.toml", 1),)), TODAY
    )
    assert "opening date" in problems[0].message


def test_exchange_naming_an_unknown_request_is_a_problem() -> None:
    """An exchange that answers a request must name one that exists."""
    record = exchange(request="2026-11-01-bob-nothere")
    problems = validate(ledger((at(record, "exchanges/a.toml", 2),)), TODAY)
    assert [problem.location for problem in problems] == [Location("exchanges/a.toml", 2)]
    assert "unknown request '2026-11-01-bob-nothere'" in problems[0].message


def test_request_naming_an_unknown_exchange_is_a_problem() -> None:
    """A request's answering exchanges must exist."""
    asked = request(exchanges=["2026-11-02-nope"])
    problems = validate(ledger(requests=(at(asked, "requests/r.toml", 1),)), TODAY)
    assert "unknown exchange '2026-11-02-nope'" in problems[0].message


def test_problems_are_sorted_by_place() -> None:
    """All problems are returned at once, sorted by path and line."""
    records = (
        at(exchange(id="b1", helper="zed"), "exchanges/b.toml", 1),
        at(exchange(id="a2", helper="yan"), "exchanges/a.toml", 9),
        at(exchange(id="a1", helper="xia"), "exchanges/a.toml", 1),
    )
    problems = validate(ledger(records), TODAY)
    assert [str(problem.location) for problem in problems] == [
        "exchanges/a.toml:1",
        "exchanges/a.toml:9",
        "exchanges/b.toml:1",
    ]


def test_an_email_given_to_two_members_is_a_problem() -> None:
    """Git's email tells who is acting, so one email belongs to one member."""
    people = (
        at(member("alice", emails=("al@example.org",)), "members.toml", 1),
        at(member("bob", emails=("AL@example.org",)), "members.toml", 5),
    )
    problems = validate(ledger(people=people), TODAY)
    assert [problem.message for problem in problems] == [
        "the email 'AL@example.org' is given twice (also for alice)"
    ]


def test_problems_with_and_without_a_line_sort_together() -> None:
    """A problem of a whole file sorts before the problems on its lines, with no error."""
    from aidledger.errors import Location, Problem

    problems = [
        Problem(Location("a.toml", 3), "third"),
        Problem(Location("a.toml"), "whole file"),
        Problem(Location("a.toml", 1, 2), "first"),
    ]
    assert [problem.message for problem in sorted(problems)] == ["whole file", "first", "third"]
