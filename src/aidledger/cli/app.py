"""The `aidledger` command: its groups, and the one place that turns errors into exit codes."""

from __future__ import annotations

import atexit
import functools
import gc
import importlib
import os
import re
import sys
from collections.abc import Iterator, MutableMapping
from enum import StrEnum
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperArgument, TyperGroup, TyperOption

from aidledger import __version__
from aidledger.cli.common import (
    RootOption,
    complete_handles,
    complete_ids,
    complete_templates,
    say,
)
from aidledger.errors import AidledgerError, ExitCode
from aidledger.i18n import N_, _, format_list

DEBUG_VARIABLE = "AIDLEDGER_DEBUG"


def _from_the_framework(error: Exception) -> bool:
    """Whether typer (or the click it is built on) raised it to end a command or refuse its
    command line: an exit, an abort, a usage error. Not a failure of aidledger."""
    return type(error).__module__.partition(".")[0] in ("typer", "click")


def _is_usage_error(error: Exception) -> bool:
    """A command line the framework refused (an unknown option, a value it could not read),
    as opposed to an exit or an abort."""
    return (
        _from_the_framework(error)
        and getattr(error, "exit_code", None) == ExitCode.INVALID
        and callable(getattr(error, "format_message", None))
    )


# The framework's words for a value out of bounds (in English, as it says them), and the
# message of aidledger's that says the same, with the bound as `{value}`.
# A value that is none of a fixed set of choices, as the framework says it.
_NOT_A_CHOICE = re.compile(r"^(?P<value>'.*') is not one of (?P<choices>'.*')$", re.DOTALL)
_LIBRARY_WORDING = (
    (re.compile(r"Input should be less than or equal to (\S+)"), N_("must be at most {value}")),
    (re.compile(r"Input should be greater than or equal to (\S+)"), N_("must be at least {value}")),
    (re.compile(r"Input should be less than (\S+)"), N_("must be less than {value}")),
    (re.compile(r"Input should be greater than (\S+)"), N_("must be more than {value}")),
    (re.compile(r"Input should be a valid integer().*"), N_("must be a whole number")),
    (re.compile(r"Input should be a valid number().*"), N_("must be a number")),
    (re.compile(r"Input should be (.*)"), N_("must be {value}")),
)
_VALUE_ERROR = re.compile(r"^Value error, ")
_INVALID_VALUE = re.compile(r"^Invalid value for (?P<names>.+?): (?P<detail>.*)$", re.DOTALL)
_MISSING = re.compile(r"^Missing (?P<what>option|argument) (?P<name>.+?)\.?$")
# The framework's own sentences (in English, as it says them), and aidledger's; what
# follows a match (`No such option: --x` then more) is kept.
_FRAMEWORK_WORDING = (
    (re.compile(r"^No such option: (?P<name>\S+)"), N_("no such option: {name}")),
    (re.compile(r"^No such command (?P<name>'.*?')(?=\.?$)"), N_("no such command {name}")),
    (re.compile(r"^Option '(?P<name>[^']+)' requires .*$"), N_("option {name} needs a value")),
    (
        re.compile(r"^Option '(?P<name>[^']+)' does not take a value\.?$"),
        N_("option {name} takes no value"),
    ),
    (
        re.compile(r"^Got unexpected extra argument\(s\) \((?P<name>.*)\)$"),
        N_("got unexpected extra argument(s) ({name})"),
    ),
)
_SUGGESTED = re.compile(r"\. Did you mean (.+?)\??$")
_POSSIBLE = re.compile(r" \(Possible options: (.+)\)$")


def _in_our_words(detail: str) -> str:
    """A value's problem as the framework says it (`Input should be less than or equal to
    5`), in aidledger's words in the active language (`must be at most 5`)."""
    detail = _VALUE_ERROR.sub("", detail)
    if (choice := _NOT_A_CHOICE.match(detail)) is not None:
        choices = format_list(re.split(r", | or ", choice["choices"]), "or")
        # Translators: {value} is what was typed, {choices} the values allowed, "'a' or 'b'".
        return _("{value} is not one of {choices}").format(value=choice["value"], choices=choices)
    for pattern, message in _LIBRARY_WORDING:
        if (found := pattern.search(detail)) is not None:
            said = _(message).format(value=found[1])
            return detail[: found.start()] + said + detail[found.end() :]
    return detail


def _suggested(words_text: str) -> str:
    """`did you mean 'report' or 'export'?` from the framework's list of near words."""
    words = words_text.split(", ")
    return _("did you mean {choices}?").format(choices=format_list(words, "or"))


def _framework_sentence(message: str) -> str:
    """One of the framework's sentences refusing a command line, in aidledger's words."""
    near = _SUGGESTED.search(message) or _POSSIBLE.search(message)
    if near is not None:
        message = message[: near.start()]
    for pattern, wording in _FRAMEWORK_WORDING:
        if (found := pattern.match(message)) is not None:
            message = _(wording).format(name=found["name"]) + message[found.end() :]
            break
    else:
        message = message[:1].lower() + message[1:]
    if near is None:
        return message
    # Translators: a refusal of the command line, then the nearest valid words.
    return _("{message}; {suggestion}").format(message=message, suggestion=_suggested(near[1]))


def usage_lines(error: Exception) -> list[str]:
    """A refused command line in aidledger's words: `error: --useful: must be at most 5`,
    and where to read the command's usage."""
    message = str(error.format_message())  # type: ignore[attr-defined]
    if (invalid := _INVALID_VALUE.match(message)) is not None:
        names = invalid["names"].split(" / ")[0].strip("'\"")
        detail = _in_our_words(invalid["detail"].rstrip("."))
        # Translators: an option or argument (`--useful`, `DURATION`), what is wrong with it.
        message = _("{option}: {message}").format(option=names, message=detail)
    elif (missing := _MISSING.match(message)) is not None:
        name = missing["name"].strip(chr(39))
        if missing["what"] == "option":
            message = _("missing option {name}").format(name=name)
        else:
            message = _("missing argument {name}").format(name=name)
    else:
        message = _framework_sentence(message)
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", None) or "aidledger"
    return [
        _("error: {message}").format(message=message),
        _("hint: {hint}").format(hint=_("see `{command} --help`").format(command=command)),
    ]


def report_internal_error(error: BaseException) -> ExitCode:
    """Say that aidledger failed, with the traceback under $AIDLEDGER_DEBUG=1; exit 3."""
    debug = os.environ.get(DEBUG_VARIABLE) == "1"
    if debug:
        import traceback

        for line in "".join(traceback.format_exception(error)).splitlines():
            say(line)
    failure = _("unexpected failure: {error}").format(error=repr(error))
    say(_("error: {message}").format(message=failure))
    if debug:
        hint = _("this is a bug in aidledger; please report it")
    else:
        # Translators: {variable} is AIDLEDGER_DEBUG=1, to be set in the shell.
        hint = _(
            "this is a bug in aidledger; please report it (run it again with {variable} to"
            " see where)"
        ).format(variable=f"{DEBUG_VARIABLE}=1")
    say(_("hint: {hint}").format(hint=hint))
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

    def _get_number_range_help_str(self) -> str | None:
        return None  # the help sentence states the range in words


class PlainOption(TyperOption):
    """An option shown with its metavariable (`--team TEAM`, `--format table|json`), never a
    bare type in angle brackets, nor a range in the library's notation (`[1<=x<=5]`): the
    help sentence says it in words, and an out-of-range value is still refused."""

    def _get_number_range_help_str(self) -> str | None:
        return None

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        label = self.display_type(ctx).removeprefix("<").removesuffix(">")
        if label.lower() in BARE_TYPES:
            return (self.name or "value").upper()
        return label


# What the shell completes, by metavariable: handles, ids and charter templates.
COMPLETIONS = {"HANDLE": complete_handles, "ID": complete_ids, "TEMPLATE": complete_templates}


def _in_language(holder: Any, attribute: str) -> None:
    """Set a help text of a command or parameter in the active language, from the English
    text it was built with (kept, so that a command built once can be shown in another)."""
    original = f"_english_{attribute}"
    if not hasattr(holder, original):
        setattr(holder, original, getattr(holder, attribute, None))
    english = getattr(holder, original)
    if english:
        setattr(holder, attribute, _(english))


def plain_help(command: Any) -> None:
    """Make every argument and option of a command, and of the commands under it, show its
    metavariable plainly, and complete handles, ids and templates, and say its help in the
    active language: the one place for all three."""
    _in_language(command, "help")
    _in_language(command, "short_help")
    for param in command.params:
        _in_language(param, "help")
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


# Every command, in the order `aidledger --help` lists them (groups last, as typer lists
# them), and the module of aidledger.cli whose `register` adds it. A module is imported,
# and a command built from its function's signature, only when that command is asked
# for: `aidledger thanks` builds one command, not all of them.
COMMAND_MODULES: dict[str, str] = {
    "completion": "app",
    "init": "setup",
    "log": "record",
    "thanks": "record",
    "confirm": "record",
    "ask": "requests",
    "requests": "requests",
    "take": "requests",
    "drop": "requests",
    "done": "requests",
    "show": "fix",
    "edit": "fix",
    "void": "fix",
    "exchanges": "views",
    "balance": "views",
    "report": "reports",
    "statement": "reports",
    "me": "reports",
    "graph": "reports",
    "check": "check",
    "offers": "offers",
    "skills": "offers",
    "meetings": "offers",
    "match": "match",
    "agenda": "agenda",
    "export": "export",
    "fmt": "maintain",
    "pack": "maintain",
    "verify": "maintain",
    "schema": "schema",
    "member": "setup",
    "charter": "charter",
    "offer": "offers",
    "meeting": "offers",
    "import": "imports",
}


@functools.cache
def registered_by(module: str) -> typer.Typer:
    """The commands and groups one module of aidledger.cli registers, registered once."""
    commands = typer.Typer()
    importlib.import_module(f"aidledger.cli.{module}").register(commands)
    return commands


def build_command(name: str) -> Any:
    """The command (or group) `name` of COMMAND_MODULES, built as typer builds it, shown
    plainly and completed (plain_help)."""
    registered = registered_by(COMMAND_MODULES[name])
    command: Any = None
    for command_info in registered.registered_commands:
        if command_info.name == name:
            command = typer.main.get_command_from_info(
                command_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group_info in registered.registered_groups:
        if group_info.name == name:
            command = typer.main.get_group_from_info(
                group_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    if command is None:
        raise LookupError(f"aidledger.cli.{COMMAND_MODULES[name]} registers no command {name!r}")
    plain_help(command)
    return command


class CommandsOnDemand(MutableMapping[str, Any]):
    """The top-level commands by name, each built on first use (build_command); the names,
    in COMMAND_MODULES' order, are known without building any."""

    def __init__(self, added: MutableMapping[str, Any]) -> None:
        self._built: dict[str, Any] = dict(added)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMAND_MODULES:
                raise KeyError(name)
            self._built[name] = build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("aidledger's commands are fixed")

    def __iter__(self) -> Iterator[str]:
        yield from COMMAND_MODULES
        yield from (name for name in self._built if name not in COMMAND_MODULES)

    def __len__(self) -> int:
        return len(COMMAND_MODULES.keys() | self._built.keys())


class LedgerGroup(TyperGroup):
    """Runs a command and maps every error to sentences and its exit code: 2 for bad data or
    usage, 3 for a failure of aidledger itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_help(self)
        self.commands = CommandsOnDemand(self.commands)

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        # The language is chosen before anything is said, the group's own help included.
        from aidledger.cli.language import activate_for, speak_english, without_language

        arguments = sys.argv[1:] if args is None else list(args)
        try:
            activate_for(arguments)
        except AidledgerError as error:
            for line in error.lines():
                say(line)
            speak_english()
            sys.exit(error.exit_code)
        _in_language(self, "help")
        for param in self.params:
            _in_language(param, "help")
        try:
            # Read already: the option may come before the command's name or after it.
            return super().main(without_language(arguments), *rest, **options)
        finally:
            speak_english()

    def list_commands(self, ctx: Any) -> list[str]:
        # The names alone: typer's own listing would build every command to list them.
        return list(self.commands)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # The group's own options (`aidledger --bogus`) are read here, before any command.
        try:
            return super().make_context(*args, **kwargs)
        except Exception as error:
            if _is_usage_error(error) and type(error).__name__ != "NoArgsIsHelpError":
                for line in usage_lines(error):
                    say(line)
                raise typer.Exit(ExitCode.INVALID) from None
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AidledgerError as error:
            for line in error.lines():
                say(line)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            say(_("interrupted; nothing was written"))
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except Exception as error:
            if _is_usage_error(error):
                for line in usage_lines(error):
                    say(line)
                raise typer.Exit(ExitCode.INVALID) from None
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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The language aidledger speaks: en or fr; default: $AIDLEDGER_LANG, else"
            " the charter's language, else the locale's (LC_ALL, LC_MESSAGES, LANG).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Keep a team's mutual-aid charter, requests and help log as plain files in git."""
    ctx.obj = {"root": root} if root is not None else {}


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    For example `eval "$(aidledger completion bash)"` in ~/.bashrc, or
    `aidledger completion fish > ~/.config/fish/completions/aidledger.fish`."""
    from typer._completion_shared import get_completion_script

    script = get_completion_script(
        prog_name="aidledger", complete_var="_AIDLEDGER_COMPLETE", shell=shell.value
    )
    typer.echo(script)


def register(commands: typer.Typer) -> None:
    commands.command("completion")(completion)


def main() -> None:
    """Console entry point; an unexpected failure still ends in a sentence, not a traceback.

    Commands fail inside `LedgerGroup.invoke`; this catches what fails around them.
    """
    # A command runs for a moment and then ends: Python's cycle collector would only walk
    # the records again and again as they are read (half the time of a report on a long
    # history), and the few cycles a command makes are freed when it ends.
    collecting = gc.isenabled()
    gc.disable()
    # At exit, Python still collects once, visiting every object the command made (typer's
    # and pydantic's above all) just before the system frees them anyway: a sixth of the
    # time `thanks` takes. Frozen, they are skipped. Streams are still flushed at exit,
    # and every file is written and closed by then.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    from aidledger.store.cache import written_in_background

    try:
        if "_AIDLEDGER_COMPLETE" in os.environ:
            # The shell asks for completions: typer registers its shells only on demand.
            from typer._completion_classes import completion_init

            completion_init()
        with written_in_background():
            app()
    except Exception as error:
        sys.exit(report_internal_error(error))
    finally:
        # Called in a process that goes on (a test), the collector is as it was.
        if collecting:
            gc.enable()


__all__ = ["app", "main"]
