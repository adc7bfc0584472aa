"""unconfirmed, isolated-member and stale-request: follow-up on people and requests.

Issue 3: unconfirmed counts exchanges still unconfirmed after `confirm_within_days` (14);
isolated-member is an active member with no exchange, given or received, in 90 days, once
they have been active 30 days; stale-request is an open request older than
`request_stale_days` (14) with nobody on it. All three warn on any, and never fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.warnings.builder import LONG_AGO, Expect, Team, ago, assert_outcome
from tests.warnings.conftest import Scenario

# --- unconfirmed ----------------------------------------------------------------------------


def test_unconfirmed_warns_per_person_who_should_confirm(scenario: Scenario) -> None:
    """bob has 2 exchanges unconfirmed after 15 and 40 days; carol and dave share one."""
    team = Team(joined=LONG_AGO)
    team.give("alice", "bob", 30, on=ago(15), confirmed=False)
    team.give("carol", "bob", 30, on=ago(40), confirmed=False)
    team.give("alice", "bob", 30, on=ago(60))  # confirmed
    team.give("bob", ["carol", "dave"], 30, on=ago(20), confirmed=False)
    report = scenario(team)
    assert_outcome(report, "unconfirmed", Expect("warn", ("bob",), 2, 1))
    assert_outcome(report, "unconfirmed", Expect("warn", ("carol",), 1, 1))
    assert_outcome(report, "unconfirmed", Expect("warn", ("dave",), 1, 1))
    assert len(report.all("unconfirmed")) == 3


@pytest.mark.parametrize(
    ("age", "confirmed"),
    [
        pytest.param(14, False, id="near-miss-unconfirmed-for-exactly-14-days"),
        pytest.param(3, False, id="near-miss-recent"),
        pytest.param(60, True, id="near-miss-confirmed"),
    ],
)
def test_unconfirmed_near_miss(scenario: Scenario, age: int, confirmed: bool) -> None:
    team = Team().give("alice", "bob", 30, on=ago(age), confirmed=confirmed)
    team.give("bob", "alice", 30, on=ago(1))
    assert_outcome(scenario(team), "unconfirmed", Expect(None))


def test_unconfirmed_follows_the_charter_delay(scenario: Scenario) -> None:
    """With `confirm_within_days = 7`, an exchange unconfirmed for 10 days is reported."""
    team = Team().give("alice", "bob", 30, on=ago(10), confirmed=False)
    team.rules["confirm_within_days"] = 7
    assert_outcome(scenario(team), "unconfirmed", Expect("warn", ("bob",), 1, 1))


# --- isolated-member ------------------------------------------------------------------------


def talking_team(dave_joined: date = LONG_AGO, dave_left: date | None = None) -> Team:
    """alice, bob and carol help each other this month; dave is the one in question."""
    team = Team(joined=LONG_AGO)
    team.member("dave", joined=dave_joined, left=dave_left)
    team.give("alice", "bob", 30, on=ago(3))
    team.give("bob", "carol", 30, on=ago(2))
    team.give("carol", "alice", 30, on=ago(1))
    return team


@pytest.mark.parametrize(
    ("build", "isolated"),
    [
        pytest.param(talking_team, True, id="warn-no-exchange-ever"),
        pytest.param(
            lambda: talking_team().give("dave", "alice", 30, on=ago(90)),
            True,
            id="warn-last-exchange-90-days-ago-outside-the-window",
        ),
        pytest.param(
            lambda: talking_team().give("alice", "dave", 30, on=ago(89)),
            False,
            id="near-miss-received-89-days-ago",
        ),
        pytest.param(
            lambda: talking_team().give("dave", "bob", 30, on=ago(89)),
            False,
            id="near-miss-gave-89-days-ago",
        ),
        pytest.param(lambda: talking_team(ago(30)), True, id="warn-joined-30-days-ago"),
        pytest.param(lambda: talking_team(ago(28)), False, id="near-miss-joined-28-days-ago"),
        pytest.param(lambda: talking_team(ago(5)), False, id="near-miss-joined-5-days-ago"),
        pytest.param(
            lambda: talking_team(dave_left=ago(5)), False, id="near-miss-dave-left-5-days-ago"
        ),
    ],
)
def test_isolated_member(scenario: Scenario, build: Callable[[], Team], isolated: bool) -> None:
    team = build()
    expected = Expect("warn", ("dave",), 1, 1) if isolated else Expect(None)
    assert_outcome(scenario(team), "isolated-member", expected)


# --- stale-request --------------------------------------------------------------------------


def test_stale_request_warns_with_the_count_of_stale_requests(scenario: Scenario) -> None:
    """bob's request opened 20 days ago, still open with nobody on it: one stale request."""
    team = Team().give("alice", "bob", 30, on=ago(2)).request("bob", opened=ago(20))
    assert_outcome(scenario(team), "stale-request", Expect("warn", ("bob",), 1, 1))


def test_stale_requests_fail_at_the_charter_count(scenario: Scenario) -> None:
    """With `fail = 3`, three stale requests across the team fail; value is their number."""
    team = Team().give("alice", "bob", 30, on=ago(2)).levels("stale-request", fail=3)
    team.request("bob", opened=ago(40)).request("carol", opened=ago(30))
    team.request("bob", opened=ago(20))
    assert_outcome(scenario(team), "stale-request", Expect("fail", ("bob", "carol"), 3, 3))


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"opened": ago(14)}, id="near-miss-open-exactly-14-days"),
        pytest.param({"opened": ago(5)}, id="near-miss-recent"),
        pytest.param(
            {"opened": ago(40), "status": "taken", "taken_by": "alice"}, id="near-miss-taken"
        ),
        pytest.param(
            {"opened": ago(40), "taken_by": "alice"}, id="near-miss-open-with-someone-on-it"
        ),
        pytest.param({"opened": ago(40), "status": "done", "closed": ago(30)}, id="near-miss-done"),
        pytest.param(
            {"opened": ago(40), "status": "dropped", "closed": ago(10)}, id="near-miss-dropped"
        ),
    ],
)
def test_stale_request_near_miss(scenario: Scenario, fields: dict[str, Any]) -> None:
    team = Team().give("alice", "bob", 30, on=ago(2))
    team.request("bob", **fields)
    assert_outcome(scenario(team), "stale-request", Expect(None))


def test_stale_request_follows_the_charter_delay(scenario: Scenario) -> None:
    """With `request_stale_days = 30`, a request open for 20 days is not stale yet."""
    team = Team().give("alice", "bob", 30, on=ago(2)).request("bob", opened=ago(20))
    team.rules["request_stale_days"] = 30
    assert_outcome(scenario(team), "stale-request", Expect(None))


def test_isolated_member_skip_is_listed_for_a_newcomer(scenario: Scenario) -> None:
    """dave joined 10 days ago and took part in nothing: not warned, but not hidden either."""
    report = scenario(talking_team(ago(10)))
    assert_outcome(report, "isolated-member", Expect(None))
    notes = report.skipped("isolated-member")
    assert [(note["severity"], note["members"]) for note in notes] == [("info", ["dave"])]
