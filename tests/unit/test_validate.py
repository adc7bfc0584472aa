"""Checks across records: each problem is a value pointing at the record it concerns."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from aidledger.errors import Location
from aidledger.model.ledger import Ledger, Located
from aidledger.model.records import Exchange, Member, Request
from aidledger.model.validate import validate

from .make import DAY, charter, exchange, member, members, request, settings

TODAY = date(2026, 11, 27)
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


def test_exchange_dated_after_today_is_a_problem() -> None:
    """Help cannot be logged for a day after `today`."""
    future = exchange(date=date(2026, 11, 28))
    problems = validate(ledger((at(future, "exchanges/a.toml", 1),)), TODAY)
    assert [problem.location for problem in problems] == [Location("exchanges/a.toml", 1)]
    assert "2026-11-28 is in the future" in problems[0].message


def test_exchange_dated_today_is_accepted() -> None:
    """Help logged for `today` itself is fine."""
    assert validate(ledger((at(exchange(date=TODAY), "exchanges/a.toml", 1),)), TODAY) == ()


def test_future_is_relative_to_the_today_argument() -> None:
    """What counts as the future depends on the `today` passed in, not the clock."""
    record = at(exchange(date=date(2026, 11, 2)), "exchanges/a.toml", 1)
    assert len(validate(ledger((record,)), date(2026, 11, 1))) == 1


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
