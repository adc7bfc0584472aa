"""What declares a warning: its id, scope, default levels, minimum data, period and check.

Each family module under `engine/rules/` declares its warnings as `WarningSpec`s; the
registry in `engine/rules/__init__.py` gathers them in catalogue order. The charter's
`[warnings.<id>]` tables, the templates in `charters/`, the defaults table of
`docs/warnings.md` and `aidledger check` all read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from aidledger.engine.findings import (
    Comparison,
    Facts,
    Finding,
    NotJudged,
    Scope,
    Severity,
    Shortfall,
    Side,
    TooFew,
)
from aidledger.model.charter import WarningId

if TYPE_CHECKING:
    from aidledger.engine.context import Context


TEAM_MIN_MEMBERS = 3


@dataclass(frozen=True)
class Thresholds:
    """A warning's settings after the charter's values are laid over the defaults."""

    enabled: bool
    warn: float | None
    fail: float | None
    helper_warn: float | None = None
    min_count: int | None = None
    min_minutes: int | None = None
    fail_min_count: int | None = None
    fail_min_minutes: int | None = None

    @property
    def needed_count(self) -> int:
        """The count a check needs: never less than one, so that no data never warns."""
        return max(1, self.min_count or 0)

    def enough(self, count: int, minutes: float = 0) -> bool:
        """Whether there is the data to judge at all."""
        return count >= self.needed_count and minutes >= (self.min_minutes or 0)

    def enough_to_fail(self, count: int, minutes: float = 0) -> bool:
        """Whether there is the data the warning needs to reach its fail level."""
        return count >= (self.fail_min_count or 0) and minutes >= (self.fail_min_minutes or 0)

    def too_few(
        self, side: Side, days: int | None = None, count: int = 0, minutes: float = 0
    ) -> TooFew:
        """The reason to give when `enough` says no for this count and these minutes."""
        few = count < self.needed_count
        little = minutes < (self.min_minutes or 0)
        short_of: Literal["count", "minutes", "both"] = (
            "both" if few and little else "minutes" if little else "count"
        )
        return TooFew(side, self.needed_count, self.min_minutes or 0, days, short_of)


@dataclass(frozen=True)
class Skip:
    """A check that could not judge, for lack of data, and for whom."""

    members: tuple[str, ...]
    reason: Shortfall


class ShortOfData:
    """Members a check could not judge, grouped by what each of them lacks."""

    def __init__(self, limits: Thresholds, side: Side, days: int | None = None) -> None:
        self.limits = limits
        self.side = side
        self.days = days
        self.groups: dict[TooFew, list[str]] = {}

    def add(self, handle: str, count: int, minutes: float = 0) -> None:
        """Note a member short of data; one with nothing at all on this side is not noted."""
        if count > 0:
            reason = self.limits.too_few(self.side, self.days, count, minutes)
            self.groups.setdefault(reason, []).append(handle)

    def skips(self) -> Iterator[Skip]:
        for reason, handles in self.groups.items():
            yield Skip(tuple(handles), reason)


Outcome = Finding | Skip
Check = Callable[["Context", Thresholds], Iterator[Outcome]]
Period = Literal["decayed history", "window", "recent days", "every record"]


@dataclass(frozen=True)
class WarningSpec:
    """One warning, declared once.

    `comparison` says when a level is reached; `floors` names the team-size floors
    laid over the levels (as formulas for the docs); `minimum` is the side whose
    exchanges, minutes or ratings the minimum data counts; `days` is the fixed period
    of a check that keeps one; `team_minimum` marks checks that need 3 active members;
    `history_days` and `member_days` are how far back the ledger, or a member's time in
    the team, must reach before the check judges; `needs` says in words what a check
    whose minimum is not a count of exchanges waits for (English marked with `N_`:
    whoever shows it translates it with `_`).
    """

    id: WarningId
    scope: Scope
    comparison: Comparison
    defaults: Thresholds
    period: Period
    check: Check
    minimum: Side | None = None
    days: int | None = None
    floors: tuple[str, ...] = ()
    team_minimum: bool = False
    history_days: int | None = None
    member_days: int | None = None
    needs: str | None = None


def finding(
    spec_id: WarningId,
    scope: Scope,
    verdict: tuple[Severity, float],
    members: Iterable[str],
    value: float,
    facts: Facts,
) -> Finding:
    """A finding; one that names nobody speaks of the team."""
    severity, threshold = verdict
    handles = tuple(members)
    return Finding(
        id=spec_id,
        severity=severity,
        members=handles,
        value=round(value, 4),
        threshold=round(threshold, 4),
        facts=facts,
        scope=scope if handles else "team",
    )


def not_judged(warning_id: str, skip: Skip) -> Finding:
    """The `insufficient-data` note of a check that could not judge."""
    return Finding(
        id="insufficient-data",
        severity="info",
        members=skip.members,
        value=None,
        threshold=None,
        facts=NotJudged(warning_id, skip.reason),
        scope="member" if skip.members else "team",
    )
