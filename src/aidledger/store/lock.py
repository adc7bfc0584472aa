"""The lock of a data folder: every command that edits a file already there holds it.

Editing is read, change, write; two commands doing it at once would each write their
own change over the other's. The lock is an `flock` on `.aidledger/lock`, so the system
releases it when its holder ends, even when killed: a lock is never left behind.
Commands that only create new files (`log`, `thanks`) need none.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aidledger.errors import StoreError
from aidledger.i18n import _, format_number
from aidledger.store.files import private_folder, refuse_links

LOCK_FILE = "lock"
WAIT_SECONDS = 10.0
_FIRST_PAUSE = 0.005
_LONGEST_PAUSE = 0.1


@contextmanager
def edit_lock(root: Path) -> Iterator[None]:
    """Hold the data folder's lock for the block, waiting up to WAIT_SECONDS for it."""
    path = private_folder(root) / LOCK_FILE
    refuse_links(root, path)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot open the lock ({reason})").format(reason=error.strerror)
        ) from None
    try:
        _wait_for(handle, path)
        yield
    finally:
        os.close(handle)


def _wait_for(handle: int, path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    pause = _FIRST_PAUSE
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as error:
            raise StoreError(
                f"{path}: " + _("cannot take the lock ({reason})").format(reason=error.strerror)
            ) from None
        if time.monotonic() >= deadline:
            raise StoreError(
                _(
                    "another aidledger command has been editing this ledger for {seconds}"
                    " seconds (it holds {path}); nothing was changed"
                ).format(seconds=_seconds(WAIT_SECONDS), path=path),
                hint=_("try again once it is done"),
            )
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)


def _seconds(seconds: float) -> str:
    """`10` or `0.2`, as people read a number of seconds (`0,2` in French)."""
    shown = f"{seconds:g}"
    return format_number(seconds, len(shown.partition(".")[2]))
