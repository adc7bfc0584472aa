"""The statement page's charts: the person's months, modes, partners and ratings.

The months, modes, partners and ratings are the statement's own figures.
"""

from __future__ import annotations

from aidledger.engine.report import Partner, Statement
from aidledger.i18n import _, format_number, format_percent, ngettext, pgettext
from aidledger.model.values import format_minutes
from aidledger.render.html.charts import mode_word
from aidledger.render.html.svg import (
    BLUE,
    GREEN,
    MODE_COLOURS,
    ORANGE,
    Chart,
    hours,
    hours_label,
    month_axis,
    month_words,
    new_chart,
    number_label,
    short_month,
)


def months_chart(statement: Statement) -> Chart:
    months = {month: (given, received) for month, given, received in statement.months}
    chart = new_chart(
        "Bar",
        "months",
        _("Given and received, per month (hours)"),
        [GREEN, BLUE],
        value_formatter=hours_label,
        **month_axis(len(months)),
    )
    chart.x_labels = [short_month(month) for month in months]
    chart.add(pgettext("legend", "given"), [hours(given) for given, _got in months.values()])
    chart.add(
        pgettext("legend", "received"), [hours(received) for _gave, received in months.values()]
    )
    if months:
        busiest = max(months, key=lambda month: (sum(months[month]), month))
        # Translators: {month} is the month with the most help given and received; {given}
        # and {received} are durations.
        reading = ngettext(
            "{count} months with help; the fullest was {month}: {given} given, "
            "{received} received.",
            "{count} months with help; the fullest was {month}: {given} given, "
            "{received} received.",
            len(months),
        ).format(
            count=len(months),
            month=month_words(busiest),
            given=format_minutes(months[busiest][0]),
            received=format_minutes(months[busiest][1]),
        )
    else:
        reading = _("No help given or received in the period.")
    rows = tuple(
        (short_month(month), format_minutes(given), format_minutes(received))
        for month, (given, received) in months.items()
    )
    return Chart.drawn(
        chart,
        "months",
        _("Given and received, per month"),
        reading,
        (
            pgettext("column", "month"),
            pgettext("column", "given"),
            pgettext("column", "received"),
        ),
        rows,
    )


def modes_chart(statement: Statement) -> Chart:
    chart = new_chart(
        "HorizontalStackedBar",
        "modes",
        _("How help was given and received (hours)"),
        [MODE_COLOURS[mode] for mode, _minutes in statement.modes_given],
        value_formatter=hours_label,
        height=220,
        truncate_label=-1,
    )
    chart.x_labels = [pgettext("legend", "received"), pgettext("legend", "given")]
    received = dict(statement.modes_received)
    for mode, given in statement.modes_given:
        chart.add(mode_word(mode), [hours(received.get(mode, 0.0)), hours(given)])
    total = sum(minutes for _mode, minutes in statement.modes_given)
    taught = sum(m for mode, m in statement.modes_given if mode in {"taught", "pair"})
    reading = (
        # Translators: {share} is a percentage of the help the person gave.
        _("{share} of the help given was taught or paired.").format(
            share=format_percent(taught / total)
        )
        if total
        else _("No help given in the period.")
    )
    rows = tuple(
        (mode_word(mode), format_minutes(given), format_minutes(received.get(mode, 0.0)))
        for mode, given in statement.modes_given
    )
    return Chart.drawn(
        chart,
        "modes",
        _("How help was given and received"),
        reading,
        (
            pgettext("column", "mode"),
            pgettext("column", "given"),
            pgettext("column", "received"),
        ),
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
        _("Partners (hours)"),
        [GREEN, BLUE],
        value_formatter=lambda value: hours_label(abs(value)),
        height=max(220, 60 + 34 * len(people)),
        truncate_label=-1,
        range=(-most_received * 1.05 if most_received else 0, most_given * 1.05 or 1),
    )
    chart.x_labels = list(reversed(people))
    chart.add(
        pgettext("legend", "gave to"), [hours(gave.get(person, 0.0)) for person in reversed(people)]
    )
    chart.add(
        pgettext("legend", "received from"),
        [-hours(got.get(person, 0.0)) for person in reversed(people)],
    )
    rows = tuple(
        (person, format_minutes(gave.get(person, 0.0)), format_minutes(got.get(person, 0.0)))
        for person in people
    )
    return Chart.drawn(
        chart,
        "partners",
        _("Partners"),
        _partners_reading(statement, len(gave), len(got)),
        (
            pgettext("column", "partner"),
            pgettext("column", "gave to"),
            pgettext("column", "received from"),
        ),
        rows,
    )


def _partners_reading(statement: Statement, helped: int, helped_by: int) -> str:
    """How many partners the person helped and was helped by, and the main one each way."""
    # Translators: {helped} and {helped_by} are "3 partners"; the subject is the person
    # whose statement it is.
    said = _("Helped {helped} and was helped by {helped_by}").format(
        helped=_partners(helped), helped_by=_partners(helped_by)
    )
    if statement.gave_to:
        # Translators: {handle} is the partner the person helped the most.
        said = _then(said, _("gave most to {handle}").format(handle=statement.gave_to[0].handle))
    if helped_by:
        # Translators: {handle} is the partner who helped the person the most.
        said = _then(
            said,
            _("received most from {handle}").format(handle=statement.received_from[0].handle),
        )
    return said + "."


def _partners(count: int) -> str:
    return ngettext("{count} partner", "{count} partners", count).format(count=count)


def _then(first: str, second: str) -> str:
    # Translators: two clauses of one sentence, each a whole clause translated on its own.
    return _("{first}; {second}").format(first=first, second=second)


def usefulness_chart(statement: Statement) -> Chart:
    chart = new_chart(
        "Bar",
        "useful",
        _("Usefulness ratings of the help given"),
        [ORANGE],
        show_legend=False,
        height=260,
        value_formatter=number_label,
    )
    chart.x_labels = [_rating(rating) for rating, _count in statement.useful_ratings]
    chart.add(pgettext("legend", "ratings"), [count for _score, count in statement.useful_ratings])
    rated = sum(count for _score, count in statement.useful_ratings)
    if statement.mean_useful is not None:
        # Translators: {mean} is the mean rating of usefulness, out of 5 (a decimal number).
        reading = ngettext(
            "Rated {mean}/5 on average over {count} ratings.",
            "Rated {mean}/5 on average over {count} ratings.",
            rated,
        ).format(mean=format_number(statement.mean_useful, 1), count=rated)
    else:
        reading = _("No rating yet.")
    rows = tuple(
        (_rating(rating), format_number(count)) for rating, count in statement.useful_ratings
    )
    return Chart.drawn(
        chart,
        "useful",
        _("Usefulness ratings"),
        reading,
        (pgettext("column", "rating"), pgettext("column", "count")),
        rows,
    )


def _rating(rating: int) -> str:
    # Translators: a rating of usefulness out of 5, `4/5`.
    return _("{rating}/5").format(rating=rating)


def statement_charts(statement: Statement) -> tuple[Chart, ...]:
    return (
        months_chart(statement),
        modes_chart(statement),
        partners_chart(statement),
        usefulness_chart(statement),
    )
