"""Record files in the writer's own form: `fmt` rewrites them so, `pack` folds a year into one.

A formatter never loses what a person wrote: a file that holds comments is left as it is
(and named), unless its comments are given up on purpose (`drop_comments`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel

from aidledger.errors import DataError, Location, Problem, RefusedError, StoreError, UsageError
from aidledger.i18n import _, format_list
from aidledger.model.records import Exchange
from aidledger.store.files import atomic_write, link_path, read_text, refuse_links
from aidledger.store.load import (
    EXCHANGES_DIR,
    RECORD_FOLDERS,
    _Collector,
    _load_tables,
    _read_settings,
)
from aidledger.store.parse import BOM, YAML_SUFFIXES
from aidledger.store.schema_files import record_directive, split_directive
from aidledger.store.write import canonical_text

PACK_SUFFIXES = (".toml", ".yaml", ".yml")


@dataclass(frozen=True)
class RecordFile:
    """A record file, read and valid: its text now, and its text in the canonical form."""

    path: Path
    kind: str
    records: tuple[BaseModel, ...]
    text: str
    canonical: str
    has_comments: bool

    @property
    def canonical_already(self) -> bool:
        # The schema directive is the writer's, but a file written by hand without it is
        # still in the writer's form: `fmt --check` does not ask for it.
        return self.text in (self.canonical, split_directive(self.canonical)[1])

    @property
    def is_yaml(self) -> bool:
        return self.path.suffix in YAML_SUFFIXES


@dataclass(frozen=True)
class FormatPlan:
    """What `fmt` finds: files to rewrite, files kept for their comments, and how many in all."""

    to_rewrite: tuple[RecordFile, ...]
    kept_for_comments: tuple[RecordFile, ...]
    count: int


def storage_of(path: Path) -> str:
    """`yaml` for a .yaml or .yml file, `toml` otherwise: a file keeps its own language."""
    return "yaml" if path.suffix in YAML_SUFFIXES else "toml"


def _read_files(
    collector: _Collector, paths: Sequence[tuple[Path, str, type[BaseModel]]]
) -> list[RecordFile]:
    """Each file's valid records and texts; every problem is collected, then raised at once."""
    found = []
    for path, kind, model in paths:
        known = len(collector.problems)
        records = tuple(located.record for located in _load_tables(collector, path, kind, model))
        if len(collector.problems) > known:
            continue  # refused below, with the problems of every other file
        text = read_text(path, exact=True)
        directive = record_directive(collector.root, path, kind)
        canonical = directive + canonical_text(kind, records, storage_of(path))
        found.append(
            RecordFile(path, kind, records, text, canonical, has_comments(text, storage_of(path)))
        )
    if collector.problems:
        raise DataError(tuple(sorted(collector.problems)))
    return found


def plan_format(root: Path) -> FormatPlan:
    """Read every record file; refuse them all (with `path:line` problems) if one is invalid."""
    collector = _Collector(root)
    _read_settings(collector, root)
    paths = [
        (path, kind, model)
        for folder, kind, model in RECORD_FOLDERS
        for path in map(Path, collector.record_files(root / folder, kind))
    ]
    files = _read_files(collector, paths)
    changed = [item for item in files if not item.canonical_already]
    return FormatPlan(
        to_rewrite=tuple(item for item in changed if not item.has_comments),
        kept_for_comments=tuple(item for item in changed if item.has_comments),
        count=len(files),
    )


def rewrite(root: Path, files: Sequence[RecordFile]) -> None:
    """Write each file's canonical text in its place, atomically, file by file.

    A file that changed since it was read is refused, not overwritten; commands call this
    under the data folder's lock.
    """
    for item in files:
        if read_text(item.path, exact=True) != item.text:
            raise StoreError(
                f"{item.path}: " + _("changed while it was being formatted; run it again")
            )
        atomic_write(item.path, item.canonical, root=root)


# --- comments ----------------------------------------------------------------------------


def has_comments(text: str, storage: str) -> bool:
    """Whether a valid TOML or YAML text holds a comment, which the canonical form would drop."""
    text = split_directive(text.removeprefix(BOM))[1]
    return _yaml_has_comments(text) if storage == "yaml" else _toml_has_comments(text)


def _toml_has_comments(text: str) -> bool:
    """In valid TOML, a `#` outside every string starts a comment."""
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "#":
            return True
        if char in "\"'":
            index = _after_toml_string(text, index)
            continue
        index += 1
    return False


def _after_toml_string(text: str, start: int) -> int:
    """The index just after the string that opens at `start` (basic or literal, one line or
    many); a basic string's backslash escapes the character after it."""
    quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
    index = start + len(quote)
    while index < len(text):
        if quote[0] == '"' and text[index] == "\\":
            index += 2
        elif text.startswith(quote, index):
            return index + len(quote)
        else:
            index += 1
    return index


def _yaml_has_comments(text: str) -> bool:
    """In YAML, comments lie between tokens, or after a block scalar's `|` or `>`."""
    end = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start = token.start_mark.index
            if "#" in text[end:start]:
                return True
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                header = text[start : text.find("\n", start) % (len(text) + 1)]
                if "#" in header:
                    return True
            end = max(end, token.end_mark.index)
    except yaml.YAMLError:
        return True
    return "#" in text[end:]


# --- pack --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    """A year folded into one file: where, the records in order, and the files folded in."""

    target: Path
    records: tuple[Exchange, ...]
    sources: tuple[RecordFile, ...]
    existing: RecordFile | None
    dropped_comments: tuple[Path, ...]


def plan_pack(root: Path, year: int, storage: str, *, drop_comments: bool = False) -> Pack:
    """The pack of `exchanges/YEAR/`: every record of its files, with those of an existing
    `exchanges/YEAR.toml` (or .yaml), sorted by date and id. Nothing is written."""
    folder = root / EXCHANGES_DIR / str(year)
    existing = [
        path
        for suffix in PACK_SUFFIXES
        if os.path.lexists(path := root / EXCHANGES_DIR / f"{year}{suffix}")
    ]
    if len(existing) > 1:
        names = format_list([str(path) for path in existing])
        raise RefusedError(
            _("{files} both exist; merge them by hand into one, then pack again").format(
                files=names
            )
        )
    collector = _Collector(root)
    _read_settings(collector, root)
    paths = [(path, "exchange", Exchange) for path in existing]
    paths += [
        (Path(path), "exchange", Exchange) for path in collector.record_files(folder, "exchange")
    ]
    if len(paths) == len(existing):
        raise UsageError(
            _("no exchange files under {folder}; nothing to pack").format(folder=link_path(folder)),
            hint=_("`aidledger pack YEAR` folds exchanges/YEAR/MM/*.toml into exchanges/YEAR.toml"),
        )
    files = _read_files(collector, paths)
    commented = tuple(item.path for item in files if item.has_comments)
    if commented and not drop_comments:
        raise RefusedError(
            _(
                "these files hold comments, which the pack would lose: {files}; nothing was written"
            ).format(files=", ".join(link_path(path) for path in commented)),
            hint=_("move the comments elsewhere, or pass --drop-comments to pack anyway"),
        )
    target = existing[0] if existing else root / EXCHANGES_DIR / f"{year}.{storage}"
    records = _merged(files, target)
    return Pack(
        target=target,
        records=tuple(sorted(records, key=lambda record: (record.date, record.id))),
        sources=tuple(item for item in files if item.path != target),
        existing=next((item for item in files if item.path == target), None),
        dropped_comments=commented,
    )


def _merged(files: Sequence[RecordFile], target: Path) -> list[Exchange]:
    """The records of every file, once each.

    A record found both in the pack and, unchanged, in a month file is what a pack stopped
    half-way leaves (the pack written, the month files not yet removed): it is kept once.
    Any other id found twice is refused.
    """
    seen: dict[str, tuple[Exchange, Path]] = {}
    problems = []
    for item in files:
        for record in item.records:
            assert isinstance(record, Exchange)
            earlier = seen.get(record.id)
            if earlier is None:
                seen[record.id] = (record, item.path)
            elif earlier[0] != record or target not in (earlier[1], item.path):
                problems.append(
                    Problem(
                        Location(str(item.path)),
                        _("exchange {id} is also in {file}; keep one of the two").format(
                            id=repr(record.id), file=earlier[1]
                        ),
                    )
                )
    if problems:
        raise DataError(tuple(sorted(problems)))
    return [record for record, _ in seen.values()]


def write_pack(root: Path, pack: Pack) -> None:
    """Write the pack, then remove the files folded into it, then their empty folders.

    The pack is written first: if the command is stopped after it, the month files are
    still there, and packing again keeps each of their records once.
    """
    read = (*pack.sources, *((pack.existing,) if pack.existing is not None else ()))
    for item in read:
        if read_text(item.path, exact=True) != item.text:
            raise StoreError(
                f"{item.path}: " + _("changed while it was being packed; run it again")
            )
    directive = record_directive(root, pack.target, "exchange")
    text = directive + canonical_text("exchange", pack.records, storage_of(pack.target))
    atomic_write(pack.target, text, root=root)
    folders: set[Path] = set()
    for item in pack.sources:
        refuse_links(root, item.path)
        try:
            item.path.unlink()
        except OSError as error:
            raise StoreError(
                f"{item.path}: " + _("cannot remove ({reason})").format(reason=error.strerror)
            ) from None
        folders.update(item.path.parents)
    year_folder = pack.target.with_suffix("")
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        if folder == year_folder or year_folder in folder.parents:
            _remove_if_empty(folder)


def _remove_if_empty(folder: Path) -> None:
    # A folder that still holds something (a README, a hidden file) stays.
    with contextlib.suppress(OSError):
        folder.rmdir()
