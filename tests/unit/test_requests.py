"""The pure steps of a request: who may take, drop and close it, and what each changes."""

from __future__ import annotations

from datetime import date

import pytest

from aidledger.engine.requests import (
    answer,
    applied,
    close,
    drop,
    is_unmet,
    named_by,
    select_requests,
    take,
)
from aidledger.errors import RefusedError

from .make import request

DAY = date(2026, 11, 5)
EXCHANGE = "2026-11-05-alice-bob-k3f9q2"


def test_take_sets_status_and_taker() -> None:
    """Taking an open request changes its status and names the taker, nothing else."""
    assert take(request(), "alice") == {"status": "taken", "taken_by": "alice"}


def test_nobody_takes_their_own_request() -> None:
    """The requester cannot take their own request."""
    with pytest.raises(RefusedError, match="cannot take your own request"):
        take(request(), "bob")


def test_a_taken_request_names_who_has_it() -> None:
    """Taking a taken request is refused, naming who took it."""
    with pytest.raises(RefusedError, match="already taken by carol"):
        take(request(status="taken", taken_by="carol"), "alice")


def test_taking_again_says_you_have_it() -> None:
    """The taker taking it again is told they have it already."""
    with pytest.raises(RefusedError, match="you took it already"):
        take(request(status="taken", taken_by="alice"), "alice")


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_closed_request_cannot_be_taken(status: str) -> None:
    """Done and dropped requests are closed to every step."""
    closed = request(status=status, closed=DAY)
    with pytest.raises(RefusedError, match=f"already {status}"):
        take(closed, "alice")
    with pytest.raises(RefusedError, match=f"already {status}"):
        drop(closed, "bob", DAY)
    with pytest.raises(RefusedError, match=f"already {status}"):
        close(closed, "bob", DAY)


def test_only_the_requester_drops() -> None:
    """The requester drops, on the day given; anyone else is refused."""
    assert drop(request(), "bob", DAY) == {"status": "dropped", "closed": DAY}
    with pytest.raises(RefusedError, match="only bob, who asked, can"):
        drop(request(), "alice", DAY)


def test_a_request_never_closes_before_it_opened() -> None:
    """A request written a day ahead closes on its opening day, not before."""
    ahead = request(opened=date(2026, 11, 6))
    assert drop(ahead, "bob", DAY)["closed"] == date(2026, 11, 6)


def test_close_lists_the_exchange() -> None:
    """Closing with an exchange sets done, the day, and appends the exchange."""
    changes = close(request(exchanges=["x-1"]), "alice", DAY, helper="alice", exchange_id=EXCHANGE)
    assert changes == {"status": "done", "closed": DAY, "exchanges": ["x-1", EXCHANGE]}


def test_close_by_the_requester_or_the_taker() -> None:
    """The requester and the taker close it without an exchange."""
    assert close(request(), "bob", DAY) == {"status": "done", "closed": DAY}
    assert close(request(status="taken", taken_by="carol"), "carol", DAY)["status"] == "done"


def test_close_refused_to_someone_not_involved() -> None:
    """Someone who neither asked, took, nor helped cannot close it."""
    with pytest.raises(RefusedError, match="alice cannot close"):
        close(request(status="taken", taken_by="carol"), "alice", DAY)


def test_the_requesters_own_help_does_not_answer_their_request() -> None:
    """Help the requester gave is not the help their request asked for."""
    with pytest.raises(RefusedError, match="bob asked for"):
        close(request(), "bob", DAY, helper="bob", exchange_id=EXCHANGE)
    with pytest.raises(RefusedError, match="bob asked for"):
        answer(request(), EXCHANGE, "bob", DAY, done=False)


def test_answer_takes_an_open_request() -> None:
    """Help logged against an open request lists it and hands the request to the helper."""
    assert answer(request(), EXCHANGE, "alice", DAY, done=False) == {
        "exchanges": [EXCHANGE],
        "status": "taken",
        "taken_by": "alice",
    }


def test_answer_with_done_closes_it() -> None:
    """With `done`, the answered request is done on the day, whoever took it."""
    changes = answer(request(status="taken", taken_by="carol"), EXCHANGE, "alice", DAY, done=True)
    assert changes == {"exchanges": [EXCHANGE], "status": "done", "closed": DAY}


def test_answer_leaves_another_takers_request_with_them() -> None:
    """A second helper's exchange is listed; the request stays with whoever took it."""
    changes = answer(request(status="taken", taken_by="carol"), EXCHANGE, "alice", DAY, done=False)
    assert changes == {"exchanges": [EXCHANGE]}


def test_answer_on_a_done_request_only_lists_the_help() -> None:
    """Follow-up help on a done request is listed; the request stays done."""
    done = request(status="done", closed=DAY)
    assert answer(done, EXCHANGE, "alice", DAY, done=True) == {"exchanges": [EXCHANGE]}


def test_help_cannot_answer_a_dropped_request() -> None:
    """A dropped request takes no more help."""
    with pytest.raises(RefusedError, match="was dropped"):
        answer(request(status="dropped", closed=DAY), EXCHANGE, "alice", DAY, done=False)


def test_applied_changes_make_a_valid_request() -> None:
    """Every step's changes, applied, give a request the model accepts."""
    opened = request()
    assert applied(opened, take(opened, "alice")).taken_by == "alice"
    assert applied(opened, drop(opened, "bob", DAY)).status == "dropped"
    answered = applied(opened, answer(opened, EXCHANGE, "alice", DAY, done=True))
    assert (answered.status, answered.exchanges) == ("done", (EXCHANGE,))


def test_select_filters_combine_and_sort_oldest_first() -> None:
    """--open keeps open and taken; a member keeps theirs; skills keep any of them."""
    first = request(id="2026-11-01-bob-aaaaaa", skills=["ci"])
    second = request(
        id="2026-10-01-carol-bbbbbb",
        opened=date(2026, 10, 1),
        by="carol",
        status="taken",
        taken_by="alice",
        skills=["sql"],
    )
    third = request(id="2026-11-02-bob-cccccc", opened=date(2026, 11, 2), status="done", closed=DAY)
    everything = [third, first, second]
    assert select_requests(everything) == [second, first, third]
    assert select_requests(everything, unmet_only=True) == [second, first]
    assert select_requests(everything, member="alice") == [second]
    assert select_requests(everything, member="bob", unmet_only=True) == [first]
    assert select_requests(everything, skills=("sql", "ci")) == [second, first]
    assert [is_unmet(item) for item in everything] == [False, True, True]


def test_an_id_names_itself_before_the_ids_it_starts() -> None:
    """An exact id wins; otherwise every id starting with the prefix, sorted."""
    ids = ["2026-11-01-bob-a", "2026-11-01-bob-ab", "2026-11-01-bob-b"]
    assert named_by(ids, "2026-11-01-bob-a") == ["2026-11-01-bob-a"]
    assert named_by(ids, "2026-11-01-bob") == sorted(ids)
    assert named_by(ids, "2026-12") == []
