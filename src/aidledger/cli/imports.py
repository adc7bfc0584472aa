"""Importing help recorded elsewhere: `import git` turns commit trailers into exchanges."""

from __future__ import annotations

import re
import shlex
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOption,
    RootOption,
    acting_member,
    emit,
    resolve_root,
    today,
)
from aidledger.errors import RefusedError, UsageError
from aidledger.model.values import format_minutes, plural

if TYPE_CHECKING:
    from aidledger.engine.trailers import Commit, Plan, Proposed, Skipped, Unknown
    from aidledger.model.records import Exchange, Member

import_app = typer.Typer(
    help="Import help recorded elsewhere: commit trailers.", no_args_is_help=True
)

# A history this long shows a progress bar while its exchanges are written (on a terminal).
PROGRESS_FROM = 50
HOOK_NAMES = ("post-commit", "post-merge")
# Terminal escape sequences, removed whole (not only their ESC, which `printable` drops):
# CSI (`ESC [ 31 m`, or the one-byte CSI) and OSC (`ESC ] ... BEL` or `ESC ] ... ESC \\`).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# The emails members.toml accepts (the `Email` of model/records.py).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
MAX_NAME = 100

TrailerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--trailer",
        metavar="KEY=MODE:DURATION",
        help=(
            "Count a trailer key as MODE for DURATION (repeatable), e.g."
            " Reviewed-by=advice:15m; KEY=off ignores one. Defaults: Helped-by=advice:30m,"
            " Co-authored-by=pair:60m, Mentored-by=taught:60m."
        ),
        show_default=False,
    ),
]


@import_app.command("git")
def import_git(
    ctx: typer.Context,
    revisions: Annotated[
        str | None,
        typer.Argument(
            metavar="REVISION-RANGE",
            help="The commits to read, as git log takes them: HEAD (the default), main..topic.",
            show_default=False,
        ),
    ] = None,
    trailer: TrailerOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    hook: Annotated[
        bool,
        typer.Option(
            "--hook", help="Print a post-commit/post-merge hook that imports new trailers."
        ),
    ] = False,
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="With --hook: write it as the repository's post-commit and post-merge hooks.",
        ),
    ] = False,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Log the help named in commit trailers (Helped-by, Co-authored-by, Mentored-by): one
    exchange per trailer, from the person named to the commit's author, on its author date.

    Importing the same commits again adds nothing. People who are not members are listed
    with the command that adds them.
    """
    from aidledger.engine.trailers import rules_with

    trailers = tuple(trailer or ())
    rules_with(trailers)  # a bad --trailer is refused before anything is read
    if install and not hook:
        raise UsageError("--install writes the hook: give it with --hook")
    folder = resolve_root(ctx, root)
    if hook:
        if revisions is not None or dry_run:
            given = f"the range {revisions!r}" if revisions is not None else "--dry-run"
            raise UsageError(
                f"--hook prints the hook, which reads its own range; {given} does not go with it"
            )
        _hook(folder, trailers, install=install)
        return
    _import(folder, revisions or "HEAD", trailers, dry_run=dry_run, as_handle=as_handle)


def _import(
    folder: Path, revisions: str, trailers: tuple[str, ...], *, dry_run: bool, as_handle: str | None
) -> None:
    from aidledger.engine.trailers import plan_import, rules_with
    from aidledger.store.git import read_commits
    from aidledger.store.load import load_ledger
    from aidledger.store.lock import edit_lock

    rules = rules_with(trailers)
    commits = [_readable(commit) for commit in read_commits(folder, revisions)]
    lock: AbstractContextManager[None] = nullcontext() if dry_run else edit_lock(folder)
    with lock:
        day = today()
        ledger = load_ledger(folder, day)
        members = ledger.member_records()
        actor = acting_member(members, as_handle, folder, required=False)
        plan = plan_import(commits, rules, members, ledger.iter_exchanges(), day)
        if not dry_run:
            _write(folder, ledger.settings.storage, plan.proposed, actor, day)
    emit("".join(f"{line}\n" for line in _report(plan, dry_run=dry_run)))


def _readable(commit: Commit) -> Commit:
    """A commit's text as people and files may see it: one line each, no control characters
    (a hostile message cannot move the cursor, clear the screen or add a line)."""
    from dataclasses import replace

    from aidledger.engine.trailers import Trailer
    from aidledger.render.text import printable

    def plain(text: str) -> str:
        return printable(_ESCAPE_SEQUENCE.sub("", text))

    return replace(
        commit,
        author_name=plain(commit.author_name),
        author_email=plain(commit.author_email),
        subject=plain(commit.subject),
        trailers=tuple(Trailer(plain(item.key), plain(item.value)) for item in commit.trailers),
    )


def _exchange(proposed: Proposed, actor: Member | None, day: date) -> Exchange:
    """The record of a proposed exchange; confirmed at once when the person importing is
    the one helped, as `log` does."""
    from aidledger.model.records import Exchange
    from aidledger.store.load import record_from_input

    fields: dict[str, object] = {
        "id": proposed.exchange_id,
        "date": proposed.day,
        "helper": proposed.helper,
        "helped": (proposed.helped,),
        "minutes": proposed.minutes,
        "topic": proposed.topic,
        "mode": proposed.mode,
        "source": proposed.source,
    }
    if actor is not None:
        fields["logged_by"] = actor.handle
        if actor.handle == proposed.helped:
            fields["confirmation"] = {"by": actor.handle, "on": max(day, proposed.day)}
    return record_from_input(Exchange, fields)


def _write(
    folder: Path, storage: str, proposed: tuple[Proposed, ...], actor: Member | None, day: date
) -> None:
    """One file per exchange; when one cannot be written, those written before are removed,
    so that a failed import leaves the ledger as it was."""
    from aidledger.store.write import write_new_exchange

    exchanges = [_exchange(item, actor, day) for item in proposed]
    written: list[Path] = []
    try:
        for exchange in _progress(exchanges):
            written.append(write_new_exchange(folder, exchange, storage))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _progress(exchanges: list[Exchange]) -> Iterator[Exchange]:
    """The exchanges, under a progress bar on standard error when a person watches a long
    import on a terminal; silent otherwise."""
    if len(exchanges) < PROGRESS_FROM or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield from exchanges
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Importing", total=len(exchanges))
        for exchange in exchanges:
            yield exchange
            progress.advance(task)


# --- the report ----------------------------------------------------------------------------


def _report(plan: Plan, *, dry_run: bool) -> list[str]:
    """What was imported (or would be), then every trailer left out, with its reason."""
    from aidledger.engine.trailers import OFF_BY_DEFAULT

    lines = _imported(plan, dry_run=dry_run)
    lines += _skipped_lines(plan.skipped)
    lines += _unknown_lines(plan)
    for key, option in OFF_BY_DEFAULT.items():
        if plan.not_counted.get(key):
            count = plan.not_counted[key]
            lines.append(
                f"{count:,} {option.split('=')[0]} {'trailer' if count == 1 else 'trailers'}"
                f" not counted: add --trailer {option} to count {'it' if count == 1 else 'them'}."
            )
    return lines


def _imported(plan: Plan, *, dry_run: bool) -> list[str]:
    read = f"read {_many(plan.commits, 'commit')}, {_many(plan.counted, 'trailer')} counted"
    notes = []
    if plan.already:
        notes.append(f"{plan.already:,} already imported")
    if plan.self_named:
        notes.append(f"{plan.self_named:,} naming the commit's own author")
    if plan.repeated:
        notes.append(f"{plan.repeated:,} repeating a helper of the same commit")
    if plan.copies:
        notes.append(
            f"{plan.copies:,} copied from an imported commit (amended, rebased or cherry-picked)"
        )
    summary = "; ".join([read, *notes]) + "."
    if not plan.proposed:
        return [f"Nothing new: {summary}"]
    count = _many(len(plan.proposed), "exchange")
    title = f"Would import {count} (dry run: nothing written)" if dry_run else f"Imported {count}"
    lines = [f"{title}:"]
    lines += [f"  {_exchange_line(item)}" for item in plan.proposed]
    lines.append(summary[:1].upper() + summary[1:])
    return lines


def _many(count: int, word: str) -> str:
    """`1 commit`, `5,529 commits`: a count, with thousands apart, and its noun."""
    return plural(count, word).replace(str(count), f"{count:,}", 1)


def _exchange_line(proposed: Proposed) -> str:
    return (
        f"{proposed.day}  {proposed.helper} helped {proposed.helped}"
        f"  {format_minutes(proposed.minutes)} {proposed.mode}"
        f"  {proposed.key} in {proposed.sha[:12]}  {proposed.topic}"
    )


def _span(days: list[date | None]) -> str:
    known = sorted(day for day in days if day is not None)
    if not known:
        return ""
    first, last = known[0], known[-1]
    return f" on {first}" if first == last else f" from {first} to {last}"


def _skipped_lines(skipped: tuple[Skipped, ...]) -> list[str]:
    """Trailers between members the ledger cannot hold on their day, grouped by reason."""
    if not skipped:
        return []
    groups: dict[tuple[str, str | None, date | None], list[Skipped]] = defaultdict(list)
    for item in skipped:
        groups[(item.reason, item.handle, item.boundary)].append(item)
    lines = ["Not imported:"]
    for (reason, handle, boundary), items in groups.items():
        count = _many(len(items), "trailer")
        span = _span([item.day for item in items])
        if reason == "not-joined":
            why = f"{count}{span}, before {handle} joined the team ({boundary})"
        elif reason == "left":
            why = f"{count}{span}, after {handle} left the team ({boundary})"
        elif reason == "future":
            why = f"{count}{span}, in the future"
        elif reason == "unnamed":
            why = f"{count} naming nobody"
        else:
            why = f"{count} with no date the ledger can hold"
        shas = sorted({item.sha[:12] for item in items})
        more = ", ..." if len(shas) > 3 else ""
        lines.append(
            f"  {why}; {'commit' if len(shas) == 1 else 'commits'} {', '.join(shas[:3])}{more}"
        )
    return lines


def _unknown_lines(plan: Plan) -> list[str]:
    """People who are not members, each with the command that adds them."""
    if not plan.unknown:
        return []
    count = len(plan.unknown)
    people = "1 person" if count == 1 else f"{count:,} people"
    lines = [
        f"Not members ({_many(plan.unknown_trailers, 'trailer')} not imported):"
        f" {people}; add them with:"
    ]
    for unknown in plan.unknown:
        lines.append(f"  {_add_command(unknown)}")
    lines.append(
        "or, when one of them is a member already, add the name or email they signed with"
        " to their aliases (aidledger member set HANDLE --alias 'Name <email>'), then import"
        " again."
    )
    return lines


def _add_command(unknown: Unknown) -> str:
    if unknown.claimed_by:
        return (
            f"# {unknown.person} is claimed by {', '.join(unknown.claimed_by)}:"
            " keep that name or email in one member's emails or aliases only"
        )
    words = ["aidledger", "member", "add", unknown.suggested]
    name = unknown.person.name
    if name and len(name) <= MAX_NAME:
        words += ["--name", name]
    if _EMAIL.match(unknown.person.email):
        words += ["--email", unknown.person.email]
    if unknown.first_day is not None:
        words += ["--joined", unknown.first_day.isoformat()]
    return f"{shlex.join(words)}  # {_many(unknown.trailers, 'trailer')}"


# --- the hook ------------------------------------------------------------------------------


def hook_script(root_argument: str | None, trailers: tuple[str, ...]) -> str:
    """The hook: after a commit it imports that commit; after a merge (a pull), the commits
    the merge brought. It never fails the git command that ran it."""
    words = ["aidledger"]
    if root_argument is not None:
        words += ["--root", root_argument]
    words += ["import", "git", '"$range"']
    for spec in trailers:
        words += ["--trailer", shlex.quote(spec)]
    command = " ".join(word if word == '"$range"' else shlex.quote(word) for word in words)
    return (
        "#!/bin/sh\n"
        "# aidledger: log the help named in commit trailers (Helped-by, Co-authored-by, ...).\n"
        "# Written by `aidledger import git --hook --install`; delete this file to stop it.\n"
        'case "$(basename "$0")" in\n'
        '  post-merge) range="ORIG_HEAD..HEAD" ;;\n'
        '  *) range="HEAD^!" ;;\n'
        "esac\n"
        "command -v aidledger >/dev/null 2>&1 || exit 0\n"
        f"{command} || true\n"
        "exit 0\n"
    )


def _hook(folder: Path, trailers: tuple[str, ...], *, install: bool) -> None:
    from aidledger.store.git import hook_state, hooks_folder, require_repository, top_level
    from aidledger.store.load import display_path

    require_repository(folder)
    top = top_level(folder)
    relative = folder.resolve().relative_to(top.resolve()).as_posix()
    script = hook_script(None if relative == "." else relative, trailers)
    if not install:
        emit(script)
        return
    hooks = hooks_folder(folder)
    states = {name: hook_state(hooks / name, script) for name in HOOK_NAMES}
    others = [name for name, state in states.items() if state == "different"]
    if others:
        raise RefusedError(
            f"{' and '.join(display_path(hooks / name) for name in others)}"
            f" {'is' if len(others) == 1 else 'are'} already there and not this hook;"
            " nothing was written",
            hint="add the command of `aidledger import git --hook` to it by hand,"
            " or move it away and run this again",
        )
    _install(hooks, script, states)


def _install(hooks: Path, script: str, states: Mapping[str, str]) -> None:
    from aidledger.store.git import write_hook
    from aidledger.store.load import display_path

    for name, state in states.items():
        shown = display_path(hooks / name)
        if state == "absent":
            write_hook(hooks / name, script)
            emit(f"Installed {shown}.\n")
        else:
            emit(f"{shown} is this hook already; nothing was changed.\n")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
