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
from aidledger.i18n import (
    _,
    format_count,
    format_day,
    format_list,
    format_short_day,
    ngettext,
    pgettext,
)
from aidledger.model.values import format_minutes

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
        raise UsageError(_("--install writes the hook: give it with --hook"))
    folder = resolve_root(ctx, root)
    if hook:
        if revisions is not None:
            raise UsageError(
                _(
                    "--hook prints the hook, which reads its own range;"
                    " the range {range} does not go with it"
                ).format(range=repr(revisions))
            )
        if dry_run:
            raise UsageError(
                _(
                    "--hook prints the hook, which reads its own range;"
                    " --dry-run does not go with it"
                )
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
        task = progress.add_task(_("Importing"), total=len(exchanges))
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
            # Translators: {key} is a trailer key such as Reviewed-by; {option} the value of
            # --trailer that counts it, such as Reviewed-by=advice:15m.
            text = ngettext(
                "{count} {key} trailer not counted: add --trailer {option} to count it.",
                "{count} {key} trailers not counted: add --trailer {option} to count them.",
                count,
            )
            lines.append(
                text.format(count=format_count(count), key=option.split("=")[0], option=option)
            )
    return lines


def _imported(plan: Plan, *, dry_run: bool) -> list[str]:
    # Translators: {commits} is "12 commits"; {counted} is "3 trailers counted".
    read = _("read {commits}, {counted}").format(
        commits=_commits(plan.commits),
        counted=ngettext(
            "{count} trailer counted", "{count} trailers counted", plan.counted
        ).format(count=format_count(plan.counted)),
    )
    notes = []
    if plan.already:
        notes.append(
            # Translators: a count of trailers.
            ngettext("{count} already imported", "{count} already imported", plan.already).format(
                count=format_count(plan.already)
            )
        )
    if plan.self_named:
        notes.append(
            ngettext(
                "{count} naming the commit's own author",
                "{count} naming the commit's own author",
                plan.self_named,
            ).format(count=format_count(plan.self_named))
        )
    if plan.repeated:
        notes.append(
            ngettext(
                "{count} repeating a helper of the same commit",
                "{count} repeating a helper of the same commit",
                plan.repeated,
            ).format(count=format_count(plan.repeated))
        )
    if plan.copies:
        notes.append(
            ngettext(
                "{count} copied from an imported commit (amended, rebased or cherry-picked)",
                "{count} copied from an imported commit (amended, rebased or cherry-picked)",
                plan.copies,
            ).format(count=format_count(plan.copies))
        )
    # Translators: between the parts of the summary of an import; French puts a
    # non-breaking space before the semicolon.
    summary = pgettext("separator", "; ").join([read, *notes]) + "."
    if not plan.proposed:
        return [_("Nothing new: {summary}").format(summary=summary)]
    count = len(plan.proposed)
    if dry_run:
        title = ngettext(
            "Would import {count} exchange (dry run: nothing written):",
            "Would import {count} exchanges (dry run: nothing written):",
            count,
        )
    else:
        title = ngettext("Imported {count} exchange:", "Imported {count} exchanges:", count)
    lines = [title.format(count=format_count(count))]
    lines += [f"  {_exchange_line(item)}" for item in plan.proposed]
    lines.append(summary[:1].upper() + summary[1:])
    return lines


def _trailers(count: int) -> str:
    """`1 trailer`, `5,529 trailers`."""
    return ngettext("{count} trailer", "{count} trailers", count).format(count=format_count(count))


def _commits(count: int) -> str:
    """`1 commit`, `5,529 commits`."""
    return ngettext("{count} commit", "{count} commits", count).format(count=format_count(count))


def _exchange_line(proposed: Proposed) -> str:
    # Translators: one exchange to import; {mode} is the mode keyword of the trailer rule
    # (taught, pair, did, advice), {key} the trailer key, {commit} the commit's id.
    return _(
        "{day}  {helper} helped {helped}  {minutes} {mode}  {key} in {commit}  {topic}"
    ).format(
        day=format_short_day(proposed.day),
        helper=proposed.helper,
        helped=proposed.helped,
        minutes=format_minutes(proposed.minutes),
        mode=proposed.mode,
        key=proposed.key,
        commit=proposed.sha[:12],
        topic=proposed.topic,
    )


def _span(days: list[date | None]) -> str:
    """` on 2026-03-01`, ` from 2026-03-01 to 2026-03-09`, or nothing: when the trailers
    were made, to follow their count."""
    known = sorted(day for day in days if day is not None)
    if not known:
        return ""
    first, last = known[0], known[-1]
    if first == last:
        # Translators: follows a count of trailers, with its leading space.
        return _(" on {day}").format(day=format_day(first))
    # Translators: follows a count of trailers, with its leading space.
    return _(" from {first} to {last}").format(first=format_day(first), last=format_day(last))


def _skipped_lines(skipped: tuple[Skipped, ...]) -> list[str]:
    """Trailers between members the ledger cannot hold on their day, grouped by reason."""
    if not skipped:
        return []
    groups: dict[tuple[str, str | None, date | None], list[Skipped]] = defaultdict(list)
    for item in skipped:
        groups[(item.reason, item.handle, item.boundary)].append(item)
    lines = [_("Not imported:")]
    for (reason, handle, boundary), items in groups.items():
        count = len(items)
        span = _span([item.day for item in items])
        day = format_day(boundary) if boundary is not None else ""
        if reason == "not-joined":
            # Translators: {span} is empty, " on DAY" or " from DAY to DAY"; {day} is the
            # day the member {handle} joined or left the team.
            text = ngettext(
                "{count} trailer{span}, before {handle} joined the team ({day})",
                "{count} trailers{span}, before {handle} joined the team ({day})",
                count,
            )
        elif reason == "left":
            text = ngettext(
                "{count} trailer{span}, after {handle} left the team ({day})",
                "{count} trailers{span}, after {handle} left the team ({day})",
                count,
            )
        elif reason == "future":
            text = ngettext(
                "{count} trailer{span}, in the future",
                "{count} trailers{span}, in the future",
                count,
            )
        elif reason == "unnamed":
            text = ngettext(
                "{count} trailer naming nobody", "{count} trailers naming nobody", count
            )
        else:
            text = ngettext(
                "{count} trailer with no date the ledger can hold",
                "{count} trailers with no date the ledger can hold",
                count,
            )
        why = text.format(count=format_count(count), span=span, handle=handle, day=day)
        shas = sorted({item.sha[:12] for item in items})
        more = ", ..." if len(shas) > 3 else ""
        # Translators: {reason} says why trailers were not imported; {commits} lists
        # the ids of their commits.
        line = ngettext("{reason}; commit {commits}", "{reason}; commits {commits}", len(shas))
        lines.append("  " + line.format(reason=why, commits=", ".join(shas[:3]) + more))
    return lines


def _unknown_lines(plan: Plan) -> list[str]:
    """People who are not members, each with the command that adds them."""
    if not plan.unknown:
        return []
    count = len(plan.unknown)
    people = ngettext("{count} person", "{count} people", count).format(count=format_count(count))
    # Translators: {people} is "3 people", the people named by the trailers who are not
    # members; the commands that add them follow.
    text = ngettext(
        "Not members ({count} trailer not imported): {people}; add them with:",
        "Not members ({count} trailers not imported): {people}; add them with:",
        plan.unknown_trailers,
    )
    lines = [text.format(count=format_count(plan.unknown_trailers), people=people)]
    for unknown in plan.unknown:
        lines.append(f"  {_add_command(unknown)}")
    lines.append(
        _(
            "or, when one of them is a member already, add the name or email they signed with"
            " to their aliases (aidledger member set HANDLE --alias 'Name <email>'), then import"
            " again."
        )
    )
    return lines


def _add_command(unknown: Unknown) -> str:
    if unknown.claimed_by:
        # Translators: a shell comment; {person} is a name and email, {handles} members.
        text = _(
            "# {person} is claimed by {handles}:"
            " keep that name or email in one member's emails or aliases only"
        )
        return text.format(person=unknown.person, handles=", ".join(unknown.claimed_by))
    words = ["aidledger", "member", "add", unknown.suggested]
    name = unknown.person.name
    if name and len(name) <= MAX_NAME:
        words += ["--name", name]
    if _EMAIL.match(unknown.person.email):
        words += ["--email", unknown.person.email]
    if unknown.first_day is not None:
        words += ["--joined", unknown.first_day.isoformat()]
    return f"{shlex.join(words)}  # {_trailers(unknown.trailers)}"


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
        text = ngettext(
            "{files} is already there and not this hook; nothing was written",
            "{files} are already there and not this hook; nothing was written",
            len(others),
        )
        raise RefusedError(
            text.format(files=format_list([display_path(hooks / name) for name in others])),
            hint=_(
                "add the command of `aidledger import git --hook` to it by hand,"
                " or move it away and run this again"
            ),
        )
    _install(hooks, script, states)


def _install(hooks: Path, script: str, states: Mapping[str, str]) -> None:
    from aidledger.store.git import write_hook
    from aidledger.store.load import display_path

    for name, state in states.items():
        shown = display_path(hooks / name)
        if state == "absent":
            write_hook(hooks / name, script)
            emit(_("Installed {file}.").format(file=shown) + "\n")
        else:
            emit(_("{file} is this hook already; nothing was changed.").format(file=shown) + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
