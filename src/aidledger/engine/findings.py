"""What a warning finds, as facts: its id, severity, the people, the figures and the period.

The engine writes no English. A finding carries typed facts, and each renderer builds
its sentences from them; anonymizing is then a mapping of facts, and cannot leak.
Handles appear only in fields typed as handles, record ids only in fields typed as ids,
and free text (a topic, a request title) only in fields typed as `FreeText`, which an
anonymized output leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from aidledger.engine.window import Window

Severity = Literal["info", "warn", "fail"]
Scope = Literal["member", "team"]
SEVERITY_RANK: dict[Severity, int] = {"fail": 0, "warn": 1, "info": 2}
FreeText = str | None


# --- the facts of each family of warnings ---------------------------------------------------


@dataclass(frozen=True)
class BalanceFacts:
    """A person's decayed balance over their history, next to the same minutes as logged.

    `since` is the first day counted for them: the later of their joining and `started`.
    """

    handle: str
    since: date | None
    give_share: float
    given_minutes: float
    received_minutes: float
    logged_given_minutes: float
    logged_received_minutes: float
    half_life_days: int

    @property
    def net_minutes(self) -> float:
        return self.given_minutes - self.received_minutes

    @property
    def logged_net_minutes(self) -> float:
        return self.logged_given_minutes - self.logged_received_minutes


@dataclass(frozen=True)
class ConcentrationFacts:
    """The share of given person-minutes carried by the `leaders` in the window, and the
    levels it is judged against in a team of that size (`None` when the charter sets none)."""

    leaders: tuple[str, ...]
    share: float
    team_size: int
    window: Window
    warn_from: float | None = None
    fail_from: float | None = None


@dataclass(frozen=True)
class PoolFacts:
    """How many equal helpers the spread of giving in the window is worth."""

    effective_helpers: float
    team_size: int
    window: Window


@dataclass(frozen=True)
class ParticipationFacts:
    """How many active members gave help in the last `days` days, and who did not."""

    givers: int
    team_size: int
    share: float
    days: int
    silent: tuple[str, ...]


@dataclass(frozen=True)
class OverloadFacts:
    """Time a helper spent helping per week, against their allowance."""

    handle: str
    minutes_per_week: float
    ratio: float
    allowance_minutes: float
    own_budget: bool
    default_share: float
    days: int


@dataclass(frozen=True)
class OverheadFacts:
    """Time the team spent helping per week, against its working time."""

    minutes_per_week: float
    share: float
    team_size: int
    days: int


@dataclass(frozen=True)
class RepeatFacts:
    """A person helped again and again on one tag or one topic (free text)."""

    handle: str
    count: int
    days: int
    tag: str | None
    topic: FreeText
    exchanges: tuple[str, ...]


@dataclass(frozen=True)
class ModeFacts:
    """The share of a person's given or received person-minutes in mode `did`."""

    handle: str
    side: Literal["given", "received"]
    share: float
    did_minutes: float
    minutes: float
    count: int
    window: Window


@dataclass(frozen=True)
class UsefulnessFacts:
    """Ratings of 4 or 5 among the ratings of the window, for the team or one helper."""

    handle: str | None
    good: int
    rated: int
    bound: float
    window: Window


@dataclass(frozen=True)
class UnconfirmedFacts:
    """Exchanges that wait for one person's confirmation, oldest first."""

    handle: str
    exchanges: tuple[str, ...]
    days: int


@dataclass(frozen=True)
class IsolationFacts:
    """A member with no exchange in the last `days` days."""

    handle: str
    days: int


@dataclass(frozen=True)
class StaleRequest:
    """One request nobody took, its age on the day of evaluation."""

    id: str
    by: str
    title: FreeText
    age_days: int


@dataclass(frozen=True)
class StaleFacts:
    """Open requests nobody took for more than `days` days, oldest first."""

    requests: tuple[StaleRequest, ...]
    days: int


@dataclass(frozen=True)
class MeetingFacts:
    """How long ago the last exchange meeting was, against the cadence the charter promises.

    `last` is the day of the last meeting, None when none was ever recorded: the days then
    count from `since`, the first day the ledger knows of.
    """

    last: date | None
    since: date
    days: int
    every_days: int


# --- why a check could not judge ------------------------------------------------------------

Side = Literal[
    "given",
    "received",
    "exchanges",
    "given-recently",
    "ratings",
    "helper-ratings",
]


@dataclass(frozen=True)
class TooFew:
    """Fewer exchanges, minutes or ratings of one kind than the check's minimum.

    `short_of` says which of the two minimums is not met: the count, the minutes, or both.
    """

    side: Side
    min_count: int
    min_minutes: int
    days: int | None = None
    short_of: Literal["count", "minutes", "both"] = "count"


@dataclass(frozen=True)
class SmallTeam:
    """Team checks need `members_needed` active members and `exchanges_needed` exchanges."""

    active: int
    exchanges: int
    members_needed: int
    exchanges_needed: int
    days: int | None
    window: Window | None


@dataclass(frozen=True)
class ShortHistory:
    """The ledger does not reach back `days` days."""

    days: int


@dataclass(frozen=True)
class Newcomers:
    """Members watched for fewer than `days` days."""

    days: int


@dataclass(frozen=True)
class QuietTeam:
    """Nobody logged any exchange in the last `days` days: there is nothing to compare."""

    days: int


@dataclass(frozen=True)
class NoMeeting:
    """No exchange meeting is recorded yet, and the charter sets no cadence of its own."""


Shortfall = TooFew | SmallTeam | ShortHistory | Newcomers | QuietTeam | NoMeeting


@dataclass(frozen=True)
class NotJudged:
    """A check that could not judge, and why."""

    warning: str
    reason: Shortfall


Facts = (
    BalanceFacts
    | ConcentrationFacts
    | PoolFacts
    | ParticipationFacts
    | OverloadFacts
    | OverheadFacts
    | RepeatFacts
    | ModeFacts
    | UsefulnessFacts
    | UnconfirmedFacts
    | IsolationFacts
    | StaleFacts
    | MeetingFacts
    | NotJudged
)


@dataclass(frozen=True)
class Finding:
    """One warning about the team's system of mutual aid, as facts."""

    id: str
    severity: Severity
    members: tuple[str, ...]
    value: float | None
    threshold: float | None
    facts: Facts
    scope: Scope = "member"

    def sort_key(self) -> tuple[int, str, tuple[str, ...]]:
        return (SEVERITY_RANK[self.severity], self.id, self.members)

    @property
    def judged(self) -> bool:
        """False for the notes of checks that could not judge."""
        return not isinstance(self.facts, NotJudged)


NOT_JUDGED = "insufficient-data"

Comparison = Literal["at_most", "at_least", "below", "above"]


def crossed(value: float, threshold: float | None, comparison: Comparison) -> bool:
    """Whether `value` crosses `threshold` in the named direction; None never is crossed."""
    if threshold is None:
        return False
    if comparison == "at_most":
        return value <= threshold
    if comparison == "at_least":
        return value >= threshold
    if comparison == "below":
        return value < threshold
    return value > threshold


def grade(
    value: float,
    warn: float | None,
    fail: float | None,
    comparison: Comparison,
    *,
    fail_allowed: bool = True,
) -> tuple[Severity, float] | None:
    """The severity `value` earns and the threshold it crossed, or None when it is fine."""
    if fail_allowed and fail is not None and crossed(value, fail, comparison):
        return "fail", fail
    if warn is not None and crossed(value, warn, comparison):
        return "warn", warn
    return None
