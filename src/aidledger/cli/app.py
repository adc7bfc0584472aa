"""The `aidledger` command: its groups, and the one place that turns errors into exit codes."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from aidledger import __version__
from aidledger.cli import check, fix, record, reports, setup, views
from aidledger.cli.common import (
    RootOption,
    complete_handles,
    complete_ids,
    complete_templates,
    say,
)
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
        import traceback

        for line in "".join(traceback.format_exception(error)).splitlines():
            say(line)
    say(f"error: unexpected failure: {error!r}")
    where = "" if debug else f" (run it again with {DEBUG_VARIABLE}=1 to see where)"
    say(f"hint: this is a bug in aidledger; please report it{where}")
    return ExitCode.INTERNAL


# Types typer would show as `<str>`, `<int>` or `<path>`: the option's name says more.
BARE_TYPES = frozenset({"str", "int", "float", "path", "file", "directory", "text"})


class PlainArgument(TyperArgument):
    """A positional argument shown by its metavariable alone: `DURATION`, never `{DURATION}`
    nor `DURATION <str>`; `[NAME]` when it may be left out."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw.upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def _rich_display_name(self) -> str:
        return self.display_name_raw.upper() + (
            "..." if self.metavar is None and self.nargs != 1 else ""
        )

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class PlainOption(TyperOption):
    """An option shown with its metavariable (`--team TEAM`, `--format table|json`), never a
    bare type in angle brackets."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        label = self.display_type(ctx).removeprefix("<").removesuffix(">")
        if label.lower() in BARE_TYPES:
            return (self.name or "value").upper()
        return label


# What the shell completes, by metavariable: handles, ids and charter templates.
COMPLETIONS = {"HANDLE": complete_handles, "ID": complete_ids, "TEMPLATE": complete_templates}


def plain_help(command: Any) -> None:
    """Make every argument and option of a command, and of the commands under it, show its
    metavariable plainly, and complete handles, ids and templates: the one place for both."""
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = PlainOption
        complete = COMPLETIONS.get(param.metavar or "")
        if complete is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = complete
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            plain_help(sub)


class LedgerGroup(TyperGroup):
    """Runs a command and maps every error to sentences and its exit code: 2 for bad data or
    usage, 3 for a failure of aidledger itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_help(self)

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


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script; e.g. `eval "$(aidledger completion bash)"` in
    ~/.bashrc, or `aidledger completion fish > ~/.config/fish/completions/aidledger.fish`."""
    from typer._completion_shared import get_completion_script

    script = get_completion_script(
        prog_name="aidledger", complete_var="_AIDLEDGER_COMPLETE", shell=shell.value
    )
    typer.echo(script)


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
        if "_AIDLEDGER_COMPLETE" in os.environ:
            # The shell asks for completions: typer registers its shells only on demand.
            from typer._completion_classes import completion_init

            completion_init()
        app()
    except Exception as error:
        sys.exit(report_internal_error(error))


__all__ = ["app", "main"]
