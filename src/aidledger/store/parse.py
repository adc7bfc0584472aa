"""Parsing TOML and YAML text into raw tables, each with a way to find the line of a field."""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from aidledger.errors import Location, Problem

FieldPath = tuple[str | int, ...]
LineFinder = Callable[[FieldPath], int | None]

_TOML_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
YAML_SUFFIXES = (".yaml", ".yml")
TOML_SUFFIXES = (".toml",)
_YAML_CORE_TAG = "tag:yaml.org,2002:"


class _PlainLoader(yaml.SafeLoader):
    """The safe loader, stricter: YAML 1.2 booleans, unique keys, no aliases.

    YAML 1.1 reads `on`, `off`, `yes` and `no` as booleans, which would turn the `on:`
    key of a confirmation into `True` and a topic such as `no` into `False`. A repeated
    key is a mistake, as TOML says. Records have no use for anchors and aliases, and
    nested aliases can blow a small file up into gigabytes.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not read", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | date) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != f"{_YAML_CORE_TAG}bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlainLoader.add_implicit_resolver(
    f"{_YAML_CORE_TAG}bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    """A YAML document as plain data, read safely: no tag can construct an object."""
    return yaml.load(text, Loader=_PlainLoader)


@dataclass(frozen=True)
class ParsedFile:
    """A parsed document, a way to find the line of any key path, and its tables of one kind."""

    document: dict[str, Any]
    line_of: LineFinder
    tables: list[RawTable]


@dataclass(frozen=True)
class RawTable:
    """One table of a file before validation, and where its fields are."""

    fields: dict[str, Any]
    line: int | None
    line_of: LineFinder


class ParseError(Exception):
    """A file that is not valid TOML or YAML, or not shaped as its kind requires."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def parse_file(text: str, path: str, kind: str | None, *, allow_empty: bool = False) -> ParsedFile:
    """The document, and its `[[kind]]` tables (none asked when `kind` is None)."""
    if path.endswith(YAML_SUFFIXES):
        document, finder = _parse_yaml(text, path)
    else:
        document, finder = _parse_toml(text, path)
    tables = [] if kind is None else _tables_of_kind(document, finder, path, kind, allow_empty)
    return ParsedFile(document, finder.line_of, tables)


def _tables_of_kind(
    document: dict[str, Any], finder: _Finder, path: str, kind: str, allow_empty: bool
) -> list[RawTable]:
    unexpected = sorted((key for key in document if key != kind), key=str)
    if unexpected:
        raise ParseError(
            Problem(
                Location(path, finder.line_of((str(unexpected[0]),))),
                f"unexpected top-level key {unexpected[0]!r}; this file holds [[{kind}]] tables",
            )
        )
    tables = document.get(kind, [] if allow_empty else None)
    if isinstance(tables, dict):
        raise ParseError(
            Problem(
                Location(path, finder.line_of((kind,)) or 1),
                f"{kind!r} is a single record; make it a list, one item per record"
                if path.endswith(YAML_SUFFIXES)
                else f"[{kind}] is a single table; write [[{kind}]] (two brackets) per record",
            )
        )
    if not isinstance(tables, list) or not (tables or allow_empty):
        raise ParseError(
            Problem(Location(path, finder.line_of((kind,)) or 1), f"no [[{kind}]] table here")
        )
    raw = []
    for index, table in enumerate(tables):
        line = finder.line_of((kind, index))
        if not isinstance(table, dict):
            raise ParseError(Problem(Location(path, line), f"{kind} {index + 1} is not a table"))
        raw.append(RawTable(table, line, _scoped(finder, kind, index)))
    return raw


def _scoped(finder: _Finder, kind: str, index: int) -> LineFinder:
    def line_of(field: FieldPath) -> int | None:
        return finder.line_of((kind, index, *field)) or finder.line_of((kind, index))

    return line_of


class _Finder:
    """Finds the line of a path of keys in a parsed document."""

    def line_of(self, field: FieldPath) -> int | None:
        raise NotImplementedError


def _parse_toml(text: str, path: str) -> tuple[dict[str, Any], _Finder]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = column = None
        position = _TOML_POSITION.search(message)
        if position is not None:
            line, column = int(position["line"]), int(position["column"])
            message = message[: position.start()]
            if message == "Illegal character '\\n'":
                message += " (a string is not closed on this line)"
        elif (end := _TOML_END.search(message)) is not None:
            line = text.count("\n") + 1
            message = message[: end.start()]
        raise ParseError(
            Problem(
                Location(path, line, column), f"invalid TOML: {message[:1].lower()}{message[1:]}"
            )
        ) from None
    return document, _TomlFinder(text)


_HEADER_LINE = re.compile(r"^\s*(?P<open>\[\[?)\s*(?P<name>[^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")


def _key_parts(name: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in name.split("."))


class _TomlFinder(_Finder):
    """Finds lines in TOML text from its table headers, indexed once, and `key =` lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.arrays: dict[tuple[str, ...], list[int]] = {}
        self.tables: dict[tuple[str, ...], list[int]] = {}
        self.parents: dict[tuple[str, ...], list[int]] = {}
        for number, line in enumerate(self.lines):
            if not line.lstrip().startswith("["):
                continue
            match = _HEADER_LINE.match(line)
            if match is None:
                continue
            parts = _key_parts(match["name"])
            index = self.arrays if match["open"] == "[[" else self.tables
            index.setdefault(parts, []).append(number)
            for length in range(1, len(parts)):
                self.parents.setdefault(parts[:length], []).append(number)

    @staticmethod
    def _within(numbers: list[int], start: int, stop: int) -> list[int]:
        return numbers[bisect.bisect_left(numbers, start) : bisect.bisect_left(numbers, stop)]

    def _assignment(self, key: str, start: int, stop: int) -> int | None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, stop):
            if pattern.match(self.lines[number]):
                return number
        return None

    def line_of(self, field: FieldPath) -> int | None:
        if len(field) == 2 and isinstance(field[0], str) and isinstance(field[1], int):
            # The hot path: where the n-th [[kind]] table starts, asked once per record.
            headers = self.arrays.get((field[0],), [])
            return headers[field[1]] + 1 if field[1] < len(headers) else None
        start, stop = 0, len(self.lines)
        found: int | None = None
        prefix: tuple[str, ...] = ()
        index = 0
        while index < len(field):
            key = field[index]
            if isinstance(key, int):
                index += 1
                continue
            name = (*prefix, key)
            position = field[index + 1] if index + 1 < len(field) else None
            if isinstance(position, int) and name in self.arrays:
                headers = self._within(self.arrays[name], start, stop)
                if position >= len(headers):
                    break
                found = headers[position]
                start = found + 1
                if position + 1 < len(headers):
                    stop = headers[position + 1]
                prefix = name
                index += 2
                continue
            tables = self._within(self.tables.get(name, []), start, stop)
            if tables:
                found, start, prefix = tables[0], tables[0] + 1, name
                index += 1
                continue
            arrays = self._within(self.arrays.get(name, []), start, stop)
            if arrays:
                return arrays[0] + 1
            if self._within(self.parents.get(name, []), start, stop):
                # A table defined only through its children, e.g. [warnings.concentration].
                prefix = name
                index += 1
                continue
            assignment = self._assignment(key, start, stop)
            if assignment is None:
                break
            item = assignment + 1 + position if isinstance(position, int) else None
            if item is not None and self.lines[assignment].rstrip().endswith("[") and item < stop:
                # A list written one item a line, as aidledger writes them.
                return item + 1
            return assignment + 1
        return None if found is None else found + 1


def _parse_yaml(text: str, path: str) -> tuple[dict[str, Any], _Finder]:
    try:
        loader = _PlainLoader(text)
        try:
            node = loader.get_single_node()
            document = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = error.problem or "not valid YAML"
        context = error.context_mark
        if error.context and context is not None and mark is not None and context.line != mark.line:
            problem += f" ({error.context} at line {context.line + 1})"
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip().strip("'").replace(_YAML_CORE_TAG, "!!")
            problem = f"unsafe or unknown tag {tag!r}; only plain YAML data is read"
        raise ParseError(
            Problem(Location(path, line, column), f"invalid YAML: {problem}")
        ) from None
    except yaml.YAMLError as error:
        raise ParseError(Problem(Location(path), f"invalid YAML: {error}")) from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ParseError(Problem(Location(path, 1), "the document is not a mapping of keys"))
    return document, _YamlFinder(node)


class _YamlFinder(_Finder):
    """Finds lines in YAML from the composed node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line_of(self, field: FieldPath) -> int | None:
        node = self.root
        line = None
        for key in field:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(key, str):
                for key_node, value_node in node.value:
                    if key_node.value == key:
                        line = key_node.start_mark.line + 1
                        child = value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                items: Sequence[yaml.Node] = node.value
                if key < len(items):
                    child = items[key]
                    line = child.start_mark.line + 1
            if child is None:
                return line
            node = child
        return line
