"""The charter: the principles a team agreed on, and the rules and thresholds the engine reads.

The warnings themselves (their defaults, minimums and checks) are declared once, in the
engine's registry (`aidledger.engine.rules`); a test holds `WarningId` to it.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)

from aidledger.i18n import _, format_count
from aidledger.model.fields import Day, Handle, Text
from aidledger.model.records import Record
from aidledger.model.values import shown

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
    "missed-meeting",
]

Days = Annotated[int, Field(strict=True, ge=1, le=3650)]
Threshold = StrictFloat | StrictInt
Minimum = Annotated[int, Field(strict=True, ge=0, le=100_000)]


# No level is a share, a count or a number of hours above this; a larger one is a typo,
# and one beyond a float's range could not even be compared.
MAX_LEVEL = 1_000_000


def _number_or_false(value: object) -> object:
    """One sentence for a bad level, instead of one per member of the union."""
    if value is False or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # nan would silently switch a warning off, and a negative level means nothing.
        # Only a float is tested for finiteness: a huge integer cannot become a float.
        if (isinstance(value, float) and not math.isfinite(value)) or value < 0:
            raise ValueError(
                _("expected a finite number of 0 or more; got {value}").format(value=shown(value))
            )
        if value > MAX_LEVEL:
            raise ValueError(
                _("{value} is too large: a level is at most {largest}").format(
                    value=shown(value), largest=format_count(MAX_LEVEL)
                )
            )
        return value
    raise ValueError(
        _("expected a number, or false to switch this level off; got {value}").format(
            value=shown(value)
        )
    )


Level = Annotated[Threshold | Literal[False] | None, BeforeValidator(_number_or_false)]


# The languages aidledger speaks (`aidledger.i18n.LANGUAGES`; a test holds them equal).
LanguageCode = Literal["en", "fr"]


class CharterText(Record):
    """What people read: a title, a summary, principles and practical advice, and the
    language aidledger speaks to the team."""

    title: Text
    summary: Text | None = None
    principles: tuple[Text, ...] = ()
    advice: tuple[Text, ...] = ()
    language: LanguageCode | None = None


class Rules(Record):
    """The machine-read rules that are not a single warning's threshold."""

    window_days: Days = 90
    half_life_days: Days = 90
    count_unconfirmed: StrictBool = True
    confirm_within_days: Days = 14
    request_stale_days: Days = 14
    work_minutes_per_week: Annotated[int, Field(strict=True, ge=60, le=10080)] = 2100
    meeting_every_days: Days = 14
    meeting_minutes: Annotated[int, Field(strict=True, ge=5, le=240)] = 15


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


# What `aidledger charter show` prints as the charter's version: a short hash of what the
# team wrote (engine/charter_on.py, `charter_version`).
CharterVersion = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{8}$")]


class Signature(Record):
    """A member's signature of the charter: of the version in force that day, when known.

    Signatures written before versions existed (or by hand without one) have no version.
    """

    handle: Handle
    on: Day
    version: CharterVersion | None = None


class Change(Record):
    """A `[[change]]` table: rules and warning levels that apply from `since` on.

    It holds `[change.rules]` and `[change.warnings.<id>]` tables written like the
    charter's own `[rules]` and `[warnings.<id>]`; only the keys written in it change
    (pydantic's `model_fields_set` says which), the others stay as they were.
    """

    since: Day
    note: Text | None = None
    rules: Rules = Rules()
    warnings: dict[WarningId, WarningRule] = Field(default_factory=dict)


class Charter(Record):
    """`charter.toml` as a whole.

    `rules` and `warnings` are in force from the start; each `change` changes some of them
    from its `since` day on (`engine.charter_on.charter_on` gives the charter of a day).
    """

    charter: CharterText
    rules: Rules = Rules()
    warnings: dict[WarningId, WarningRule] = Field(default_factory=dict)
    change: tuple[Change, ...] = ()
    signature: tuple[Signature, ...] = ()
