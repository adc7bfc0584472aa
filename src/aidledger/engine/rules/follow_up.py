"""Follow-up warnings: help left unconfirmed, members left out, requests nobody took."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta

from aidledger.engine.context import Context
from aidledger.engine.findings import (
    IsolationFacts,
    Newcomers,
    QuietTeam,
    StaleFacts,
    StaleRequest,
    UnconfirmedFacts,
    grade,
)
from aidledger.engine.rules.spec import Outcome, Skip, Thresholds, WarningSpec, finding
from aidledger.engine.window import Window

ISOLATION_DAYS = 90
ISOLATION_MIN_ACTIVE_DAYS = 30


def check_unconfirmed(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Help still unconfirmed after `confirm_within_days`, grouped by who should confirm."""
    days = context.charter.rules.confirm_within_days
    waiting: dict[str, list[str]] = defaultdict(list)
    try:
        overdue = Window(None, context.as_of - timedelta(days=days + 1))
    except OverflowError:  # no day is that long before `as_of`
        return
    for exchange in context.dated(overdue):
        for helped in exchange.waiting_for:
            if context.watched(helped, exchange.date):
                waiting[helped].append(exchange.id)
    active = {member.handle for member in context.active}
    for helped, ids in sorted(waiting.items()):
        verdict = grade(len(ids), limits.warn, limits.fail, "at_least")
        if helped in active and verdict is not None:
            facts = UnconfirmedFacts(helped, tuple(ids), days)
            yield finding("unconfirmed", "member", verdict, (helped,), len(ids), facts)


def check_isolated_member(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """An active member with no exchange at all, given or received, in the last 90 days."""
    window = context.recent(ISOLATION_DAYS)
    recent = context.dated(window)
    if not recent:
        # When nobody logged anything, everyone looks isolated: the log is what is missing.
        if context.active:
            yield Skip((), QuietTeam(ISOLATION_DAYS))
        return
    seen = {handle for exchange in recent for handle in (exchange.helper, *exchange.helped)}
    newcomers = []
    for member in context.active:
        if member.handle in seen:
            continue
        if context.watched_days(member) < ISOLATION_MIN_ACTIVE_DAYS:
            newcomers.append(member.handle)
            continue
        verdict = grade(1, limits.warn, limits.fail, "at_least")
        if verdict is not None:
            facts = IsolationFacts(member.handle, ISOLATION_DAYS)
            yield finding("isolated-member", "member", verdict, (member.handle,), 1, facts)
    if newcomers:
        yield Skip(tuple(newcomers), Newcomers(ISOLATION_MIN_ACTIVE_DAYS))


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
    if not stale or verdict is None:
        return
    facts = StaleFacts(
        tuple(
            StaleRequest(
                request.id, request.by, request.title, (context.as_of - request.opened).days
            )
            for request in stale
        ),
        days,
    )
    askers = tuple(dict.fromkeys(request.by for request in stale))
    yield finding("stale-request", "team", verdict, askers, len(stale), facts)


SPECS = (
    WarningSpec(
        id="unconfirmed",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=1, fail=None),
        period="every record",
        check=check_unconfirmed,
    ),
    WarningSpec(
        id="isolated-member",
        scope="member",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=1, fail=None),
        period="recent days",
        check=check_isolated_member,
        days=ISOLATION_DAYS,
        member_days=ISOLATION_MIN_ACTIVE_DAYS,
    ),
    WarningSpec(
        id="stale-request",
        scope="team",
        comparison="at_least",
        defaults=Thresholds(enabled=True, warn=1, fail=None),
        period="every record",
        check=check_stale_request,
    ),
)
