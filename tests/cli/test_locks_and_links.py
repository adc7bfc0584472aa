"""The edit lock, temporary files out of git's sight, and no write through a symbolic link."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from aidledger.store import lock
from aidledger.store.files import remove_stale_temporaries
from aidledger.store.lock import edit_lock
from tests.cli.helpers import (
    COMMITTED_PRIVATE_FILES,
    exchange_files,
    logged_id,
    private_files_git_sees,
    snapshot,
)
from tests.conftest import Run, git

EDITS = {
    "member-add": ("member", "add", "dora"),
    "member-leave": ("member", "leave", "carol"),
    "confirm": ("confirm", "ID", "--as", "bob"),
}


def test_the_wait_is_ten_seconds() -> None:
    """An edit waits up to 10 seconds for the lock, as the documentation says."""
    assert lock.WAIT_SECONDS == 10


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_gives_up_on_a_held_lock(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """While another command holds the lock, an edit waits, then exits 2 and changes nothing."""
    exchange_id = logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "Review"))
    args = tuple(exchange_id if word == "ID" else word for word in EDITS[edit])
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    before = snapshot(ledger)
    with edit_lock(ledger):
        result = run(*args)
    assert result.exit_code == 2
    assert "another aidledger command has been editing this ledger for 0.2 seconds" in (
        result.stderr
    )
    assert "nothing was changed" in result.stderr
    assert snapshot(ledger) == before
    assert run(*args).exit_code == 0


def test_log_and_thanks_take_no_lock(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands that only create files work while the lock is held."""
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.0)
    with edit_lock(ledger):
        logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "Review"))
        logged_id(run("thanks", "bob", "30m", "Review"))


def test_log_refuses_a_linked_exchanges_folder(ledger: Path, run: Run, tmp_path: Path) -> None:
    """`exchanges/` linked elsewhere: `log` names the link, exits 2 and writes nowhere."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ledger / "exchanges" / ".gitkeep").unlink()
    (ledger / "exchanges").rmdir()
    (ledger / "exchanges").symlink_to(elsewhere)
    result = run("log", "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert result.exit_code == 2
    assert "exchanges: is a symbolic link" in result.stderr
    assert "nothing was written" in result.stderr
    assert list(elsewhere.rglob("*")) == []


@pytest.mark.parametrize("edit", ["member-add", "member-leave"])
def test_edits_refuse_a_linked_private_folder(
    ledger: Path, run: Run, tmp_path: Path, edit: str
) -> None:
    """A `.aidledger` that is a link is refused: no lock, temporary file or .gitignore lands
    outside the data folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in sorted((ledger / ".aidledger").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (ledger / ".aidledger").rmdir()
    (ledger / ".aidledger").symlink_to(elsewhere)
    before = snapshot(ledger)
    result = run(*EDITS[edit])
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert snapshot(ledger) == before
    assert list(elsewhere.rglob("*")) == []


def test_temporary_files_are_kept_where_git_does_not_look(ledger: Path, run: Run) -> None:
    """Writes keep their temporary files in .aidledger/tmp, which git ignores."""
    logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "Review"))
    temporary = ledger / ".aidledger" / "tmp"
    assert temporary.is_dir()
    (temporary / ".members.toml.abcd1234.tmp").write_text("half a file")
    status = git(ledger, "status", "--porcelain", "--untracked-files=all")
    assert private_files_git_sees(status) == COMMITTED_PRIVATE_FILES
    assert ".tmp" not in status
    assert len(exchange_files(ledger)) == 1


def test_check_removes_stale_temporary_files(ledger: Path, run: Run) -> None:
    """`check` removes temporary files no writer holds, with a line on stderr for each."""
    temporary = ledger / ".aidledger" / "tmp"
    temporary.mkdir(exist_ok=True)
    stale = temporary / ".members.toml.abcd1234.tmp"
    stale.write_text("half a file")
    cache_stale = ledger / ".aidledger" / ".records.pickle.abcd1234.tmp"
    cache_stale.write_text("half a cache")
    result = run("check")
    assert result.exit_code in (0, 1)
    assert (
        "check: removed .aidledger/tmp/.members.toml.abcd1234.tmp, left by a write that was"
        " interrupted\n" in result.stderr
    )
    assert "check: removed .aidledger/.records.pickle.abcd1234.tmp" in result.stderr
    assert "removed" not in result.stdout
    assert not stale.exists()
    assert not cache_stale.exists()
    assert "removed" not in run("check").stderr


def test_a_temporary_file_being_written_is_left_alone(ledger: Path) -> None:
    """A temporary file whose writer still holds it is not stale, however old."""
    temporary = ledger / ".aidledger" / "tmp"
    temporary.mkdir(exist_ok=True)
    busy = temporary / ".members.toml.busy1234.tmp"
    busy.write_text("being written")
    os.utime(busy, (1_000_000_000, 1_000_000_000))
    with busy.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert remove_stale_temporaries(ledger) == []
    assert busy.exists()
    assert [stale.path for stale in remove_stale_temporaries(ledger)] == [busy]
