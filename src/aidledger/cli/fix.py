"""Seeing, fixing and undoing one record: `show`, `edit` and `void`."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOption,
    NoCacheOption,
    RootOption,
    acting,
    emit,
    find_by_id,
    resolve_root,
    say,
    today,
)
from aidledger.errors import DataError, RefusedError, StoreError

if TYPE_CHECKING:
    from aidledger.errors import Problem
    from aidledger.model.ledger import Ledger, Located
    from aidledger.model.records import Exchange, Request
    from aidledger.store.write import RecordLines

IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="An exchange's or a request's id (or a unique start of it)."),
]
_HEADER = "#"


class RecordFormat(StrEnum):
    table = "table"
    json = "json"


def _read(folder: Path, *, use_cache: bool = True) -> Ledger:
    """The records that can be read: one broken file does not hide the others."""
    from aidledger.store.load import read_ledger

    ledger, problems = read_ledger(folder, use_cache=use_cache)
    if ledger is None:
        raise DataError(tuple(sorted(problems)))
    return ledger


def _find(
    ledger: Ledger, prefix: str, *, exchanges_only: bool = False
) -> tuple[Located[Exchange] | Located[Request], str]:
    """The one record whose id is `prefix` or starts with it, and its kind."""
    requests = [located.record.id for located in ledger.requests]
    if exchanges_only:
        exchange = find_by_id(
            ledger.exchanges,
            prefix,
            kind="exchange",
            listing="list them with `aidledger exchanges`",
            elsewhere={"a request": requests},
        )
        return exchange, "exchange"
    either: list[Located[Exchange] | Located[Request]] = [*ledger.exchanges, *ledger.requests]
    located = find_by_id(
        either,
        prefix,
        kind="exchange or request",
        listing="list them with `aidledger exchanges` and `aidledger requests`",
    )
    return located, "request" if located.record.id in requests else "exchange"


def _lines(folder: Path, located: Located[Exchange] | Located[Request], kind: str) -> RecordLines:
    from aidledger.store.write import read_record_lines

    return read_record_lines(folder, Path(located.origin.path), kind, located.record.id)


def show(
    ctx: typer.Context,
    record_id: IdArgument,
    output_format: Annotated[
        RecordFormat, typer.Option("--format", help="Output format.")
    ] = RecordFormat.table,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Print an exchange or a request as it stands in its file, after `path:line`."""
    from aidledger.render import record as render

    folder = resolve_root(ctx, root)
    located, kind = _find(_read(folder, use_cache=not no_cache), record_id)
    lines = _lines(folder, located, kind)
    if output_format == RecordFormat.json:
        emit(render.render_json(located.record, located.origin.path, lines.line))
    else:
        emit(render.render_text(located.origin.path, lines.line, lines.text))


def edit(ctx: typer.Context, record_id: IdArgument, root: RootOption = None) -> None:
    """Open an exchange or a request in $VISUAL or $EDITOR; it is checked when saved.

    On a problem the editor opens again, the problems at the top; saving an empty file,
    or the record unchanged, writes nothing. Only the record's own lines are written back.
    """
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import replace_record_lines

    folder = resolve_root(ctx, root)
    located, kind = _find(_read(folder), record_id)
    lines = _lines(folder, located, kind)
    new_text = _edited(folder, lines, kind, located.record.id)
    if new_text is None:
        return
    with edit_lock(folder):
        problems = _problems(folder, lines, kind, located.record.id, new_text)
        if problems:
            raise DataError(problems, f"the edited {kind}")
        replace_record_lines(folder, lines, kind, located.record.id, new_text)
    emit(f"Edited {located.record.id} in {lines.path}.\n")


def _edited(folder: Path, lines: RecordLines, kind: str, record_id: str) -> str | None:
    """The record's new lines once they pass every check, or None when nothing is to be written."""
    text = lines.text
    problems: tuple[Problem, ...] = ()
    while True:
        saved = _run_editor(_with_header(lines, kind, record_id, problems) + text, lines.path)
        body = _without_header(saved)
        if "\r\n" in lines.text:
            body = body.replace("\r\n", "\n").replace("\n", "\r\n")
        if lines.text.endswith("\n") and not body.endswith("\n"):
            body += "\r\n" if "\r\n" in lines.text else "\n"
        if not body.strip():
            say(f"The file was saved empty: {record_id} was not changed.")
            return None
        if body == lines.text:
            say(f"Nothing was changed in {record_id}.")
            return None
        if problems and body == text:
            # Saved again as it was, problems and all: stop rather than ask for ever.
            raise DataError(problems, f"the edited {kind}, saved again unchanged; nothing written")
        problems = _problems(folder, lines, kind, record_id, body)
        if not problems:
            return body
        text = body


def _with_header(
    lines: RecordLines, kind: str, record_id: str, problems: tuple[Problem, ...]
) -> str:
    from aidledger.render.text import printable

    header = [
        f"Editing {kind} {record_id} ({lines.path}:{lines.line}).",
        "Lines starting with '#' up here are left out; save an empty file to stop.",
        *(f"error: {printable(str(problem))}" for problem in problems),
    ]
    return "".join(f"{_HEADER} {line}\n" for line in header)


def _without_header(text: str) -> str:
    """The text after the comment lines at its top (the header the editor was given)."""
    kept = text.splitlines(keepends=True)
    while kept and kept[0].startswith(_HEADER):
        kept.pop(0)
    return "".join(kept)


def _run_editor(text: str, path: Path) -> str:
    """The text as the person saved it in $VISUAL, $EDITOR or vi, from a temporary file."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="aidledger-", suffix=path.suffix)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        try:
            finished = subprocess.run([*shlex.split(editor), name], check=False)
        except (OSError, ValueError) as error:
            message = f"{editor}: cannot start the editor ({error}); nothing was written"
            raise StoreError(message) from None
        if finished.returncode != 0:
            raise StoreError(
                f"{editor}: the editor ended with code {finished.returncode}; nothing was written"
            )
        return temporary.read_text(encoding="utf-8")
    finally:
        temporary.unlink(missing_ok=True)


def _problems(
    folder: Path, lines: RecordLines, kind: str, record_id: str, body: str
) -> tuple[Problem, ...]:
    """What loading would say of the file holding `body` in place of the record's lines."""
    from aidledger.errors import Location, Problem
    from aidledger.store.edit import record_keys
    from aidledger.store.load import problems_with_text
    from aidledger.store.parse import YAML_SUFFIXES
    from aidledger.store.write import with_record_lines

    file_text = with_record_lines(lines, body)
    problems = problems_with_text(folder, lines.target, file_text, kind, today())
    if problems:
        return problems
    is_yaml = lines.path.suffix in YAML_SUFFIXES
    key = "id"
    if record_keys(file_text, is_yaml=is_yaml, kind=kind, key=key) != record_keys(
        lines.file_text, is_yaml=is_yaml, kind=kind, key=key
    ):
        where = Location(str(lines.path), lines.line)
        return (Problem(where, f"the {kind} keeps its id {record_id!r} and stays one record"),)
    if kind == "exchange":
        return _confirmed_figures_kept(lines, file_text, record_id, is_yaml=is_yaml)
    return ()


def _confirmed_figures_kept(
    lines: RecordLines, file_text: str, record_id: str, *, is_yaml: bool
) -> tuple[Problem, ...]:
    """A person's confirmation vouches for who helped whom, how long and when: an edit that
    changes one of those takes out the confirmations it no longer matches (the people
    confirm again), as `aidledger verify` would otherwise find later."""
    from aidledger.engine.verify import confirmation_in, confirmed_changes
    from aidledger.errors import Location, Problem
    from aidledger.store.edit import record_fields_of

    before = record_fields_of(
        lines.file_text, is_yaml=is_yaml, kind="exchange", record_id=record_id
    )
    after = record_fields_of(file_text, is_yaml=is_yaml, kind="exchange", record_id=record_id)
    changed = confirmed_changes(before, after)
    if not changed:
        return ()
    helped = before.get("helped", []) if before else []
    kept = [
        handle
        for handle in helped
        if (given := confirmation_in(before, handle)) is not None
        and confirmation_in(after, handle) == given
    ]
    if not kept:
        return ()
    names = ", ".join(change.name for change in changed)
    people = ", ".join(kept)
    return (
        Problem(
            Location(str(lines.path), lines.line),
            f"{names} changed while the confirmation by {people} stands: take it out in this"
            f" edit (then {people} can confirm again), or keep what was confirmed",
        ),
    )


def void(
    ctx: typer.Context,
    exchange_id: Annotated[
        str, typer.Argument(metavar="ID", help="The exchange's id (or a unique start of it).")
    ],
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Remove an unconfirmed exchange you logged (its file, or its lines in a shared file)."""
    from aidledger.store.load import load_ledger
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import remove_record

    folder = resolve_root(ctx, root)
    with edit_lock(folder):
        ledger = load_ledger(folder, today())
        actor = acting(ledger.member_records(), as_handle, folder)
        located, _ = _find(ledger, exchange_id, exchanges_only=True)
        exchange: Exchange = located.record  # type: ignore[assignment]
        _refuse_void(ledger, exchange, actor.handle)
        deleted = remove_record(folder, Path(located.origin.path), "exchange", exchange.id)
    where = (
        f"deleted {located.origin.path}"
        if deleted
        else f"its lines removed from {located.origin.path}"
    )
    emit(f"Voided {exchange.id}: {where}.\n")


def _refuse_void(ledger: Ledger, exchange: Exchange, handle: str) -> None:
    """Only help nobody confirmed yet, logged by the one voiding it, nothing points at."""
    if exchange.given_confirmations:
        raise RefusedError(
            f"{exchange.id} is confirmed: confirmed help is history; nothing was removed",
            hint=f"correct it with `aidledger edit {exchange.id}`",
        )
    logger = exchange.logged_by or exchange.helper
    if logger != handle:
        raise RefusedError(
            f"{exchange.id} was logged by {logger}; only {logger} can void it; nothing was removed"
        )
    listing = [
        located.record.id for located in ledger.requests if exchange.id in located.record.exchanges
    ]
    if listing:
        raise RefusedError(
            f"{exchange.id} is listed by the request {', '.join(listing)}; nothing was removed",
            hint="take it out of the request's exchanges first",
        )


def register(app: typer.Typer) -> None:
    app.command("show")(show)
    app.command("edit")(edit)
    app.command("void")(void)
