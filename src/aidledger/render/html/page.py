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

from aidledger import i18n
from aidledger.engine.agenda import Agenda, Need
from aidledger.engine.findings import Finding
from aidledger.engine.report import Statement, TeamReport, ThanksRow
from aidledger.i18n import _, format_day, format_number
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
from aidledger.render.text import mode_label, printable, severity_label

# The page asks for nothing: no script, no font, no image from anywhere; inline styles and
# the SVG in the page are all it has.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _printable(value: Any) -> Any:
    """Every value written into the page: markup as it is, text on one printable line."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return printable(value)


@cache
def _environment() -> jinja2.Environment:
    """The page's templates; their sentences are in the language being spoken when a page
    is rendered (`_()` in a template reads it then). Values given to a template's `_()` do
    not pass through `finalize`: they are made printable before they reach the template."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("aidledger.render.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        i18n._, i18n.ngettext, newstyle=True
    )
    return environment


def _render(name: str, **values: Any) -> str:
    """A template rendered in the language being spoken: `lang` is its code."""
    template = _environment().get_template(name)
    return template.render(lang=i18n.active().code, **values)


def _severity_label(severity: str) -> str:
    """A finding's severity as the team page shows it (its class keeps the English id)."""
    labels = {
        "fail": severity_label("fail"),
        "warn": severity_label("warn"),
        "info": severity_label("info"),
    }
    return labels.get(severity, severity)


@dataclass(frozen=True)
class Said:
    """One finding in words: its severity, whom it is about, what it says, what to do;
    `label` is the severity in words, every text printable."""

    severity: str
    label: str
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
    # Translators: whom a warning is about, when it is about no one in particular.
    about = ", ".join(finding.members) if finding.members else _("the team")
    return Said(
        finding.severity,
        _severity_label(finding.severity),
        printable(about),
        printable(text),
        printable(step),
    )


def _patterns(findings: Sequence[Finding]) -> tuple[tuple[Pattern, ...], tuple[str, ...]]:
    """The judged warnings by pattern, as `render.report` groups them; then the notes."""
    grouped, skipped = by_pattern(findings)
    patterns = tuple(
        Pattern(
            printable(warning_id),
            printable(_(TITLES[warning_id])),
            tuple(_said(f, Voice()) for f in found),
        )
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
        needs=tuple(
            (
                printable(need.request.title),
                printable(need_facts(need)),
                printable(need_state(need)),
            )
            for need in needs
        ),
        since=since_line(agenda),
        time=time_line(agenda),
        items=tuple((printable(item_title(item)), item.minutes) for item in agenda.kept),
        left=tuple(printable(item_title(item)) for item in agenda.left),
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
    return _render(
        "report.html.j2",
        csp=CONTENT_SECURITY_POLICY,
        # Translators: the title of the team's page; {team} is the team's name, {day} a date.
        title=_("{team}: mutual aid as of {day}").format(
            team=team_name(report), day=format_day(report.as_of)
        ),
        # The summary's sparklines stand for charts this page draws in full: left out.
        summary=summary_pairs(report, drawn=False),
        charts=charts,
        patterns=patterns,
        not_judged=not_judged,
        no_warning=no_warning_line(report, len(not_judged)) if not patterns else None,
        thanks=[_thanks(row) for row in report.thanks],
        agenda=_agenda_view(agenda) if agenda is not None else None,
        anonymized=report.team is None,
    )


def _thanks(row: ThanksRow) -> dict[str, str | None]:
    facts = {
        "day": format_day(row.date),
        "helper": row.helper,
        "helped": ", ".join(row.helped),
        "mode": mode_label(row.mode),
        "minutes": format_minutes(row.minutes),
        "useful": format_number(row.useful),
    }
    if row.topic is None:
        # Translators: an exchange rated useful: {helped} lists the people helped, {mode} is a
        # mode of help ("taught"), {minutes} a duration, {useful} the rating out of 5.
        line = _("{day}: {helper} helped {helped} ({mode}, {minutes}, rated {useful}/5)")
    else:
        # Translators: an exchange rated useful: {helped} lists the people helped, {topic} is
        # what the help was about, {mode} a mode of help ("taught"), {minutes} a duration,
        # {useful} the rating out of 5.
        line = _(
            "{day}: {helper} helped {helped} with {topic} ({mode}, {minutes}, rated {useful}/5)"
        )
    return {"line": line.format(topic=row.topic, **facts), "note": row.note}


def render_statement_html(statement: Statement, voice: Voice | None = None) -> str:
    """One person's page: the statement's lines, their months, modes, partners, ratings."""
    voice = voice or Voice()
    who = f"{statement.name} ({statement.handle})" if statement.name else statement.handle
    findings = tuple(_personal(finding, voice) for finding in statement.findings)
    you = voice.you == statement.handle
    return _render(
        "statement.html.j2",
        csp=CONTENT_SECURITY_POLICY,
        # Translators: the title of a person's page: {who} is their name and handle, {team}
        # the team's name, {day} a date.
        title=_("{who}, {team}: statement as of {day}").format(
            who=who, team=statement.team, day=format_day(statement.as_of)
        ),
        summary=summary_lines(statement, voice),
        charts=statement_charts(statement),
        findings=findings,
        warnings_heading=(
            _("What needs your attention") if you else _("Warnings that concern them")
        ),
        no_warning=_("No warning concerns you.") if you else _("No warning concerns them."),
        notes=_notes(statement),
    )


def _personal(finding: Finding, voice: Voice) -> Said:
    said = _said(finding, voice)
    label = printable(_(PERSONAL_SEVERITY[finding.severity]))
    return Said(said.severity, label, said.about, said.text, said.step)


def _notes(statement: Statement) -> list[dict[str, str]]:
    """The notes written with the confirmations that concern the person, as the statement's."""
    return [
        {"heading": note_heading(exchange, given), "note": note}
        for exchange, given, note in noted_thanks(statement)
    ]
