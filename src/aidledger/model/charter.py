"""The charter: the principles a team agreed on, and the rules and thresholds the engine reads."""

from __future__ import annotations

import math
from typing import Annotated, Literal, Self

from pydantic import BeforeValidator, Field, StrictBool, StrictFloat, StrictInt, model_validator

from aidledger.model.fields import Day, Handle, Text
from aidledger.model.records import Record

WarningId = Literal[
    "one-way-receiver",
    "one-way-giver",
    "net-balance",
    "concentration",
    "shallow-pool",
    "low-participation",
    "helper-overload",
    "team-overhead",
    "repeat-dependency",
    "done-for-dependency",
    "teaching-style",
    "low-usefulness",
    "unconfirmed",
    "isolated-member",
    "stale-request",
]

Days = Annotated[int, Field(strict=True, ge=1, le=3650)]
Threshold = StrictFloat | StrictInt
Minimum = Annotated[int, Field(strict=True, ge=0, le=100_000)]


def _number_or_false(value: object) -> object:
    """One sentence for a bad level, instead of one per member of the union."""
    if value is False or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # nan would silently switch a warning off, and a negative level means nothing.
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"expected a finite number of 0 or more; got {value!r}")
        return value
    raise ValueError(f"expected a number, or false to switch this level off; got {value!r}")


Level = Annotated[Threshold | Literal[False] | None, BeforeValidator(_number_or_false)]


class CharterText(Record):
    """What people read: a title, a summary, principles and practical advice."""

    title: Text
    summary: Text | None = None
    principles: tuple[Text, ...] = ()
    advice: tuple[Text, ...] = ()


class Rules(Record):
    """The machine-read rules that are not a single warning's threshold."""

    window_days: Days = 90
    half_life_days: Days = 90
    count_unconfirmed: StrictBool = True
    confirm_within_days: Days = 14
    request_stale_days: Days = 14
    work_minutes_per_week: Annotated[int, Field(strict=True, ge=60, le=10080)] = 2100


class WarningRule(Record):
    """One `[warnings.<id>]` table; a missing key takes the built-in default.

    `fail = false` says the warning never fails; `warn = false` that it never warns.
    """

    enabled: StrictBool = True
    warn: Level = None
    fail: Level = None
    helper_warn: Level = None
    min_count: Minimum | None = None
    min_minutes: Minimum | None = None
    fail_min_count: Minimum | None = None
    fail_min_minutes: Minimum | None = None


MINIMUM_KEYS = ("min_count", "min_minutes", "fail_min_count", "fail_min_minutes")


class Signature(Record):
    """A member's signature of the charter."""

    handle: Handle
    on: Day


class Charter(Record):
    """`charter.toml` as a whole."""

    charter: CharterText
    rules: Rules = Rules()
    warnings: dict[WarningId, WarningRule] = Field(default_factory=dict)
    signature: tuple[Signature, ...] = ()

    @model_validator(mode="after")
    def _minimums_that_exist(self) -> Self:
        """A minimum set for a warning that has none would be silently ignored: refuse it."""
        for warning_id, rule in self.warnings.items():
            default = DEFAULT_THRESHOLDS[warning_id]
            for key in MINIMUM_KEYS:
                if getattr(rule, key) is not None and getattr(default, key) is None:
                    raise ValueError(
                        f"warnings.{warning_id}.{key}: this warning has no such minimum"
                    )
        return self


class Thresholds(Record):
    """A warning's settings after the charter's values are laid over the defaults."""

    enabled: bool
    warn: float | None
    fail: float | None
    helper_warn: float | None = None
    min_count: int | None = None
    min_minutes: int | None = None
    fail_min_count: int | None = None
    fail_min_minutes: int | None = None

    def enough(self, count: int, minutes: float = 0) -> bool:
        """Whether there is the data the warning needs to judge at all."""
        return count >= (self.min_count or 0) and minutes >= (self.min_minutes or 0)

    def enough_to_fail(self, count: int, minutes: float = 0) -> bool:
        """Whether there is the data the warning needs to reach its fail level."""
        return count >= (self.fail_min_count or 0) and minutes >= (self.fail_min_minutes or 0)

    def needs(self, what: str) -> str:
        """The minimum in words, for the note of a check that could not judge."""
        if self.min_minutes:
            return f"fewer than {self.min_count} exchanges or {self.min_minutes} minutes {what}"
        return f"fewer than {self.min_count} {what}"


_ONE_WAY_MINIMUMS = {
    "min_count": 4,
    "min_minutes": 120,
    "fail_min_count": 8,
    "fail_min_minutes": 240,
}
_TEAM_MINIMUM = {"min_count": 10}  # exchanges in the check's period

DEFAULT_THRESHOLDS: dict[WarningId, Thresholds] = {
    "one-way-receiver": Thresholds(enabled=True, warn=0.20, fail=0.10, **_ONE_WAY_MINIMUMS),
    "one-way-giver": Thresholds(enabled=True, warn=0.80, fail=0.90, **_ONE_WAY_MINIMUMS),
    "net-balance": Thresholds(enabled=True, warn=10, fail=20, min_count=4),
    "concentration": Thresholds(enabled=True, warn=0.20, fail=0.35, **_TEAM_MINIMUM),
    "shallow-pool": Thresholds(enabled=True, warn=2, fail=None, **_TEAM_MINIMUM),
    "low-participation": Thresholds(enabled=True, warn=2 / 3, fail=0.5, **_TEAM_MINIMUM),
    "helper-overload": Thresholds(enabled=True, warn=1.0, fail=2.0, min_count=4),
    "team-overhead": Thresholds(enabled=True, warn=0.10, fail=0.20, **_TEAM_MINIMUM),
    "repeat-dependency": Thresholds(enabled=True, warn=3, fail=5),
    "done-for-dependency": Thresholds(
        enabled=True,
        warn=0.5,
        fail=0.75,
        min_count=3,
        min_minutes=60,
        fail_min_count=5,
        fail_min_minutes=120,
    ),
    "teaching-style": Thresholds(enabled=True, warn=0.5, fail=0.75, min_count=5),
    "low-usefulness": Thresholds(enabled=True, warn=0.6, fail=0.4, helper_warn=0.5, min_count=5),
    "unconfirmed": Thresholds(enabled=True, warn=1, fail=None),
    "isolated-member": Thresholds(enabled=True, warn=1, fail=None),
    "stale-request": Thresholds(enabled=True, warn=1, fail=None),
}


def _overlay(charter_value: float | bool | None, default: float | None) -> float | None:
    if charter_value is None:
        return default
    if charter_value is False:
        return None
    return float(charter_value)


def thresholds(charter: Charter, warning_id: WarningId) -> Thresholds:
    """The settings in force for one warning: the charter's where given, else the default."""
    default = DEFAULT_THRESHOLDS[warning_id]
    rule = charter.warnings.get(warning_id)
    if rule is None:
        return default
    minimums = {
        key: getattr(rule, key) if getattr(rule, key) is not None else getattr(default, key)
        for key in MINIMUM_KEYS
    }
    return Thresholds(
        enabled=rule.enabled,
        warn=_overlay(rule.warn, default.warn),
        fail=_overlay(rule.fail, default.fail),
        helper_warn=_overlay(rule.helper_warn, default.helper_warn),
        **minimums,
    )
