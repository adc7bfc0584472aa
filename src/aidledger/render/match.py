"""How `aidledger match` reads: each open request, its suggested helpers and why, in a
terminal table, Markdown or JSON.

The engine hands over reasons as facts (`engine.matching`); `reason_text` is the one
place that words them. Titles are free text and are escaped by format at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from aidledger.i18n import (
    N_,
    _,
    format_day,
    format_number,
    format_percent,
    ngettext,
    pgettext,
)
from aidledger.model.values import format_minutes
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, plain, rounded, to_text

NO_REQUEST = N_("No open request to match.")


def _headers() -> tuple[str, ...]:
    return (
        "#",
        pgettext("column", "helper"),
        pgettext("column", "score"),
        pgettext("column", "why"),
    )


def _skills(skills: Sequence[str]) -> str:
    return ", ".join(skills)


def _clauses(parts: Iterable[str]) -> str:
    """Clauses one after the other: `a; b; c`."""
    # Translators: the separator between clauses of a list, "a; b; c" (a space before it
    # in French).
    return pgettext("separator", "; ").join(parts)


def _spare_time(reason: SpareTime) -> str:
    values = {
        "spare": format_minutes(reason.spare_minutes),
        "allowance": format_minutes(reason.allowance_minutes),
        "offered": format_minutes(reason.offered_minutes),
        "share": format_percent(reason.default_share),
    }
    if reason.own_budget and reason.offered_minutes:
        return _("{spare} free this week of a {allowance} budget and {offered} offered").format(
            **values
        )
    if reason.own_budget:
        return _("{spare} free this week of a {allowance} budget").format(**values)
    if reason.offered_minutes:
        # Translators: {share} is a percentage of the work week.
        return _(
            "{spare} free this week of the default {allowance} ({share} of the work week)"
            " and {offered} offered"
        ).format(**values)
    # Translators: {share} is a percentage of the work week.
    return _("{spare} free this week of the default {allowance} ({share} of the work week)").format(
        **values
    )


def _received_more(reason: ReceivedMore) -> str:
    received = format_minutes(reason.received_minutes)
    given = format_minutes(reason.given_minutes)
    if reason.since:
        return _(
            "received more help than they gave ({received} received, {given} given"
            " since {day}, time-weighted)"
        ).format(received=received, given=given, day=format_day(reason.since))
    return _(
        "received more help than they gave ({received} received, {given} given, time-weighted)"
    ).format(received=received, given=given)


def reason_text(reason: Reason) -> str:
    """One reason for a suggestion, in words."""
    if isinstance(reason, ListsSkill):
        # Translators: "lists" is a verb: the person lists these skills as theirs.
        return _("lists {skills}").format(skills=_skills(reason.skills))
    if isinstance(reason, HelpedOnSkill):
        return ngettext(
            "helped on {skills} once in the last {days} days",
            "helped on {skills} {count} times in the last {days} days",
            reason.count,
        ).format(skills=_skills(reason.skills), count=reason.count, days=reason.days)
    if isinstance(reason, LearnedSkill):
        return ngettext(
            "was taught {skills} once in the last {days} days: pairing lets them practise it",
            "was taught {skills} {count} times in the last {days} days:"
            " pairing lets them practise it",
            reason.count,
        ).format(skills=_skills(reason.skills), count=reason.count, days=reason.days)
    if isinstance(reason, SpareTime):
        return _spare_time(reason)
    if isinstance(reason, PastBudget):
        # Translators: {given} of {allowance} are durations.
        return _(
            "past the weekly budget ({given} given of {allowance}):"
            " suggested only because nobody able to help has time left"
        ).format(
            given=format_minutes(reason.given_minutes),
            allowance=format_minutes(reason.allowance_minutes + reason.offered_minutes),
        )
    if isinstance(reason, ReceivedMore):
        return _received_more(reason)
    values = {"share": format_percent(reason.share), "equal": format_percent(reason.equal_share)}
    if isinstance(reason, CarriesLittle):
        # Translators: {share} and {equal} are percentages.
        return _(
            "gives {share} of the team's help (an equal share is {equal}):"
            " asking them spreads the load"
        ).format(**values)
    # Translators: {share} and {equal} are percentages.
    return _("already gives {share} of the team's help (an equal share is {equal})").format(
        **values
    )


def why(suggestion: Suggestion) -> str:
    return _clauses(reason_text(reason) for reason in suggestion.reasons)


def notes(match: RequestMatch) -> list[str]:
    """Sentences about the request as a whole: who could be asked at all."""
    lines = []
    if not match.helpers:
        lines.append(_("Nobody else is active in the team to ask."))
    if match.nobody_skilled:
        lines.append(
            _(
                "Nobody lists or has lately helped on {skills}:"
                " the suggestions rest on time and fairness alone."
            ).format(skills=_skills(match.skills))
        )
    if match.past_budget_only:
        lines.append(
            _("Everyone able to help is past their weekly budget: whoever takes it goes over it.")
        )
    return lines


def _asked(match: RequestMatch) -> str:
    if match.skills:
        # Translators: {who} asked for help on {skills}.
        return _("asked by {who}; skills: {skills}").format(
            who=match.by, skills=_skills(match.skills)
        )
    return _("asked by {who}").format(who=match.by)


def _partner_line(partner: Suggestion) -> str:
    # Translators: {who} is a member suggested to pair; {why} the reasons.
    return _("Pair with {who}: {why}.").format(who=partner.handle, why=why(partner))


def _rows(match: RequestMatch) -> list[list[str]]:
    return [
        [str(rank), suggestion.handle, format_number(suggestion.score, 2), why(suggestion)]
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


def _heading(as_of: date) -> str:
    return _("Suggested helpers, as of {day}").format(day=format_day(as_of))


def render_markdown(matches: Sequence[RequestMatch], as_of: date) -> str:
    lines = [f"## {_heading(as_of)}", ""]
    if not matches:
        return "\n".join([*lines, _(NO_REQUEST)]) + "\n"
    for match in matches:
        lines += [f"### {cell(match.title)} ({cell(match.request_id)})", ""]
        lines += [cell(f"{_asked(match)}."), ""]
        lines += [cell(note) for note in notes(match)]
        if match.helpers:
            lines += markdown_table(_headers(), _rows(match), right=(0, 2))
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
        for index, header in enumerate(_headers()):
            table.add_column(header, justify="right" if index in (0, 2) else "left")
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
    title = Text(_heading(as_of), style="bold")
    if not matches:
        return to_text(title, plain(_(NO_REQUEST)), width=width, color=color)
    count = len(matches)
    summary = Text(
        ngettext("{count} open request", "{count} open requests", count).format(count=count)
    )
    blocks = [_request_block(match) for match in matches]
    return to_text(title, summary, Text(""), *blocks, width=width, color=color)
