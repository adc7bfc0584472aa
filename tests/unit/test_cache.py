"""The record cache: used while files are unchanged, never trusted beyond plain data."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from aidledger.errors import DataError
from aidledger.store import cache, load
from aidledger.store.cache import CACHE_DIR, CACHE_FILE
from aidledger.store.files import PRIVATE_IGNORE
from aidledger.store.parse import ParsedFile
from tests.conftest import EXAMPLE

TODAY = date(2026, 11, 27)
AN_HOUR_AGO = time.time() - 3600


def _age(root: Path) -> None:
    """Make every file look written an hour ago, so the cache may keep it."""
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("AIDLEDGER_NO_CACHE", raising=False)
    root = tmp_path / "riverside"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    _age(root)
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from text, in order."""
    seen: list[str] = []
    # `load` imports parse_file without re-exporting it; the test counts the calls made there.
    real = load.parse_file  # type: ignore[attr-defined]

    def counting(text: str, path: str, kind: str | None, **options: bool) -> ParsedFile:
        seen.append(path)
        return real(text, path, kind, **options)

    monkeypatch.setattr(load, "parse_file", counting)
    return seen


def test_a_second_read_parses_no_unchanged_record_file(team: Path, parses: list[str]) -> None:
    """Once cached, unchanged exchange and request files are not parsed again."""
    first = load.load_ledger(team, TODAY)
    parsed_first = [path for path in parses if "/exchanges/" in path or "/requests/" in path]
    assert len(parsed_first) == len(first.exchanges) + len(first.requests)
    parses.clear()
    second = load.load_ledger(team, TODAY)
    assert not [path for path in parses if "/exchanges/" in path or "/requests/" in path]
    assert second.exchange_records() == first.exchange_records()
    assert (team / CACHE_DIR / ".gitignore").read_bytes() == PRIVATE_IGNORE


def test_a_changed_file_is_read_again(team: Path) -> None:
    """A file edited after it was cached is read afresh, even at the same size."""
    load.load_ledger(team, TODAY)
    path = next((team / "exchanges").rglob("*.toml"))
    text = path.read_text(encoding="utf-8")
    edited = text.replace("minutes = 80", "minutes = 81") if "minutes = 80" in text else None
    if edited is None:
        edited = text.replace("minutes = ", "minutes = 1", 1).replace(
            "minutes = 1", "minutes = ", 0
        )
    minutes_line = next(line for line in text.splitlines() if line.startswith("minutes = "))
    old = int(minutes_line.split("= ")[1])
    new = old + 1 if old % 10 != 9 else old - 1
    path.write_text(text.replace(minutes_line, f"minutes = {new}"), encoding="utf-8")
    os.utime(path, (AN_HOUR_AGO + 60, AN_HOUR_AGO + 60))
    ledger = load.load_ledger(team, TODAY)
    exchange_id = next(line for line in text.splitlines() if line.startswith("id = "))[6:-1]
    record = next(record for record in ledger.exchange_records() if record.id == exchange_id)
    assert record.minutes == new


def test_a_cache_that_would_run_code_is_ignored(team: Path, tmp_path: Path) -> None:
    """A planted cache file cannot run code: only plain data and dates are unpickled."""
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    cache = team / CACHE_DIR / CACHE_FILE
    cache.parent.mkdir()
    cache.write_bytes(pickle.dumps({"version": "x", "entries": Planted()}))
    ledger = load.load_ledger(team, TODAY)
    assert not marker.exists()
    assert len(ledger.exchanges) > 100


def test_files_written_just_now_are_not_cached(team: Path) -> None:
    """A file changed within the last two seconds could change again unseen: not cached."""
    path = next((team / "exchanges").rglob("*.toml"))
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    load.load_ledger(team, TODAY)
    entries = cache.RecordCache(team).entries
    assert str(path.relative_to(team)) not in entries
    assert len(entries) > 100


def test_no_cache_when_asked(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`AIDLEDGER_NO_CACHE=1` reads every file and writes no cache folder."""
    monkeypatch.setenv("AIDLEDGER_NO_CACHE", "1")
    load.load_ledger(team, TODAY)
    assert not (team / CACHE_DIR).exists()


def test_cache_keys_do_not_depend_on_how_the_root_is_spelled(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--root .` and an absolute root give the same cache keys: paths inside the root."""
    monkeypatch.chdir(team)
    load.load_ledger(Path(), TODAY)
    keys = set(cache.RecordCache(team).entries)
    assert keys
    assert all(key.startswith(("exchanges/", "requests/", "offers/", "meetings/")) for key in keys)
    load.load_ledger(team, TODAY)
    assert set(cache.RecordCache(team).entries) == keys


def _record_parses(parses: list[str]) -> list[str]:
    return [path for path in parses if "/exchanges/" in path or "/requests/" in path]


def test_a_cache_written_by_other_code_is_ignored(
    team: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written under another code digest is not used: every record file is parsed."""
    first = load.load_ledger(team, TODAY)
    monkeypatch.setattr(cache, "code_key", lambda: "other code")
    parses.clear()
    load.load_ledger(team, TODAY)
    assert len(_record_parses(parses)) == len(first.exchanges) + len(first.requests)


def test_the_key_changes_with_the_bytes_of_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is a digest of the parser, the cache and the models: editing one changes it."""
    sources = cache.shaping_sources()
    names = {path.name for path in sources}
    assert {"parse.py", "cache.py", "records.py", "charter.py"} <= names
    copies = []
    for index, path in enumerate(sources):
        copies.append(tmp_path / f"{index}-{path.name}")
        shutil.copyfile(path, copies[-1])
    real = cache.code_digest()
    monkeypatch.setattr(cache, "shaping_sources", lambda: copies)
    assert cache.code_digest() == real
    records = next(copy for copy in copies if copy.name.endswith("-records.py"))
    records.write_bytes(records.read_bytes() + b"\n# a schema change\n")
    assert cache.code_digest() not in (real, None)


def test_unreadable_code_means_no_cache(
    team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source that cannot be read leaves no key: the ledger loads, and no cache is kept."""
    monkeypatch.setattr(cache, "shaping_sources", lambda: [tmp_path / "gone.py"])
    assert cache.code_digest() is None
    monkeypatch.setattr(cache, "code_key", cache.code_digest)
    ledger = load.load_ledger(team, TODAY)
    assert len(ledger.exchanges) > 100
    assert not (team / CACHE_DIR).exists()


READERS_WITHOUT_CACHE = {
    "read_ledger": lambda root: load.read_ledger(root, use_cache=False),
    "load_ledger": lambda root: load.load_ledger(root, TODAY, use_cache=False),
    "request_ids": lambda root: load.request_ids(root, use_cache=False),
}


@pytest.mark.parametrize("reader", READERS_WITHOUT_CACHE.values(), ids=READERS_WITHOUT_CACHE)
def test_use_cache_false_writes_no_cache(team: Path, reader: Callable[[Path], object]) -> None:
    """`use_cache=False` writes no cache folder, where a cached read would."""
    reader(team)
    assert not (team / CACHE_DIR).exists()


@pytest.mark.parametrize("reader", READERS_WITHOUT_CACHE.values(), ids=READERS_WITHOUT_CACHE)
def test_use_cache_false_reads_no_cache(
    team: Path, parses: list[str], reader: Callable[[Path], object]
) -> None:
    """`use_cache=False` parses every record file afresh, though a cache is there."""
    load.load_ledger(team, TODAY)
    written = team / CACHE_DIR / CACHE_FILE
    before = (written.read_bytes(), cache.stamp_of(written))
    parses.clear()
    reader(team)
    requests = len(load.record_files(team / load.REQUESTS_DIR))
    assert len([path for path in parses if "/requests/" in path]) == requests
    assert (written.read_bytes(), cache.stamp_of(written)) == before


@pytest.mark.parametrize("where", ["inside", "above", "beside"])
def test_a_problem_in_a_cached_record_names_its_line(
    team: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A record read from the cache that the rest of the ledger refuses later (its helper
    left the members) is placed on the helper's line, wherever the command runs from."""
    load.load_ledger(team, TODAY)
    path = sorted((team / "exchanges").rglob("*.toml"))[0]
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("helper = "))
    helper = text.splitlines()[line - 1].split('"')[1]
    members = team / "members.toml"
    members.write_text(
        members.read_text(encoding="utf-8").replace(f'handle = "{helper}"', 'handle = "zed"'),
        encoding="utf-8",
    )
    places = {"inside": team / "exchanges", "above": team.parent, "beside": team.parent / "x"}
    places[where].mkdir(exist_ok=True)
    monkeypatch.chdir(places[where])
    root = Path(os.path.relpath(team, places[where]))
    with pytest.raises(DataError) as raised:
        load.load_ledger(root, TODAY)
    name = os.path.relpath(path, places[where])
    found = [problem for problem in raised.value.problems if problem.location.path == name]
    assert found, [str(problem) for problem in raised.value.problems][:5]
    assert any(problem.location.line == line and helper in problem.message for problem in found)


def test_the_command_line_writes_the_cache_before_it_ends(team: Path) -> None:
    """The command line writes the cache from a copy of itself while it makes its output;
    when the command has ended, the cache is there, whole: every record file in it."""
    environment = {**os.environ, "AIDLEDGER_TODAY": "2026-11-27"}
    environment.pop("AIDLEDGER_NO_CACHE", None)
    completed = subprocess.run(
        [sys.executable, "-m", "aidledger", "--root", str(team), "report", "--format", "json"],
        capture_output=True,
        env=environment,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    entries = cache.RecordCache(team).entries
    files = {
        path.relative_to(team).as_posix()
        for folder in ("exchanges", "requests", "offers", "meetings")
        for path in load.record_files(team / folder)
    }
    assert set(entries) == files
    assert all(records for _, _, records in entries.values())
