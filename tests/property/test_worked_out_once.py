"""What is worked out once and kept (per window, or by a quick look) is what the plain
definitions give, whatever was asked before."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.balance import compute_balances
from aidledger.engine.context import Context, make_context
from aidledger.engine.metrics import decay_weight, decay_weights
from aidledger.engine.report import statement, team_report
from aidledger.engine.rules import evaluate
from aidledger.engine.window import Window, counted
from aidledger.errors import Location, Problem
from aidledger.model.charter import Charter
from aidledger.model.ledger import Ledger, Located, Unread
from aidledger.model.records import Member, Request, Settings
from aidledger.model.validate import _exchange_problems, _problems_of_exchange, validate
from aidledger.model.values import MODES

from .strategies import FIRST_DAY, PROPERTY, TEAM, TODAY, exchange_lists, teams

windows = st.builds(
    Window,
    st.none() | st.dates(min_value=FIRST_DAY - timedelta(days=30), max_value=TODAY),
    st.none() | st.dates(min_value=FIRST_DAY, max_value=TODAY + timedelta(days=30)),
)


def _charter(count_unconfirmed: bool) -> Charter:
    return Charter.model_validate(
        {"charter": {"title": "Ours"}, "rules": {"count_unconfirmed": count_unconfirmed}}
    )


@st.composite
def contexts(draw: st.DrawFn) -> Context:
    """A context of a small team on a day, with or without unconfirmed help counted."""
    as_of = draw(st.dates(min_value=FIRST_DAY, max_value=TODAY))
    charter = _charter(draw(st.booleans()))
    return make_context(draw(teams()), draw(exchange_lists()), (), charter, as_of)


def _same(computed: object, expected: object) -> bool:
    """Equal, and written the same: 0 and 0.0 are equal, yet JSON shows them apart."""
    return computed == expected and repr(computed) == repr(expected)


def _asked(context: Context, window: Window) -> None:
    """Ask the context everything it keeps about a window."""
    context.counted(window)
    context.balances(window)
    context.parties(window)


@PROPERTY
@given(contexts(), st.lists(windows, max_size=4), windows)
def test_what_a_context_keeps_per_window_is_what_its_definition_gives(
    context: Context, asked_before: list[Window], window: Window
) -> None:
    """Counted exchanges, balances and who gave or received them, asked once or again."""
    for earlier in asked_before:
        _asked(context, earlier)
    rules = context.charter.rules
    expected = counted(context.exchanges, window, count_unconfirmed=rules.count_unconfirmed)
    for _ in range(2):
        assert context.dated(window) == tuple(
            exchange for exchange in context.exchanges if window.contains(exchange.date)
        )
        assert context.counted(window) == expected
        assert _same(context.balances(window), compute_balances(expected, context.members))
        parties = context.parties(window)
        for handle in {*TEAM, *parties.given, *parties.received}:
            assert parties.given_by(handle) == tuple(e for e in expected if e.helper == handle)
            assert parties.received_by(handle) == tuple(e for e in expected if handle in e.helped)
    assert context.counted() == context.in_window == context.counted(context.window)


@PROPERTY
@given(contexts(), windows)
def test_the_report_counts_as_the_balances_of_its_period(context: Context, window: Window) -> None:
    """The report's people and figures are those of the period's balances of active members."""
    _asked(context, window)
    report = team_report("Team", context, (), window)
    expected = compute_balances(context.counted(window), context.active)
    rows = [
        (row.handle, row.given_minutes, row.received_minutes, row.given_count, row.received_count)
        for row in report.members
    ]
    balances = [
        (row.handle, row.given_minutes, row.received_minutes, row.given_count, row.received_count)
        for row in expected.members
    ]
    assert _same(rows, balances)
    assert _same(
        (report.total_minutes, report.exchanges), (expected.total_minutes, expected.exchanges)
    )


@PROPERTY
@given(contexts(), st.lists(windows, max_size=4))
def test_the_warnings_do_not_depend_on_what_was_asked_before(
    context: Context, asked_before: list[Window]
) -> None:
    """A context that kept other windows' figures warns as a fresh one does."""
    fresh = make_context(
        context.members, context.exchanges, (), context.charter, context.as_of, context.started
    )
    for window in asked_before:
        _asked(context, window)
        team_report("Team", context, (), window)
    assert evaluate(context) == evaluate(fresh)


HANDLES = (*TEAM, "zed")
RecordT = TypeVar("RecordT")


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    """A ledger with some of every cross-record problem an exchange can have: unknown
    people and requests, help before joining or after leaving, days in the future."""
    people = []
    for handle in TEAM:
        joined = draw(st.dates(min_value=FIRST_DAY - timedelta(days=60), max_value=TODAY))
        left = draw(st.none() | st.dates(min_value=joined, max_value=TODAY))
        people.append(Member(handle=handle, joined=joined, left=left))
    records = draw(exchange_lists(HANDLES))
    exchanges = [
        exchange.model_copy(update={"request": draw(st.none() | st.sampled_from(("r1", "r2")))})
        for exchange in records
    ]
    request = Request(id="r1", opened=FIRST_DAY, by="alice", title="A hand")
    unread = Unread(
        handles=draw(st.sampled_from((frozenset(), frozenset({"zed"})))),
        request_ids=draw(st.sampled_from((frozenset(), frozenset({"r2"})))),
        some_members=draw(st.booleans()),
        some_requests=draw(st.booleans()),
    )
    return Ledger(
        settings=Settings(format_version=1, team="Testers"),
        charter=_charter(True),
        members=tuple(_at(member, "members.toml") for member in people),
        exchanges=tuple(_at(exchange, f"{exchange.id}.toml") for exchange in exchanges),
        requests=(_at(request, "r1.toml"),),
        unread=unread,
    )


def _at(record: RecordT, path: str) -> Located[RecordT]:
    return Located(record, Location(path, 1))


@PROPERTY
@given(ledgers(), st.dates(min_value=FIRST_DAY - timedelta(days=30), max_value=TODAY))
def test_exchanges_passed_quickly_have_no_problem(ledger: Ledger, today: date) -> None:
    """Looking at every exchange in full finds the problems validation finds."""
    request_ids = {located.record.id for located in ledger.requests}
    in_full: list[Problem] = [
        problem
        for located in ledger.exchanges
        for problem in _problems_of_exchange(ledger, today, request_ids, located)
    ]
    assert sorted(_exchange_problems(ledger, today)) == sorted(in_full)
    assert set(in_full) <= set(validate(ledger, today))


@PROPERTY
@given(contexts())
def test_the_decayed_and_logged_balances_of_one_pass_are_those_of_two(context: Context) -> None:
    """Decayed and logged balances worked out together equal each worked out alone."""
    exchanges = context.counted(context.history)
    half_life = context.charter.rules.half_life_days
    weights = {
        exchange.id: decay_weight(exchange.date, context.as_of, half_life) for exchange in exchanges
    }
    assert decay_weights(exchanges, context.as_of, half_life) == weights
    members, starts = context.members, context.starts
    decayed = compute_balances(exchanges, members, weights, starts=starts)
    assert _same(context.decayed_balances, decayed)
    assert _same(context.logged_balances, compute_balances(exchanges, members, starts=starts))


@PROPERTY
@given(contexts(), windows)
def test_the_months_split_by_mode_add_up_to_the_figures_shown(
    context: Context, window: Window
) -> None:
    """Each month's minutes by mode (the page's stacked bars) add up to its minutes, and
    over all months to the person-minutes of each mode; a statement's months add up to
    what it says was given and received."""
    report = team_report("Team", context, (), window)
    history = context.counted(context.history)
    for row in report.months:
        assert set(row.modes) == set(MODES)
        assert sum(row.modes.values()) == row.minutes
    for mode in MODES:
        assert sum(row.modes[mode] for row in report.months) == sum(
            exchange.person_minutes for exchange in history if exchange.mode == mode
        )
    for member in context.members:
        told = statement(member, "Team", context, (), window)
        assert sum(given for _, given, _ in told.months) == told.given_minutes
        assert sum(received for _, _, received in told.months) == told.received_minutes
        helped_months = {f"{exchange.date:%Y-%m}" for exchange in told.exchanges}
        shown = [month for month, _, _ in told.months]
        assert helped_months <= set(shown)
        assert shown == sorted(set(shown))
        assert all(  # consecutive months, none left out
            (int(b[:4]) * 12 + int(b[5:])) - (int(a[:4]) * 12 + int(a[5:])) == 1
            for a, b in itertools.pairwise(shown)
        )
