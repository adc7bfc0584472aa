"""Writing records: new files canonically (tomli-w or YAML), edits of shared files in place."""

from __future__ import annotations

import re
import secrets
import string
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
import yaml
from pydantic import BaseModel

from aidledger.errors import StoreError
from aidledger.model.records import Exchange, Member, Request
from aidledger.store.files import atomic_write, read_text
from aidledger.store.load import EXCHANGES_DIR, MEMBERS_FILE
from aidledger.store.parse import YAML_SUFFIXES, load_yaml

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


class _RecordDumper(yaml.SafeDumper):
    """The safe dumper, with text that holds a line separator written double-quoted.

    PyYAML writes NEL (U+0085) raw inside single quotes, where reading folds it into a
    space; in double quotes it is escaped and reads back as written. It never writes
    anchors and aliases, which the reader refuses.
    """

    def ignore_aliases(self, data: object) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(separator in text for separator in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_RecordDumper.add_representer(str, _represent_text)

_SUBTABLE_HEADER = re.compile(r"^\[(?P<name>[^\[\]]+)\]$", re.MULTILINE)


def dump_records(kind: str, records: list[dict[str, Any]], storage: str) -> str:
    """The canonical text of a file of `[[kind]]` tables (never the inline-table form)."""
    if storage == "yaml":
        return yaml.dump({kind: records}, Dumper=_RecordDumper, sort_keys=False, allow_unicode=True)
    return "\n".join(
        f"[[{kind}]]\n" + _SUBTABLE_HEADER.sub(rf"[{kind}.\g<name>]", tomli_w.dumps(fields))
        for fields in records
    )


def exchange_path(root: Path, exchange: Exchange, storage: str) -> Path:
    day: date = exchange.date
    return root / EXCHANGES_DIR / f"{day:%Y}" / f"{day:%m}" / f"{exchange.id}.{storage}"


def write_new_exchange(root: Path, exchange: Exchange, storage: str) -> Path:
    path = exchange_path(root, exchange, storage)
    atomic_write(path, dump_records("exchange", [record_fields(exchange)], storage), exclusive=True)
    return path


def replace_record(path: Path, kind: str, record: Exchange | Request) -> None:
    """Rewrite the table with `record`'s id in `path`, keeping the file's other tables."""
    text = read_text(path)
    fields = record_fields(record)
    if path.suffix in YAML_SUFFIXES:
        document = load_yaml(text)
        tables = document[kind]
        tables[_index_of(tables, record.id, path)] = fields
        atomic_write(path, dump_records(kind, tables, "yaml"))
        return
    toml_document = tomlkit.parse(text)
    toml_tables = toml_document[kind]
    if not isinstance(toml_tables, tomlkit.items.AoT) or len(toml_tables) == 1:
        # One record, or records written inline (`exchange = [{...}]`): written anew,
        # canonically, as [[kind]] tables.
        tables = [dict(table) for table in toml_tables.unwrap()]
        tables[_index_of(tables, record.id, path)] = fields
        atomic_write(path, dump_records(kind, tables, "toml"))
        return
    index = _index_of(list(toml_tables), record.id, path)
    table = toml_tables[index]
    for key in list(table):
        if key not in fields:
            del table[key]
    spaced = index < len(toml_tables) - 1
    for key, value in fields.items():
        # Unchanged lines stay as written, with their comments.
        if key not in table or table[key] != value:
            table[key] = _sub_table(value, spaced) if isinstance(value, dict) else value
    atomic_write(path, tomlkit.dumps(toml_document))


def _sub_table(fields: dict[str, Any], spaced: bool) -> tomlkit.items.Table:
    """A sub-table such as [exchange.confirmation]; a blank line ends it when a table follows."""
    table = tomlkit.table()
    for key, value in fields.items():
        table[key] = value
    if spaced:
        table.add(tomlkit.nl())
    return table


def _index_of(tables: list[Any], record_id: str, path: Path) -> int:
    for index, table in enumerate(tables):
        if table.get("id") == record_id:
            return index
    raise StoreError(f"{path}: holds no record {record_id!r}")


def _members_document(root: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(read_text(root / MEMBERS_FILE))


def add_member(root: Path, member: Member) -> None:
    """Append a canonical `[[member]]` table; every byte already in the file stays as it is."""
    path = root / MEMBERS_FILE
    text = read_text(path)
    separator = "" if not text else "\n" if text.endswith("\n") else "\n\n"
    updated = text + separator + dump_records("member", [record_fields(member)], "toml")
    try:
        handles = [table.get("handle") for table in tomlkit.parse(updated).get("member", [])]
    except tomlkit.exceptions.TOMLKitError:
        handles = []
    if member.handle not in handles:
        raise StoreError(
            f"{path}: cannot append a [[member]] table to this file; add {member.handle!r} by hand"
        )
    atomic_write(path, updated)


def set_member_left(root: Path, handle: str, left: date) -> None:
    """Set `left` on one member's table, keeping everything else as it was."""
    document = _members_document(root)
    for table in document.get("member", []):
        if table.get("handle") == handle:
            table["left"] = left
            atomic_write(root / MEMBERS_FILE, tomlkit.dumps(document))
            return
    raise StoreError(f"{MEMBERS_FILE}: holds no member {handle!r}")
