"""Who can help with what, as a table, JSON or Markdown: one row spec, every format from it."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.capacity import Capacity, SkillHelper, SkillRow, SkillsView
from aidledger.model.values import format_minutes, plural
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, period_text, plain, to_text

SKILL_HEADERS = ("skill", "who can help (spare this week, last helped on it)", "asked in")
PEOPLE_HEADERS = ("member", "allowance", "spent helping", "offered", "spare")
# `balance` counts person-minutes (an hour helping two people gives two hours); a budget
# is about the helper's own clock, so this page counts each exchange's time once.
SPENT_NOTE = (
    "spent helping: the time each member spent helping this week (an exchange with two "
    "people counts once), unlike aidledger balance, which counts person-minutes."
)


def _helper_text(helper: SkillHelper) -> str:
    last = helper.last_helped.isoformat() if helper.last_helped else "never"
    offered = ", by an offer" if helper.offered else ""
    return f"{helper.handle} ({format_minutes(helper.spare_minutes)} spare, {last}{offered})"


def _skill_cells(row: SkillRow) -> list[str]:
    helpers = "; ".join(_helper_text(helper) for helper in row.helpers)
    asked = plural(len(row.requests), "request") if row.requests else ""
    return [row.skill, helpers or "nobody", asked]


def _people_cells(row: Capacity) -> list[str]:
    allowance = format_minutes(row.allowance_minutes)
    return [
        row.handle,
        allowance if row.own_budget else f"{allowance} (default)",
        format_minutes(row.given_minutes),
        format_minutes(row.offered_minutes),
        format_minutes(row.spare_minutes),
    ]


def _risk_lines(view: SkillsView) -> list[str]:
    return [
        f"{row.skill}: asked in {plural(len(row.requests), 'request')}"
        f" ({', '.join(row.requests)}), and nobody on the team has it"
        for row in view.uncovered
    ]


def _heading(view: SkillsView) -> str:
    return f"Skills as of {view.as_of}, spare time in the week {period_text(view.week)}"


def render_table(view: SkillsView, *, width: int = 100, color: bool = False) -> str:
    skills = Table(title=_heading(view), title_justify="left")
    for header in SKILL_HEADERS:
        skills.add_column(header)
    for row in view.skills:
        skills.add_row(*(plain(text) for text in _skill_cells(row)))
    people = Table(title="Spare time this week", title_justify="left")
    for index, header in enumerate(PEOPLE_HEADERS):
        people.add_column(header, justify="right" if index else "left")
    for capacity in view.people:
        people.add_row(*(plain(text) for text in _people_cells(capacity)))
    parts: list[Any] = [skills, Text(""), people, plain(SPENT_NOTE)]
    risks = _risk_lines(view)
    if risks:
        parts += [Text(""), plain("Skills asked for that nobody has (a risk):", style="bold")]
        # Padding, not leading spaces: a wrapped line keeps the indent of its first line.
        parts += [Padding(plain(line), (0, 0, 0, 2)) for line in risks]
    return to_text(Group(*parts), width=width, color=color)


def skills_document(view: SkillsView) -> dict[str, Any]:
    """The JSON of `aidledger skills`: machine values, minutes as numbers, days as ISO text."""
    return {
        "as_of": view.as_of.isoformat(),
        "week": {
            "since": view.week.since.isoformat() if view.week.since else None,
            "until": view.week.until.isoformat() if view.week.until else None,
        },
        "skills": [
            {
                "skill": row.skill,
                "helpers": [
                    {
                        "handle": helper.handle,
                        "spare_minutes": minutes_value(helper.spare_minutes),
                        "last_helped": helper.last_helped.isoformat()
                        if helper.last_helped
                        else None,
                        "offered": helper.offered,
                    }
                    for helper in row.helpers
                ],
                "requests": list(row.requests),
                "uncovered": row.uncovered,
            }
            for row in view.skills
        ],
        "people": [
            {
                "handle": row.handle,
                "allowance_minutes": minutes_value(row.allowance_minutes),
                "own_budget": row.own_budget,
                "given_minutes": row.given_minutes,
                "offered_minutes": row.offered_minutes,
                "spare_minutes": minutes_value(row.spare_minutes),
            }
            for row in view.people
        ],
    }


def render_json(view: SkillsView) -> str:
    return json_text(skills_document(view))


def render_markdown(view: SkillsView) -> str:
    lines = [f"## {cell(_heading(view))}", ""]
    lines += markdown_table(SKILL_HEADERS, (_skill_cells(row) for row in view.skills))
    lines += ["", "### Spare time this week", ""]
    lines += markdown_table(
        PEOPLE_HEADERS, (_people_cells(row) for row in view.people), right=range(1, 5)
    )
    lines += ["", cell(SPENT_NOTE)]
    risks = _risk_lines(view)
    if risks:
        lines += ["", "### Skills asked for that nobody has (a risk)", ""]
        lines += [f"- {cell(line)}" for line in risks]
    return "\n".join(lines) + "\n"
