"""Spare capacity and who can help with what (engine/capacity.py), as pure functions.

DAY (2026-11-02) is a Monday: its week runs to Sunday 2026-11-08.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aidledger.engine.as_of_offers import meeting_on, offer_on, offer_stands
from aidledger.engine.capacity import (
    DEFAULT_BUDGET_SHARE,
    capacities,
    capacity,
    skills_view,
    spare_minutes,
    week_of,
    weekly_allowance,
)
from aidledger.engine.context import Context, make_context
from aidledger.engine.window import Window
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request
from tests.unit.make import DAY, charter, exchange, member, request

WEDNESDAY = DAY + timedelta(days=2)


def offer(**overrides: Any) -> Offer:
    fields: dict[str, Any] = {
        "id": "2026-11-02-alice-o1",
        "opened": DAY,
        "by": "alice",
        "text": "SQL reviews",
        "minutes": 60,
    }
    return Offer.model_validate({**fields, **overrides})


def context(
    *,
    members: tuple[Member, ...] = (),
    exchanges: tuple[Exchange, ...] = (),
    requests: tuple[Request, ...] = (),
    offers: tuple[Offer, ...] = (),
    meetings: tuple[Meeting, ...] = (),
    as_of: date = WEDNESDAY,
    **rules: Any,
) -> Context:
    return make_context(
        members or (member("alice"), member("bob")),
        exchanges,
        requests,
        charter(rules=rules) if rules else charter(),
        as_of,
        offers=offers,
        meetings=meetings,
    )


def test_week_of_is_monday_to_sunday() -> None:
    """The week of any day runs from its Monday to its Sunday."""
    assert week_of(WEDNESDAY) == Window(DAY, DAY + timedelta(days=6))
    assert week_of(DAY + timedelta(days=6)) == Window(DAY, DAY + timedelta(days=6))


def test_allowance_is_the_budget_or_a_tenth_of_the_work_week() -> None:
    """A member's budget when set (0 included), else 10% of work_minutes_per_week."""
    rules = charter(rules={"work_minutes_per_week": 2400}).rules
    assert weekly_allowance(member(budget_minutes_per_week=90), rules) == (90.0, True)
    assert weekly_allowance(member(budget_minutes_per_week=0), rules) == (0.0, True)
    assert weekly_allowance(member(), rules) == (DEFAULT_BUDGET_SHARE * 2400, False)


def test_spare_time_is_allowance_plus_offers_less_help_given_this_week() -> None:
    """210 (default) + 60 offered - 45 given on Monday = 225."""
    found = capacity(context(exchanges=(exchange(),), offers=(offer(),)), "alice")
    assert found is not None
    assert (found.allowance_minutes, found.given_minutes, found.offered_minutes) == (210, 45, 60)
    assert found.spare_minutes == 225


def test_help_counts_once_per_exchange_whatever_the_number_helped() -> None:
    """Time spent, not person-minutes: 45 minutes for two people is 45 minutes."""
    members = (member("alice"), member("bob"), member("carol"))
    both = exchange(helped=["bob", "carol"])
    assert capacity(context(members=members, exchanges=(both,)), "alice").given_minutes == 45  # type: ignore[union-attr]


def test_only_this_weeks_help_up_to_as_of_counts() -> None:
    """Help of the Sunday before, or after as_of, is not this week's."""
    before = exchange(id="x-before", date=DAY - timedelta(days=1))
    after = exchange(id="x-after", date=WEDNESDAY + timedelta(days=1))
    found = capacity(
        context(exchanges=(before, after), as_of=WEDNESDAY + timedelta(days=2)), "alice"
    )
    assert found is not None and found.given_minutes == 45
    found = capacity(context(exchanges=(before, after)), "alice")
    assert found is not None and found.given_minutes == 0


def test_spare_time_never_goes_below_zero() -> None:
    """Help beyond the allowance leaves no spare time, and the person is over budget."""
    busy = exchange(minutes=600)
    found = capacity(context(exchanges=(busy,)), "alice")
    assert found is not None and found.spare_minutes == 0 and found.over_budget


def test_spare_minutes_of_a_stranger_is_zero() -> None:
    """Someone who is not an active member has nothing to give."""
    assert spare_minutes(context(), "zoe") == 0
    assert spare_minutes(context(), "alice") == 210


def test_only_standing_offers_add_time() -> None:
    """A closed offer, one past its until, and one not yet opened add nothing."""
    closed = offer(id="o-closed", status="done", closed=DAY)
    lapsed = offer(id="o-lapsed", until=DAY + timedelta(days=1))
    later = offer(id="o-later", opened=WEDNESDAY + timedelta(days=1))
    found = capacity(context(offers=(closed, lapsed, later)), "alice")
    assert found is not None and found.offered_minutes == 0


def test_an_offer_closed_after_as_of_still_stands_then() -> None:
    """As of a day, an offer closed later is open; one opened later is absent."""
    closed_later = offer(status="done", closed=WEDNESDAY + timedelta(days=3))
    assert offer_on(closed_later, WEDNESDAY) == offer(status="open")
    assert offer_on(offer(), DAY - timedelta(days=1)) is None
    assert offer_stands(offer(until=WEDNESDAY), WEDNESDAY)
    assert not offer_stands(offer(until=WEDNESDAY), WEDNESDAY + timedelta(days=1))
    assert capacity(context(offers=(closed_later,)), "alice").offered_minutes == 60  # type: ignore[union-attr]


def test_meetings_after_as_of_are_not_in_the_context() -> None:
    """The context holds the meetings held by as_of, oldest first."""
    early, late = (
        Meeting(date=DAY - timedelta(days=14)),
        Meeting(date=WEDNESDAY + timedelta(days=1)),
    )
    assert meeting_on(late, WEDNESDAY) is None
    held = context(meetings=(late, early))
    assert held.meetings == (early,) and held.last_meeting == early


def test_offers_of_members_who_left_do_not_stand() -> None:
    gone = member("bob", left=DAY - timedelta(days=1))
    found = context(members=(member("alice"), gone), offers=(offer(by="bob"),))
    assert found.standing_offers == ()
    assert [row.handle for row in capacities(found)] == ["alice"]


def test_skills_view_lists_helpers_by_spare_time_and_last_help() -> None:
    """Helpers of a skill: most spare time first; last help tagged with it; offers count."""
    members = (
        member("alice", skills=["sql"], budget_minutes_per_week=60),
        member("bob", skills=["sql", "css"]),
    )
    helped = exchange(tags=["sql"], date=DAY - timedelta(days=30))
    view = skills_view(
        context(members=members, exchanges=(helped,), offers=(offer(skills=["go"]),))
    )
    rows = {row.skill: row for row in view.skills}
    assert [helper.handle for helper in rows["sql"].helpers] == ["bob", "alice"]
    assert rows["sql"].helpers[1].last_helped == helped.date
    assert rows["sql"].helpers[0].last_helped is None
    assert rows["go"].helpers[0].offered and rows["go"].helpers[0].spare_minutes == 120
    assert view.uncovered == ()


def test_skills_asked_and_nobody_has_are_uncovered() -> None:
    """Requests still to be met (open or taken) count; done or dropped ones do not."""
    asked = request(skills=["k8s"])
    taken = request(id="r-taken", skills=["rust"], status="taken", taken_by="alice")
    done = request(id="r-done", skills=["cobol"], status="done", closed=DAY)
    view = skills_view(context(requests=(asked, taken, done)))
    assert [row.skill for row in view.uncovered] == ["k8s", "rust"]
    assert view.uncovered[0].requests == (asked.id,)
    assert "cobol" not in {row.skill for row in view.skills}


def test_skills_view_does_not_depend_on_the_order_of_records() -> None:
    """The same records in another order give the same view."""
    members = (member("alice", skills=["sql"]), member("bob", skills=["sql"]))
    offers = (offer(id="o-1", skills=["go"]), offer(id="o-2", by="bob", skills=["go"]))
    one = skills_view(context(members=members, offers=offers))
    other = skills_view(context(members=members, offers=offers[::-1]))
    assert one == other
