"""A cache of validated records, so that a long history is not read again on every run.

It lives in `.aidledger/` at the data root, whose `.gitignore` keeps it out of git: it is
never committed. The whole cache is used only by the code that wrote it: its key is a
digest of the version, of pydantic's version and of the sources that shape a record (the
parser, the reader, this cache, its codec and the models). An entry is used while its
file keeps the same size, inode and modification time; entries written within two
seconds of their file's change are not kept (a file changed again in the same tick would
look unchanged, as git knows). A fresh checkout gives every file a new inode and time:
then an entry is used if its file has the same size and the same bytes (a digest of
them is kept), so that CI can keep `.aidledger/` between runs (the GitHub Action does).

Only files whose every record was valid are kept, as plain data (`store/codec.py`): the
records are rebuilt from it without being validated again. It is read with an unpickler
that can build nothing but dates, so a planted cache file cannot run code. A
`.aidledger` that is a link, or a cache file that is not a regular file, means no cache
at all: nothing is read or written through a link. Any trouble with the cache means a
cache miss, never an error.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import io
import os
import pickle
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from aidledger import __version__

CACHE_DIR = ".aidledger"
CACHE_FILE = "records.pickle"
RACY_SECONDS = 2
# Each record of a file as plain data (store/codec.py), with the line of its table.
Records = tuple[tuple[tuple[Any, ...], int | None], ...]
Stamp = tuple[int, int, int, int, int]
# The records are None once released (see `RecordCache.release`).
Entry = tuple[Stamp, str, Records | None]


def shaping_sources() -> list[Path]:
    """The sources whose code decides what a cached record holds: the parser, the reader,
    this cache and its codec, and the models."""
    import aidledger.model
    from aidledger.store import codec, load, parse

    models = Path(aidledger.model.__file__).parent
    own = [parse.__file__, load.__file__, codec.__file__, __file__]
    return [*map(Path, own), *sorted(models.glob("*.py"))]


def code_digest() -> str | None:
    """A digest of the version and of the shaping sources' bytes; None if one cannot be read."""
    # A parser or schema change must not be served stale parses until the version is
    # bumped, so the cache is keyed by the code itself. Sources that cannot be read (a
    # zipped or bytecode-only install) leave no sound key: then there is no cache at all.
    try:
        from importlib.metadata import version

        from pydantic.version import VERSION
        from pydantic_core import __version__ as core_version

        # The parsers too: a new TOML or YAML reader may read the same bytes otherwise.
        readers = " ".join(version(name) for name in ("toml-rs", "PyYAML"))
        versions = f"{__version__} {sys.version} {VERSION} {core_version} {readers}"
        digest = hashlib.blake2b(versions.encode(), digest_size=16)
        for path in shaping_sources():
            source = path.read_bytes()
            digest.update(len(source).to_bytes(8, "big"))
            digest.update(source)
    except Exception:
        return None
    return digest.hexdigest()


@functools.cache
def code_key() -> str | None:
    """The cache's key, computed once per process: the code does not change while it runs."""
    return code_digest()


class _DatesOnly(pickle.Unpickler):
    """Builds plain data and dates; refuses every other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def stamp_of(path: str | Path) -> Stamp | None:
    """A regular file's stamp (`stamp_of_status`); None for a link or anything else."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return stamp_of_status(status)


def stamp_of_status(status: os.stat_result) -> Stamp:
    """What tells a file has not changed: its modification time, size, inode, status change
    time and device, as git's index compares them. An edit that keeps the size and sets the
    old modification time back (`touch -r`, a tarball of fixed times) still changes the
    status change time, which nobody can set."""
    return (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns, status.st_dev)


def _real_folder(folder: Path) -> bool:
    """True if the folder is a folder of its own, not a link to one (or nothing)."""
    try:
        return stat.S_ISDIR(folder.lstat().st_mode)
    except OSError:
        return False


def _open_regular(path: Path) -> io.BufferedReader:
    """A regular file opened to read, never through a link; OSError otherwise."""
    descriptor = os.open(
        path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
    except OSError:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb", buffering=1 << 16)  # type: ignore[return-value]


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _racy(stamp: Stamp, seen_at: int | None = None) -> bool:
    """Whether a file changed so shortly before it was looked at (`seen_at`, now if not
    given) that a change in the same tick would go unseen."""
    moment = time.time_ns() if seen_at is None else seen_at
    return moment - stamp[0] < RACY_SECONDS * 1_000_000_000


# Entries are written in chunks of this many files, each a pickle of its own: a long
# history's cache is then read, and written, without holding all of it at once.
CHUNK = 2048


class RecordCache:
    """The records of record files, keyed by their path relative to the data root.

    The file holds a header (the code's key) and then chunks of entries. `matching`
    reads it a chunk at a time for a run that reads the whole ledger; `entries` reads it
    whole, for the rest.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / CACHE_DIR / CACHE_FILE
        self._entries: dict[str, Entry] | None = None
        self.changed = False
        self.key = code_key()
        # Whether git tracks the cache file: asked once, when a file is known by its bytes.
        self._committed: bool | None = None

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = dict(self._items())
        return self._entries

    def _items(self) -> Iterator[tuple[str, Entry]]:
        """Each entry of the cache file shaped as this code writes them; others are left
        out, and a file with a malformed chunk is read up to it."""
        for chunk in self._chunks():
            for item in chunk:
                if not _well_formed(item):
                    return
                yield item

    def _chunks(self) -> Iterator[list[Any]]:
        """The cache file's chunks of entries, each checked against its digest; none if
        the file is not this code's, and none past a chunk that is damaged."""
        if self.key is None or not _real_folder(self.path.parent):
            return
        try:
            stream = _open_regular(self.path)
        except OSError:
            return
        with stream, contextlib.suppress(Exception):
            header = _DatesOnly(stream).load()
            if not isinstance(header, dict) or header.get("key") != self.key:
                return
            while stream.peek(1):
                digest, data = _DatesOnly(stream).load()
                if not isinstance(data, bytes) or content_digest(data) != digest:
                    return
                chunk = _DatesOnly(io.BytesIO(data)).load()
                if not isinstance(chunk, list):
                    return
                yield chunk

    def matching(self, paths: Mapping[str, str], max_bytes: int) -> Iterator[tuple[str, Records]]:
        """The records of each file named (key: its path) that the cache holds as they
        are, read a chunk at a time: a long history's cache is never held whole. The
        cache then knows these files only; the others are gone or to be read again."""
        self._entries = {}
        for key, entry in self._items():
            path = paths.get(key)
            stamp = stamp_of(path) if path is not None else None
            records = self._valid(key, entry, stamp, max_bytes)
            if records is None:
                self.changed = True
                continue
            if key not in self._entries:
                self._entries[key] = entry
            yield key, records

    def get(self, key: str, stamp: Stamp | None, max_bytes: int) -> Records | None:
        entry = self.entries.get(key)
        return self._valid(key, entry, stamp, max_bytes) if entry is not None else None

    def _valid(self, key: str, entry: Entry, stamp: Stamp | None, max_bytes: int) -> Records | None:
        """The records of an entry if its file is still what they were read from (and not
        larger than the size limit, which may have been lowered since)."""
        if stamp is None or stamp[1] > max_bytes:
            return None
        cached_stamp, digest, records = entry
        if records is None:
            return None  # released: read by this process already
        if cached_stamp == stamp:
            return records
        if cached_stamp[1] != stamp[1]:
            return None  # another size: other bytes, no need to read them
        return self._same_bytes(key, stamp, digest, records)

    def _same_bytes(self, key: str, stamp: Stamp, digest: str, records: Records) -> Records | None:
        """The records of a file with a new stamp but the bytes they were read from.

        This is how a cache restored into a fresh checkout serves (as CI keeps it), and so
        how a cache file committed to the repository would: a cache that git tracks came
        from someone else, not from reading these files here, and is not trusted.
        """
        if self._committed is None:
            from aidledger.store.git import is_tracked

            self._committed = is_tracked(self.root, f"{CACHE_DIR}/{CACHE_FILE}")
        if self._committed:
            return None
        path = self.root / key
        try:
            with _open_regular(path) as stream:
                same = content_digest(stream.read()) == digest
            if not same:
                return None
        except OSError:
            return None
        if stamp_of(path) == stamp and not _racy(stamp):
            # Unchanged while it was read: the next run knows it by its stamp again.
            self.entries[key] = (stamp, digest, records)
            self.changed = True
        return records

    def put(self, key: str, stamp: Stamp, digest: str, records: Records, seen_at: int) -> None:
        """Keep the records read from bytes of this digest, found by a file of this stamp
        (taken from the open file at `seen_at`, before its bytes were read: a change while
        reading gives the file another stamp, and the next run compares digests)."""
        if _racy(stamp, seen_at):
            return
        self.entries[key] = (stamp, digest, records)
        self.changed = True

    def release(self, key: str) -> None:
        """Let go of a file's records once they are rebuilt, so that a long history is not
        held twice in memory; `save` asks for them again if it writes the cache."""
        entry = self.entries.get(key)
        if entry is not None:
            self.entries[key] = (entry[0], entry[1], None)

    def save(self, released: Callable[[str], Records | None]) -> None:
        """Write the cache if it changed; a folder that cannot be written keeps no cache.

        `released` gives again the records of a file let go of (None: forget the file).
        When the command line asked for it (`written_in_background`), a copy of this
        process writes the cache while this one goes on, and the command waits for it at
        exit.
        """
        if not self.changed or self.key is None:
            return
        self.changed = False
        if _background and (writer := _fork()) is not None:
            if writer == 0:
                try:
                    # The copy holds only what it writes: not the command's lock (the lock
                    # of an open file is shared with a copy), nor its other files.
                    os.closerange(3, _MOST_FILES)
                    signal.signal(signal.SIGINT, signal.SIG_IGN)
                    self._write(released)
                finally:
                    os._exit(0)
            atexit.register(_wait_for, writer)
            return
        self._write(released)

    def _write(self, released: Callable[[str], Records | None]) -> None:
        from aidledger.store.files import PRIVATE_IGNORE, atomic_write_bytes

        with contextlib.suppress(Exception):
            folder = self.path.parent
            if folder.is_symlink():
                return
            folder.mkdir(exist_ok=True)
            if not _real_folder(folder):
                return
            ignore = folder / ".gitignore"
            if not ignore.is_symlink() and not ignore.exists():
                atomic_write_bytes(ignore, PRIVATE_IGNORE)
            atomic_write_bytes(self.path, self._pickled(released))

    def _pickled(self, released: Callable[[str], Records | None]) -> Iterator[bytes]:
        """The header, then each chunk of entries, the records let go of encoded again
        one chunk at a time."""
        yield pickle.dumps({"key": self.key}, protocol=pickle.HIGHEST_PROTOCOL)
        entries = list(self.entries.items())
        for start in range(0, len(entries), CHUNK):
            chunk = []
            for key, (stamp, digest, records) in entries[start : start + CHUNK]:
                kept = released(key) if records is None else records
                if kept is not None:
                    chunk.append((key, (stamp, digest, kept)))
            data = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
            # Each chunk with its digest: a damaged byte is a miss, never another record.
            yield pickle.dumps((content_digest(data), data), protocol=pickle.HIGHEST_PROTOCOL)


def _well_formed(item: Any) -> bool:
    """An entry as this code writes it: a key, and a stamp, a digest and records."""
    if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
        return False
    entry = item[1]
    return (
        isinstance(entry, tuple)
        and len(entry) == 3
        and isinstance(entry[0], tuple)
        and len(entry[0]) == 5
        and all(type(part) is int for part in entry[0])
        and isinstance(entry[1], str)
        and isinstance(entry[2], tuple)
        and all(
            isinstance(record, tuple)
            and len(record) == 2
            and isinstance(record[0], tuple)
            and (record[1] is None or type(record[1]) is int)
            for record in entry[2]
        )
    )


_background = False


@contextlib.contextmanager
def written_in_background() -> Iterator[None]:
    """Within it, the cache is written by a copy of the process (on Linux), while the
    command computes and prints its output: on a cold run of a long history, the records
    are encoded and written while the report is made. The command line's `main` only."""
    global _background  # noqa: PLW0603 (one switch, for the command being run)
    _background = True
    try:
        yield
    finally:
        _background = False


def _fork() -> int | None:
    """A copy of this process (0 in the copy, its id in this one); None where forking is
    not safe (outside Linux) or fails."""
    if sys.platform != "linux":
        return None
    try:
        return os.fork()
    except OSError:
        return None


# File descriptors above this are not closed in the cache's writer (none is open there).
_MOST_FILES = 1 << 16


def _wait_for(writer: int) -> None:
    """Wait at exit for the copy writing the cache; on Ctrl-C, stop it (the cache stays as
    it was: the write is atomic) and end as an interrupted command does."""
    try:
        os.waitpid(writer, 0)
    except OSError:
        pass
    except KeyboardInterrupt:
        with contextlib.suppress(OSError):
            os.kill(writer, signal.SIGTERM)
            os.waitpid(writer, 0)
        os._exit(130)


def caching_enabled() -> bool:
    """`AIDLEDGER_NO_CACHE=1` reads every file afresh and writes no cache."""
    return os.environ.get("AIDLEDGER_NO_CACHE", "") in ("", "0")
