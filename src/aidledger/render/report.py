"""The team report as a terminal page, JSON, or a Markdown page with a Mermaid graph."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.findings import Finding
from aidledger.engine.report import Edge, MemberRow, TeamReport
from aidledger.model.values import format_minutes, plural, signed_minutes
from aidledger.render.exchanges import exchange_document
from aidledger.render.findings import finding_document, finding_lines
from aidledger.render.graph import render_mermaid
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.terminal import minutes_value, period_text, rounded, to_text

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


def split_findings(
    findings: Sequence[Finding],
) -> tuple[dict[str, list[Finding]], list[Finding], list[Finding]]:
    """Findings about one person (by person), about the team, and the skipped-check notes."""
    personal: dict[str, list[Finding]] = defaultdict(list)
    team: list[Finding] = []
    skipped: list[Finding] = []
    for finding in findings:
        if finding.id == "insufficient-data":
            skipped.append(finding)
        elif finding.scope == "member" and len(finding.members) == 1:
            personal[finding.members[0]].append(finding)
        else:
            team.append(finding)
    return dict(sorted(personal.items())), team, skipped


def summary_pairs(report: TeamReport) -> list[tuple[str, str]]:
    months = [row.minutes for row in report.months]
    span = f" ({report.months[0].month} to {report.months[-1].month})" if report.months else ""
    favourable = report.favourable_share
    return [
        ("period", period_text(report.window)),
        ("exchanges", str(report.exchanges)),
        ("help given", format_minutes(report.total_minutes)),
        (
            "members who gave",
            f"{report.givers} of {report.active_members} ({_share(report.participation)})",
        ),
        ("Gini of giving", _ratio(report.gini)),
        ("effective helpers", _ratio(report.effective_helpers, 1)),
        ("pair reciprocity", _ratio(report.reciprocity)),
        ("favourable balance", _share(favourable) + " of members"),
        ("help per month", sparkline(months) + span),
        ("givers per month", _participation_trend(report)),
    ]


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
    return f"{line} ({_share(known[0])} at first, {_share(known[-1])} in the last month)"


def _people_table(report: TeamReport) -> Table:
    top = max((max(row.given_minutes, row.received_minutes) for row in report.members), default=0)
    table = Table(title="People", title_justify="left", box=None, pad_edge=False)
    table.add_column("member")
    table.add_column("given", justify="right")
    table.add_column("", style="green", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column("received", justify="right")
    table.add_column("", style="blue", no_wrap=True, min_width=BAR_WIDTH)
    for header in ("net", "partners", "taught", "useful"):
        table.add_column(header, justify="right")
    for row in report.members:
        table.add_row(
            row.handle + ("" if row.active else " (left)"),
            format_minutes(row.given_minutes),
            bar(row.given_minutes, top),
            format_minutes(row.received_minutes),
            bar(row.received_minutes, top),
            signed_minutes(row.net_minutes),
            str(row.partners),
            _share(row.taught_share),
            _ratio(row.mean_useful, 1) if row.mean_useful is not None else "",
        )
    return table


def _warnings_block(report: TeamReport) -> RenderableType:
    personal, team, skipped = split_findings(report.findings)
    if not personal and not team:
        lines: list[RenderableType] = [
            Text("No warnings: help flows both ways and is shared.", style="green")
        ]
    else:
        lines = [Text("Warnings", style="bold")]
    for handle, findings in personal.items():
        lines.append(Text(f"  {handle}", style="bold"))
        for finding in findings:
            lines += finding_lines(finding, 4)
    if team:
        lines.append(Text("  the team", style="bold"))
        for finding in team:
            lines += finding_lines(finding, 4)
    if skipped:
        lines.append(Text("Not judged yet, for lack of data", style="bold"))
        lines += [Padding(Text(finding.message, style="dim"), (0, 0, 0, 2)) for finding in skipped]
    return Group(*lines)


def _thanks_block(report: TeamReport) -> RenderableType:
    if not report.thanks:
        return Text("")
    lines: list[RenderableType] = [Text("Thanks: the most useful help lately", style="bold")]
    for exchange in report.thanks:
        useful = exchange.confirmation.useful if exchange.confirmation else None
        text = Text(
            f"{exchange.date}  {exchange.helper} → {', '.join(exchange.helped)}: "
            f"{exchange.topic} ({exchange.mode}, {format_minutes(exchange.minutes)}, "
            f"rated {useful}/5)"
        )
        lines.append(Padding(text, (0, 0, 0, 2)))
    return Group(*lines)


def render_text(report: TeamReport, *, width: int = 100, color: bool = False) -> str:
    summary = Table(box=None, show_header=False, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in summary_pairs(report):
        summary.add_row(label, value)
    return to_text(
        Text(f"{report.team}: mutual aid as of {report.as_of}", style="bold underline"),
        summary,
        Text(""),
        _people_table(report),
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
        "taught_share": rounded(row.taught_share),
        "mean_useful": rounded(row.mean_useful),
        "ratings": row.ratings,
        "favourable": row.favourable,
    }


def report_document(report: TeamReport) -> dict[str, Any]:
    """The stable JSON shape of `aidledger report --format json`."""
    return {
        "team": report.team,
        "as_of": report.as_of.isoformat(),
        "since": report.window.since.isoformat() if report.window.since else None,
        "until": report.window.until.isoformat() if report.window.until else None,
        "unit": "minutes",
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
        "members": [_member_document(row) for row in report.members],
        "months": [
            {
                "month": row.month,
                "minutes": minutes_value(row.minutes),
                "exchanges": row.exchanges,
                "givers": row.givers,
                "active": row.active,
                "participation": rounded(row.participation),
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
        "thanks": [exchange_document(exchange) for exchange in report.thanks],
        "warnings": [finding_document(finding) for finding in report.findings],
    }


def render_json(report: TeamReport) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"


def _markdown_findings(report: TeamReport) -> list[str]:
    personal, team, skipped = split_findings(report.findings)
    icon = {"fail": "🔴 fail", "warn": "🟠 warn", "info": "ℹ️ info"}
    lines = ["## Warnings", ""]
    if not personal and not team:
        lines += ["No warnings: help flows both ways and is shared.", ""]
    for heading, findings in [*personal.items(), *([("the team", team)] if team else [])]:
        lines += [f"### {heading}", ""]
        for finding in findings:
            lines.append(f"- **{icon[finding.severity]}** `{finding.id}`: {finding.message}")
            lines.append(f"  *Next step:* {finding.suggestion}")
        lines.append("")
    if skipped:
        lines += ["<details><summary>Not judged yet, for lack of data</summary>", ""]
        lines += [f"- {finding.message}" for finding in skipped]
        lines += ["", "</details>", ""]
    return lines


def render_markdown(report: TeamReport) -> str:
    """A page for a pull request, a wiki or a CI summary; GitHub draws the Mermaid graph."""
    lines = [f"# {report.team}: mutual aid as of {report.as_of}", ""]
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
    headers = ("member", "given", "received", "net", "partners", "taught", "useful")
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
        for exchange in report.thanks:
            useful = exchange.confirmation.useful if exchange.confirmation else None
            lines.append(
                f"- {exchange.date}: **{exchange.helper}** helped {', '.join(exchange.helped)} "
                f"with *{cell(exchange.topic)}* ({exchange.mode}, "
                f"{format_minutes(exchange.minutes)}, rated {useful}/5)"
            )
        lines.append("")
    return "\n".join(lines)
