"""The report and the statement as one HTML page: Jinja2 templates, autoescaped, no script.

The page places what the other formats say, from the same results: the summary lines of
`render.report`, the warnings' sentences of `render.findings`, the agenda's of
`render.agenda`. Field text is escaped by Jinja2 and made printable (one line, no control
characters) on its way into the page; the charts are SVG that ElementTree escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from aidledger.engine.agenda import Agenda, Need
from aidledger.engine.findings import Finding
from aidledger.engine.report import Statement, TeamReport, ThanksRow
from aidledger.model.values import format_minutes
from aidledger.render.agenda import item_title, need_facts, need_state, since_line, time_line
from aidledger.render.findings import PERSONAL_SEVERITY, TITLES, Voice, words
from aidledger.render.html.charts import (
    lorenz_chart,
    months_chart,
    participation_chart,
    people_chart,
)
from aidledger.render.html.network import heat_map_chart, network_chart
from aidledger.render.html.statement import statement_charts
from aidledger.render.report import by_pattern, no_warning_line, summary_pairs, team_name
from aidledger.render.statement import note_heading, noted_thanks, summary_lines
from aidledger.render.text import printable

# The page asks for nothing: no script, no font, no image from anywhere; inline styles and
# the SVG in the page are all it has.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# The summary's sparklines stand for charts this page draws in full.
DRAWN_ROWS = frozenset({"help per month", "givers per month"})


def _printable(value: Any) -> Any:
    """Every value written into the page: markup as it is, text on one printable line."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return printable(value)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("aidledger.render.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class Said:
    """One finding in words: its severity, whom it is about, what it says, what to do."""

    severity: str
    about: str
    text: str
    step: str


@dataclass(frozen=True)
class Pattern:
    warning_id: str
    title: str
    said: tuple[Said, ...]


def _said(finding: Finding, voice: Voice) -> Said:
    text, step = words(finding, voice)
    about = ", ".join(finding.members) if finding.members else "the team"
    return Said(finding.severity, about, text, step)


def _patterns(findings: Sequence[Finding]) -> tuple[tuple[Pattern, ...], tuple[str, ...]]:
    """The judged warnings by pattern, as `render.report` groups them; then the notes."""
    grouped, skipped = by_pattern(findings)
    patterns = tuple(
        Pattern(warning_id, TITLES[warning_id], tuple(_said(f, Voice()) for f in found))
        for warning_id, found in grouped.items()
    )
    return patterns, tuple(words(finding)[0] for finding in skipped)


@dataclass(frozen=True)
class AgendaView:
    """The open requests and the next meeting's items, in the agenda's own words."""

    needs: tuple[tuple[str, str, str], ...]
    since: str
    time: str
    items: tuple[tuple[str, int], ...]
    left: tuple[str, ...]


def _agenda_view(agenda: Agenda) -> AgendaView:
    needs: list[Need] = [*agenda.needs, *(i for i in agenda.left if isinstance(i, Need))]
    return AgendaView(
        needs=tuple((need.request.title, need_facts(need), need_state(need)) for need in needs),
        since=since_line(agenda),
        time=time_line(agenda),
        items=tuple((item_title(item), item.minutes) for item in agenda.kept),
        left=tuple(item_title(item) for item in agenda.left),
    )


def render_report_html(report: TeamReport, agenda: Agenda | None = None) -> str:
    """The team's page: summary, charts with their readings, warnings, thanks, agenda."""
    patterns, not_judged = _patterns(report.findings)
    charts = (
        months_chart(report),
        participation_chart(report),
        people_chart(report),
        lorenz_chart(report),
        network_chart(report),
        heat_map_chart(report),
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        csp=CONTENT_SECURITY_POLICY,
        title=f"{team_name(report)}: mutual aid as of {report.as_of}",
        summary=[pair for pair in summary_pairs(report) if pair[0] not in DRAWN_ROWS],
        charts=charts,
        patterns=patterns,
        not_judged=not_judged,
        no_warning=no_warning_line(report, len(not_judged)) if not patterns else None,
        thanks=[_thanks(row) for row in report.thanks],
        agenda=_agenda_view(agenda) if agenda is not None else None,
        anonymized=report.team is None,
    )


def _thanks(row: ThanksRow) -> dict[str, str | None]:
    on = f" with {row.topic}" if row.topic is not None else ""
    return {
        "line": (
            f"{row.date}: {row.helper} helped {', '.join(row.helped)}{on} "
            f"({row.mode}, {format_minutes(row.minutes)}, rated {row.useful}/5)"
        ),
        "note": row.note,
    }


def render_statement_html(statement: Statement, voice: Voice | None = None) -> str:
    """One person's page: the statement's lines, their months, modes, partners, ratings."""
    voice = voice or Voice()
    who = f"{statement.name} ({statement.handle})" if statement.name else statement.handle
    findings = tuple(_personal(finding, voice) for finding in statement.findings)
    you = voice.you == statement.handle
    template = _environment().get_template("statement.html.j2")
    return template.render(
        csp=CONTENT_SECURITY_POLICY,
        title=f"{who}, {statement.team}: statement as of {statement.as_of}",
        summary=summary_lines(statement, voice),
        charts=statement_charts(statement),
        findings=findings,
        warnings_heading="What needs your attention" if you else "Warnings that concern them",
        no_warning="No warning concerns you." if you else "No warning concerns them.",
        notes=_notes(statement),
    )


def _personal(finding: Finding, voice: Voice) -> Said:
    said = _said(finding, voice)
    return Said(PERSONAL_SEVERITY[finding.severity], said.about, said.text, said.step)


def _notes(statement: Statement) -> list[dict[str, str]]:
    """The notes written with the confirmations that concern the person, as the statement's."""
    return [
        {"heading": note_heading(exchange, given), "note": note}
        for exchange, given, note in noted_thanks(statement)
    ]
