"""The team report as a terminal page, JSON, or a Markdown page with a Mermaid graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
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
from aidledger.i18n import (
    _,
    format_day,
    format_month,
    format_number,
    format_percent,
    format_short_day,
    ngettext,
    pgettext,
)
from aidledger.model.values import format_minutes, signed_minutes
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
from aidledger.render.text import mode_label, printable, severity_label

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


def _not_available() -> str:
    # Translators: a figure that cannot be computed (no data), in a table cell.
    return _("n/a")


def _ratio(value: float | None, digits: int = 2) -> str:
    return _not_available() if value is None else format_number(value, digits)


def _share(value: float | None) -> str:
    return _not_available() if value is None else format_percent(value)


def _month(label: str) -> date:
    """The first day of the month a `YYYY-MM` label names."""
    return date.fromisoformat(f"{label}-01")


def team_name(report: TeamReport) -> str:
    """The team's name, or "The team" in an anonymized report, which leaves it out."""
    return report.team if report.team is not None else _("The team")


def evaluation_line(as_of: date, evaluated: Window, period: Window) -> str:
    """The one line every page gives on what its period does to the warnings."""
    if period != evaluated:
        # Translators: how the warnings of a page are computed; {window} is a period such
        # as "2026-08-02 to 2026-10-30", and "the period above" the one the page shows.
        text = _(
            "as of {day}, each over its own period (the charter's window is {window}); "
            "the period above narrows the tables, not the warnings"
        )
    else:
        # Translators: how the warnings of a page are computed; {window} is a period such
        # as "2026-08-02 to 2026-10-30".
        text = _("as of {day}, each over its own period (the charter's window is {window})")
    return text.format(day=format_day(as_of), window=period_text(evaluated))


def _month_pace(row: MonthRow) -> float:
    """A month's minutes, a partial month's scaled to its full length so it reads at its pace."""
    return row.minutes * row.days_in_month / row.days if row.partial else row.minutes


def _help_per_month(report: TeamReport) -> str:
    """The sparkline of help per month, with the months it spans and those it scales."""
    line = sparkline([_month_pace(row) for row in report.months])
    if not report.months:
        return line
    first = format_month(_month(report.months[0].month))
    last = format_month(_month(report.months[-1].month))
    # Translators: the months a small chart spans, "2026-05 to 2026-10" (French: "mai 2026
    # – octobre 2026", which needs no "de" before a month).
    span = first if first == last else pgettext("months", "{first} to {last}")
    span = span.format(first=first, last=last)
    partial = [row for row in report.months if row.partial]
    if not partial:
        # Translators: {sparkline} is a small chart of the help per month, {span} the
        # months it spans.
        return _("{sparkline} ({span})").format(sparkline=line, span=span)
    described = ", ".join(
        # Translators: a month only partly inside the period: {days} of its {total} days.
        ngettext(
            "{month} ({days} of {total} days)", "{month} ({days} of {total} days)", row.days
        ).format(
            month=format_month(_month(row.month)),
            days=format_number(row.days),
            total=format_number(row.days_in_month),
        )
        for row in partial
    )
    # Translators: {sparkline} is a small chart of the help per month, {span} the months
    # it spans; {months} lists the months the period cuts, each drawn as if it were whole.
    return _("{sparkline} ({span}; partial, drawn at their pace: {months})").format(
        sparkline=line, span=span, months=described
    )


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
            (GINI_MODERATE, _("low: giving is evenly spread")),
            (GINI_HIGH, _("moderate: some give much more than others")),
        ),
        _("high: a few people give most"),
    )


def helpers_words(helpers: float, team_size: int) -> str:
    """Against the team's size: below max(2, n/3) is shallow-pool's warning level."""
    return _band(
        helpers,
        (
            (max(HELPERS_FLOOR, team_size / 3), _("low: a few people carry the giving")),
            (team_size / 2, _("fair: the giving rests on part of the team")),
        ),
        _("good: giving is widely shared"),
    )


def reciprocity_words(reciprocity: float) -> str:
    return _band(
        reciprocity,
        (
            (RECIPROCITY_LOW, _("low: help rarely goes back")),
            (RECIPROCITY_HIGH, _("moderate: some help goes back")),
        ),
        _("high: help mostly goes both ways"),
    )


def participation_words(participation: float) -> str:
    return _band(
        participation,
        (
            (PARTICIPATION_LOW, _("low: a minority gives")),
            (PARTICIPATION_FAIR, _("fair: about half gives")),
        ),
        _("good: most members give"),
    )


def favourable_words(favourable: float) -> str:
    return _band(
        favourable,
        (
            (FAVOURABLE_LOW, _("low: many give far more than they get")),
            (FAVOURABLE_FAIR, _("fair: some give far more than they get")),
        ),
        _("good: most get help back"),
    )


def _graded(shown: str, value: float | None, grade: Callable[[float], str]) -> str:
    """A figure with what it means, `0.60, high: a few people give most`; n/a alone."""
    return shown if value is None else f"{shown}, {grade(value)}"


def summary_pairs(report: TeamReport, *, drawn: bool = True) -> list[tuple[str, str]]:
    """The summary's rows as (label, value); without the rows drawn as sparklines (help
    and givers per month) when `drawn` is false, for a page that charts them instead."""
    favourable = report.favourable_share
    members_who_gave = _("{givers} of {members} ({share})").format(
        givers=format_number(report.givers),
        members=format_number(report.active_members),
        share=_share(report.participation),
    )
    favourable_text = (
        _not_available()
        if favourable is None
        # Translators: {share} is a percentage of the team's members.
        else _("{share} of members").format(share=_share(favourable))
    )
    pairs = [
        (pgettext("label", "period"), period_text(report.window)),
        (
            pgettext("label", "warnings"),
            evaluation_line(report.as_of, report.evaluated, report.window),
        ),
        (pgettext("label", "exchanges"), format_number(report.exchanges)),
        (
            pgettext("label", "help given"),
            # Translators: {duration} is the total help given, counted once per person helped.
            _("{duration} (person-minutes)").format(duration=format_minutes(report.total_minutes)),
        ),
        (
            pgettext("label", "members who gave"),
            _graded(members_who_gave, report.participation, participation_words),
        ),
        (
            pgettext("label", "Gini of giving"),
            _graded(_ratio(report.gini), report.gini, gini_words),
        ),
        (
            pgettext("label", "effective helpers"),
            _graded(
                _ratio(report.effective_helpers, 1),
                report.effective_helpers,
                lambda helpers: helpers_words(helpers, report.active_members),
            ),
        ),
        (
            pgettext("label", "pair reciprocity"),
            _graded(_ratio(report.reciprocity), report.reciprocity, reciprocity_words),
        ),
        (
            pgettext("label", "favourable balance"),
            _graded(favourable_text, favourable, favourable_words),
        ),
    ]
    if drawn:
        pairs += [
            (pgettext("label", "help per month"), _help_per_month(report)),
            (pgettext("label", "givers per month"), _participation_trend(report)),
        ]
    return [*pairs, *_meeting_pair(report.meeting)]


def _meeting_pair(cadence: MeetingCadence | None) -> list[tuple[str, str]]:
    """`exchange meeting`: the last one, and the cadence the charter promises, kept or not."""
    if cadence is None:
        return []
    label = pgettext("label", "exchange meeting")
    # Translators: the cadence of the team's exchange meetings that the charter promises.
    promise = ngettext(
        "promised every {count} day", "promised every {count} days", cadence.every_days
    ).format(count=cadence.every_days)
    if cadence.last is None or cadence.days_since is None:
        # Translators: no exchange meeting recorded yet; {promise} is "promised every 14 days".
        return [(label, _("none recorded yet, {promise}").format(promise=promise))]
    days = cadence.days_since
    ago = (
        _("today")
        if days == 0
        else ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    )
    # Translators: whether the promised cadence of meetings is kept.
    kept = pgettext("meeting", "kept") if cadence.kept else pgettext("meeting", "overdue")
    # Translators: the last exchange meeting: {day} its date, {ago} "8 days ago" or "today",
    # {promise} "promised every 14 days", {kept} "kept" or "overdue".
    line = _("last on {day}, {ago}; {promise}: {kept}").format(
        day=format_day(cadence.last), ago=ago, promise=promise, kept=kept
    )
    return [(label, line)]


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
        return _not_available()
    line = sparkline([share or 0.0 for share in shares], top=1.0)
    if report.months[-1].partial:
        # Translators: {sparkline} is a small chart of the share of members who gave, month
        # by month; {first} and {last} are the shares of the first and the last month,
        # which is not over yet.
        text = _("{sparkline} ({first} at first, {last} in the last month, partial)")
    else:
        # Translators: {sparkline} is a small chart of the share of members who gave, month
        # by month; {first} and {last} are the shares of the first and the last month.
        text = _("{sparkline} ({first} at first, {last} in the last month)")
    return text.format(sparkline=line, first=_share(known[0]), last=_share(known[-1]))


MIN_BAR_WIDTH = 4
_COLUMN_GAP = 2


def _cells_width(*cells: str) -> int:
    """The columns a table column needs for these cells, each line of a header counted apart."""
    return max((cell_len(line) for text in cells for line in text.split("\n")), default=0)


def _people_headers() -> tuple[str, ...]:
    """The text columns of the People table: member, given, received, net, partners,
    taught or paired, useful."""
    return (
        pgettext("column", "member"),
        pgettext("column", "given"),
        pgettext("column", "received"),
        pgettext("column", "net"),
        pgettext("column", "partners"),
        # Translators: the share of the help a person gave that was taught or done in pairs.
        pgettext("column", "taught or paired"),
        # Translators: the average rating of the help a person gave, from 1 to 5.
        pgettext("column", "useful"),
    )


def _people_headers_narrow() -> tuple[str, ...]:
    """The same, the long header on two lines, when the table is too narrow for full bars."""
    headers = _people_headers()
    # Translators: "taught or paired" as a column header broken on two lines (\n).
    return (*headers[:5], pgettext("column", "taught or\npaired"), headers[6])


def _bar_width(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> int:
    """What is left for each of the two bars once the text columns and the gaps are laid out."""
    columns = zip(headers, *rows, strict=True)
    text_width = sum(_cells_width(*column) for column in columns)
    spare = width - text_width - _COLUMN_GAP * (len(headers) + 1)
    return max(MIN_BAR_WIDTH, min(BAR_WIDTH, spare // 2))


def _people_layout(rows: Sequence[Sequence[str]], width: int) -> tuple[tuple[str, ...], int]:
    """The headers and bar width: one-line headers if the bars keep their full width."""
    headers = _people_headers()
    bar_width = _bar_width(headers, rows, width)
    if bar_width == BAR_WIDTH:
        return headers, bar_width
    narrow = _people_headers_narrow()
    return narrow, _bar_width(narrow, rows, width)


def _member_name(row: MemberRow) -> str:
    """A member's handle, marked when they have left the team."""
    # Translators: {handle} is a member who has left the team.
    return row.handle if row.active else _("{handle} (left)").format(handle=row.handle)


def _people_table(report: TeamReport, width: int = 100) -> Table:
    """Members with bars for giving and receiving, shortened so that no header or figure is cut."""
    top = max((max(row.given_minutes, row.received_minutes) for row in report.members), default=0)
    rows = [
        (
            printable(_member_name(row)),
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            format_number(row.partners),
            _share(row.taught_share),
            _ratio(row.mean_useful, 1) if row.mean_useful is not None else "",
        )
        for row in report.members
    ]
    headers, bar_width = _people_layout(rows, width)
    member, given, received, *figures = headers
    table = Table(title=_("People"), title_justify="left", box=None, pad_edge=False)
    table.add_column(member, no_wrap=True)
    table.add_column(given, justify="right", no_wrap=True)
    table.add_column("", style="green", no_wrap=True, min_width=bar_width)
    table.add_column(received, justify="right", no_wrap=True)
    table.add_column("", style="blue", no_wrap=True, min_width=bar_width)
    for header in figures:
        table.add_column(header, justify="right", no_wrap=True)
    for row, (handle, given_cell, received_cell, *figure_cells) in zip(
        report.members, rows, strict=True
    ):
        table.add_row(
            plain(handle),
            given_cell,
            bar(row.given_minutes, top, bar_width),
            received_cell,
            bar(row.received_minutes, top, bar_width),
            *figure_cells,
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
    return ", ".join(finding.members) if finding.members else _("the team")


def no_warning_line(report: TeamReport, not_judged: int) -> str:
    """What a page says when no warning is raised: only as much as was judged."""
    if report.exchanges == 0 and report.window == report.evaluated:
        return _("No warning: too little data to judge yet (no exchange in the period).")
    if not_judged:
        return ngettext(
            "No warning from the checks that could judge; {count} check could not judge yet, "
            "for lack of data (below).",
            "No warning from the checks that could judge; {count} checks could not judge yet, "
            "for lack of data (below).",
            not_judged,
        ).format(count=not_judged)
    return _("No warnings: help flows both ways and is shared.")


def title_line(team: str, as_of: date) -> str:
    """The page's title: the team (or "The team") and the day the report stands on."""
    # Translators: the title of the team report; {team} is the team's name, {day} a date.
    return _("{team}: mutual aid as of {day}").format(team=team, day=format_day(as_of))


def _pattern_heading(warning_id: str) -> Text:
    """`  concentration: always the same helpers`, the id in bold."""
    # Translators: a warning's id (such as one-way-giver, kept in English) and its title.
    template = _("{warning_id}: {title}")
    before, found, after = template.partition("{warning_id}")
    heading = Text("  ")
    heading.append(before.format(title=_(TITLES[warning_id])))
    heading.append(warning_id if found else "", style="bold")
    heading.append(after.format(title=_(TITLES[warning_id])))
    return heading


def _warnings_block(report: TeamReport) -> RenderableType:
    grouped, skipped = by_pattern(report.findings)
    if not grouped:
        style = "" if skipped or report.exchanges == 0 else "green"
        lines: list[RenderableType] = [Text(no_warning_line(report, len(skipped)), style=style)]
    else:
        lines = [Text(_("Warnings, by pattern"), style="bold")]
    for warning_id, findings in grouped.items():
        lines.append(_pattern_heading(warning_id))
        for finding in findings:
            lines.append(Padding(plain(_about(finding), style="bold"), (0, 0, 0, 4)))
            lines += finding_lines(finding, 6)
    if skipped:
        lines += [Text(""), Text(_("Not judged yet, for lack of data"), style="bold")]
        lines += [
            Padding(plain(message(finding), style="dim"), (0, 0, 0, 2)) for finding in skipped
        ]
    return Group(*lines)


def _thanks_text(row: ThanksRow) -> str:
    values = {
        "date": format_short_day(row.date),
        "helper": row.helper,
        "helped": ", ".join(row.helped),
        "topic": row.topic,
        "mode": mode_label(row.mode),
        "duration": format_minutes(row.minutes),
        "useful": row.useful,
    }
    if row.topic is None:
        # Translators: a thanked exchange: {helper} helped {helped} in {mode} (a label
        # such as "taught"), for {duration}, and {useful} is its rating out of 5.
        return _("{date}  {helper} → {helped} ({mode}, {duration}, rated {useful}/5)").format(
            **values
        )
    # Translators: a thanked exchange: {helper} helped {helped} on {topic} in {mode} (a
    # label such as "taught"), for {duration}, and {useful} is its rating out of 5.
    return _("{date}  {helper} → {helped}: {topic} ({mode}, {duration}, rated {useful}/5)").format(
        **values
    )


def quoted(note: str) -> str:
    """A person's note, between quotation marks."""
    # Translators: a note someone wrote, quoted; French uses « » with no-break spaces.
    return _("“{note}”").format(note=note)


def _thanks_block(report: TeamReport) -> RenderableType:
    if not report.thanks:
        return Text("")
    heading = _("Thanks: the most useful help lately")
    lines: list[RenderableType] = [Text(heading, style="bold")]
    for row in report.thanks:
        lines.append(Padding(plain(_thanks_text(row)), (0, 0, 0, 2)))
        if row.note is not None:
            lines.append(Padding(plain(quoted(row.note), style="italic"), (0, 0, 0, 4)))
    return Group(*lines)


def render_text(report: TeamReport, *, width: int = 100, color: bool = False) -> str:
    summary = Table(box=None, show_header=False, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in summary_pairs(report):
        summary.add_row(label, value)
    return to_text(
        plain(title_line(team_name(report), report.as_of), style="bold underline"),
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


def next_step_line(step: str) -> str:
    """The Markdown line under a warning that says what to do about it."""
    return "  *" + _("Next step:") + "* " + step


def _markdown_findings(report: TeamReport) -> list[str]:
    grouped, skipped = by_pattern(report.findings)
    icon = {
        severity: f"{mark} {severity_label(severity)}"
        for severity, mark in (("fail", "🔴"), ("warn", "🟠"), ("info", "ℹ️"))
    }
    lines = ["## " + _("Warnings"), ""]
    if not grouped:
        lines += [no_warning_line(report, len(skipped)), ""]
    for warning_id, findings in grouped.items():
        heading = _("{warning_id}: {title}").format(
            warning_id=f"`{warning_id}`", title=_(TITLES[warning_id])
        )
        lines += [f"### {heading}", ""]
        for finding in findings:
            text, step = markdown_words(finding)
            # Translators: a raised warning in a list: {severity} (fail, warn or info), then
            # {about}, the members it is about (or "the team"), then what it says.
            said = _("{severity}, {about}: {text}").format(
                severity=f"**{icon[finding.severity]}**", about=cell(_about(finding)), text=text
            )
            lines.append(f"- {said}")
            lines.append(next_step_line(step))
        lines.append("")
    if skipped:
        not_judged = _("Not judged yet, for lack of data")
        lines += [f"<details><summary>{not_judged}</summary>", ""]
        lines += [f"- {cell(message(finding))}" for finding in skipped]
        lines += ["", "</details>", ""]
    return lines


def _flows_left_out(shown: int, edges: int) -> str:
    """The line under a graph that leaves the smaller flows out."""
    left = edges - shown
    return ngettext(
        "The {shown} largest flows of help are drawn; {count} smaller flow is left out "
        "(`aidledger graph` draws them all).",
        "The {shown} largest flows of help are drawn; {count} smaller flows are left out "
        "(`aidledger graph` draws them all).",
        left,
    ).format(shown=format_number(shown), count=format_number(left))


def _markdown_thanks(row: ThanksRow) -> str:
    values = {
        "date": format_short_day(row.date),
        "helper": f"**{row.helper}**",
        "helped": ", ".join(row.helped),
        "topic": f"*{cell(row.topic)}*",
        "mode": mode_label(row.mode),
        "duration": format_minutes(row.minutes),
        "useful": row.useful,
    }
    if row.topic is None:
        # Translators: {helper} helped {helped} in {mode} (a label such as "taught"), for
        # {duration}; {useful} is the rating out of 5 they gave it.
        text = _("{date}: {helper} helped {helped} ({mode}, {duration}, rated {useful}/5)")
    else:
        # Translators: {helper} helped {helped} on {topic} in {mode} (a label such as
        # "taught"), for {duration}; {useful} is the rating out of 5 they gave it.
        text = _(
            "{date}: {helper} helped {helped} with {topic} ({mode}, {duration}, rated {useful}/5)"
        )
    return text.format(**values)


def render_markdown(report: TeamReport) -> str:
    """A page for a pull request, a wiki or a CI summary; GitHub draws the Mermaid graph."""
    lines = [f"# {title_line(cell(team_name(report)), report.as_of)}", ""]
    lines += markdown_table(("", ""), summary_pairs(report))
    lines += ["", "## " + _("People"), ""]
    people = (
        (
            _member_name(row),
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            format_number(row.partners),
            _share(row.taught_share),
            _ratio(row.mean_useful, 1) if row.mean_useful is not None else "",
        )
        for row in report.members
    )
    lines += markdown_table(_people_headers(), people, right=range(1, 7))
    shown = main_flows(report.edges)
    lines += ["", "## " + _("Who helps whom"), "", "```mermaid"]
    lines += render_mermaid(shown).rstrip("\n").split("\n")
    lines += ["```", ""]
    if len(shown) < len(report.edges):
        lines += [_flows_left_out(len(shown), len(report.edges)), ""]
    lines += _markdown_findings(report)
    if report.thanks:
        lines += ["## " + _("Thanks"), ""]
        for row in report.thanks:
            lines.append(f"- {_markdown_thanks(row)}")
            if row.note is not None:
                lines.append(f"  > {cell(row.note)}")
        lines.append("")
    return "\n".join(lines)
