"""The exchange meeting's agenda: time boxes, what is left for next time, where `--since`
starts, which needs come first, and how private balance points name nobody; one rule per
test."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from markdown_it import MarkdownIt

from aidledger.engine.agenda import (
    NEED_MINUTES,
    POINT_MINUTES,
    Agenda,
    BalancePoint,
    Need,
    agenda,
    balance_points,
    default_since,
    fit,
)
from aidledger.engine.context import Context, make_context
from aidledger.engine.findings import (
    BalanceFacts,
    ConcentrationFacts,
    Finding,
    IsolationFacts,
    StaleFacts,
    StaleRequest,
    UnconfirmedFacts,
)
from aidledger.engine.report import meeting_cadence, team_report
from aidledger.engine.window import Window
from aidledger.model.records import Confirmation, Exchange, Meeting, Member, Request
from aidledger.render.agenda import render_json, render_markdown, render_table
from aidledger.render.report import summary_pairs
from tests.unit.make import charter, exchange, member, request

AS_OF = date(2026, 11, 4)
HANDLES = ("alice", "bob", "carol", "dave")


def team() -> tuple[Member, ...]:
    skilled = ("alice", "carol")
    return tuple(member(handle, skills=("ci",) if handle in skilled else ()) for handle in HANDLES)


def context_of(
    exchanges: Sequence[Exchange] = (),
    requests: Sequence[Request] = (),
    meetings: Sequence[Meeting] = (),
    **rules: Any,
) -> Context:
    sections = {"rules": rules} if rules else {}
    return make_context(team(), exchanges, requests, charter(**sections), AS_OF, meetings=meetings)


def ask(suffix: str, by: str = "bob", **fields: Any) -> Request:
    return request(id=f"2026-10-20-{by}-{suffix}", opened=date(2026, 10, 20), by=by, **fields)


def rated(day: date, useful: int, suffix: str, note: str | None = None) -> Exchange:
    return exchange(
        id=f"{day.isoformat()}-alice-bob-{suffix}",
        date=day,
        confirmation=Confirmation(by="bob", on=day, useful=useful, note=note),
    )


def concentration(leader: str = "alice", severity: Any = "fail") -> Finding:
    facts = ConcentrationFacts((leader,), 0.7, 4, Window(AS_OF - timedelta(days=89), AS_OF))
    return Finding("concentration", severity, (leader,), 0.7, 0.5, facts, "team")


def isolated(handle: str = "dave") -> Finding:
    return Finding("isolated-member", "warn", (handle,), 1, 1, IsolationFacts(handle, 90))


def one_way(handle: str = "alice") -> Finding:
    facts = BalanceFacts(handle, None, 0.95, 600.0, 30.0, 900.0, 40.0, 90)
    return Finding("one-way-giver", "fail", (handle,), 0.95, 0.9, facts)


# --- time boxes ------------------------------------------------------------------------------


def test_items_that_fit_are_kept_and_the_others_left_for_next_time() -> None:
    """Items take the time in order; one that does not fit is left for next time."""
    points = tuple(
        BalancePoint(f"pattern-{index}", "warn", (), POINT_MINUTES) for index in range(3)
    )
    kept, left = fit(points, 2)
    assert kept == points[:2]
    assert left == points[2:]


def test_a_shorter_item_still_fits_after_a_longer_one_was_left() -> None:
    """A need too long for the time left does not keep a one-minute point out."""
    need = Need(ask("aaaaaa"), 15, None, None)
    point = BalancePoint("few-givers", "warn", ())
    kept, left = fit((need, point), NEED_MINUTES - 1)
    assert kept == (point,)
    assert left == (need,)


def test_the_agenda_fits_the_charter_meeting_minutes_by_default() -> None:
    """Without --minutes, the charter's `meeting_minutes` is the time the meeting has."""
    requests = [ask(f"r{index:05d}") for index in range(4)]
    result = agenda(context_of(requests=requests, meeting_minutes=7), (), "Testers")
    assert result.minutes == 7
    assert len(result.needs) == 2
    assert result.planned_minutes <= 7
    assert sum(isinstance(item, Need) for item in result.left) == 2


def test_needs_come_before_thanks_and_balance_points() -> None:
    """With time for one need only, the need is kept; thanks and points are left."""
    result = agenda(
        context_of([rated(AS_OF, 5, "aaaaaa")], [ask("aaaaaa")]),
        (concentration(),),
        "Testers",
        minutes=NEED_MINUTES,
    )
    assert [need.request.id for need in result.needs] == ["2026-10-20-bob-aaaaaa"]
    assert result.thanks is None and result.points == ()
    assert {type(item).__name__ for item in result.left} >= {"ThanksItem", "BalancePoint"}


def test_the_page_lists_what_was_left_with_a_count() -> None:
    """The Markdown page says how many items wait for next time, and names them."""
    result = agenda(
        context_of(requests=[ask("aaaaaa")]),
        (concentration(), isolated()),
        "Testers",
        minutes=NEED_MINUTES + 2,
    )
    page = render_markdown(result)
    assert "## Left for next time (2)" in page
    assert "2 items left for next time" in page
    assert "Balance point: A few people give most of the help" in page
    assert "Balance point: Someone is left out of the exchanges" in page


def test_the_time_planned_never_exceeds_the_minutes() -> None:
    """Whatever the length asked, the items kept fit in it."""
    context = context_of([rated(AS_OF, 5, "aaaaaa")], [ask(f"r{i:05d}") for i in range(5)])
    findings = (concentration(), isolated(), one_way())
    for minutes in range(1, 30):
        result = agenda(context, findings, "Testers", minutes=minutes)
        assert result.planned_minutes <= minutes
        # 5 needs, the offers, the thanks, 3 balance points: nothing is lost.
        assert len(result.kept) + len(result.left) == 5 + 1 + 1 + 3


# --- since ------------------------------------------------------------------------------------


def test_since_defaults_to_the_last_meeting() -> None:
    """The thanks start on the day of the last meeting recorded on or before as-of."""
    meetings = [Meeting(date=date(2026, 10, 7)), Meeting(date=date(2026, 10, 21))]
    context = context_of(meetings=meetings)
    assert default_since(context) == date(2026, 10, 21)
    result = agenda(context, (), "Testers")
    assert result.since == date(2026, 10, 21)
    assert result.last_meeting == date(2026, 10, 21)


def test_since_without_a_meeting_is_the_cadence_before_as_of() -> None:
    """Before any meeting, the thanks look back `meeting_every_days` (14 by default)."""
    assert default_since(context_of()) == AS_OF - timedelta(days=14)
    assert default_since(context_of(meeting_every_days=21)) == AS_OF - timedelta(days=21)


def test_thanks_are_those_since_the_given_day() -> None:
    """Help rated before `since` is not thanked again; what was rated since is."""
    exchanges = [rated(date(2026, 10, 10), 5, "before"), rated(date(2026, 10, 30), 4, "after1")]
    result = agenda(context_of(exchanges), (), "Testers", since=date(2026, 10, 22))
    assert result.thanks is not None
    assert [row.id for row in result.thanks.rows] == ["2026-10-30-alice-bob-after1"]


def test_a_meeting_after_as_of_is_not_the_last_one() -> None:
    """The agenda of an earlier day starts from the meeting known on that day."""
    meetings = [Meeting(date=date(2026, 10, 21)), Meeting(date=date(2026, 11, 18))]
    assert default_since(context_of(meetings=meetings)) == date(2026, 10, 21)


# --- needs ------------------------------------------------------------------------------------


def test_needs_are_the_most_urgent_first() -> None:
    """The soonest needed_by first, then those without one, the oldest first."""
    later = ask("later0", needed_by=date(2026, 11, 20))
    sooner = ask("sooner", needed_by=date(2026, 11, 5))
    old = request(id="2026-10-01-carol-oldold", opened=date(2026, 10, 1), by="carol", title="Old")
    new = ask("newnew")
    done = ask("done00", status="done", closed=date(2026, 10, 25))
    result = agenda(context_of(requests=[new, old, later, sooner, done]), (), "Testers", minutes=60)
    assert [need.request.id for need in result.needs] == [
        sooner.id,
        later.id,
        old.id,
        new.id,
    ]
    assert result.needs[0].days_left == 1


def test_an_open_need_has_two_helpers_a_taken_one_none() -> None:
    """Open needs carry the matching's top two; a taken need names who took it instead."""
    open_one = ask("open00", skills=["ci"])
    taken = ask("taken0", status="taken", taken_by="carol")
    result = agenda(context_of(requests=[open_one, taken]), (), "Testers")
    by_id = {need.request.id: need for need in result.needs}
    match = by_id[open_one.id].match
    assert match is not None
    assert {helper.handle for helper in match.helpers} == {"alice", "carol"}
    assert by_id[taken.id].match is None


def test_a_stale_request_is_marked_from_its_warning() -> None:
    """The `stale-request` warning's facts say which need waited, and for how long."""
    waiting = ask("stale0")
    stale = Finding(
        "stale-request",
        "warn",
        ("bob",),
        1,
        1,
        StaleFacts((StaleRequest(waiting.id, "bob", waiting.title, 15),), 14),
        "team",
    )
    result = agenda(context_of(requests=[waiting]), (stale,), "Testers")
    assert result.needs[0].stale_days == 15
    assert result.points == ()


# --- balance points ---------------------------------------------------------------------------


def test_findings_are_grouped_by_pattern_the_most_severe_first() -> None:
    """One-way findings make one point; a warn pattern comes after the fail ones."""
    receiver = Finding(
        "one-way-receiver",
        "warn",
        ("bob",),
        0.05,
        0.1,
        BalanceFacts("bob", None, 0.05, 30.0, 600.0, 40.0, 900.0, 90),
    )
    points = balance_points((isolated(), receiver, one_way(), concentration()))
    assert [point.pattern for point in points] == ["one-way", "few-givers", "left-out"]
    assert points[0].warnings == ("one-way-giver", "one-way-receiver")
    assert points[0].severity == "fail"


def test_unconfirmed_help_is_settled_not_discussed() -> None:
    """The `unconfirmed` warning feeds the item to settle, with whom each exchange waits for."""
    waiting = exchange(id="2026-10-01-alice-bob-wait00", date=date(2026, 10, 1))
    finding = Finding(
        "unconfirmed", "warn", ("bob",), 1, 1, UnconfirmedFacts("bob", (waiting.id,), 14)
    )
    result = agenda(context_of([waiting]), (finding,), "Testers")
    assert result.points == ()
    assert result.settle is not None
    assert [(one.by, one.exchange.id) for one in result.settle.waiting] == [("bob", waiting.id)]


def _private(findings: Sequence[Finding], **fields: Any) -> Agenda:
    thanks = rated(AS_OF, 5, "thanks", note="alice saved my day")
    return agenda(
        context_of([thanks], [ask("need00")]),
        findings,
        "Testers",
        minutes=60,
        private=True,
        **fields,
    )


def _points_section(page: str) -> str:
    return page.split("Balance points to discuss", 1)[1].split("\n## ", 1)[0]


def test_private_balance_points_name_nobody() -> None:
    """With --private, no handle appears in the balance points, in any format."""
    findings = (one_way("alice"), concentration("alice"), isolated("dave"))
    result = _private(findings)
    markdown_points = _points_section(render_markdown(result))
    table_points = _points_section(render_table(result))
    json_points = json.dumps(json.loads(render_json(result))["points"])
    for text in (markdown_points, table_points, json_points):
        for handle in HANDLES:
            assert re.search(rf"\b{handle}\b", text) is None, (handle, text)
    assert "1 person" in markdown_points


def test_private_leaves_names_in_needs_and_thanks() -> None:
    """--private is about the balance points only: needs and thanks keep their names."""
    page = render_markdown(_private((one_way("alice"),)))
    needs = page.split("## 1. Open needs", 1)[1].split("\n## ", 1)[0]
    thanks = page.split("Thanks since", 1)[1].split("\n## ", 1)[0]
    assert "asked by bob" in needs
    assert "**alice** helped bob" in thanks


def test_balance_points_name_people_when_not_private() -> None:
    """Without --private, the facts name the people concerned."""
    result = agenda(context_of(), (concentration("alice"),), "Testers")
    assert "came from alice" in _points_section(render_markdown(result))


# --- the same data, the same agenda -----------------------------------------------------------


def test_the_agenda_does_not_depend_on_the_order_of_records() -> None:
    """Records in any order give the same page."""
    exchanges = [rated(AS_OF - timedelta(days=day), 5, f"x{day:05d}") for day in range(5)]
    requests = [ask(f"r{index:05d}") for index in range(3)]
    findings = (concentration(), isolated())
    first = agenda(context_of(exchanges, requests), findings, "Testers")
    second = agenda(context_of(exchanges[::-1], requests[::-1]), findings, "Testers")
    assert render_markdown(first) == render_markdown(second)
    assert render_json(first) == render_json(second)


def test_the_markdown_page_parses_with_its_sections() -> None:
    """The page is CommonMark with one heading per section kept."""
    result = agenda(
        context_of([rated(AS_OF, 5, "aaaaaa")], [ask("aaaaaa")]),
        (concentration(),),
        "Testers",
    )
    tokens = MarkdownIt().parse(render_markdown(result))
    headings = [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    assert headings == [
        "1. Open needs · 3 min",
        "2. Offers and spare time · 2 min",
        "3. Thanks since 2026-10-21 · 2 min",
        "4. Balance points to discuss · 1 min",
    ]


def test_needs_all_left_for_next_time_are_not_called_absent() -> None:
    """When no need fits, the page does not claim there is none: it lists them as left."""
    result = agenda(context_of(requests=[ask("aaaaaa")]), (), "Testers", minutes=2)
    page = render_markdown(result)
    assert "No open request" not in page
    assert "Open needs" not in page
    assert "- *3 min* · Need: Need a hand with the release script (bob)" in page
    assert "No open request" in render_markdown(agenda(context_of(), (), "Testers"))


# --- the cadence the report shows -------------------------------------------------------------


def test_the_report_shows_the_cadence_kept_or_not() -> None:
    """The last meeting within meeting_every_days is kept; past it, overdue."""
    kept = meeting_cadence(context_of(meetings=[Meeting(date=date(2026, 10, 28))]))
    assert kept is not None and kept.kept and kept.days_since == 7
    late = context_of(meetings=[Meeting(date=date(2026, 10, 1))])
    cadence = meeting_cadence(late)
    assert cadence is not None and cadence.kept is False
    pairs = dict(summary_pairs(team_report("Testers", late, ())))
    assert pairs["exchange meeting"] == (
        "last on 2026-10-01, 34 days ago; promised every 14 days: overdue"
    )


def test_a_team_without_meetings_or_cadence_is_not_held_to_one() -> None:
    """No meeting recorded and no cadence in the charter: the report has no meeting line."""

    assert meeting_cadence(context_of()) is None
    promised = meeting_cadence(context_of(meeting_every_days=7))
    assert promised is not None and promised.last is None and promised.kept is None
