"""`aidledger check`: validate every file, evaluate the warnings, exit 0, 1 or 2."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    NoCacheOption,
    RootOption,
    emit,
    past_day,
    resolve_root,
    say,
    today,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def check(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            help="text, json, or github annotations (the default under GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Validate the data and evaluate the warnings; exit 1 on a `fail` warning, 2 on bad data."""
    from aidledger.engine.check import check_ledger
    from aidledger.render import check as render
    from aidledger.store.load import read_ledger

    folder = resolve_root(ctx, root)
    now = today()
    day = past_day(
        as_of, "--as-of", "a check judges the ledger as it stands on a day that has come"
    )
    _remove_stale_temporaries(folder)
    ledger, problems = read_ledger(folder, use_cache=not no_cache)
    result = check_ledger(ledger, problems, today=now, as_of=day)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = output_format or (CheckFormat.github if in_actions else CheckFormat.text)
    renderer = {
        CheckFormat.text: render.render_text,
        CheckFormat.json: render.render_json,
        CheckFormat.github: render.render_github,
    }[chosen]
    emit(renderer(result, day))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if in_actions and summary:
        from aidledger.errors import StoreError
        from aidledger.store.files import append_text

        try:
            append_text(Path(summary), render.render_markdown(result, day))
        except StoreError as error:
            # The summary is a courtesy: failing to write it must not change the verdict.
            say(f"warning: no step summary: {error.message}")
    raise typer.Exit(result.exit_code)


def _remove_stale_temporaries(folder: Path) -> None:
    """Say on stderr which temporary files of interrupted writes were removed."""
    from aidledger.store.files import remove_stale_temporaries
    from aidledger.store.load import display_path

    for stale in remove_stale_temporaries(folder):
        what = f"{display_path(stale.path)}, left by a write that was interrupted"
        if stale.error is None:
            say(f"check: removed {what}")
        else:
            say(f"check: cannot remove {what} ({stale.error})")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
