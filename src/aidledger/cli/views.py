"""Reading the ledger: `exchanges`, `balance` and `report`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    NoCacheOption,
    RootOption,
    SinceOption,
    TableFormat,
    UntilOption,
    check_period,
    emit_in_format,
    optional_date,
    optional_past_day,
    resolve_root,
    today,
)

FormatOption = Annotated[TableFormat, typer.Option("--format", help="Output format.")]

if TYPE_CHECKING:
    from aidledger.engine.window import Window


def _window(since: str | None, until: str | None) -> Window:
    from aidledger.engine.window import Window

    window = Window(optional_date(since, "--since"), optional_date(until, "--until"))
    check_period(window.since, window.until)
    return window


def exchanges(
    ctx: typer.Context,
    member: Annotated[
        str | None,
        typer.Option(
            metavar="HANDLE",
            help="Only exchanges this member gave or received.",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    unconfirmed: Annotated[bool, typer.Option(help="Only those not yet confirmed.")] = False,
    output_format: FormatOption = TableFormat.table,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """List exchanges, oldest first."""
    from aidledger.cli.common import known_member
    from aidledger.engine.context import ledger_context
    from aidledger.engine.window import select
    from aidledger.render import exchanges as render
    from aidledger.store.load import load_ledger

    window = _window(since, until)
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    if member is not None:
        known_member(ledger.member_records(), member, "--member")
    why = "exchanges are listed as they stand on a day that has come"
    day = optional_past_day(until, "--until", why) or today()
    context = ledger_context(ledger, day)
    selected = select(context.exchanges, window, member=member, unconfirmed_only=unconfirmed)
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_json(selected),
            TableFormat.csv: lambda: render.render_csv(selected),
            TableFormat.markdown: lambda: render.render_markdown(selected),
        },
        lambda output: render.render_table(selected, width=output.width, color=output.color),
    )


def balance(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = TableFormat.table,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Given and received person-minutes per member, and exchanges given and received.

    The ledger is read as it stood on --until (today by default), as every report reads it.
    """
    from aidledger.engine.balance import compute_balances
    from aidledger.engine.context import ledger_context
    from aidledger.render import balance as render
    from aidledger.store.load import load_ledger

    window = _window(since, until)
    why = "balances are read as they stand on a day that has come"
    day = optional_past_day(until, "--until", why)
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    context = ledger_context(ledger, day or today())
    balances = compute_balances(context.counted(window), context.members)
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_json(balances, window),
            TableFormat.csv: lambda: render.render_csv(balances, window),
            TableFormat.markdown: lambda: render.render_markdown(balances, window),
        },
        lambda output: render.render_table(
            balances, window, width=output.width, color=output.color
        ),
    )


def register(app: typer.Typer) -> None:
    app.command("exchanges")(exchanges)
    app.command("balance")(balance)
