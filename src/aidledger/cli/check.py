"""`aidledger check`: validate every file, evaluate the warnings, exit 0, 1 or 2."""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from aidledger.errors import UsageError
from aidledger.i18n import _

if TYPE_CHECKING:
    from aidledger.engine.check import CheckResult
    from aidledger.render.check import Detail


class CheckFormat(StrEnum):
    table = "table"
    # The old name of `table`, kept so that scripts written for it keep working.
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


class FailOn(StrEnum):
    """The lowest severity of warning that fails the check; invalid data always does."""

    warn = "warn"
    fail = "fail"
    never = "never"


def check(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            # `text` is accepted but left out of the choices shown: it is deprecated.
            metavar="table|json|github|gitlab",
            help="table (the default), json, github"
            " annotations (the default under GitHub Actions), or gitlab (a code-quality"
            " report).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="In the table: only problems in the data, the warnings that fail the check"
            " (see --fail-on) and the verdict.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="In the table: also list each check that could not judge yet for lack of data.",
        ),
    ] = False,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="Exit 1 on a warning at this level or above: warn, fail (the charter's"
            " levels), or never (exit 0 unless the data is invalid).",
        ),
    ] = FailOn.fail,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Validate the data and evaluate the warnings; exit 1 on a `fail` warning (see --fail-on), 2 on
    bad data."""
    from aidledger.engine.check import check_ledger
    from aidledger.render import check as render
    from aidledger.store.load import read_ledger

    if quiet and verbose:
        raise UsageError(_("--quiet and --verbose cannot be used together; choose one"))
    folder = resolve_root(ctx, root)
    now = today()
    day = past_day(
        as_of, "--as-of", _("a check judges the ledger as it stands on a day that has come")
    )
    _remove_stale_temporaries(folder)
    ledger, problems = read_ledger(folder, use_cache=not no_cache)
    result = check_ledger(ledger, problems, today=now, as_of=day, fail_on=fail_on.value)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = output_format or (CheckFormat.github if in_actions else CheckFormat.table)
    if chosen == CheckFormat.json:
        emit(render.render_json(result, day))
    elif chosen == CheckFormat.github:
        emit(render.render_github(result, day))
    elif chosen == CheckFormat.gitlab:
        _emit_gitlab(result, folder, day)
    else:
        detail: Detail = "quiet" if quiet else "verbose" if verbose else "normal"
        emit(render.render_text(result, day, detail))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if in_actions and summary:
        from aidledger.errors import StoreError
        from aidledger.store.files import append_text

        try:
            append_text(Path(summary), render.render_markdown(result, day))
        except StoreError as error:
            # The summary is a courtesy: failing to write it must not change the verdict.
            say(_("warning: no step summary: {error}").format(error=error.message))
    raise typer.Exit(result.exit_code)


def _emit_gitlab(result: CheckResult, folder: Path, day: date) -> None:
    """The report on standard output, to be saved as a file; the verdict on standard error."""
    from aidledger.render.check import verdict_line
    from aidledger.render.gitlab import render_gitlab
    from aidledger.store.load import CHARTER_FILE, display_path

    emit(render_gitlab(result, display_path(folder / CHARTER_FILE)))
    say(verdict_line(result, day))


def _remove_stale_temporaries(folder: Path) -> None:
    """Say on stderr which temporary files of interrupted writes were removed."""
    from aidledger.store.files import remove_stale_temporaries
    from aidledger.store.load import display_path

    for stale in remove_stale_temporaries(folder):
        path = display_path(stale.path)
        if stale.error is None:
            say(_("check: removed {file}, left by a write that was interrupted").format(file=path))
        else:
            say(
                _(
                    "check: cannot remove {file}, left by a write that was interrupted ({error})"
                ).format(file=path, error=stale.error)
            )


def register(app: typer.Typer) -> None:
    app.command("check")(check)
