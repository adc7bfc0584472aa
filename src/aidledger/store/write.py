"""Writing records: new files canonically (tomli-w or YAML), edits of existing files in place."""

from __future__ import annotations

import re
import secrets
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w
from pydantic import BaseModel

from aidledger.errors import StoreError
from aidledger.i18n import _
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request
from aidledger.store.files import atomic_write, read_text, refuse_links, unresolved
from aidledger.store.load import EXCHANGES_DIR, MEMBERS_FILE, REQUESTS_DIR
from aidledger.store.parse import YAML_SUFFIXES, load_yaml

# The editor of records in place (store/edit.py, with tomlkit) and PyYAML are imported
# where an edit or a YAML file needs them: writing a new TOML record, as `thanks` and `log`
# do, needs neither.
if TYPE_CHECKING:
    from aidledger.store.edit import Changes

_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits


def random_suffix(length: int = 6) -> str:
    """The random tail of an id, so that ids made on two branches never meet."""
    return "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(length))


def record_fields(record: BaseModel) -> dict[str, Any]:
    """A record as plain tables: defaults and empty lists left out, keys in field order."""
    fields = record.model_dump(mode="python", exclude_none=True)
    return {key: _plain(value) for key, value in fields.items() if value != ()}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    return value


# A sub-table (`[confirmation]`) or an array of them (`[[confirmations]]`) of one record,
# as tomli_w writes them for the record alone; the record's kind goes in front.
_SUBTABLE_HEADER = re.compile(
    r"^(?P<open>\[\[?)(?P<name>[^\[\]\n]+)(?P<close>\]\]?)$", re.MULTILINE
)


def dump_records(kind: str, records: list[dict[str, Any]], storage: str) -> str:
    """The canonical text of a file of `[[kind]]` tables (never the inline-table form)."""
    if storage == "yaml":
        import yaml

        from aidledger.store.edit import RecordDumper

        return yaml.dump({kind: records}, Dumper=RecordDumper, sort_keys=False, allow_unicode=True)
    return "\n".join(_toml_record(kind, fields) for fields in records)


def _toml_record(kind: str, fields: dict[str, Any]) -> str:
    """One `[[kind]]` table; a list of sub-tables (group confirmations) always as
    `[[kind.name]]` tables, one after the other, so that adding one adds lines only."""
    plain = {key: value for key, value in fields.items() if not _tables(value)}
    text = f"[[{kind}]]\n" + _SUBTABLE_HEADER.sub(
        rf"\g<open>{kind}.\g<name>\g<close>", tomli_w.dumps(plain)
    )
    for key, value in fields.items():
        if _tables(value):
            text += "".join(f"\n[[{kind}.{key}]]\n" + tomli_w.dumps(table) for table in value)
    return text


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def exchange_path(root: Path, exchange: Exchange, storage: str) -> Path:
    day: date = exchange.date
    return root / EXCHANGES_DIR / f"{day:%Y}" / f"{day:%m}" / f"{exchange.id}.{storage}"


def new_record_file(root: Path, path: Path, kind: str, record: BaseModel) -> Path:
    """Write a new file holding one record, with its schema directive; never over another."""
    from aidledger.store.schema_files import record_directive

    text = record_directive(root, path, kind) + dump_records(
        kind, [record_fields(record)], "yaml" if path.suffix in YAML_SUFFIXES else "toml"
    )
    atomic_write(path, text, root=root, exclusive=True)
    return path


def write_new_exchange(root: Path, exchange: Exchange, storage: str) -> Path:
    return new_record_file(root, exchange_path(root, exchange, storage), "exchange", exchange)


def request_path(root: Path, request: Request, storage: str) -> Path:
    return root / REQUESTS_DIR / f"{request.id}.{storage}"


def write_new_request(root: Path, request: Request, storage: str) -> Path:
    return new_record_file(root, request_path(root, request, storage), "request", request)


_KEY_FIELDS = {"member": "handle", "exchange": "id", "request": "id", "offer": "id"}


def update_record(root: Path, path: Path, kind: str, record_id: str, changes: Changes) -> None:
    """Change some fields of one record of `path`; every byte outside its lines stays.

    `changes` maps a field to its new value, None to remove it. Commands call this while
    they hold the data folder's lock (store/lock.py), having read the file under it.
    """
    target = _inside(root, path)
    refuse_links(root, target)
    from aidledger.store.schema_files import split_directive

    mark, original = _without_bom(read_text(target, exact=True))
    # The schema directive is the file's first line, outside every record: it stays.
    directive, original = split_directive(original)
    storage = "yaml" if target.suffix in YAML_SUFFIXES else "toml"
    # A file as aidledger writes it (no comment, the writer's own layout) stays so: written
    # anew in that layout, so that `fmt --check` passes on what the commands wrote. Any
    # other file keeps every byte outside the changed fields.
    text = _canonically_changed(original, kind, storage, record_id, changes)
    if text is None:
        text = _edited_in_place(path, original, kind, storage, record_id, changes)
    atomic_write(target, mark + directive + text, root=root)


def _edited_in_place(
    path: Path, original: str, kind: str, storage: str, record_id: str, changes: Changes
) -> str:
    """The text of a file with one record changed by the editor of lines (store/edit.py)."""
    from aidledger.store.edit import EditError, edit_record

    try:
        text = edit_record(
            original,
            is_yaml=storage == "yaml",
            kind=kind,
            key=_KEY_FIELDS[kind],
            record_id=record_id,
            changes=changes,
        )
    except EditError as error:
        raise StoreError(
            f"{path}: " + _("{problem}; nothing was written").format(problem=error)
        ) from None
    if _canonical(original, kind, storage) == original:
        text = _canonical(text, kind, storage) or text
    return text


def _canonically_changed(
    original: str, kind: str, storage: str, record_id: str, changes: Changes
) -> str | None:
    """The writer's text of a file in the writer's own layout with one record changed: the
    text the editor's, made canonical, would be, with no editor needed. None for a file in
    another layout, one without that record, or a change that leaves it invalid: those go
    to the editor, which keeps their bytes or says why it cannot."""
    tables = _tables_in(original, kind, storage)
    if tables is None or _canonical_of(kind, tables, storage) != original:
        return None
    key = _KEY_FIELDS[kind]
    index = next(
        (position for position, table in enumerate(tables) if table.get(key) == record_id), None
    )
    if index is None:
        return None
    changed = [*tables[:index], _changed(tables[index], changes), *tables[index + 1 :]]
    return _canonical_of(kind, changed, storage)


def _changed(table: dict[str, Any], changes: Changes) -> dict[str, Any]:
    """A record's table with `changes` made as the editor makes them: None removes a field."""
    changed = dict(table)
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        else:
            changed[name] = without_none(value)
    return changed


def without_none(value: Any) -> Any:
    """A value to write, with the None of its tables left out (None means no such key)."""
    if isinstance(value, Mapping):
        return {name: without_none(item) for name, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [without_none(item) for item in value]
    return value


_MODELS: dict[str, type[BaseModel]] = {
    "exchange": Exchange,
    "request": Request,
    "offer": Offer,
    "meeting": Meeting,
    "member": Member,
}


def _canonical(text: str, kind: str, storage: str) -> str | None:
    """The text of a file of `kind` records as the writer writes it, or None when it does
    not hold valid records of that kind alone."""
    tables = _tables_in(text, kind, storage)
    return None if tables is None else _canonical_of(kind, tables, storage)


def _tables_in(text: str, kind: str, storage: str) -> list[dict[str, Any]] | None:
    """The tables of a file that holds `kind` records alone, or None (not even readable)."""
    try:
        document = _yaml_document(text) if storage == "yaml" else tomllib.loads(text)
    except (ValueError, KeyError, TypeError):  # ValueError: tomllib's errors and YAML's
        return None
    tables = document[kind] if isinstance(document, dict) and list(document) == [kind] else None
    if not isinstance(tables, list) or not tables:
        return None
    return tables


def _yaml_document(text: str) -> Any:
    """A YAML document as `load_yaml` reads it; a ValueError when it cannot be read."""
    import yaml

    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from None


def _canonical_of(kind: str, tables: list[Any], storage: str) -> str | None:
    """The writer's text of these tables, or None when one is not a valid `kind` record."""
    try:
        records = [_MODELS[kind].model_validate(table) for table in tables]
    except (ValueError, KeyError, TypeError):
        return None
    return canonical_text(kind, records, storage)


def canonical_text(kind: str, records: Sequence[BaseModel], storage: str) -> str:
    """The text the writer gives these records, in this order: what `fmt` writes."""
    return dump_records(kind, [record_fields(record) for record in records], storage)


BOM = "\ufeff"


def _without_bom(text: str) -> tuple[str, str]:
    """A file's byte order mark, if any, and its text without it: edits put it back."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _inside(root: Path, path: Path) -> Path:
    """`path` (as shown, relative to the current folder) as a path under `root`.

    Taken as written first, so that a link on the way is named by `refuse_links`; resolved
    only when the root was reached through links of its own.
    """
    for shown, base in ((unresolved(path), unresolved(root)), (path.resolve(), root.resolve())):
        if shown.is_relative_to(base):
            return root / shown.relative_to(base)
    raise StoreError(
        f"{path}: " + _("is outside the data folder {root}; nothing was written").format(root=root)
    )


def add_member(root: Path, member: Member) -> None:
    """Append a canonical `[[member]]` table; every byte already in the file stays as it is."""
    import tomlkit

    path = root / MEMBERS_FILE
    refuse_links(root, path)
    mark, text = _without_bom(read_text(path, exact=True))
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    separator = "" if not text else newline if text.endswith("\n") else newline * 2
    table = dump_records("member", [record_fields(member)], "toml").replace("\n", newline)
    updated = text + separator + table
    try:
        handles = [table.get("handle") for table in tomlkit.parse(updated).get("member", [])]
    except tomlkit.exceptions.TOMLKitError:
        handles = []
    if member.handle not in handles:
        raise StoreError(
            f"{path}: "
            + _("cannot append a [[member]] table to this file; add {handle} by hand").format(
                handle=repr(member.handle)
            )
        )
    atomic_write(path, mark + updated, root=root)


def set_member_left(root: Path, handle: str, left: date | None) -> None:
    """Set (or remove) `left` on one member's table, keeping everything else as it was."""
    update_record(root, root / MEMBERS_FILE, "member", handle, {"left": left})


@dataclass(frozen=True)
class RecordLines:
    """One record as it stands in its file: its own lines, and the line they start on."""

    path: Path
    target: Path
    line: int
    text: str
    file_text: str
    start: int
    end: int


def read_record_lines(root: Path, path: Path, kind: str, record_id: str) -> RecordLines:
    """The lines of the `kind` record `record_id` in `path` (relative to the current folder)."""
    from aidledger.store.edit import EditError, record_span

    target = _inside(root, path)
    refuse_links(root, target)
    _mark, text = _without_bom(read_text(target, exact=True))
    try:
        start, end = record_span(
            text,
            is_yaml=target.suffix in YAML_SUFFIXES,
            kind=kind,
            key=_KEY_FIELDS[kind],
            record_id=record_id,
        )
    except EditError as error:
        raise StoreError(f"{path}: {error}") from None
    return RecordLines(
        path, target, text.count("\n", 0, start) + 1, text[start:end], text, start, end
    )


def with_record_lines(lines: RecordLines, new_text: str) -> str:
    """The whole file's text with the record's lines replaced by `new_text`."""
    return lines.file_text[: lines.start] + new_text + lines.file_text[lines.end :]


def replace_record_lines(
    root: Path, lines: RecordLines, kind: str, record_id: str, new_text: str
) -> None:
    """Write `new_text` in place of the record's lines; every other byte of the file stays.

    Commands call this under the lock; a record whose lines changed since `lines` were
    read is refused rather than overwritten.
    """
    now = read_record_lines(root, lines.path, kind, record_id)
    if now.text != lines.text:
        raise StoreError(
            f"{lines.path}: "
            + _("{kind} {id} changed while it was being edited; nothing was written").format(
                kind=kind, id=repr(record_id)
            )
        )
    target = _inside(root, lines.path)
    mark, _unused = _without_bom(read_text(target, exact=True))
    atomic_write(target, mark + with_record_lines(now, new_text), root=root)


def remove_record(root: Path, path: Path, kind: str, record_id: str) -> bool:
    """Remove one record: its file when it holds no other, else only its lines.

    True when the file was deleted. Commands call this while they hold the lock.
    """
    from aidledger.store.edit import EditError, record_keys, without_record

    target = _inside(root, path)
    refuse_links(root, target)
    mark, text = _without_bom(read_text(target, exact=True))
    is_yaml = target.suffix in YAML_SUFFIXES
    try:
        if record_keys(text, is_yaml=is_yaml, kind=kind, key=_KEY_FIELDS[kind]) == [record_id]:
            target.unlink()
            return True
        edited = without_record(
            text, is_yaml=is_yaml, kind=kind, key=_KEY_FIELDS[kind], record_id=record_id
        )
    except EditError as error:
        raise StoreError(
            f"{path}: " + _("{problem}; nothing was changed").format(problem=error)
        ) from None
    atomic_write(target, mark + edited, root=root)
    return False


def write_new_offer(root: Path, offer: Offer, storage: str) -> Path:
    """`offers/<id>.toml` (or .yaml), holding the one new offer; never over another file."""
    from aidledger.store.load import OFFERS_DIR

    return new_record_file(root, root / OFFERS_DIR / f"{offer.id}.{storage}", "offer", offer)


def write_new_meeting(root: Path, meeting: Meeting, storage: str) -> Path:
    """`meetings/<date>.toml` (or .yaml), holding the one meeting of that day; a file already
    there for the day is refused, never overwritten."""
    from aidledger.store.load import MEETINGS_DIR

    path = root / MEETINGS_DIR / f"{meeting.date.isoformat()}.{storage}"
    return new_record_file(root, path, "meeting", meeting)
