"""`aidledger check`: validate every file, evaluate the warnings, exit 0, 1 or 2."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from aidledger.cli.common import AsOfOption, RootOption, emit, optional_date, resolve_root, today


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def check(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text, json, or github annotations.")
    ] = CheckFormat.text,
    root: RootOption = None,
) -> None:
    """Validate the data and evaluate the warnings; exit 1 on a `fail` warning, 2 on bad data."""
    from aidledger.engine.check import check_ledger
    from aidledger.render import check as render
    from aidledger.store.load import read_ledger

    folder = resolve_root(ctx, root)
    day = optional_date(as_of, "--as-of") or today()
    ledger, problems = read_ledger(folder)
    result = check_ledger(ledger, problems, today=today(), as_of=day)
    renderer = {
        CheckFormat.text: render.render_text,
        CheckFormat.json: render.render_json,
        CheckFormat.github: render.render_github,
    }[output_format]
    emit(renderer(result, day))
    raise typer.Exit(result.exit_code)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
