"""The `aidledger` command: its groups, and the one place that turns errors into exit codes."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from aidledger import __version__
from aidledger.cli import check, record, reports, setup, views
from aidledger.cli.common import RootOption
from aidledger.errors import AidledgerError, ExitCode


class LedgerGroup(TyperGroup):
    """Runs a command and maps every aidledger error to a sentence and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AidledgerError as error:
            for line in error.lines():
                typer.echo(line, err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing was written", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


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
views.register(app)
reports.register(app)
check.register(app)


def main() -> None:
    """Console entry point; an unexpected failure still ends in a sentence, not a traceback."""
    try:
        app()
    except Exception as error:
        typer.echo(f"error: unexpected failure: {error!r}", err=True)
        typer.echo("hint: this is a bug in aidledger; please report it", err=True)
        sys.exit(ExitCode.INVALID)


__all__ = ["app", "main"]
