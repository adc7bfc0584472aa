"""Records are the same however they are read: from the files or from the cache of
records, by the compiled TOML parser or by tomllib, in one process or in two, or each
validated by pydantic as a file with a problem is.

The last is the reference: it is how every file was read before the cache kept records.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from aidledger.errors import Problem
from aidledger.model.ledger import Ledger
from aidledger.model.records import Meeting, Offer
from aidledger.store import cache, codec, load, parse
from aidledger.store.write import dump_records, record_fields
from tests.conftest import EXAMPLE

from .strategies import FOLDER_PROPERTY, PROPERTY, any_handles, exchanges, requests

any_exchanges = st.lists(any_handles, min_size=2, max_size=4, unique=True).flatmap(
    lambda handles: exchanges(tuple(handles), free_text=True)
)
offers = st.builds(
    Offer,
    id=st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
    opened=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 27)),
    by=any_handles,
    text=st.text(min_size=1, max_size=30).map(str.strip).filter(bool),
    minutes=st.none() | st.integers(1, 600),
)
meetings = st.builds(
    Meeting,
    date=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 27)),
    notes=st.none() | st.text(min_size=1, max_size=30).map(str.strip).filter(bool),
)
AN_HOUR_AGO = time.time() - 3600


def same_record(left: Any, right: Any) -> bool:
    """Equal, of the same classes all the way down, with the same fields said set."""
    if type(left) is not type(right):
        return False
    if isinstance(left, BaseModel):
        return left.model_fields_set == right.model_fields_set and all(
            same_record(getattr(left, name), getattr(right, name))
            for name in type(left).model_fields
        )
    if isinstance(left, tuple):
        return len(left) == len(right) and all(map(same_record, left, right))
    return bool(left == right)


@PROPERTY
@given(st.one_of(any_exchanges, requests(), offers, meetings))
def test_a_record_comes_back_from_plain_data_as_it_was(record: BaseModel) -> None:
    """Encoded, pickled as the cache is and rebuilt without validation: the same record."""
    data = pickle.dumps(codec.encode(record), protocol=pickle.HIGHEST_PROTOCOL)
    plain = cache._DatesOnly(io.BytesIO(data)).load()
    rebuilt = codec.decoder(type(record))(plain)
    assert same_record(rebuilt, record)
    assert rebuilt == record
    assert rebuilt.model_dump_json() == record.model_dump_json()


Reading = tuple[list[tuple[Any, ...]], tuple[Problem, ...]]


def reading(ledger: Ledger | None, problems: tuple[Problem, ...]) -> Reading:
    """Every record with its place, in order, and the problems."""
    assert ledger is not None
    found = [
        (kind, located.record, located.origin)
        for kind, group in (
            ("exchange", ledger.exchanges),
            ("request", ledger.requests),
            ("offer", ledger.offers),
            ("meeting", ledger.meetings),
        )
        for located in group
    ]
    return found, problems


def same_reading(left: Reading, right: Reading) -> bool:
    return (
        left[1] == right[1]
        and [(kind, origin) for kind, _, origin in left[0]]
        == [(kind, origin) for kind, _, origin in right[0]]
        and all(same_record(one[1], other[1]) for one, other in zip(left[0], right[0], strict=True))
    )


@contextmanager
def team_with(files: list[tuple[str, str, list[BaseModel]]], broken: bool) -> Iterator[Path]:
    """The example team with more record files, written an hour ago (old enough to cache)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "team"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
        for index, (kind, storage, records) in enumerate(files):
            target = root / f"{kind}s" / "more" / f"{index:03d}.{storage}"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = dump_records(kind, [record_fields(record) for record in records], storage)
            target.write_text(text, encoding="utf-8")
        if broken:
            bad = root / "exchanges" / "more" / "bad.toml"
            bad.parent.mkdir(parents=True, exist_ok=True)
            bad.write_text('[[exchange]]\nid = "x"\nminutes = "ten"\n', encoding="utf-8")
        for path in root.rglob("*"):
            os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
        yield root


kinds_and_records = st.one_of(
    st.tuples(st.just("exchange"), st.lists(any_exchanges, min_size=1, max_size=3)),
    st.tuples(st.just("request"), st.lists(requests(), min_size=1, max_size=2)),
    st.tuples(st.just("offer"), st.lists(offers, min_size=1, max_size=2)),
    st.tuples(st.just("meeting"), st.lists(meetings, min_size=1, max_size=1)),
)
record_files = st.lists(
    st.tuples(kinds_and_records, st.sampled_from(("toml", "yaml"))).map(
        lambda drawn: (drawn[0][0], drawn[1], drawn[0][1])
    ),
    max_size=6,
)


@FOLDER_PROPERTY
@given(record_files, st.booleans())
def test_every_way_of_reading_gives_the_same_records(
    files: list[tuple[str, str, list[BaseModel]]], broken: bool
) -> None:
    """Cache cold and warm, either TOML parser, one or two processes, and the reference."""
    with team_with(files, broken) as root, ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}))
        # The reference: every file validated by pydantic, as files with problems are.
        with mock.patch.object(
            load, "read_clean_files", lambda paths, kind, size: [None] * len(paths)
        ):
            reference = reading(*load.read_ledger(root, use_cache=False))
        assert same_reading(reading(*load.read_ledger(root, use_cache=False)), reference)
        with mock.patch.object(parse, "_fast_toml", lambda text: None):
            assert same_reading(reading(*load.read_ledger(root, use_cache=False)), reference)
        with mock.patch.object(load, "PARALLEL_FILES", 1):
            assert same_reading(reading(*load.read_ledger(root, use_cache=False)), reference)
        cold = reading(*load.read_ledger(root))
        assert (root / cache.CACHE_DIR / cache.CACHE_FILE).is_file()
        parsed: list[str] = []
        real_parse = load.parse_file  # type: ignore[attr-defined]

        def counting(text: str, path: str, kind: str | None, **options: bool) -> Any:
            parsed.append(path)
            return real_parse(text, path, kind, **options)

        folders = tuple(f"/{kind}s/" for kind in ("exchange", "request", "offer", "meeting"))

        def record_parses() -> list[str]:
            return [path for path in parsed if any(part in path for part in folders)]

        with mock.patch.object(load, "parse_file", counting):
            warm = reading(*load.read_ledger(root))
        assert same_reading(cold, reference)
        assert same_reading(warm, reference)
        # Warm, only the files with a problem are parsed again (and the settings,
        # charter and members, which are not cached).
        assert all(path.endswith("bad.toml") for path in record_parses()), record_parses()
        # One file gone: the records let go of while reading are written again.
        gone = next((root / "exchanges").rglob("*.toml"))
        gone.unlink()
        fewer = reading(*load.read_ledger(root))
        parsed.clear()
        with mock.patch.object(load, "parse_file", counting):
            again = reading(*load.read_ledger(root))
        assert same_reading(again, fewer)
        assert all(path.endswith("bad.toml") for path in record_parses()), record_parses()


def test_an_entry_that_is_not_what_the_codec_wrote_is_read_afresh(tmp_path: Path) -> None:
    """A cache entry of the right key but the wrong shape is a miss, never an error."""
    root = tmp_path / "team"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        reference = reading(*load.read_ledger(root))
        saved = cache.RecordCache(root)
        for key, (stamp, digest, _) in saved.entries.items():
            saved.entries[key] = (stamp, digest, ((("not", "a", "record"), 1),))
        saved.changed = True
        saved.save(lambda key: None)
        assert same_reading(reading(*load.read_ledger(root)), reference)


def test_the_cache_key_names_pydantic() -> None:
    """Records rebuilt without validation are only trusted from the same pydantic."""
    with mock.patch("pydantic.version.VERSION", "0.0.0"):
        assert cache.code_digest() != cache.code_key()


def test_every_record_model_is_kept_in_the_cache() -> None:
    """A field of a type the codec cannot keep would leave a kind of record uncached:
    the plan of each model is made from its annotations, here, not in a user's run."""
    for model in load.RECORD_MODELS.values():
        assert codec.decoder(model) is not None
        assert codec._plan(model)[0] == tuple(model.model_fields)


def test_a_model_of_another_field_type_is_refused() -> None:
    """A set or a dict is no plain value: the codec refuses the model, not a record."""

    class Odd(BaseModel):
        found: dict[str, int]

    with pytest.raises(codec.Uncodable):
        codec.encode(Odd(found={"a": 1}))


def test_a_cache_cut_short_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    """A cache file cut in the middle of a chunk (a full disk, a killed writer) gives the
    entries before the cut and reads the rest afresh: the same records, no error."""
    root = tmp_path / "team"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    with (
        mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}),
        mock.patch.object(cache, "CHUNK", 16),
    ):
        reference = reading(*load.read_ledger(root))
        written = root / cache.CACHE_DIR / cache.CACHE_FILE
        whole = written.read_bytes()
        every = len(cache.RecordCache(root).entries)
        written.write_bytes(whole[: len(whole) // 2])
        assert 0 < len(cache.RecordCache(root).entries) < every
        assert same_reading(reading(*load.read_ledger(root)), reference)
        assert len(cache.RecordCache(root).entries) == every
        assert written.read_bytes() != whole[: len(whole) // 2]


def _aged_team(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return root


def test_a_malformed_entry_ends_the_cache_there_without_an_error(tmp_path: Path) -> None:
    """A chunk of the right digest holding other shapes (written by other code, or by
    hand) is where reading the cache stops: the records are read afresh, no error."""
    root = _aged_team(tmp_path)
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        reference = reading(*load.read_ledger(root))
        written = root / cache.CACHE_DIR / cache.CACHE_FILE
        header = pickle.dumps({"key": cache.code_key()})
        for chunk in ([1], [(["a list"], 1)], [("key", ((1, 2, 3), "d", ()))]):
            data = pickle.dumps(chunk)
            written.write_bytes(header + pickle.dumps((cache.content_digest(data), data)))
            assert cache.RecordCache(root).entries == {}
            assert same_reading(reading(*load.read_ledger(root)), reference)


def test_a_damaged_byte_is_a_miss_not_another_record(tmp_path: Path) -> None:
    """Each chunk carries its digest: a byte changed inside one drops the chunk."""
    root = _aged_team(tmp_path)
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        reference = reading(*load.read_ledger(root))
        written = root / cache.CACHE_DIR / cache.CACHE_FILE
        data = bytearray(written.read_bytes())
        place = data.index(b"Slimming") if b"Slimming" in data else len(data) // 2
        data[place] ^= 0x01
        written.write_bytes(bytes(data))
        assert same_reading(reading(*load.read_ledger(root)), reference)


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path: Path) -> None:
    """The same size and the old modification time set back (`touch -r`, a tarball of
    fixed times): the status change time still differs, and the file is read again."""
    root = _aged_team(tmp_path)
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        load.read_ledger(root)
        path = sorted((root / "exchanges").rglob("*.toml"))[0]
        text = path.read_text(encoding="utf-8")
        line = next(row for row in text.splitlines() if row.startswith("minutes = "))
        minutes = int(line.split("= ")[1])
        other = minutes + 1 if minutes % 10 != 9 else minutes - 1
        path.write_text(text.replace(line, f"minutes = {other}"), encoding="utf-8")
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
        ledger, _ = load.read_ledger(root)
        assert ledger is not None
        found = [item.record for item in ledger.exchanges if item.record.id == path.stem]
        assert [record.minutes for record in found] == [other]


def test_a_cached_file_over_a_lowered_size_limit_is_refused(tmp_path: Path) -> None:
    """`max_file_bytes` lowered after a file was cached: the file is refused as uncached."""
    root = _aged_team(tmp_path)
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        path = sorted((root / "exchanges").rglob("*.toml"))[0]
        path.write_text(path.read_text(encoding="utf-8") + "\n" * 12_000, encoding="utf-8")
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
        load.read_ledger(root)
        settings = root / "aidledger.toml"
        settings.write_text(
            settings.read_text(encoding="utf-8") + "max_file_bytes = 10000\n", encoding="utf-8"
        )
        _, problems = load.read_ledger(root)
        assert any("larger than 10,000 bytes" in problem.message for problem in problems)


def test_a_cache_committed_to_git_is_not_trusted_in_a_fresh_clone(tmp_path: Path) -> None:
    """A cache file that git tracks came from elsewhere: in a clone, where files are known
    only by their bytes, its records are not used (a forged one would change figures)."""
    origin = tmp_path / "origin"
    shutil.copytree(EXAMPLE, origin, ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    for path in origin.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        load.read_ledger(origin)
        forged = cache.RecordCache(origin)
        for key, (stamp, digest, records) in list(forged.entries.items()):
            if key.startswith("exchanges/") and records:
                data, line = records[0]
                fields = list(data)
                fields[5] = 1440  # after the mask: id, date, helper, helped, minutes
                forged.entries[key] = (stamp, digest, ((tuple(fields), line),))
        forged.changed = True
        forged.save(lambda key: None)
        git = ["git", "-c", "user.email=a@example.org", "-c", "user.name=A", "-C", str(origin)]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "add", "-f", f"{cache.CACHE_DIR}/{cache.CACHE_FILE}"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "forged"], check=True)
        clone = tmp_path / "clone"
        subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
        for path in clone.rglob("*.toml"):
            os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
        reference = reading(*load.read_ledger(clone, use_cache=False))
        assert any(record.minutes != 1440 for _, record, _ in reference[0])
        assert same_reading(reading(*load.read_ledger(clone)), reference)


def test_a_reader_process_that_dies_is_replaced_by_the_command(tmp_path: Path) -> None:
    """The process reading half the files is killed (a full memory): the command reads
    that half itself, and the records are the same."""
    root = _aged_team(tmp_path)
    parent = os.getpid()
    real = load._read_clean_files

    def dying(job: Any) -> Any:
        if os.getpid() != parent:
            os._exit(9)
        return real(job)

    with mock.patch.dict(os.environ, {"AIDLEDGER_NO_CACHE": ""}):
        reference = reading(*load.read_ledger(root, use_cache=False))
        with (
            mock.patch.object(load, "PARALLEL_FILES", 1),
            mock.patch.object(load, "_read_clean_files", dying),
        ):
            assert same_reading(reading(*load.read_ledger(root, use_cache=False)), reference)
