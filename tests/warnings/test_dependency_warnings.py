"""repeat-dependency, done-for-dependency and teaching-style: how help is given.

Issue 3: repeat-dependency counts exchanges helping the same person on the same tag or
topic in 30 days (warn ≥ 3, fail ≥ 5); done-for-dependency is the share of a person's
received minutes in mode `did` (≥ 0.5 / ≥ 0.75, needing 3 exchanges and 60 minutes, 5
and 120 to fail); teaching-style is the share of a helper's given minutes in mode `did`
(≥ 0.5 / ≥ 0.75, needing 5 exchanges given).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.warnings.builder import Build, Expect, Severity, Team, ago, assert_outcome
from tests.warnings.conftest import Scenario

HELPERS = ("alice", "carol", "dave", "erin", "frank", "gina")


# --- repeat-dependency ----------------------------------------------------------------------


def repeat_case(
    ages: Sequence[int],
    severity: Severity,
    *,
    tags: Sequence[Sequence[str]] | None = None,
    topics: Sequence[str] | None = None,
    count: int | None = None,
) -> Build:
    """bob is helped once at each age, by a different person each time, then gives back."""

    def build() -> tuple[Team, Expect]:
        team = Team()
        for number, age in enumerate(ages):
            team.give(
                HELPERS[number % len(HELPERS)],
                "bob",
                60,
                on=ago(age),
                tags=tags[number] if tags else ("ci",) if topics is None else (),
                topic=topics[number] if topics else None,
            )
        team.give("bob", "alice", 150, on=ago(2))
        team.give("bob", "carol", 150, on=ago(1))
        if severity is None:
            return team, Expect(None)
        threshold = 5 if severity == "fail" else 3
        return team, Expect(severity, ("bob",), count or len(ages), threshold)

    return build


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(repeat_case((25, 15, 5), "warn"), id="warn-3-on-tag-ci"),
        pytest.param(repeat_case((29, 22, 15, 8, 1), "fail"), id="fail-5-on-tag-ci"),
        pytest.param(
            repeat_case(
                (20, 10, 3),
                "warn",
                topics=("Release script", "release script", "RELEASE SCRIPT"),
            ),
            id="warn-3-on-one-topic-whatever-its-case",
        ),
        pytest.param(
            repeat_case(
                (29, 22, 15, 8),
                "warn",
                tags=(("ci", "sql"), ("ci",), ("ci",), ("sql",)),
                count=3,
            ),
            id="warn-3-on-ci-among-mixed-tags",
        ),
        # The third falls on day 30 before as_of, one day outside the 30-day window.
        pytest.param(repeat_case((30, 15, 5), None), id="near-miss-third-one-30-days-before"),
        pytest.param(
            repeat_case((25, 15, 5), None, tags=(("ci",), ("sql",), ("ci",))),
            id="near-miss-two-tags",
        ),
    ],
)
def test_repeat_dependency(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "repeat-dependency", expected)


# --- done-for-dependency --------------------------------------------------------------------


def done_for_case(received: Sequence[tuple[str, int]], severity: Severity) -> Build:
    """bob receives (mode, minutes) from a different helper each time, and gives 2 × 180."""

    def build() -> tuple[Team, Expect]:
        team = Team()
        for number, (mode, minutes) in enumerate(received):
            team.give(HELPERS[number], "bob", minutes, on=ago(20 - 2 * number), mode=mode)
        team.give("bob", "alice", 180, on=ago(3))
        team.give("bob", "carol", 180, on=ago(2))
        done = sum(minutes for mode, minutes in received if mode == "did")
        share = done / sum(minutes for _, minutes in received)
        if severity is None:
            return team, Expect(None)
        threshold = 0.75 if severity == "fail" else 0.5
        return team, Expect(severity, ("bob",), share, threshold)

    return build


DID = ("did", 60)
TAUGHT = ("taught", 60)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(done_for_case([DID] * 4 + [TAUGHT] * 2, "warn"), id="warn-4-of-6-did"),
        pytest.param(done_for_case([DID] * 4 + [TAUGHT], "fail"), id="fail-4-of-5-did"),
        pytest.param(
            done_for_case([DID] * 4, "warn"), id="warn-all-did-but-4-exchanges-cannot-fail"
        ),
        pytest.param(
            done_for_case([("did", 40), ("did", 30), ("taught", 10)], "warn"),
            id="warn-3-exchanges-80-minutes",
        ),
        pytest.param(
            done_for_case([("did", 90), ("taught", 30), ("pair", 30), ("advice", 30)], "warn"),
            id="warn-minutes-not-counts",
        ),
        pytest.param(done_for_case([DID] * 2 + [TAUGHT] * 3, None), id="near-miss-2-of-5-did"),
        pytest.param(done_for_case([DID] * 2, None), id="near-miss-2-exchanges"),
        pytest.param(
            done_for_case([("did", 20), ("did", 20), ("did", 15)], None),
            id="near-miss-55-minutes",
        ),
    ],
)
def test_done_for_dependency(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "done-for-dependency", expected)


# --- teaching-style -------------------------------------------------------------------------

RECEIVERS = ("bob", "carol", "dave", "erin", "frank", "gina")


def teaching_case(given: Sequence[tuple[str, int]], severity: Severity) -> Build:
    """alice gives (mode, minutes) to a different person each time; bob gives back 4 h."""

    def build() -> tuple[Team, Expect]:
        team = Team()
        for number, (mode, minutes) in enumerate(given):
            team.give("alice", RECEIVERS[number], minutes, on=ago(20 - 2 * number), mode=mode)
        team.give("bob", "alice", 240, on=ago(2))
        done = sum(minutes for mode, minutes in given if mode == "did")
        share = done / sum(minutes for _, minutes in given)
        if severity is None:
            return team, Expect(None)
        threshold = 0.75 if severity == "fail" else 0.5
        return team, Expect(severity, ("alice",), share, threshold)

    return build


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(teaching_case([DID] * 3 + [TAUGHT] * 2, "warn"), id="warn-3-of-5-did"),
        pytest.param(teaching_case([DID] * 4 + [TAUGHT], "fail"), id="fail-4-of-5-did"),
        pytest.param(
            teaching_case([("did", 240)] + [TAUGHT] * 4, "warn"),
            id="warn-1-long-did-of-5-is-half-the-minutes",
        ),
        pytest.param(teaching_case([DID] * 2 + [TAUGHT] * 3, None), id="near-miss-2-of-5-did"),
        pytest.param(teaching_case([DID] * 4, None), id="near-miss-4-exchanges-given"),
    ],
)
def test_teaching_style(scenario: Scenario, build: Build) -> None:
    team, expected = build()
    assert_outcome(scenario(team), "teaching-style", expected)


def test_repeat_dependency_counts_the_same_topic_even_when_tagged(scenario: Scenario) -> None:
    """Issue 3 counts help 'on the same tag or topic': three times on one topic is 3."""
    team, expected = repeat_case(
        (20, 10, 5),
        "warn",
        topics=("Release script", "release script", "Release script"),
        tags=((), (), ("ci",)),
    )()
    assert_outcome(scenario(team), "repeat-dependency", expected)
