"""one-way-receiver, one-way-giver and net-balance: decayed minutes over the whole history.

Issue 3: p = (G+60)/(G+R+120) over minutes weighed 2^(-age/90); one-way-receiver at
p ≤ 0.20 / ≤ 0.10, one-way-giver at p ≥ 0.80 / ≥ 0.90, both needing 4 exchanges and
120 minutes on their side (8 and 240 to fail); net-balance at |G−R|/60 ≥ 10 h / ≥ 20 h
with 4 exchanges.
"""

from __future__ import annotations

import pytest

from tests.warnings.builder import (
    LONG_AGO,
    Build,
    Expect,
    Team,
    ago,
    assert_outcome,
    give_share,
    weight,
)
from tests.warnings.conftest import Scenario

FOUR = ("alice", "carol", "dave", "erin")


# --- one-way-receiver: bob mostly receives ----------------------------------------------


def receiver_warn() -> tuple[Team, Expect]:
    """8 × 60 received and 30 given: p ≈ 0.147, between the fail and the warn levels."""
    team = Team()
    days = range(9, 1, -1)
    for helper, age in zip(FOUR * 2, days, strict=True):
        team.give(helper, "bob", 60, on=ago(age))
    team.give("bob", "alice", 30, on=ago(1))
    received = sum(60 * weight(ago(age)) for age in days)
    given = 30 * weight(ago(1))
    return team, Expect("warn", ("bob",), give_share(given, received), 0.20)


def receiver_fail() -> tuple[Team, Expect]:
    """8 × 75 received, nothing given: p ≈ 0.086 ≤ 0.10 with the fail minimums met."""
    team = Team()
    days = range(9, 1, -1)
    for helper, age in zip(FOUR * 2, days, strict=True):
        team.give(helper, "bob", 75, on=ago(age))
    received = sum(75 * weight(ago(age)) for age in days)
    return team, Expect("fail", ("bob",), give_share(0, received), 0.10)


def receiver_fail_minimum_not_met() -> tuple[Team, Expect]:
    """7 × 90 received, p ≈ 0.08: a fail value, but 7 < 8 exchanges only warns."""
    team = Team()
    days = range(8, 1, -1)
    for helper, age in zip(FOUR * 2, days, strict=False):
        team.give(helper, "bob", 90, on=ago(age))
    received = sum(90 * weight(ago(age)) for age in days)
    assert give_share(0, received) <= 0.10
    return team, Expect("warn", ("bob",), give_share(0, received), 0.20)


def receiver_near_miss() -> tuple[Team, Expect]:
    """4 × 60 received and 30 given: p ≈ 0.23, just above 0.20."""
    team = Team()
    for helper, age in zip(FOUR, (9, 8, 7, 6), strict=True):
        team.give(helper, "bob", 60, on=ago(age))
    team.give("bob", "alice", 30, on=ago(1))
    received = sum(60 * weight(ago(age)) for age in (9, 8, 7, 6))
    assert give_share(30 * weight(ago(1)), received) > 0.20
    return team, Expect(None)


def receiver_too_few() -> tuple[Team, Expect]:
    """3 × 200 received (p ≈ 0.08) is below the minimum of 4 exchanges: not judged."""
    team = Team()
    for helper, age in zip(FOUR, (9, 8, 7), strict=False):
        team.give(helper, "bob", 200, on=ago(age))
    return team, Expect(None)


@pytest.mark.parametrize(
    "build",
    [
        receiver_warn,
        receiver_fail,
        receiver_fail_minimum_not_met,
        receiver_near_miss,
        receiver_too_few,
    ],
)
def test_one_way_receiver(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    report = scenario(team)
    assert_outcome(report, "one-way-receiver", expected)
    if build is receiver_too_few:
        notes = report.skipped("one-way-receiver")
        assert any("bob" in note["members"] for note in notes), report.summary()


# --- one-way-giver: alice mostly gives ---------------------------------------------------

RECEIVERS = ("bob", "carol", "dave", "erin")


def giver_warn() -> tuple[Team, Expect]:
    """8 × 60 given and 30 received: p ≈ 0.85."""
    team = Team()
    days = range(9, 1, -1)
    for helped, age in zip(RECEIVERS * 2, days, strict=True):
        team.give("alice", helped, 60, on=ago(age))
    team.give("bob", "alice", 30, on=ago(1))
    given = sum(60 * weight(ago(age)) for age in days)
    received = 30 * weight(ago(1))
    return team, Expect("warn", ("alice",), give_share(given, received), 0.80)


def giver_fail() -> tuple[Team, Expect]:
    """8 × 90 given, nothing received: p ≈ 0.93 ≥ 0.90 with the fail minimums met."""
    team = Team()
    days = range(9, 1, -1)
    for helped, age in zip(RECEIVERS * 2, days, strict=True):
        team.give("alice", helped, 90, on=ago(age))
    given = sum(90 * weight(ago(age)) for age in days)
    return team, Expect("fail", ("alice",), give_share(given, 0), 0.90)


def giver_fail_minimum_not_met() -> tuple[Team, Expect]:
    """7 × 90 given: p ≈ 0.92, but 7 < 8 exchanges only warns."""
    team = Team()
    days = range(8, 1, -1)
    for helped, age in zip(RECEIVERS * 2, days, strict=False):
        team.give("alice", helped, 90, on=ago(age))
    given = sum(90 * weight(ago(age)) for age in days)
    assert give_share(given, 0) >= 0.90
    return team, Expect("warn", ("alice",), give_share(given, 0), 0.80)


def giver_near_miss() -> tuple[Team, Expect]:
    """4 × 60 given and 30 received: p ≈ 0.77, just under 0.80."""
    team = Team()
    for helped, age in zip(RECEIVERS, (9, 8, 7, 6), strict=True):
        team.give("alice", helped, 60, on=ago(age))
    team.give("bob", "alice", 30, on=ago(1))
    given = sum(60 * weight(ago(age)) for age in (9, 8, 7, 6))
    assert give_share(given, 30 * weight(ago(1))) < 0.80
    return team, Expect(None)


def giver_too_few() -> tuple[Team, Expect]:
    """3 × 300 given (p ≈ 0.9) is below the minimum of 4 exchanges given: not judged."""
    team = Team()
    for helped, age in zip(RECEIVERS, (9, 8, 7), strict=False):
        team.give("alice", helped, 300, on=ago(age))
    return team, Expect(None)


@pytest.mark.parametrize(
    "build", [giver_warn, giver_fail, giver_fail_minimum_not_met, giver_near_miss, giver_too_few]
)
def test_one_way_giver(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "one-way-giver", expected)


def test_one_way_giver_counts_person_minutes_and_records(scenario: Scenario) -> None:
    """Minutes are per person helped, exchanges are records: 4 group sessions are 4 given."""
    team = Team()
    for age, people in zip((8, 7, 6, 5), (["bob", "carol"], ["dave", "erin"]) * 2, strict=True):
        team.give("alice", people, 30, on=ago(age))
    given = 2 * 30 * sum(weight(ago(age)) for age in (8, 7, 6, 5))
    expected = Expect("warn", ("alice",), give_share(given, 0), 0.80)
    assert_outcome(scenario(team), "one-way-giver", expected)


def test_one_way_giver_waits_for_four_records_even_in_groups(scenario: Scenario) -> None:
    """2 exchanges with 2 helped each are 2 exchanges given: below the minimum of 4."""
    team = Team()
    team.give("alice", ["bob", "carol"], 90, on=ago(5))
    team.give("alice", ["dave", "erin"], 90, on=ago(4))
    assert_outcome(scenario(team), "one-way-giver", Expect(None))


# --- net-balance ----------------------------------------------------------------------------


def net_warn() -> tuple[Team, Expect]:
    """bob receives 4 × 6 h and gives 2 × 6 h: about 12 h net once decayed."""
    team = Team()
    received_days = (20, 15, 10, 5)
    for helper, age in zip(FOUR, received_days, strict=True):
        team.give(helper, "bob", 360, on=ago(age))
    for helped, age in (("alice", 12), ("carol", 3)):
        team.give("bob", helped, 360, on=ago(age))
    received = sum(360 * weight(ago(age)) for age in received_days)
    given = 360 * (weight(ago(12)) + weight(ago(3)))
    return team, Expect("warn", ("bob",), abs(given - received) / 60, 10)


def net_fail() -> tuple[Team, Expect]:
    """bob receives 6 × 6 h and gives 2 × 6 h: about 22 h net once decayed."""
    team = Team()
    helpers = (*FOUR, "frank", "gina")
    received_days = (30, 25, 20, 15, 10, 5)
    for helper, age in zip(helpers, received_days, strict=True):
        team.give(helper, "bob", 360, on=ago(age))
    for helped, age in (("alice", 12), ("carol", 3)):
        team.give("bob", helped, 360, on=ago(age))
    received = sum(360 * weight(ago(age)) for age in received_days)
    given = 360 * (weight(ago(12)) + weight(ago(3)))
    assert abs(given - received) / 60 >= 20
    return team, Expect("fail", ("bob",), abs(given - received) / 60, 20)


def net_fail_giver() -> tuple[Team, Expect]:
    """alice gives 5 × 10 h a month or two ago and receives 5 h: still over 20 h net."""
    team = Team(joined=LONG_AGO)
    given_days = (80, 70, 60, 50, 40)
    for helped, age in zip((*RECEIVERS, "frank"), given_days, strict=True):
        team.give("alice", helped, 600, on=ago(age))
    team.give("bob", "alice", 300, on=ago(35))
    given = sum(600 * weight(ago(age)) for age in given_days)
    received = 300 * weight(ago(35))
    return team, Expect("fail", ("alice",), abs(given - received) / 60, 20)


def net_near_miss() -> tuple[Team, Expect]:
    """bob receives 4 × 6 h and gives 2 × 8 h: about 8 h net."""
    team = Team()
    for helper, age in zip(FOUR, (20, 15, 10, 5), strict=True):
        team.give(helper, "bob", 360, on=ago(age))
    for helped, age in (("alice", 12), ("carol", 3)):
        team.give("bob", helped, 480, on=ago(age))
    return team, Expect(None)


def net_too_few() -> tuple[Team, Expect]:
    """3 × 12 h received is 36 h net, but fewer than 4 exchanges: not judged."""
    team = Team()
    for helper, age in zip(FOUR, (9, 8, 7), strict=False):
        team.give(helper, "bob", 720, on=ago(age))
    return team, Expect(None)


@pytest.mark.parametrize("build", [net_warn, net_fail, net_fail_giver, net_near_miss, net_too_few])
def test_net_balance(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    report = scenario(team)
    assert_outcome(report, "net-balance", expected)
    if build is net_too_few:
        assert any("bob" in note["members"] for note in report.skipped("net-balance"))


def test_charter_minimums_move_when_a_warning_judges(scenario: Scenario) -> None:
    """7 × 90 received only warns by default; with `fail_min_count = 7` it fails."""
    team, _ = receiver_fail_minimum_not_met()
    team.levels("one-way-receiver", fail_min_count=7)
    result = scenario(team)
    found = [warning for warning in result.warnings if warning["id"] == "one-way-receiver"]
    assert [warning["severity"] for warning in found] == ["fail"]
    assert result.exit_code == 1
