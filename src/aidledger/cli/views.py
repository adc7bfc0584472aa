"""Reading the ledger: `exchanges`, `balance` and `report`."""

from __future__ import annotations

from typing import Annotated

import typer

from aidledger.cli.common import (
    Output,
    RootOption,
    SinceOption,
    TableFormat,
    UntilOption,
    check_period,
    emit,
    optional_date,
    resolve_root,
    today,
)
from aidledger.engine.window import Window

FormatOption = Annotated[TableFormat, typer.Option("--format", help="Output format.")]


def _window(since: str | None, until: str | None) -> Window:
    window = Window(optional_date(since, "--since"), optional_date(until, "--until"))
    check_period(window.since, window.until)
    return window


def exchanges(
    ctx: typer.Context,
    member: Annotated[
        str | None,
        typer.Option(help="Only exchanges this member gave or received.", show_default=False),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    unconfirmed: Annotated[bool, typer.Option(help="Only those not yet confirmed.")] = False,
    output_format: FormatOption = TableFormat.table,
    root: RootOption = None,
) -> None:
    """List exchanges, oldest first."""
    from aidledger.cli.common import known_member
    from aidledger.render import exchanges as render
    from aidledger.store.load import load_ledger

    ledger = load_ledger(resolve_root(ctx, root), today())
    if member is not None:
        known_member(ledger.member_records(), member, "--member")
    window = _window(since, until)
    selected = sorted(
        (
            exchange
            for exchange in ledger.iter_exchanges()
            if window.contains(exchange.date)
            and (member is None or member == exchange.helper or member in exchange.helped)
            and not (unconfirmed and exchange.confirmed)
        ),
        key=lambda exchange: (exchange.date, exchange.id),
    )
    if output_format is TableFormat.json:
        emit(render.render_json(selected))
    elif output_format is TableFormat.csv:
        emit(render.render_csv(selected))
    elif output_format is TableFormat.markdown:
        emit(render.render_markdown(selected))
    else:
        output = Output.detect()
        emit(render.render_table(selected, width=output.width, color=output.color))


def balance(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = TableFormat.table,
    root: RootOption = None,
) -> None:
    """Given and received minutes per member, credited per (helper, helped) pair."""
    from aidledger.engine.balance import compute_balances
    from aidledger.engine.window import counted
    from aidledger.render import balance as render
    from aidledger.store.load import load_ledger

    ledger = load_ledger(resolve_root(ctx, root), today())
    window = _window(since, until)
    selected = counted(
        ledger.iter_exchanges(),
        window,
        count_unconfirmed=ledger.charter.rules.count_unconfirmed,
    )
    balances = compute_balances(selected, ledger.member_records())
    if output_format is TableFormat.json:
        emit(render.render_json(balances, window))
    elif output_format is TableFormat.csv:
        emit(render.render_csv(balances, window))
    elif output_format is TableFormat.markdown:
        emit(render.render_markdown(balances, window))
    else:
        output = Output.detect()
        emit(render.render_table(balances, window, width=output.width, color=output.color))


def register(app: typer.Typer) -> None:
    app.command("exchanges")(exchanges)
    app.command("balance")(balance)
