"""A cache of validated records, so that a long history is not read again on every run.

It lives in `.aidledger/` at the data root, which holds a `.gitignore` of its own: it is
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
import stat
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from aidledger import __version__

CACHE_DIR = ".aidledger"
CACHE_FILE = "records.pickle"
RACY_SECONDS = 2
# Each record of a file as plain data (store/codec.py), with the line of its table.
Records = tuple[tuple[tuple[Any, ...], int | None], ...]
Stamp = tuple[int, int, int]
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
        from pydantic.version import VERSION, version_short
        from pydantic_core import __version__ as core_version

        versions = f"{__version__} {VERSION} {version_short()} {core_version}"
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
    """A regular file's modification time, size and inode; None for a link or anything else."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _real_folder(folder: Path) -> bool:
    """True if the folder is a folder of its own, not a link to one (or nothing)."""
    try:
        return stat.S_ISDIR(folder.lstat().st_mode)
    except OSError:
        return False


def _read_regular(path: Path) -> bytes:
    """A regular file's bytes, never read through a link; OSError otherwise."""
    descriptor = os.open(
        path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(descriptor)


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _racy(stamp: Stamp) -> bool:
    """Whether a file changed so recently that a change in the same tick would go unseen."""
    return time.time_ns() - stamp[0] < RACY_SECONDS * 1_000_000_000


class RecordCache:
    """The records of record files, keyed by their path relative to the data root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / CACHE_DIR / CACHE_FILE
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self.key = code_key()
        self._load()

    def _load(self) -> None:
        if self.key is None:
            return
        if not _real_folder(self.path.parent):
            return
        with contextlib.suppress(Exception):
            document = _DatesOnly(io.BytesIO(_read_regular(self.path))).load()
            if isinstance(document, dict) and document.get("key") == self.key:
                entries = document.get("entries")
                if isinstance(entries, dict):
                    self.entries = entries

    def get(self, key: str, stamp: Stamp | None) -> Records | None:
        entry = self.entries.get(key)
        if entry is None or stamp is None:
            return None
        try:
            cached_stamp, digest, records = entry
            if records is None:
                return None  # released: read by this process already
            if tuple(cached_stamp) == stamp:
                return records
            if cached_stamp[1] != stamp[1]:
                return None  # another size: other bytes, no need to read them
        except Exception:
            return None
        return self._same_bytes(key, stamp, digest, records)

    def _same_bytes(self, key: str, stamp: Stamp, digest: str, records: Records) -> Records | None:
        """The records of a file with a new stamp but the bytes they were read from."""
        path = self.root / key
        try:
            if content_digest(_read_regular(path)) != digest:
                return None
        except OSError:
            return None
        if stamp_of(path) == stamp and not _racy(stamp):
            # Unchanged while it was read: the next run knows it by its stamp again.
            self.entries[key] = (stamp, digest, records)
            self.changed = True
        return records

    def put(self, key: str, stamp: Stamp, digest: str, records: Records) -> None:
        """Keep the records read from bytes of this digest, found by a file of this stamp
        (taken from the open file before its bytes were read: a change while reading gives
        the file another stamp, and the next run compares digests)."""
        if _racy(stamp):
            return
        self.entries[key] = (stamp, digest, records)
        self.changed = True

    def release(self, key: str) -> None:
        """Let go of a file's records once they are rebuilt, so that a long history is not
        held twice in memory; `save` asks for them again if it writes the cache."""
        entry = self.entries.get(key)
        if entry is not None:
            self.entries[key] = (entry[0], entry[1], None)

    def keep_only(self, keys: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow without end."""
        gone = set(self.entries) - keys
        for key in gone:
            del self.entries[key]
        self.changed = self.changed or bool(gone)

    def save(self, released: Callable[[str], Records | None]) -> None:
        """Write the cache if it changed; a folder that cannot be written keeps no cache.

        `released` gives again the records of a file let go of (None: forget the file).
        When the command line asked for it (`write_in_background`), a copy of this process
        writes the cache while this one goes on, and the command waits for it at exit.
        """
        if not self.changed or self.key is None:
            return
        self.changed = False
        if _background and (writer := _fork()) is not None:
            if writer == 0:
                try:
                    self._write(released)
                finally:
                    os._exit(0)
            atexit.register(_wait_for, writer)
            return
        self._write(released)

    def _write(self, released: Callable[[str], Records | None]) -> None:
        for key, (stamp, digest, records) in list(self.entries.items()):
            if records is None:
                again = released(key)
                if again is None:
                    del self.entries[key]
                else:
                    self.entries[key] = (stamp, digest, again)
        from aidledger.store.files import atomic_write_bytes

        with contextlib.suppress(Exception):
            folder = self.path.parent
            if folder.is_symlink():
                return
            folder.mkdir(exist_ok=True)
            if not _real_folder(folder):
                return
            ignore = folder / ".gitignore"
            if not ignore.is_symlink() and not ignore.exists():
                atomic_write_bytes(ignore, b"# aidledger's cache: never committed.\n*\n")
            data = pickle.dumps(
                {"key": self.key, "entries": self.entries}, protocol=pickle.HIGHEST_PROTOCOL
            )
            atomic_write_bytes(self.path, data)


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


def _wait_for(writer: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(writer, 0)


def caching_enabled() -> bool:
    """`AIDLEDGER_NO_CACHE=1` reads every file afresh and writes no cache."""
    return os.environ.get("AIDLEDGER_NO_CACHE", "") in ("", "0")
