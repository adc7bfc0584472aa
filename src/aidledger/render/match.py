"""How `aidledger match` reads: each open request, its suggested helpers and why, in a
terminal table, Markdown or JSON.

The engine hands over reasons as facts (`engine.matching`); `reason_text` is the one
place that words them. Titles are free text and are escaped by format at the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aidledger.engine.matching import (
    CarriesLittle,
    CarriesMuch,
    HelpedOnSkill,
    LearnedSkill,
    ListsSkill,
    PastBudget,
    Reason,
    ReceivedMore,
    RequestMatch,
    SpareTime,
    Suggestion,
)
from aidledger.engine.window import Window
from aidledger.model.values import format_minutes, plural
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, plain, rounded, to_text

HEADERS = ("#", "helper", "score", "why")
NO_REQUEST = "No open request to match."


def _skills(skills: Sequence[str]) -> str:
    return ", ".join(skills)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _allowance(minutes: float, own_budget: bool, default_share: float) -> str:
    if own_budget:
        return f"a {format_minutes(minutes)} budget"
    return f"the default {format_minutes(minutes)} ({default_share:.0%} of the work week)"


def _share(share: float, equal_share: float) -> str:
    return f"{share:.0%} of the team's help (an equal share is {equal_share:.0%})"


def reason_text(reason: Reason) -> str:
    """One reason for a suggestion, in words."""
    if isinstance(reason, ListsSkill):
        return f"lists {_skills(reason.skills)}"
    if isinstance(reason, HelpedOnSkill):
        return (
            f"helped on {_skills(reason.skills)} {_times(reason.count)}"
            f" in the last {reason.days} days"
        )
    if isinstance(reason, LearnedSkill):
        return (
            f"was taught {_skills(reason.skills)} {_times(reason.count)} in the last"
            f" {reason.days} days: pairing lets them practise it"
        )
    if isinstance(reason, SpareTime):
        offered = reason.offered_minutes
        offered_text = f" and {format_minutes(offered)} offered" if offered else ""
        allowance = _allowance(reason.allowance_minutes, reason.own_budget, reason.default_share)
        return f"{format_minutes(reason.spare_minutes)} free this week of {allowance}{offered_text}"
    if isinstance(reason, PastBudget):
        return (
            f"past the weekly budget ({format_minutes(reason.given_minutes)} given of"
            f" {format_minutes(reason.allowance_minutes + reason.offered_minutes)}):"
            " suggested only because nobody able to help has time left"
        )
    if isinstance(reason, ReceivedMore):
        return (
            f"received more help than they gave ({format_minutes(reason.received_minutes)}"
            f" received, {format_minutes(reason.given_minutes)} given"
            + (f" since {reason.since}" if reason.since else "")
            + ", time-weighted)"
        )
    if isinstance(reason, CarriesLittle):
        return f"gives {_share(reason.share, reason.equal_share)}: asking them spreads the load"
    return f"already gives {_share(reason.share, reason.equal_share)}"


def why(suggestion: Suggestion) -> str:
    return "; ".join(reason_text(reason) for reason in suggestion.reasons)


def notes(match: RequestMatch) -> list[str]:
    """Sentences about the request as a whole: who could be asked at all."""
    lines = []
    if not match.helpers:
        lines.append("Nobody else is active in the team to ask.")
    if match.nobody_skilled:
        lines.append(
            f"Nobody lists or has lately helped on {_skills(match.skills)}:"
            " the suggestions rest on time and fairness alone."
        )
    if match.past_budget_only:
        lines.append(
            "Everyone able to help is past their weekly budget: whoever takes it goes over it."
        )
    return lines


def _asked(match: RequestMatch) -> str:
    skills = f"; skills: {_skills(match.skills)}" if match.skills else ""
    return f"asked by {match.by}{skills}"


def _partner_line(partner: Suggestion) -> str:
    return f"Pair with {partner.handle}: {why(partner)}."


def _rows(match: RequestMatch) -> list[list[str]]:
    return [
        [str(rank), suggestion.handle, f"{suggestion.score:.2f}", why(suggestion)]
        for rank, suggestion in enumerate(match.helpers, start=1)
    ]


# --- JSON -------------------------------------------------------------------------------------


def _window(week: Window) -> dict[str, str | None]:
    return {
        "since": week.since.isoformat() if week.since else None,
        "until": week.until.isoformat() if week.until else None,
    }


def reason_document(reason: Reason) -> dict[str, Any]:
    """A reason's facts, its kind and its words."""
    document: dict[str, Any] = {"kind": _KINDS[type(reason)]}
    for name, value in vars(reason).items():
        if isinstance(value, Window):
            document[name] = _window(value)
        elif isinstance(value, tuple):
            document[name] = list(value)
        elif isinstance(value, date):
            document[name] = value.isoformat()
        elif isinstance(value, float) and name.endswith("minutes"):
            document[name] = minutes_value(value)
        elif isinstance(value, float):
            document[name] = rounded(value)
        else:
            document[name] = value
    document["text"] = reason_text(reason)
    return document


_KINDS: dict[type, str] = {
    ListsSkill: "lists-skill",
    HelpedOnSkill: "helped-on-skill",
    LearnedSkill: "learned-skill",
    SpareTime: "spare-time",
    PastBudget: "past-budget",
    ReceivedMore: "received-more",
    CarriesLittle: "carries-little",
    CarriesMuch: "carries-much",
}


def _suggestion_document(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "handle": suggestion.handle,
        "score": rounded(suggestion.score),
        "skill_fit": rounded(suggestion.skill_fit),
        "fairness": rounded(suggestion.fairness),
        "spare": rounded(suggestion.spare),
        "past_budget": suggestion.past_budget,
        "reasons": [reason_document(reason) for reason in suggestion.reasons],
    }


def match_document(match: RequestMatch) -> dict[str, Any]:
    return {
        "id": match.request_id,
        "by": match.by,
        "title": match.title,
        "skills": list(match.skills),
        "nobody_skilled": match.nobody_skilled,
        "past_budget_only": match.past_budget_only,
        "helpers": [_suggestion_document(suggestion) for suggestion in match.helpers],
        "partner": _suggestion_document(match.partner) if match.partner else None,
        "notes": notes(match),
    }


def render_json(matches: Sequence[RequestMatch], as_of: date) -> str:
    return json_text(
        {"as_of": as_of.isoformat(), "requests": [match_document(match) for match in matches]}
    )


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(matches: Sequence[RequestMatch], as_of: date) -> str:
    lines = [f"## Suggested helpers, as of {as_of.isoformat()}", ""]
    if not matches:
        return "\n".join([*lines, NO_REQUEST]) + "\n"
    for match in matches:
        lines += [f"### {cell(match.title)} ({cell(match.request_id)})", ""]
        lines += [cell(f"{_asked(match)}."), ""]
        lines += [cell(note) for note in notes(match)]
        if match.helpers:
            lines += markdown_table(HEADERS, _rows(match), right=(0, 2))
        if match.partner is not None:
            lines += ["", cell(_partner_line(match.partner))]
        lines.append("")
    return "\n".join(lines)


# --- terminal ---------------------------------------------------------------------------------


def _request_block(match: RequestMatch) -> RenderableType:
    heading = Text.assemble(
        plain(match.request_id, "bold"), "  ", plain(match.title), "\n", plain(_asked(match))
    )
    parts: list[RenderableType] = [heading]
    parts += [plain(note, "yellow") for note in notes(match)]
    if match.helpers:
        table = Table(box=None, pad_edge=False, show_edge=False)
        for header in HEADERS:
            table.add_column(header, justify="right" if header in ("#", "score") else "left")
        for row in _rows(match):
            table.add_row(*(plain(text) for text in row))
        parts.append(table)
    if match.partner is not None:
        parts.append(plain(_partner_line(match.partner)))
    parts.append(Text(""))
    return Group(*parts)


def render_table(
    matches: Sequence[RequestMatch], as_of: date, *, width: int = 100, color: bool = False
) -> str:
    title = Text(f"Suggested helpers, as of {as_of.isoformat()}", style="bold")
    if not matches:
        return to_text(title, plain(NO_REQUEST), width=width, color=color)
    summary = Text(plural(len(matches), "open request"))
    blocks = [_request_block(match) for match in matches]
    return to_text(title, summary, Text(""), *blocks, width=width, color=color)
