"""Editing one record of a TOML or YAML text in place: only that record's lines change.

Everything outside the record's lines (comments, the other records, blank lines, line
endings) is kept byte for byte, and inside it only the changed fields are rewritten. Each
edit is checked by reading the new text back: it must hold the old document with that one
record changed, or the edit is refused rather than written.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import tomlkit
import yaml

from aidledger.i18n import _
from aidledger.store.parse import load_yaml, quote_like_the_reader
from aidledger.store.write import without_none

# A field's new value; None removes the field.
Changes = Mapping[str, Any]


class EditError(Exception):
    """A record that cannot be edited in place; the message says why, of the file (the
    caller puts the file's path before it)."""


def _holds_no_records(kind: str) -> str:
    # Translators: said of a file; {kind} is a kind of record (`exchange`).
    return _("holds no {kind} records").format(kind=kind)


def _holds_no_record(kind: str, record_id: str) -> str:
    # Translators: said of a file; {kind} is a kind of record (`exchange`), {record_id} its id.
    return _("holds no {kind} {record_id}").format(kind=kind, record_id=repr(record_id))


def _cannot_find(kind: str, index: int) -> str:
    # Translators: {kind} is a kind of record (`exchange`), {number} its place in the file.
    return _("cannot find where {kind} {number} is written; edit the file by hand").format(
        kind=kind, number=index + 1
    )


def _writes_inline(kind: str) -> str:
    # Translators: said of a file; {kind} is a kind of record (`exchange`).
    return _("writes {kind} records inline; edit the file by hand").format(kind=kind)


def edit_record(
    text: str, *, is_yaml: bool, kind: str, key: str, record_id: str, changes: Changes
) -> str:
    """`text` with the `kind` record whose `key` is `record_id` changed as `changes` say."""
    try:
        document = load_yaml(text) if is_yaml else tomllib.loads(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        raise EditError(_("is not valid YAML") if is_yaml else _("is not valid TOML")) from None
    tables = document.get(kind) if isinstance(document, dict) else None
    if not isinstance(tables, list):
        raise EditError(_holds_no_records(kind))
    index = next(
        (
            position
            for position, table in enumerate(tables)
            if isinstance(table, dict) and table.get(key) == record_id
        ),
        None,
    )
    if index is None:
        raise EditError(_holds_no_record(kind, record_id))
    try:
        edited = (_edit_yaml if is_yaml else _edit_toml)(text, kind, index, tables[index], changes)
    except (yaml.YAMLError, tomlkit.exceptions.TOMLKitError):
        edited = ""
    expected = copy.deepcopy(document)
    _apply_plain(expected[kind][index], changes)
    try:
        found = load_yaml(edited) if is_yaml else tomllib.loads(edited)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        found = None
    if found != expected:
        raise EditError(
            # Translators: {kind} is a kind of record (`exchange`), {record_id} its id.
            _("cannot change {kind} {record_id} in place; edit the file by hand").format(
                kind=kind, record_id=repr(record_id)
            )
        )
    return edited


def _apply_plain(table: dict[str, Any], changes: Changes) -> None:
    for name, value in changes.items():
        if value is None:
            table.pop(name, None)
        else:
            table[name] = without_none(value)


def _newline_at(text: str, position: int) -> str:
    """The line ending of the line holding `position`: a record keeps its own."""
    end = text.find("\n", position)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


# --- TOML ------------------------------------------------------------------------------

_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_HEADER = re.compile(
    rf"""\[(?P<array>\[)?[ \t]*(?P<name>{_BARE_OR_QUOTED}(?:[ \t]*\.[ \t]*{_BARE_OR_QUOTED})*)"""
    r"""[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$"""
)
_KEY_PART = re.compile(_BARE_OR_QUOTED)
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def toml_headers(text: str) -> list[tuple[int, tuple[str, ...], bool]]:
    """The table headers of TOML text: where each line starts, its key, whether `[[...]]`.

    One pass over the text, which skips strings, comments and the inside of arrays, so a
    line of a multi-line string that looks like a header is not one.
    """
    headers = []
    position, size, depth = 0, len(text), 0
    at_line_start = True
    while position < size:
        if at_line_start:
            at_line_start = False
            start = position
            while position < size and text[position] in " \t":
                position += 1
            if depth == 0 and text.startswith("[", position):
                end = text.find("\n", position)
                end = size if end < 0 else end
                match = _HEADER.match(text, position, end)
                if match is not None:
                    parts = tuple(part.strip("\"'") for part in _KEY_PART.findall(match["name"]))
                    headers.append((start, parts, match["array"] is not None))
                position = end
            continue
        char = text[position]
        if char == "\n":
            at_line_start = True
            position += 1
        elif char == "#":
            end = text.find("\n", position)
            position = size if end < 0 else end
        elif char in "\"'":
            position = _after_string(text, position)
        else:
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(depth - 1, 0)
            position += 1
    return headers


def _after_string(text: str, position: int) -> int:
    """Where the TOML string starting at `position` ends (just after its closing quotes)."""
    quote = text[position]
    multiline = text.startswith(quote * 3, position)
    escapes = quote == '"'
    position += 3 if multiline else 1
    size = len(text)
    while position < size:
        char = text[position]
        if escapes and char == "\\":
            position += 2
        elif multiline and text.startswith(quote * 3, position):
            position += 3
            # Up to two more quotes belong to the string: `""""` ends with a quote.
            extra = 0
            while extra < 2 and position < size and text[position] == quote:
                position, extra = position + 1, extra + 1
            return position
        elif not multiline and char == quote:
            return position + 1
        elif not multiline and char == "\n":
            return position
        else:
            position += 1
    return size


def toml_record_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Where each `[[kind]]` table is: from its header to its last line of content.

    Its sub-tables (`[kind.confirmation]`) belong to it. Blank lines and comments after
    its last value are left out: they introduce what follows.
    """
    headers = toml_headers(text)
    spans = []
    for number, (start, parts, is_array) in enumerate(headers):
        if parts != (kind,) or not is_array:
            continue
        end = next(
            (
                later
                for later, later_parts, _is_array in headers[number + 1 :]
                if later_parts[0] != kind or len(later_parts) == 1
            ),
            len(text),
        )
        lines = _LINE.findall(text, start, end)
        while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
            end -= len(lines.pop())
        spans.append((start, end))
    return spans


def _edit_toml(text: str, kind: str, index: int, table: dict[str, Any], changes: Changes) -> str:
    spans = toml_record_spans(text, kind)
    if not spans:
        # Records written inline (`exchange = [{...}, ...]`): tomlkit rewrites only the
        # one inline table.
        document = tomlkit.parse(text)
        _apply_toml(document[kind][index], changes)
        return tomlkit.dumps(document)
    if len(spans) <= index:
        raise EditError(_cannot_find(kind, index))
    start, end = spans[index]
    newline = _newline_at(text, start)
    piece = tomlkit.parse(text[start:end].replace("\r\n", "\n"))
    _apply_toml(piece[kind][0], changes)
    edited = tomlkit.dumps(piece)
    if newline != "\n":
        edited = edited.replace("\n", newline)
    return text[:start] + edited + text[end:]


def _apply_toml(table: Any, changes: Changes) -> None:
    """Set or remove fields of a tomlkit table; unchanged lines stay as written."""
    for name, value in changes.items():
        if value is None:
            if name in table:
                del table[name]
            continue
        plain = without_none(value)
        existing = table.get(name)
        if isinstance(plain, dict) and isinstance(
            existing, tomlkit.items.Table | tomlkit.items.InlineTable
        ):
            for inner in [inner for inner in existing if inner not in plain]:
                del existing[inner]
            _apply_toml(existing, plain)
        elif isinstance(plain, dict):
            inline = isinstance(table, tomlkit.items.InlineTable)
            sub_table = tomlkit.inline_table() if inline else tomlkit.table()
            for inner, item in plain.items():
                sub_table[inner] = item
            table[name] = sub_table
        elif isinstance(plain, list) and _written_on_lines(existing) and existing != plain:
            # A list laid out one item a line stays so: the diff is the items that changed.
            items = tomlkit.array()
            items.extend(plain)
            table[name] = items.multiline(True)
        elif existing is None or existing != plain:
            table[name] = plain


def _written_on_lines(value: Any) -> bool:
    return isinstance(value, tomlkit.items.Array) and "\n" in value.as_string()


# --- YAML ------------------------------------------------------------------------------


class RecordDumper(yaml.SafeDumper):
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


RecordDumper.add_representer(str, _represent_text)
quote_like_the_reader(RecordDumper)


def _edit_yaml(text: str, kind: str, index: int, table: dict[str, Any], changes: Changes) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    records = _value_node(root, kind)
    if not isinstance(records, yaml.SequenceNode) or len(records.value) <= index:
        raise EditError(_cannot_find(kind, index))
    record = records.value[index]
    if not isinstance(record, yaml.MappingNode):
        # Translators: {kind} is a kind of record (`exchange`), {number} its place in the file.
        raise EditError(_("{kind} {number} is not a mapping").format(kind=kind, number=index + 1))
    if record.flow_style:
        # `- {id: ..., ...}`: the record is one piece of text, written anew in the same style.
        fields = dict(table)
        _apply_plain(fields, changes)
        start, end = record.start_mark.index, record.end_mark.index
        return text[:start] + _yaml_text(fields, flow=True) + text[end:]
    newline = _newline_at(text, record.start_mark.index)
    column = record.value[0][0].start_mark.column if record.value else record.start_mark.column
    edits: list[tuple[int, int, str]] = []
    for name, value in changes.items():
        pair = next(
            ((key, item) for key, item in record.value if getattr(key, "value", None) == name),
            None,
        )
        if pair is None and value is None:
            continue
        if pair is None:
            edits.append(_yaml_insertion(text, record, name, value, column, newline))
        elif value is None:
            start = text.rfind("\n", 0, pair[0].start_mark.index) + 1
            edits.append((start, _end_of_line(text, _leaf_end(pair[1])), ""))
        else:
            start, end = pair[0].start_mark.index, _leaf_end(pair[1])
            lines = _yaml_text({name: without_none(value)}, flow=False).split("\n")
            replacement = (newline + " " * column).join(lines)
            if text[start:end].endswith("\n"):
                replacement += newline
            edits.append((start, end, replacement))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _value_node(root: yaml.Node | None, name: str) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((item for key, item in root.value if getattr(key, "value", None) == name), None)


def _leaf_end(node: yaml.Node) -> int:
    """Where a value's text ends: the end of its last scalar, not the next key's indent."""
    block = isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style
    if block and node.value:
        last = node.value[-1]
        return _leaf_end(last[1] if isinstance(node, yaml.MappingNode) else last)
    return int(node.end_mark.index)


def _end_of_line(text: str, position: int) -> int:
    """Just after the line break ending the line at `position` (unchanged if at a line start)."""
    if position > 0 and text[position - 1] == "\n":
        return position
    end = text.find("\n", position)
    return len(text) if end < 0 else end + 1


def _yaml_insertion(
    text: str, record: yaml.MappingNode, name: str, value: Any, column: int, newline: str
) -> tuple[int, int, str]:
    """A new field, on lines of its own after the record's last one."""
    position = _end_of_line(text, _leaf_end(record))
    lines = _yaml_text({name: without_none(value)}, flow=False).split("\n")
    block = "".join(" " * column + line + newline for line in lines)
    if position == len(text) and text and not text.endswith("\n"):
        block = newline + block
    return position, position, block


def _yaml_text(fields: dict[str, Any], *, flow: bool) -> str:
    text = yaml.dump(
        fields,
        Dumper=RecordDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=flow,
        width=1_000_000 if flow else 80,
    )
    return text.rstrip("\n").removesuffix("\n...")


# --- One record's own lines ------------------------------------------------------------


def record_span(
    text: str, *, is_yaml: bool, kind: str, key: str, record_id: str
) -> tuple[int, int]:
    """Where the lines of the `kind` record whose `key` is `record_id` start and end in `text`.

    A TOML record runs from its `[[kind]]` header to its last field (the comments after
    it introduce what follows); a YAML one from its `- ` line to its last value.
    """
    index, _table = _record_index(text, is_yaml=is_yaml, kind=kind, key=key, record_id=record_id)
    if not is_yaml:
        spans = toml_record_spans(text, kind)
        if len(spans) <= index:
            raise EditError(_writes_inline(kind))
        return spans[index]
    try:
        records = _value_node(yaml.compose(text, Loader=yaml.SafeLoader), kind)
    except yaml.YAMLError:
        raise EditError(_("is not valid YAML")) from None
    if (
        not isinstance(records, yaml.SequenceNode)
        or records.flow_style
        or len(records.value) <= index
        or not isinstance(records.value[index], yaml.MappingNode)
        or records.value[index].flow_style
    ):
        raise EditError(_writes_inline(kind))
    record = records.value[index]
    start = text.rfind("\n", 0, record.start_mark.index) + 1
    return start, _end_of_line(text, _leaf_end(record))


def record_keys(text: str, *, is_yaml: bool, kind: str, key: str) -> list[Any]:
    """The `key` of every `kind` record `text` holds, in order."""
    document = _document(text, is_yaml=is_yaml)
    tables = document.get(kind) if isinstance(document, dict) else None
    if not isinstance(tables, list):
        return []
    return [table.get(key) if isinstance(table, dict) else None for table in tables]


def without_record(text: str, *, is_yaml: bool, kind: str, key: str, record_id: str) -> str:
    """`text` without the lines of one record (and the blank lines after them), checked."""
    index, document = _record_index(text, is_yaml=is_yaml, kind=kind, key=key, record_id=record_id)
    start, end = record_span(text, is_yaml=is_yaml, kind=kind, key=key, record_id=record_id)
    blank = _LINE.match(text, end)
    while blank is not None and not blank[0].strip():
        end = blank.end()
        blank = _LINE.match(text, end)
    edited = text[:start] + text[end:]
    expected = copy.deepcopy(document)
    del expected[kind][index]
    if _document(edited, is_yaml=is_yaml, quiet=True) != expected:
        raise EditError(
            # Translators: {kind} is a kind of record (`exchange`), {record_id} its id.
            _("cannot remove {kind} {record_id} alone; edit the file by hand").format(
                kind=kind, record_id=repr(record_id)
            )
        )
    return edited


def _document(text: str, *, is_yaml: bool, quiet: bool = False) -> Any:
    try:
        return load_yaml(text) if is_yaml else tomllib.loads(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        if quiet:
            return None
        raise EditError(_("is not valid YAML") if is_yaml else _("is not valid TOML")) from None


def _record_index(
    text: str, *, is_yaml: bool, kind: str, key: str, record_id: str
) -> tuple[int, Any]:
    document = _document(text, is_yaml=is_yaml)
    tables = document.get(kind) if isinstance(document, dict) else None
    if not isinstance(tables, list):
        raise EditError(_holds_no_records(kind))
    for position, table in enumerate(tables):
        if isinstance(table, dict) and table.get(key) == record_id:
            return position, document
    raise EditError(_holds_no_record(kind, record_id))


def record_fields_of(
    text: str, *, is_yaml: bool, kind: str, record_id: str, key: str = "id"
) -> dict[str, Any] | None:
    """The raw fields of the `kind` record whose `key` is `record_id`, or None."""
    document = _document(text, is_yaml=is_yaml, quiet=True)
    tables = document.get(kind) if isinstance(document, dict) else None
    if not isinstance(tables, list):
        return None
    return next(
        (table for table in tables if isinstance(table, dict) and table.get(key) == record_id),
        None,
    )
