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
