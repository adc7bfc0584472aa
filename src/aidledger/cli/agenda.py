"""`aidledger agenda`: the regular exchange meeting's agenda, fitted to its time."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    NoCacheOption,
    RootOption,
    choice,
    emit_in_format,
    optional_past_day,
    past_day,
    resolve_root,
    today,
)
from aidledger.errors import UsageError
from aidledger.i18n import _, format_day

MAX_MINUTES = 240


class AgendaFormat(StrEnum):
    markdown = "markdown"
    table = "table"
    json = "json"


def agenda(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="First day whose help is thanked (YYYY-MM-DD, yesterday, 14d); default: the"
            " last meeting recorded, else the charter's meeting_every_days before --as-of.",
            show_default=False,
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes",
            metavar="N",
            min=1,
            max=MAX_MINUTES,
            help=f"How long the meeting lasts, 1 to {MAX_MINUTES} minutes; default: the"
            " charter's meeting_minutes (15).",
            show_default=False,
        ),
    ] = None,
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="Leave names out of the balance points (needs and thanks keep them).",
        ),
    ] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[
        AgendaFormat,
        typer.Option(
            "--format",
            parser=choice(AgendaFormat),
            help="markdown (to paste in the team's notes), table, or json.",
        ),
    ] = AgendaFormat.markdown,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Prepare the exchange meeting: open needs with suggested helpers, offers and spare
    time, thanks since the last meeting, balance points to discuss, help to settle; each
    item with a time box, the most urgent first, and what does not fit left for next time."""
    from aidledger.engine.agenda import agenda as make_agenda
    from aidledger.engine.context import ledger_context
    from aidledger.engine.rules import evaluate
    from aidledger.render import agenda as render
    from aidledger.store.load import load_ledger

    why = _("the agenda is made on a day that has come")
    day = past_day(as_of, "--as-of", why)
    first = optional_past_day(since, "--since", why)
    if first is not None and first > day:
        raise UsageError(
            _("--since {since} is after the day of the agenda ({day})").format(
                since=first, day=format_day(day)
            )
        )
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    context = ledger_context(ledger, day)
    result = make_agenda(
        context,
        evaluate(context),
        ledger.settings.team,
        since=first,
        minutes=minutes,
        private=private,
    )
    emit_in_format(
        output_format,
        {
            AgendaFormat.markdown: lambda: render.render_markdown(result),
            AgendaFormat.json: lambda: render.render_json(result),
        },
        lambda output: render.render_table(result, width=output.width, color=output.color),
    )


def register(app: typer.Typer) -> None:
    app.command("agenda")(agenda)
