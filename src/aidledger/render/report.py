"""The team report as a terminal page, JSON, or a Markdown page with a Mermaid graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.findings import Finding
from aidledger.engine.report import (
    Edge,
    MeetingCadence,
    MemberRow,
    MonthRow,
    TeamReport,
    ThanksRow,
)
from aidledger.engine.window import Window
from aidledger.model.values import format_minutes, plural, signed_minutes
from aidledger.render.findings import (
    TITLES,
    finding_document,
    finding_lines,
    markdown_words,
    message,
)
from aidledger.render.graph import render_mermaid
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, period_text, plain, rounded, to_text
from aidledger.render.text import printable

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 14


def sparkline(values: Sequence[float], top: float | None = None) -> str:
    """One character per value, from ▁ (none) to █ (`top`, by default the largest)."""
    top = max(values, default=0) if top is None else top
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(7, round(value / top * 7))] for value in values)


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    if top <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(value / top * width))


def _ratio(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def team_name(report: TeamReport) -> str:
    """The team's name, or "The team" in an anonymized report, which leaves it out."""
    return report.team if report.team is not None else "The team"


def evaluation_line(as_of: object, evaluated: Window, period: Window) -> str:
    """The one line every page gives on what its period does to the warnings."""
    text = (
        f"as of {as_of}, each over its own period (the charter's window is "
        f"{period_text(evaluated)})"
    )
    if period != evaluated:
        text += "; the period above narrows the tables, not the warnings"
    return text


def _month_pace(row: MonthRow) -> float:
    """A month's minutes, a partial month's scaled to its full length so it reads at its pace."""
    return row.minutes * row.days_in_month / row.days if row.partial else row.minutes


def _partial_note(report: TeamReport) -> str:
    partial = [row for row in report.months if row.partial]
    if not partial:
        return ""
    described = ", ".join(
        f"{row.month} ({row.days} of {row.days_in_month} days)" for row in partial
    )
    return f"; partial, drawn at their pace: {described}"


# The levels at which a summary figure reads low, middle or high. Participation's and
# the floor of effective helpers are the defaults of the warnings low-participation and
# shallow-pool, so that the words and the warnings agree; docs/reports.md lists them all.
GINI_HIGH = 0.5
GINI_MODERATE = 0.3
RECIPROCITY_LOW = 0.2
RECIPROCITY_HIGH = 0.5
PARTICIPATION_LOW = 0.5
PARTICIPATION_FAIR = 2 / 3
FAVOURABLE_LOW = 0.5
FAVOURABLE_FAIR = 0.8
HELPERS_FLOOR = 2.0


def _band(value: float, below: tuple[tuple[float, str], ...], otherwise: str) -> str:
    """The words of the first level `value` is below, in rising order; else `otherwise`."""
    return next((words for level, words in below if value < level), otherwise)


def gini_words(gini: float) -> str:
    return _band(
        gini,
        (
            (GINI_MODERATE, "low: giving is evenly spread"),
            (GINI_HIGH, "moderate: some give much more than others"),
        ),
        "high: a few people give most",
    )


def helpers_words(helpers: float, team_size: int) -> str:
    """Against the team's size: below max(2, n/3) is shallow-pool's warning level."""
    return _band(
        helpers,
        (
            (max(HELPERS_FLOOR, team_size / 3), "low: a few people carry the giving"),
            (team_size / 2, "fair: the giving rests on part of the team"),
        ),
        "good: giving is widely shared",
    )


def reciprocity_words(reciprocity: float) -> str:
    return _band(
        reciprocity,
        (
            (RECIPROCITY_LOW, "low: help rarely goes back"),
            (RECIPROCITY_HIGH, "moderate: some help goes back"),
        ),
        "high: help mostly goes both ways",
    )


def participation_words(participation: float) -> str:
    return _band(
        participation,
        (
            (PARTICIPATION_LOW, "low: a minority gives"),
            (PARTICIPATION_FAIR, "fair: about half gives"),
        ),
        "good: most members give",
    )


def favourable_words(favourable: float) -> str:
    return _band(
        favourable,
        (
            (FAVOURABLE_LOW, "low: many give far more than they get"),
            (FAVOURABLE_FAIR, "fair: some give far more than they get"),
        ),
        "good: most get help back",
    )


def _graded(shown: str, value: float | None, grade: Callable[[float], str]) -> str:
    """A figure with what it means, `0.60, high: a few people give most`; n/a alone."""
    return shown if value is None else f"{shown}, {grade(value)}"


def summary_pairs(report: TeamReport) -> list[tuple[str, str]]:
    months = [_month_pace(row) for row in report.months]
    span = (
        f" ({report.months[0].month} to {report.months[-1].month}{_partial_note(report)})"
        if report.months
        else ""
    )
    favourable = report.favourable_share
    return [
        ("period", period_text(report.window)),
        ("warnings", evaluation_line(report.as_of, report.evaluated, report.window)),
        ("exchanges", str(report.exchanges)),
        ("help given", format_minutes(report.total_minutes) + " (person-minutes)"),
        (
            "members who gave",
            _graded(
                f"{report.givers} of {report.active_members} ({_share(report.participation)})",
                report.participation,
                participation_words,
            ),
        ),
        ("Gini of giving", _graded(_ratio(report.gini), report.gini, gini_words)),
        (
            "effective helpers",
            _graded(
                _ratio(report.effective_helpers, 1),
                report.effective_helpers,
                lambda helpers: helpers_words(helpers, report.active_members),
            ),
        ),
        (
            "pair reciprocity",
            _graded(_ratio(report.reciprocity), report.reciprocity, reciprocity_words),
        ),
        (
            "favourable balance",
            _graded(
                "n/a" if favourable is None else f"{_share(favourable)} of members",
                favourable,
                favourable_words,
            ),
        ),
        ("help per month", sparkline(months) + span),
        ("givers per month", _participation_trend(report)),
        *_meeting_pair(report.meeting),
    ]


def _meeting_pair(cadence: MeetingCadence | None) -> list[tuple[str, str]]:
    """`exchange meeting`: the last one, and the cadence the charter promises, kept or not."""
    if cadence is None:
        return []
    promise = f"promised every {plural(cadence.every_days, 'day')}"
    if cadence.last is None or cadence.days_since is None:
        return [("exchange meeting", f"none recorded yet, {promise}")]
    days = cadence.days_since
    ago = "today" if days == 0 else f"{plural(days, 'day')} ago"
    kept = "kept" if cadence.kept else "overdue"
    return [("exchange meeting", f"last on {cadence.last}, {ago}; {promise}: {kept}")]


def _meeting_document(cadence: MeetingCadence | None) -> dict[str, Any] | None:
    if cadence is None:
        return None
    return {
        "last": cadence.last.isoformat() if cadence.last else None,
        "every_days": cadence.every_days,
        "days_since": cadence.days_since,
        "kept": cadence.kept,
    }


MAX_DRAWN_FLOWS = 16
MIN_DRAWN_SHARE = 0.05


def main_flows(edges: Sequence[Edge]) -> list[Edge]:
    """The flows worth drawing in a page: the largest, up to a count, none under 5% of the top."""
    heaviest = max((edge.minutes for edge in edges), default=0)
    kept = [edge for edge in edges if edge.minutes >= MIN_DRAWN_SHARE * heaviest]
    return sorted(kept, key=lambda edge: -edge.minutes)[:MAX_DRAWN_FLOWS]


def _participation_trend(report: TeamReport) -> str:
    """The share of active members who gave, month by month, as a sparkline and figures."""
    shares = [row.participation for row in report.months]
    known = [share for share in shares if share is not None]
    if not known:
        return "n/a"
    line = sparkline([share or 0.0 for share in shares], top=1.0)
    last = "in the last month, partial" if report.months[-1].partial else "in the last month"
    return f"{line} ({_share(known[0])} at first, {_share(known[-1])} {last})"


# The numeric columns of the People table; the long header wraps on two lines when the
# table would otherwise be too narrow for full-length bars.
_PEOPLE_HEADERS = ("net", "partners", "taught or paired", "useful")
_PEOPLE_HEADERS_NARROW = ("net", "partners", "taught or\npaired", "useful")
MIN_BAR_WIDTH = 4
_COLUMN_GAP = 2


def _cells_width(*cells: str) -> int:
    """The columns a table column needs for these cells, each line of a header counted apart."""
    return max((cell_len(line) for text in cells for line in text.split("\n")), default=0)


def _bar_width(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> int:
    """What is left for each of the two bars once the text columns and the gaps are laid out."""
    columns = zip(("member", "given", "received", *headers), *rows, strict=True)
    text_width = sum(_cells_width(*column) for column in columns)
    spare = width - text_width - _COLUMN_GAP * (len(headers) + 4)
    return max(MIN_BAR_WIDTH, min(BAR_WIDTH, spare // 2))


def _people_layout(rows: Sequence[Sequence[str]], width: int) -> tuple[tuple[str, ...], int]:
    """The headers and bar width: one-line headers if the bars keep their full width."""
    bar_width = _bar_width(_PEOPLE_HEADERS, rows, width)
    if bar_width == BAR_WIDTH:
        return _PEOPLE_HEADERS, bar_width
    return _PEOPLE_HEADERS_NARROW, _bar_width(_PEOPLE_HEADERS_NARROW, rows, width)


def _people_table(report: TeamReport, width: int = 100) -> Table:
    """Members with bars for giving and receiving, shortened so that no header or figure is cut."""
    top = max((max(row.given_minutes, row.received_minutes) for row in report.members), default=0)
    rows = [
        (
            printable(row.handle + ("" if row.active else " (left)")),
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            str(row.partners),
            _share(row.taught_share),
            _ratio(row.mean_useful, 1) if row.mean_useful is not None else "",
        )
        for row in report.members
    ]
    headers, bar_width = _people_layout(rows, width)
    table = Table(title="People", title_justify="left", box=None, pad_edge=False)
    table.add_column("member", no_wrap=True)
    table.add_column("given", justify="right", no_wrap=True)
    table.add_column("", style="green", no_wrap=True, min_width=bar_width)
    table.add_column("received", justify="right", no_wrap=True)
    table.add_column("", style="blue", no_wrap=True, min_width=bar_width)
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)
    for row, (handle, given, received, *figures) in zip(report.members, rows, strict=True):
        table.add_row(
            plain(handle),
            given,
            bar(row.given_minutes, top, bar_width),
            received,
            bar(row.received_minutes, top, bar_width),
            *figures,
        )
    return table


def by_pattern(
    findings: Sequence[Finding],
) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """Judged findings grouped by warning id, in catalogue order of severity; then the notes."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    skipped: list[Finding] = []
    for finding in findings:
        if finding.judged:
            grouped[finding.id].append(finding)
        else:
            skipped.append(finding)
    return dict(grouped), skipped


def _about(finding: Finding) -> str:
    return ", ".join(finding.members) if finding.members else "the team"


def no_warning_line(report: TeamReport, not_judged: int) -> str:
    """What a page says when no warning is raised: only as much as was judged."""
    if report.exchanges == 0 and report.window == report.evaluated:
        return "No warning: too little data to judge yet (no exchange in the period)."
    if not_judged:
        checks = plural(not_judged, "check")
        return (
            "No warning from the checks that could judge; "
            f"{checks} could not judge yet, for lack of data (below)."
        )
    return "No warnings: help flows both ways and is shared."


def _warnings_block(report: TeamReport) -> RenderableType:
    grouped, skipped = by_pattern(report.findings)
    if not grouped:
        style = "" if skipped or report.exchanges == 0 else "green"
        lines: list[RenderableType] = [Text(no_warning_line(report, len(skipped)), style=style)]
    else:
        lines = [Text("Warnings, by pattern", style="bold")]
    for warning_id, findings in grouped.items():
        heading = Text("  ")
        heading.append(warning_id, style="bold")
        heading.append(f": {TITLES[warning_id]}")
        lines.append(heading)
        for finding in findings:
            lines.append(Padding(plain(_about(finding), style="bold"), (0, 0, 0, 4)))
            lines += finding_lines(finding, 6)
    if skipped:
        lines += [Text(""), Text("Not judged yet, for lack of data", style="bold")]
        lines += [
            Padding(plain(message(finding), style="dim"), (0, 0, 0, 2)) for finding in skipped
        ]
    return Group(*lines)


def _thanks_text(row: ThanksRow) -> str:
    on = f": {row.topic}" if row.topic is not None else ""
    return (
        f"{row.date}  {row.helper} → {', '.join(row.helped)}{on} ({row.mode}, "
        f"{format_minutes(row.minutes)}, rated {row.useful}/5)"
    )


def _thanks_block(report: TeamReport) -> RenderableType:
    if not report.thanks:
        return Text("")
    lines: list[RenderableType] = [Text("Thanks: the most useful help lately", style="bold")]
    for row in report.thanks:
        lines.append(Padding(plain(_thanks_text(row)), (0, 0, 0, 2)))
        if row.note is not None:
            lines.append(Padding(plain(f"“{row.note}”", style="italic"), (0, 0, 0, 4)))
    return Group(*lines)


def render_text(report: TeamReport, *, width: int = 100, color: bool = False) -> str:
    summary = Table(box=None, show_header=False, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in summary_pairs(report):
        summary.add_row(label, value)
    return to_text(
        plain(f"{team_name(report)}: mutual aid as of {report.as_of}", style="bold underline"),
        summary,
        Text(""),
        _people_table(report, width),
        Text(""),
        _warnings_block(report),
        Text(""),
        _thanks_block(report),
        width=width,
        color=color,
    )


def _member_document(row: MemberRow) -> dict[str, Any]:
    return {
        "handle": row.handle,
        "active": row.active,
        "given_minutes": minutes_value(row.given_minutes),
        "received_minutes": minutes_value(row.received_minutes),
        "net_minutes": minutes_value(row.net_minutes),
        "given_count": row.given_count,
        "received_count": row.received_count,
        "partners": row.partners,
        "taught_or_paired_share": rounded(row.taught_share),
        "mean_useful": rounded(row.mean_useful),
        "ratings": row.ratings,
        "favourable": row.favourable,
    }


def _thanks_document(row: ThanksRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "helper": row.helper,
        "helped": list(row.helped),
        "minutes": row.minutes,
        "mode": row.mode,
        "topic": row.topic,
        "useful": row.useful,
        "note": row.note,
    }


def window_document(window: Window) -> dict[str, str | None]:
    return {
        "since": window.since.isoformat() if window.since else None,
        "until": window.until.isoformat() if window.until else None,
    }


def report_document(report: TeamReport) -> dict[str, Any]:
    """The stable JSON shape of `aidledger report --format json`."""
    return {
        "team": report.team,
        "as_of": report.as_of.isoformat(),
        **window_document(report.window),
        "warnings_window": window_document(report.evaluated),
        "unit": "person-minutes",
        "summary": {
            "exchanges": report.exchanges,
            "total_minutes": minutes_value(report.total_minutes),
            "active_members": report.active_members,
            "givers": report.givers,
            "participation": rounded(report.participation),
            "gini": rounded(report.gini),
            "reciprocity": rounded(report.reciprocity),
            "effective_helpers": rounded(report.effective_helpers),
            "favourable_share": rounded(report.favourable_share),
        },
        "meeting": _meeting_document(report.meeting),
        "members": [_member_document(row) for row in report.members],
        "months": [
            {
                "month": row.month,
                "minutes": minutes_value(row.minutes),
                "exchanges": row.exchanges,
                "givers": row.givers,
                "active": row.active,
                "participation": rounded(row.participation),
                "days": row.days,
                "partial": row.partial,
                "modes": {mode: minutes_value(minutes) for mode, minutes in row.modes.items()},
            }
            for row in report.months
        ],
        "edges": [
            {
                "helper": edge.helper,
                "helped": edge.helped,
                "minutes": minutes_value(edge.minutes),
                "count": edge.count,
            }
            for edge in report.edges
        ],
        "thanks": [_thanks_document(row) for row in report.thanks],
        "warnings": [finding_document(finding) for finding in report.findings],
    }


def render_json(report: TeamReport) -> str:
    return json_text(report_document(report))


def _markdown_findings(report: TeamReport) -> list[str]:
    grouped, skipped = by_pattern(report.findings)
    icon = {"fail": "🔴 fail", "warn": "🟠 warn", "info": "ℹ️ info"}
    lines = ["## Warnings", ""]
    if not grouped:
        lines += [no_warning_line(report, len(skipped)), ""]
    for warning_id, findings in grouped.items():
        lines += [f"### `{warning_id}`: {TITLES[warning_id]}", ""]
        for finding in findings:
            text, step = markdown_words(finding)
            lines.append(f"- **{icon[finding.severity]}**, {cell(_about(finding))}: {text}")
            lines.append(f"  *Next step:* {step}")
        lines.append("")
    if skipped:
        lines += ["<details><summary>Not judged yet, for lack of data</summary>", ""]
        lines += [f"- {cell(message(finding))}" for finding in skipped]
        lines += ["", "</details>", ""]
    return lines


def render_markdown(report: TeamReport) -> str:
    """A page for a pull request, a wiki or a CI summary; GitHub draws the Mermaid graph."""
    lines = [f"# {cell(team_name(report))}: mutual aid as of {report.as_of}", ""]
    lines += markdown_table(("", ""), summary_pairs(report))
    lines += ["", "## People", ""]
    people = (
        (
            row.handle + ("" if row.active else " (left)"),
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            row.partners,
            _share(row.taught_share),
            _ratio(row.mean_useful, 1) if row.mean_useful is not None else "",
        )
        for row in report.members
    )
    headers = ("member", "given", "received", "net", "partners", "taught or paired", "useful")
    lines += markdown_table(headers, people, right=range(1, 7))
    shown = main_flows(report.edges)
    lines += ["", "## Who helps whom", "", "```mermaid"]
    lines += render_mermaid(shown).rstrip("\n").split("\n")
    lines += ["```", ""]
    if len(shown) < len(report.edges):
        lines += [
            f"The {len(shown)} largest flows of help are drawn; "
            f"{plural(len(report.edges) - len(shown), 'smaller flow')} are left out "
            "(`aidledger graph` draws them all).",
            "",
        ]
    lines += _markdown_findings(report)
    if report.thanks:
        lines += ["## Thanks", ""]
        for row in report.thanks:
            on = f" with *{cell(row.topic)}*" if row.topic is not None else ""
            lines.append(
                f"- {row.date}: **{row.helper}** helped {', '.join(row.helped)}{on} "
                f"({row.mode}, {format_minutes(row.minutes)}, rated {row.useful}/5)"
            )
            if row.note is not None:
                lines.append(f"  > {cell(row.note)}")
        lines.append("")
    return "\n".join(lines)
