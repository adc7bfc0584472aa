"""A person's statement as a terminal page, JSON or Markdown, and the short form of `me`."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.report import Partner, Statement
from aidledger.model.records import Confirmation, Exchange
from aidledger.model.values import format_minutes, plural, signed_minutes
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
from aidledger.render.report import evaluation_line, window_document
from aidledger.render.terminal import minutes_value, period_text, plain, to_text


def _who(statement: Statement) -> str:
    return f"{statement.name} ({statement.handle})" if statement.name else statement.handle


def _verdict(statement: Statement, voice: Voice) -> str:
    they = "you" if voice.you == statement.handle else "they"
    if statement.favourable is None:
        return "no exchange in this period"
    if statement.favourable:
        return f"favourable: {they} received at least half as much help as {they} gave"
    return f"not favourable yet: {they} gave more than twice what {they} received"


def _mix(pairs: tuple[tuple[str, float], ...]) -> str:
    total = sum(minutes for _, minutes in pairs)
    if not total:
        return "none"
    return ", ".join(f"{mode} {minutes / total:.0%}" for mode, minutes in pairs if minutes)


def _partners(partners: tuple[Partner, ...]) -> str:
    if not partners:
        return "nobody"
    return ", ".join(
        f"{partner.handle} {format_minutes(partner.minutes)} ({partner.count}×)"
        for partner in partners
    )


def _usefulness(statement: Statement) -> str:
    rated = sum(count for _, count in statement.useful_ratings)
    if statement.mean_useful is None:
        return "no ratings yet"
    spread = " ".join(f"{rating}★×{count}" for rating, count in statement.useful_ratings if count)
    return f"{statement.mean_useful:.1f}/5 over {plural(rated, 'rating')} ({spread})"


def _topics(statement: Statement) -> str:
    listed = ", ".join(f"{topic} {format_minutes(minutes)}" for topic, minutes in statement.topics)
    if statement.more_topics:
        listed += f" and {plural(statement.more_topics, 'more topic')}"
    return listed or "nothing yet"


def summary_lines(statement: Statement, voice: Voice) -> list[tuple[str, str]]:
    they = "you" if voice.you == statement.handle else "they"
    return [
        ("period", period_text(statement.window)),
        (
            "given",
            f"{format_minutes(statement.given_minutes)} in "
            f"{plural(statement.given_count, 'exchange')}",
        ),
        (
            "received",
            f"{format_minutes(statement.received_minutes)} in "
            f"{plural(statement.received_count, 'exchange')}",
        ),
        ("net", signed_minutes(statement.net_minutes)),
        ("balance", _verdict(statement, voice)),
        ("warnings", evaluation_line(statement.as_of, statement.evaluated, statement.window)),
        ("gave to", _partners(statement.gave_to)),
        ("received from", _partners(statement.received_from)),
        ("on", _topics(statement)),
        (f"how {they} gave", _mix(statement.modes_given)),
        (f"how {they} received", _mix(statement.modes_received)),
        ("usefulness as helper", _usefulness(statement)),
    ]


SHORT_ROWS = ("period", "given", "received", "net", "balance", "warnings")


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
        nothing = "No warning concerns you." if you else "No warning concerns them."
        return [Text(nothing, style="green")]
    heading = "What needs your attention" if you else "Warnings that concern them"
    lines: list[RenderableType] = [Text(heading, style="bold")]
    for finding in statement.findings:
        lines += finding_lines(finding, 2, voice, personal=True)
    return lines


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
    return f"{exchange.date}  {exchange.helper} → {given.by}"


def _notes(statement: Statement) -> list[RenderableType]:
    noted = noted_thanks(statement)
    if not noted:
        return []
    lines: list[RenderableType] = [Text(""), Text("Notes with thanks", style="bold")]
    lines += [
        Padding(plain(f"{note_heading(exchange, given)}: {note}"), (0, 0, 0, 2))
        for exchange, given, note in noted
    ]
    return lines


def render_text(
    statement: Statement, *, width: int = 100, color: bool = False, short: bool = False
) -> str:
    """The statement page; `short` is `aidledger me`, which speaks to the person."""
    voice = Voice(statement.handle) if short else TEAM
    rows = summary_lines(statement, voice)
    if short:
        rows = [row for row in rows if row[0] in SHORT_ROWS]
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
    summary = summary_lines(statement, voice)
    if short:
        summary = [row for row in summary if row[0] in SHORT_ROWS]
    lines = [f"# Mutual-aid statement: {cell(_who(statement))}", ""]
    lines += [f"Team: {cell(statement.team)}", ""]
    lines += markdown_table(("", ""), summary)
    lines += ["", "## What needs your attention" if you else "## Warnings that concern them", ""]
    if not statement.findings:
        lines.append("None.")
    for finding in statement.findings:
        text, step = markdown_words(finding, voice)
        label = PERSONAL_SEVERITY[finding.severity]
        lines.append(f"- **{label}** `{finding.id}`: {text}")
        lines.append(f"  *Next step:* {step}")
    if short:
        return "\n".join([*lines, ""])
    lines += ["", "## Exchanges", ""]
    rows = (
        (
            exchange.date,
            exchange.helper,
            ", ".join(exchange.helped),
            format_minutes(exchange.minutes),
            exchange.mode,
            exchange.topic,
            _useful_cell(statement, exchange),
        )
        for exchange in statement.exchanges
    )
    headers = ("date", "helper", "helped", "time", "mode", "topic", "useful")
    lines += markdown_table(headers, rows, right=(3, 6))
    noted = noted_thanks(statement)
    if noted:
        lines += ["", "## Notes with thanks", ""]
        lines += [
            f"- {cell(note_heading(exchange, given))}: {cell(note)}"
            for exchange, given, note in noted
        ]
    lines.append("")
    return "\n".join(lines)
