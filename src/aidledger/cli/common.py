"""What every command shares: options, the clock, the data root, the acting person, output."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aidledger.errors import RefusedError, StoreError, UsageError
from aidledger.i18n import _, format_day, format_list, ngettext
from aidledger.model.values import (
    HANDLE_PATTERN,
    OutOfRange,
    in_range,
    parse_date,
    parse_duration,
    parse_period,
)
from aidledger.model.words import CHOICE_LIKENESS, did_you_mean

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
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        metavar="PERIOD",
        help=(
            "Shorthand for --since and --until: 2026-11, 2026-Q4, 2026, this month,"
            " last month, this quarter, last year, last 30 days; ends today at the latest."
        ),
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
        help="Read every file afresh, neither reading nor writing the cache of records.",
    ),
]

if TYPE_CHECKING:
    from aidledger.engine.window import Window
    from aidledger.model.ledger import Ledger, Located
    from aidledger.model.records import Member


Choice = TypeVar("Choice", bound=StrEnum)


def one_of(values: Iterable[str]) -> Callable[[str], str]:
    """The parser of an option that takes one of `values`; a typo names the nearest."""
    allowed = tuple(values)

    def parse(text: str) -> str:
        if text in allowed:
            return text
        hint = did_you_mean(text, allowed, CHOICE_LIKENESS)
        # The same sentence as a value typer refuses itself (cli/app.py).
        message = _("{value} is not one of {choices}").format(
            value=repr(text), choices=format_list([repr(value) for value in allowed], "or")
        )
        if hint:
            message = _("{message}; {suggestion}").format(message=message, suggestion=hint)
        raise typer.BadParameter(message)

    return parse


def choice(kind: type[Choice]) -> Callable[[str], Choice]:
    """The parser of an option that takes one of `kind`'s values; a typo names the nearest."""
    check = one_of(member.value for member in kind)

    def parse(text: str) -> Choice:
        return text if isinstance(text, kind) else kind(check(text))

    return parse


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
            raise UsageError(
                _("{option}: {message}").format(option=f"${TODAY_VARIABLE}", message=error)
            ) from None
        except ValueError:
            raise UsageError(
                # Translators: {variable} is $AIDLEDGER_TODAY; {value} what it holds.
                _("{variable} is {value!r}, not a YYYY-MM-DD date").format(
                    variable=f"${TODAY_VARIABLE}", value=pinned
                )
            ) from None
    return date.today()


def resolve_root(ctx: typer.Context, root: Path | None) -> Path:
    from aidledger.store.root import find_root

    override = root if root is not None else (ctx.obj or {}).get("root")
    return find_root(Path.cwd(), override)


def optional_date(text: str | None, option: str, *, ahead: bool = False) -> date | None:
    """A day given with `option`, None when not given; `ahead` for a day to come."""
    if text is None:
        return None
    try:
        return parse_date(text, today(), ahead=ahead)
    except UsageError as error:
        raise UsageError(
            _("{option}: {message}").format(option=option, message=error.message),
            hint=error.hint,
        ) from None


def past_day(text: str | None, option: str, why: str) -> date:
    """A day given with `option`, today by default, never in the future; `why`, a clause
    in the active language, says why in the refusal."""
    return optional_past_day(text, option, why) or today()


def optional_past_day(text: str | None, option: str, why: str) -> date | None:
    """A day given with `option`, None when not given, never in the future.

    The one check for days typed on the command line. Unlike dates in records, there is
    no day of grace: the person typing reads the same clock as the command.
    """
    day = optional_date(text, option)
    now = today()
    if day is not None and day > now:
        raise UsageError(
            # Translators: {option} is `--date` and the like; {why} a clause saying why the
            # day cannot be in the future (`log help once it has happened`).
            _("{option} {day} is in the future (today is {today}); {why}").format(
                option=option, day=day.isoformat(), today=format_day(now), why=why
            )
        )
    return day


def check_period(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise UsageError(
            _("--since {since} is after --until {until}").format(
                since=since.isoformat(), until=until.isoformat()
            )
        )


def period_window(since: str | None, until: str | None) -> Window:
    """The days --since and --until name (either may be open), refused when reversed."""
    from aidledger.engine.window import Window

    window = Window(optional_date(since, "--since"), optional_date(until, "--until"))
    check_period(window.since, window.until)
    return window


def with_period(
    period: str | None, since: str | None, until: str | None, day: date | None = None
) -> tuple[str | None, str | None]:
    """--since and --until as given, or the first and last day of --period as ISO dates.

    The period is read relative to `day` (today by default) and ends on it at the latest.
    """
    if period is None:
        return since, until
    if since is not None or until is not None:
        given = "--since" if since is not None else "--until"
        raise UsageError(
            _("--period cannot be combined with {option}").format(option=given),
            hint=_("give either --period, or --since and --until"),
        )
    try:
        first, last = parse_period(period, day or today())
    except UsageError as error:
        raise UsageError(
            _("{option}: {message}").format(option="--period", message=error.message),
            hint=error.hint,
        ) from None
    return first.isoformat(), last.isoformat()


def known_member(members: Iterable[Member], handle: str, role: str) -> Member:
    """The member with this handle, or a sentence naming the known ones and the nearest."""
    by_handle = {member.handle: member for member in members}
    if handle in by_handle:
        return by_handle[handle]
    known = ", ".join(sorted(by_handle)) or _("none yet")
    several = [part.strip() for part in re.split(r"[,;\s]+", handle) if part.strip()]
    if len(several) > 1 and role.startswith("--"):
        each = " ".join(f"{role} {part}" for part in several)
        raise UsageError(
            # Translators: {role} is the option that named them (`--helped`).
            _("{role}: {handle!r} names several people; give one at a time").format(
                role=role, handle=handle
            ),
            # Translators: {command} is the options to type, one per person.
            hint=_("write `{command}`").format(command=each),
        )
    # `BOB` is `bob` typed in capitals; a handle that could not be one is not to be added.
    hint = did_you_mean(handle, by_handle) or did_you_mean(handle.lower(), by_handle)
    if hint is None and re.fullmatch(HANDLE_PATTERN, handle):
        hint = _("add them with `aidledger member add {handle}`").format(handle=handle)
    raise UsageError(
        # Translators: {role} is the option, argument or command that named the person;
        # {known} the handles of the members, or "none yet".
        _("{role}: no member {handle!r} in members.toml (members: {known})").format(
            role=role, handle=handle, known=known
        ),
        hint=hint,
    )


def _is_duration(text: str) -> bool:
    try:
        parse_duration(text)
    except UsageError:
        return False
    return True


def check_order(
    handle_text: str | None,
    duration_text: str,
    *,
    handles: Iterable[str] = (),
    usage: str,
    example: str,
    topic_text: str | None = None,
) -> None:
    """Refuse arguments given in the wrong order, naming it: a duration where the handle
    goes (`thanks 30m priya ...`), a member's handle where the duration goes, or the topic
    before the duration (`log "Pairing" 30m`, when `topic_text` is given).

    `handle_text` is None for a command whose only argument before the duration is not
    a handle. `usage` is the right order (`aidledger thanks HELPER DURATION TOPIC`) and
    `example` a command in it. Call it before reading either argument, so that the error
    names the order and not one of its symptoms.
    """
    known = set(handles)
    # Translators: {usage} is the command's right order of arguments, {example} a command.
    hint = _("the order is `{usage}`, for instance `{example}`").format(
        usage=usage, example=example
    )
    if (
        handle_text is not None
        and handle_text not in known
        and _is_duration(handle_text)
        and not _is_duration(duration_text)
    ):
        raise UsageError(
            _(
                "{handle!r} is a duration where a handle goes, and {duration!r} stands"
                " where the duration goes: are they the wrong way round?"
            ).format(handle=handle_text, duration=duration_text),
            hint=hint,
        )
    if duration_text in known and not _is_duration(duration_text):
        raise UsageError(
            _("{handle!r} is a member's handle where a duration goes").format(handle=duration_text),
            hint=hint,
        )
    if topic_text is not None and _is_duration(topic_text) and not _is_duration(duration_text):
        raise UsageError(
            _(
                "{topic!r} is a duration where the topic goes, and {duration!r} stands"
                " where the duration goes: are they the wrong way round?"
            ).format(topic=topic_text, duration=duration_text),
            hint=hint,
        )


def still_member(member: Member, day: date, role: str) -> Member:
    """The member, if they had joined the team by `day` and not left it before."""
    if day < member.joined:
        raise UsageError(
            # Translators: {role} is the option or argument that named the member.
            _("{role}: {handle} joined the team on {joined}, after {day}").format(
                role=role,
                handle=member.handle,
                joined=format_day(member.joined),
                day=format_day(day),
            )
        )
    if member.left is not None and day > member.left:
        raise UsageError(
            # Translators: {role} is the option or argument that named the member.
            _("{role}: {handle} left the team on {left}, before {day}").format(
                role=role, handle=member.handle, left=format_day(member.left), day=format_day(day)
            )
        )
    return member


def acting_member(
    members: Iterable[Member],
    as_handle: str | None,
    root: Path,
    *,
    required: bool,
    git_email: str | None = None,
) -> Member | None:
    """Who is acting: --as, else $AIDLEDGER_USER, else the member whose emails hold git's.

    `git_email` is git's user.email when the caller has asked git already (a command that
    also records who typed it); otherwise git is asked here, and only if needed.
    """
    members = tuple(members)
    handle = as_handle or os.environ.get(USER_VARIABLE)
    if handle:
        source = "--as" if as_handle else f"${USER_VARIABLE}"
        return known_member(members, handle, source)
    email = git_email
    if email is None:
        from aidledger.store.git import git_user_email

        email = git_user_email(root)
    if email is not None:
        for member in members:
            if email.lower() in (address.lower() for address in member.emails):
                return member
    if not required:
        return None
    if email:
        who = _("cannot tell who you are: no member has the git email {email!r}").format(
            email=email
        )
    else:
        who = _("cannot tell who you are")
    raise RefusedError(
        who, hint=_("pass --as HANDLE, set AIDLEDGER_USER, or add your git email to members.toml")
    )


def acting(
    members: Iterable[Member], as_handle: str | None, root: Path, *, git_email: str | None = None
) -> Member:
    """The member acting, for a command that must know who: as `acting_member`, refused with
    a sentence when nobody can be told."""
    actor = acting_member(members, as_handle, root, required=True, git_email=git_email)
    assert actor is not None
    return actor


@dataclass(frozen=True)
class Editing:
    """What a command that changes a record knows once it holds the lock: the data folder,
    the ledger as it stands now, and the member acting."""

    folder: Path
    ledger: Ledger
    actor: Member


@contextlib.contextmanager
def editing(ctx: typer.Context, root: Path | None, as_handle: str | None) -> Iterator[Editing]:
    """Read, decide and write under the data folder's lock, so that a change made meanwhile
    by another command is seen, never overwritten."""
    from aidledger.store.load import load_ledger
    from aidledger.store.lock import edit_lock

    folder = resolve_root(ctx, root)
    with edit_lock(folder):
        ledger = load_ledger(folder, today())
        yield Editing(folder, ledger, acting(ledger.member_records(), as_handle, folder))


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
        # Translators: {reason} is the system's reason (`No space left on device`).
        message = _("cannot write the output ({reason})")
        raise StoreError(message.format(reason=error.strerror)) from None


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


def hint_unknown(given: Iterable[str], known: Iterable[str], what: str) -> None:
    """A filter value nothing has (`--tag sqll`) lists nothing, rightly; say so on
    standard error, with the nearest known value, so that a typo is not read as "none".

    `what` is the sentence in the active language, the value as `{word}`: `_("no request
    needs the skill {word}")`."""
    words = set(known)
    for word in given:
        if word not in words:
            near = did_you_mean(word, words, CHOICE_LIKENESS)
            message = what.format(word=repr(word))
            if near:
                message = _("{message}; {suggestion}").format(message=message, suggestion=near)
            say(_("hint: {hint}").format(hint=message))


def _completion_ledger(ctx: Any) -> Any:
    """The ledger of the data folder a command line names (--root, $AIDLEDGER_ROOT, or found
    upwards), read for completion: None when there is none or it cannot be read."""
    from aidledger.store.load import read_ledger
    from aidledger.store.root import find_root

    override = None
    while ctx is not None:
        root = (ctx.params or {}).get("root")
        if root is not None:
            override = Path(root)
            break
        ctx = ctx.parent
    ledger, _problems = read_ledger(find_root(Path.cwd(), override))
    return ledger


def complete_handles(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """Member handles starting with what is typed; nothing, and never an error, without a
    readable data folder."""
    try:
        ledger = _completion_ledger(ctx)
        handles = [member.handle for member in ledger.member_records()] if ledger else []
    except Exception:  # completion must never fail in the shell
        return []
    return sorted(handle for handle in handles if handle.startswith(incomplete))


def complete_ids(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """Exchange, request and offer ids starting with what is typed, quietly."""
    try:
        ledger = _completion_ledger(ctx)
        if ledger is None:
            return []
        ids = [located.record.id for located in ledger.exchanges]
        ids += [located.record.id for located in ledger.requests]
        ids += [located.record.id for located in ledger.offers]
    except Exception:  # completion must never fail in the shell
        return []
    return sorted(name for name in ids if name.startswith(incomplete))


def complete_templates(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The charter templates starting with what is typed, quietly."""
    try:
        from aidledger.store.init import template_names

        names = template_names()
    except Exception:  # completion must never fail in the shell
        return []
    return [name for name in names if name.startswith(incomplete)]


LocatedT = TypeVar("LocatedT", bound="Located[Any]")


def find_by_id(
    records: Iterable[LocatedT],
    prefix: str,
    *,
    kind: str,
    listing: str,
    option: str | None = None,
    elsewhere: Mapping[str, Iterable[str]] | None = None,
) -> LocatedT:
    """The one record whose id is `prefix`, or else the one whose id starts with it; or a
    sentence: the ids an ambiguous start names, or the nearest id (`listing` when none is
    near), or the other kind of record the id belongs to (`elsewhere`: kind -> ids). The
    sentence follows the option that gave the id, if one did.

    `kind` and the kinds of `elsewhere` are keys (`exchange`, `request`, `offer`, `exchange
    or request`; `an exchange`, `a request`): each sentence is chosen whole by them.
    `listing` is a sentence in the active language."""
    if not prefix.strip():
        # Every id starts with nothing: an empty id (a script's unset $ID) names none.
        raise UsageError(_after_option(option, _("the id is empty: give an id, or its start")))
    by_id = {located.record.id: located for located in records}
    found = (
        [prefix] if prefix in by_id else sorted(name for name in by_id if name.startswith(prefix))
    )
    if len(found) == 1:
        return by_id[found[0]]
    if found:
        message = _ambiguous_id(kind, len(found)).format(
            prefix=repr(prefix), count=len(found), ids=", ".join(found)
        )
        raise UsageError(_after_option(option, message))
    hint = did_you_mean(prefix, by_id)
    for other, ids in (elsewhere or {}).items():
        if hint is None and any(name.startswith(prefix) for name in ids):
            hint = _other_kind(other).format(prefix=repr(prefix), listing=listing)
    raise UsageError(
        _after_option(option, _unknown_id(kind).format(prefix=repr(prefix))), hint=hint or listing
    )


def _after_option(option: str | None, message: str) -> str:
    """`--request: no request '2026-x'`, after the option that gave the id, if one did."""
    if option is None:
        return message
    return _("{option}: {message}").format(option=option, message=message)


def _ambiguous_id(kind: str, count: int) -> str:
    """`'2026' is the start of 3 exchange ids: ...`, with {prefix}, {count} and {ids}."""
    if kind == "exchange":
        return ngettext(
            "{prefix} is the start of {count} exchange id: {ids}; give more of the id",
            "{prefix} is the start of {count} exchange ids: {ids}; give more of the id",
            count,
        )
    if kind == "request":
        return ngettext(
            "{prefix} is the start of {count} request id: {ids}; give more of the id",
            "{prefix} is the start of {count} request ids: {ids}; give more of the id",
            count,
        )
    if kind == "offer":
        return ngettext(
            "{prefix} is the start of {count} offer id: {ids}; give more of the id",
            "{prefix} is the start of {count} offer ids: {ids}; give more of the id",
            count,
        )
    return ngettext(
        "{prefix} is the start of {count} exchange or request id: {ids}; give more of the id",
        "{prefix} is the start of {count} exchange or request ids: {ids}; give more of the id",
        count,
    )


def _unknown_id(kind: str) -> str:
    """`no exchange '2026-x'`, with {prefix}."""
    if kind == "exchange":
        return _("no exchange {prefix}")
    if kind == "request":
        return _("no request {prefix}")
    if kind == "offer":
        return _("no offer {prefix}")
    return _("no exchange or request {prefix}")


def _other_kind(other: str) -> str:
    """`'2026-x' names a request; list them with ...`, with {prefix} and {listing}."""
    if other == "an exchange":
        # Translators: {listing} says how to list the records (`list them with ...`).
        return _("{prefix} names an exchange; {listing}")
    # Translators: {listing} says how to list the records (`list them with ...`).
    return _("{prefix} names a request; {listing}")


# The option or argument that gives each field of a record typed on the command line, so
# that a bad value is named as the user typed it (`--tag: ...`, not `tags.0: ...`).
FIELD_OPTIONS = {
    "aliases": "--alias",
    "detail": "--detail",
    "emails": "--email",
    "name": "--name",
    "needed_by": "--needed-by",
    "note": "--note",
    "notes": "--notes",
    "skills": "--skill",
    "started": "--started",
    "tags": "--tag",
    "team": "--team",
    "text": "TEXT",
    "title": "TITLE",
    "topic": "TOPIC",
    "until": "--until",
    "useful": "--useful",
}
