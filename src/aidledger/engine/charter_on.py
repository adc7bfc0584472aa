"""The charter in force on a day, and the version that identifies what a team signed.

A charter's `[rules]` and `[warnings.<id>]` hold from the start; each `[[change]]` sets
some of their keys from its `since` day on. The charter of a day is the base with every
change dated on or before it laid over it, oldest first (two changes of one day in the
order of the file). Only the keys a change writes change: a change that sets the
`concentration` warning's `warn` keeps the charter's `fail`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from aidledger.model.charter import Change, Charter, Rules, WarningId, WarningRule

VERSION_LENGTH = 8


def changes_in_order(charter: Charter) -> tuple[Change, ...]:
    """The charter's changes, oldest first; changes of one day in the order of the file."""
    return tuple(sorted(charter.change, key=lambda change: change.since))


def changes_on(charter: Charter, day: date) -> tuple[Change, ...]:
    """The changes in force on `day`: those dated on or before it, oldest first."""
    return tuple(change for change in changes_in_order(charter) if change.since <= day)


def _written(record: Rules | WarningRule) -> dict[str, Any]:
    """The keys a table wrote, with their values: only those are laid over."""
    return {name: getattr(record, name) for name in record.model_fields_set}


def apply_change(charter: Charter, change: Change) -> Charter:
    """The charter with one change's keys laid over its rules and warning levels."""
    rules = charter.rules.model_copy(update=_written(change.rules))
    warnings: dict[WarningId, WarningRule] = dict(charter.warnings)
    for warning_id, rule in change.warnings.items():
        base = warnings.get(warning_id, WarningRule())
        warnings[warning_id] = base.model_copy(update=_written(rule))
    return charter.model_copy(update={"rules": rules, "warnings": warnings})


def charter_on(charter: Charter, day: date) -> Charter:
    """The charter in force on `day`: its changes up to that day applied, none left over.

    The result holds no changes, so that nothing reads a change twice; its text and
    signatures are the charter's. A charter without changes is returned as it is.
    """
    if not charter.change:
        return charter
    in_force = charter
    for change in changes_on(charter, day):
        in_force = apply_change(in_force, change)
    return in_force.model_copy(update={"change": ()})


def _canonical(value: Any) -> Any:
    """A value as the version reads it: a whole float is the integer it equals."""
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def charter_version(charter: Charter) -> str:
    """The charter's version: 8 hex digits of a SHA-256 of what the team wrote.

    It covers the text, the rules, the warning levels and the changes, as written (keys
    left out are left out, so a new setting with a default in a later aidledger keeps
    every version); not the signatures, nor comments, key order, quoting or layout.
    """
    written = charter.model_dump(mode="json", exclude_unset=True, exclude={"signature"})
    text = json.dumps(_canonical(written), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:VERSION_LENGTH]
