"""Canonical record text: `[[kind]]` tables, sub-tables under the kind, no empty values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aidledger.model.records import Exchange
from aidledger.store.parse import load_yaml, parse_file
from aidledger.store.write import dump_records, record_fields

from .make import DAY, exchange, member, request

CONFIRMED = {"by": "bob", "on": DAY, "useful": 4}


def test_toml_records_are_arrays_of_tables() -> None:
    """Each record is written as a `[[exchange]]` table."""
    text = dump_records("exchange", [record_fields(exchange())], "toml")
    assert text.startswith("[[exchange]]\n")


def test_toml_records_are_never_inline_tables() -> None:
    """No record or sub-record is written in the `{ ... }` inline-table form."""
    text = dump_records("exchange", [record_fields(exchange(confirmation=CONFIRMED))], "toml")
    assert "{" not in text
    assert not re.search(r"^exchange\s*=", text, re.MULTILINE)


def test_confirmation_is_a_sub_table_of_its_exchange() -> None:
    """The confirmation is written under `[exchange.confirmation]`, after the exchange's fields."""
    text = dump_records("exchange", [record_fields(exchange(confirmation=CONFIRMED))], "toml")
    lines = text.splitlines()
    assert "[exchange.confirmation]" in lines
    assert "[confirmation]" not in lines
    assert lines.index("[exchange.confirmation]") > lines.index('mode = "taught"')


def test_several_records_make_several_tables() -> None:
    """Two records give two `[[exchange]]` tables, each with its own confirmation sub-table."""
    records = [
        record_fields(exchange(id="x1", confirmation=CONFIRMED)),
        record_fields(exchange(id="x2", confirmation=CONFIRMED)),
    ]
    lines = dump_records("exchange", records, "toml").splitlines()
    assert lines.count("[[exchange]]") == 2
    assert lines.count("[exchange.confirmation]") == 2


def test_toml_text_reads_back_as_the_same_tables() -> None:
    """The TOML text parses back to the very fields that were written."""
    fields = [
        record_fields(exchange(id="x1", confirmation=CONFIRMED)),
        record_fields(exchange(id="x2")),
    ]
    parsed = parse_file(dump_records("exchange", fields, "toml"), "x.toml", "exchange")
    assert [table.fields for table in parsed.tables] == fields


def test_yaml_records_are_a_list_under_the_kind() -> None:
    """In YAML the records are a list under `exchange:`."""
    fields = record_fields(exchange(confirmation=CONFIRMED))
    text = dump_records("exchange", [fields], "yaml")
    assert text.startswith("exchange:\n- ")
    assert load_yaml(text) == {"exchange": [fields]}


def test_member_records_are_member_tables() -> None:
    """Members are written as `[[member]]` tables."""
    text = dump_records(
        "member", [record_fields(member("alice")), record_fields(member("bob"))], "toml"
    )
    assert text.splitlines().count("[[member]]") == 2


def test_record_fields_drop_none() -> None:
    """Optional fields left unset are not written."""
    fields = record_fields(exchange())
    assert not {"request", "logged_by", "source", "confirmation"} & fields.keys()


def test_record_fields_drop_empty_lists() -> None:
    """Empty lists (no tags, no skills) are not written."""
    assert "tags" not in record_fields(exchange(tags=[]))
    assert not {"emails", "skills"} & record_fields(member()).keys()


def test_record_fields_keep_a_zero() -> None:
    """A zero budget is a value, not an absence, and is written."""
    assert record_fields(member(budget_minutes_per_week=0))["budget_minutes_per_week"] == 0


def test_record_fields_drop_none_inside_a_sub_table() -> None:
    """A confirmation without a rating has no `useful` key."""
    fields = record_fields(exchange(confirmation={"by": "bob", "on": DAY}))
    assert fields["confirmation"] == {"by": "bob", "on": DAY}


def test_record_fields_turn_tuples_into_lists() -> None:
    """Tuples of the frozen records become plain lists for the writers."""
    fields = record_fields(exchange(helped=["bob", "carol"], tags=["ci"]))
    assert fields["helped"] == ["bob", "carol"]
    assert fields["tags"] == ["ci"]


def test_record_fields_keep_the_declared_field_order() -> None:
    """Keys come in the order the record declares them, so files diff cleanly."""
    fields = record_fields(
        request(status="done", taken_by="alice", closed=date(2026, 11, 3), skills=["ci"])
    )
    assert list(fields) == ["id", "opened", "by", "title", "status", "skills", "taken_by", "closed"]


def test_record_fields_keep_dates_as_dates() -> None:
    """Dates stay dates, so TOML writes them unquoted."""
    text = dump_records("exchange", [record_fields(exchange())], "toml")
    assert "date = 2026-11-02\n" in text


def test_confirming_a_record_written_inline_changes_only_its_table(tmp_path: Path) -> None:
    """In a file of inline exchanges (`exchange = [{...}]`), only the one confirmed changes."""
    from aidledger.store.files import read_text
    from aidledger.store.write import update_record

    first = (
        '  { id = "e1", date = 2026-11-02, helper = "alice", helped = ["bob"], minutes = 30,'
        ' topic = "CI", mode = "pair" },  # the first\n'
    )
    path = tmp_path / "x.toml"
    path.write_text(
        "exchange = [\n"
        + first
        + '  { id = "e2", date = 2026-11-03, helper = "bob", helped = ["alice"], minutes = 20,'
        ' topic = "SQL", mode = "taught" },\n'
        "]\n",
        encoding="utf-8",
    )
    update_record(tmp_path, path, "exchange", "e2", {"confirmation": {"by": "alice", "on": DAY}})
    text = read_text(path)
    assert text.startswith("exchange = [\n" + first)
    tables = parse_file(text, "x.toml", "exchange").tables
    assert [table.fields["id"] for table in tables] == ["e1", "e2"]
    assert tables[1].fields["confirmation"] == {"by": "alice", "on": DAY}


def test_long_group_confirmations_stay_inside_their_exchange() -> None:
    """A list of confirmations too long for one line is written as `[[exchange.confirmations]]`
    tables, never as a top-level array of its own."""
    note = "It changed how I debug: " + "x" * 150
    confirmations = [
        {"by": "bob", "on": DAY, "useful": 5, "note": note},
        {"by": "carol", "on": DAY, "note": note},
    ]
    record = exchange(helped=["bob", "carol"], confirmations=confirmations)
    text = dump_records("exchange", [record_fields(record)], "toml")
    assert text.count("[[exchange.confirmations]]") == 2
    assert not re.search(r"^\[\[confirmations\]\]", text, re.MULTILINE)
    [table] = parse_file(text, "exchanges.toml", "exchange").tables
    assert [given["by"] for given in table.fields["confirmations"]] == ["bob", "carol"]


# Changes as commands make them: a confirmation added, a group's moved into a list, a
# field removed, a field set on the second record of a file of two.
CHANGES = [
    ("e1", {"confirmation": {"by": "bob", "on": DAY, "useful": 4, "note": None}}),
    (
        "e1",
        {
            "confirmation": None,
            "confirmations": [{"by": "bob", "on": DAY}, {"by": "carol", "on": DAY, "useful": 2}],
        },
    ),
    ("e1", {"tags": None}),
    ("e2", {"topic": "SQL, reviewed", "tags": ("sql", "review")}),
]


@pytest.mark.parametrize("storage", ["toml", "yaml"])
@pytest.mark.parametrize(("record_id", "changes"), CHANGES)
def test_a_canonical_file_is_written_as_the_editor_would_then_fmt(
    tmp_path: Path, storage: str, record_id: str, changes: dict[str, Any]
) -> None:
    """A file in the writer's own layout, changed, is the writer's text of the records the
    editor of lines would leave: the same bytes, whichever way they are made."""
    from aidledger.store.edit import edit_record
    from aidledger.store.files import read_text
    from aidledger.store.write import canonical_text, update_record

    records = [
        exchange(id="e1", helped=["bob", "carol"], tags=["ci"]),
        exchange(id="e2", topic="SQL", confirmation=CONFIRMED),
    ]
    original = canonical_text("exchange", records, storage)
    path = tmp_path / f"x.{storage}"
    path.write_text(original, encoding="utf-8")
    edited = edit_record(
        original,
        is_yaml=storage == "yaml",
        kind="exchange",
        key="id",
        record_id=record_id,
        changes=changes,
    )
    tables = parse_file(edited, path.name, "exchange").tables
    expected = canonical_text(
        "exchange", [Exchange.model_validate(table.fields) for table in tables], storage
    )
    update_record(tmp_path, path, "exchange", record_id, changes)
    assert read_text(path, exact=True) == expected


def test_a_file_in_another_layout_keeps_its_bytes_outside_the_change(tmp_path: Path) -> None:
    """A comment is kept: only a file in the writer's own layout is written anew."""
    from aidledger.store.files import read_text
    from aidledger.store.write import canonical_text, update_record

    original = "# kept\n" + canonical_text("exchange", [exchange(id="e1")], "toml")
    path = tmp_path / "x.toml"
    path.write_text(original, encoding="utf-8")
    update_record(tmp_path, path, "exchange", "e1", {"confirmation": CONFIRMED})
    text = read_text(path, exact=True)
    assert text.startswith("# kept\n")
    assert parse_file(text, "x.toml", "exchange").tables[0].fields["confirmation"] == CONFIRMED
