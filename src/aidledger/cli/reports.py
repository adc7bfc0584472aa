"""Reports for people: `report`, `statement`, `me` and `graph`."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    AsOption,
    NoCacheOption,
    Output,
    PeriodOption,
    RootOption,
    SinceOption,
    UntilOption,
    acting,
    check_period,
    choice,
    emit,
    emit_in_format,
    known_member,
    optional_past_day,
    resolve_root,
    say,
    today,
    with_period,
)
from aidledger.errors import UsageError
from aidledger.i18n import _, format_day

if TYPE_CHECKING:
    from aidledger.engine.context import Context
    from aidledger.engine.findings import Finding
    from aidledger.engine.report import TeamReport
    from aidledger.engine.window import Window
    from aidledger.model.ledger import Ledger


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        parser=choice(ReportFormat),
        help="Output format; html: one self-contained page with charts (the html extra).",
    ),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the output to FILE instead of standard output.",
        show_default=False,
        dir_okay=False,
    ),
]

# What `--format html` imports, each from the `html` extra.
HTML_MODULES = ("jinja2", "pygal", "networkx", "numpy")
HTML_EXTRA = "pip install 'aidledger[html]'"


def html_page() -> ModuleType:
    """The HTML renderer, once its libraries are known to be there; a sentence if not."""
    missing = [name for name in HTML_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            # Translators: {modules} are Python libraries; {command} installs them.
            _("--format html needs {modules}, from the html extra: {command}").format(
                modules=", ".join(missing), command=HTML_EXTRA
            )
        )
    from aidledger.render.html import page

    return page


def deliver(
    chosen: str,
    renderers: Mapping[str, Callable[[], str]],
    table: Callable[[Output], str],
    output_file: Path | None,
) -> None:
    """Print the chosen format, or write it to --output FILE at once and name the file
    (`-` is standard output, as for most tools)."""
    if output_file is None or str(output_file) == "-":
        emit_in_format(chosen, renderers, table)
        return
    from aidledger.render.text import without_workflow_commands
    from aidledger.store.files import atomic_write

    render = renderers.get(chosen)
    text = render() if render is not None else table(Output(color=False, width=100))
    atomic_write(output_file, without_workflow_commands(text))
    say(_("Wrote {file}").format(file=output_file))


@dataclass(frozen=True)
class _Loaded:
    """The ledger, its context as of the day, the findings, and the period the page shows."""

    folder: Path
    ledger: Ledger
    context: Context
    findings: tuple[Finding, ...]
    period: Window | None
    history: Window | None


def _load(
    ctx: typer.Context,
    root: Path | None,
    as_of: str | None,
    since: str | None,
    until: str | None,
    no_cache: bool,
    period: str | None = None,
) -> _Loaded:
    """The ledger as of --as-of, else --until, else today, and its warnings on that day.

    The period (--since, --until) narrows the tables only: the warnings are always those
    `check --as-of` gives on the same day. With neither, the period is the charter's window.
    --period stands for --since and --until, read relative to --as-of (today by default).
    """
    from aidledger.engine.context import ledger_context
    from aidledger.engine.rules import evaluate
    from aidledger.engine.window import Window
    from aidledger.store.load import load_ledger

    why = _("the ledger is read as it stands on a day that has come")
    if period is not None:
        reference = optional_past_day(as_of, "--as-of", why)
        since, until = with_period(period, since, until, reference)
    first = optional_past_day(since, "--since", why)
    last = optional_past_day(until, "--until", why)
    check_period(first, last)
    day = optional_past_day(as_of, "--as-of", why) or last or today()
    if last is not None and last > day:
        raise UsageError(
            _("--until {until} is after the day the report is made ({day})").format(
                until=last, day=format_day(day)
            )
        )
    if first is not None and first > day:
        raise UsageError(
            _("--since {since} is after the day the report is made ({day})").format(
                since=first, day=format_day(day)
            )
        )
    folder = resolve_root(ctx, root)
    ledger = load_ledger(folder, today(), use_cache=not no_cache)
    context = ledger_context(ledger, day)
    shown = Window(first, last or day) if first or last else None
    return _Loaded(folder, ledger, context, evaluate(context), shown, shown)


def report(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    anonymize: Annotated[
        bool,
        typer.Option(
            "--anonymize",
            help="Share outside the team: pseudonyms for people, new ids, no free text.",
        ),
    ] = False,
    output_file: OutputFileOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """The team at a glance: figures, people, warnings by pattern, thanks."""
    from aidledger.engine.anonymize import anonymize_report
    from aidledger.engine.report import team_report
    from aidledger.render import report as render

    if output_format is ReportFormat.html:
        html_page()  # before reading the ledger: a missing extra is said at once
    loaded = _load(ctx, root, as_of, since, until, no_cache, period)
    team = loaded.ledger.settings.team
    result = team_report(team, loaded.context, loaded.findings, loaded.period, loaded.history)
    if anonymize:
        result = anonymize_report(result, loaded.ledger.member_records())
    deliver(
        output_format,
        {
            ReportFormat.json: lambda: render.render_json(result),
            ReportFormat.markdown: lambda: render.render_markdown(result),
            ReportFormat.html: lambda: _report_page(loaded, result, anonymize=anonymize),
        },
        lambda output: render.render_text(result, width=output.width, color=output.color),
        output_file,
    )


def _report_page(loaded: _Loaded, result: TeamReport, *, anonymize: bool) -> str:
    """The team's page: the report and (unless anonymized, since requests hold free text and
    names) the next meeting's agenda with the open requests."""
    from aidledger.engine.agenda import agenda

    page = html_page()
    team = loaded.ledger.settings.team
    upcoming = None if anonymize else agenda(loaded.context, loaded.findings, team)
    text: str = page.render_report_html(result, upcoming)
    return text


def _statement_output(
    loaded: _Loaded,
    handle: str,
    output_format: ReportFormat,
    *,
    short: bool,
    output_file: Path | None = None,
) -> None:
    from aidledger.engine.report import statement
    from aidledger.render import statement as render
    from aidledger.render.findings import Voice

    if output_format is ReportFormat.html:
        html_page()

    member = known_member(loaded.ledger.member_records(), handle, "statement")
    if member.joined > loaded.context.as_of:
        raise UsageError(
            # Translators: {day} is the day the statement is made.
            _("statement: {handle} joined the team on {joined}, after {day}").format(
                handle=handle,
                joined=format_day(member.joined),
                day=format_day(loaded.context.as_of),
            )
        )
    team = loaded.ledger.settings.team
    result = statement(member, team, loaded.context, loaded.findings, loaded.period)
    voice = Voice(handle) if short else Voice()
    deliver(
        output_format,
        {
            ReportFormat.json: lambda: render.render_json(result, short=short),
            ReportFormat.markdown: lambda: render.render_markdown(result, short=short),
            ReportFormat.html: lambda: str(html_page().render_statement_html(result, voice)),
        },
        lambda output: render.render_text(
            result, width=output.width, color=output.color, short=short
        ),
        output_file,
    )


def statement(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member.")],
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    output_file: OutputFileOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """One person's record for a period, fit for a professional review."""
    loaded = _load(ctx, root, None, since, until, no_cache, period)
    _statement_output(loaded, handle, output_format, short=False, output_file=output_file)


def me(
    ctx: typer.Context,
    output_format: ReportFormatOption = ReportFormat.table,
    output_file: OutputFileOption = None,
    as_handle: AsOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Your own balance over the charter's window, in short."""
    loaded = _load(ctx, root, None, None, None, no_cache)
    actor = acting(loaded.ledger.member_records(), as_handle, loaded.folder)
    _statement_output(loaded, actor.handle, output_format, short=True, output_file=output_file)


def graph(
    ctx: typer.Context,
    output_format: Annotated[
        GraphFormat,
        typer.Option("--format", parser=choice(GraphFormat), help="mermaid, or dot for Graphviz."),
    ] = GraphFormat.mermaid,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """The who-helps-whom network over the window; edge weight = person-minutes."""
    from aidledger.engine.report import team_report
    from aidledger.render.graph import render_dot, render_mermaid

    loaded = _load(ctx, root, None, since, until, no_cache, period)
    result = team_report(loaded.ledger.settings.team, loaded.context, (), loaded.period)
    if output_format is GraphFormat.dot:
        emit(render_dot(result.edges, loaded.ledger.settings.team, result.window))
    else:
        emit(render_mermaid(result.edges))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("statement")(statement)
    app.command("me")(me)
    app.command("graph")(graph)
