"""Properties of the warnings (issue 3): a warning never depends on the order or layout of
the files that hold the exchanges, and time decay never makes old help weigh more."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidledger.engine.metrics import decay_weight
from tests.conftest import Run
from tests.warnings.builder import LONG_AGO, Layout, Team, ago, check_json

CLI = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HANDLES = ("alice", "bob", "carol", "dave", "erin")


@st.composite
def exchange_args(draw: st.DrawFn) -> dict[str, Any]:
    """The arguments of one `Team.give`, since the team joined, with repeated tags and topics."""
    helper = draw(st.sampled_from(HANDLES))
    others = [handle for handle in HANDLES if handle != helper]
    helped = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    confirmed = draw(st.booleans())
    return {
        "helper": helper,
        "helped": helped,
        "minutes": draw(st.integers(1, 600)),
        "on": ago(draw(st.integers(0, (ago(0) - LONG_AGO).days))),
        "mode": draw(st.sampled_from(("taught", "pair", "did", "advice"))),
        "topic": draw(st.sampled_from(("Release", "release", "Deploy", "Flaky test"))),
        "tags": draw(st.lists(st.sampled_from(("ci", "sql")), max_size=2, unique=True)),
        "useful": draw(st.none() | st.integers(1, 5)) if confirmed else None,
        "confirmed": confirmed,
    }


def ledger(exchanges: list[dict[str, Any]], ages: list[int]) -> Team:
    """A team with a budget, a newcomer and a member who left, plus requests of any age."""
    team = Team(joined=LONG_AGO)
    team.member("alice", budget=120).member("bob").member("carol")
    team.member("dave", left=ago(40)).member("erin", joined=ago(20))
    for drawn in exchanges:
        arguments = dict(drawn)
        people = {arguments["helper"], *arguments["helped"]}
        if {"dave", "erin"} <= people:
            # dave left before erin joined: they never met, and check would refuse the
            # record. Someone else takes erin's place.
            stand_in = next(handle for handle in ("alice", "bob", "carol") if handle not in people)
            arguments["helper"] = stand_in if arguments["helper"] == "erin" else arguments["helper"]
            arguments["helped"] = [
                stand_in if handle == "erin" else handle for handle in arguments["helped"]
            ]
            people = {arguments["helper"], *arguments["helped"]}
        if "dave" in people:
            # No help involves dave after he left: check would refuse the record.
            arguments["on"] = min(arguments["on"], ago(40))
        if "erin" in people:
            # Nor erin before she joined.
            arguments["on"] = max(arguments["on"], ago(20))
        team.give(**arguments)
    for number, age in enumerate(ages):
        team.request(HANDLES[number % 5], opened=ago(age))
    return team


@CLI
@given(
    exchanges=st.lists(exchange_args(), min_size=1, max_size=30),
    ages=st.lists(st.integers(0, 60), max_size=3),
    layout=st.sampled_from(("single", "yearly", "shuffled")),
    seed=st.integers(0, 2**16),
)
def test_warnings_do_not_depend_on_file_order(
    run: Run, exchanges: list[dict[str, Any]], ages: list[int], layout: Layout, seed: int
) -> None:
    """One file per exchange by month, or packed in other files in another order: the
    same warnings, with the same values, members and messages, and the same exit code."""
    team = ledger(exchanges, ages)
    with tempfile.TemporaryDirectory() as folder:
        reference = check_json(run, team.write(Path(folder) / "monthly", "monthly"))
        other = check_json(run, team.write(Path(folder) / layout, layout, seed))
    assert other.warnings == reference.warnings
    assert other.exit_code == reference.exit_code


@CLI
@given(
    minutes=st.lists(st.integers(1, 720), min_size=4, max_size=4),
    age=st.integers(0, 400),
    later=st.integers(1, 400),
)
def test_older_help_never_weighs_more_in_net_balance(
    run: Run, minutes: list[int], age: int, later: int
) -> None:
    """bob's four exchanges received, moved further into the past, never give a larger
    net balance; a net-balance level near 0 makes the value always reported."""

    def net_hours(days: int, folder: Path) -> float:
        team = Team(joined=ago(900)).levels("net-balance", warn=0.0001, fail=False)
        for helper, length in zip(("alice", "carol", "dave", "erin"), minutes, strict=True):
            team.give(helper, "bob", length, on=ago(days))
        report = check_json(run, team.write(folder))
        value: float = report.find("net-balance", ("bob",))["value"]
        return value

    with tempfile.TemporaryDirectory() as folder:
        recent = net_hours(age, Path(folder) / "recent")
        older = net_hours(age + later, Path(folder) / "older")
    assert older <= recent
    assert recent <= sum(minutes) / 60 + 1e-4


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@settings(max_examples=500, deadline=None)
@given(
    day=DAYS,
    as_of=DAYS,
    older=st.integers(0, 5000),
    half_life=st.integers(1, 3650),
)
def test_decay_weight_never_increases_with_age(
    day: date, as_of: date, older: int, half_life: int
) -> None:
    """decay_weight is at most 1 and never grows as the exchange gets older."""
    newer_weight = decay_weight(day, as_of, half_life)
    older_weight = decay_weight(day - timedelta(days=older), as_of, half_life)
    assert 0.0 <= older_weight <= newer_weight <= 1.0


@settings(max_examples=200, deadline=None)
@given(as_of=DAYS, half_life=st.integers(1, 3650), ahead=st.integers(0, 1000))
def test_decay_weight_is_one_today_and_half_a_half_life_ago(
    as_of: date, half_life: int, ahead: int
) -> None:
    """Help on or after `as_of` weighs 1; a half-life earlier it weighs one half."""
    assert decay_weight(as_of + timedelta(days=ahead), as_of, half_life) == 1.0
    assert decay_weight(as_of - timedelta(days=half_life), as_of, half_life) == 0.5
