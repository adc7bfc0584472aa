"""Parsing TOML and YAML text into raw tables, each with a way to find the line of a field."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import toml_rs

from aidledger.errors import Location, Problem
from aidledger.i18n import _, ngettext

if TYPE_CHECKING:
    # PyYAML is imported where a YAML file is read or written (_plain_loader): a ledger
    # kept in TOML never loads it.
    import yaml

FieldPath = tuple[str | int, ...]
LineFinder = Callable[[FieldPath], int | None]

_TOML_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
# tomllib's words that name its own internals, and plain ones for the same mistakes.
_TOML_WORDING = (
    (
        re.compile(r"^Cannot declare \((?P<keys>.*)\) twice$"),
        lambda match: _("the table [{keys}] is declared twice; merge the two into one").format(
            keys=_dotted(match["keys"])
        ),
    ),
    (
        re.compile(r"^Cannot overwrite a value$"),
        lambda match: _("this key is already set: a key may appear once in its table"),
    ),
    (
        re.compile(r"^Cannot mutate immutable namespace \((?P<keys>.*)\)$"),
        lambda match: _("[{keys}] was already written in full above; add to it there").format(
            keys=_dotted(match["keys"])
        ),
    ),
    (
        re.compile(r"^Invalid value$"),
        lambda match: _("a value is missing or cannot be read here (text needs quotes)"),
    ),
)


def _dotted(keys: str) -> str:
    """`'rules', 'change'` as tomllib prints a key path, written `rules.change`."""
    return ".".join(part.strip().strip("'\"") for part in keys.split(",") if part.strip())


YAML_SUFFIXES = (".yaml", ".yml")
TOML_SUFFIXES = (".toml",)
_YAML_CORE_TAG = "tag:yaml.org,2002:"
BOM = "\ufeff"
# Nesting deeper than this is refused before any parser builds it: a record needs four
# levels, and a deeper document would exhaust the stacks of the parsers and printers.
MAX_NESTING = 32
# TOML's whole numbers are 64-bit, and YAML's are held to the same, so that no number is
# too large to print (Python refuses to print an integer of more than 4,300 digits).
LARGEST_INTEGER = 2**63 - 1


class _Refusal(Exception):
    """A value or a shape refused before it reaches the records, with its line."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _too_deep() -> str:
    return _("the values nest more than {levels} levels deep; a record needs four at most").format(
        levels=MAX_NESTING
    )


def _whole_number(digits: str, base: int, negative: bool) -> int | None:
    """The value of a whole number's digits, or None outside the 64-bit range."""
    significant = digits.lstrip("0")
    # 64 digits of base 2 reach 2**63: a longer number is too large, and is never converted.
    if len(significant) > 64:
        return None
    value = int(significant or "0", base)
    if value > LARGEST_INTEGER + (1 if negative else 0):
        return None
    return -value if negative else value


def _too_large(text: str) -> str:
    shown_text = text
    if len(text) > 24:
        # Translators: the start of a long number, cut, and how long it is.
        shown_text = ngettext(
            "{start}… ({count} character)", "{start}… ({count} characters)", len(text)
        ).format(start=text[:20], count=len(text))
    return _(
        "the number {number} is too large: a whole number lies between {lowest} and {highest}"
    ).format(number=shown_text, lowest=-LARGEST_INTEGER - 1, highest=LARGEST_INTEGER)


def _shown_scalar(node: yaml.Node) -> str:
    import yaml

    value = node.value if isinstance(node, yaml.ScalarNode) else _("this value")
    return repr(value) if len(value) <= 40 else f"{value[:39]!r}…"


_CORE_INT = re.compile(
    r"(?P<sign>[-+]?)(?P<digits>[0-9]+)|0o(?P<octal>[0-7]+)|0x(?P<hex>[0-9a-fA-F]+)"
)
_CORE_FLOAT = (
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# The scalars a plain value resolves to, by YAML 1.2's core schema; null and the dates
# are kept from the safe loader. Anything else is text.
CORE_RESOLVERS: tuple[tuple[str, re.Pattern[str], list[str]], ...] = (
    (f"{_YAML_CORE_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)\Z"), list("tTfF")),
    (f"{_YAML_CORE_TAG}int", re.compile(rf"^(?:{_CORE_INT.pattern})\Z"), list("-+0123456789")),
    (f"{_YAML_CORE_TAG}float", re.compile(rf"^(?:{_CORE_FLOAT})\Z"), list("-+.0123456789")),
)
_KEPT_RESOLVERS = (f"{_YAML_CORE_TAG}null", f"{_YAML_CORE_TAG}timestamp")
# Tags of the safe loader that build no plain data a record could hold.
_UNREAD_TAGS = ("binary", "omap", "pairs", "set")


def quote_like_the_reader(dumper: type[yaml.SafeDumper]) -> None:
    """Have a dumper quote text that the reader would take for a number or a boolean.

    The dumper keeps YAML 1.1's resolvers too, so that other tools read the text as text.
    """
    for tag, pattern, first in CORE_RESOLVERS:
        dumper.add_implicit_resolver(tag, pattern, first)


@functools.cache
def _plain_loader() -> type[yaml.SafeLoader]:
    """The YAML reader, made on first use, so that PyYAML is imported only to read or write
    a YAML file."""
    import yaml

    class YamlRefusal(_Refusal, yaml.YAMLError):
        """A refusal inside the YAML reader: a YAML error to `load_yaml`'s callers."""

    class PlainLoader(yaml.SafeLoader):
        """The safe loader, stricter: YAML 1.2 core scalars, unique keys, no aliases.

        YAML 1.1 reads `on`, `off`, `yes` and `no` as booleans, which would turn the `on:`
        key of a confirmation into `True` and a topic such as `no` into `False`; it reads
        `0045` as 37 (octal), `1:30` as 90 (base 60) and `0b11` as 3. YAML 1.2's core schema
        reads `0045` as 45, and `1:30` and `0b11` as text. Dates stay dates. A repeated key is
        a mistake, as TOML says. Records have no use for anchors and aliases, and nested
        aliases can blow a small file up into gigabytes. Nesting is bounded, as are whole
        numbers, and a value no constructor can read (`2026-02-30`) is refused with its line.
        """

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.events.AliasEvent):
                event = self.get_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, _("anchors and aliases (& and *) are not read"), event.start_mark
                )
            if self.depth >= MAX_NESTING:
                raise YamlRefusal(self.peek_event().start_mark.line + 1, _too_deep())  # type: ignore[no-untyped-call]
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                # An explicit tag on a value it cannot hold, such as `!!float abc`.
                tag = str(node.tag).replace(_YAML_CORE_TAG, "!!")
                # Translators: {value} is a value of the file, {tag} a YAML tag (`!!float`).
                message = _("{value} cannot be read as {tag}").format(
                    value=_shown_scalar(node), tag=tag
                )
                raise YamlRefusal(node.start_mark.line + 1, message) from None

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str | int | float | bool | date) and key is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, _("a key must be plain text"), key_node.start_mark
                    )
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        _("the key {key} appears twice").format(key=repr(key)),
                        key_node.start_mark,
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

        def construct_core_int(self, node: yaml.ScalarNode) -> int:
            text = self.construct_scalar(node)
            match = _CORE_INT.fullmatch(text)
            line = node.start_mark.line + 1
            if match is None:
                raise YamlRefusal(
                    line, _("{value} is not a whole number").format(value=_shown_scalar(node))
                )
            if match["digits"] is not None:
                value = _whole_number(match["digits"], 10, match["sign"] == "-")
            else:
                value = _whole_number(
                    match["octal"] or match["hex"], 8 if match["octal"] else 16, False
                )
            if value is None:
                raise YamlRefusal(line, _too_large(text))
            return value

        def construct_day(self, node: yaml.ScalarNode) -> Any:
            try:
                return self.construct_yaml_timestamp(node)
            except (ValueError, AttributeError, OverflowError):
                raise YamlRefusal(
                    node.start_mark.line + 1,
                    _("{value} is not a day on the calendar").format(value=_shown_scalar(node)),
                ) from None

    PlainLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_RESOLVERS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for tag, pattern, first in CORE_RESOLVERS:
        PlainLoader.add_implicit_resolver(tag, pattern, first)
    PlainLoader.yaml_constructors = {
        tag: constructor
        for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
        if tag is None or tag.removeprefix(_YAML_CORE_TAG) not in _UNREAD_TAGS
    }
    PlainLoader.add_constructor(f"{_YAML_CORE_TAG}int", PlainLoader.construct_core_int)
    PlainLoader.add_constructor(f"{_YAML_CORE_TAG}timestamp", PlainLoader.construct_day)
    return PlainLoader


def load_yaml(text: str) -> Any:
    """A YAML document as plain data, read safely: no tag can construct an object."""
    import yaml

    return yaml.load(text, Loader=_plain_loader())


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
    """The document, and its `[[kind]]` tables (none asked when `kind` is None).

    A byte order mark at the start is read and dropped, as editors on Windows write one.
    """
    text = text.removeprefix(BOM)
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
                _("unexpected top-level key {key}; this file holds [[{kind}]] tables").format(
                    key=repr(unexpected[0]), kind=kind
                ),
            )
        )
    tables = document.get(kind, [] if allow_empty else None)
    if isinstance(tables, dict):
        raise ParseError(
            Problem(
                Location(path, finder.line_of((kind,)) or 1),
                _("{kind} is a single record; make it a list, one item per record").format(
                    kind=repr(kind)
                )
                if path.endswith(YAML_SUFFIXES)
                else _(
                    "[{kind}] is a single table; write [[{kind}]] (two brackets) per record"
                ).format(kind=kind),
            )
        )
    if not isinstance(tables, list) or not (tables or allow_empty):
        raise ParseError(
            Problem(
                Location(path, finder.line_of((kind,)) or 1),
                _("no [[{kind}]] table here").format(kind=kind),
            )
        )
    raw = []
    for index, table in enumerate(tables):
        line = finder.line_of((kind, index))
        if not isinstance(table, dict):
            # Translators: {kind} is a kind of record (`exchange`), {number} its place in the file.
            message = _("{kind} {number} is not a table").format(kind=kind, number=index + 1)
            raise ParseError(Problem(Location(path, line), message))
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
    document = _fast_toml(text)
    if document is not None:
        return document, _LazyOutline(text, document)
    return _checked_toml(text, path)


# The compiled parser recurses into arrays and inline tables, and overflows its stack
# (a crash, not an error) somewhere past 3,000 levels: it reads only texts with so few
# brackets that they cannot nest that deep. One exchange has about five.
_FEW_BRACKETS = 256


def _fast_toml(text: str) -> dict[str, Any] | None:
    """The document as tomllib reads it, by the compiled parser; None to let tomllib decide.

    None for a text it refuses (tomllib then names the mistake), for one it may not read
    safely, and for a document the outline would refuse: tomllib and the outline then
    read the text as they always have, so that every message stays the same. toml-rs
    reads TOML 1.0, as tomllib does, and builds the same values (tests/property/
    test_fast_toml.py checks it). It reads a byte order mark that tomllib refuses.
    """
    if text.startswith(BOM) or text.count("[") + text.count("{") > _FEW_BRACKETS:
        return None
    try:
        document = toml_rs.loads(text, toml_version="1.0.0")
    except Exception:
        return None
    return document if _within_limits(document) else None


def _within_limits(document: dict[str, Any]) -> bool:
    """No value nested deeper than MAX_NESTING and no whole number outside 64 bits.

    These are the outline's refusals, read from the document instead of the text.
    """
    containers: list[tuple[dict[str, Any] | list[Any], int]] = [(document, 0)]
    while containers:
        container, depth = containers.pop()
        for value in container.values() if isinstance(container, dict) else container:
            if type(value) is int:
                if not -LARGEST_INTEGER - 1 <= value <= LARGEST_INTEGER:
                    return False
            elif isinstance(value, dict | list):
                if depth + 1 >= MAX_NESTING and value:
                    return False
                containers.append((value, depth + 1))
    return True


def _checked_toml(text: str, path: str) -> tuple[dict[str, Any], _Finder]:
    """Read by the outline, then by tomllib: every refusal with its line, as it always was."""
    try:
        # The outline comes first: it refuses the shapes that would exhaust tomllib.
        outline = _TomlOutline(text)
    except _Refusal as refusal:
        raise ParseError(Problem(Location(path, refusal.line), refusal.message)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ParseError(_toml_problem(str(error), text, path)) from None
    except (ValueError, RecursionError) as error:
        # The outline refuses what is known to raise these; this keeps a sentence if not.
        message = _("the file cannot be read: {error}").format(error=error)
        raise ParseError(Problem(Location(path), message)) from None
    return document, outline


class _LazyOutline(_Finder):
    """The lines of a document the compiled parser read, outlined only when first asked.

    Most files are valid, and their fields' lines are never asked for; the line of each
    `[[kind]]` table is, and is read from its header line when that is sure to be right.
    """

    def __init__(self, text: str, document: dict[str, Any]) -> None:
        self.text = text
        # Only the sizes of the arrays of tables: the document is not kept alive for this.
        self.tables = {
            key: len(value) for key, value in document.items() if isinstance(value, list)
        }
        self.outline: _TomlOutline | None = None
        self.headers: dict[str, list[int] | None] = {}

    def line_of(self, field: FieldPath) -> int | None:
        if self.outline is None and len(field) == 2:
            kind, index = field
            lines = self._header_lines(kind) if isinstance(kind, str) else None
            if lines is not None and isinstance(index, int) and 0 <= index < len(lines):
                return lines[index]
        if self.outline is None:
            try:
                self.outline = _TomlOutline(self.text)
            except _Refusal:
                return None  # Not reached: the document was read within the outline's limits.
        return self.outline.line_of(field)

    def _header_lines(self, kind: str) -> list[int] | None:
        """The line of each `[[kind]]` header, if there is one per table of that kind.

        Without multi-line strings, a line that opens with `[[kind]]` in a valid file
        is such a header: no other text or value can start a line that way.
        """
        if kind not in self.headers:
            self.headers[kind] = None
            tables = self.tables.get(kind)
            if tables == 1 and self.text.startswith(f"[[{kind}]]"):
                # One table, whose header opens the file (as every file aidledger writes):
                # no string can have begun before the first line.
                self.headers[kind] = [1]
            elif tables is not None and '"""' not in self.text and "'''" not in self.text:
                lines = _lines_of(_header_of(kind).finditer(self.text), self.text)
                self.headers[kind] = lines if len(lines) == tables else None
        return self.headers[kind]


@functools.cache
def _header_of(kind: str) -> re.Pattern[str]:
    """A line that opens with the header `[[kind]]`."""
    return re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(kind)}[ \t]*\]\]", re.MULTILINE)


def _lines_of(matches: Iterable[re.Match[str]], text: str) -> list[int]:
    """The line of each match, in order, counting the text once."""
    lines = []
    line, counted = 1, 0
    for match in matches:
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.append(line)
    return lines


def _toml_problem(message: str, text: str, path: str) -> Problem:
    line = column = None
    position = _TOML_POSITION.search(message)
    if position is not None:
        line, column = int(position["line"]), int(position["column"])
        message = message[: position.start()]
        if message == "Illegal character '\\n'":
            message = _("Illegal character '\\n' (a string is not closed on this line)")
    elif (end := _TOML_END.search(message)) is not None:
        line = text.count("\n") + 1
        message = message[: end.start()]
    for pattern, replacement in _TOML_WORDING:
        message = pattern.sub(replacement, message)
    # Translators: {message} says what is wrong, in English when it is tomllib's own words.
    return Problem(
        Location(path, line, column),
        _("invalid TOML: {message}").format(message=f"{message[:1].lower()}{message[1:]}"),
    )


# The pieces of TOML the outline reads; possessive, so that none can backtrack.
_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_SPACE = re.compile(r"[ \t]*+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]++")
_BASIC_STRING = re.compile(r'"(?:[^"\\\n]++|\\.)*+"?')
_LITERAL_STRING = re.compile(r"'[^'\n]*+'?")
_MULTILINE_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+(?:"{3,5})?')
_MULTILINE_LITERAL = re.compile(r"'''(?:[^']++|'(?!''))*+(?:'{3,5})?")
_BARE_VALUE = re.compile(r"[A-Za-z0-9_:.+-]++")
_TOML_INT = re.compile(
    r"(?P<sign>[-+]?)(?:0x(?P<hex>[0-9A-Fa-f_]+)|0o(?P<octal>[0-7_]+)|0b(?P<binary>[01_]+)"
    r"|(?P<digits>[0-9_]+))"
)
_SIMPLE_LINE = re.compile(
    r'(?P<key>[A-Za-z0-9_-]++)[ \t]*+=[ \t]*+(?:"[^"\\\n]*+"|(?P<bare>[A-Za-z0-9_:.+-]++))'
    r"[ \t]*+(?:#[^\n]*+)?(?=\r?\n|\Z)"
)
_SIMPLE_HEADER = re.compile(
    r"(?P<open>\[\[?)[ \t]*+(?P<keys>[A-Za-z0-9_-]++(?:[ \t]*+\.[ \t]*+[A-Za-z0-9_-]++)*+)"
    r"[ \t]*+\]\]?[ \t]*+(?:#[^\n]*+)?(?=\r?\n|\Z)"
)
_ARRAY_ITEM = re.compile(r'"[^"\\\n]*+"|[A-Za-z0-9_:.+-]++')
_ITEM = f"(?:{_ARRAY_ITEM.pattern})"
_SIMPLE_ARRAY = re.compile(
    r"(?P<key>[A-Za-z0-9_-]++)[ \t]*+=[ \t]*+\["
    rf"(?P<items>(?:[ \t\r\n]*+{_ITEM}[ \t]*+,)*+[ \t\r\n]*+(?:{_ITEM}[ \t\r\n]*+)?)"
    r"\][ \t]*+(?:#[^\n]*+)?(?=\r?\n|\Z)"
)
_ESCAPE = re.compile(r"\\(?:u(?P<u4>[0-9A-Fa-f]{4})|U(?P<u8>[0-9A-Fa-f]{8})|(?P<char>.))")
_ESCAPED = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match["u4"] or match["u8"]
    if code is not None:
        return chr(int(code, 16)) if int(code, 16) <= 0x10FFFF else match[0]
    return _ESCAPED.get(match["char"], match[0])


@dataclass
class _Container:
    """An array or inline table the outline is inside, and how many items it has seen."""

    path: FieldPath
    is_array: bool
    items: int = 0


@dataclass
class _TomlOutline(_Finder):
    """The line of every table, key and list item of TOML text, read in one pass.

    It reads only what lies outside strings and comments, so that a `[[exchange]]` line
    inside a multi-line string is text, and each piece is matched once, without
    backtracking: the time it takes grows with the size of the text, never faster. It is
    built before tomllib reads the text, and refuses nesting deeper than MAX_NESTING and
    whole numbers outside 64 bits, which tomllib would read and nothing could print. A
    file the compiled parser reads is outlined only when a line in it is asked for.
    """

    text: str
    at: int = 0
    line: int = 1
    lines: dict[FieldPath, int] = field(default_factory=dict)
    arrays: dict[FieldPath, int] = field(default_factory=dict)
    table: FieldPath = ()

    def __post_init__(self) -> None:
        while True:
            self._take(_BLANK)
            if self.at >= len(self.text):
                return
            if self._simple_statement():
                continue
            if self.text[self.at] == "[":
                self._header()
            else:
                self._key_value()
            # Whatever else the line holds is a comment, or a mistake tomllib will name.
            end = self.text.find("\n", self.at)
            self.at = len(self.text) if end == -1 else end

    def line_of(self, field: FieldPath) -> int | None:
        """The line of the field, else of the nearest table or key that holds it."""
        for length in range(len(field), 0, -1):
            line = self.lines.get(field[:length])
            if line is not None:
                return line
        return None

    def _take(self, pattern: re.Pattern[str]) -> str:
        match = pattern.match(self.text, self.at)
        if match is None:
            return ""
        self.line += self.text.count("\n", self.at, match.end())
        self.at = match.end()
        return match[0]

    def _place(self, path: FieldPath, line: int) -> None:
        """Remember where a path and the tables that hold it are first seen."""
        if len(path) > MAX_NESTING:
            raise _Refusal(line, _too_deep())
        if path[:-1] in self.lines or len(path) == 1:
            # The usual case: a key of a table already placed.
            self.lines.setdefault(path, line)
            return
        for length in range(1, len(path) + 1):
            self.lines.setdefault(path[:length], line)

    def _resolve(self, keys: tuple[str, ...]) -> FieldPath:
        """A table's path, with the index of the last table of each array of tables in it."""
        path: FieldPath = ()
        for key in keys:
            path = (*path, key)
            count = self.arrays.get(path)
            if count:
                path = (*path, count - 1)
        return path

    def _simple_statement(self) -> bool:
        """Read a statement of the usual shapes in one match, if it is one of them.

        Most lines are `key = "text"`, `key = 42`, `[[exchange]]` or a list of plain
        values; reading each in one match keeps the outline as fast as tomllib.
        """
        line = self.line
        simple = _SIMPLE_LINE.match(self.text, self.at)
        if simple is not None:
            self._place((*self.table, simple["key"]), line)
            self._check_integer(simple["bare"] or "", line)
        elif (simple := _SIMPLE_HEADER.match(self.text, self.at)) is not None:
            keys = tuple(key.strip() for key in simple["keys"].split("."))
            self._open_table(simple["open"] == "[[", keys, line)
        elif (simple := _SIMPLE_ARRAY.match(self.text, self.at)) is not None:
            path = (*self.table, simple["key"])
            self._place(path, line)
            items = simple["items"]
            start = 0
            for index, item in enumerate(_ARRAY_ITEM.finditer(items)):
                line += items.count("\n", start, item.start())
                start = item.start()
                self._place((*path, index), line)
                self._check_integer(item[0], line)
            self.line += self.text.count("\n", self.at, simple.end())
        else:
            return False
        self.at = simple.end()
        return True

    def _header(self) -> None:
        line = self.line
        is_array = self.text.startswith("[[", self.at)
        self.at += 2 if is_array else 1
        self._open_table(is_array, self._key(), line)

    def _open_table(self, is_array: bool, keys: tuple[str, ...], line: int) -> None:
        if not keys:
            return
        if is_array:
            array = (*self._resolve(keys[:-1]), keys[-1])
            index = self.arrays.get(array, 0)
            self.arrays[array] = index + 1
            self.table = (*array, index)
        else:
            self.table = self._resolve(keys)
        self._place(self.table, line)

    def _key(self) -> tuple[str, ...]:
        """A dotted key, its quoted parts unquoted; empty if there is none here."""
        keys: list[str] = []
        while True:
            self._take(_SPACE)
            quote = self.text[self.at : self.at + 1]
            if quote == '"':
                keys.append(_ESCAPE.sub(_unescape, self._take(_BASIC_STRING)[1:].removesuffix('"')))
            elif quote == "'":
                keys.append(self._take(_LITERAL_STRING)[1:].removesuffix("'"))
            else:
                bare = self._take(_BARE_KEY)
                if not bare:
                    return tuple(keys)
                keys.append(bare)
            self._take(_SPACE)
            if not self.text.startswith(".", self.at):
                return tuple(keys)
            self.at += 1

    def _key_value(self) -> None:
        line = self.line
        keys = self._key()
        if not keys:
            return
        path = (*self.table, *keys)
        self._place(path, line)
        self._take(_SPACE)
        if self.text.startswith("=", self.at):
            self.at += 1
            self._take(_SPACE)
            self._value(path)

    def _value(self, path: FieldPath) -> None:
        """A value, and the line of every item and key inside it, without recursion."""
        open_containers: list[_Container] = []
        self._scalar_or_open(path, open_containers)
        while open_containers and self.at < len(self.text):
            container = open_containers[-1]
            self._take(_BLANK)
            before = self.at
            next_char = self.text[self.at : self.at + 1]
            if next_char in ("]", "}"):
                self.at += 1
                open_containers.pop()
            elif next_char == ",":
                self.at += 1
            elif container.is_array:
                item = (*container.path, container.items)
                container.items += 1
                self._place(item, self.line)
                self._scalar_or_open(item, open_containers)
            else:
                line = self.line
                keys = self._key()
                self._take(_SPACE)
                if keys and self.text.startswith("=", self.at):
                    self._place((*container.path, *keys), line)
                    self.at += 1
                    self._take(_SPACE)
                    self._scalar_or_open((*container.path, *keys), open_containers)
            if self.at == before and next_char:
                self.at += 1  # A stray character: step over it, so that the pass ends.

    def _scalar_or_open(self, path: FieldPath, open_containers: list[_Container]) -> None:
        next_char = self.text[self.at : self.at + 1]
        if next_char in ("[", "{"):
            self.at += 1
            open_containers.append(_Container(path, is_array=next_char == "["))
        elif next_char == '"':
            multiline = self.text.startswith('"""', self.at)
            self._take(_MULTILINE_BASIC if multiline else _BASIC_STRING)
        elif next_char == "'":
            multiline = self.text.startswith("'''", self.at)
            self._take(_MULTILINE_LITERAL if multiline else _LITERAL_STRING)
        else:
            line = self.line
            self._check_integer(self._take(_BARE_VALUE), line)

    @staticmethod
    def _check_integer(token: str, line: int) -> None:
        if len(token) < 18:
            return  # Too short to leave the range: 0x and 15 hexadecimal digits is 2**60.
        match = _TOML_INT.fullmatch(token)
        if match is None:
            return
        digits = match["hex"] or match["octal"] or match["binary"] or match["digits"]
        base = 16 if match["hex"] else 8 if match["octal"] else 2 if match["binary"] else 10
        if _whole_number(digits.replace("_", ""), base, match["sign"] == "-") is None:
            raise _Refusal(line, _too_large(token))


def _parse_yaml(text: str, path: str) -> tuple[dict[str, Any], _Finder]:
    import yaml

    try:
        loader = _plain_loader()(text)
        try:
            node = loader.get_single_node()
            document = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refusal as refusal:
        raise ParseError(Problem(Location(path, refusal.line), refusal.message)) from None
    except yaml.reader.ReaderError as error:
        where = Location(path, text.count("\n", 0, error.position) + 1)
        if isinstance(error.character, int):
            message = _("invalid YAML: the character {character} is not allowed").format(
                character=f"U+{error.character:04X}"
            )
        else:
            message = _("invalid YAML: the character a byte is not allowed")
        raise ParseError(Problem(where, message)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = error.problem or _("not valid YAML")
        context = error.context_mark
        if error.context and context is not None and mark is not None and context.line != mark.line:
            # Translators: {problem} and {context} are PyYAML's words, in English.
            problem = _("{problem} ({context} at line {line})").format(
                problem=problem, context=error.context, line=context.line + 1
            )
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip().strip("'").replace(_YAML_CORE_TAG, "!!")
            problem = _("unsafe or unknown tag {tag}; only plain YAML data is read").format(
                tag=repr(tag)
            )
        # Translators: {problem} says what is wrong, in English when it is PyYAML's words.
        message = _("invalid YAML: {problem}").format(problem=problem)
        raise ParseError(Problem(Location(path, line, column), message)) from None
    except yaml.YAMLError as error:
        message = _("invalid YAML: {problem}").format(problem=error)
        raise ParseError(Problem(Location(path), message)) from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ParseError(Problem(Location(path, 1), _("the document is not a mapping of keys")))
    return document, _YamlFinder(node)


class _YamlFinder(_Finder):
    """Finds lines in YAML from the composed node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line_of(self, field: FieldPath) -> int | None:
        import yaml

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
