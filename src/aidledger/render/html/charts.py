"""The team page's charts, each drawn from the figures of the report result, with its reading.

No figure is computed here: the charts place the report's months (with their minutes in
each mode), members, edges and measures, and the sentences quote them.
"""

from __future__ import annotations

from collections.abc import Sequence

from aidledger.engine.balance import FAVOURABLE_RATIO
from aidledger.engine.findings import ConcentrationFacts, Finding
from aidledger.engine.report import MonthRow, TeamReport
from aidledger.i18n import N_, _, format_number, format_percent, ngettext, pgettext
from aidledger.model.values import MODES, format_minutes, signed_minutes
from aidledger.render.findings import message
from aidledger.render.html.svg import (
    BLUE,
    CHART_MARGIN,
    GREEN,
    GREY,
    MAX_MONTH_LABELS,
    MODE_COLOURS,
    VERMILLION,
    Chart,
    hours,
    hours_label,
    member_label,
    month_axis,
    month_words,
    new_chart,
    percent_label,
    short_month,
)
from aidledger.render.report import (
    PARTICIPATION_LOW,
    gini_words,
    helpers_words,
    participation_words,
)

# Translators: the legend of the line at 50% of members on the participation chart, and
# its label on the chart.
MAJORITY_WORDS = N_("majority (50%)")
HOLLOW_DOT = f"fill: var(--panel, #ffffff); fill-opacity: 1; stroke: {BLUE}; stroke-width: 2"
PARTIAL_STYLE = "fill-opacity: .4; stroke: currentColor; stroke-dasharray: 3,2; stroke-width: 1"


def mode_word(mode: str) -> str:
    """A mode of help as the charts' legends and columns name it."""
    words = {
        "taught": pgettext("mode", "taught"),
        # Translators: the mode `pair` on a chart's legend: help given working in a pair.
        "pair": pgettext("mode", "paired"),
        "did": pgettext("mode", "did"),
        "advice": pgettext("mode", "advice"),
    }
    return words[mode]


def _share(value: float | None) -> str:
    return _("n/a") if value is None else format_percent(value)


def _then(first: str, second: str) -> str:
    """Two clauses of one sentence, the second after a semicolon."""
    # Translators: two clauses of one sentence, each a whole clause translated on its own.
    return _("{first}; {second}").format(first=first, second=second)


def _exchanges(count: int) -> str:
    return ngettext("{count} exchange", "{count} exchanges", count).format(count=count)


def month_label(row: MonthRow) -> str:
    if row.partial:
        # Translators: a month the period cuts (the month in progress), on a chart's axis.
        return _("{month} (partial)").format(month=short_month(row.month))
    return short_month(row.month)


def _partial_words(months: Sequence[MonthRow]) -> str:
    """`2026-10 (12 of 31 days), ...`: the months the period cuts."""
    return ", ".join(
        # Translators: a month the period cuts, and how many of its days are in the period.
        ngettext(
            "{month} ({days} of {total} days)", "{month} ({days} of {total} days)", row.days
        ).format(month=month_words(row.month), days=row.days, total=row.days_in_month)
        for row in months
        if row.partial
    )


def _days_words(row: MonthRow, months: Sequence[MonthRow]) -> str:
    """`30 of 31 days so far` for the month in progress, `12 of 31 days shown` for another."""
    if row is months[-1]:
        return ngettext(
            "{days} of {total} days so far", "{days} of {total} days so far", row.days
        ).format(days=row.days, total=row.days_in_month)
    return ngettext(
        "{days} of {total} days shown", "{days} of {total} days shown", row.days
    ).format(days=row.days, total=row.days_in_month)


def months_chart(report: TeamReport) -> Chart:
    """Help per month, stacked by mode; a partial month drawn faded and labelled so."""
    months = report.months
    chart = new_chart(
        "StackedBar",
        "months",
        _("Help per month, by mode (hours)"),
        [MODE_COLOURS[mode] for mode in MODES],
        value_formatter=hours_label,
        range=(0, hours(max((row.minutes for row in months), default=0)) * 1.05 or 1),
        **month_axis(len(months)),
    )
    chart.x_labels = [month_label(row) for row in months]
    for mode in MODES:
        values = []
        for row in months:
            value = hours(row.modes.get(mode, 0.0))
            values.append({"value": value, "style": PARTIAL_STYLE} if row.partial else value)
        chart.add(mode_word(mode), values)
    reading = _months_reading(months)
    description = reading + " " + _("Each bar stacks the minutes taught, paired, done and advised.")
    rows = tuple(
        (
            month_label(row),
            *(format_minutes(row.modes.get(mode, 0.0)) for mode in MODES),
            format_minutes(row.minutes),
            format_number(row.exchanges),
        )
        for row in months
    )
    return Chart.drawn(
        chart,
        "months",
        _("Help per month, by mode"),
        reading,
        (
            pgettext("column", "month"),
            *(mode_word(mode) for mode in MODES),
            pgettext("column", "total"),
            pgettext("column", "exchanges"),
        ),
        rows,
        description=description,
    )


def _months_reading(months: Sequence[MonthRow]) -> str:
    """The busiest whole month; a partial month is named instead when it already tops them."""
    if not months:
        return _("No month to show yet.")
    first, last = month_words(months[0].month), month_words(months[-1].month)
    whole = [row for row in months if not row.partial]
    partial = [row for row in months if row.partial]
    tallest = max(partial, key=lambda row: (row.minutes, row.month)) if partial else None
    if not whole:
        assert tallest is not None
        facts = {
            "fullest": month_words(tallest.month),
            "days": _days_words(tallest, months),
            "minutes": format_minutes(tallest.minutes),
            "exchanges": _exchanges(tallest.exchanges),
        }
        if len(months) == 1:
            # Translators: {month} and {fullest} are months, {days} "12 of 31 days so far",
            # {minutes} a duration, {exchanges} "3 exchanges".
            return _(
                "In {month}, no month is whole yet; the fullest, {fullest} ({days}), "
                "has {minutes} of help in {exchanges}."
            ).format(month=first, **facts)
        # Translators: {first}, {last} and {fullest} are months, {days} "12 of 31 days so
        # far", {minutes} a duration, {exchanges} "3 exchanges".
        return _(
            "From {first} to {last}, no month is whole yet; the fullest, {fullest} ({days}), "
            "has {minutes} of help in {exchanges}."
        ).format(first=first, last=last, **facts)
    busiest = max(whole, key=lambda row: (row.minutes, row.month))
    facts = {
        "busiest": month_words(busiest.month),
        "minutes": format_minutes(busiest.minutes),
        "exchanges": _exchanges(busiest.exchanges),
    }
    if len(months) == 1:
        # Translators: {month} and {busiest} are months, {minutes} a duration, {exchanges}
        # "3 exchanges".
        said = _(
            "In {month}, the busiest whole month was {busiest} "
            "with {minutes} of help in {exchanges}"
        ).format(month=first, **facts)
    else:
        # Translators: {first}, {last} and {busiest} are months, {minutes} a duration,
        # {exchanges} "3 exchanges".
        said = _(
            "From {first} to {last}, the busiest whole month was {busiest} "
            "with {minutes} of help in {exchanges}"
        ).format(first=first, last=last, **facts)
    if tallest is not None and tallest.minutes > busiest.minutes:
        # Translators: a month in progress that already holds more help than the busiest
        # whole month; {days} is "12 of 31 days so far", {exchanges} "3 exchanges".
        ahead = _("{month}, {days}, already has {minutes} in {exchanges}").format(
            month=month_words(tallest.month),
            days=_days_words(tallest, months),
            minutes=format_minutes(tallest.minutes),
            exchanges=_exchanges(tallest.exchanges),
        )
        return _then(said, ahead) + "."
    if partial:
        # Translators: the months the period cuts, "2026-10 (12 of 31 days)".
        said = _then(said, _("partial: {months}").format(months=_partial_words(months)))
    return said + "."


def participation_chart(report: TeamReport) -> Chart:
    """The share of active members who gave, per month, against the majority line."""
    months = report.months
    chart = new_chart(
        "Line",
        "participation",
        _("Members who gave help, per month (%)"),
        [BLUE, VERMILLION],
        range=(0, 100),
        value_formatter=percent_label,
        dots_size=4 if len(months) <= MAX_MONTH_LABELS * 2 else 2,
        stroke_style={"width": 2.5},
        **month_axis(len(months)),
    )
    chart.x_labels = [month_label(row) for row in months]
    chart.add(
        # Translators: the legend of the line of the members who gave help, per month.
        _("who gave help"),
        [_participation_point(row) for row in months],
    )
    majority = _(MAJORITY_WORDS)
    chart.add(
        majority,
        [PARTICIPATION_LOW * 100] * len(months),
        show_dots=False,
        stroke_style={"width": 3},
    )
    reading = _participation_reading(months)
    rows = tuple(
        (
            month_label(row),
            format_number(row.givers),
            format_number(row.active),
            _share(row.participation),
        )
        for row in months
    )
    return Chart.drawn(
        chart,
        "participation",
        _("Members who gave help, per month"),
        reading,
        (
            pgettext("column", "month"),
            pgettext("column", "gave"),
            pgettext("column", "active members"),
            pgettext("column", "share"),
        ),
        rows,
        description=reading
        + " "
        + _("The majority line (50%) is drawn solid in orange; a partial month's point is hollow."),
        line_labels={1: (majority, VERMILLION)},
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


def _participation_reading(months: Sequence[MonthRow]) -> str:
    """The last whole month judged against the majority line; a partial one only told."""
    known = [row for row in months if row.participation is not None]
    if not known:
        return _("Nobody was an active member in the months shown.")
    whole = [row for row in known if not row.partial]
    said: list[str] = []
    if whole:
        last = whole[-1]
        share = last.participation or 0.0
        above = sum(1 for row in whole if (row.participation or 0.0) > PARTICIPATION_LOW)
        said.append(
            _then(
                _last_month_words(last, share),
                # Translators: how many of the whole months shown were above the majority
                # line of the participation chart.
                ngettext(
                    "{above} of {count} whole months were above it",
                    "{above} of {count} whole months were above it",
                    above,
                ).format(above=above, count=len(whole)),
            )
        )
    after = [row for row in known if row.partial and (not whole or row.month > whole[-1].month)]
    if after:
        row = after[-1]
        said.append(
            # Translators: a month the period cuts; {days} is "12 of 31 days so far", {share}
            # a percentage.
            ngettext(
                "{month} is partial ({days}): {givers} of {active} members gave help so far "
                "({share})",
                "{month} is partial ({days}): {givers} of {active} members gave help so far "
                "({share})",
                row.givers,
            ).format(
                month=month_words(row.month),
                days=_days_words(row, months),
                givers=row.givers,
                active=row.active,
                share=_share(row.participation),
            )
        )
    return (_then(said[0], said[1]) if len(said) == 2 else said[0]) + "."


def _last_month_words(last: MonthRow, share: float) -> str:
    """The last whole month's participation, against the majority line."""
    facts = {
        "month": month_words(last.month),
        "givers": last.givers,
        "active": last.active,
        "share": _share(share),
        "words": participation_words(share),
    }
    if share > PARTICIPATION_LOW:
        # Translators: {share} is a percentage, {words} what it means ("a majority gives").
        return ngettext(
            "In {month}, the last whole month, {givers} of {active} members gave help "
            "({share}, {words}), above the majority line",
            "In {month}, the last whole month, {givers} of {active} members gave help "
            "({share}, {words}), above the majority line",
            last.givers,
        ).format(**facts)
    if share == PARTICIPATION_LOW:
        # Translators: {share} is a percentage, {words} what it means ("a majority gives").
        return ngettext(
            "In {month}, the last whole month, {givers} of {active} members gave help "
            "({share}, {words}), at the majority line",
            "In {month}, the last whole month, {givers} of {active} members gave help "
            "({share}, {words}), at the majority line",
            last.givers,
        ).format(**facts)
    # Translators: {share} is a percentage, {words} what it means ("a minority gives").
    return ngettext(
        "In {month}, the last whole month, {givers} of {active} members gave help "
        "({share}, {words}), below the majority line",
        "In {month}, the last whole month, {givers} of {active} members gave help "
        "({share}, {words}), below the majority line",
        last.givers,
    ).format(**facts)


# Three legends side by side under the people chart fit while the longest is this short;
# longer ones (French's "moitié du donné") take two columns rather than run off the chart.
LEGEND_CHARACTERS = 13
LEGEND_ROW = 24  # the height a second row of legends takes


def _legend_columns(legends: list[str]) -> int:
    return 3 if max(len(legend) for legend in legends) <= LEGEND_CHARACTERS else 2


def _half_of_given() -> str:
    # Translators: the legend of the grey bars: half of what each person gave.
    return pgettext("legend", "half of given")


def people_chart(report: TeamReport) -> Chart:
    """Given to the right, received to the left, and the favourable mark: half of given."""
    members = sorted(report.members, key=lambda row: (-row.given_minutes, row.handle))
    legends = [pgettext("legend", "given"), pgettext("legend", "received"), _half_of_given()]
    columns = _legend_columns(legends)
    legend_rows = -(-len(legends) // columns)
    chart = new_chart(
        "HorizontalBar",
        "people",
        _("Given and received, per person (hours)"),
        [GREEN, BLUE, GREY],
        value_formatter=lambda value: hours_label(abs(value)),
        height=max(260, 90 + 30 * len(members)) + LEGEND_ROW * (legend_rows - 1),
        truncate_label=-1,
        legend_at_bottom_columns=columns,
        # pygal keeps room for one row of legends: the others go in the bottom margin.
        margin_bottom=CHART_MARGIN + LEGEND_ROW * (legend_rows - 1),
    )
    labels = [member_label(row.handle, row.active) for row in members]
    # pygal draws the first label at the bottom: reversed, the largest giver comes first.
    chart.x_labels = list(reversed(labels))
    ordered = list(reversed(members))
    chart.add(pgettext("legend", "given"), [hours(row.given_minutes) for row in ordered])
    chart.add(pgettext("legend", "received"), [-hours(row.received_minutes) for row in ordered])
    chart.add(
        _half_of_given(),
        [
            {"value": -hours(FAVOURABLE_RATIO * row.given_minutes), "style": "fill-opacity: .35"}
            for row in ordered
        ],
    )
    reading = _people_reading(report)
    description = (
        reading
        + " "
        + _(
            "Given extends right, received left; a received bar at least as long as the "
            "grey bar beside it (half of given) is in the favourable zone."
        )
    )
    # Translators: whether a person's balance is favourable (received at least half of what
    # they gave), in a table's column.
    balances = {True: _("favourable"), False: _("not yet"), None: _("no exchange")}
    rows = tuple(
        (
            label,
            format_minutes(row.given_minutes),
            format_minutes(row.received_minutes),
            signed_minutes(row.net_minutes),
            balances[row.favourable],
        )
        for label, row in zip(labels, members, strict=True)
    )
    return Chart.drawn(
        chart,
        "people",
        _("Given and received, per person"),
        reading,
        (
            pgettext("column", "member"),
            pgettext("column", "given"),
            pgettext("column", "received"),
            pgettext("column", "net"),
            pgettext("column", "balance"),
        ),
        rows,
        description=description,
    )


def _people_reading(report: TeamReport) -> str:
    if not report.members or report.total_minutes <= 0:
        return _("No help was exchanged in the period.")
    top = max(report.members, key=lambda row: (row.given_minutes, row.handle))
    judged = [row for row in report.members if row.active and row.favourable is not None]
    favourable = sum(1 for row in judged if row.favourable)
    # Translators: {top} is the handle of the person who gave the most; {given} and
    # {received} are durations.
    return ngettext(
        "{favourable} of {judged} members who took part have a favourable balance "
        "(received at least half of what they gave); {top} gave the most, {given}, "
        "and received {received}.",
        "{favourable} of {judged} members who took part have a favourable balance "
        "(received at least half of what they gave); {top} gave the most, {given}, "
        "and received {received}.",
        favourable,
    ).format(
        favourable=favourable,
        judged=len(judged),
        top=top.handle,
        given=format_minutes(top.given_minutes),
        received=format_minutes(top.received_minutes),
    )


def lorenz_chart(report: TeamReport) -> Chart:
    """The Lorenz curve of giving among active members, beside the line of equal shares."""
    given = sorted(row.given_minutes for row in report.members if row.active)
    total = sum(given)
    points = [(0.0, 0.0)]
    running = 0.0
    for index, minutes in enumerate(given, start=1):
        running += minutes
        points.append((index / len(given), running / total if total else 0.0))
    chart = new_chart(
        "XY",
        "lorenz",
        _("Concentration of giving (Lorenz curve)"),
        [VERMILLION, GREY],
        range=(0, 100),
        xrange=(0, 100),
        value_formatter=percent_label,
        x_value_formatter=percent_label,
        x_title=_("share of members, the least giving first"),
        y_title=_("share of help given"),
        dots_size=3,
        stroke_style={"width": 2.5},
        height=380,
        truncate_label=-1,
    )
    # Translators: the legend of the Lorenz curve: how giving is shared among members.
    chart.add(pgettext("legend", "giving"), [(x * 100, y * 100) for x, y in points])
    chart.add(
        # Translators: the legend of the diagonal of the Lorenz chart.
        pgettext("legend", "equal shares"),
        [(0.0, 0.0), (100.0, 100.0)],
        show_dots=False,
        stroke_style={"width": 1.5, "dasharray": "6,4"},
    )
    reading = lorenz_reading(report)
    rows = tuple((format_percent(x), format_percent(y)) for x, y in points[1:])
    return Chart.drawn(
        chart,
        "lorenz",
        _("Concentration of giving"),
        reading,
        (pgettext("column", "share of members"), pgettext("column", "share of help given")),
        rows,
        description=reading
        + " "
        + _("The further the curve sags below the diagonal, the fewer carry the help."),
        line_widths={0: 2.5, 1: 1.5},
    )


def _concentration(findings: Sequence[Finding]) -> Finding | None:
    return next((f for f in findings if f.judged and isinstance(f.facts, ConcentrationFacts)), None)


def _level_words(raised: Finding) -> str:
    """The charter's levels for a team of this size, as the finding's facts hold them."""
    facts = raised.facts
    if (
        isinstance(facts, ConcentrationFacts)
        and facts.warn_from is not None
        and facts.fail_from is not None
    ):
        # Translators: the levels of the concentration warning; {warn} and {fail} are
        # percentages.
        return _("the charter warns from {warn} and fails from {fail}").format(
            warn=format_percent(facts.warn_from), fail=format_percent(facts.fail_from)
        )
    level = format_percent(raised.threshold or 0.0)
    if raised.severity == "fail":
        # Translators: {level} is a percentage.
        return _("the charter fails from {level}").format(level=level)
    if raised.severity == "warn":
        # Translators: {level} is a percentage.
        return _("the charter warns from {level}").format(level=level)
    # Translators: {level} is a percentage.
    return _("the charter's limit is {level}").format(level=level)


def lorenz_reading(report: TeamReport) -> str:
    """The concentration warning's own words when it is raised, then Gini and helpers."""
    parts = []
    raised = _concentration(report.findings)
    if raised is not None:
        said = message(raised)
        if raised.threshold is not None:
            said = _then(said.rstrip("."), _level_words(raised)) + "."
        parts.append(said)
    if report.gini is not None:
        # Translators: the Gini coefficient of giving, then what it means ("high: a few
        # people give most").
        parts.append(
            _("Gini {gini}, {words}.").format(
                gini=format_number(report.gini, 2), words=gini_words(report.gini)
            )
        )
    if report.effective_helpers is not None:
        words = helpers_words(report.effective_helpers, report.active_members)
        # Translators: how many people effectively carry the help (a decimal number), then
        # what it means.
        parts.append(
            _("Effective helpers {helpers}, {words}.").format(
                helpers=format_number(report.effective_helpers, 1), words=words
            )
        )
    return " ".join(parts) or _("Too little help to measure its concentration.")
