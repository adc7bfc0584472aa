"""The terms of a charter as facts: every rule and warning level in force on a day and who
set it, who signed which version, and what changed between two charters."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from aidledger.engine.charter_on import changes_in_order, changes_on, charter_on, charter_version
from aidledger.engine.rules import REGISTRY, Thresholds, thresholds, unknown_minimums
from aidledger.model.charter import Change, Charter, Rules, Signature, WarningId, WarningRule
from aidledger.model.ledger import is_active
from aidledger.model.records import Member

# A setting's value: a number, true or false; `False` for a level that is off.
Value = int | float | bool
Source = Literal["default", "charter", "change"]


@dataclass(frozen=True)
class Setting:
    """One rule or warning level in force on a day, its default, and who set it.

    `source` is `default` when the team wrote nothing, `charter` when the charter's own
    `[rules]` or `[warnings.<id>]` sets it, `change` when a `[[change]]` of `since` does.
    """

    warning: WarningId | None
    key: str
    value: Value
    default: Value
    source: Source
    since: date | None = None

    @property
    def name(self) -> str:
        """The key as the file spells it: `rules.window_days`, `warnings.concentration.warn`."""
        table = "rules" if self.warning is None else f"warnings.{self.warning}"
        return f"{table}.{self.key}"


@dataclass(frozen=True)
class SignatureFact:
    """A signature, and whether it is of the version in force."""

    handle: str
    on: date
    version: str | None
    current: bool


@dataclass(frozen=True)
class CharterTerms:
    """What `charter show` shows: the text, the settings of `as_of`, changes and signatures."""

    charter: Charter
    as_of: date
    version: str
    rules: tuple[Setting, ...]
    warnings: tuple[Setting, ...]
    changes: tuple[Change, ...]
    signatures: tuple[SignatureFact, ...]
    unsigned: tuple[str, ...]


def _level(value: float | None) -> Value:
    return False if value is None else value


def _warning_keys(warning_id: WarningId) -> tuple[str, ...]:
    """The keys a warning has: `enabled`, `warn`, `fail`, and the extra levels and minimums
    it has a default for."""
    defaults = REGISTRY[warning_id].defaults
    extra = [
        field.name
        for field in fields(Thresholds)
        if field.name not in ("enabled", "warn", "fail")
        and getattr(defaults, field.name) is not None
    ]
    return ("enabled", "warn", "fail", *extra)


def _table(holder: Charter | Change, warning_id: WarningId | None) -> Rules | WarningRule | None:
    return holder.rules if warning_id is None else holder.warnings.get(warning_id)


def _origin(
    charter: Charter, day: date, warning_id: WarningId | None, key: str
) -> tuple[Source, date | None]:
    """Who set `key` on `day`: the last change up to that day that wrote it, else the
    charter if it wrote it, else nobody."""
    for change in reversed(changes_on(charter, day)):
        table = _table(change, warning_id)
        if table is not None and key in table.model_fields_set:
            return "change", change.since
    table = _table(charter, warning_id)
    if table is not None and key in table.model_fields_set:
        return "charter", None
    return "default", None


def rule_settings(charter: Charter, day: date) -> tuple[Setting, ...]:
    """Every key of `[rules]` in force on `day`, in the order of the model."""
    in_force = charter_on(charter, day).rules
    defaults = Rules()
    return tuple(
        Setting(
            None,
            key,
            getattr(in_force, key),
            getattr(defaults, key),
            *_origin(charter, day, None, key),
        )
        for key in Rules.model_fields
    )


def warning_settings(charter: Charter, day: date) -> tuple[Setting, ...]:
    """Every level of every warning in force on `day`, in catalogue order."""
    in_force = charter_on(charter, day)
    settings = []
    for warning_id, spec in REGISTRY.items():
        limits = thresholds(in_force, warning_id)
        for key in _warning_keys(warning_id):
            value, default = getattr(limits, key), getattr(spec.defaults, key)
            settings.append(
                Setting(
                    warning_id,
                    key,
                    value if key == "enabled" else _level(value),
                    default if key == "enabled" else _level(default),
                    *_origin(charter, day, warning_id, key),
                )
            )
    return tuple(settings)


def _signature_fact(signature: Signature, version: str) -> SignatureFact:
    return SignatureFact(
        signature.handle, signature.on, signature.version, signature.version == version
    )


def charter_terms(charter: Charter, as_of: date, members: Iterable[Member] = ()) -> CharterTerms:
    """The charter as `charter show` tells it on `as_of`.

    `unsigned` names the members active on `as_of` with no signature of the version in
    force, in the order of `members.toml`.
    """
    version = charter_version(charter)
    signed = {signature.handle for signature in charter.signature if signature.version == version}
    return CharterTerms(
        charter=charter,
        as_of=as_of,
        version=version,
        rules=rule_settings(charter, as_of),
        warnings=warning_settings(charter, as_of),
        changes=changes_in_order(charter),
        signatures=tuple(_signature_fact(signature, version) for signature in charter.signature),
        unsigned=tuple(
            member.handle
            for member in members
            if is_active(member, as_of) and member.handle not in signed
        ),
    )


def signed_already(charter: Charter, handle: str) -> Signature | None:
    """`handle`'s signature of the version in force, if they signed it."""
    version = charter_version(charter)
    return next(
        (
            signature
            for signature in charter.signature
            if signature.handle == handle and signature.version == version
        ),
        None,
    )


def change_settings(change: Change) -> Iterator[tuple[str, Value]]:
    """The keys a change writes, as the file spells them, with their values."""
    for key in Rules.model_fields:
        if key in change.rules.model_fields_set:
            yield f"rules.{key}", getattr(change.rules, key)
    for warning_id, rule in change.warnings.items():
        for key in WarningRule.model_fields:
            if key in rule.model_fields_set:
                value = getattr(rule, key)
                yield f"warnings.{warning_id}.{key}", False if value is None else value


def unknown_change_minimums(charter: Charter) -> tuple[tuple[str | int, ...], ...]:
    """Keys of `[[change]]` tables that set a minimum the warning does not have."""
    return tuple(
        ("change", index, *where)
        for index, change in enumerate(charter.change)
        for where in unknown_minimums(Charter(charter=charter.charter, warnings=change.warnings))
    )


# --- What changed between two charters --------------------------------------------------

Part = Literal["text", "rules", "warnings", "change"]
DiffValue = str | int | float | bool | None


@dataclass(frozen=True)
class Difference:
    """One thing that differs: `before` or `after` is None where it did not exist.

    `part` is `text` (title, summary, a principle or advice), `rules`, `warnings` (a level
    of the charter from the start, defaults included) or `change` (a key a `[[change]]`
    of `since` writes).
    """

    part: Part
    name: str
    before: DiffValue
    after: DiffValue
    since: date | None = None


@dataclass(frozen=True)
class CharterDiff:
    """Two charters compared: their versions and their differences, in file order."""

    before_version: str
    after_version: str
    differences: tuple[Difference, ...]


def _text_differences(
    name: str, before: tuple[str, ...], after: tuple[str, ...]
) -> Iterator[Difference]:
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, low, high, new_low, new_high in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before[low:high], after[new_low:new_high]
        for index in range(max(len(old), len(new))):
            yield Difference(
                "text",
                name,
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
            )


def _same(before: DiffValue, after: DiffValue) -> bool:
    """Equal and of one kind: a level of 0 is not `false`, nor 1 `true`."""
    return isinstance(before, bool) == isinstance(after, bool) and before == after


def _base(charter: Charter) -> Charter:
    """The charter with no change: the rules it starts from."""
    return charter.model_copy(update={"change": ()})


def _dated(charter: Charter) -> dict[tuple[date, str], Value]:
    written: dict[tuple[date, str], Value] = {}
    for change in changes_in_order(charter):
        for name, value in change_settings(change):
            written[(change.since, name)] = value
    return written


def charter_diff(before: Charter, after: Charter) -> CharterDiff:
    """What changed from `before` to `after`: text, the settings it starts from (defaults
    laid under both, so writing out a default is no change), and each dated change."""
    differences: list[Difference] = []
    for key in ("title", "summary"):
        old, new = getattr(before.charter, key), getattr(after.charter, key)
        if old != new:
            differences.append(Difference("text", key, old, new))
    for key in ("principles", "advice"):
        differences += _text_differences(
            key, getattr(before.charter, key), getattr(after.charter, key)
        )
    day = date.min
    for old_setting, new_setting in zip(
        (*rule_settings(_base(before), day), *warning_settings(_base(before), day)),
        (*rule_settings(_base(after), day), *warning_settings(_base(after), day)),
        strict=True,
    ):
        if not _same(old_setting.value, new_setting.value):
            part: Part = "rules" if old_setting.warning is None else "warnings"
            differences.append(
                Difference(part, old_setting.name, old_setting.value, new_setting.value)
            )
    old_dated, new_dated = _dated(before), _dated(after)
    for since, name in sorted(old_dated.keys() | new_dated.keys()):
        old_value, new_value = old_dated.get((since, name)), new_dated.get((since, name))
        if not _same(old_value, new_value):
            differences.append(Difference("change", name, old_value, new_value, since))
    return CharterDiff(charter_version(before), charter_version(after), tuple(differences))
