"""Reading the ledger: `exchanges` and `balance`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    NoCacheOption,
    PeriodOption,
    RootOption,
    SinceOption,
    TableFormat,
    UntilOption,
    choice,
    emit_in_format,
    hint_unknown,
    lowercase,
    one_of,
    optional_past_day,
    period_window,
    resolve_root,
    today,
    with_period,
)
from aidledger.i18n import _
from aidledger.model.values import MODES, months_of

FormatOption = Annotated[
    TableFormat, typer.Option("--format", parser=choice(TableFormat), help="Output format.")
]

if TYPE_CHECKING:
    from datetime import date

    from aidledger.engine.context import Context
    from aidledger.engine.window import Window
    from aidledger.model.records import Member


def _check_handles(members: Iterable[Member], **options: str | None) -> None:
    from aidledger.cli.common import known_member

    members = tuple(members)
    for option, handle in options.items():
        if handle is not None:
            known_member(members, handle, f"--{option}")


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
    helper: Annotated[
        str | None,
        typer.Option(metavar="HANDLE", help="Only exchanges this member gave.", show_default=False),
    ] = None,
    helped: Annotated[
        str | None,
        typer.Option(
            metavar="HANDLE", help="Only exchanges this member received.", show_default=False
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TAG",
            help="Only exchanges with this tag (repeatable: all of them).",
            show_default=False,
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(
            metavar="MODE",
            parser=one_of(MODES),
            help=f"Only exchanges of this mode: {', '.join(MODES)}.",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    unconfirmed: Annotated[
        bool, typer.Option("--unconfirmed", help="Only those not yet confirmed.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=1,
            help="Only the N most recent (N at least 1), as `git log -n` keeps the newest.",
            show_default=False,
        ),
    ] = None,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Newest first.", show_default=False)
    ] = False,
    output_format: FormatOption = TableFormat.table,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """List exchanges, oldest first (newest first with --reverse); the filters combine."""
    from aidledger.engine.context import ledger_context
    from aidledger.engine.window import matching, newest, select
    from aidledger.render import exchanges as render
    from aidledger.store.load import load_ledger

    since, until = with_period(period, since, until)
    window = period_window(since, until)
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    _check_handles(ledger.member_records(), member=member, helper=helper, helped=helped)
    why = _("exchanges are listed as they stand on a day that has come")
    day = optional_past_day(until, "--until", why) or today()
    context = ledger_context(ledger, day)
    listed = select(context.exchanges, window, member=member, unconfirmed_only=unconfirmed)
    filtered = matching(listed, helper=helper, helped=helped, tags=lowercase(tag), mode=mode)
    if not filtered:
        known_tags = (name for exchange in context.exchanges for name in exchange.tags)
        # Translators: followed by the tag asked for, as in "no exchange has the tag 'sqll'".
        hint_unknown(lowercase(tag), known_tags, _("no exchange has the tag {word}"))
    selected = newest(filtered, limit, reverse=reverse)
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_json(selected),
            TableFormat.csv: lambda: render.render_csv(selected),
            TableFormat.markdown: lambda: render.render_markdown(
                selected, show_confirmed=not unconfirmed
            ),
        },
        lambda output: render.render_table(
            selected,
            width=output.width,
            color=output.color,
            known_ids=[
                *(located.record.id for located in ledger.exchanges),
                *(located.record.id for located in ledger.requests),
            ],
            show_confirmed=not unconfirmed,
        ),
    )


def balance(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    monthly: Annotated[
        bool,
        typer.Option(
            "--monthly",
            "-M",
            help="One column per calendar month of the period, with each member's net.",
        ),
    ] = False,
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

    since, until = with_period(period, since, until)
    window = period_window(since, until)
    why = _("balances are read as they stand on a day that has come")
    day = optional_past_day(until, "--until", why)
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    context = ledger_context(ledger, day or today())
    if monthly:
        _monthly(context, window, day or today(), output_format)
        return
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


def _monthly(context: Context, window: Window, day: date, output_format: TableFormat) -> None:
    """`balance --monthly`: each member's net per calendar month of the period."""
    from aidledger.engine.balance import compute_balances, monthly_balances
    from aidledger.render import balance as render

    counted = context.counted(window)
    first = window.since or min((exchange.date for exchange in counted), default=day)
    last = window.until or day
    months = monthly_balances(counted, context.members, months_of(first, last))
    whole = compute_balances(counted, context.members)
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_monthly_json(months, whole, window),
            TableFormat.csv: lambda: render.render_monthly_csv(months, whole),
            TableFormat.markdown: lambda: render.render_monthly_markdown(months, whole, window),
        },
        lambda output: render.render_monthly_table(
            months, whole, window, width=output.width, color=output.color
        ),
    )


def register(app: typer.Typer) -> None:
    app.command("exchanges")(exchanges)
    app.command("balance")(balance)
