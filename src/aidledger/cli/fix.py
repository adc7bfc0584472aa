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
    editing,
    emit,
    find_by_id,
    resolve_root,
    say,
    today,
)
from aidledger.errors import DataError, RefusedError, StoreError
from aidledger.i18n import _, ngettext

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
            listing=_("list them with `aidledger exchanges`"),
            elsewhere={"a request": requests},
        )
        return exchange, "exchange"
    either: list[Located[Exchange] | Located[Request]] = [*ledger.exchanges, *ledger.requests]
    located = find_by_id(
        either,
        prefix,
        kind="exchange or request",
        listing=_("list them with `aidledger exchanges` and `aidledger requests`"),
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
            raise DataError(problems, summary=_edited_problems(kind, len(problems)))
        replace_record_lines(folder, lines, kind, located.record.id, new_text)
    emit(_("Edited {id} in {file}.").format(id=located.record.id, file=lines.path) + "\n")


def _edited_problems(kind: str, count: int, *, again: bool = False) -> str:
    """`2 problems in the edited exchange`, or, `again`, saved again unchanged."""
    if kind == "request":
        if again:
            text = ngettext(
                "{count} problem in the edited request, saved again unchanged; nothing written",
                "{count} problems in the edited request, saved again unchanged; nothing written",
                count,
            )
        else:
            text = ngettext(
                "{count} problem in the edited request",
                "{count} problems in the edited request",
                count,
            )
    elif again:
        text = ngettext(
            "{count} problem in the edited exchange, saved again unchanged; nothing written",
            "{count} problems in the edited exchange, saved again unchanged; nothing written",
            count,
        )
    else:
        text = ngettext(
            "{count} problem in the edited exchange",
            "{count} problems in the edited exchange",
            count,
        )
    return text.format(count=count)


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
            say(_("The file was saved empty: {id} was not changed.").format(id=record_id))
            return None
        if body == lines.text:
            say(_("Nothing was changed in {id}.").format(id=record_id))
            return None
        if problems and body == text:
            # Saved again as it was, problems and all: stop rather than ask for ever.
            raise DataError(problems, summary=_edited_problems(kind, len(problems), again=True))
        problems = _problems(folder, lines, kind, record_id, body)
        if not problems:
            return body
        text = body


def _with_header(
    lines: RecordLines, kind: str, record_id: str, problems: tuple[Problem, ...]
) -> str:
    from aidledger.render.text import printable

    if kind == "request":
        # Translators: {file} and {line} say where the record is.
        editing = _("Editing request {id} ({file}:{line}).")
    else:
        # Translators: {file} and {line} say where the record is.
        editing = _("Editing exchange {id} ({file}:{line}).")
    header = [
        editing.format(id=record_id, file=lines.path, line=lines.line),
        _("Lines starting with '#' up here are left out; save an empty file to stop."),
        *(_("error: {message}").format(message=printable(str(problem))) for problem in problems),
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
            # Translators: {editor} is the editor's command, {error} the system's reason.
            message = _("{editor}: cannot start the editor ({error}); nothing was written")
            raise StoreError(message.format(editor=editor, error=error)) from None
        if finished.returncode != 0:
            raise StoreError(
                # Translators: {editor} is the editor's command, {code} its exit code.
                _("{editor}: the editor ended with code {code}; nothing was written").format(
                    editor=editor, code=finished.returncode
                )
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
        if kind == "request":
            kept = _("the request keeps its id {id!r} and stays one record")
        else:
            kept = _("the exchange keeps its id {id!r} and stays one record")
        return (Problem(where, kept.format(id=record_id)),)
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
    # Translators: {fields} are the fields changed, as the file names them (minutes, date);
    # {people} the handles of those whose confirmation stands.
    message = _(
        "{fields} changed while the confirmation by {people} stands: take it out in this"
        " edit (then {people} can confirm again), or keep what was confirmed"
    )
    return (
        Problem(Location(str(lines.path), lines.line), message.format(fields=names, people=people)),
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
    from aidledger.store.write import remove_record

    with editing(ctx, root, as_handle) as now:
        folder, ledger, actor = now.folder, now.ledger, now.actor
        located, _kind = _find(ledger, exchange_id, exchanges_only=True)
        exchange: Exchange = located.record  # type: ignore[assignment]
        _refuse_void(ledger, exchange, actor.handle)
        deleted = remove_record(folder, Path(located.origin.path), "exchange", exchange.id)
    if deleted:
        voided = _("Voided {id}: deleted {file}.")
    else:
        voided = _("Voided {id}: its lines removed from {file}.")
    emit(voided.format(id=exchange.id, file=located.origin.path) + "\n")


def _refuse_void(ledger: Ledger, exchange: Exchange, handle: str) -> None:
    """Only help nobody confirmed yet, logged by the one voiding it, nothing points at."""
    if exchange.given_confirmations:
        raise RefusedError(
            _("{id} is confirmed: confirmed help is history; nothing was removed").format(
                id=exchange.id
            ),
            hint=_("correct it with `aidledger edit {id}`").format(id=exchange.id),
        )
    logger = exchange.logged_by or exchange.helper
    if logger != handle:
        raise RefusedError(
            # Translators: {logger} is the handle of who logged the exchange.
            _("{id} was logged by {logger}; only {logger} can void it; nothing was removed").format(
                id=exchange.id, logger=logger
            )
        )
    listing = [
        located.record.id for located in ledger.requests if exchange.id in located.record.exchanges
    ]
    if listing:
        raise RefusedError(
            # Translators: {requests} are the ids of the requests listing the exchange.
            _("{id} is listed by the request {requests}; nothing was removed").format(
                id=exchange.id, requests=", ".join(listing)
            ),
            hint=_("take it out of the request's exchanges first"),
        )


def register(app: typer.Typer) -> None:
    app.command("show")(show)
    app.command("edit")(edit)
    app.command("void")(void)
