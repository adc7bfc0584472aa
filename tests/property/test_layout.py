"""A data folder means the same whatever its layout: one file per record, packed, or YAML."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.balance import Balances, compute_balances
from aidledger.model.ledger import Ledger
from aidledger.model.records import Exchange, Member
from aidledger.store.load import load_ledger
from aidledger.store.write import dump_records, record_fields, write_new_exchange

from .strategies import FOLDER_PROPERTY, TODAY, exchange_lists, teams

CHARTER = Path(__file__).resolve().parents[2] / "charters" / "default.toml"

Layout = Callable[[Path, Sequence[Exchange], Sequence[int]], None]


def one_file_per_exchange(root: Path, exchanges: Sequence[Exchange], cuts: Sequence[int]) -> None:
    """As commands write them: exchanges/YYYY/MM/<id>.toml, one record each."""
    for exchange in exchanges:
        write_new_exchange(root, exchange, "toml")


def packed(storage: str, suffix: str | None = None) -> Layout:
    """Exchanges packed into a few files cut at `cuts`, in TOML or YAML (`.yaml` or `.yml`)."""

    def write(root: Path, exchanges: Sequence[Exchange], cuts: Sequence[int]) -> None:
        bounds = [0, *sorted({min(cut, len(exchanges)) for cut in cuts}), len(exchanges)]
        for number, (start, stop) in enumerate(itertools.pairwise(bounds)):
            chunk = [record_fields(exchange) for exchange in exchanges[start:stop]]
            if chunk:
                path = root / "exchanges" / f"pack-{number}.{suffix or storage}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(dump_records("exchange", chunk, storage), encoding="utf-8")

    return write


def read_folder(
    layout: Layout, members: Sequence[Member], exchanges: Sequence[Exchange], cuts: Sequence[int]
) -> Ledger:
    """Write a whole data folder with `layout` in a temporary place and load it back."""
    with tempfile.TemporaryDirectory(prefix="aidledger-") as folder:
        root = Path(folder)
        (root / "aidledger.toml").write_text('format_version = 1\nteam = "T"\n', encoding="utf-8")
        shutil.copyfile(CHARTER, root / "charter.toml")
        members_text = dump_records("member", [record_fields(member) for member in members], "toml")
        (root / "members.toml").write_text(members_text, encoding="utf-8")
        layout(root, exchanges, cuts)
        return load_ledger(root, TODAY)


def balances_of(ledger: Ledger) -> Balances:
    return compute_balances(ledger.exchange_records(), ledger.member_records())


folders = st.tuples(
    teams(may_leave=False),
    exchange_lists(max_size=20),
    st.lists(st.integers(0, 20), max_size=4),
)
layouts = st.sampled_from([packed("toml"), packed("yaml"), packed("yaml", "yml")])


@FOLDER_PROPERTY
@given(folders, st.data())
def test_balances_do_not_depend_on_how_records_are_split_across_files(
    folder: tuple[tuple[Member, ...], list[Exchange], list[int]], data: st.DataObject
) -> None:
    """One file per exchange, a few packed TOML files and packed YAML give the same balances."""
    members, exchanges, cuts = folder
    shuffled = data.draw(st.permutations(exchanges), label="packing order")
    one_each = balances_of(read_folder(one_file_per_exchange, members, exchanges, cuts))
    in_toml = balances_of(read_folder(packed("toml"), members, shuffled, cuts))
    in_yaml = balances_of(read_folder(packed("yaml"), members, shuffled, cuts))
    assert one_each == in_toml == in_yaml == compute_balances(exchanges, members)


@FOLDER_PROPERTY
@given(folders, layouts)
def test_a_folder_reads_back_every_exchange_written_into_it(
    folder: tuple[tuple[Member, ...], list[Exchange], list[int]], layout: Layout
) -> None:
    """Whatever the layout, loading the folder gives back exactly the exchanges written."""
    members, exchanges, cuts = folder
    ledger = read_folder(layout, members, exchanges, cuts)
    by_id = sorted(ledger.exchange_records(), key=lambda exchange: exchange.id)
    assert by_id == sorted(exchanges, key=lambda exchange: exchange.id)
    assert ledger.member_records() == members
