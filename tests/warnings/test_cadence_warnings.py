"""missed-meeting: the regular exchange meeting the charter promises, kept or not.

Issue 9: the value is the days since the last meeting recorded in `meetings/`, divided by
the charter's `meeting_every_days` (14); it warns above 1 and fails above 2. A team that
never recorded a meeting, under the default cadence, is not judged (an `info` note, never
a failure); one whose charter sets `meeting_every_days` is held to it from its first day.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run
from tests.warnings.builder import (
    AS_OF,
    DEFAULT_JOINED,
    Expect,
    Team,
    ago,
    assert_outcome,
    check_json,
)
from tests.warnings.conftest import Scenario


def small_team() -> Team:
    """Three members, no help logged: nothing but the meetings is judged."""
    return Team().member("alice").member("bob").member("carol")


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        pytest.param(0, Expect(None), id="met-today"),
        pytest.param(14, Expect(None), id="near-miss-exactly-one-cadence"),
        pytest.param(15, Expect("warn", (), 15 / 14, 1), id="one-day-late-warns"),
        pytest.param(28, Expect("warn", (), 2, 1), id="near-miss-exactly-two-cadences"),
        pytest.param(29, Expect("fail", (), 29 / 14, 2), id="a-skipped-meeting-fails"),
    ],
)
def test_missed_meeting_levels(scenario: Scenario, days: int, expected: Expect) -> None:
    """Warn above one cadence since the last meeting, fail above two; the team is named."""
    report = scenario(small_team().meeting(ago(60), ago(days)))
    assert_outcome(report, "missed-meeting", expected)
    if expected.severity is not None:
        finding = report.find("missed-meeting")
        assert finding["scope"] == "team" and finding["members"] == []
        assert finding["facts"] == {
            "kind": "meeting",
            "last": ago(days).isoformat(),
            "since": ago(days).isoformat(),
            "days": days,
            "every_days": 14,
        }
        assert f"{days} days ago" in finding["message"]
        assert "aidledger meeting record" in finding["suggestion"]


def test_no_meeting_under_the_default_cadence_is_not_judged(scenario: Scenario) -> None:
    """A ledger kept without meetings gets an info note, and check still passes."""
    report = scenario(small_team())
    assert report.absent("missed-meeting")
    (note,) = report.skipped("missed-meeting")
    assert note["severity"] == "info" and note["members"] == []
    assert note["facts"]["reason"] == {"kind": "no-meeting"}
    assert "aidledger meeting record" in note["suggestion"]
    assert report.exit_code == 0


def test_a_cadence_set_in_the_charter_holds_from_the_first_day(scenario: Scenario) -> None:
    """meeting_every_days written in the charter, no meeting ever: days since joining count."""
    team = small_team()
    team.rules["meeting_every_days"] = 30
    report = scenario(team)
    days = (AS_OF - DEFAULT_JOINED).days
    assert_outcome(report, "missed-meeting", Expect("warn", (), days / 30, 1))
    facts = report.find("missed-meeting")["facts"]
    assert facts["last"] is None and facts["since"] == DEFAULT_JOINED.isoformat()
    assert "No exchange meeting is recorded" in report.find("missed-meeting")["message"]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        pytest.param(10, Expect("warn", (), 10 / 7, 1), id="late-after-a-week"),
        pytest.param(15, Expect("fail", (), 15 / 7, 2), id="fails-after-two-weeks"),
    ],
)
def test_the_charter_cadence_is_the_unit(scenario: Scenario, days: int, expected: Expect) -> None:
    """A weekly team is late after 7 days and fails after 14."""
    team = small_team().meeting(ago(days))
    team.rules["meeting_every_days"] = 7
    assert_outcome(scenario(team), "missed-meeting", expected)


def test_the_charter_levels_apply(scenario: Scenario) -> None:
    """`fail = false` keeps a skipped meeting a warning."""
    team = small_team().meeting(ago(40)).levels("missed-meeting", fail=False)
    assert_outcome(scenario(team), "missed-meeting", Expect("warn", (), 40 / 14, 1))


def test_a_disabled_check_says_nothing(scenario: Scenario) -> None:
    """`enabled = false`: no warning, and no note either."""
    report = scenario(small_team().disable("missed-meeting"))
    assert report.absent("missed-meeting") and not report.skipped("missed-meeting")


def test_a_meeting_after_the_as_of_day_is_not_seen(run: Run, tmp_path: Path) -> None:
    """Replayed --as-of a day, the check sees only the meetings held by then."""
    root = small_team().meeting(ago(30), ago(2)).write(tmp_path / "data")
    assert check_json(run, root).absent("missed-meeting")
    earlier = check_json(run, root, as_of=ago(5))
    assert earlier.find("missed-meeting")["facts"]["last"] == ago(30).isoformat()
    assert earlier.find("missed-meeting")["severity"] == "warn"
