"""Every write is atomic: a failure at any step leaves the old file whole and no temporary file."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from aidledger.errors import StoreError
from aidledger.store.files import atomic_write
from tests.cli.helpers import logged_id, snapshot
from tests.conftest import Run

OLD = '[[member]]\nhandle = "alice"\njoined = 2026-01-05\n'
NEW = OLD + '\n[[member]]\nhandle = "bob"\njoined = 2026-01-05\n'


def fail_with(error: BaseException) -> Callable[..., None]:
    def failing(*args: object, **kwargs: object) -> None:
        raise error

    return failing


DISK_FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "members.toml").write_text(OLD)
    return folder


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failed_replace_keeps_the_old_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """A write that fails while syncing or renaming leaves the old text and nothing else."""
    monkeypatch.setattr(os, step, fail_with(DISK_FULL))
    with pytest.raises(
        StoreError, match=r"members\.toml: cannot write \(No space left on device\)"
    ):
        atomic_write(folder / "members.toml", NEW)
    assert snapshot(folder) == {"members.toml": OLD.encode()}


def test_failed_write_of_the_text(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure in the middle of writing the text leaves the old file and no temporary one."""
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, stream: IO[str]) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, text: str) -> int:
            self.stream.write(text[: len(text) // 2])
            self.stream.flush()
            raise DISK_FULL

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    with pytest.raises(StoreError, match="cannot write"):
        atomic_write(folder / "members.toml", NEW)
    assert snapshot(folder) == {"members.toml": OLD.encode()}


def test_failed_link_of_a_new_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new record whose final link fails is not there at all, and no temporary file is."""
    monkeypatch.setattr(os, "link", fail_with(DISK_FULL))
    target = folder / "exchanges" / "2026" / "03" / "2026-03-02-alice-bob-a1b2c3.toml"
    with pytest.raises(StoreError, match="cannot write"):
        atomic_write(target, "[[exchange]]\n", exclusive=True)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []
    assert snapshot(folder) == {"members.toml": OLD.encode()}


def test_exclusive_never_replaces(folder: Path) -> None:
    """An exclusive write refuses a file that is already there and leaves it as it was."""
    with pytest.raises(StoreError, match="already exists; nothing was written"):
        atomic_write(folder / "members.toml", NEW, exclusive=True)
    assert snapshot(folder) == {"members.toml": OLD.encode()}


def test_interrupted_write(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of a write removes the temporary file; the old one stays."""
    monkeypatch.setattr(os, "fsync", fail_with(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        atomic_write(folder / "members.toml", NEW)
    assert snapshot(folder) == {"members.toml": OLD.encode()}


def test_success_writes_the_new_text_and_keeps_the_mode(folder: Path) -> None:
    """A successful write replaces the text and keeps the file's permissions."""
    path = folder / "members.toml"
    path.chmod(0o640)
    atomic_write(path, NEW)
    assert path.read_text() == NEW
    assert path.stat().st_mode & 0o777 == 0o640
    assert snapshot(folder) == {"members.toml": NEW.encode()}


def test_cli_member_add_failing_to_write(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`member add` that cannot write exits 2 with a sentence; members.toml is unchanged."""
    before = snapshot(ledger)
    monkeypatch.setattr(os, "replace", fail_with(DISK_FULL))
    result = run("member", "add", "dora")
    assert result.exit_code == 2
    assert "members.toml: cannot write (No space left on device)" in result.stderr
    assert snapshot(ledger) == before


def test_cli_log_failing_to_write(ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """`log` that cannot link its new file exits 2 and leaves no file under exchanges/."""
    before = snapshot(ledger)
    monkeypatch.setattr(os, "link", fail_with(DISK_FULL))
    result = run("log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert snapshot(ledger) == before


def test_cli_log_interrupted(ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while `log` writes: exit 130, 'nothing was written', and truly nothing is."""
    before = snapshot(ledger)
    monkeypatch.setattr(os, "fsync", fail_with(KeyboardInterrupt()))
    result = run("log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert result.exit_code == 130
    assert "nothing was written" in result.stderr
    assert snapshot(ledger) == before


def test_cli_confirm_failing_to_write(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`confirm` that cannot replace the record exits 2; the record stays unconfirmed."""
    exchange_id = logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "Review"))
    before = snapshot(ledger)
    monkeypatch.setattr(os, "replace", fail_with(DISK_FULL))
    result = run("confirm", exchange_id, "--as", "bob")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert snapshot(ledger) == before
