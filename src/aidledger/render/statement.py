"""A person's statement as a terminal page, JSON or Markdown, and the short form of `me`."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.report import Partner, Statement
from aidledger.i18n import (
    _,
    format_number,
    format_percent,
    format_short_day,
    ngettext,
    pgettext,
)
from aidledger.model.records import Confirmation, Exchange
from aidledger.model.values import format_minutes, signed_minutes
from aidledger.render.exchanges import exchange_document
from aidledger.render.findings import (
    PERSONAL_SEVERITY,
    TEAM,
    Voice,
    finding_document,
    finding_lines,
    markdown_words,
)
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.markdown import table as markdown_table
from aidledger.render.report import evaluation_line, next_step_line, window_document
from aidledger.render.terminal import minutes_value, period_text, plain, to_text
from aidledger.render.text import mode_label


def _who(statement: Statement) -> str:
    return f"{statement.name} ({statement.handle})" if statement.name else statement.handle


def _verdict(statement: Statement, voice: Voice) -> str:
    you = voice.you == statement.handle
    if statement.favourable is None:
        return _("no exchange in this period")
    if statement.favourable:
        if you:
            return _("favourable: you received at least half as much help as you gave")
        # Translators: "they" is the person the statement is about.
        return _("favourable: they received at least half as much help as they gave")
    if you:
        return _("not favourable yet: you gave more than twice what you received")
    # Translators: "they" is the person the statement is about.
    return _("not favourable yet: they gave more than twice what they received")


def _mix(pairs: tuple[tuple[str, float], ...]) -> str:
    total = sum(minutes for _mode, minutes in pairs)
    if not total:
        # Translators: no help given (or received) in any mode.
        return pgettext("modes", "none")
    return ", ".join(
        f"{mode_label(mode)} {format_percent(minutes / total)}"
        for mode, minutes in pairs
        if minutes
    )


def _partners(partners: tuple[Partner, ...]) -> str:
    if not partners:
        return _("nobody")
    return ", ".join(
        f"{partner.handle} {format_minutes(partner.minutes)} ({format_number(partner.count)}×)"
        for partner in partners
    )


def _usefulness(statement: Statement) -> str:
    rated = sum(count for _rating, count in statement.useful_ratings)
    if statement.mean_useful is None:
        return _("no ratings yet")
    spread = " ".join(f"{rating}★×{count}" for rating, count in statement.useful_ratings if count)
    # Translators: {mean} is the average rating out of 5, {spread} how many of each rating
    # ("4★×1 5★×1").
    return ngettext(
        "{mean}/5 over {count} rating ({spread})", "{mean}/5 over {count} ratings ({spread})", rated
    ).format(mean=format_number(statement.mean_useful, 1), count=rated, spread=spread)


def _topics(statement: Statement) -> str:
    listed = ", ".join(f"{topic} {format_minutes(minutes)}" for topic, minutes in statement.topics)
    if statement.more_topics:
        more = statement.more_topics
        # Translators: {topics} lists topics with the time spent on each.
        listed = ngettext(
            "{topics} and {count} more topic", "{topics} and {count} more topics", more
        ).format(topics=listed, count=more)
    return listed or _("nothing yet")


def _in_exchanges(minutes: float, count: int) -> str:
    # Translators: {duration} of help given (or received) in {count} exchanges.
    return ngettext(
        "{duration} in {count} exchange", "{duration} in {count} exchanges", count
    ).format(duration=format_minutes(minutes), count=count)


# The rows `aidledger me` keeps, by key.
SHORT_ROWS = ("period", "given", "received", "net", "balance", "warnings")


def _summary_rows(statement: Statement, voice: Voice) -> list[tuple[str, str, str]]:
    """The summary's rows as (key, label, value)."""
    you = voice.you == statement.handle
    return [
        ("period", pgettext("label", "period"), period_text(statement.window)),
        (
            "given",
            pgettext("label", "given"),
            _in_exchanges(statement.given_minutes, statement.given_count),
        ),
        (
            "received",
            pgettext("label", "received"),
            _in_exchanges(statement.received_minutes, statement.received_count),
        ),
        ("net", pgettext("label", "net"), signed_minutes(statement.net_minutes)),
        ("balance", pgettext("label", "balance"), _verdict(statement, voice)),
        (
            "warnings",
            pgettext("label", "warnings"),
            evaluation_line(statement.as_of, statement.evaluated, statement.window),
        ),
        ("gave to", pgettext("label", "gave to"), _partners(statement.gave_to)),
        ("received from", pgettext("label", "received from"), _partners(statement.received_from)),
        # Translators: the label of the topics a person's exchanges were on.
        ("on", pgettext("label", "on"), _topics(statement)),
        (
            "how gave",
            pgettext("label", "how you gave") if you else pgettext("label", "how they gave"),
            _mix(statement.modes_given),
        ),
        (
            "how received",
            pgettext("label", "how you received")
            if you
            else pgettext("label", "how they received"),
            _mix(statement.modes_received),
        ),
        (
            "usefulness",
            pgettext("label", "usefulness as helper"),
            _usefulness(statement),
        ),
    ]


def summary_lines(
    statement: Statement, voice: Voice, *, short: bool = False
) -> list[tuple[str, str]]:
    """The summary's rows as (label, value); only those of `aidledger me` when `short`."""
    return [
        (label, value)
        for key, label, value in _summary_rows(statement, voice)
        if not short or key in SHORT_ROWS
    ]


def _summary_table(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(plain(label), plain(value))
    return table


def _warnings(statement: Statement, voice: Voice) -> list[RenderableType]:
    you = voice.you == statement.handle
    if not statement.findings:
        nothing = _("No warning concerns you.") if you else _("No warning concerns them.")
        return [Text(nothing, style="green")]
    heading = _warnings_heading(you)
    lines: list[RenderableType] = [Text(heading, style="bold")]
    for finding in statement.findings:
        lines += finding_lines(finding, 2, voice, personal=True)
    return lines


def _warnings_heading(you: bool) -> str:
    return _("What needs your attention") if you else _("Warnings that concern them")


def _said_to(statement: Statement, exchange: Exchange) -> tuple[Confirmation, ...]:
    """The confirmations of an exchange that concern the person: all of those of help they
    gave, their own of help they received."""
    if exchange.helper == statement.handle:
        return exchange.given_confirmations
    own = exchange.confirmation_of(statement.handle)
    return (own,) if own is not None else ()


def noted_thanks(statement: Statement) -> list[tuple[Exchange, Confirmation, str]]:
    """The notes written with the confirmations that concern the person."""
    return [
        (exchange, given, given.note)
        for exchange in statement.exchanges
        for given in _said_to(statement, exchange)
        if given.note is not None
    ]


def _useful_cell(statement: Statement, exchange: Exchange) -> str:
    return ", ".join(
        f"{given.useful}" for given in _said_to(statement, exchange) if given.useful is not None
    )


def note_heading(exchange: Exchange, given: Confirmation) -> str:
    return f"{format_short_day(exchange.date)}  {exchange.helper} → {given.by}"


def _noted(heading: str, note: str) -> str:
    # Translators: a note written with thanks; {heading} is its date, the helper and who
    # thanked them ("2026-10-28  kim → omar").
    return _("{heading}: {note}").format(heading=heading, note=note)


def _notes(statement: Statement) -> list[RenderableType]:
    noted = noted_thanks(statement)
    if not noted:
        return []
    lines: list[RenderableType] = [Text(""), Text(_("Notes with thanks"), style="bold")]
    lines += [
        Padding(plain(_noted(note_heading(exchange, given), note)), (0, 0, 0, 2))
        for exchange, given, note in noted
    ]
    return lines


def render_text(
    statement: Statement, *, width: int = 100, color: bool = False, short: bool = False
) -> str:
    """The statement page; `short` is `aidledger me`, which speaks to the person."""
    voice = Voice(statement.handle) if short else TEAM
    rows = summary_lines(statement, voice, short=short)
    return to_text(
        plain(f"{_who(statement)}, {statement.team}", style="bold underline"),
        _summary_table(rows),
        Text(""),
        *_warnings(statement, voice),
        *([] if short else _notes(statement)),
        width=width,
        color=color,
    )


def _partner_documents(partners: tuple[Partner, ...]) -> list[dict[str, Any]]:
    return [
        {
            "handle": partner.handle,
            "minutes": minutes_value(partner.minutes),
            "count": partner.count,
        }
        for partner in partners
    ]


def statement_document(statement: Statement, voice: Voice = TEAM) -> dict[str, Any]:
    """The stable JSON shape of `aidledger statement --format json` (and of `me`)."""
    return {
        "handle": statement.handle,
        "name": statement.name,
        "team": statement.team,
        "as_of": statement.as_of.isoformat(),
        **window_document(statement.window),
        "warnings_window": window_document(statement.evaluated),
        "unit": "person-minutes",
        "given_minutes": minutes_value(statement.given_minutes),
        "received_minutes": minutes_value(statement.received_minutes),
        "net_minutes": minutes_value(statement.net_minutes),
        "given_count": statement.given_count,
        "received_count": statement.received_count,
        "favourable": statement.favourable,
        "gave_to": _partner_documents(statement.gave_to),
        "received_from": _partner_documents(statement.received_from),
        "topics": [
            {"topic": topic, "minutes": minutes_value(minutes)}
            for topic, minutes in statement.topics
        ],
        "more_topics": statement.more_topics,
        "modes_given": {mode: minutes_value(minutes) for mode, minutes in statement.modes_given},
        "modes_received": {
            mode: minutes_value(minutes) for mode, minutes in statement.modes_received
        },
        "usefulness": {
            "mean": None if statement.mean_useful is None else round(statement.mean_useful, 2),
            "ratings": {str(rating): count for rating, count in statement.useful_ratings},
        },
        "warnings": [finding_document(finding, voice) for finding in statement.findings],
        "exchanges": [exchange_document(exchange) for exchange in statement.exchanges],
    }


def render_json(statement: Statement, *, short: bool = False) -> str:
    voice = Voice(statement.handle) if short else TEAM
    return json_text(statement_document(statement, voice))


def render_markdown(statement: Statement, *, short: bool = False) -> str:
    voice = Voice(statement.handle) if short else TEAM
    you = short
    summary = summary_lines(statement, voice, short=short)
    # Translators: the title of a person's statement; {who} is their name and handle.
    title = _("Mutual-aid statement: {who}").format(who=cell(_who(statement)))
    lines = ["# " + title, ""]
    lines += [_("Team: {team}").format(team=cell(statement.team)), ""]
    lines += markdown_table(("", ""), summary)
    lines += ["", f"## {_warnings_heading(you)}", ""]
    if not statement.findings:
        # Translators: no warning concerns the person.
        lines.append(pgettext("warnings", "None."))
    for finding in statement.findings:
        text, step = markdown_words(finding, voice)
        # Translators: a warning about a person: {label} says how urgent it is ("act
        # now"), {warning_id} is its id (kept in English), then what it says.
        said = _("{label} {warning_id}: {text}").format(
            label=f"**{_(PERSONAL_SEVERITY[finding.severity])}**",
            warning_id=f"`{finding.id}`",
            text=text,
        )
        lines.append(f"- {said}")
        lines.append(next_step_line(step))
    if short:
        return "\n".join([*lines, ""])
    lines += ["", "## " + _("Exchanges"), ""]
    rows = (
        (
            format_short_day(exchange.date),
            exchange.helper,
            ", ".join(exchange.helped),
            format_minutes(exchange.minutes),
            mode_label(exchange.mode),
            exchange.topic,
            _useful_cell(statement, exchange),
        )
        for exchange in statement.exchanges
    )
    headers = (
        pgettext("column", "date"),
        pgettext("column", "helper"),
        pgettext("column", "helped"),
        pgettext("column", "time"),
        pgettext("column", "mode"),
        pgettext("column", "topic"),
        # Translators: the rating out of 5 the person helped gave.
        pgettext("column", "useful"),
    )
    lines += markdown_table(headers, rows, right=(3, 6))
    noted = noted_thanks(statement)
    if noted:
        lines += ["", "## " + _("Notes with thanks"), ""]
        lines += [
            f"- {_noted(cell(note_heading(exchange, given)), cell(note))}"
            for exchange, given, note in noted
        ]
    lines.append("")
    return "\n".join(lines)
