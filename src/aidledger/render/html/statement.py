"""The statement page's charts: the person's months, modes, partners and ratings.

The months, modes, partners and ratings are the statement's own figures.
"""

from __future__ import annotations

from aidledger.engine.report import Partner, Statement
from aidledger.model.values import format_minutes, plural
from aidledger.render.html.charts import MODE_WORDS
from aidledger.render.html.svg import (
    BLUE,
    GREEN,
    MODE_COLOURS,
    ORANGE,
    Chart,
    hours,
    hours_label,
    new_chart,
)


def months_chart(statement: Statement) -> Chart:
    months = {month: (given, received) for month, given, received in statement.months}
    chart = new_chart(
        "Bar",
        "months",
        "Given and received, per month (hours)",
        [GREEN, BLUE],
        value_formatter=hours_label,
    )
    chart.x_labels = list(months)
    chart.add("given", [hours(given) for given, _ in months.values()])
    chart.add("received", [hours(received) for _, received in months.values()])
    if months:
        busiest = max(months, key=lambda month: (sum(months[month]), month))
        reading = (
            f"{len(months)} months with help; the fullest was {busiest}: "
            f"{format_minutes(months[busiest][0])} given, "
            f"{format_minutes(months[busiest][1])} received."
        )
    else:
        reading = "No help given or received in the period."
    rows = tuple(
        (month, format_minutes(given), format_minutes(received))
        for month, (given, received) in months.items()
    )
    return Chart.drawn(
        chart,
        "months",
        "Given and received, per month",
        reading,
        ("month", "given", "received"),
        rows,
    )


def modes_chart(statement: Statement) -> Chart:
    chart = new_chart(
        "HorizontalStackedBar",
        "modes",
        "How help was given and received (hours)",
        [MODE_COLOURS[mode] for mode, _ in statement.modes_given],
        value_formatter=hours_label,
        height=220,
        truncate_label=-1,
    )
    chart.x_labels = ["received", "given"]
    received = dict(statement.modes_received)
    for mode, given in statement.modes_given:
        chart.add(MODE_WORDS[mode], [hours(received.get(mode, 0.0)), hours(given)])
    total = sum(minutes for _, minutes in statement.modes_given)
    taught = sum(m for mode, m in statement.modes_given if mode in {"taught", "pair"})
    reading = (
        f"{taught / total:.0%} of the help given was taught or paired."
        if total
        else "No help given in the period."
    )
    rows = tuple(
        (MODE_WORDS[mode], format_minutes(given), format_minutes(received.get(mode, 0.0)))
        for mode, given in statement.modes_given
    )
    return Chart.drawn(
        chart,
        "modes",
        "How help was given and received",
        reading,
        ("mode", "given", "received"),
        rows,
    )


def _partner_minutes(partners: tuple[Partner, ...]) -> dict[str, float]:
    return {partner.handle: partner.minutes for partner in partners}


def partners_chart(statement: Statement) -> Chart:
    gave = _partner_minutes(statement.gave_to)
    got = _partner_minutes(statement.received_from)
    people = list(dict.fromkeys([*gave, *got]))
    # Given to the right, received to the left (drawn negative, labelled without the sign):
    # the range holds both sides, as the team page's people chart does.
    most_given = hours(max(gave.values(), default=0.0))
    most_received = hours(max(got.values(), default=0.0))
    chart = new_chart(
        "HorizontalBar",
        "partners",
        "Partners (hours)",
        [GREEN, BLUE],
        value_formatter=lambda value: hours_label(abs(value)),
        height=max(220, 60 + 34 * len(people)),
        truncate_label=-1,
        range=(-most_received * 1.05 if most_received else 0, most_given * 1.05 or 1),
    )
    chart.x_labels = list(reversed(people))
    chart.add("gave to", [hours(gave.get(person, 0.0)) for person in reversed(people)])
    chart.add("received from", [-hours(got.get(person, 0.0)) for person in reversed(people)])
    reading = (
        f"Helped {plural(len(gave), 'partner')} and was helped by {plural(len(got), 'partner')}"
        + (f"; gave most to {statement.gave_to[0].handle}" if statement.gave_to else "")
        + (f"; received most from {statement.received_from[0].handle}." if got else ".")
    )
    rows = tuple(
        (person, format_minutes(gave.get(person, 0.0)), format_minutes(got.get(person, 0.0)))
        for person in people
    )
    return Chart.drawn(
        chart,
        "partners",
        "Partners",
        reading,
        ("partner", "gave to", "received from"),
        rows,
    )


def usefulness_chart(statement: Statement) -> Chart:
    chart = new_chart(
        "Bar",
        "useful",
        "Usefulness ratings of the help given",
        [ORANGE],
        show_legend=False,
        height=260,
    )
    chart.x_labels = [f"{rating}/5" for rating, _ in statement.useful_ratings]
    chart.add("ratings", [count for _, count in statement.useful_ratings])
    rated = sum(count for _, count in statement.useful_ratings)
    reading = (
        f"Rated {statement.mean_useful:.1f}/5 on average over {rated} ratings."
        if statement.mean_useful is not None
        else "No rating yet."
    )
    rows = tuple((f"{rating}/5", str(count)) for rating, count in statement.useful_ratings)
    return Chart.drawn(
        chart,
        "useful",
        "Usefulness ratings",
        reading,
        ("rating", "count"),
        rows,
    )


def statement_charts(statement: Statement) -> tuple[Chart, ...]:
    return (
        months_chart(statement),
        modes_chart(statement),
        partners_chart(statement),
        usefulness_chart(statement),
    )
