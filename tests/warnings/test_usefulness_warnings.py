"""low-usefulness: the 90% Wilson lower bound of the share of ratings of 4 or 5.

Issue 3: for the team, warn below 0.6 and fail below 0.4; per helper, warn below 0.5 and
never fail; both need 5 ratings (in the report's window).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.warnings.builder import Build, Expect, Severity, Team, ago, assert_outcome, wilson
from tests.warnings.conftest import Scenario

RING = ("alice", "bob", "carol", "dave")


def rated_team(ratings: Sequence[int | None], *, old_ratings: Sequence[int] = ()) -> Team:
    """Four members help round a ring, 5 exchanges each; ratings go to alice's first.

    `old_ratings` are given 100 to 119 days ago, outside the 90-day window.
    """
    team = Team(joined=ago(150))
    for number, rating in enumerate(ratings):
        helper = RING[number // 5]
        helped = RING[(number // 5 + 1) % 4]
        team.give(helper, helped, 30, on=ago(1 + number), useful=rating)
    for number, rating in enumerate(old_ratings):
        helper = RING[number % 4]
        helped = RING[(number + 1) % 4]
        team.give(helper, helped, 30, on=ago(100 + number), useful=rating)
    return team


def team_case(
    ratings: Sequence[int | None], severity: Severity, old_ratings: Sequence[int] = ()
) -> Build:
    """The team's ratings alone: the per-helper level is switched off."""

    def build() -> tuple[Team, Expect]:
        team = rated_team(ratings, old_ratings=old_ratings)
        team.levels("low-usefulness", helper_warn=False)
        given = [rating for rating in ratings if rating is not None]
        if severity is None:
            return team, Expect(None)
        bound = wilson(sum(1 for rating in given if rating >= 4), len(given))
        threshold = 0.4 if severity == "fail" else 0.6
        return team, Expect(severity, (), bound, threshold)

    return build


@pytest.mark.parametrize(
    "build",
    [
        # 15 of 20 useful: bound ≈ 0.568.
        pytest.param(team_case([5] * 15 + [2] * 5, "warn"), id="warn-15-of-20"),
        pytest.param(team_case([4] * 15 + [3] * 5, "warn"), id="warn-4-counts-3-does-not"),
        pytest.param(
            team_case([5] * 15 + [2] * 5, "warn", old_ratings=[1] * 20),
            id="warn-older-ratings-left-out",
        ),
        # 10 of 20: bound ≈ 0.327.
        pytest.param(team_case([5] * 10 + [1] * 10, "fail"), id="fail-10-of-20"),
        # 16 of 20: bound ≈ 0.622.
        pytest.param(team_case([5] * 16 + [2] * 4, None), id="near-miss-16-of-20"),
        pytest.param(team_case([1] * 4 + [None] * 16, None), id="near-miss-4-ratings"),
    ],
)
def test_low_usefulness_team(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    report = scenario(team)
    assert_outcome(report, "low-usefulness", expected)
    if expected.severity is not None:
        assert report.find("low-usefulness", ())["scope"] == "team"


def helper_case(alice: Sequence[int | None], severity: Severity, others: int = 5) -> Build:
    """alice's 5 exchanges are rated `alice`; the 15 of the others are all rated `others`."""

    def build() -> tuple[Team, Expect]:
        team = rated_team([*alice, *[others] * 15])
        given = [rating for rating in alice if rating is not None]
        if severity is None:
            return team, Expect(None, ("alice",))
        bound = wilson(sum(1 for rating in given if rating >= 4), len(given))
        return team, Expect(severity, ("alice",), bound, 0.5)

    return build


@pytest.mark.parametrize(
    "build",
    [
        # 3 of 5: bound ≈ 0.273; the team's 18 of 20 (≈ 0.738) is fine.
        pytest.param(helper_case([5, 5, 5, 2, 2], "warn"), id="warn-3-of-5"),
        pytest.param(helper_case([5, 5, 5, 5, 5], None), id="near-miss-5-of-5"),
        pytest.param(helper_case([1, 1, 1, 1, None], None), id="near-miss-4-ratings"),
    ],
)
def test_low_usefulness_helper(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    report = scenario(team)
    if expected.severity is None:
        found = [item for item in report.all("low-usefulness") if item["members"] == ["alice"]]
        assert found == [], report.summary()
        assert report.exit_code == 0
        return
    assert_outcome(report, "low-usefulness", expected)
    assert report.find("low-usefulness", ("alice",))["scope"] == "member"


def test_low_usefulness_helper_never_fails(scenario: Scenario) -> None:
    """None of alice's 5 ratings useful (bound 0): a warning about her, never a fail."""
    team = rated_team([1] * 5 + [5] * 15)
    report = scenario(team)
    finding = report.find("low-usefulness", ("alice",))
    assert finding["severity"] == "warn"
    assert finding["value"] == pytest.approx(wilson(0, 5), abs=1e-4)
    # The team as a whole (15 of 20, ≈ 0.568) warns too, and nothing fails.
    assert report.find("low-usefulness", ())["severity"] == "warn"
    assert report.fails == []
    assert report.exit_code == 0
