"""Loading a data folder into a Ledger, collecting every problem instead of stopping at one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aidledger.errors import DataError, Location, Problem, UsageError
from aidledger.i18n import N_, _, format_count, format_list, ngettext
from aidledger.model.charter import Charter
from aidledger.model.ledger import Ledger, Located, Unread
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request, Settings
from aidledger.model.validate import validate
from aidledger.model.values import DEFAULT_MAX_FILE_BYTES, HANDLE_PATTERN, ID_PATTERN, shown
from aidledger.model.words import FIELD_LIKENESS, did_you_mean
from aidledger.store.cache import (
    CACHE_DIR,
    RecordCache,
    Records,
    Stamp,
    caching_enabled,
    content_digest,
    stamp_of,
    stamp_of_status,
)
from aidledger.store.codec import Uncodable, decoder, encode
from aidledger.store.parse import (
    TOML_SUFFIXES,
    YAML_SUFFIXES,
    FieldPath,
    LineFinder,
    ParsedFile,
    ParseError,
    parse_file,
)
from aidledger.store.root import CHARTER_FILE as _CHARTER_FILE
from aidledger.store.root import SETTINGS_FILE

CHARTER_FILE = _CHARTER_FILE

MEMBERS_FILE = "members.toml"
EXCHANGES_DIR = "exchanges"
REQUESTS_DIR = "requests"
OFFERS_DIR = "offers"
MEETINGS_DIR = "meetings"
# A link could lead a read anywhere (a file outside, whose values a message would echo,
# or /dev/zero); a pipe would block a read forever. Only regular files are read.
# Said of a path (`exchanges/x.toml: is a symbolic link; ...`), in English here: `_()` them.
LINK_REFUSAL = N_("is a symbolic link; aidledger reads only regular files inside the data folder")
SPECIAL_REFUSAL = N_(
    "is not a regular file; aidledger reads only regular files inside the data folder"
)
# The field that names each kind of record, remembered when the record is invalid.
_KEY_FIELD = {
    "member": "handle",
    "exchange": "id",
    "request": "id",
    "offer": "id",
    "meeting": "date",
}
_KEY_PATTERN = {
    "member": re.compile(HANDLE_PATTERN),
    "exchange": re.compile(ID_PATTERN),
    "request": re.compile(ID_PATTERN),
    "offer": re.compile(ID_PATTERN),
    "meeting": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class _Collector:
    """Gathers problems while a folder is read, so that all are reported at once."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    cache: RecordCache | None = None
    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    # The handles and ids of records that failed validation, by kind, and the kinds of
    # which a whole file could not be read: what refers to them is not called unknown.
    invalid_keys: dict[str, set[str]] = field(default_factory=dict)
    unread_kinds: set[str] = field(default_factory=set)

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

    def key(self, path: str | Path) -> str:
        """A file's path inside the data root, as the cache knows it."""
        text = os.fspath(path)
        if text.startswith(self.prefix):
            return text[len(self.prefix) :]
        return Path(path).relative_to(self.root).as_posix()

    def relative(self, path: str | Path) -> str:
        text = os.fspath(path)
        if not text.startswith(self.prefix):
            return display_path(Path(path))
        inner = text[len(self.prefix) :]
        if self.cwd_inside is not None:
            return os.path.relpath(self.resolved_root / inner, self.cwd_inside)
        return inner if self.shown_root == "." else f"{self.shown_root}/{inner}"

    def parse(
        self, path: str | Path, kind: str | None, *, allow_empty: bool = False
    ) -> ParsedFile | None:
        name = self.relative(path)
        try:
            return parse_file(
                read_regular_text(Path(path), self.max_bytes, name),
                name,
                kind,
                allow_empty=allow_empty,
            )
        except ParseError as error:
            self.problems.append(error.problem)
        self.unreadable.add(name)
        if kind is not None:
            self.unread_kinds.add(kind)
        return None

    def refuse(self, path: Path, message: str) -> None:
        """A folder or a file not read at all: a link, or not a regular file."""
        self.problems.append(Problem(Location(self.relative(path)), message))

    def record_files(self, folder: Path, kind: str) -> list[str]:
        """The record files under a folder; linked folders are reported and not entered."""
        files, refused = _walk_records(folder)
        for path, message in refused:
            self.refuse(path, message)
            self.unread_kinds.add(kind)
        return files

    def located(
        self, path: str, kind: str, records: Sequence[tuple[ModelT, int | None]]
    ) -> list[Located[ModelT]]:
        """Records read whole from a file, with their places; the line of a field is found
        by reading the file again, only if a problem asks for it."""
        name = self.relative(path)
        return [
            Located(
                record,
                Location(name, line if line is not None else index + 1),
                # mypy does not take a tuple's own __call__ for a callable.
                _FieldLines((name, kind, index, self.max_bytes)),  # type: ignore[arg-type]
            )
            for index, (record, line) in enumerate(records)
        ]

    def missing(self, path: str | Path) -> None:
        name = self.relative(path)
        self.unreadable.add(name)
        self.problems.append(
            Problem(
                Location(name),
                # Translators: {settings}, {charter} and {members} are the names of files.
                _(
                    "the file is missing; every data folder holds {settings}, {charter}"
                    " and {members}"
                ).format(settings=SETTINGS_FILE, charter=CHARTER_FILE, members=MEMBERS_FILE),
            )
        )

    def validate(
        self,
        model: type[ModelT],
        fields: dict[str, Any],
        path: str | Path,
        line: int | None,
        line_of: LineFinder,
    ) -> ModelT | None:
        try:
            return model.model_validate(fields)
        except ValidationError as error:
            name = self.relative(path)
            for detail in _causes(error.errors(include_url=False)):
                where = field_path(tuple(detail["loc"]))
                message = describe(detail)
                hint = _nearest_field(model, detail)
                if hint:
                    # Translators: a problem of a field, then a guess (`did you mean 'useful'?`).
                    message = _("{message}; {hint}").format(message=message, hint=hint)
                self.problems.append(Problem(Location(name, line_of(where) or line), message))
            return None


def _nearest_field(model: type[BaseModel], detail: Any) -> str:
    """For an unknown field (`email`, or `usefull` inside a confirmation, or `wran` in a
    warning's table), the nearest one the table it is in has (`emails`, `useful`, `warn`)."""
    loc = field_path(tuple(detail["loc"]))
    if detail["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
        return ""
    holder = _model_at(model, loc[:-1])
    if holder is None:
        return ""
    return did_you_mean(loc[-1], holder.model_fields, FIELD_LIKENESS) or ""


def _model_at(model: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the table at `path` inside `model`: through sub-tables, lists of them
    (an index) and tables of them by name (a key, as `[warnings.<id>]`)."""
    current: type[BaseModel] = model
    # After a list or a mapping of tables, the next part is an index or a key, not a field.
    picks_one = False
    for part in path:
        if picks_one:
            picks_one = False
            continue
        if not isinstance(part, str) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        inner = _inner_model(annotation)
        if inner is None:
            return None
        picks_one = inner is not annotation and typing.get_origin(annotation) in (tuple, list, dict)
        current = inner
    return current


def _inner_model(annotation: Any) -> Any:
    """The model a field holds, directly or inside `X | None`, `tuple[X, ...]`,
    `dict[K, X]` or `Annotated[X, ...]`; None when it holds none."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        inner = _inner_model(argument)
        if inner is not None:
            return inner
    return None


def _causes(details: list[Any]) -> list[Any]:
    """Pydantic's errors without those that only follow from another.

    A list whose only item is invalid is also reported empty (its valid items are too
    few); the item's own error says it all.
    """
    return [
        detail
        for detail in details
        if detail["type"] != "too_short"
        or not any(
            len(other["loc"]) > len(detail["loc"])
            and tuple(other["loc"][: len(detail["loc"])]) == tuple(detail["loc"])
            for other in details
        )
    ]


class _Refused(Exception):
    """A file not read: why, in a sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _read_descriptor(descriptor: int, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of an open regular file of at most `max_bytes`, read in one go, and its
    status taken before they were read."""
    status = os.fstat(descriptor)
    if stat.S_ISDIR(status.st_mode):
        raise _Refused(_("is a folder, where a file is expected"))
    if not stat.S_ISREG(status.st_mode):
        raise _Refused(_(SPECIAL_REFUSAL))
    too_large = ngettext(
        "the file is larger than {count} byte (max_file_bytes in aidledger.toml); it was not read",
        "the file is larger than {count} bytes (max_file_bytes in aidledger.toml); it was not read",
        max_bytes,
    ).format(count=format_count(max_bytes))
    if status.st_size > max_bytes:
        raise _Refused(too_large)
    chunks: list[bytes] = []
    left = max_bytes + 1
    try:
        # One read of one byte more than the size: a regular file on a local disk gives
        # less only at its end, so a file that did not grow is read in one call. Any
        # other count (a file grown or cut, a file system that reads short) reads on.
        first = os.read(descriptor, min(left, status.st_size + 1))
        chunks.append(first)
        left -= len(first)
        if len(first) != status.st_size:
            while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
                chunks.append(chunk)
                left -= len(chunk)
    except OSError as error:
        raise _Refused(_("cannot read ({reason})").format(reason=error.strerror)) from None
    if left <= 0:
        # The file grew after its size was read.
        raise _Refused(too_large)
    return b"".join(chunks), status


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


def _read_regular(path: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and status, never read through a symbolic link: `O_NOFOLLOW`
    refuses a link, `O_NONBLOCK` keeps a pipe from blocking until its size is known.
    OSError when it cannot be opened, _Refused when it is not a file to read."""
    if not hasattr(os, "O_NOFOLLOW") and Path(path).is_symlink():
        raise _Refused(_(LINK_REFUSAL))
    descriptor = os.open(path, _READ_FLAGS)
    try:
        return _read_descriptor(descriptor, max_bytes)
    finally:
        os.close(descriptor)


def read_regular_text(path: Path, max_bytes: int, name: str | None = None) -> str:
    """A file's UTF-8 text, or a ParseError naming `name` (the path if not given).

    The file is read only if it is a regular file of at most `max_bytes`, and never
    through a symbolic link.
    """
    shown_name = str(path) if name is None else name

    def refused(message: str, line: int | None = None) -> ParseError:
        return ParseError(Problem(Location(shown_name, line), message))

    try:
        data, _status = _read_regular(os.fspath(path), max_bytes)
    except _Refused as refusal:
        raise refused(refusal.message) from None
    except OSError as error:
        link = error.errno == errno.ELOOP or path.is_symlink()
        raise refused(
            _(LINK_REFUSAL) if link else _("cannot read ({reason})").format(reason=error.strerror)
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise refused(_("not UTF-8 text ({reason})").format(reason=error.reason), line) from None


def display_path(path: Path) -> str:
    """A path as people and CI annotations want it: relative to the current folder if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# What a field expects, and what it got: {value} is e.g. "the text 'two'".
_EXPECTED = {
    "int_type": N_("expected a whole number, got {value}"),
    "float_type": N_("expected a number, got {value}"),
    "string_type": N_("expected text, got {value}"),
    "bool_type": N_("expected true or false, got {value}"),
    "tuple_type": N_("expected a list, got {value}"),
    "list_type": N_("expected a list, got {value}"),
    "dict_type": N_("expected a table, got {value}"),
    "model_type": N_("expected a table, got {value}"),
    "model_attributes_type": N_("expected a table, got {value}"),
}
# What a field holds, said in `got {value}`: {value} is the value as the file writes it.
_KIND_OF_VALUE = {
    # Translators: what a field holds, in "expected a number, got {value}"; {value} is the
    # value as the file writes it ('two', 2026-11-27).
    str: N_("the text {value}"),
    int: N_("the number {value}"),
    float: N_("the number {value}"),
    bool: N_("the boolean {value}"),
    list: N_("the list {value}"),
    tuple: N_("the list {value}"),
    dict: N_("a table"),
    date: N_("the date {value}"),
    datetime: N_("the date and time {value}"),
    time_of_day: N_("the time {value}"),
}


def field_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """A pydantic location without its markers: where the field is in the file."""
    return tuple(part for part in loc if part != "[key]")


def _value_text(value: Any) -> str:
    if value is None:
        return _("nothing (an empty value)")
    kind = _KIND_OF_VALUE.get(type(value))
    if kind is None:
        return shown(value)
    text = value.isoformat() if isinstance(value, date | time_of_day) else shown(value)
    return _(kind).format(value=text)


def _pattern_message(value: Any, pattern: str) -> str:
    """What a handle, id, tag or email must look like, read from the pattern it missed."""
    if "@" in pattern:
        return _("{value} is not an email address such as alice@example.org").format(
            value=shown(value)
        )
    marks = ["'.'", "'_'", "'/'", "'+'", "'-'"] if "/" in pattern else ["'.'", "'_'", "'-'"]
    allowed = format_list(marks, "and")
    longest = re.search(r"\{0,(\d+)\}", pattern)
    if longest is None:
        # Translators: {characters} lists the marks allowed beside letters and digits.
        return _(
            "{value} is not allowed here: use lowercase letters, digits, {characters},"
            " starting with a letter or digit"
        ).format(value=shown(value), characters=allowed)
    count = int(longest[1]) + 1
    # Translators: {characters} lists the marks allowed beside letters and digits.
    return ngettext(
        "{value} is not allowed here: use lowercase letters, digits, {characters}"
        " (at most {count} character), starting with a letter or digit",
        "{value} is not allowed here: use lowercase letters, digits, {characters}"
        " (at most {count} characters), starting with a letter or digit",
        count,
    ).format(value=shown(value), characters=allowed, count=count)


def describe(detail: Any, label: str | None = None) -> str:
    """One pydantic error as a sentence about the field, named `label` when given (the
    option a value was typed with)."""
    loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    limits = detail.get("ctx") or {}
    if loc[-1:] == ("[key]",):
        # A bad key of a table (e.g. an unknown warning id): name the table, not the key.
        loc = loc[:-2]
    where = label or ".".join(str(part) for part in field_path(loc))
    if kind == "missing":
        return _("missing field {field}").format(field=repr(where))
    if kind == "extra_forbidden":
        return _("unknown field {field}").format(field=repr(where))
    message = detail["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = _pattern_message(value, str(limits.get("pattern", "")))
    elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        # Translators: {value} is what the file holds, e.g. "the text 'soon'".
        message = _("expected a date such as 2026-11-27, got {value}").format(
            value=_value_text(value)
        )
    elif kind == "literal_error":
        choices = message.split("Input should be ", 1)[-1]
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", choices):
            message = _("expected the number {number}, got the text {text}").format(
                number=choices, text=shown(value)
            )
        else:
            what = shown(value) if isinstance(value, str) else _value_text(value)
            # pydantic lists them in English ("'a', 'b' or 'c'"): said in the language.
            listed = format_list(re.split(r", | or ", choices), "or")
            message = _("{value} is not one of the choices: {choices}").format(
                value=what, choices=listed
            )
    elif kind == "less_than_equal":
        message = _("{value} is too large: it must be at most {limit}").format(
            value=shown(value), limit=limits["le"]
        )
    elif kind == "greater_than_equal":
        message = _("{value} is too small: it must be at least {limit}").format(
            value=shown(value), limit=limits["ge"]
        )
    elif kind == "too_short":
        needed = limits["min_length"]
        message = ngettext(
            "the list is empty: it needs at least {count} item",
            "the list is empty: it needs at least {count} items",
            needed,
        ).format(count=needed)
    elif kind == "string_too_short":
        message = _("the text is empty")
    elif kind == "string_unicode":
        message = _("the text holds an escape such as \\ud800 that is not a character")
    elif kind in _EXPECTED:
        message = _(_EXPECTED[kind]).format(value=_value_text(value))
    elif kind.endswith("_type"):
        # Translators: {message} is pydantic's, in English; {value} e.g. "the text 'two'".
        message = _("{message}, got {value}").format(
            message=f"{message[:1].lower()}{message[1:]}", value=_value_text(value)
        )
    # Translators: a field of a file ("minutes", "confirmations.0.useful") or an option,
    # then what is wrong with its value.
    return _("{field}: {message}").format(field=where, message=message) if where else message


def read_ledger(root: Path, *, use_cache: bool = True) -> tuple[Ledger | None, tuple[Problem, ...]]:
    """The valid records of a data folder and the problems of the others.

    The ledger is None when the settings, the charter or the members cannot be read.
    """
    collector = _Collector(
        root, cache=RecordCache(root) if use_cache and caching_enabled() else None
    )
    if (root / CACHE_DIR).is_symlink():
        collector.refuse(
            root / CACHE_DIR,
            _(
                "is a symbolic link; aidledger reads only regular files inside the data folder;"
                " remove the link"
            ),
        )
    settings_at = _read_settings(collector, root)
    settings = settings_at.record if settings_at is not None else None
    charter = _load_charter(collector, root / CHARTER_FILE)
    members = tuple(_load_tables(collector, root / MEMBERS_FILE, "member", Member))
    listed = []
    for folder, kind, model in RECORD_FOLDERS:
        files = collector.record_files(root / folder, kind)
        listed.append((kind, model, files, [collector.key(path) for path in files]))
    cached = _cached_records(collector, listed)
    by_key: dict[str, Sequence[Located[BaseModel]]] = {}
    loaded: dict[str, tuple[Located[Any], ...]] = {}
    for kind, model, files, keys in listed:
        loaded[kind] = _load_folder(collector, files, keys, kind, model, cached, by_key)
    if collector.cache is not None:
        collector.cache.save(_encoder_of(by_key))
    exchanges, requests = loaded["exchange"], loaded["request"]
    offers, meetings = loaded["offer"], loaded["meeting"]
    problems = tuple(collector.problems)
    if settings is None or charter is None:
        return None, problems
    if collector.relative(root / MEMBERS_FILE) in collector.unreadable:
        # Without the members every handle would be reported unknown: say only the cause.
        return None, problems
    invalid = collector.invalid_keys
    unread = Unread(
        handles=frozenset(invalid.get("member", ())),
        exchange_ids=frozenset(invalid.get("exchange", ())),
        request_ids=frozenset(invalid.get("request", ())),
        some_members="member" in collector.unread_kinds,
        some_exchanges="exchange" in collector.unread_kinds,
        some_requests="request" in collector.unread_kinds,
    )
    ledger = Ledger(
        settings,
        charter,
        members,
        exchanges,
        requests,
        settings_at,
        unread=unread,
        offers=offers,
        meetings=meetings,
    )
    return ledger, problems


# The folders of record files, the kind of record each holds, and its model.
RECORD_FOLDERS: tuple[tuple[str, str, type[BaseModel]], ...] = (
    (EXCHANGES_DIR, "exchange", Exchange),
    (REQUESTS_DIR, "request", Request),
    (OFFERS_DIR, "offer", Offer),
    (MEETINGS_DIR, "meeting", Meeting),
)


def _cached_records(
    collector: _Collector, listed: Sequence[tuple[str, type[BaseModel], list[str], list[str]]]
) -> dict[str, list[Located[BaseModel]]]:
    """The records the cache holds for files unchanged since, by key, rebuilt as the cache
    is read (a chunk at a time: it is never held whole beside the records)."""
    cache = collector.cache
    if cache is None:
        return {}
    builders: dict[str, Callable[[tuple[Any, ...]], BaseModel]] = {}
    with contextlib.suppress(Uncodable):
        builders = {kind: decoder(model) for kind, model, _files, _keys in listed}
    paths: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for kind, _model, files, keys in listed:
        if kind in builders:
            paths.update(zip(keys, files, strict=True))
            kinds.update(dict.fromkeys(keys, kind))
    found: dict[str, list[Located[BaseModel]]] = {}
    for key, records in cache.matching(paths, collector.max_bytes):
        kind = kinds[key]
        rebuilt = _rebuilt(builders[kind], records)
        if rebuilt is not None:
            found[key] = collector.located(paths[key], kind, rebuilt)
            cache.release(key)
    return found


def _load_folder(
    collector: _Collector,
    files: list[str],
    keys: list[str],
    kind: str,
    model: type[ModelT],
    cached: Mapping[str, list[Located[BaseModel]]],
    by_key: dict[str, Sequence[Located[BaseModel]]],
) -> tuple[Located[ModelT], ...]:
    """The records of one folder's `[[kind]]` files, in the order of the files; those of
    each file are also put in `by_key`, by its key in the cache.

    A file whose records the cache gave is not read. The others are read, in two
    processes when there are many; a file with any problem is read again by
    `_load_tables`, which says what is wrong where.
    """
    cache = collector.cache
    found: list[list[Located[ModelT]]] = [[] for _file in files]
    unread: list[int] = []
    for index, key in enumerate(keys):
        records = cached.get(key)
        if records is None:
            unread.append(index)
        else:
            # Records of this kind, rebuilt by this model's decoder (`_cached_records`).
            found[index] = records  # type: ignore[assignment]
    try:
        build = decoder(model)
    except Uncodable:
        build = None
    paths = [files[index] for index in unread]
    clean_files = (
        read_clean_files(paths, kind, collector.max_bytes) if build else [None] * len(paths)
    )
    for place, (index, path) in enumerate(zip(unread, paths, strict=True)):
        # Each file's plain records are let go of once rebuilt, not at the end.
        clean, clean_files[place] = clean_files[place], None
        rebuilt = _rebuilt(build, clean[2]) if clean is not None and build else None
        if clean is None or rebuilt is None:
            found[index] = list(_load_tables(collector, path, kind, model))
            continue
        found[index] = collector.located(path, kind, rebuilt)
        if cache is not None:
            cache.put(keys[index], *clean)
            cache.release(keys[index])
    by_key.update(zip(keys, found, strict=True))
    return tuple(located for group in found for located in group)


def _encoder_of(
    files: Mapping[str, Sequence[Located[BaseModel]]],
) -> Callable[[str], Records | None]:
    """What gives the cache the records of a file again, from those read."""
    dates: dict[date, date] = {}

    def records(key: str) -> Records | None:
        try:
            return tuple((encode(item.record, dates), item.origin.line) for item in files[key])
        except (KeyError, Uncodable):
            return None

    return records


def _rebuilt(
    build: Callable[[tuple[Any, ...]], ModelT], records: Records
) -> list[tuple[ModelT, int | None]] | None:
    """Records rebuilt from plain data; None if the data is not what the codec wrote."""
    try:
        return [(build(data), line) for data, line in records]
    except Exception:
        return None


# What a file whose every record is valid gives: the stamp it had when it was opened,
# the digest of its bytes, its records as plain data, and when its stamp was taken.
CleanFile = tuple[Stamp, str, Records, int]
# Fewer files than this are read in one process: a second one costs more than it saves.
PARALLEL_FILES = 2000


def read_clean_files(paths: list[str], kind: str, max_bytes: int) -> list[CleanFile | None]:
    """Each file read, parsed and validated, if all of that goes well (None otherwise):
    in two processes when there are many files and two cores to run them."""
    if len(paths) < PARALLEL_FILES or _cores() < 2:
        return _read_clean_files((paths, kind, max_bytes))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        # A fork starts at once and shares what is already imported; where there is
        # none (Windows), the files are read in this process.
        context = multiprocessing.get_context("fork")
    except ValueError:
        return _read_clean_files((paths, kind, max_bytes))
    half = len(paths) // 2
    with ProcessPoolExecutor(1, mp_context=context, initializer=_quiet_on_interrupt) as pool:
        other = pool.submit(_read_clean_files, (paths[half:], kind, max_bytes))
        first = _read_clean_files((paths[:half], kind, max_bytes))
        try:
            second = other.result()
        except Exception:
            # The other process failed or was killed (a full memory): read its half here.
            second = _read_clean_files((paths[half:], kind, max_bytes))
    return first + second


def _quiet_on_interrupt() -> None:
    """Ctrl-C is the command's to handle: the process reading files beside it ignores it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


RECORD_MODELS = {kind: model for _folder, kind, model in RECORD_FOLDERS}


def _read_clean_files(job: tuple[list[str], str, int]) -> list[CleanFile | None]:
    """`read_clean_files` in one process (a worker's task: one picklable argument)."""
    paths, kind, max_bytes = job
    model = RECORD_MODELS[kind]
    dates: dict[date, date] = {}
    return [_read_clean(path, kind, model, max_bytes, dates) for path in paths]


def _read_clean(
    path: str, kind: str, model: type[BaseModel], max_bytes: int, dates: dict[date, date]
) -> CleanFile | None:
    """A file whose every record is valid, as plain data; None if anything is wrong with
    it (then `_load_tables` reads it again and says what)."""
    seen_at = time.time_ns()
    try:
        data, status = _read_regular(path, max_bytes)
        parsed = parse_file(data.decode("utf-8"), path, kind)
        records = tuple(
            (encode(model.model_validate(table.fields), dates), table.line)
            for table in parsed.tables
        )
    except (OSError, _Refused, UnicodeDecodeError, ParseError, ValidationError, Uncodable):
        return None
    return stamp_of_status(status), content_digest(data), records, seen_at


class _FieldLines(tuple[str, str, int, int]):
    """Where to find the line of a field of a record read whole: the file (by the name
    shown, which opens from the current folder), its kind and the record's place in it.
    The file is parsed again only if a problem asks for a line. A tuple, as a long
    history holds one per record."""

    __slots__ = ()

    def __call__(self, where: FieldPath, /) -> int | None:
        name, kind, index, max_bytes = self
        try:
            text = read_regular_text(Path(name), max_bytes)
            return parse_file(text, name, kind).tables[index].line_of(where)
        except (ParseError, IndexError):
            return None


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
    settings_at = _read_settings(collector, root)
    settings = settings_at.record if settings_at is not None else None
    members = tuple(
        located.record for located in _load_tables(collector, root / MEMBERS_FILE, "member", Member)
    )
    if collector.problems or settings is None:
        raise DataError(tuple(sorted(collector.problems)))
    return Team(settings, members)


def request_ids(root: Path, *, use_cache: bool = True) -> set[str]:
    """The ids of the requests, read from every request file, packed ones included."""
    collector = _Collector(
        root, cache=RecordCache(root) if use_cache and caching_enabled() else None
    )
    _read_settings(collector, root)
    found: set[str] = set()
    cache = collector.cache
    for path in collector.record_files(root / REQUESTS_DIR, "request"):
        cached = None
        if cache is not None:
            cached = cache.get(collector.key(path), stamp_of(path), collector.max_bytes)
        if cached is not None:
            # The id is the first field of a request: the cache holds it after the mask.
            found.update(data[1] for data, _line in cached)
            continue
        found.update(
            fields["id"]
            for fields, _line, _line_of in _tables(collector, path, "request")
            if isinstance(fields.get("id"), str)
        )
    return found


def meeting_dates(root: Path) -> dict[date, str]:
    """The day of every meeting recorded in meetings/, with the file that holds it.

    Read afresh and without the rest of the ledger, so that recording a meeting stays fast;
    a file that cannot be read is a DataError, so that no meeting is recorded twice unseen.
    """
    collector = _Collector(root)
    _read_settings(collector, root)
    found: dict[date, str] = {}
    for path in collector.record_files(root / MEETINGS_DIR, "meeting"):
        for fields, _line, _line_of in _tables(collector, path, "meeting"):
            if isinstance(fields.get("date"), date):
                found.setdefault(fields["date"], collector.relative(path))
    if collector.problems:
        raise DataError(tuple(sorted(collector.problems)))
    return found


def load_ledger(root: Path, today: date, *, use_cache: bool = True) -> Ledger:
    """The whole data folder, or a DataError listing every problem in it."""
    ledger, problems = read_ledger(root, use_cache=use_cache)
    if ledger is not None:
        problems = (*problems, *validate(ledger, today))
    if problems or ledger is None:
        raise DataError(tuple(sorted(problems)))
    return ledger


def problems_with_text(
    root: Path, path: Path, text: str, kind: str, today: date
) -> tuple[Problem, ...]:
    """The problems the data folder would have if the `kind` file `path` held `text`.

    The records of `text` are validated as loading would, then checked with every other
    record (unknown handles, duplicate ids); problems of the file as it is now are left out.
    """
    ledger, problems = read_ledger(root)
    collector = _Collector(root)
    name = collector.relative(path)
    problems = tuple(problem for problem in problems if problem.location.path != name)
    if ledger is None:
        return problems
    try:
        parsed = parse_file(text, name, kind)
    except ParseError as error:
        return (error.problem,)
    model: type[Exchange] | type[Request] = Exchange if kind == "exchange" else Request
    located = []
    for index, table in enumerate(parsed.tables):
        record = collector.validate(model, table.fields, path, table.line, table.line_of)
        if record is not None:
            line = table.line if table.line is not None else index + 1
            located.append(Located(record, Location(name, line), table.line_of))
    if collector.problems:
        return tuple(sorted(collector.problems))
    if kind == "exchange":
        exchanges = [item for item in ledger.exchanges if item.origin.path != name]
        ledger = replace(ledger, exchanges=(*exchanges, *located))  # type: ignore[arg-type]
    else:
        requests = [item for item in ledger.requests if item.origin.path != name]
        ledger = replace(ledger, requests=(*requests, *located))  # type: ignore[arg-type]
    return tuple(sorted((*problems, *validate(ledger, today))))


def record_files(folder: Path) -> list[Path]:
    """Every TOML or YAML file under a folder, in a stable order, hidden files left out."""
    return [Path(path) for path in _walk_records(folder)[0]]


def _walk_records(folder: Path) -> tuple[list[str], list[tuple[Path, str]]]:
    """The record files under a folder, and the folders refused (links), not entered.

    A linked record file is listed: reading it refuses it. A missing folder holds none.
    Paths are text, joined to the folder as given: a long history has many files, and
    path objects would cost more than the rest of finding them.
    """
    if folder.is_symlink():
        return [], [(folder, _(LINK_REFUSAL))]
    if folder.exists() and not folder.is_dir():
        return [], [(folder, _("is a file, where a folder is expected"))]
    found: list[str] = []
    refused: list[tuple[Path, str]] = []
    if folder.is_dir():
        _walk_into(os.fspath(folder), found, refused)
    return found, refused


_RECORD_SUFFIXES = (*TOML_SUFFIXES, *YAML_SUFFIXES)


def _walk_into(folder: str, found: list[str], refused: list[tuple[Path, str]]) -> None:
    """Add the record files under `folder` to `found`, in the order paths sort (by their
    parts: a folder's files among its folders, by name), and the linked folders to
    `refused`. One listing per folder, and no status of any file: the kind of each entry
    comes with the listing."""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (entry for entry in listing if not entry.name.startswith(".")),
                key=lambda entry: entry.name,
            )
    except OSError:
        return
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder and entry.is_symlink():
            refused.append((Path(prefix + entry.name), _(LINK_REFUSAL)))
        elif is_folder:
            _walk_into(prefix + entry.name, found, refused)
        elif entry.name.endswith(_RECORD_SUFFIXES):
            found.append(prefix + entry.name)


def _read_settings(collector: _Collector, root: Path) -> Located[Settings] | None:
    """The settings, read with the default size limit; the limit they set holds after."""
    located = _locate_single(collector, root / SETTINGS_FILE, Settings)
    if located is not None:
        collector.max_bytes = located.record.max_file_bytes
    return located


def _locate_single(
    collector: _Collector, path: Path, model: type[ModelT]
) -> Located[ModelT] | None:
    """A one-record file, with its place, so that a problem found later names its line."""
    if not os.path.lexists(path):
        collector.missing(path)
        return None
    parsed = collector.parse(path, None)
    if parsed is None:
        return None
    # A field found nowhere (a missing one) is placed on the first line, as every other
    # problem of the file has a line: then they sort together.
    record = collector.validate(model, parsed.document, path, 1, parsed.line_of)
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
    from aidledger.engine.charter_terms import unknown_change_minimums
    from aidledger.engine.rules import unknown_minimums

    return [
        Problem(
            at(*where), ".".join(map(str, where)) + ": " + _("this warning has no such minimum")
        )
        for where in (*unknown_minimums(charter), *unknown_change_minimums(charter))
    ]


def load_charter(root: Path) -> Charter:
    """The charter alone, or a DataError naming its problems: what the `charter` commands read."""
    collector = _Collector(root)
    charter = _load_charter(collector, root / CHARTER_FILE)
    if collector.problems or charter is None:
        raise DataError(tuple(sorted(collector.problems)))
    return charter


def _load_tables(
    collector: _Collector, path: str | Path, kind: str, model: type[ModelT]
) -> Iterator[Located[ModelT]]:
    """The valid records of a file, each problem of the others collected on its line."""
    if kind == "member" and not os.path.lexists(path):
        collector.missing(path)
        return
    tables = _tables(collector, path, kind)
    name = collector.relative(path)
    for index, (fields, line, line_of) in enumerate(tables):
        record = collector.validate(model, fields, path, line, line_of)
        if record is not None:
            yield Located(record, Location(name, line if line is not None else index + 1), line_of)
        elif isinstance(key := fields.get(_KEY_FIELD[kind]), str) and _KEY_PATTERN[kind].match(key):
            collector.invalid_keys.setdefault(kind, set()).add(key)
        else:
            # With its key missing or unusable ("Maya"), the record that could not be read
            # may be the one any reference points at: none is called unknown.
            collector.unread_kinds.add(kind)


Table = tuple[dict[str, Any], int | None, LineFinder]


def _tables(collector: _Collector, path: str | Path, kind: str) -> list[Table]:
    """A file's tables of one kind, as parsed.

    A record file that cannot be read (a broken link, a folder named like a file) is
    reported by parse, never skipped in silence.
    """
    parsed = collector.parse(path, kind, allow_empty=kind == "member")
    if parsed is None:
        return []
    return [(table.fields, table.line, table.line_of) for table in parsed.tables]


def check_charter_text(text: str, name: str) -> Charter:
    """A charter template's text, validated, or a DataError naming its problems."""
    collector = _Collector(Path.cwd())
    try:
        parsed = parse_file(text, name, None)
    except ParseError as error:
        raise DataError((error.problem,), summary=_in_charter(1, name)) from None
    charter = collector.validate(Charter, parsed.document, Path(name), 1, parsed.line_of)
    located = Located(charter, Location(name), parsed.line_of) if charter else None
    problems = _unknown_minimums(charter, located.at) if charter and located else []
    if charter is None or problems:
        found = (*collector.problems, *problems)
        raise DataError(found, summary=_in_charter(len(found), name))
    return charter


def _in_charter(count: int, name: str) -> str:
    # Translators: {name} is the file of a charter template.
    return ngettext(
        "{count} problem in the charter {name}", "{count} problems in the charter {name}", count
    ).format(count=count, name=name)


def record_from_input(
    model: type[ModelT], fields: dict[str, Any], options: Mapping[str, str] | None = None
) -> ModelT:
    """A record built from command-line values, or a UsageError naming every bad one, by
    the option or argument that gave it (`options`: field name -> `--tag`) where known."""
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        details = [
            _from_option(detail, options or {}) for detail in error.errors(include_url=False)
        ]
        raise UsageError("; ".join(details)) from None


def _from_option(detail: Any, options: Mapping[str, str]) -> str:
    """A problem with a value typed on the command line, said of its option: `--tag: ...`,
    not `tags.0: ...`."""
    loc = field_path(tuple(detail["loc"]))
    return describe(detail, options.get(str(loc[0])) if loc else None)
