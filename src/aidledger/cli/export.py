"""`aidledger export`: the exchanges that count, for hledger, beancount, spreadsheets and SQL."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    NoCacheOption,
    PeriodOption,
    RootOption,
    SinceOption,
    UntilOption,
    choice,
    emit,
    optional_past_day,
    period_window,
    resolve_root,
    today,
    with_period,
)
from aidledger.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from aidledger.engine.window import Window
    from aidledger.model.records import Exchange


class ExportFormat(StrEnum):
    hledger = "hledger"
    beancount = "beancount"
    csv = "csv"
    jsonl = "jsonl"


def _period_text(window: Window, day: date) -> str:
    since = window.since.isoformat() if window.since else "the first exchange"
    return f"{since} to {day.isoformat()}"


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            metavar="hledger|beancount|csv|jsonl",
            parser=choice(ExportFormat),
            help="A journal for hledger or beancount, CSV, or JSON Lines.",
            show_default=False,
        ),
    ],
    since: SinceOption = None,
    until: UntilOption = None,
    period: PeriodOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Print the exchanges that count, as `balance` counts them, oldest first.

    hledger and beancount journals move person-minutes from `given:HELPER` to
    `received:HELPED`, so their balances are those of `aidledger balance`; CSV and JSON
    Lines hold one exchange per row or line (see docs/exports.md).
    """
    from aidledger.engine.context import ledger_context
    from aidledger.render import export as tables
    from aidledger.render import journal
    from aidledger.store.load import load_ledger

    # The same reading of the ledger as `aidledger balance`: as it stood on --until.
    since, until = with_period(period, since, until)
    window = period_window(since, until)
    why = _("exports are read as they stand on a day that has come")
    day = optional_past_day(until, "--until", why) or today()
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    context = ledger_context(ledger, day)
    counted = context.counted(window)
    team = ledger.settings.team
    period_text = _period_text(window, day)
    listed: dict[str, Exchange] = {exchange.id: exchange for exchange in context.exchanges}
    # CSV and JSON Lines show each exchange as listed, with the part of it that counts.
    pairs = [(listed[exchange.id], exchange) for exchange in counted]
    renderers: dict[ExportFormat, Callable[[], str]] = {
        ExportFormat.hledger: lambda: journal.render_hledger(
            counted, team=team, period=period_text
        ),
        ExportFormat.beancount: lambda: journal.render_beancount(
            counted, team=team, period=period_text
        ),
        ExportFormat.csv: lambda: tables.render_csv(pairs, team=team),
        ExportFormat.jsonl: lambda: tables.render_jsonl(pairs, team=team),
    }
    emit(renderers[output_format]())


def register(app: typer.Typer) -> None:
    app.command("export")(export)
