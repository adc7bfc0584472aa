"""The warning catalogue: each check reads the context and its thresholds, and yields findings."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from aidledger.engine.balance import Balances, compute_balances
from aidledger.engine.findings import Comparison, Finding, grade
from aidledger.engine.window import Window, counted, window_ending
from aidledger.model.charter import Charter, Thresholds, WarningId, thresholds
from aidledger.model.ledger import is_active
from aidledger.model.records import Exchange, Member, Request
from aidledger.model.values import format_minutes

ONE_WAY_MIN_COUNT = 4
ONE_WAY_MIN_MINUTES = 120
ONE_WAY_FAIL_MIN_COUNT = 8
ONE_WAY_FAIL_MIN_MINUTES = 240
TEAM_MIN_MEMBERS = 3
TEAM_MIN_EXCHANGES = 10


@dataclass(frozen=True)
class Context:
    """Everything a check may read: the ledger's records, the charter, the date and window."""

    members: tuple[Member, ...]
    exchanges: tuple[Exchange, ...]
    requests: tuple[Request, ...]
    charter: Charter
    as_of: date
    window: Window

    @property
    def active(self) -> tuple[Member, ...]:
        """Members active on the `as_of` date: only they are warned about."""
        return tuple(member for member in self.members if is_active(member, self.as_of))

    def counted(self, window: Window | None = None) -> tuple[Exchange, ...]:
        return counted(
            self.exchanges,
            window or self.window,
            count_unconfirmed=self.charter.rules.count_unconfirmed,
        )

    def balances(self) -> Balances:
        return compute_balances(self.counted(), self.members)

    @property
    def window_text(self) -> str:
        days = self.window.days
        return f"the last {days} days" if days is not None else "the whole history"


def make_context(
    members: Iterable[Member],
    exchanges: Iterable[Exchange],
    requests: Iterable[Request],
    charter: Charter,
    as_of: date,
    window: Window | None = None,
) -> Context:
    """A context whose window defaults to the charter's `window_days` ending at `as_of`."""
    return Context(
        members=tuple(members),
        exchanges=tuple(exchange for exchange in exchanges if exchange.date <= as_of),
        requests=tuple(requests),
        charter=charter,
        as_of=as_of,
        window=window or window_ending(as_of, charter.rules.window_days),
    )


Check = Callable[[Context, Thresholds], Iterator[Finding]]


def _percent(share: float) -> str:
    return f"{share:.0%}"


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
    "in the help they get, so the exchange can go both ways.",
)
_GIVER = _OneWay(
    "one-way-giver",
    "at_least",
    "given",
    "from",
    "Ask {handle} what they would like to learn or hand over, and pair others on the "
    "topics they cover so the knowledge spreads.",
)


def _one_way(context: Context, limits: Thresholds, face: _OneWay) -> Iterator[Finding]:
    balances = context.balances()
    for member in context.active:
        balance = balances.of(member.handle)
        count, minutes = (
            (balance.given_count, balance.given_minutes)
            if face.side == "given"
            else (balance.received_count, balance.received_minutes)
        )
        if count < ONE_WAY_MIN_COUNT or minutes < ONE_WAY_MIN_MINUTES:
            continue
        fail_allowed = count >= ONE_WAY_FAIL_MIN_COUNT and minutes >= ONE_WAY_FAIL_MIN_MINUTES
        share = balance.give_share
        verdict = grade(share, limits.warn, limits.fail, face.comparison, fail_allowed=fail_allowed)
        if verdict is None:
            continue
        severity, threshold = verdict
        yield Finding(
            id=face.warning_id,
            severity=severity,
            members=(member.handle,),
            value=round(share, 4),
            threshold=threshold,
            message=(
                f"Help flows one way {face.flow} {member.handle}: "
                f"{format_minutes(balance.given_minutes)} given and "
                f"{format_minutes(balance.received_minutes)} received in {context.window_text} "
                f"(give share {_percent(share)})."
            ),
            suggestion=face.suggestion.format(handle=member.handle),
        )


def check_one_way_receiver(context: Context, limits: Thresholds) -> Iterator[Finding]:
    """Members who mostly receive: their smoothed give share is at or below the threshold."""
    return _one_way(context, limits, _RECEIVER)


def check_one_way_giver(context: Context, limits: Thresholds) -> Iterator[Finding]:
    """Members who mostly give: their smoothed give share is at or above the threshold."""
    return _one_way(context, limits, _GIVER)


def top_givers(balances: Balances, candidates: Iterable[str], k: int) -> tuple[str, ...]:
    """The k members who gave the most, ties broken by handle."""
    ranked = sorted(candidates, key=lambda handle: (-balances.of(handle).given_minutes, handle))
    return tuple(ranked[:k])


def check_concentration(context: Context, limits: Thresholds) -> Iterator[Finding]:
    """Always the same helpers: the share of given minutes carried by the k largest givers."""
    active = context.active
    n = len(active)
    exchanges = context.counted()
    if n < TEAM_MIN_MEMBERS or len(exchanges) < TEAM_MIN_EXCHANGES:
        return
    balances = compute_balances(exchanges, context.members)
    if balances.total_minutes <= 0:
        return
    k = max(1, math.ceil(0.05 * n))
    leaders = top_givers(balances, (member.handle for member in active), k)
    share = sum(balances.of(handle).given_minutes for handle in leaders) / balances.total_minutes
    warn = None if limits.warn is None else max(limits.warn, 2 * k / n)
    fail = None if limits.fail is None else min(0.90, max(limits.fail, 3 * k / n))
    verdict = grade(share, warn, fail, "at_least")
    if verdict is None:
        return
    severity, threshold = verdict
    who = ", ".join(leaders)
    yield Finding(
        id="concentration",
        severity=severity,
        members=leaders,
        value=round(share, 4),
        threshold=round(threshold, 4),
        message=(
            f"{_percent(share)} of the help given in {context.window_text} came from "
            f"{'the largest giver' if k == 1 else f'the {k} largest givers'} ({who}) "
            f"in a team of {n}."
        ),
        suggestion=(
            "Bring needs to the regular exchange and route them to other people first; "
            f"pair a second person with {who} on the topics only they cover."
        ),
    )


CATALOGUE: dict[WarningId, Check] = {
    "one-way-receiver": check_one_way_receiver,
    "one-way-giver": check_one_way_giver,
    "concentration": check_concentration,
}


def evaluate(context: Context) -> tuple[Finding, ...]:
    """Every finding of the enabled checks, most severe first, in a stable order."""
    findings = [
        finding
        for warning_id, check in CATALOGUE.items()
        if (limits := thresholds(context.charter, warning_id)).enabled
        for finding in check(context, limits)
    ]
    return tuple(sorted(findings, key=Finding.sort_key))
