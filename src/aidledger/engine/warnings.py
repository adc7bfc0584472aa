"""The warning catalogue: each check reads the context and its thresholds, and yields findings.

Messages speak about the team's system of mutual aid, never blame a person, and always
suggest a next step. A check that lacks its minimum data stays silent and says so as a
`Skip`, which `evaluate` turns into one `insufficient-data` info finding per check.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from aidledger.engine.balance import Balances, MemberBalance, compute_balances
from aidledger.engine.context import Context, make_context
from aidledger.engine.findings import Comparison, Finding, Severity, grade
from aidledger.engine.metrics import effective_number, wilson_lower_bound
from aidledger.engine.metrics import ratings as ratings_of
from aidledger.model.charter import Thresholds, WarningId, thresholds
from aidledger.model.records import Exchange
from aidledger.model.values import format_minutes, plural

__all__ = ["CATALOGUE", "Context", "Skip", "evaluate", "make_context"]

TEAM_MIN_MEMBERS = 3
PARTICIPATION_DAYS = 90
OVERLOAD_DAYS = 28
DEFAULT_BUDGET_SHARE = 0.10
REPEAT_DAYS = 30
USEFUL_RATING = 4
ISOLATION_DAYS = 90
ISOLATION_MIN_ACTIVE_DAYS = 30


@dataclass(frozen=True)
class Skip:
    """A check that could not judge, for lack of data, and for whom."""

    members: tuple[str, ...]
    reason: str


Outcome = Finding | Skip
Check = Callable[[Context, Thresholds], Iterator[Outcome]]


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _hours(minutes: float) -> str:
    return format_minutes(minutes)


TEAM_WARNINGS: frozenset[str] = frozenset(
    {"concentration", "shallow-pool", "low-participation", "team-overhead", "stale-request"}
)


def _finding(
    warning_id: WarningId,
    verdict: tuple[Severity, float],
    members: Iterable[str],
    value: float,
    message: str,
    suggestion: str,
) -> Finding:
    """A finding; team-wide checks, and any finding naming nobody, speak of the team."""
    severity, threshold = verdict
    handles = tuple(members)
    return Finding(
        id=warning_id,
        severity=severity,
        members=handles,
        value=round(value, 4),
        threshold=round(threshold, 4),
        message=message,
        suggestion=suggestion,
        scope="team" if warning_id in TEAM_WARNINGS or not handles else "member",
    )


# --- balance-type checks: decayed minutes over the whole history ---------------------------


@dataclass(frozen=True)
class _OneWay:
    """The two faces of one-way help: the side whose minimums apply, and the words."""

    warning_id: WarningId
    comparison: Comparison
    side: Literal["given", "received"]
    flow: str
    suggestion: str


_RECEIVER = _OneWay(
    "one-way-receiver",
    "at_most",
    "received",
    "towards",
    "Find something {handle} can teach, review or pair on, and prefer teaching over doing "
    "in the help {handle} gets, so that the exchange goes both ways.",
)
_GIVER = _OneWay(
    "one-way-giver",
    "at_least",
    "given",
    "from",
    "Ask {handle} what they would like to learn or hand over, and pair others on the "
    "topics {handle} covers so that the knowledge spreads.",
)


def _side(balance: MemberBalance, side: Literal["given", "received"]) -> tuple[int, float]:
    if side == "given":
        return balance.given_count, balance.given_minutes
    return balance.received_count, balance.received_minutes


def _one_way(context: Context, limits: Thresholds, face: _OneWay) -> Iterator[Outcome]:
    balances = context.decayed_balances
    short = []
    for member in context.active:
        balance = balances.of(member.handle)
        count, minutes = _side(balance, face.side)
        if not limits.enough(count, minutes):
            if count > 0:
                short.append(member.handle)
            continue
        fail_allowed = limits.enough_to_fail(count, minutes)
        share = balance.give_share
        verdict = grade(share, limits.warn, limits.fail, face.comparison, fail_allowed=fail_allowed)
        if verdict is None:
            continue
        yield _finding(
            face.warning_id,
            verdict,
            (member.handle,),
            share,
            f"Help flows one way {face.flow} {member.handle}: give share "
            f"{_percent(share)}, with {_hours(balance.given_minutes)} given and "
            f"{_hours(balance.received_minutes)} received (time-weighted, "
            f"half-life {context.charter.rules.half_life_days} days).",
            face.suggestion.format(handle=member.handle),
        )
    if short:
        yield Skip(tuple(short), limits.needs(face.side))


def check_one_way_receiver(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members who mostly receive: their smoothed give share is at or below the threshold."""
    return _one_way(context, limits, _RECEIVER)


def check_one_way_giver(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members who mostly give: their smoothed give share is at or above the threshold."""
    return _one_way(context, limits, _GIVER)


def check_net_balance(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Members far from even: decayed |given − received| in hours at or above the threshold."""
    balances = context.decayed_balances
    short = []
    for member in context.active:
        balance = balances.of(member.handle)
        if not limits.enough(balance.given_count + balance.received_count):
            if balance.given_count + balance.received_count > 0:
                short.append(member.handle)
            continue
        hours = abs(balance.net_minutes) / 60
        verdict = grade(hours, limits.warn, limits.fail, "at_least")
        if verdict is None:
            continue
        direction = (
            "more given than received" if balance.net_minutes > 0 else ("more received than given")
        )
        yield _finding(
            "net-balance",
            verdict,
            (member.handle,),
            hours,
            f"{member.handle}'s balance stands at {hours:.1f} hours {direction} (time-weighted).",
            f"Plan exchanges in the other direction for {member.handle}: "
            + (
                f"let {member.handle} bring a need to the next exchange."
                if balance.net_minutes > 0
                else f"ask {member.handle} to offer a skill at the next exchange."
            ),
        )
    if short:
        yield Skip(tuple(short), limits.needs("exchanges"))


# --- team checks over the report's window ---------------------------------------------------


def _team_data(
    context: Context,
    exchanges: tuple[Exchange, ...],
    limits: Thresholds,
    period: str = "the window",
) -> Skip | None:
    """Team checks judge only with 3 active members and `min_count` exchanges in their period."""
    n = len(context.active)
    if n < TEAM_MIN_MEMBERS or not limits.enough(len(exchanges)):
        return Skip(
            (),
            f"{plural(n, 'active member')} and {plural(len(exchanges), 'exchange')} in "
            f"{period}; team checks need {TEAM_MIN_MEMBERS} and {limits.min_count}",
        )
    return None


def top_givers(balances: Balances, candidates: Iterable[str], k: int) -> tuple[str, ...]:
    """The k members who gave the most, ties broken by handle."""
    ranked = sorted(candidates, key=lambda handle: (-balances.of(handle).given_minutes, handle))
    return tuple(ranked[:k])


def check_concentration(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Always the same helpers: the share of given minutes carried by the k largest givers."""
    exchanges = context.counted()
    if (skip := _team_data(context, exchanges, limits)) is not None:
        yield skip
        return
    balances = compute_balances(exchanges, context.members)
    n = len(context.active)
    k = max(1, math.ceil(0.05 * n))
    leaders = top_givers(balances, (member.handle for member in context.active), k)
    share = sum(balances.of(handle).given_minutes for handle in leaders) / balances.total_minutes
    warn = None if limits.warn is None else max(limits.warn, 2 * k / n)
    fail = None if limits.fail is None else min(0.90, max(limits.fail, 3 * k / n))
    verdict = grade(share, warn, fail, "at_least")
    if verdict is None:
        return
    who = ", ".join(leaders)
    largest = "the largest giver" if k == 1 else f"the {k} largest givers"
    yield _finding(
        "concentration",
        verdict,
        leaders,
        share,
        f"{_percent(share)} of the help given {context.window.describe()} came from "
        f"{largest} ({who}), in a team of {n}.",
        "Route needs to other people first at the regular exchange, and pair a second "
        f"person with {who} on the topics only they cover.",
    )


def check_shallow_pool(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Few real helpers: the effective number of helpers 1/Σs² is below max(floor, n/3)."""
    exchanges = context.counted()
    if (skip := _team_data(context, exchanges, limits)) is not None:
        yield skip
        return
    balances = compute_balances(exchanges, context.members)
    helpers = effective_number(member.given_minutes for member in balances.members)
    if helpers is None:
        return
    n = len(context.active)
    warn = None if limits.warn is None else max(limits.warn, n / 3)
    fail = None if limits.fail is None else max(limits.fail, n / 6)
    verdict = grade(helpers, warn, fail, "below")
    if verdict is None:
        return
    yield _finding(
        "shallow-pool",
        verdict,
        (),
        helpers,
        f"The help given is worth {helpers:.1f} equal helpers in a team of {n}: "
        "a few people carry the giving.",
        "At the next exchange, ask each person for one offer, and match needs to the "
        "people who have given least so far.",
    )


def check_low_participation(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A minority takes part: the share of active members who gave help in the last 90 days."""
    active = context.active
    first = context.first_day
    window = context.recent(PARTICIPATION_DAYS)
    exchanges = context.counted(window)
    period = f"the last {PARTICIPATION_DAYS} days"
    if (skip := _team_data(context, exchanges, limits, period)) is not None:
        yield skip
        return
    if first is None or window.since is None or first > window.since:
        yield Skip((), f"less than {PARTICIPATION_DAYS} days of history")
        return
    givers = {exchange.helper for exchange in exchanges}
    gave = [member.handle for member in active if member.handle in givers]
    share = len(gave) / len(active)
    verdict = grade(share, limits.warn, limits.fail, "below")
    if verdict is None:
        return
    silent = tuple(member.handle for member in active if member.handle not in givers)
    yield _finding(
        "low-participation",
        verdict,
        silent,
        share,
        f"{len(gave)} of {len(active)} active members gave help in the last "
        f"{PARTICIPATION_DAYS} days ({_percent(share)}).",
        "Make giving easy to start: at the next exchange, invite those who have not given "
        "yet to offer a short piece of advice or a review.",
    )


# --- load on people and on the team: the last 28 days ---------------------------------------


def _minutes_by_helper(exchanges: Iterable[Exchange]) -> tuple[dict[str, int], dict[str, int]]:
    """Time each helper actually spent (once per exchange), and how many exchanges."""
    minutes: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for exchange in exchanges:
        minutes[exchange.helper] += exchange.minutes
        counts[exchange.helper] += 1
    return minutes, counts


def check_helper_overload(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help that eats a person's own job: minutes given per week over their budget."""
    weeks = OVERLOAD_DAYS / 7
    minutes, counts = _minutes_by_helper(context.counted(context.recent(OVERLOAD_DAYS)))
    work = context.charter.rules.work_minutes_per_week
    short = []
    for member in context.active:
        if not limits.enough(counts[member.handle]):
            if counts[member.handle] > 0:
                short.append(member.handle)
            continue
        budget = member.budget_minutes_per_week
        own_budget = budget is not None
        allowance = float(budget) if budget is not None else DEFAULT_BUDGET_SHARE * work
        per_week = minutes[member.handle] / weeks
        # A budget of 0 says "no time to give": any help is over it, measured per minute.
        ratio = per_week / max(allowance, 1.0)
        verdict = grade(ratio, limits.warn, limits.fail, "above")
        if verdict is None:
            continue
        basis = "their budget" if own_budget else f"{DEFAULT_BUDGET_SHARE:.0%} of a work week"
        yield _finding(
            "helper-overload",
            verdict,
            (member.handle,),
            ratio,
            f"{member.handle} gave {format_minutes(per_week)} of help a week over the last "
            f"{OVERLOAD_DAYS} days, {ratio:.1f}× {basis} ({format_minutes(allowance)}).",
            f"Protect {member.handle}'s own work: send the next requests to others, and turn "
            "repeated questions into a shared note or a teaching session.",
        )
    if short:
        yield Skip(tuple(short), limits.needs(f"exchanges given in {OVERLOAD_DAYS} days"))


def check_team_overhead(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Mutual aid that costs the team's missions: help minutes per week over work minutes."""
    exchanges = context.counted(context.recent(OVERLOAD_DAYS))
    if (
        skip := _team_data(context, exchanges, limits, f"the last {OVERLOAD_DAYS} days")
    ) is not None:
        yield skip
        return
    per_week = sum(exchange.minutes for exchange in exchanges) / (OVERLOAD_DAYS / 7)
    capacity = len(context.active) * context.charter.rules.work_minutes_per_week
    share = per_week / capacity
    verdict = grade(share, limits.warn, limits.fail, "above")
    if verdict is None:
        return
    yield _finding(
        "team-overhead",
        verdict,
        (),
        share,
        f"Help took {format_minutes(per_week)} a week over the last {OVERLOAD_DAYS} days, "
        f"{_percent(share)} of the team's working time.",
        "Look for the help that repeats and fix its cause: documentation, automation, or a "
        "teaching session instead of many one-off fixes.",
    )


# --- dependency and the way help is given ----------------------------------------------------


def check_repeat_dependency(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """The same person helped on the same tag or topic again and again within 30 days."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for exchange in context.counted(context.recent(REPEAT_DAYS)):
        keys = {f"tag {tag}" for tag in exchange.tags} | {f"topic {exchange.topic.lower()!r}"}
        for helped in exchange.helped:
            for key in keys:
                groups[(helped, key)].add(exchange.id)
    active = {member.handle for member in context.active}
    worst: dict[str, tuple[int, str]] = {}
    for (helped, key), ids in groups.items():
        if helped in active and (len(ids), key) > worst.get(helped, (0, "")):
            worst[helped] = (len(ids), key)
    for helped, (count, key) in sorted(worst.items()):
        verdict = grade(count, limits.warn, limits.fail, "at_least")
        if verdict is None:
            continue
        yield _finding(
            "repeat-dependency",
            verdict,
            (helped,),
            count,
            f"{helped} was helped {count} times on {key} in the last {REPEAT_DAYS} days.",
            f"Turn the next request on {key.split(' ', 1)[1]} into a taught session or a "
            f"pairing where {helped} drives, so the need does not come back.",
        )


def _mode_share(exchanges: Iterable[Exchange], mode: str) -> tuple[int, float, float]:
    count = 0
    total = 0.0
    in_mode = 0.0
    for exchange in exchanges:
        count += 1
        total += exchange.minutes
        if exchange.mode == mode:
            in_mode += exchange.minutes
    return count, total, (in_mode / total if total else 0.0)


def check_done_for_dependency(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A person who mostly gets the work done for them: share of received minutes in `did`."""
    window = context.counted()
    short = []
    for member in context.active:
        received = [exchange for exchange in window if member.handle in exchange.helped]
        count, minutes, share = _mode_share(received, "did")
        if not limits.enough(count, minutes):
            if count > 0:
                short.append(member.handle)
            continue
        fail_allowed = limits.enough_to_fail(count, minutes)
        verdict = grade(share, limits.warn, limits.fail, "at_least", fail_allowed=fail_allowed)
        if verdict is None:
            continue
        yield _finding(
            "done-for-dependency",
            verdict,
            (member.handle,),
            share,
            f"{_percent(share)} of the help {member.handle} received in the window was done "
            f"for them rather than taught or shared ({format_minutes(minutes)} in all).",
            f"Next time, pair with {member.handle} at the keyboard or teach the steps, so "
            f"{member.handle} can do it alone the time after.",
        )
    if short:
        yield Skip(tuple(short), f"fewer than {limits.min_count} exchanges received")


def check_teaching_style(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """A helper who mostly does the work instead of teaching: share of given minutes in `did`."""
    window = context.counted()
    short = []
    for member in context.active:
        given = [exchange for exchange in window if exchange.helper == member.handle]
        count, _, share = _mode_share(given, "did")
        if not limits.enough(count):
            if count > 0:
                short.append(member.handle)
            continue
        verdict = grade(share, limits.warn, limits.fail, "at_least")
        if verdict is None:
            continue
        yield _finding(
            "teaching-style",
            verdict,
            (member.handle,),
            share,
            f"{_percent(share)} of the help {member.handle} gave in the window was doing the "
            "work for others rather than teaching or pairing.",
            f"Give {member.handle} the time to teach: a slower, taught session now saves "
            "the same request later.",
        )
    if short:
        yield Skip(tuple(short), limits.needs("exchanges given"))


def check_low_usefulness(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help that does not meet the need: the Wilson lower bound of the share rated 4 or 5."""
    window = context.counted()
    ratings = ratings_of(window)
    if not limits.enough(len(ratings)):
        yield Skip((), limits.needs("ratings in the window"))
    else:
        good = sum(1 for rating in ratings if rating >= USEFUL_RATING)
        bound = wilson_lower_bound(good, len(ratings)) or 0.0
        verdict = grade(bound, limits.warn, limits.fail, "below")
        if verdict is not None:
            yield _finding(
                "low-usefulness",
                verdict,
                (),
                bound,
                f"{good} of {len(ratings)} ratings in the window found the help useful (4 or "
                f"5); the cautious estimate of that share is {_percent(bound)}.",
                "Start each exchange by asking what the person needs and how they will know "
                "it worked; check back afterwards.",
            )
    yield from _helper_usefulness(context, limits, window)


def _helper_usefulness(
    context: Context, limits: Thresholds, window: tuple[Exchange, ...]
) -> Iterator[Outcome]:
    short = []
    for member in context.active:
        ratings = ratings_of(exchange for exchange in window if exchange.helper == member.handle)
        if not limits.enough(len(ratings)):
            if ratings:
                short.append(member.handle)
            continue
        good = sum(1 for rating in ratings if rating >= USEFUL_RATING)
        bound = wilson_lower_bound(good, len(ratings)) or 0.0
        verdict = grade(bound, limits.helper_warn, None, "below")
        if verdict is None:
            continue
        yield _finding(
            "low-usefulness",
            verdict,
            (member.handle,),
            bound,
            f"{good} of {len(ratings)} ratings of {member.handle}'s help found it useful; "
            f"the cautious estimate of that share is {_percent(bound)}.",
            f"Ask the people {member.handle} helped what would have helped more; the charter's "
            "advice on how to help is a good start.",
        )
    if short:
        yield Skip(tuple(short), limits.needs("ratings as helper"))


# --- follow-up: confirmations, isolation, requests -------------------------------------------


def check_unconfirmed(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help still unconfirmed after `confirm_within_days`, grouped by who should confirm."""
    days = context.charter.rules.confirm_within_days
    waiting: dict[str, list[str]] = defaultdict(list)
    in_order = sorted(context.exchanges, key=lambda exchange: (exchange.date, exchange.id))
    for exchange in in_order:
        if exchange.confirmed or (context.as_of - exchange.date).days <= days:
            continue
        for helped in exchange.helped:
            waiting[helped].append(exchange.id)
    active = {member.handle for member in context.active}
    for helped, ids in sorted(waiting.items()):
        verdict = grade(len(ids), limits.warn, limits.fail, "at_least")
        if helped not in active or verdict is None:
            continue
        yield _finding(
            "unconfirmed",
            verdict,
            (helped,),
            len(ids),
            f"{plural(len(ids), 'exchange')} helping {helped} "
            f"{'are' if len(ids) != 1 else 'is'} still unconfirmed after {days} days "
            f"(oldest {ids[0]}).",
            f"{helped} can confirm with `aidledger confirm ID --useful N`; list them with "
            f"`aidledger exchanges --member {helped} --unconfirmed`.",
        )


def check_isolated_member(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """An active member with no exchange at all, given or received, in the last 90 days."""
    window = context.recent(ISOLATION_DAYS)
    seen = {
        handle
        for exchange in context.exchanges
        if window.contains(exchange.date)
        for handle in (exchange.helper, *exchange.helped)
    }
    newcomers = []
    for member in context.active:
        if member.handle in seen:
            continue
        if context.active_days(member) < ISOLATION_MIN_ACTIVE_DAYS:
            newcomers.append(member.handle)
            continue
        verdict = grade(1, limits.warn, limits.fail, "at_least")
        if verdict is None:
            continue
        yield _finding(
            "isolated-member",
            verdict,
            (member.handle,),
            1,
            f"{member.handle} took part in no exchange, given or received, in the last "
            f"{ISOLATION_DAYS} days.",
            f"Check in with {member.handle}: ask what they are working on and what they could "
            "use or offer, and bring it to the next exchange.",
        )
    if newcomers:
        yield Skip(tuple(newcomers), f"members for less than {ISOLATION_MIN_ACTIVE_DAYS} days")


def check_stale_request(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Open requests older than `request_stale_days` that nobody has taken, counted."""
    days = context.charter.rules.request_stale_days
    active = {member.handle for member in context.active}
    stale = sorted(
        (
            request
            for request in context.requests
            if request.status == "open"
            and request.taken_by is None
            and request.by in active
            and (context.as_of - request.opened).days > days
        ),
        key=lambda request: (request.opened, request.id),
    )
    verdict = grade(len(stale), limits.warn, limits.fail, "at_least")
    if verdict is None:
        return
    listed = "; ".join(
        f"{request.title!r} by {request.by}, {(context.as_of - request.opened).days} days"
        for request in stale[:3]
    )
    more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
    yield _finding(
        "stale-request",
        verdict,
        tuple(dict.fromkeys(request.by for request in stale)),
        len(stale),
        f"{plural(len(stale), 'request')} waited more than {days} days with nobody on "
        f"{'them' if len(stale) != 1 else 'it'}: {listed}{more}.",
        "Bring them to the next exchange: find someone with the skill, or agree to drop them.",
    )


CATALOGUE: dict[WarningId, Check] = {
    "one-way-receiver": check_one_way_receiver,
    "one-way-giver": check_one_way_giver,
    "net-balance": check_net_balance,
    "concentration": check_concentration,
    "shallow-pool": check_shallow_pool,
    "low-participation": check_low_participation,
    "helper-overload": check_helper_overload,
    "team-overhead": check_team_overhead,
    "repeat-dependency": check_repeat_dependency,
    "done-for-dependency": check_done_for_dependency,
    "teaching-style": check_teaching_style,
    "low-usefulness": check_low_usefulness,
    "unconfirmed": check_unconfirmed,
    "isolated-member": check_isolated_member,
    "stale-request": check_stale_request,
}


def _insufficient(warning_id: str, skip: Skip) -> Finding:
    who = f" for {', '.join(skip.members)}" if skip.members else ""
    return Finding(
        id="insufficient-data",
        severity="info",
        members=skip.members,
        value=None,
        threshold=None,
        message=f"{warning_id} was not judged{who}: {skip.reason}.",
        suggestion="Keep logging help; the check runs once there is enough data.",
        scope="member" if skip.members else "team",
    )


def evaluate(context: Context) -> tuple[Finding, ...]:
    """Every finding of the enabled checks, most severe first, in a stable order."""
    findings: list[Finding] = []
    for warning_id, check in CATALOGUE.items():
        limits = thresholds(context.charter, warning_id)
        if not limits.enabled:
            continue
        for outcome in check(context, limits):
            if isinstance(outcome, Skip):
                findings.append(_insufficient(warning_id, outcome))
            else:
                findings.append(outcome)
    return tuple(sorted(findings, key=Finding.sort_key))
