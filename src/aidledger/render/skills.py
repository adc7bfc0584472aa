"""Who can help with what, as a table, JSON or Markdown: one row spec, every format from it."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.capacity import Capacity, SkillHelper, SkillRow, SkillsView
from aidledger.i18n import N_, _, format_day, format_short_day, ngettext, pgettext
from aidledger.model.values import format_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, period_text, plain, to_text


def _skill_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "skill"),
        pgettext("column", "who can help (spare this week, last helped on it)"),
        pgettext("column", "asked in"),
    )


def _people_headers() -> tuple[str, ...]:
    return (
        pgettext("column", "member"),
        pgettext("column", "allowance"),
        pgettext("column", "spent helping"),
        pgettext("column", "offered"),
        pgettext("column", "spare"),
    )


# `balance` counts person-minutes (an hour helping two people gives two hours); a budget
# is about the helper's own clock, so this page counts each exchange's time once.
SPENT_NOTE = N_(
    "spent helping: the time each member spent helping this week (an exchange with two "
    "people counts once), unlike aidledger balance, which counts person-minutes."
)


def _clauses(parts: list[str]) -> str:
    """Clauses one after the other: `a; b; c`."""
    # Translators: the separator between clauses of a list, "a; b; c" (a space before it
    # in French).
    return pgettext("separator", "; ").join(parts)


def _helper_text(helper: SkillHelper) -> str:
    values = {
        "who": helper.handle,
        "spare": format_minutes(helper.spare_minutes),
        "day": format_short_day(helper.last_helped) if helper.last_helped else "",
    }
    if helper.last_helped and helper.offered:
        # Translators: {who} can help, with {spare} time this week; {day} is when they
        # last helped on the skill.
        return _("{who} ({spare} spare, {day}, by an offer)").format(**values)
    if helper.last_helped:
        # Translators: {who} can help, with {spare} time this week; {day} is when they
        # last helped on the skill.
        return _("{who} ({spare} spare, {day})").format(**values)
    if helper.offered:
        # Translators: {who} can help, with {spare} time this week, and never helped on it.
        return _("{who} ({spare} spare, never, by an offer)").format(**values)
    # Translators: {who} can help, with {spare} time this week, and never helped on it.
    return _("{who} ({spare} spare, never)").format(**values)


def _skill_cells(row: SkillRow) -> list[str]:
    helpers = _clauses([_helper_text(helper) for helper in row.helpers])
    count = len(row.requests)
    asked = ngettext("{count} request", "{count} requests", count).format(count=count)
    return [row.skill, helpers or _("nobody"), asked if row.requests else ""]


def _people_cells(row: Capacity) -> list[str]:
    allowance = format_minutes(row.allowance_minutes)
    return [
        row.handle,
        # Translators: an allowance of time to help, the default as no budget is set.
        allowance if row.own_budget else _("{allowance} (default)").format(allowance=allowance),
        format_minutes(row.given_minutes),
        format_minutes(row.offered_minutes),
        format_minutes(row.spare_minutes),
    ]


def _risk_lines(view: SkillsView) -> list[str]:
    return [
        # Translators: {skill} was asked in {count} requests, whose ids are {ids}.
        ngettext(
            "{skill}: asked in {count} request ({ids}), and nobody on the team has it",
            "{skill}: asked in {count} requests ({ids}), and nobody on the team has it",
            len(row.requests),
        ).format(skill=row.skill, count=len(row.requests), ids=", ".join(row.requests))
        for row in view.uncovered
    ]


def _heading(view: SkillsView) -> str:
    # Translators: {period} is "2026-11-23 to 2026-11-29".
    return _("Skills as of {day}, spare time in the week {period}").format(
        day=format_day(view.as_of), period=period_text(view.week)
    )


def render_table(view: SkillsView, *, width: int = 100, color: bool = False) -> str:
    skills = Table(title=_heading(view), title_justify="left")
    for header in _skill_headers():
        skills.add_column(header)
    for row in view.skills:
        skills.add_row(*(plain(text) for text in _skill_cells(row)))
    people = Table(title=_("Spare time this week"), title_justify="left")
    for index, header in enumerate(_people_headers()):
        people.add_column(header, justify="right" if index else "left")
    for capacity in view.people:
        people.add_row(*(plain(text) for text in _people_cells(capacity)))
    parts: list[Any] = [skills, Text(""), people, plain(_(SPENT_NOTE))]
    risks = _risk_lines(view)
    if risks:
        parts += [Text(""), plain(_("Skills asked for that nobody has (a risk):"), style="bold")]
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
    lines += markdown_table(_skill_headers(), (_skill_cells(row) for row in view.skills))
    spare = _("Spare time this week")
    lines += ["", f"### {spare}", ""]
    lines += markdown_table(
        _people_headers(), (_people_cells(row) for row in view.people), right=range(1, 5)
    )
    lines += ["", cell(_(SPENT_NOTE))]
    risks = _risk_lines(view)
    if risks:
        heading = _("Skills asked for that nobody has (a risk)")
        lines += ["", f"### {heading}", ""]
        lines += [f"- {cell(line)}" for line in risks]
    return "\n".join(lines) + "\n"
