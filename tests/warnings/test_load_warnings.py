"""helper-overload and team-overhead: minutes of help per week over the last 28 days.

Issue 3: helper-overload compares a helper's minutes given per week in the last 28 days
with their `budget_minutes_per_week` (warn above it, fail above twice it), or without a
budget with 10% / 20% of `work_minutes_per_week` (2100), and needs 4 exchanges given;
team-overhead is the team's help minutes per week over its work minutes, warning above
10% and failing above 20%, with 10 exchanges.
"""

from __future__ import annotations

import pytest

from tests.warnings.builder import (
    WORK_MINUTES_PER_WEEK,
    Build,
    Expect,
    Severity,
    Team,
    ago,
    assert_outcome,
)
from tests.warnings.conftest import Scenario

OTHERS = ("bob", "carol", "dave", "erin")
WEEKS = 28 / 7


def overload_case(
    minutes: int,
    budget: int | None,
    severity: Severity,
    *,
    count: int = 4,
    older: int = 0,
    pairs: bool = False,
) -> Build:
    """alice gives `count` exchanges of `minutes` in the last 28 days (and `older` on day 28).

    Each person she helps gives her the same time back, so balances stay even and only
    her load is in question. With `pairs`, each exchange helps two people at once: the
    time she spent is counted once (counted per pair, 150 of 120 would read as a fail).
    """

    def build() -> tuple[Team, Expect]:
        team = Team().member("alice", budget=budget)
        for number in range(count):
            helped = OTHERS[number % 4]
            people = [helped, OTHERS[(number + 1) % 4]] if pairs else [helped]
            team.give("alice", people, minutes, on=ago(3 + 6 * number))
            team.give(helped, "alice", minutes * len(people), on=ago(2 + 6 * number))
        for _ in range(older):
            # 28 days before as_of: one day outside the 28-day window.
            team.give("alice", "erin", minutes, on=ago(28))
            team.give("erin", "alice", minutes, on=ago(28))
        allowance = budget if budget else 0.10 * WORK_MINUTES_PER_WEEK
        ratio = count * minutes / WEEKS / allowance
        if severity is None:
            assert ratio <= 1.0 or count < 4
            return team, Expect(None)
        threshold = 2.0 if severity == "fail" else 1.0
        return team, Expect(severity, ("alice",), ratio, threshold)

    return build


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(overload_case(150, 120, "warn"), id="warn-budget-150-of-120"),
        pytest.param(overload_case(150, 120, "warn", pairs=True), id="warn-time-spent-once"),
        pytest.param(overload_case(150, 60, "fail"), id="fail-budget-150-of-60"),
        pytest.param(overload_case(300, None, "warn"), id="warn-no-budget-300-of-210"),
        pytest.param(overload_case(480, None, "fail"), id="fail-no-budget-480-of-210"),
        pytest.param(overload_case(150, 180, None), id="near-miss-budget-150-of-180"),
        pytest.param(overload_case(200, None, None), id="near-miss-no-budget-200-of-210"),
        pytest.param(
            overload_case(600, None, None, count=3, older=1), id="near-miss-3-exchanges-in-28-days"
        ),
    ],
)
def test_helper_overload(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "helper-overload", expected)


# --- team-overhead --------------------------------------------------------------------------

RING = (("alice", "bob"), ("bob", "carol"), ("carol", "alice"))


def overhead_case(minutes: int, severity: Severity, *, older: int = 0) -> Build:
    """Three members with a generous budget help each other round a ring: 12 exchanges."""

    def build() -> tuple[Team, Expect]:
        team = Team()
        for handle in ("alice", "bob", "carol"):
            team.member(handle, budget=1000)
        for number in range(12):
            helper, helped = RING[number % 3]
            team.give(helper, helped, minutes, on=ago(1 + 2 * number))
        for number in range(older):
            helper, helped = RING[number % 3]
            team.give(helper, helped, 720, on=ago(30 + number))
        share = 12 * minutes / WEEKS / (3 * WORK_MINUTES_PER_WEEK)
        if severity is None:
            assert share <= 0.10
            return team, Expect(None)
        threshold = 0.20 if severity == "fail" else 0.10
        return team, Expect(severity, (), share, threshold)

    return build


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(overhead_case(250, "warn"), id="warn-11.9%"),
        pytest.param(overhead_case(250, "warn", older=6), id="warn-older-help-left-out"),
        pytest.param(overhead_case(480, "fail"), id="fail-22.9%"),
        pytest.param(overhead_case(200, None), id="near-miss-9.5%"),
    ],
)
def test_team_overhead(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "team-overhead", expected)
