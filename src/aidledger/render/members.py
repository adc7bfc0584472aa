"""The member list as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table

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
        f"{format_minutes(budget)}/week" if budget is not None else "",
        member.joined.isoformat(),
        member.left.isoformat() if member.left else "",
    ]


HEADERS = ("handle", "name", "skills", "budget", "joined", "left")


def render_table(members: Iterable[Member], *, width: int = 100, color: bool = False) -> str:
    table = Table(title="Members", title_justify="left")
    for header in HEADERS:
        table.add_column(header)
    for member in members:
        table.add_row(*(plain(text) for text in _cells(member)))
    return to_text(table, width=width, color=color)


def render_csv(members: Iterable[Member]) -> str:
    return csv_text(HEADERS, (_cells(member) for member in members))


def render_markdown(members: Iterable[Member]) -> str:
    return "\n".join(markdown_table(HEADERS, (_cells(member) for member in members))) + "\n"
