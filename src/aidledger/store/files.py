"""Reading text and the one atomic writer: a temporary file in the same folder, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aidledger.errors import StoreError


def read_text(path: Path) -> str:
    """A file's text as UTF-8, or a StoreError naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read ({error.strerror})") from None


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def make_folder(folder: Path) -> None:
    """Create a folder and its parents, or say which part of the way is not a folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next(
            (part for part in (folder, *folder.parents) if part.exists() and not part.is_dir()),
            folder,
        )
        raise StoreError(f"{blocking}: is a file, where a folder is needed") from None
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the folder ({error.strerror})") from None


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    With `exclusive`, refuse to replace a file that is already there.
    """
    atomic_write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def atomic_write_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """The one atomic writer: a temporary file in the same folder, fsync, then rename."""
    make_folder(path.parent)
    try:
        if exclusive and path.exists():
            raise StoreError(f"{path}: already exists; nothing was written")
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            Path(temporary).chmod(_mode_for(path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if exclusive:
                # link() fails if the target appeared meanwhile, unlike replace().
                os.link(temporary, path)
            else:
                Path(temporary).replace(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                Path(temporary).unlink()
    except FileExistsError:
        raise StoreError(f"{path}: already exists; nothing was written") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot write ({error.strerror})") from None


def append_text(path: Path, text: str) -> None:
    """Append to a file that others write too, such as GitHub's step summary."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise StoreError(f"{path}: cannot append ({error.strerror})") from None
