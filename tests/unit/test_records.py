"""Each record refuses what it cannot be: incoherent help, bad handles, loose types."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from aidledger.model.records import Exchange, Member, Request

from .make import DAY, exchange, exchange_fields, member_fields, request_fields


def refuses(model: type[Exchange | Member | Request], fields: dict[str, Any]) -> str:
    """The validation message for fields the model must refuse."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(fields)
    return str(caught.value)


def test_a_valid_exchange_is_accepted() -> None:
    """An exchange with every required field, well formed, validates."""
    record = exchange()
    assert record.helped == ("bob",)
    assert not record.confirmed


def test_exchange_refuses_the_helper_among_the_helped() -> None:
    """Nobody helps themselves: the helper cannot be among the helped."""
    message = refuses(Exchange, exchange_fields(helped=["bob", "alice"]))
    assert "also among the helped" in message


def test_exchange_refuses_a_helped_person_named_twice() -> None:
    """A helped person is named at most once."""
    message = refuses(Exchange, exchange_fields(helped=["bob", "bob"]))
    assert "named twice" in message


def test_exchange_needs_someone_helped() -> None:
    """An exchange helps at least one person."""
    refuses(Exchange, exchange_fields(helped=[]))


def test_exchange_confirmation_by_someone_not_helped_is_refused() -> None:
    """Only a helped person can confirm the help."""
    confirmation = {"by": "carol", "on": DAY}
    message = refuses(Exchange, exchange_fields(confirmation=confirmation))
    assert "not among the helped" in message


def test_exchange_confirmation_by_the_helper_is_refused() -> None:
    """The helper cannot confirm their own help."""
    refuses(Exchange, exchange_fields(confirmation={"by": "alice", "on": DAY}))


def test_exchange_confirmed_before_its_date_is_refused() -> None:
    """Help cannot be confirmed before the day it took place."""
    confirmation = {"by": "bob", "on": date(2026, 11, 1)}
    message = refuses(Exchange, exchange_fields(confirmation=confirmation))
    assert "confirmed before" in message


def test_exchange_confirmed_on_its_own_day_is_accepted() -> None:
    """Help can be confirmed the day it took place."""
    record = exchange(confirmation={"by": "bob", "on": DAY, "useful": 5})
    assert record.confirmed


@pytest.mark.parametrize("useful", [0, 6, "4"])
def test_exchange_usefulness_is_a_whole_number_from_1_to_5(useful: object) -> None:
    """A usefulness rating is a whole number from 1 to 5."""
    refuses(Exchange, exchange_fields(confirmation={"by": "bob", "on": DAY, "useful": useful}))


@pytest.mark.parametrize("minutes", [1, 45, 1440])
def test_exchange_minutes_from_1_to_1440_are_accepted(minutes: int) -> None:
    """Minutes from 1 to 1440 (a whole day) are accepted."""
    assert exchange(minutes=minutes).minutes == minutes


@pytest.mark.parametrize("minutes", [0, -5, 1441])
def test_exchange_minutes_out_of_bounds_are_refused(minutes: int) -> None:
    """Zero, negative or more than 1440 minutes are refused."""
    refuses(Exchange, exchange_fields(minutes=minutes))


@pytest.mark.parametrize("minutes", ["45", 45.0, True])
def test_exchange_minutes_must_be_an_integer_not_a_lookalike(minutes: object) -> None:
    """Minutes are strictly an integer: no string, float or boolean is coerced."""
    refuses(Exchange, exchange_fields(minutes=minutes))


def test_exchange_date_must_be_a_date_not_a_string() -> None:
    """A date is strictly a date: the string "2026-11-02" is not coerced."""
    refuses(Exchange, exchange_fields(date="2026-11-02"))


def test_exchange_refuses_an_unknown_mode() -> None:
    """The mode is one of taught, pair, did, advice."""
    refuses(Exchange, exchange_fields(mode="lectured"))


def test_exchange_refuses_an_unknown_field() -> None:
    """A field the record does not know is refused, so a typo is caught."""
    message = refuses(Exchange, exchange_fields(minuts=45))
    assert "minuts" in message


def test_exchange_refuses_a_blank_topic() -> None:
    """A topic made only of spaces is empty and refused."""
    refuses(Exchange, exchange_fields(topic="   "))


@pytest.mark.parametrize("handle", ["a", "alice", "a.b_c-d", "0x", "a" * 40])
def test_handles_of_lowercase_letters_digits_and_dot_dash_underscore_pass(handle: str) -> None:
    """1 to 40 lowercase letters, digits, `.`, `_` or `-`, starting alphanumeric, is a handle."""
    assert Member.model_validate(member_fields(handle=handle)).handle == handle


@pytest.mark.parametrize(
    "handle", ["../x", "..", ".hidden", "a/b", "Alice", "ALICE", "al ice", "", "-a", "a" * 41]
)
def test_handles_that_could_escape_or_disagree_are_refused(handle: str) -> None:
    """Path parts, upper case, spaces, a leading mark or more than 40 characters are refused."""
    refuses(Member, member_fields(handle=handle))


def test_handle_refused_as_helper_too() -> None:
    """The handle rule holds wherever a handle appears, e.g. as helper."""
    refuses(Exchange, exchange_fields(helper="../alice"))


def test_exchange_id_with_a_path_is_refused() -> None:
    """An id cannot reach outside the data folder."""
    refuses(Exchange, exchange_fields(id="../2026-11-02-alice-bob"))


def test_exchange_is_frozen() -> None:
    """Records are immutable: changing a field raises."""
    record = exchange()
    with pytest.raises(ValidationError):
        record.minutes = 30  # type: ignore[misc]


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("open", {}),
        ("taken", {"taken_by": "alice"}),
        ("done", {"taken_by": "alice", "closed": date(2026, 11, 3)}),
        ("dropped", {"closed": date(2026, 11, 1)}),
    ],
)
def test_request_in_each_coherent_status_is_accepted(status: str, extra: dict[str, Any]) -> None:
    """A request is accepted in each status with the fields that status needs."""
    assert Request.model_validate(request_fields(status=status, **extra)).status == status


def test_request_taken_needs_taken_by() -> None:
    """A taken request names who took it."""
    message = refuses(Request, request_fields(status="taken"))
    assert "taken_by" in message


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_request_closed_status_needs_a_closed_date(status: str) -> None:
    """A done or dropped request has the date it was closed."""
    message = refuses(Request, request_fields(status=status))
    assert "closed" in message


@pytest.mark.parametrize("status", ["open", "taken"])
def test_request_still_open_cannot_have_a_closed_date(status: str) -> None:
    """An open or taken request has no closed date."""
    refuses(Request, request_fields(status=status, taken_by="alice", closed=date(2026, 11, 3)))


def test_request_closed_before_opened_is_refused() -> None:
    """A request cannot close before it opened."""
    message = refuses(Request, request_fields(status="done", closed=date(2026, 10, 31)))
    assert "before it was opened" in message


def test_request_refuses_an_unknown_status() -> None:
    """The status is one of open, taken, done, dropped."""
    refuses(Request, request_fields(status="pending"))


def test_member_who_left_before_joining_is_refused() -> None:
    """A member cannot leave before they joined."""
    message = refuses(Member, member_fields(left=date(2026, 1, 4)))
    assert "before joined" in message


def test_member_who_left_the_day_they_joined_is_accepted() -> None:
    """Leaving on the day one joined is allowed."""
    left = date(2026, 1, 5)
    assert Member.model_validate(member_fields(left=left)).left == left


def test_member_refuses_an_unknown_field() -> None:
    """A member field the model does not know is refused."""
    message = refuses(Member, member_fields(nickname="Al"))
    assert "nickname" in message


@pytest.mark.parametrize("budget", [-1, 10081, "120"])
def test_member_budget_is_whole_minutes_in_a_week(budget: object) -> None:
    """A weekly budget is a whole number of minutes from 0 to a week's 10080."""
    refuses(Member, member_fields(budget_minutes_per_week=budget))


def test_member_email_needs_an_at_sign() -> None:
    """An email is something@somewhere."""
    refuses(Member, member_fields(emails=["alice.example.org"]))
