"""The `aidledger` command: its groups, and the one place that turns errors into exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from aidledger import __version__
from aidledger.cli import check, fix, record, reports, setup, views
from aidledger.cli.common import RootOption, say
from aidledger.errors import AidledgerError, ExitCode

DEBUG_VARIABLE = "AIDLEDGER_DEBUG"


def _from_the_framework(error: Exception) -> bool:
    """Whether typer (or the click it is built on) raised it to end a command or refuse its
    command line: an exit, an abort, a usage error. Not a failure of aidledger."""
    return type(error).__module__.partition(".")[0] in ("typer", "click")


def report_internal_error(error: BaseException) -> ExitCode:
    """Say that aidledger failed, with the traceback under $AIDLEDGER_DEBUG=1; exit 3."""
    debug = os.environ.get(DEBUG_VARIABLE) == "1"
    if debug:
        for line in "".join(traceback.format_exception(error)).splitlines():
            say(line)
    say(f"error: unexpected failure: {error!r}")
    where = "" if debug else f" (run it again with {DEBUG_VARIABLE}=1 to see where)"
    say(f"hint: this is a bug in aidledger; please report it{where}")
    return ExitCode.INTERNAL


class LedgerGroup(TyperGroup):
    """Runs a command and maps every error to sentences and its exit code: 2 for bad data or
    usage, 3 for a failure of aidledger itself."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AidledgerError as error:
            for line in error.lines():
                say(line)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            say("interrupted; nothing was written")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except Exception as error:
            if _from_the_framework(error):
                raise
            raise typer.Exit(report_internal_error(error)) from None


app = typer.Typer(
    cls=LedgerGroup,
    name="aidledger",
    help="Mutual aid at work, logged in actions: who helped whom, and is it balanced?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"aidledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    root: RootOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep a team's mutual-aid charter, requests and help log as plain files in git."""
    ctx.obj = {"root": root} if root is not None else {}


setup.register(app)
record.register(app)
fix.register(app)
views.register(app)
reports.register(app)
check.register(app)


def main() -> None:
    """Console entry point; an unexpected failure still ends in a sentence, not a traceback.

    Commands fail inside `LedgerGroup.invoke`; this catches what fails around them.
    """
    try:
        app()
    except Exception as error:
        sys.exit(report_internal_error(error))


__all__ = ["app", "main"]
