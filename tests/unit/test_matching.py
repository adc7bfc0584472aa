"""The ranking of `aidledger match`: skill, spare time, fairness, growth, and who is never
suggested; one rule per test."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from aidledger.engine.context import Context, make_context
from aidledger.engine.matching import (
    CarriesMuch,
    HelpedOnSkill,
    LearnedSkill,
    ListsSkill,
    PastBudget,
    ReceivedMore,
    RequestMatch,
    SpareTime,
    match_open_requests,
    match_request,
    open_requests,
)
from aidledger.model.records import Exchange, Member, Request
from tests.unit.make import charter, exchange, member, request

AS_OF = date(2026, 11, 4)  # a Wednesday: the week of capacity starts on Monday 2026-11-02
JOINED = date(2026, 1, 5)
_serial = iter(range(10**6))


def helped(
    helper: str, whom: str, minutes: int = 60, days_ago: int = 30, **fields: Any
) -> Exchange:
    day = AS_OF - timedelta(days=days_ago)
    return exchange(
        id=f"{day.isoformat()}-{helper}-{whom}-{next(_serial):06d}",
        date=day,
        helper=helper,
        helped=[whom],
        minutes=minutes,
        **fields,
    )


def ask(by: str = "bob", skills: tuple[str, ...] = ("ci",), **fields: Any) -> Request:
    return request(id=f"2026-11-01-{by}-q8x1z0", by=by, skills=list(skills), **fields)


def context_of(
    members: Sequence[Member],
    exchanges: Sequence[Exchange] = (),
    requests: Sequence[Request] = (),
) -> Context:
    return make_context(members, exchanges, requests, charter(), AS_OF)


def matched(
    members: Sequence[Member],
    exchanges: Sequence[Exchange] = (),
    wanted: Request | None = None,
    top: int = 3,
) -> RequestMatch:
    wanted = wanted or ask()
    return match_request(context_of(members, exchanges, [wanted]), wanted, top)


def handles(result: RequestMatch) -> list[str]:
    return [suggestion.handle for suggestion in result.helpers]


def test_someone_who_lists_the_skill_is_suggested_and_others_are_not() -> None:
    """When someone lists the request's skill, only people with the skill are suggested."""
    team = [member("alice", skills=["ci"]), member("bob"), member("carol", skills=["sql"])]
    result = matched(team)
    assert handles(result) == ["alice"]
    assert result.helpers[0].reasons[0] == ListsSkill(("ci",))
    assert not result.nobody_skilled


def test_recent_help_on_the_skill_counts_as_evidence() -> None:
    """Help given lately with the skill among its tags raises the skill fit, with a reason."""
    team = [member("alice", skills=["ci"]), member("bob"), member("carol", skills=["ci"])]
    history = [helped("alice", "dave", tags=["ci"]) for _ in range(2)]
    history += [helped("dave", "alice", 120)]
    result = matched([*team, member("dave")], history)
    alice = next(suggestion for suggestion in result.helpers if suggestion.handle == "alice")
    carol = next(suggestion for suggestion in result.helpers if suggestion.handle == "carol")
    assert alice.skill_fit > carol.skill_fit
    assert HelpedOnSkill(("ci",), 2, 90) in alice.reasons


def test_someone_past_their_budget_is_left_out_while_another_has_time() -> None:
    """A person who gave their whole weekly budget is not suggested when someone else can."""
    team = [
        member("alice", skills=["ci"], budget_minutes_per_week=60),
        member("bob"),
        member("carol", skills=["ci"]),
    ]
    busy = [helped("alice", "bob", 60, days_ago=1)]
    result = matched(team, busy)
    assert handles(result) == ["carol"]
    assert not result.past_budget_only


def test_past_budget_people_are_suggested_when_nobody_else_can_and_it_is_said() -> None:
    """When everyone able to help is past their budget, they are suggested, flagged as such."""
    team = [member("alice", skills=["ci"], budget_minutes_per_week=60), member("bob")]
    busy = [helped("alice", "bob", 90, days_ago=1)]
    result = matched(team, busy)
    assert handles(result) == ["alice"]
    assert result.past_budget_only
    suggestion = result.helpers[0]
    assert suggestion.past_budget
    past = next(reason for reason in suggestion.reasons if isinstance(reason, PastBudget))
    assert (past.given_minutes, past.allowance_minutes) == (90, 60.0)


def test_a_budget_of_zero_is_past_budget() -> None:
    """Someone who gives no time is not suggested while another has some."""
    team = [
        member("alice", skills=["ci"], budget_minutes_per_week=0),
        member("bob"),
        member("carol", skills=["ci"]),
    ]
    assert handles(matched(team)) == ["carol"]


def test_spare_time_counts_the_default_share_without_a_budget() -> None:
    """Without a budget, the allowance is 10% of the charter's work week, as for overload."""
    team = [member("alice", skills=["ci"]), member("bob")]
    reasons = matched(team).helpers[0].reasons
    spare = next(reason for reason in reasons if isinstance(reason, SpareTime))
    assert spare.allowance_minutes == 210.0
    assert not spare.own_budget


def test_who_received_more_than_they_gave_is_preferred() -> None:
    """Of two people equally able, the one who received more than they gave comes first."""
    team = [
        member("alice", skills=["ci"]),
        member("bob"),
        member("carol", skills=["ci"]),
        member("dave"),
    ]
    history = [helped("dave", "carol", 120, days_ago=20), helped("carol", "dave", 120, days_ago=10)]
    history += [helped("dave", "alice", 240, days_ago=5)]
    result = matched(team, history)
    assert handles(result)[0] == "alice"
    received = [r for r in result.helpers[0].reasons if isinstance(r, ReceivedMore)]
    assert received
    # Counted from the day alice joined, as the one-way warnings count: said in the words.
    assert received[0].since == team[0].joined


def test_who_carries_most_of_the_help_comes_after_others() -> None:
    """The person who already gives most of the team's help is ranked below the others."""
    team = [member(handle, skills=["ci"]) for handle in ("alice", "carol", "erin")]
    team += [member("bob"), member("dave")]
    history = [helped("alice", "dave", 60, days_ago=days) for days in range(20, 40, 4)]
    history += [helped("dave", "erin", 30, days_ago=15), helped("dave", "carol", 30, days_ago=16)]
    result = matched(team, history)
    assert handles(result)[-1] == "alice"
    assert any(isinstance(reason, CarriesMuch) for reason in result.helpers[-1].reasons)


def test_the_requester_is_never_suggested() -> None:
    """The person who asked is never among the helpers, even as the only one skilled."""
    team = [member("alice"), member("bob", skills=["ci"]), member("carol")]
    result = matched(team)
    assert "bob" not in handles(result)
    assert result.nobody_skilled
    assert handles(result) == ["alice", "carol"]


def test_people_who_left_are_never_suggested() -> None:
    """A member who left the team is not suggested, whatever their skills."""
    team = [
        member("alice", skills=["ci"], left=date(2026, 10, 1)),
        member("bob"),
        member("carol"),
    ]
    assert handles(matched(team)) == ["carol"]


def test_a_request_without_skills_is_open_to_anyone_with_time() -> None:
    """With no skill asked, every other active member may be suggested, not flagged."""
    team = [member("alice"), member("bob"), member("carol")]
    result = matched(team, wanted=ask(skills=()))
    assert handles(result) == ["alice", "carol"]
    assert not result.nobody_skilled


def test_top_limits_the_suggestions() -> None:
    """`top` is the most helpers suggested for a request."""
    team = [member(handle, skills=["ci"]) for handle in ("alice", "carol", "dave", "erin")]
    assert len(matched([*team, member("bob")], top=2).helpers) == 2


def test_someone_taught_the_skill_lately_is_the_pairing_partner() -> None:
    """A person taught the skill lately is named to pair with the first helper."""
    team = [member("alice", skills=["ci"]), member("bob"), member("carol")]
    history = [helped("alice", "carol", 60, days_ago=12, tags=["ci"], mode="taught")]
    result = matched(team, history)
    assert handles(result)[0] == "alice"
    assert result.partner is not None
    assert result.partner.handle == "carol"
    assert result.partner.reasons[0] == LearnedSkill(("ci",), 1, 90)


def test_help_done_for_someone_does_not_make_them_a_partner() -> None:
    """Help in mode `did` taught nothing: no pairing partner comes of it."""
    team = [member("alice", skills=["ci"]), member("bob"), member("carol")]
    history = [helped("alice", "carol", 60, days_ago=12, tags=["ci"], mode="did")]
    assert matched(team, history).partner is None


def test_ties_are_broken_by_handle() -> None:
    """People with the same score are listed in handle order."""
    team = [member(handle, skills=["ci"]) for handle in ("erin", "carol", "alice")]
    assert handles(matched([*team, member("bob")])) == ["alice", "carol", "erin"]


def test_the_same_data_in_any_order_gives_the_same_suggestions() -> None:
    """Suggestions depend on the data and the day, not on the order of records."""
    team = [member(handle, skills=["ci", "sql"][: 1 + index % 2]) for index, handle in
            enumerate(("alice", "bob", "carol", "dave", "erin", "finn"))]  # fmt: skip
    rng = random.Random(9)
    handles_ = [person.handle for person in team]
    history = []
    for days in range(1, 80, 3):
        helper, whom = rng.sample(handles_, 2)
        history.append(helped(helper, whom, rng.choice((30, 60)), days_ago=days, tags=["ci"]))
    wanted = ask()
    first = match_request(context_of(team, history, [wanted]), wanted)
    shuffled_team, shuffled_history = team[::-1], history[:]
    rng.shuffle(shuffled_history)
    again = match_request(context_of(shuffled_team, shuffled_history, [wanted]), wanted)
    assert first == again


def test_only_open_requests_are_matched_oldest_first() -> None:
    """Every open request is matched, oldest first; taken and closed ones are not."""
    team = [member("alice", skills=["ci"]), member("bob"), member("carol")]
    requests = [
        request(id="2026-11-03-bob-newer1", opened=date(2026, 11, 3), by="bob"),
        request(id="2026-11-01-carol-older1", opened=date(2026, 11, 1), by="carol"),
        request(id="2026-11-01-bob-taken1", by="bob", status="taken", taken_by="alice"),
        request(id="2026-11-01-bob-done01", by="bob", status="done", closed=date(2026, 11, 2)),
    ]
    context = context_of(team, [], requests)
    assert [found.id for found in open_requests(context)] == [
        "2026-11-01-carol-older1",
        "2026-11-03-bob-newer1",
    ]
    assert [result.request_id for result in match_open_requests(context)] == [
        "2026-11-01-carol-older1",
        "2026-11-03-bob-newer1",
    ]
