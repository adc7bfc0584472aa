"""The team page's charts, each drawn from the figures of the report result, with its reading.

No figure is computed here: the charts place the report's months (with their minutes in
each mode), members, edges and measures, and the sentences quote them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from aidledger.engine.balance import FAVOURABLE_RATIO
from aidledger.engine.findings import ConcentrationFacts, Finding
from aidledger.engine.report import MonthRow, TeamReport
from aidledger.model.values import MODES, format_minutes, plural, signed_minutes
from aidledger.render.findings import message
from aidledger.render.html.svg import (
    BLUE,
    GREEN,
    GREY,
    MODE_COLOURS,
    VERMILLION,
    Chart,
    hours,
    hours_label,
    new_chart,
)
from aidledger.render.report import (
    PARTICIPATION_LOW,
    gini_words,
    helpers_words,
    participation_words,
)

LABELS_FLAT = 4  # months; more, and their labels are slanted so that they do not overlap
MAX_MONTH_LABELS = 12  # a longer history labels every Nth month only
MODE_WORDS = {"taught": "taught", "pair": "paired", "did": "did", "advice": "advice"}
MAJORITY_WORDS = "majority (50%)"  # the line's legend, and its label on the chart
HOLLOW_DOT = f"fill: var(--panel, #ffffff); fill-opacity: 1; stroke: {BLUE}; stroke-width: 2"
PARTIAL_STYLE = "fill-opacity: .4; stroke: currentColor; stroke-dasharray: 3,2; stroke-width: 1"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def month_label(row: MonthRow) -> str:
    return f"{row.month} (partial)" if row.partial else row.month


def _partial_words(months: Sequence[MonthRow]) -> str:
    partial = [row for row in months if row.partial]
    if not partial:
        return ""
    return "; partial: " + ", ".join(
        f"{row.month} ({row.days} of {row.days_in_month} days)" for row in partial
    )


def _days_words(row: MonthRow, months: Sequence[MonthRow]) -> str:
    """`30 of 31 days so far` for the month in progress, `12 of 31 days shown` for another."""
    so_far = "so far" if row is months[-1] else "shown"
    return f"{row.days} of {row.days_in_month} days {so_far}"


def month_axis(months: Sequence[MonthRow]) -> dict[str, object]:
    """The month labels' settings: slanted past a few months, and at most a dozen shown."""
    every = max(1, math.ceil(len(months) / MAX_MONTH_LABELS))
    settings: dict[str, object] = {
        "x_label_rotation": -30 if len(months) > LABELS_FLAT else 0,
        "truncate_label": -1,
    }
    if every > 1:
        settings |= {"x_labels_major_every": every, "show_minor_x_labels": False}
    return settings


def months_chart(report: TeamReport) -> Chart:
    """Help per month, stacked by mode; a partial month drawn faded and labelled so."""
    months = report.months
    chart = new_chart(
        "StackedBar",
        "months",
        "Help per month, by mode (hours)",
        [MODE_COLOURS[mode] for mode in MODES],
        value_formatter=hours_label,
        range=(0, hours(max((row.minutes for row in months), default=0)) * 1.05 or 1),
        **month_axis(months),
    )
    chart.x_labels = [month_label(row) for row in months]
    for mode in MODES:
        values = []
        for row in months:
            value = hours(row.modes.get(mode, 0.0))
            values.append({"value": value, "style": PARTIAL_STYLE} if row.partial else value)
        chart.add(MODE_WORDS[mode], values)
    reading = _months_reading(months)
    description = reading + " Each bar stacks the minutes taught, paired, done and advised."
    rows = tuple(
        (
            month_label(row),
            *(format_minutes(row.modes.get(mode, 0.0)) for mode in MODES),
            format_minutes(row.minutes),
            str(row.exchanges),
        )
        for row in months
    )
    return Chart.drawn(
        chart,
        "months",
        "Help per month, by mode",
        reading,
        ("month", *(MODE_WORDS[mode] for mode in MODES), "total", "exchanges"),
        rows,
        description=description,
    )


def _months_reading(months: Sequence[MonthRow]) -> str:
    """The busiest whole month; a partial month is named instead when it already tops them."""
    if not months:
        return "No month to show yet."
    span = (
        f"In {months[0].month}"
        if len(months) == 1
        else f"From {months[0].month} to {months[-1].month}"
    )
    whole = [row for row in months if not row.partial]
    partial = [row for row in months if row.partial]
    tallest = max(partial, key=lambda row: (row.minutes, row.month)) if partial else None
    if not whole:
        assert tallest is not None
        return (
            f"{span}, no month is whole yet; the fullest, {tallest.month} "
            f"({_days_words(tallest, months)}), has {format_minutes(tallest.minutes)} of help "
            f"in {plural(tallest.exchanges, 'exchange')}."
        )
    busiest = max(whole, key=lambda row: (row.minutes, row.month))
    said = (
        f"{span}, the busiest whole month was {busiest.month} "
        f"with {format_minutes(busiest.minutes)} of help in {plural(busiest.exchanges, 'exchange')}"
    )
    if tallest is not None and tallest.minutes > busiest.minutes:
        return (
            f"{said}; {tallest.month}, {_days_words(tallest, months)}, already has "
            f"{format_minutes(tallest.minutes)} in {plural(tallest.exchanges, 'exchange')}."
        )
    return f"{said}{_partial_words(months)}."


def participation_chart(report: TeamReport) -> Chart:
    """The share of active members who gave, per month, against the majority line."""
    months = report.months
    chart = new_chart(
        "Line",
        "participation",
        "Members who gave help, per month (%)",
        [BLUE, VERMILLION],
        range=(0, 100),
        value_formatter=lambda value: f"{value:.0f}%",
        dots_size=4 if len(months) <= MAX_MONTH_LABELS * 2 else 2,
        stroke_style={"width": 2.5},
        **month_axis(months),
    )
    chart.x_labels = [month_label(row) for row in months]
    chart.add(
        "who gave help",
        [_participation_point(row) for row in months],
    )
    chart.add(
        MAJORITY_WORDS,
        [PARTICIPATION_LOW * 100] * len(months),
        show_dots=False,
        stroke_style={"width": 3},
    )
    reading = _participation_reading(months)
    rows = tuple(
        (month_label(row), str(row.givers), str(row.active), _share(row.participation))
        for row in months
    )
    return Chart.drawn(
        chart,
        "participation",
        "Members who gave help, per month",
        reading,
        ("month", "gave", "active members", "share"),
        rows,
        description=reading
        + " The majority line (50%) is drawn solid in orange; a partial month's point is hollow.",
        line_labels={1: (MAJORITY_WORDS, VERMILLION)},
        line_widths={0: 2.5, 1: 3},
    )


def _participation_point(row: MonthRow) -> object:
    """A month's share in percent; a partial month's point drawn hollow."""
    if row.participation is None:
        return None
    value = row.participation * 100
    if not row.partial:
        return value
    return {"value": value, "node": {"style": HOLLOW_DOT, "class": "dot reactive partial"}}


def _side(share: float) -> str:
    return "above" if share > PARTICIPATION_LOW else "at" if share == PARTICIPATION_LOW else "below"


def _participation_reading(months: Sequence[MonthRow]) -> str:
    """The last whole month judged against the majority line; a partial one only told."""
    known = [row for row in months if row.participation is not None]
    if not known:
        return "Nobody was an active member in the months shown."
    whole = [row for row in known if not row.partial]
    said = []
    if whole:
        last = whole[-1]
        share = last.participation or 0.0
        above = sum(1 for row in whole if (row.participation or 0.0) > PARTICIPATION_LOW)
        said.append(
            f"In {last.month}, the last whole month, {last.givers} of {last.active} members "
            f"gave help ({_share(share)}, {participation_words(share)}), {_side(share)} the "
            f"majority line; {above} of {len(whole)} whole months were above it"
        )
    after = [row for row in known if row.partial and (not whole or row.month > whole[-1].month)]
    if after:
        row = after[-1]
        said.append(
            f"{row.month} is partial ({_days_words(row, months)}): "
            f"{row.givers} of {row.active} members gave help so far ({_share(row.participation)})"
        )
    return "; ".join(said) + "."


def people_chart(report: TeamReport) -> Chart:
    """Given to the right, received to the left, and the favourable mark: half of given."""
    members = sorted(report.members, key=lambda row: (-row.given_minutes, row.handle))
    chart = new_chart(
        "HorizontalBar",
        "people",
        "Given and received, per person (hours)",
        [GREEN, BLUE, GREY],
        value_formatter=lambda value: hours_label(abs(value)),
        height=max(260, 90 + 30 * len(members)),
        truncate_label=-1,
        legend_at_bottom_columns=3,
    )
    labels = [row.handle + ("" if row.active else " (left)") for row in members]
    # pygal draws the first label at the bottom: reversed, the largest giver comes first.
    chart.x_labels = list(reversed(labels))
    ordered = list(reversed(members))
    chart.add("given", [hours(row.given_minutes) for row in ordered])
    chart.add("received", [-hours(row.received_minutes) for row in ordered])
    chart.add(
        "half of given",
        [
            {"value": -hours(FAVOURABLE_RATIO * row.given_minutes), "style": "fill-opacity: .35"}
            for row in ordered
        ],
    )
    reading = _people_reading(report)
    description = (
        reading + " Given extends right, received left; a received bar at least as long as the "
        "grey bar beside it (half of given) is in the favourable zone."
    )
    rows = tuple(
        (
            label,
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            {True: "favourable", False: "not yet", None: "no exchange"}[row.favourable],
        )
        for label, row in zip(labels, members, strict=True)
    )
    return Chart.drawn(
        chart,
        "people",
        "Given and received, per person",
        reading,
        ("member", "given", "received", "net", "balance"),
        rows,
        description=description,
    )


def _people_reading(report: TeamReport) -> str:
    if not report.members or report.total_minutes <= 0:
        return "No help was exchanged in the period."
    top = max(report.members, key=lambda row: (row.given_minutes, row.handle))
    judged = [row for row in report.members if row.active and row.favourable is not None]
    favourable = sum(1 for row in judged if row.favourable)
    return (
        f"{favourable} of {len(judged)} members who took part have a favourable balance "
        f"(received at least half of what they gave); {top.handle} gave the most, "
        f"{format_minutes(top.given_minutes)}, and received "
        f"{format_minutes(top.received_minutes)}."
    )


def lorenz_chart(report: TeamReport) -> Chart:
    """The Lorenz curve of giving among active members, beside the line of equal shares."""
    given = sorted(row.given_minutes for row in report.members if row.active)
    total = sum(given)
    points = [(0.0, 0.0)]
    running = 0.0
    for index, minutes in enumerate(given, start=1):
        running += minutes
        points.append((index / len(given) * 100, running / total * 100 if total else 0.0))
    chart = new_chart(
        "XY",
        "lorenz",
        "Concentration of giving (Lorenz curve)",
        [VERMILLION, GREY],
        range=(0, 100),
        xrange=(0, 100),
        value_formatter=lambda value: f"{value:.0f}%",
        x_value_formatter=lambda value: f"{value:.0f}%",
        x_title="share of members, the least giving first",
        y_title="share of help given",
        dots_size=3,
        stroke_style={"width": 2.5},
        height=380,
    )
    chart.add("giving", points)
    chart.add(
        "equal shares",
        [(0.0, 0.0), (100.0, 100.0)],
        show_dots=False,
        stroke_style={"width": 1.5, "dasharray": "6,4"},
    )
    reading = lorenz_reading(report)
    rows = tuple((f"{x:.0f}%", f"{y:.0f}%") for x, y in points[1:])
    return Chart.drawn(
        chart,
        "lorenz",
        "Concentration of giving",
        reading,
        ("share of members", "share of help given"),
        rows,
        description=reading
        + " The further the curve sags below the diagonal, the fewer carry the help.",
        line_widths={0: 2.5, 1: 1.5},
    )


def _concentration(findings: Sequence[Finding]) -> Finding | None:
    return next((f for f in findings if f.judged and isinstance(f.facts, ConcentrationFacts)), None)


def _level_words(raised: Finding) -> str:
    """The charter's levels for a team of this size, as the finding's facts hold them."""
    facts = raised.facts
    if isinstance(facts, ConcentrationFacts) and None not in (facts.warn_from, facts.fail_from):
        return f"the charter warns from {facts.warn_from:.0%} and fails from {facts.fail_from:.0%}"
    level = f"{raised.threshold or 0.0:.0%}"
    if raised.severity == "fail":
        return f"the charter fails from {level}"
    if raised.severity == "warn":
        return f"the charter warns from {level}"
    return f"the charter's limit is {level}"


def lorenz_reading(report: TeamReport) -> str:
    """The concentration warning's own words when it is raised, then Gini and helpers."""
    parts = []
    raised = _concentration(report.findings)
    if raised is not None:
        said = message(raised)
        if raised.threshold is not None:
            said = f"{said.rstrip('.')}; {_level_words(raised)}."
        parts.append(said)
    if report.gini is not None:
        parts.append(f"Gini {report.gini:.2f}, {gini_words(report.gini)}.")
    if report.effective_helpers is not None:
        words = helpers_words(report.effective_helpers, report.active_members)
        parts.append(f"Effective helpers {report.effective_helpers:.1f}, {words}.")
    return " ".join(parts) or "Too little help to measure its concentration."
