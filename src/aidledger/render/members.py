"""The member list as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table

from aidledger.i18n import _, format_short_day, pgettext
from aidledger.model.records import Member
from aidledger.model.values import format_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import table as markdown_table
from aidledger.render.spreadsheet import csv_text
from aidledger.render.terminal import plain, to_text


def members_document(members: Iterable[Member]) -> list[dict[str, Any]]:
    return [
        {
            "handle": member.handle,
            "name": member.name,
            "emails": list(member.emails),
            "skills": list(member.skills),
            "budget_minutes_per_week": member.budget_minutes_per_week,
            "joined": member.joined.isoformat(),
            "left": member.left.isoformat() if member.left else None,
        }
        for member in members
    ]


def render_json(members: Iterable[Member]) -> str:
    return json_text(members_document(members))


def _cells(member: Member) -> list[str]:
    budget = member.budget_minutes_per_week
    return [
        member.handle,
        member.name or "",
        ", ".join(member.skills),
        # Translators: a budget of help, "2h/week".
        _("{duration}/week").format(duration=format_minutes(budget)) if budget is not None else "",
        format_short_day(member.joined),
        format_short_day(member.left) if member.left else "",
    ]


def _headers() -> tuple[str, ...]:
    return (
        pgettext("column", "handle"),
        pgettext("column", "name"),
        pgettext("column", "skills"),
        pgettext("column", "budget"),
        pgettext("column", "joined"),
        pgettext("column", "left"),
    )


def render_table(members: Iterable[Member], *, width: int = 100, color: bool = False) -> str:
    table = Table(title=_("Members"), title_justify="left")
    for header in _headers():
        table.add_column(header)
    for member in members:
        table.add_row(*(plain(text) for text in _cells(member)))
    return to_text(table, width=width, color=color)


CSV_HEADERS = (
    "handle",
    "name",
    "emails",
    "skills",
    "aliases",
    "budget_minutes_per_week",
    "joined",
    "left",
)


def _csv_row(member: Member) -> list[object]:
    """One member a row, machine values as JSON has them: lists joined with `;`, the budget
    as whole minutes a week, empty cells for what is not set."""
    document = members_document((member,))[0]
    budget = member.budget_minutes_per_week
    values: dict[str, object] = {
        **document,
        "name": member.name or "",
        "emails": ";".join(member.emails),
        "skills": ";".join(member.skills),
        "aliases": ";".join(member.aliases),
        "budget_minutes_per_week": "" if budget is None else budget,
        "left": document["left"] or "",
    }
    return [values[name] for name in CSV_HEADERS]


def render_csv(members: Iterable[Member]) -> str:
    """For a spreadsheet or a script: one fact a column, in the order of `members.toml`."""
    return csv_text(CSV_HEADERS, (_csv_row(member) for member in members))


def render_markdown(members: Iterable[Member]) -> str:
    return "\n".join(markdown_table(_headers(), (_cells(member) for member in members))) + "\n"
