"""Loading a data folder into a Ledger, collecting every problem instead of stopping at one."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aidledger.errors import DataError, Location, Problem, StoreError, UsageError
from aidledger.model.charter import Charter
from aidledger.model.ledger import Ledger, Located
from aidledger.model.records import Exchange, Member, Request, Settings
from aidledger.model.validate import validate
from aidledger.store.cache import ParseCache, caching_enabled, stamp_of
from aidledger.store.files import read_text
from aidledger.store.parse import (
    TOML_SUFFIXES,
    YAML_SUFFIXES,
    FieldPath,
    LineFinder,
    ParsedFile,
    ParseError,
    parse_file,
)
from aidledger.store.root import SETTINGS_FILE

CHARTER_FILE = "charter.toml"
MEMBERS_FILE = "members.toml"
EXCHANGES_DIR = "exchanges"
REQUESTS_DIR = "requests"

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class _Collector:
    """Gathers problems while a folder is read, so that all are reported at once."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    cache: ParseCache | None = None

    shown_root: str = field(init=False)
    cwd_inside: Path | None = field(init=False)
    resolved_root: Path = field(init=False)
    prefix: str = field(init=False)

    def __post_init__(self) -> None:
        # Paths are shown relative to the current folder; resolving each file would cost
        # system calls, so the root is placed once and each file is joined to it.
        # Paths found under the root start with this text (none for a root of ".").
        self.prefix = "" if str(self.root) == "." else str(self.root).rstrip("/") + "/"
        cwd = Path.cwd().resolve()
        root = self.root.resolve()
        self.resolved_root = root
        self.cwd_inside = cwd if cwd != root and cwd.is_relative_to(root) else None
        self.shown_root = (
            root.relative_to(cwd).as_posix() if root.is_relative_to(cwd) else self.root.as_posix()
        )

    def key(self, path: Path) -> str:
        """A file's path inside the data root, as the cache knows it."""
        text = str(path)
        if text.startswith(self.prefix):
            return text[len(self.prefix) :]
        return path.relative_to(self.root).as_posix()

    def relative(self, path: Path) -> str:
        text = str(path)
        if not text.startswith(self.prefix):
            return display_path(path)
        inner = text[len(self.prefix) :]
        if self.cwd_inside is not None:
            return os.path.relpath(self.resolved_root / inner, self.cwd_inside)
        return inner if self.shown_root == "." else f"{self.shown_root}/{inner}"

    def parse(
        self, path: Path, kind: str | None, *, allow_empty: bool = False
    ) -> ParsedFile | None:
        name = self.relative(path)
        try:
            return parse_file(read_text(path), name, kind, allow_empty=allow_empty)
        except ParseError as error:
            self.problems.append(error.problem)
        except StoreError as error:
            self.problems.append(Problem(Location(name), error.message.split(": ", 1)[-1]))
        self.unreadable.add(name)
        return None

    def missing(self, path: Path) -> None:
        name = self.relative(path)
        self.unreadable.add(name)
        self.problems.append(
            Problem(
                Location(name),
                f"the file is missing; every data folder holds {SETTINGS_FILE}, "
                f"{CHARTER_FILE} and {MEMBERS_FILE}",
            )
        )

    def validate(
        self,
        model: type[ModelT],
        fields: dict[str, Any],
        path: Path,
        line: int | None,
        line_of: LineFinder,
    ) -> ModelT | None:
        try:
            return model.model_validate(fields)
        except ValidationError as error:
            name = self.relative(path)
            for detail in error.errors(include_url=False):
                where = field_path(tuple(detail["loc"]))
                self.problems.append(
                    Problem(Location(name, line_of(where) or line), describe(detail))
                )
            return None


def display_path(path: Path) -> str:
    """A path as people and CI annotations want it: relative to the current folder if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


_EXPECTED = {
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}
_KIND_OF_VALUE = {
    str: "the text",
    int: "the number",
    float: "the number",
    bool: "the boolean",
    list: "the list",
    tuple: "the list",
    dict: "a table",
    date: "the date",
    datetime: "the date and time",
}


def field_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """A pydantic location without its markers: where the field is in the file."""
    return tuple(part for part in loc if part != "[key]")


MAX_SHOWN = 60


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short so that a huge value cannot flood a report."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _value_text(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    kind = _KIND_OF_VALUE.get(type(value))
    if kind == "a table":
        return kind
    if isinstance(value, date):
        return f"{kind} {value.isoformat()}"
    return f"{kind} {shown(value)}" if kind else shown(value)


def _pattern_message(value: Any, pattern: str) -> str:
    """What a handle, id, tag or email must look like, read from the pattern it missed."""
    if "@" in pattern:
        return f"{shown(value)} is not an email address such as alice@example.org"
    allowed = "'.', '_', '/', '+' and '-'" if "/" in pattern else "'.', '_' and '-'"
    longest = re.search(r"\{0,(\d+)\}", pattern)
    at_most = f" (at most {int(longest[1]) + 1} characters)" if longest else ""
    return (
        f"{shown(value)} is not allowed here: use lowercase letters, digits, {allowed}{at_most},"
        " starting with a letter or digit"
    )


def describe(detail: Any) -> str:
    """One pydantic error as a sentence about the field."""
    loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    limits = detail.get("ctx") or {}
    if loc[-1:] == ("[key]",):
        # A bad key of a table (e.g. an unknown warning id): name the table, not the key.
        loc = loc[:-2]
    where = ".".join(str(part) for part in field_path(loc))
    if kind == "missing":
        return f"missing field {where!r}"
    if kind == "extra_forbidden":
        return f"unknown field {where!r}"
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = _pattern_message(value, str(limits.get("pattern", "")))
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        message = f"expected a date such as 2026-11-27, got {_value_text(value)}"
    elif kind == "literal_error":
        choices = message.split("Input should be ", 1)[-1]
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", choices):
            message = f"expected the number {choices}, got the text {shown(value)}"
        else:
            what = shown(value) if isinstance(value, str) else _value_text(value)
            message = f"{what} is not one of the choices: {choices}"
    elif kind == "less_than_equal":
        message = f"{shown(value)} is too large: it must be at most {limits['le']}"
    elif kind == "greater_than_equal":
        message = f"{shown(value)} is too small: it must be at least {limits['ge']}"
    elif kind == "too_short":
        needed = limits["min_length"]
        message = f"the list is empty: it needs at least {needed} item{'s' if needed != 1 else ''}"
    elif kind == "string_too_short":
        message = "the text is empty"
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_value_text(value)}"
    elif kind.endswith("_type"):
        message = f"{message[:1].lower()}{message[1:]}, got {_value_text(value)}"
    return f"{where}: {message}" if where else message


def read_ledger(root: Path, *, use_cache: bool = True) -> tuple[Ledger | None, tuple[Problem, ...]]:
    """The valid records of a data folder and the problems of the others.

    The ledger is None when the settings, the charter or the members cannot be read.
    """
    collector = _Collector(
        root, cache=ParseCache(root) if use_cache and caching_enabled() else None
    )
    settings_at = _locate_single(collector, root / SETTINGS_FILE, Settings)
    settings = settings_at.record if settings_at is not None else None
    charter = _load_charter(collector, root / CHARTER_FILE)
    members = tuple(_load_tables(collector, root / MEMBERS_FILE, "member", Member))
    exchange_files = record_files(root / EXCHANGES_DIR)
    request_files = record_files(root / REQUESTS_DIR)
    exchanges = tuple(
        located
        for path in exchange_files
        for located in _load_tables(collector, path, "exchange", Exchange)
    )
    requests = tuple(
        located
        for path in request_files
        for located in _load_tables(collector, path, "request", Request)
    )
    if collector.cache is not None:
        files = [*exchange_files, *request_files]
        collector.cache.keep_only({collector.key(path) for path in files})
        collector.cache.save()
    problems = tuple(collector.problems)
    if settings is None or charter is None:
        return None, problems
    if collector.relative(root / MEMBERS_FILE) in collector.unreadable:
        # Without the members every handle would be reported unknown: say only the cause.
        return None, problems
    return Ledger(settings, charter, members, exchanges, requests, settings_at), problems


@dataclass(frozen=True)
class Team:
    """The settings and the members: all a command that writes one record needs to read."""

    settings: Settings
    members: tuple[Member, ...]

    def member(self, handle: str) -> Member | None:
        return next((member for member in self.members if member.handle == handle), None)


def load_team(root: Path) -> Team:
    """Settings and members only, so that logging help stays fast on a long history."""
    collector = _Collector(root)
    settings = _load_single(collector, root / SETTINGS_FILE, Settings)
    members = tuple(
        located.record for located in _load_tables(collector, root / MEMBERS_FILE, "member", Member)
    )
    if collector.problems or settings is None:
        raise DataError(tuple(sorted(collector.problems)))
    return Team(settings, members)


def request_ids(root: Path, *, use_cache: bool = True) -> set[str]:
    """The ids of the requests, read from every request file, packed ones included."""
    collector = _Collector(
        root, cache=ParseCache(root) if use_cache and caching_enabled() else None
    )
    return {
        fields["id"]
        for path in record_files(root / REQUESTS_DIR)
        for fields, _, _ in _tables(collector, path, "request")
        if isinstance(fields.get("id"), str)
    }


def load_ledger(root: Path, today: date, *, use_cache: bool = True) -> Ledger:
    """The whole data folder, or a DataError listing every problem in it."""
    ledger, problems = read_ledger(root, use_cache=use_cache)
    if ledger is not None:
        problems = (*problems, *validate(ledger, today))
    if problems or ledger is None:
        raise DataError(tuple(sorted(problems)))
    return ledger


def record_files(folder: Path) -> list[Path]:
    """Every TOML or YAML file under a folder, in a stable order, hidden files left out."""
    suffixes = (*TOML_SUFFIXES, *YAML_SUFFIXES)
    found = []
    # os.walk reads each folder once; Path.rglob would stat every entry again.
    for current, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [
            Path(current, name)
            for name in files
            if name.endswith(suffixes) and not name.startswith(".")
        ]
    return sorted(found)


def _load_single(collector: _Collector, path: Path, model: type[ModelT]) -> ModelT | None:
    located = _locate_single(collector, path, model)
    return located.record if located is not None else None


def _locate_single(
    collector: _Collector, path: Path, model: type[ModelT]
) -> Located[ModelT] | None:
    """A one-record file, with its place, so that a problem found later names its line."""
    if not path.is_file():
        collector.missing(path)
        return None
    parsed = collector.parse(path, None)
    if parsed is None:
        return None
    record = collector.validate(model, parsed.document, path, None, parsed.line_of)
    if record is None:
        return None
    return Located(record, Location(collector.relative(path)), parsed.line_of)


def _load_charter(collector: _Collector, path: Path) -> Charter | None:
    """The charter, its minimums held to those the engine's warnings have."""
    located = _locate_single(collector, path, Charter)
    if located is None:
        return None
    problems = _unknown_minimums(located.record, located.at)
    collector.problems += problems
    return None if problems else located.record


def _unknown_minimums(charter: Charter, at: Callable[..., Location]) -> list[Problem]:
    """A minimum set for a warning that has none would be silently ignored: refuse it."""
    from aidledger.engine.rules import unknown_minimums

    return [
        Problem(at(*where), f"{'.'.join(where)}: this warning has no such minimum")
        for where in unknown_minimums(charter)
    ]


def _load_tables(
    collector: _Collector, path: Path, kind: str, model: type[ModelT]
) -> Iterator[Located[ModelT]]:
    if kind == "member" and not path.exists():
        collector.missing(path)
        return
    tables = _tables(collector, path, kind)
    name = collector.relative(path)
    for index, (fields, line, line_of) in enumerate(tables):
        record = collector.validate(model, fields, path, line, line_of)
        if record is not None:
            yield Located(record, Location(name, line if line is not None else index + 1), line_of)


Table = tuple[dict[str, Any], int | None, LineFinder]


def _tables(collector: _Collector, path: Path, kind: str) -> list[Table]:
    """A file's tables of one kind, from the cache when the file has not changed.

    A record file that cannot be read (a broken link, a folder named like a file) is
    reported by parse, never skipped in silence.
    """
    cache = collector.cache if kind != "member" else None
    key = collector.key(path) if cache is not None else ""
    stamp = stamp_of(path) if cache is not None else None
    cached = cache.get(key, stamp) if cache is not None else None
    if cached is not None:
        return [
            (fields, line, partial(_reparsed_line_of, path, kind, index))
            for index, (fields, line) in enumerate(cached)
        ]
    parsed = collector.parse(path, kind, allow_empty=kind == "member")
    if parsed is None:
        return []
    if cache is not None:
        cache.put(key, stamp, [(table.fields, table.line) for table in parsed.tables])
    return [(table.fields, table.line, table.line_of) for table in parsed.tables]


def _reparsed_line_of(path: Path, kind: str, index: int, where: FieldPath) -> int | None:
    """A field's line in a cached table: the file is parsed again only if a problem asks."""
    try:
        return parse_file(read_text(path), str(path), kind).tables[index].line_of(where)
    except (ParseError, StoreError, IndexError):
        return None


def check_charter_text(text: str, name: str) -> Charter:
    """A charter template's text, validated, or a DataError naming its problems."""
    collector = _Collector(Path.cwd())
    try:
        parsed = parse_file(text, name, None)
    except ParseError as error:
        raise DataError((error.problem,), f"the charter {name}") from None
    charter = collector.validate(Charter, parsed.document, Path(name), None, parsed.line_of)
    located = Located(charter, Location(name), parsed.line_of) if charter else None
    problems = _unknown_minimums(charter, located.at) if charter and located else []
    if charter is None or problems:
        raise DataError((*collector.problems, *problems), f"the charter {name}")
    return charter


def record_from_input(model: type[ModelT], fields: dict[str, Any]) -> ModelT:
    """A record built from command-line values, or a UsageError naming every bad one."""
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        details = [describe(detail) for detail in error.errors(include_url=False)]
        raise UsageError("; ".join(details)) from None
