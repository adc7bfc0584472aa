"""load(write(x)) == x: a record written by the store reads back as the very same record."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from aidledger.model.records import Exchange, Member, Request
from aidledger.store.parse import parse_file
from aidledger.store.write import dump_records, record_fields

from .strategies import PROPERTY, any_handles, exchanges, members, requests

ModelT = TypeVar("ModelT", bound=BaseModel)
storages = st.sampled_from(("toml", "yaml"))
any_exchanges = st.lists(any_handles, min_size=2, max_size=4, unique=True).flatmap(
    lambda handles: exchanges(tuple(handles), free_text=True)
)


def read_back(kind: str, records: list[ModelT], storage: str) -> list[ModelT]:
    """Write records as one file of `kind` with the store, then parse and validate it."""
    text = dump_records(kind, [record_fields(record) for record in records], storage)
    parsed = parse_file(text, f"{kind}s.{storage}", kind)
    model = type(records[0])
    return [model.model_validate(table.fields) for table in parsed.tables]


@PROPERTY
@given(any_exchanges, storages)
def test_an_exchange_reads_back_as_written(exchange: Exchange, storage: str) -> None:
    """An exchange written in TOML or YAML reads back equal to the original."""
    assert read_back("exchange", [exchange], storage) == [exchange]


@PROPERTY
@given(requests(), storages)
def test_a_request_reads_back_as_written(request: Request, storage: str) -> None:
    """A request written in TOML or YAML reads back equal to the original."""
    assert read_back("request", [request], storage) == [request]


@PROPERTY
@given(members(), storages)
def test_a_member_reads_back_as_written(member: Member, storage: str) -> None:
    """A member written in TOML or YAML reads back equal to the original."""
    assert read_back("member", [member], storage) == [member]


@PROPERTY
@given(st.lists(any_exchanges, min_size=1, max_size=5), storages)
def test_a_packed_file_reads_back_in_order(records: list[Exchange], storage: str) -> None:
    """Several exchanges packed in one file read back equal and in the same order."""
    assert read_back("exchange", records, storage) == records
