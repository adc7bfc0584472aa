"""Reports for people: `report`, `statement`, `me` and `graph`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    AsOption,
    RootOption,
    SinceOption,
    UntilOption,
    acting_member,
    check_period,
    emit,
    emit_in_format,
    known_member,
    optional_date,
    resolve_root,
    today,
)
from aidledger.errors import UsageError

if TYPE_CHECKING:
    from aidledger.engine.context import Context
    from aidledger.model.ledger import Ledger


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", help="Output format.")]


@dataclass(frozen=True)
class _Loaded:
    folder: Path
    ledger: Ledger
    context: Context


def _load(
    ctx: typer.Context,
    root: Path | None,
    as_of: str | None,
    since: str | None,
    until: str | None,
) -> _Loaded:
    """The ledger and the context: as of --as-of, else --until, else today.

    With neither --since nor --until the window is the charter's `window_days`.
    """
    from aidledger.engine.check import ledger_context
    from aidledger.engine.window import Window
    from aidledger.store.load import load_ledger

    first = optional_date(since, "--since")
    last = optional_date(until, "--until")
    check_period(first, last)
    day = optional_date(as_of, "--as-of") or last or today()
    if last is not None and last > day:
        raise UsageError(f"--until {last} is after the day the report is made ({day})")
    if first is not None and first > day:
        raise UsageError(f"--since {first} is after the day the report is made ({day})")
    folder = resolve_root(ctx, root)
    ledger = load_ledger(folder, today())
    window = Window(first, last or day) if first or last else None
    return _Loaded(folder, ledger, ledger_context(ledger, day, window))


def report(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Replace handles with stable pseudonyms.")
    ] = False,
    root: RootOption = None,
) -> None:
    """The team at a glance: figures, people, warnings by person, thanks."""
    from aidledger.engine.anonymize import anonymize_report, pseudonyms
    from aidledger.engine.report import team_report
    from aidledger.engine.warnings import evaluate
    from aidledger.render import report as render

    loaded = _load(ctx, root, as_of, since, until)
    team = loaded.ledger.settings.team
    result = team_report(team, loaded.context, evaluate(loaded.context))
    if anonymize:
        result = anonymize_report(result, pseudonyms(loaded.ledger.member_records()))
    emit_in_format(
        output_format,
        {
            ReportFormat.json: lambda: render.render_json(result),
            ReportFormat.markdown: lambda: render.render_markdown(result),
        },
        lambda output: render.render_text(result, width=output.width, color=output.color),
    )


def _statement_output(
    loaded: _Loaded, handle: str, output_format: ReportFormat, *, short: bool
) -> None:
    from aidledger.engine.report import statement
    from aidledger.engine.warnings import evaluate
    from aidledger.render import statement as render

    member = known_member(loaded.ledger.member_records(), handle, "statement")
    result = statement(
        member, loaded.ledger.settings.team, loaded.context, evaluate(loaded.context)
    )
    emit_in_format(
        output_format,
        {
            ReportFormat.json: lambda: render.render_json(result),
            ReportFormat.markdown: lambda: render.render_markdown(result),
        },
        lambda output: render.render_text(
            result, width=output.width, color=output.color, short=short
        ),
    )


def statement(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member.")],
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    root: RootOption = None,
) -> None:
    """One person's record for a period, fit for a professional review."""
    _statement_output(_load(ctx, root, None, since, until), handle, output_format, short=False)


def me(
    ctx: typer.Context,
    output_format: ReportFormatOption = ReportFormat.table,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Your own balance over the charter's window, in short."""
    loaded = _load(ctx, root, None, None, None)
    actor = acting_member(loaded.ledger.member_records(), as_handle, loaded.folder, required=True)
    assert actor is not None
    _statement_output(loaded, actor.handle, output_format, short=True)


def graph(
    ctx: typer.Context,
    output_format: Annotated[
        GraphFormat, typer.Option("--format", help="mermaid, or dot for Graphviz.")
    ] = GraphFormat.mermaid,
    since: SinceOption = None,
    until: UntilOption = None,
    root: RootOption = None,
) -> None:
    """The who-helps-whom network over the window; edge weight = minutes."""
    from aidledger.engine.report import team_report
    from aidledger.render.graph import render_dot, render_mermaid

    loaded = _load(ctx, root, None, since, until)
    result = team_report(loaded.ledger.settings.team, loaded.context, ())
    if output_format is GraphFormat.dot:
        emit(render_dot(result.edges, result.team, result.window))
    else:
        emit(render_mermaid(result.edges))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("statement")(statement)
    app.command("me")(me)
    app.command("graph")(graph)
