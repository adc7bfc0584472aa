"""`fmt` is idempotent and changes no record: the ledger read before and after is the same."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w
import yaml
from hypothesis import given
from hypothesis import strategies as st

from aidledger.model.ledger import Ledger
from aidledger.model.records import Exchange, Member, Request
from aidledger.store.canonical import plan_format, rewrite
from aidledger.store.load import read_ledger
from aidledger.store.parse import quote_like_the_reader
from aidledger.store.write import dump_records, record_fields

from .strategies import FOLDER_PROPERTY, exchange_lists, requests, teams

CHARTER = Path(__file__).resolve().parents[2] / "charters" / "default.toml"


def _shuffled(fields: dict[str, Any], order: Sequence[int]) -> dict[str, Any]:
    """The same table with its keys in another order, nested tables too."""
    keys = list(fields)
    ranked = sorted(keys, key=lambda key: order[keys.index(key) % len(order)])
    return {
        key: _shuffled(value, order) if isinstance(value, dict) else value
        for key, value in ((key, fields[key]) for key in ranked)
    }


class _AsAPersonWrites(yaml.SafeDumper):
    """A person writes no anchors (which aidledger refuses), even for one date used twice,
    and quotes a tag such as `08` that would otherwise read as a number."""

    def ignore_aliases(self, data: object) -> bool:
        return True


quote_like_the_reader(_AsAPersonWrites)


def _hand_written(kind: str, tables: list[dict[str, Any]], storage: str) -> str:
    """A valid file as a person might write it: keys in any order, YAML in flow style."""
    if storage == "yaml":
        return yaml.dump(
            {kind: tables}, Dumper=_AsAPersonWrites, default_flow_style=True, allow_unicode=True
        )
    return tomli_w.dumps({kind: tables}, multiline_strings=False, indent=2)


def _write_folder(
    root: Path,
    members: Sequence[Member],
    exchanges: Sequence[Exchange],
    asked: Sequence[Request],
    storages: Sequence[str],
    order: Sequence[int],
) -> None:
    (root / "aidledger.toml").write_text('format_version = 1\nteam = "T"\n', encoding="utf-8")
    shutil.copyfile(CHARTER, root / "charter.toml")
    members_text = dump_records("member", [record_fields(member) for member in members], "toml")
    (root / "members.toml").write_text(members_text, encoding="utf-8")
    for folder, kind, records in (
        ("exchanges", "exchange", exchanges),
        ("requests", "request", asked),
    ):
        (root / folder).mkdir()
        for index, record in enumerate(records):
            suffix = storages[index % len(storages)]
            storage = "yaml" if suffix == "yml" else suffix
            tables = [_shuffled(record_fields(record), order)]
            text = _hand_written(kind, tables, storage)
            if index % 3 == 0:
                text = dump_records(kind, [record_fields(record)], storage)
            (root / folder / f"{index}.{suffix}").write_text(text, encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("exchanges", "requests")
        for path in sorted((root / folder).iterdir())
    }


def _read(root: Path) -> Ledger:
    """Every record, each validated on its own (requesters need not be members here)."""
    ledger, problems = read_ledger(root, use_cache=False)
    assert ledger is not None
    assert problems == ()
    return ledger


@FOLDER_PROPERTY
@given(
    teams(may_leave=False),
    exchange_lists(max_size=8),
    st.lists(requests(), max_size=3, unique_by=lambda request: request.id),
    st.lists(st.sampled_from(("toml", "yaml", "yml")), min_size=1, max_size=3),
    st.permutations(range(14)),
)
def test_fmt_is_idempotent_and_keeps_every_record(
    members: tuple[Member, ...],
    exchanges: list[Exchange],
    asked: list[Request],
    storages: list[str],
    order: list[int],
) -> None:
    """Once formatted, a folder reads the same records, and a second run changes nothing."""
    with tempfile.TemporaryDirectory(prefix="aidledger-") as folder:
        root = Path(folder)
        _write_folder(root, members, exchanges, asked, storages, order)
        before = _read(root)
        rewrite(root, plan_format(root).to_rewrite)
        once = _files(root)
        after = _read(root)
        assert after.exchange_records() == before.exchange_records()
        assert tuple(after.iter_requests()) == tuple(before.iter_requests())
        again = plan_format(root)
        assert again.to_rewrite == again.kept_for_comments == ()
        rewrite(root, again.to_rewrite)
        assert _files(root) == once
