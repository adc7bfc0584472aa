"""The charter in use, as a table, Markdown or JSON: `charter show` and `charter diff`.

Every text of the charter (title, summary, principles, advice, the notes of changes) is
untrusted, as any file anyone on the team can push: `plain` for the terminal, `cell` for
Markdown, `json_text` for JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aidledger.engine.charter_terms import (
    CharterDiff,
    CharterTerms,
    Difference,
    DiffValue,
    Setting,
    change_settings,
)
from aidledger.i18n import N_, _, format_day, format_short_day, pgettext
from aidledger.model.charter import Change
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import plain, to_text

LEVEL_KEYS = frozenset({"warn", "fail", "helper_warn"})
ABSENT = "-"


def value_text(key: str, value: DiffValue) -> str:
    """A setting as people read it: `90`, `0.25`, `true`; a level that is off is `off`."""
    if value is None:
        return ABSENT
    if isinstance(value, bool):
        if value is False and key.rsplit(".", 1)[-1] in LEVEL_KEYS:
            # Translators: a warning level that is turned off.
            return pgettext("level", "off")
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Four decimals at most: the default two thirds is 0.6667, not 0.6666666666666666.
    return str(round(value, 4)) if isinstance(value, float) else str(value)


def source_text(setting: Setting) -> str:
    """Who set a setting: `default`, `charter`, `change of 2026-10-01`."""
    if setting.source == "change" and setting.since is not None:
        # Translators: a setting set by a dated change of the charter, from {day} on.
        return pgettext("set by", "change of {day}").format(day=format_short_day(setting.since))
    if setting.source == "default":
        return _default()
    if setting.source == "charter":
        return pgettext("set by", "charter")
    if setting.source == "change":
        return pgettext("set by", "change")
    return setting.source


def _default() -> str:
    # Translators: a setting nobody set, which keeps its default value.
    return pgettext("set by", "default")


def _yes_no(value: object) -> str:
    # Translators: whether a warning is on.
    return pgettext("warning on", "yes") if value else pgettext("warning on", "no")


def _in_force(change: Change, as_of: date) -> str:
    return (
        pgettext("change", "in force") if change.since <= as_of else pgettext("change", "to come")
    )


def _change_summary(change: Change) -> str:
    return "; ".join(
        f"{name} = {value_text(name, value)}" for name, value in change_settings(change)
    )


def _signature_version(version: str | None, current: bool) -> str:
    if version is None:
        return _("no version")
    if current:
        # Translators: {version} is the charter's version a member signed.
        return _("{version} (this version)").format(version=version)
    # Translators: {version} is the charter's version a member signed.
    return _("{version} (an earlier version)").format(version=version)


def _rules_title(terms: CharterTerms) -> str:
    return _("Rules in force on {day}").format(day=format_day(terms.as_of))


def _rules_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "rule"),
        pgettext("column", "value"),
        pgettext("column", "default"),
        pgettext("column", "set by"),
    )


def _warnings_title(terms: CharterTerms) -> str:
    return _("Warning levels in force on {day}").format(day=format_day(terms.as_of))


def _changes_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "since"),
        "",
        pgettext("column", "changes"),
        pgettext("column", "note"),
    )


def _signature_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "member"),
        pgettext("column", "signed on"),
        pgettext("column", "version"),
    )


def _diff_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "what"),
        pgettext("column", "before"),
        pgettext("column", "after"),
    )


def _unsigned_line(unsigned: Sequence[str]) -> str:
    # Translators: {members} is a list of members.
    return _("Not yet signed this version: {members}.").format(members=", ".join(unsigned))


NOBODY_SIGNED = N_("Nobody has signed the charter yet.")
PRINCIPLES = N_("Principles")
HOW_TO_HELP = N_("How to help")
DATED_CHANGES = N_("Dated changes")
SIGNATURES = N_("Signatures")


# --- charter show: the terminal ---------------------------------------------------------


def _numbered(title: str, texts: Sequence[str]) -> RenderableType:
    table = Table(
        title=title, title_justify="left", show_header=False, box=None, padding=(0, 1, 0, 0)
    )
    table.add_column(justify="right")
    table.add_column()
    for number, text in enumerate(texts, start=1):
        table.add_row(f"{number}.", plain(text))
    return table


def _rules_table(terms: CharterTerms) -> Table:
    table = Table(title=_rules_title(terms), title_justify="left")
    for header in _rules_headers():
        table.add_column(header)
    for setting in terms.rules:
        table.add_row(
            setting.key,
            value_text(setting.key, setting.value),
            value_text(setting.key, setting.default),
            source_text(setting),
        )
    return table


@dataclass(frozen=True)
class WarningRow:
    """One warning's settings on one line: its levels, the rest, and what the team set."""

    warning: str
    enabled: str
    warn: str
    fail: str
    more: str
    set_by: str


def _by_warning(settings: Iterable[Setting]) -> dict[str, list[Setting]]:
    """The warnings' settings grouped by warning, in catalogue order."""
    grouped: dict[str, list[Setting]] = {}
    for setting in settings:
        grouped.setdefault(setting.warning or "", []).append(setting)
    return grouped


def warning_rows(settings: Iterable[Setting]) -> list[WarningRow]:
    """The warnings' settings grouped by warning, in catalogue order."""
    rows = []
    for warning, held in _by_warning(settings).items():
        by_key = {setting.key: setting for setting in held}
        more = ", ".join(
            f"{setting.key} {value_text(setting.key, setting.value)}"
            for setting in held
            if setting.key not in ("enabled", "warn", "fail")
        )
        by_source: dict[str, list[str]] = {}
        for setting in held:
            if setting.source != "default":
                by_source.setdefault(source_text(setting), []).append(setting.key)
        # Translators: who set which settings of a warning, "charter: warn, fail".
        set_by = _clauses(
            _("{source}: {keys}").format(source=source, keys=", ".join(keys))
            for source, keys in by_source.items()
        )
        rows.append(
            WarningRow(
                warning,
                _yes_no(by_key["enabled"].value),
                value_text("warn", by_key["warn"].value),
                value_text("fail", by_key["fail"].value),
                more,
                set_by or _default(),
            )
        )
    return rows


def _warning_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "warning"),
        pgettext("column", "on"),
        pgettext("column", "warn"),
        pgettext("column", "fail"),
        pgettext("column", "other settings"),
        pgettext("column", "set by the team"),
    )


def _clauses(parts: Iterable[str]) -> str:
    """Clauses one after the other: `a; b; c`."""
    # Translators: the separator between clauses of a list, "a; b; c" (a space before it
    # in French).
    return pgettext("separator", "; ").join(parts)


# On the terminal a mark after a value says the team set it, in place of a column that
# would repeat the same keys on every row; one line under the table explains the marks.
SET_BY_MARKS = {"charter": "*", "change": "†"}
SET_BY_NOTES = {
    "charter": N_("* set by the team in the charter"),
    "change": N_("† set by the team in a dated change"),
}


def _marked(setting: Setting) -> str:
    """A value as people read it, with the mark of whoever set it if not the default."""
    if setting.key == "enabled":
        text = _yes_no(setting.value)
    else:
        text = value_text(setting.key, setting.value)
    return text + SET_BY_MARKS.get(setting.source, "")


def set_by_note(settings: Iterable[Setting]) -> str:
    """The line that explains the marks used in the warnings table."""
    sources = {setting.source for setting in settings}
    notes = [_(note) for source, note in SET_BY_NOTES.items() if source in sources]
    if not notes:
        return _("Every warning level is the default: the team set none.")
    # Translators: {notes} explain the marks after the values, "* set by the team in the
    # charter".
    return _("{notes}; values without a mark are the defaults.").format(notes=_clauses(notes))


def _warnings_table(terms: CharterTerms) -> Table:
    table = Table(title=_warnings_title(terms), title_justify="left")
    warning, *levels = _warning_headers()[:5]
    table.add_column(warning, no_wrap=True)
    for header in levels:
        table.add_column(header)
    for warning, held in _by_warning(terms.warnings).items():
        by_key = {setting.key: setting for setting in held}
        more = ", ".join(
            f"{setting.key} {_marked(setting)}"
            for setting in held
            if setting.key not in ("enabled", "warn", "fail")
        )
        table.add_row(warning, *(_marked(by_key[key]) for key in ("enabled", "warn", "fail")), more)
    return table


def _changes_table(terms: CharterTerms) -> Table:
    table = Table(title=_(DATED_CHANGES), title_justify="left")
    for header in _changes_headers():
        table.add_column(header)
    for change in terms.changes:
        table.add_row(
            format_short_day(change.since),
            _in_force(change, terms.as_of),
            _change_summary(change),
            plain(change.note or ""),
        )
    return table


def _signatures_block(terms: CharterTerms) -> list[RenderableType]:
    if not terms.signatures:
        blocks: list[RenderableType] = [Text(_(NOBODY_SIGNED))]
    else:
        table = Table(title=_(SIGNATURES), title_justify="left")
        for header in _signature_headers():
            table.add_column(header)
        for signature in terms.signatures:
            table.add_row(
                signature.handle,
                format_short_day(signature.on),
                _signature_version(signature.version, signature.current),
            )
        blocks = [table]
    if terms.unsigned:
        blocks.append(Text(_unsigned_line(terms.unsigned)))
    return blocks


def render_show_text(terms: CharterTerms, *, width: int = 100, color: bool = False) -> str:
    text = terms.charter.charter
    day = format_day(terms.as_of)
    blocks: list[RenderableType] = [
        plain(text.title, style="bold"),
        # Translators: {version} is the charter's version.
        Text(_("version {version}, as of {day}").format(version=terms.version, day=day)),
    ]
    if text.summary:
        blocks += [Text(""), plain(text.summary)]
    if text.principles:
        blocks += [Text(""), _numbered(_(PRINCIPLES), text.principles)]
    if text.advice:
        blocks += [Text(""), _numbered(_(HOW_TO_HELP), text.advice)]
    blocks += [Text(""), _rules_table(terms), Text(""), _warnings_table(terms)]
    blocks.append(Text(set_by_note(terms.warnings)))
    if terms.changes:
        blocks += [Text(""), _changes_table(terms)]
    blocks += [Text(""), *_signatures_block(terms)]
    return to_text(Group(*blocks), width=width, color=color)


# --- charter show: Markdown -------------------------------------------------------------

# What would start a block inside a list item (`1. `, `- `, `+ `, `=`): a backslash keeps
# it text. `cell` already escapes the rest.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def inline(text: str) -> str:
    """Field text as the whole of a list item or a paragraph, shown literally."""
    escaped = cell(text)
    return _BLOCK_START.sub(
        lambda match: f"{match[1]}\\{match[2]}" if match[1] else f"\\{match[3]}", escaped
    )


def render_show_markdown(terms: CharterTerms) -> str:
    text = terms.charter.charter
    # Translators: {version} is the charter's version, in a code span.
    version = _("Version {version}, as of {day}.").format(
        version=f"`{terms.version}`", day=format_day(terms.as_of)
    )
    lines = [f"# {cell(text.title)}", "", version, ""]
    if text.summary:
        lines += [inline(text.summary), ""]
    for heading, texts in ((PRINCIPLES, text.principles), (HOW_TO_HELP, text.advice)):
        if texts:
            lines += [f"## {_(heading)}", ""]
            lines += [f"{number}. {inline(item)}" for number, item in enumerate(texts, start=1)]
            lines.append("")
    lines += [f"## {_rules_title(terms)}", ""]
    lines += markdown_table(
        _rules_headers(),
        (
            (
                setting.key,
                value_text(setting.key, setting.value),
                value_text(setting.key, setting.default),
                source_text(setting),
            )
            for setting in terms.rules
        ),
    )
    lines += ["", f"## {_warnings_title(terms)}", ""]
    lines += markdown_table(
        _warning_headers(),
        (
            (row.warning, row.enabled, row.warn, row.fail, row.more, row.set_by)
            for row in warning_rows(terms.warnings)
        ),
    )
    if terms.changes:
        lines += ["", f"## {_(DATED_CHANGES)}", ""]
        lines += markdown_table(
            _changes_headers(),
            (
                (
                    format_short_day(change.since),
                    _in_force(change, terms.as_of),
                    _change_summary(change),
                    change.note or "",
                )
                for change in terms.changes
            ),
        )
    lines += ["", f"## {_(SIGNATURES)}", ""]
    if terms.signatures:
        lines += markdown_table(
            _signature_headers(),
            (
                (
                    signature.handle,
                    format_short_day(signature.on),
                    _signature_version(signature.version, signature.current),
                )
                for signature in terms.signatures
            ),
        )
    else:
        lines.append(_(NOBODY_SIGNED))
    if terms.unsigned:
        lines += ["", _unsigned_line([cell(handle) for handle in terms.unsigned])]
    return "\n".join(lines) + "\n"


# --- charter show: JSON -----------------------------------------------------------------


def _json_value(value: DiffValue | date) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def setting_document(setting: Setting) -> dict[str, Any]:
    document: dict[str, Any] = {} if setting.warning is None else {"warning": setting.warning}
    return {
        **document,
        "key": setting.key,
        "value": setting.value,
        "default": setting.default,
        "source": setting.source,
        "since": _json_value(setting.since),
    }


def show_document(terms: CharterTerms) -> dict[str, Any]:
    text = terms.charter.charter
    return {
        "title": text.title,
        "summary": text.summary,
        "version": terms.version,
        "as_of": terms.as_of.isoformat(),
        "principles": list(text.principles),
        "advice": list(text.advice),
        "rules": [setting_document(setting) for setting in terms.rules],
        "warnings": [setting_document(setting) for setting in terms.warnings],
        "changes": [
            {
                "since": change.since.isoformat(),
                "in_force": change.since <= terms.as_of,
                "note": change.note,
                "settings": [
                    {"name": name, "value": value} for name, value in change_settings(change)
                ],
            }
            for change in terms.changes
        ],
        "signatures": [
            {
                "handle": signature.handle,
                "on": signature.on.isoformat(),
                "version": signature.version,
                "current": signature.current,
            }
            for signature in terms.signatures
        ],
        "unsigned": list(terms.unsigned),
    }


def render_show_json(terms: CharterTerms) -> str:
    return json_text(show_document(terms))


# --- charter diff -----------------------------------------------------------------------


def difference_name(difference: Difference) -> str:
    if difference.since is not None:
        # Translators: a setting {name} of a dated change that applies from {day} on.
        return _("from {day}: {name}").format(
            day=format_short_day(difference.since), name=difference.name
        )
    return difference.name


def _diff_heading(diff: CharterDiff, before: str, after: str) -> str:
    if diff.before_version != diff.after_version:
        # Translators: {before} and {after} are git revisions; {old} and {new} versions of
        # the charter.
        return _("The charter from {before} to {after} (version {old} to {new})").format(
            before=before, after=after, old=diff.before_version, new=diff.after_version
        )
    # Translators: {before} and {after} are git revisions; {version} the charter's version.
    return _("The charter from {before} to {after} (version {version})").format(
        before=before, after=after, version=diff.after_version
    )


def _no_difference(diff: CharterDiff, before: str) -> str:
    if diff.before_version != diff.after_version:
        return _(
            "The text, rules and levels are the same; only how they are written changed"
            " (a default written out, or a note)."
        )
    # Translators: {revision} is a git revision.
    return _("No change since {revision}.").format(revision=before)


def render_diff_text(
    diff: CharterDiff, before: str, after: str, *, width: int = 100, color: bool = False
) -> str:
    heading = Text(_diff_heading(diff, before, after))
    if not diff.differences:
        return to_text(heading, Text(_no_difference(diff, before)), width=width, color=color)
    table = Table()
    for header in _diff_headers():
        table.add_column(header)
    for difference in diff.differences:
        table.add_row(
            difference_name(difference),
            plain(value_text(difference.name, difference.before)),
            plain(value_text(difference.name, difference.after)),
        )
    return to_text(heading, table, width=width, color=color)


def render_diff_markdown(diff: CharterDiff, before: str, after: str) -> str:
    lines = [f"## {cell(_diff_heading(diff, before, after))}", ""]
    if not diff.differences:
        lines.append(cell(_no_difference(diff, before)))
    else:
        lines += markdown_table(
            _diff_headers(),
            (
                (
                    difference_name(difference),
                    value_text(difference.name, difference.before),
                    value_text(difference.name, difference.after),
                )
                for difference in diff.differences
            ),
        )
    return "\n".join(lines) + "\n"


def diff_document(diff: CharterDiff, before: str, after: str) -> dict[str, Any]:
    return {
        "before": {"revision": before, "version": diff.before_version},
        "after": {"revision": after, "version": diff.after_version},
        "differences": [
            {
                "part": difference.part,
                "name": difference.name,
                "since": _json_value(difference.since),
                "before": difference.before,
                "after": difference.after,
            }
            for difference in diff.differences
        ],
    }


def render_diff_json(diff: CharterDiff, before: str, after: str) -> str:
    return json_text(diff_document(diff, before, after))
