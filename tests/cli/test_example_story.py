"""The example team's check tells the story its README tells, and nothing else."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

CHECK = ("--root", str(EXAMPLE), "check", "--as-of", EXAMPLE_LAST_DAY, "--format", "json")
STORY = {
    ("concentration", ("maya",), "fail"),
    ("helper-overload", ("maya",), "fail"),
    ("one-way-giver", ("maya",), "fail"),
    ("net-balance", ("maya",), "fail"),
    ("teaching-style", ("maya",), "warn"),
    ("one-way-receiver", ("theo",), "fail"),
    ("net-balance", ("theo",), "fail"),
    ("repeat-dependency", ("theo",), "fail"),
    ("done-for-dependency", ("theo",), "warn"),
    ("isolated-member", ("ines",), "warn"),
}


def test_example_check_flags_exactly_the_story(run: Run) -> None:
    """The overloaded senior, the dependent newcomer and the quiet member; no one else."""
    result = run(*CHECK, env={"AIDLEDGER_TODAY": "2026-11-27"})
    assert result.exit_code == 1
    warnings = json.loads(result.stdout)["warnings"]
    flagged = {
        (warning["id"], tuple(warning["members"]), warning["severity"])
        for warning in warnings
        if warning["severity"] != "info"
    }
    assert flagged == STORY


def test_example_healthy_pairs_are_never_warned_about(run: Run) -> None:
    """sam, lena, omar and kim appear in no warning or note about them."""
    result = run(*CHECK, env={"AIDLEDGER_TODAY": "2026-11-27"})
    warnings = json.loads(result.stdout)["warnings"]
    named = {
        handle
        for warning in warnings
        if warning["id"] != "insufficient-data"
        for handle in warning["members"]
    }
    assert named.isdisjoint({"sam", "lena", "omar", "kim"})
