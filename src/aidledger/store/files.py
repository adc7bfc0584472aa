"""Reading text, and the one atomic writer: a temporary file out of git's sight, then rename."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aidledger.errors import StoreError
from aidledger.i18n import _

PRIVATE_DIR = ".aidledger"
TEMPORARY_DIR = "tmp"
# What git does with `.aidledger/`: it ignores aidledger's own files (the cache, the lock,
# temporary files) and lets the schemas editors read through, committed with the ledger.
PRIVATE_IGNORE = (
    b"# aidledger's own files (cache, lock, temporary files): never committed.\n"
    b"# The schemas editors read (schema/) are committed with the ledger.\n"
    b"*\n!.gitignore\n!schema/\n!schema/*.schema.json\n"
)
# What aidledger wrote there before the schemas were committed: replaced by the above.
_OLDER_IGNORES = (
    b"# aidledger's own files (cache, lock, temporary files): never committed.\n*\n",
    b"# aidledger's cache: never committed.\n*\n",
)


def read_text(path: Path, *, exact: bool = False) -> str:
    """A file's text as UTF-8, or a StoreError naming the file.

    With `exact`, line endings stay as written (CRLF stays CRLF), as an edit needs them.
    """
    try:
        with path.open(encoding="utf-8", newline="" if exact else None) as stream:
            return stream.read()
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{path}: " + _("not UTF-8 text ({reason})").format(reason=error.reason)
        ) from None
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot read ({reason})").format(reason=error.strerror)
        ) from None


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
        raise StoreError(f"{blocking}: " + _("is a file, where a folder is needed")) from None
    except OSError as error:
        raise StoreError(
            f"{folder}: " + _("cannot create the folder ({reason})").format(reason=error.strerror)
        ) from None


def unresolved(path: Path) -> Path:
    """`path` made absolute and normal, its links not followed (resolve() would follow
    them, and name where they lead)."""
    return Path(os.path.normpath(path.absolute()))


def link_path(path: Path) -> str:
    """A path as people want it, relative to the current folder when inside it, and never
    through the links on the way (a link is named as the link it is)."""
    absolute = unresolved(path)
    here = Path.cwd()
    return absolute.relative_to(here).as_posix() if absolute.is_relative_to(here) else str(path)


def refuse_links(root: Path, path: Path) -> None:
    """Refuse a path that leaves the data root or passes through a symbolic link inside it.

    A link (say `exchanges/` pointing elsewhere) would make a write land outside the data
    folder, where git does not see it.
    """
    relative = os.path.relpath(path, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise StoreError(
            f"{path}: "
            + _("is outside the data folder {root}; nothing was written").format(root=root)
        )
    current = root
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            raise StoreError(
                f"{link_path(current)}: "
                + _(
                    "is a symbolic link; aidledger writes only inside the data folder,"
                    " never through a link; nothing was written"
                ),
                hint=_("replace the link with the folder or file itself"),
            )


def private_folder(root: Path) -> Path:
    """`.aidledger/` at the data root, made if needed, with the `.gitignore` that keeps all
    but the schemas out of git (PRIVATE_IGNORE; an older one is brought up to date)."""
    folder = root / PRIVATE_DIR
    refuse_links(root, folder)
    make_folder(folder)
    ignore = folder / ".gitignore"
    refuse_links(root, ignore)
    try:
        # Empty only if a process was killed between creating it and writing it.
        if not ignore.exists() or ignore.read_bytes() in (b"", *_OLDER_IGNORES):
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
            with os.fdopen(os.open(ignore, flags, 0o666), "wb") as stream:
                stream.write(PRIVATE_IGNORE)
    except OSError as error:
        raise StoreError(
            f"{ignore}: " + _("cannot write ({reason})").format(reason=error.strerror)
        ) from None
    return folder


def temporary_folder(root: Path) -> Path:
    """Where writes under `root` keep their temporary files: git ignores it, and rename works."""
    folder = private_folder(root) / TEMPORARY_DIR
    refuse_links(root, folder)
    make_folder(folder)
    return folder


def atomic_write(
    path: Path, text: str, *, root: Path | None = None, exclusive: bool = False
) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    With `root` (the data root), the temporary file goes to `.aidledger/tmp/` and no
    symbolic link on the way is followed. With `exclusive`, refuse to replace a file that
    is already there.
    """
    atomic_write_bytes(path, text.encode("utf-8"), root=root, exclusive=exclusive)


def atomic_write_bytes(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    root: Path | None = None,
    exclusive: bool = False,
) -> None:
    """The one atomic writer: a locked temporary file, fsync, then rename (or link).

    `data` is the bytes, or pieces of them written one after the other (so that a large
    file need not be held whole in memory).
    """
    if root is not None:
        refuse_links(root, path)
    make_folder(path.parent)
    try:
        if exclusive and path.exists():
            raise StoreError(f"{path}: " + _("already exists; nothing was written"))
        folder = temporary_folder(root) if root is not None else path.parent
        handle, temporary = _claimed_temporary(folder, path.name)
        try:
            temporary.chmod(_mode_for(path))
            with os.fdopen(handle, "wb") as stream:
                for piece in (data,) if isinstance(data, bytes) else data:
                    stream.write(piece)
                stream.flush()
                os.fsync(stream.fileno())
                # The rename (or link) happens while the temporary file is still locked,
                # so `check` never takes it for one left by a killed process.
                if exclusive:
                    # link() fails if the target appeared meanwhile, unlike replace().
                    os.link(temporary, path)
                else:
                    temporary.replace(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    except FileExistsError:
        raise StoreError(f"{path}: " + _("already exists; nothing was written")) from None
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot write ({reason})").format(reason=error.strerror)
        ) from None


def _claimed_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new temporary file, locked for as long as the writer lives.

    `check` removes the temporary files it can lock; if it removed this one between its
    creation and its lock, the file has no name left, and another one is made.
    """
    while True:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_nlink > 0:
            return handle, Path(temporary)
        os.close(handle)


@dataclass(frozen=True)
class StaleTemporary:
    """A temporary file that no living writer holds, and whether it could be removed."""

    path: Path
    error: str | None = None


def remove_stale_temporaries(root: Path) -> list[StaleTemporary]:
    """Remove the temporary files in `.aidledger/` that no writer holds any more.

    They are what a write killed half-way leaves behind: those of `.aidledger/tmp/`, and
    those the cache writes beside itself. A living writer keeps a lock on its temporary
    file, so a file that can be locked is stale, whatever its age.
    """
    private = root / PRIVATE_DIR
    temporary = private / TEMPORARY_DIR
    if private.is_symlink() or not private.is_dir():
        return []
    try:
        found = [path for path in private.iterdir() if _is_temporary_name(path.name)]
        if temporary.is_dir() and not temporary.is_symlink():
            found += temporary.iterdir()
    except OSError:
        return []
    return [stale for path in sorted(found) if (stale := _remove_if_unheld(path)) is not None]


def _is_temporary_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def _remove_if_unheld(path: Path) -> StaleTemporary | None:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        path.unlink()
    except (FileNotFoundError, BlockingIOError):
        # Gone meanwhile, or held by a writer that is still at work.
        return None
    except OSError as error:
        return StaleTemporary(path, error.strerror)
    finally:
        os.close(handle)
    return StaleTemporary(path)


def append_text(path: Path, text: str) -> None:
    """Append to a file that others write too, such as GitHub's step summary."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot append ({reason})").format(reason=error.strerror)
        ) from None
