"""The record cache and links: nothing is read or written through a linked `.aidledger`."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from aidledger.store import cache, load
from aidledger.store.cache import CACHE_DIR, CACHE_FILE
from tests.conftest import EXAMPLE

TODAY = date(2026, 11, 27)
AN_HOUR_AGO = time.time() - 3600

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example team, its files an hour old so that the cache may keep them."""
    monkeypatch.delenv("AIDLEDGER_NO_CACHE", raising=False)
    root = tmp_path / "riverside"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return root


def test_a_link_has_no_stamp(tmp_path: Path) -> None:
    """Only a regular file has a stamp: a link, even to a regular file, is never cached."""
    target = tmp_path / "target.toml"
    target.write_text("x = 1\n")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert cache.stamp_of(target) is not None
    assert cache.stamp_of(link) is None
    assert cache.stamp_of(tmp_path) is None


def test_a_linked_cache_folder_is_neither_read_nor_written(team: Path, tmp_path: Path) -> None:
    """With `.aidledger` a link, a cache found through it is ignored and none is written."""
    load.read_ledger(team)
    written = team / CACHE_DIR / CACHE_FILE
    assert written.is_file()
    elsewhere = tmp_path / "elsewhere"
    shutil.move(team / CACHE_DIR, elsewhere)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    (team / CACHE_DIR).symlink_to(elsewhere)
    assert cache.RecordCache(team).entries == {}
    _, problems = load.read_ledger(team)
    assert [problem.message for problem in problems] == [f"{load.LINK_REFUSAL}; remove the link"]
    assert problems[0].location.path.endswith(CACHE_DIR)
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before


def test_a_linked_cache_file_is_not_read(team: Path, tmp_path: Path) -> None:
    """A cache file that is a link (to /dev/zero, say) is a cache miss, never a read."""
    (team / CACHE_DIR).mkdir()
    (team / CACHE_DIR / CACHE_FILE).symlink_to("/dev/zero")
    started = time.perf_counter()
    assert cache.RecordCache(team).entries == {}
    assert time.perf_counter() - started < 1
