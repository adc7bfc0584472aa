"""The engine's shared rules (issue 3): time decay, members who left, minimum data, and
the charter's `[warnings.<id>]` tables; and that every catalogue id is covered here.
"""

from __future__ import annotations

import pytest

from aidledger.engine.rules import REGISTRY as CATALOGUE
from tests.warnings.builder import (
    LONG_AGO,
    WORK_MINUTES_PER_WEEK,
    Expect,
    Severity,
    Team,
    ago,
    assert_outcome,
    give_share,
    rounds,
    wilson,
)
from tests.warnings.conftest import Scenario
from tests.warnings.test_load_warnings import overload_case
from tests.warnings.test_usefulness_warnings import rated_team

TEAM_CHECKS = ("concentration", "shallow-pool", "low-participation", "team-overhead")

# Where each catalogue id is tested (with its warn, fail and near-miss scenarios).
COVERED = {
    "one-way-receiver": "test_balance_warnings",
    "one-way-giver": "test_balance_warnings",
    "net-balance": "test_balance_warnings",
    "concentration": "test_team_warnings",
    "shallow-pool": "test_team_warnings",
    "low-participation": "test_team_warnings",
    "helper-overload": "test_load_warnings",
    "team-overhead": "test_load_warnings",
    "repeat-dependency": "test_dependency_warnings",
    "done-for-dependency": "test_dependency_warnings",
    "teaching-style": "test_dependency_warnings",
    "low-usefulness": "test_usefulness_warnings",
    "unconfirmed": "test_follow_up_warnings",
    "isolated-member": "test_follow_up_warnings",
    "stale-request": "test_follow_up_warnings",
    "missed-meeting": "test_cadence_warnings",
}


def test_every_catalogue_id_is_covered() -> None:
    """A new warning in the catalogue needs scenarios here before this passes."""
    assert set(CATALOGUE) == set(COVERED)


def all_but(*warning_ids: str) -> tuple[str, ...]:
    return tuple(warning_id for warning_id in CATALOGUE if warning_id not in warning_ids)


# --- time decay -----------------------------------------------------------------------------

HELPERS = ("alice", "carol", "dave", "erin")


@pytest.mark.parametrize(
    ("ages", "severity"),
    [
        pytest.param(tuple(range(8, 0, -1)), "fail", id="last-week-fails"),
        pytest.param((90,) * 8, "fail", id="one-half-life-ago-still-fails"),
        pytest.param((180,) * 8, "warn", id="two-half-lives-ago-no-longer-fails"),
    ],
)
def test_decay_weakens_an_old_one_way_pattern(
    scenario: Scenario, ages: tuple[int, ...], severity: Severity
) -> None:
    """bob received 8 × 200 min and gave nothing; at 180 days each exchange weighs 1/4.

    Two half-lives ago: R = 8 × 200 / 4 = 400 decayed minutes, p = 60/520 ≈ 0.115, above
    the fail level 0.10 though the fail minimums (8 exchanges, 240 minutes) are met.
    """
    team = Team(joined=ago(200)).disable("low-participation", "isolated-member", "net-balance")
    for number, age in enumerate(ages):
        team.give(HELPERS[number % 4], "bob", 200, on=ago(age))
    received = sum(200 * 2 ** (-age / 90) for age in ages)
    threshold = 0.10 if severity == "fail" else 0.20
    expected = Expect(severity, ("bob",), give_share(0, received), threshold)
    assert_outcome(scenario(team), "one-way-receiver", expected)


@pytest.mark.parametrize(
    ("age", "severity"),
    [
        pytest.param(90, "fail", id="48h-one-half-life-ago-is-24h"),
        pytest.param(180, "warn", id="48h-two-half-lives-ago-is-12h"),
        pytest.param(270, None, id="48h-three-half-lives-ago-is-6h"),
    ],
)
def test_decay_weakens_an_old_net_balance(scenario: Scenario, age: int, severity: Severity) -> None:
    """bob received 4 × 12 h on one day, `age` days ago: 48 h × 2^(-age/90)."""
    team = Team(joined=ago(300)).disable("low-participation", "isolated-member")
    for helper in HELPERS:
        team.give(helper, "bob", 720, on=ago(age))
    hours = 48 * 2 ** (-age / 90)
    if severity is None:
        expected = Expect(None)
    else:
        expected = Expect(severity, ("bob",), hours, 20 if severity == "fail" else 10)
    assert_outcome(scenario(team), "net-balance", expected)


def test_window_based_warnings_do_not_decay(scenario: Scenario) -> None:
    """teaching-style counts plain minutes in its window: 3 × 60 `did` 87-89 days ago and
    2 × 60 taught this week is 0.6 (time-weighted it would be about 0.43, no warning)."""
    team = Team(joined=ago(120)).disable("isolated-member", "low-participation")
    for receiver, age in zip(("bob", "carol", "dave"), (89, 88, 87), strict=True):
        team.give("alice", receiver, 60, on=ago(age), mode="did")
    for receiver, age in zip(("erin", "frank"), (2, 1), strict=True):
        team.give("alice", receiver, 60, on=ago(age))
    team.give("bob", "alice", 240, on=ago(3))
    assert_outcome(scenario(team), "teaching-style", Expect("warn", ("alice",), 0.6, 0.5))


# --- members who left -----------------------------------------------------------------------


def test_member_who_left_is_not_warned_but_their_help_counts(scenario: Scenario) -> None:
    """carol gave bob 8 × 150 min and left 15 days ago: bob's one-way pattern fails with her
    minutes in it; carol, who only gave, is named by no finding at all."""
    team = Team(joined=LONG_AGO).member("carol", left=ago(15)).disable("low-participation")
    days = range(27, 19, -1)
    for age in days:
        team.give("carol", "bob", 150, on=ago(age))
    team.give("bob", "alice", 30, on=ago(2))
    report = scenario(team)
    received = sum(150 * 2 ** (-age / 90) for age in days)
    given = 30 * 2 ** (-2 / 90)
    expected = Expect("fail", ("bob",), give_share(given, received), 0.10)
    assert_outcome(report, "one-way-receiver", expected)
    named = [finding for finding in report.warnings if "carol" in finding["members"]]
    assert named == [], report.summary()


def test_member_who_left_still_counts_in_team_shares(scenario: Scenario) -> None:
    """carol left yesterday after giving 240 of the team's 660 minutes: alice's 300 are a
    share of 0.45 (a warning), not 300/420 = 0.71 (a fail), and carol is not a leader."""
    everyone = ("alice", "carol", "bob", "dave", "erin", "frank")
    team = Team().member("carol", left=ago(1))
    rounds(team, {"alice": 5, "carol": 4, "bob": 1, "dave": 1}, everyone)
    report = scenario(team)
    assert_outcome(report, "concentration", Expect("warn", ("alice",), 300 / 660, 0.40))
    named = [finding for finding in report.warnings if "carol" in finding["members"]]
    assert named == [], report.summary()


def test_member_who_left_is_not_warned_about_their_old_request(scenario: Scenario) -> None:
    """carol left 10 days ago; her request opened 30 days ago is still open."""
    team = Team().give("alice", "bob", 30, on=ago(2)).member("carol", left=ago(10))
    team.request("carol", opened=ago(30))
    report = scenario(team)
    named = [finding for finding in report.warnings if "carol" in finding["members"]]
    assert named == [], report.summary()


# --- minimum data ---------------------------------------------------------------------------


def test_new_team_gets_only_insufficient_data_notes(scenario: Scenario) -> None:
    """Three people, ten days, two exchanges: nothing is judged, every skip is an info note."""
    team = Team(joined=ago(10))
    team.member("carol")
    team.give("alice", "bob", 30, on=ago(5))
    team.give("bob", "carol", 45, on=ago(2))
    report = scenario(team)
    assert report.warnings, "the skipped checks are listed, not hidden"
    for finding in report.warnings:
        assert finding["id"] == "insufficient-data"
        assert finding["severity"] == "info"
        assert finding["value"] is None
        assert finding["threshold"] is None
    for warning_id in (*TEAM_CHECKS, "low-usefulness"):
        notes = report.skipped(warning_id)
        assert len(notes) == 1, (warning_id, report.summary())
        assert notes[0]["members"] == []
        assert notes[0]["scope"] == "team"
    assert [note["members"] for note in report.skipped("helper-overload")] == [["alice", "bob"]]
    assert report.exit_code == 0
    assert report.document["ok"] is True


def healthy_team() -> Team:
    """Four members who joined long ago help each other evenly: 5 rated exchanges each, and
    meet every other week."""
    ring = ("alice", "bob", "carol", "dave")
    team = Team(joined=LONG_AGO).meeting(ago(17), ago(3))
    for number in range(20):
        helper = number % 4
        offset = 1 + (number // 4) % 3
        team.give(ring[helper], ring[(helper + offset) % 4], 60, on=ago(1 + number), useful=5)
    return team


def test_team_with_enough_data_gets_no_note_and_no_warning(scenario: Scenario) -> None:
    """The near miss of insufficient-data: every check has its data, and none is crossed."""
    report = scenario(healthy_team())
    assert report.warnings == [], report.summary()
    assert report.exit_code == 0


def minimum_case(warning_id: str, variant: str) -> Team:
    """A ledger that would trip `warning_id`, if it were judged; other checks are off.

    two-active-members: alice and bob (carol left long ago), 12 × 8 h in 27 days.
    nine-exchanges: three active members, 9 × 10 h in 27 days by alice, and older help.
    """
    team = Team(joined=LONG_AGO).disable(*all_but(warning_id))
    if variant == "two-active-members":
        team.member("carol", left=ago(100))
        team.give("carol", "alice", 60, on=ago(120))
        for number in range(12):
            team.give("alice", "bob", 480, on=ago(1 + 2 * number))
        return team
    team.member("carol")
    for number in range(9):
        team.give("alice", ("bob", "carol")[number % 2], 600, on=ago(1 + 3 * number))
    for number in range(6):
        team.give("alice", "bob", 60, on=ago(100 + number))
    return team


def _minimum_params() -> list[object]:
    params: list[object] = []
    for warning_id in TEAM_CHECKS:
        for variant in ("two-active-members", "nine-exchanges"):
            params.append(pytest.param(warning_id, variant, id=f"{warning_id}-{variant}"))
    return params


@pytest.mark.parametrize(("warning_id", "variant"), _minimum_params())
def test_team_checks_need_three_active_members_and_ten_exchanges(
    scenario: Scenario, warning_id: str, variant: str
) -> None:
    """Issue 3: team-level checks need 3 active members and 10 exchanges in their window;
    short of that, an insufficient-data info note, and `check` exits 0."""
    report = scenario(minimum_case(warning_id, variant))
    assert report.absent(warning_id), report.summary()
    notes = report.skipped(warning_id)
    assert [(note["severity"], note["members"]) for note in notes] == [("info", [])]
    assert report.exit_code == 0


def test_team_checks_judge_once_the_minimum_is_met(scenario: Scenario) -> None:
    """The same nine-exchange ledger with a tenth exchange: every team check is judged."""
    team = minimum_case("concentration", "nine-exchanges")
    team.overrides.clear()
    team.disable(*all_but(*TEAM_CHECKS))
    team.give("alice", "bob", 600, on=ago(26))
    report = scenario(team)
    for warning_id in TEAM_CHECKS:
        assert report.skipped(warning_id) == [], report.summary()
    assert report.find("concentration", ("alice",))["value"] == pytest.approx(1.0)
    assert report.find("shallow-pool", ())["value"] == pytest.approx(1.0)
    assert report.find("low-participation", ("bob", "carol"))["value"] == pytest.approx(
        1 / 3, abs=1e-4
    )
    overhead = 10 * 600 / 4 / (3 * WORK_MINUTES_PER_WEEK)
    assert report.find("team-overhead", ())["value"] == pytest.approx(overhead, abs=1e-4)
    assert report.exit_code == 1


# --- the charter's [warnings.<id>] tables ---------------------------------------------------


@pytest.mark.parametrize(
    ("base", "levels", "expected"),
    [
        # alice gives 150 min a week against a budget of 120: ratio 1.25.
        pytest.param(120, {}, Expect("warn", ("alice",), 1.25, 1.0), id="default-warns"),
        pytest.param(120, {"enabled": False}, Expect(None), id="enabled-false-silences"),
        pytest.param(120, {"warn": 1.5}, Expect(None), id="warn-raised-above-the-value"),
        pytest.param(120, {"warn": 0.5}, Expect("warn", ("alice",), 1.25, 0.5), id="warn-lowered"),
        pytest.param(
            120, {"fail": 1.2}, Expect("fail", ("alice",), 1.25, 1.2), id="fail-lowered-fails"
        ),
        pytest.param(120, {"warn": False}, Expect(None), id="warn-false"),
        # Against a budget of 60: ratio 2.5, a fail by default.
        pytest.param(60, {}, Expect("fail", ("alice",), 2.5, 2.0), id="default-fails"),
        pytest.param(60, {"enabled": False}, Expect(None), id="enabled-false-silences-a-fail"),
        pytest.param(
            60, {"fail": False}, Expect("warn", ("alice",), 2.5, 1.0), id="fail-false-only-warns"
        ),
        pytest.param(
            60, {"fail": 3}, Expect("warn", ("alice",), 2.5, 1.0), id="fail-raised-only-warns"
        ),
    ],
)
def test_charter_levels_move_the_threshold(
    scenario: Scenario, base: int, levels: dict[str, float | bool], expected: Expect
) -> None:
    team, _ = overload_case(150, base, "warn" if base == 120 else "fail")()
    if levels:
        team.levels("helper-overload", **levels)
    report = scenario(team)
    assert_outcome(report, "helper-overload", expected)
    if levels.get("enabled") is False:
        assert report.skipped("helper-overload") == []


def test_disabled_check_leaves_no_insufficient_data_note(scenario: Scenario) -> None:
    """`enabled = false` silences a check entirely, its notes included."""
    team = Team().give("alice", "bob", 30, on=ago(3)).disable(*TEAM_CHECKS)
    report = scenario(team)
    for warning_id in TEAM_CHECKS:
        assert report.skipped(warning_id) == []
    assert report.skipped("low-usefulness") != []


@pytest.mark.parametrize(
    ("helper_warn", "warned"),
    [pytest.param(None, True, id="default-0.5"), pytest.param(0.2, False, id="helper_warn-0.2")],
)
def test_charter_level_applies_to_the_per_helper_usefulness(
    scenario: Scenario, helper_warn: float | None, warned: bool
) -> None:
    """alice's 3 of 5 useful ratings (bound ≈ 0.27) warn under 0.5, not under 0.2."""
    team = rated_team([5, 5, 5, 2, 2, *[5] * 15])
    if helper_warn is not None:
        team.levels("low-usefulness", helper_warn=helper_warn)
    expected = Expect("warn", ("alice",), wilson(3, 5)) if warned else Expect(None)
    assert_outcome(scenario(team), "low-usefulness", expected)
