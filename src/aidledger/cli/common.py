"""What every command shares: options, the clock, the data root, the acting person, output."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.errors import RefusedError, StoreError, UsageError
from aidledger.model.values import OutOfRange, in_range, parse_date

USER_VARIABLE = "AIDLEDGER_USER"
TODAY_VARIABLE = "AIDLEDGER_TODAY"

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        metavar="PATH",
        help="Data folder holding aidledger.toml; default: $AIDLEDGER_ROOT, else found upwards.",
        show_default=False,
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="HANDLE",
        help="Act as this member; default: $AIDLEDGER_USER, else the member with your git email.",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="First day counted (YYYY-MM-DD, today, yesterday, 30d).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Last day counted, included (YYYY-MM-DD, today, yesterday).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Evaluate as of this day; default: today.",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh, neither reading nor writing the parse cache.",
    ),
]

if TYPE_CHECKING:
    from aidledger.model.records import Member


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def today() -> date:
    """The clock, read in one place; $AIDLEDGER_TODAY pins it for reproducible runs."""
    pinned = os.environ.get(TODAY_VARIABLE)
    if pinned:
        try:
            return in_range(date.fromisoformat(pinned))
        except OutOfRange as error:
            raise UsageError(f"${TODAY_VARIABLE}: {error}") from None
        except ValueError:
            raise UsageError(f"${TODAY_VARIABLE} is {pinned!r}, not a YYYY-MM-DD date") from None
    return date.today()


def resolve_root(ctx: typer.Context, root: Path | None) -> Path:
    from aidledger.store.root import find_root

    override = root if root is not None else (ctx.obj or {}).get("root")
    return find_root(Path.cwd(), override)


def optional_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text, today())
    except UsageError as error:
        raise UsageError(f"{option}: {error.message}", hint=error.hint) from None


def past_day(text: str | None, option: str, why: str) -> date:
    """A day given with `option`, today by default, never in the future."""
    return optional_past_day(text, option, why) or today()


def optional_past_day(text: str | None, option: str, why: str) -> date | None:
    """A day given with `option`, None when not given, never in the future.

    The one check for days typed on the command line. Unlike dates in records, there is
    no day of grace: the person typing reads the same clock as the command.
    """
    day = optional_date(text, option)
    now = today()
    if day is not None and day > now:
        raise UsageError(f"{option} {day} is in the future (today is {now}); {why}")
    return day


def check_period(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")


def known_member(members: Iterable[Member], handle: str, role: str) -> Member:
    """The member with this handle, or a sentence naming the known ones."""
    by_handle = {member.handle: member for member in members}
    if handle in by_handle:
        return by_handle[handle]
    known = ", ".join(sorted(by_handle)) or "none yet"
    raise UsageError(
        f"{role}: no member {handle!r} in members.toml (members: {known})",
        hint=f"add them with `aidledger member add {handle}`" if handle else None,
    )


def still_member(member: Member, day: date, role: str) -> Member:
    """The member, if they had joined the team by `day` and not left it before."""
    if day < member.joined:
        raise UsageError(f"{role}: {member.handle} joined the team on {member.joined}, after {day}")
    if member.left is not None and day > member.left:
        raise UsageError(f"{role}: {member.handle} left the team on {member.left}, before {day}")
    return member


def acting_member(
    members: Iterable[Member], as_handle: str | None, root: Path, *, required: bool
) -> Member | None:
    """Who is acting: --as, else $AIDLEDGER_USER, else the member whose emails hold git's."""
    members = tuple(members)
    handle = as_handle or os.environ.get(USER_VARIABLE)
    if handle:
        source = "--as" if as_handle else f"${USER_VARIABLE}"
        return known_member(members, handle, source)
    from aidledger.store.git import git_user_email

    email = git_user_email(root)
    if email is not None:
        for member in members:
            if email.lower() in (address.lower() for address in member.emails):
                return member
    if not required:
        return None
    raise RefusedError(
        "cannot tell who you are" + (f": no member has the git email {email!r}" if email else ""),
        hint="pass --as HANDLE, set AIDLEDGER_USER, or add your git email to members.toml",
    )


@dataclass(frozen=True)
class Output:
    """Where results go: standard output, coloured and as wide as the terminal when it is one."""

    color: bool
    width: int

    @classmethod
    def detect(cls) -> Output:
        """Colour on a terminal unless NO_COLOR; width from $COLUMNS, the terminal, or 100."""
        terminal = sys.stdout.isatty()
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit():
            width = int(columns)
        else:
            width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
        return cls(color=terminal and "NO_COLOR" not in os.environ, width=max(60, width))


def lowercase(words: list[str] | None) -> tuple[str, ...]:
    """Tags and skills as the files keep them: lowercase, so `CI` and `ci` are one tag."""
    return tuple(word.strip().lower() for word in words or ())


def emit(text: str) -> None:
    """Print to standard output, the one way every command does.

    Whatever the format, and whether in GitHub Actions or not, no line of it is a workflow
    command to a CI runner, unless a renderer made it one on purpose (`check --format
    github`): field text printed in a table, CSV or a page cannot add one.
    """
    from aidledger.render.text import without_workflow_commands

    try:
        typer.echo(without_workflow_commands(text), nl=False)
    except BrokenPipeError:
        # The reader stopped early (`| head`): what it wanted was printed.
        # As Python's documentation advises: point stdout at devnull, so that the flush
        # at exit does not fail again.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as error:
        raise StoreError(f"cannot write the output ({error.strerror})") from None


def emit_in_format(
    chosen: str,
    renderers: Mapping[str, Callable[[], str]],
    table: Callable[[Output], str],
) -> None:
    """Print the output of the renderer named by --format; the terminal table otherwise."""
    render = renderers.get(chosen)
    emit(render() if render is not None else table(Output.detect()))


def say(line: str) -> None:
    """Print a line for a person on standard error: one line, printable, never a command."""
    from aidledger.render.text import printable, without_workflow_commands

    typer.echo(without_workflow_commands(printable(line)), err=True)
