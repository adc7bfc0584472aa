"""The record cache across checkouts: CI restores `.aidledger/` into a fresh clone."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from aidledger.store import cache, load
from aidledger.store.cache import CACHE_DIR
from aidledger.store.parse import ParsedFile
from tests.conftest import EXAMPLE

TODAY = date(2026, 11, 27)


def _age(root: Path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    for path in root.rglob("*"):
        os.utime(path, (moment, moment))


def _record_files(parsed: list[str]) -> list[str]:
    return [path for path in parsed if "/exchanges/" in path or "/requests/" in path]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from text, in order."""
    monkeypatch.delenv("AIDLEDGER_NO_CACHE", raising=False)
    seen: list[str] = []
    real = load.parse_file  # type: ignore[attr-defined]

    def counting(text: str, path: str, kind: str | None, **options: bool) -> ParsedFile:
        seen.append(path)
        return real(text, path, kind, **options)

    monkeypatch.setattr(load, "parse_file", counting)
    return seen


@pytest.fixture
def checkouts(tmp_path: Path) -> tuple[Path, Path]:
    """The example team read once with a cache, then a fresh copy of its files (new inodes,
    new times, as a clone makes them) with the first one's `.aidledger/` restored into it."""
    first = tmp_path / "run-1" / "riverside"
    shutil.copytree(EXAMPLE, first, ignore=shutil.ignore_patterns(CACHE_DIR))
    _age(first, 3600)
    load.load_ledger(first, TODAY)
    assert (first / CACHE_DIR / cache.CACHE_FILE).is_file()
    second = tmp_path / "run-2" / "riverside"
    shutil.copytree(first, second, copy_function=shutil.copy)
    _age(second, 60)
    return first, second


def test_a_restored_cache_is_used_in_a_fresh_checkout(
    checkouts: tuple[Path, Path], parses: list[str]
) -> None:
    """Files with new inodes and times but the same bytes are not parsed again."""
    first, second = checkouts
    ledger = load.load_ledger(second, TODAY)
    assert _record_files(parses) == []
    assert ledger.exchange_records() == load.load_ledger(first, TODAY).exchange_records()


def test_the_new_stamps_are_kept(checkouts: tuple[Path, Path], parses: list[str]) -> None:
    """After a restore, the cache knows the files by their new stamps: no reading of bytes."""
    _, second = checkouts
    load.load_ledger(second, TODAY)
    entries = cache.RecordCache(second).entries
    for key, (stamp, _, _) in entries.items():
        assert stamp == cache.stamp_of(second / key), key


def test_a_file_changed_in_the_new_checkout_is_parsed(
    checkouts: tuple[Path, Path], parses: list[str]
) -> None:
    """Same size, other bytes: the digest differs, and the file is parsed afresh."""
    _, second = checkouts
    path = next((second / "exchanges").rglob("*.toml"))
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("minutes = "))
    minutes = int(line.split("= ")[1])
    other = minutes + 1 if minutes % 10 != 9 else minutes - 1
    path.write_text(text.replace(line, f"minutes = {other}"), encoding="utf-8")
    _age(second, 60)
    ledger = load.load_ledger(second, TODAY)
    assert [Path(parsed).name for parsed in _record_files(parses)] == [path.name]
    exchange_id = path.stem
    record = next(record for record in ledger.exchange_records() if record.id == exchange_id)
    assert record.minutes == other
