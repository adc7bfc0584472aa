"""`exchanges` filters (helper, helped, tag, mode), --limit, --reverse, and did-you-mean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, Run

ROOT = ("--root", str(EXAMPLE))
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}


def listed(run: Run, *arguments: str) -> list[dict[str, Any]]:
    result = run(*ROOT, "exchanges", *arguments, "--format", "json", env=TODAY)
    assert result.exit_code == 0, result.stderr
    exchanges: list[dict[str, Any]] = json.loads(result.stdout)
    return exchanges


def test_helper_keeps_the_help_a_member_gave(run: Run) -> None:
    """--helper keeps only exchanges that member gave."""
    exchanges = listed(run, "--helper", "maya")
    assert exchanges and {exchange["helper"] for exchange in exchanges} == {"maya"}


def test_helped_keeps_the_help_a_member_received(run: Run) -> None:
    """--helped keeps only exchanges in which that member was helped."""
    exchanges = listed(run, "--helped", "theo")
    assert exchanges and all("theo" in exchange["helped"] for exchange in exchanges)


def test_tag_and_mode_keep_matching_exchanges(run: Run) -> None:
    """--tag and --mode keep exchanges with that tag and that mode."""
    exchanges = listed(run, "--tag", "CI", "--mode", "taught")
    assert exchanges
    assert all("ci" in exchange["tags"] and exchange["mode"] == "taught" for exchange in exchanges)


def test_filters_combine_with_and(run: Run) -> None:
    """Several filters keep what passes all of them: the intersection of each alone."""
    both = listed(run, "--helper", "maya", "--helped", "theo", "--period", "2026-09")
    helper = {e["id"] for e in listed(run, "--helper", "maya", "--period", "2026-09")}
    helped = {e["id"] for e in listed(run, "--helped", "theo", "--period", "2026-09")}
    assert both and {exchange["id"] for exchange in both} == helper & helped


def test_limit_keeps_the_newest_oldest_first(run: Run) -> None:
    """--limit N keeps the N most recent, as `git log -n` does, listed oldest first."""
    everything = listed(run, "--helper", "sam")
    assert listed(run, "--helper", "sam", "--limit", "3") == everything[-3:]


def test_reverse_lists_newest_first(run: Run) -> None:
    """--reverse turns the order round; with --limit it keeps the same newest N."""
    everything = listed(run, "--helper", "sam")
    assert listed(run, "--helper", "sam", "--reverse") == everything[::-1]
    assert listed(run, "--helper", "sam", "-n", "2", "--reverse") == everything[::-1][:2]


def test_a_limit_below_one_is_a_usage_error(run: Run) -> None:
    """--limit 0 would list nothing on purpose: it is refused."""
    result = run(*ROOT, "exchanges", "--limit", "0", env=TODAY)
    assert result.exit_code == 2


@pytest.mark.parametrize("option", ["--member", "--helper", "--helped"])
def test_an_unknown_handle_suggests_the_nearest(run: Run, option: str) -> None:
    """A mistyped handle exits 2, names the known members and suggests the nearest."""
    result = run(*ROOT, "exchanges", option, "mayaa", env=TODAY)
    assert result.exit_code == 2
    assert f"{option}: no member 'mayaa'" in result.stderr
    assert "hint: did you mean 'maya'?" in result.stderr


def test_an_unknown_handle_far_from_any_suggests_adding_it(run: Run) -> None:
    """With no handle close, the hint says how to add the member instead."""
    result = run(*ROOT, "exchanges", "--helper", "bartholomew", env=TODAY)
    assert result.exit_code == 2
    assert "hint: add them with `aidledger member add bartholomew`" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "suggestion"),
    [
        (("exchanges", "--mode", "teached"), "did you mean 'taught'?"),
        (("exchanges", "--format", "jsn"), "did you mean 'json'?"),
        (("balance", "--format", "markdwn"), "did you mean 'markdown'?"),
        (("report", "--format", "jason"), "did you mean 'json'?"),
        (("graph", "--format", "dto"), "did you mean 'dot'?"),
    ],
)
def test_an_invalid_option_value_suggests_the_nearest(
    run: Run, arguments: tuple[str, ...], suggestion: str
) -> None:
    """A mistyped option value exits 2, lists the values and suggests the nearest."""
    result = run(*ROOT, *arguments, env=TODAY)
    assert result.exit_code == 2
    assert suggestion in result.stderr


def test_a_tag_nothing_has_is_hinted_not_silent(ledger: Path, run: Run) -> None:
    """`--tag sqll` lists nothing, exit 0, and says on stderr that no exchange has that tag,
    with the nearest one; `requests --skill` does the same."""
    assert run("log", "30m", "Index", "--helped", "bob", "--tag", "sql").exit_code == 0
    assert run("ask", "Slow query", "--skill", "sql", "--as", "bob").exit_code == 0
    listed = run("exchanges", "--tag", "sqll")
    assert listed.exit_code == 0
    assert "hint: no exchange has the tag 'sqll'; did you mean 'sql'?" in listed.stderr
    asked = run("requests", "--skill", "sqll")
    assert asked.exit_code == 0
    assert "hint: no request needs the skill 'sqll'; did you mean 'sql'?" in asked.stderr
    assert "hint" not in run("exchanges", "--tag", "sql").stderr
