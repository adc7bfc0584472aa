"""Checks across records that depend on what could be read: help before joining, and no
problem that only follows from a record the reader could not take in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aidledger.errors import Location
from aidledger.model.ledger import Ledger, Located, Unread
from aidledger.model.records import Exchange, Request
from aidledger.model.validate import validate

from .make import charter, exchange, member, request, settings

TODAY = date(2026, 11, 27)


def _ledger(*exchanges: Exchange, requests: tuple[Request, ...] = (), joined: date) -> Ledger:
    """alice, bob and carol; bob joined on `joined`."""
    people = (member("alice"), member("bob", joined=joined), member("carol"))
    return Ledger(
        settings(),
        charter(),
        tuple(Located(person, Location("members.toml", n + 1)) for n, person in enumerate(people)),
        tuple(Located(record, Location("exchanges/a.toml", 1)) for record in exchanges),
        tuple(Located(record, Location("requests/r.toml", 1)) for record in requests),
    )


def test_help_received_before_joining_is_refused() -> None:
    """Help dated before the helped person joined names them, their day and the help's."""
    problems = validate(_ledger(exchange(), joined=date(2026, 11, 3)), TODAY)
    assert [problem.message for problem in problems] == [
        "bob joined the team on 2026-11-03, after this help on 2026-11-02"
    ]


def test_help_given_before_joining_is_refused() -> None:
    """Help dated before the helper joined is refused too: either person is enough."""
    given = exchange(helper="bob", helped=["alice"])
    problems = validate(_ledger(given, joined=date(2026, 11, 3)), TODAY)
    assert [problem.message for problem in problems] == [
        "bob joined the team on 2026-11-03, after this help on 2026-11-02"
    ]


def test_help_on_the_day_of_joining_counts() -> None:
    """The day a person joins is their first day on the team."""
    assert validate(_ledger(exchange(), joined=date(2026, 11, 2)), TODAY) == ()


def test_an_invalid_members_handle_is_not_unknown() -> None:
    """A handle of a member record that failed validation is not reported as unknown."""
    ledger = _ledger(exchange(helped=["dave"]), joined=date(2026, 1, 5))
    assert [problem.message for problem in validate(ledger, TODAY)] == [
        "unknown member 'dave' as helped; add them with `aidledger member add dave`"
    ]
    spared = replace(ledger, unread=Unread(handles=frozenset({"dave"})))
    assert validate(spared, TODAY) == ()


def test_an_invalid_exchange_is_not_unknown_to_its_request() -> None:
    """A request naming an exchange that failed validation is not told it is unknown."""
    asked = request(exchanges=["2026-11-02-alice-bob-k3f9q2"])
    ledger = _ledger(requests=(asked,), joined=date(2026, 1, 5))
    assert len(validate(ledger, TODAY)) == 1
    spared = Unread(exchange_ids=frozenset({"2026-11-02-alice-bob-k3f9q2"}))
    assert validate(replace(ledger, unread=spared), TODAY) == ()
    assert validate(replace(ledger, unread=Unread(some_exchanges=True)), TODAY) == ()


def test_an_unreadable_request_file_spares_the_requests_it_may_hold() -> None:
    """An exchange naming a request is not told it is unknown when a request file was unread."""
    ledger = _ledger(exchange(request="2026-11-01-bob-q8x1z0"), joined=date(2026, 1, 5))
    assert len(validate(ledger, TODAY)) == 1
    assert validate(replace(ledger, unread=Unread(some_requests=True)), TODAY) == ()
