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
            return "off"
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Four decimals at most: the default two thirds is 0.6667, not 0.6666666666666666.
    return str(round(value, 4)) if isinstance(value, float) else str(value)


def source_text(setting: Setting) -> str:
    if setting.source == "change" and setting.since is not None:
        return f"change of {setting.since}"
    return setting.source


def _in_force(change: Change, as_of: date) -> str:
    return "in force" if change.since <= as_of else "to come"


def _change_summary(change: Change) -> str:
    return "; ".join(
        f"{name} = {value_text(name, value)}" for name, value in change_settings(change)
    )


def _signature_version(version: str | None, current: bool) -> str:
    if version is None:
        return "no version"
    return f"{version} (this version)" if current else f"{version} (an earlier version)"


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
    table = Table(title=f"Rules in force on {terms.as_of}", title_justify="left")
    for header in ("rule", "value", "default", "set by"):
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
        set_by = "; ".join(f"{source}: {', '.join(keys)}" for source, keys in by_source.items())
        rows.append(
            WarningRow(
                warning,
                "yes" if by_key["enabled"].value else "no",
                value_text("warn", by_key["warn"].value),
                value_text("fail", by_key["fail"].value),
                more,
                set_by or "default",
            )
        )
    return rows


WARNING_HEADERS = ("warning", "on", "warn", "fail", "other settings", "set by the team")

# On the terminal a mark after a value says the team set it, in place of a column that
# would repeat the same keys on every row; one line under the table explains the marks.
SET_BY_MARKS = {"charter": "*", "change": "†"}
SET_BY_NOTES = {
    "charter": "* set by the team in the charter",
    "change": "† set by the team in a dated change",
}


def _marked(setting: Setting) -> str:
    """A value as people read it, with the mark of whoever set it if not the default."""
    if setting.key == "enabled":
        text = "yes" if setting.value else "no"
    else:
        text = value_text(setting.key, setting.value)
    return text + SET_BY_MARKS.get(setting.source, "")


def set_by_note(settings: Iterable[Setting]) -> str:
    """The line that explains the marks used in the warnings table."""
    sources = {setting.source for setting in settings}
    notes = [note for source, note in SET_BY_NOTES.items() if source in sources]
    if not notes:
        return "Every warning level is the default: the team set none."
    return "; ".join(notes) + "; values without a mark are the defaults."


def _warnings_table(terms: CharterTerms) -> Table:
    table = Table(title=f"Warning levels in force on {terms.as_of}", title_justify="left")
    table.add_column("warning", no_wrap=True)
    for header in ("on", "warn", "fail", "other settings"):
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
    table = Table(title="Dated changes", title_justify="left")
    for header in ("since", "", "changes", "note"):
        table.add_column(header)
    for change in terms.changes:
        table.add_row(
            change.since.isoformat(),
            _in_force(change, terms.as_of),
            _change_summary(change),
            plain(change.note or ""),
        )
    return table


def _signatures_block(terms: CharterTerms) -> list[RenderableType]:
    if not terms.signatures:
        blocks: list[RenderableType] = [Text("Nobody has signed the charter yet.")]
    else:
        table = Table(title="Signatures", title_justify="left")
        for header in ("member", "signed on", "version"):
            table.add_column(header)
        for signature in terms.signatures:
            table.add_row(
                signature.handle,
                signature.on.isoformat(),
                _signature_version(signature.version, signature.current),
            )
        blocks = [table]
    if terms.unsigned:
        blocks.append(Text(f"Not yet signed this version: {', '.join(terms.unsigned)}."))
    return blocks


def render_show_text(terms: CharterTerms, *, width: int = 100, color: bool = False) -> str:
    text = terms.charter.charter
    blocks: list[RenderableType] = [
        plain(text.title, style="bold"),
        Text(f"version {terms.version}, as of {terms.as_of}"),
    ]
    if text.summary:
        blocks += [Text(""), plain(text.summary)]
    if text.principles:
        blocks += [Text(""), _numbered("Principles", text.principles)]
    if text.advice:
        blocks += [Text(""), _numbered("How to help", text.advice)]
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
    lines = [f"# {cell(text.title)}", "", f"Version `{terms.version}`, as of {terms.as_of}.", ""]
    if text.summary:
        lines += [inline(text.summary), ""]
    for heading, texts in (("Principles", text.principles), ("How to help", text.advice)):
        if texts:
            lines += [f"## {heading}", ""]
            lines += [f"{number}. {inline(item)}" for number, item in enumerate(texts, start=1)]
            lines.append("")
    lines += [f"## Rules in force on {terms.as_of}", ""]
    lines += markdown_table(
        ("rule", "value", "default", "set by"),
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
    lines += ["", f"## Warning levels in force on {terms.as_of}", ""]
    lines += markdown_table(
        WARNING_HEADERS,
        (
            (row.warning, row.enabled, row.warn, row.fail, row.more, row.set_by)
            for row in warning_rows(terms.warnings)
        ),
    )
    if terms.changes:
        lines += ["", "## Dated changes", ""]
        lines += markdown_table(
            ("since", "", "changes", "note"),
            (
                (
                    change.since.isoformat(),
                    _in_force(change, terms.as_of),
                    _change_summary(change),
                    change.note or "",
                )
                for change in terms.changes
            ),
        )
    lines += ["", "## Signatures", ""]
    if terms.signatures:
        lines += markdown_table(
            ("member", "signed on", "version"),
            (
                (
                    signature.handle,
                    signature.on.isoformat(),
                    _signature_version(signature.version, signature.current),
                )
                for signature in terms.signatures
            ),
        )
    else:
        lines.append("Nobody has signed the charter yet.")
    if terms.unsigned:
        lines += ["", f"Not yet signed this version: {cell(', '.join(terms.unsigned))}."]
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
        return f"from {difference.since}: {difference.name}"
    return difference.name


def _diff_heading(diff: CharterDiff, before: str, after: str) -> str:
    versions = (
        f"version {diff.before_version} to {diff.after_version}"
        if diff.before_version != diff.after_version
        else f"version {diff.after_version}"
    )
    return f"The charter from {before} to {after} ({versions})"


def _no_difference(diff: CharterDiff, before: str) -> str:
    if diff.before_version != diff.after_version:
        return (
            "The text, rules and levels are the same; only how they are written changed"
            " (a default written out, or a note)."
        )
    return f"No change since {before}."


def render_diff_text(
    diff: CharterDiff, before: str, after: str, *, width: int = 100, color: bool = False
) -> str:
    heading = Text(_diff_heading(diff, before, after))
    if not diff.differences:
        return to_text(heading, Text(_no_difference(diff, before)), width=width, color=color)
    table = Table()
    for header in ("what", "before", "after"):
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
            ("what", "before", "after"),
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
