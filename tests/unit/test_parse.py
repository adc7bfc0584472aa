"""Parsing record files: the tables of one kind, and the line of each record and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from aidledger.model.records import Exchange
from aidledger.store.load import read_ledger
from aidledger.store.parse import ParseError, parse_file

TWO_EXCHANGES_TOML = """\
# Help Bob got with the release script.
[[exchange]]
id = "2026-11-02-alice-bob-k3f9q2"
date = 2026-11-02
helper = "alice"
helped = ["bob"]
minutes = "45"
topic = "Release script"
mode = "pair"

[exchange.confirmation]
by = "bob"
on = 2026-11-03

[[exchange]]
id = "2026-11-04-carol-bob-z8w2e1"
date = 2026-11-04
helper = "carol"
helped = [
    "bob",
    "Dave",
]
minutes = 30
topic = "Flaky test"
mode = "taught"
"""

TWO_EXCHANGES_YAML = """\
# Help Bob got with the release script.
exchange:
- id: 2026-11-02-alice-bob-k3f9q2
  date: 2026-11-02
  helper: alice
  helped: [bob]
  minutes: '45'
  topic: Release script
  mode: pair
  confirmation:
    by: bob
    'on': 2026-11-03
- id: 2026-11-04-carol-bob-z8w2e1
  date: 2026-11-04
  helper: carol
  helped:
  - bob
  - Dave
  minutes: 30
  topic: Flaky test
  mode: taught
"""


@pytest.mark.parametrize(
    ("path", "text"),
    [("exchanges/x.toml", TWO_EXCHANGES_TOML), ("exchanges/x.yaml", TWO_EXCHANGES_YAML)],
)
def test_every_table_of_the_kind_is_returned_in_order(path: str, text: str) -> None:
    """A file with two exchange tables gives both, in file order, TOML or YAML."""
    tables = parse_file(text, path, "exchange").tables
    assert [table.fields["helper"] for table in tables] == ["alice", "carol"]


def test_toml_records_start_on_their_header_lines() -> None:
    """In TOML, a record's line is its `[[exchange]]` header."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert [table.line for table in parsed.tables] == [2, 15]


def test_yaml_records_start_on_their_list_items() -> None:
    """In YAML, a record's line is the `- ` that starts its list item."""
    parsed = parse_file(TWO_EXCHANGES_YAML, "x.yaml", "exchange")
    assert [table.line for table in parsed.tables] == [3, 13]


def test_a_field_is_found_on_its_own_line_in_toml() -> None:
    """The line of `minutes` in the first record is the line where it is written."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert parsed.tables[0].line_of(("minutes",)) == 7


def test_a_field_of_the_second_record_is_found_in_that_record() -> None:
    """The same field in the second record is found in the second record, not the first."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert parsed.tables[1].line_of(("minutes",)) == 23


def test_a_sub_table_field_is_found_under_its_header() -> None:
    """A field of `[exchange.confirmation]` is found on its own line."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert parsed.tables[0].line_of(("confirmation", "on")) == 13


def test_a_missing_field_points_at_its_record() -> None:
    """A field the record lacks is placed at the record's header line."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert parsed.tables[1].line_of(("source",)) == 15


def test_a_bad_list_item_points_at_its_list_in_toml() -> None:
    """A bad item of a TOML list (helped[1]) points at that list, inside its own record."""
    parsed = parse_file(TWO_EXCHANGES_TOML, "x.toml", "exchange")
    assert parsed.tables[1].line_of(("helped", 1)) in (19, 21)


def test_yaml_fields_and_list_items_are_found_on_their_lines() -> None:
    """In YAML, fields, sub-table fields and list items have their own lines."""
    first, second = parse_file(TWO_EXCHANGES_YAML, "x.yaml", "exchange").tables
    assert first.line_of(("minutes",)) == 7
    assert first.line_of(("confirmation", "on")) == 12
    assert second.line_of(("minutes",)) == 19
    assert second.line_of(("helped", 1)) == 18


@pytest.mark.parametrize("path", ["x.toml", "x.yaml"])
def test_a_validation_error_maps_to_the_line_of_its_field(path: str) -> None:
    """A bad `minutes` on line 7 is reported at line 7, through the error's location."""
    text = TWO_EXCHANGES_TOML if path.endswith("toml") else TWO_EXCHANGES_YAML
    table = parse_file(text, path, "exchange").tables[0]
    with pytest.raises(ValidationError) as caught:
        Exchange.model_validate(table.fields)
    (error,) = caught.value.errors()
    assert table.line_of(tuple(error["loc"])) == 7


def test_loading_a_folder_reports_a_bad_field_at_its_line(tmp_path: Path) -> None:
    """Loading a data folder reports a wrong `minutes` as `path:7: minutes: ...`."""
    (tmp_path / "aidledger.toml").write_text('format_version = 1\nteam = "T"\n', encoding="utf-8")
    (tmp_path / "charter.toml").write_text('[charter]\ntitle = "C"\n', encoding="utf-8")
    (tmp_path / "members.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "exchanges" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "x.toml").write_text(TWO_EXCHANGES_TOML, encoding="utf-8")
    _, problems = read_ledger(tmp_path)
    minutes_problems = [problem for problem in problems if "minutes" in problem.message]
    assert [problem.location.line for problem in minutes_problems] == [7]
    assert minutes_problems[0].location.path.endswith("exchanges/2026/11/x.toml")


def test_invalid_toml_is_a_parse_error_with_line_and_column() -> None:
    """Broken TOML gives a ParseError with the parser's line and column."""
    with pytest.raises(ParseError) as caught:
        parse_file('[[exchange]]\nid = "a"\nminutes = = 4\n', "x.toml", "exchange")
    location = caught.value.problem.location
    assert (location.path, location.line) == ("x.toml", 3)
    assert location.column is not None
    assert caught.value.problem.message.startswith("invalid TOML")


def test_invalid_yaml_is_a_parse_error_with_a_line() -> None:
    """Broken YAML gives a ParseError with the parser's line."""
    with pytest.raises(ParseError) as caught:
        parse_file("exchange:\n- id: a\n  helped: [bob\n", "x.yaml", "exchange")
    assert caught.value.problem.location.line is not None
    assert caught.value.problem.message.startswith("invalid YAML")


def test_an_unsafe_yaml_tag_is_refused() -> None:
    """A YAML tag that would build a Python object is refused, with its line, not run."""
    text = 'exchange:\n- id: a\n  topic: !!python/object/apply:os.system ["echo owned"]\n'
    with pytest.raises(ParseError) as caught:
        parse_file(text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 3
    assert "unsafe or unknown" in caught.value.problem.message


def test_an_unexpected_top_level_key_is_refused() -> None:
    """A file of exchanges holds nothing but `[[exchange]]` tables."""
    with pytest.raises(ParseError, match="unexpected top-level key 'request'"):
        parse_file('[[request]]\nid = "a"\n', "x.toml", "exchange")


def test_an_unexpected_top_level_key_is_placed_on_its_line() -> None:
    """An unexpected top-level `key =` is reported on its line."""
    with pytest.raises(ParseError) as caught:
        parse_file('# a stray key\nteam = "T"\n\n[[exchange]]\nid = "a"\n', "x.toml", "exchange")
    assert caught.value.problem.location.line == 2


def test_an_unexpected_array_of_tables_is_placed_on_its_header() -> None:
    """An unexpected `[[request]]` table in a file of exchanges is reported at its header."""
    with pytest.raises(ParseError) as caught:
        parse_file('[[request]]\nid = "a"\n', "x.toml", "exchange")
    assert caught.value.problem.location.line == 1


def test_a_file_without_tables_of_its_kind_is_refused() -> None:
    """A record file with no `[[exchange]]` table is a problem."""
    with pytest.raises(ParseError, match=r"no \[\[exchange\]\] table"):
        parse_file("", "x.toml", "exchange")


def test_an_empty_members_file_is_allowed() -> None:
    """A members file may be empty (a new team has no members yet)."""
    assert parse_file("", "members.toml", "member", allow_empty=True).tables == []


def test_a_yaml_document_that_is_not_a_mapping_is_refused() -> None:
    """A YAML file whose top level is a list is not a record file."""
    with pytest.raises(ParseError, match="not a mapping"):
        parse_file("- a\n- b\n", "x.yaml", "exchange")


def test_a_table_that_is_not_a_table_is_refused() -> None:
    """Each item under `exchange:` must be a table."""
    with pytest.raises(ParseError, match="exchange 1 is not a table"):
        parse_file("exchange:\n- just text\n", "x.yaml", "exchange")


def test_a_hand_written_yaml_confirmation_on_key_is_read_as_on() -> None:
    """A person writing `on: 2026-11-03` in YAML gets the field `on`, as in TOML."""
    text = TWO_EXCHANGES_YAML.replace("'on':", "on:")
    confirmation = parse_file(text, "x.yaml", "exchange").tables[0].fields["confirmation"]
    assert "on" in confirmation


def test_a_repeated_yaml_key_is_refused_on_its_line() -> None:
    """YAML keeps the last of two equal keys; aidledger refuses the file, as TOML would."""
    text = "exchange:\n- id: a1\n  minutes: 30\n  minutes: 1400\n"
    with pytest.raises(ParseError) as caught:
        parse_file(text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 4
    assert "appears twice" in caught.value.problem.message


def test_yaml_anchors_and_aliases_are_refused() -> None:
    """An alias could blow a small file up; records never need one."""
    text = "exchange:\n- id: a1\n  topic: &t x\n  source: *t\n"
    with pytest.raises(ParseError) as caught:
        parse_file(text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 4
    assert "aliases" in caught.value.problem.message


@pytest.mark.parametrize(
    "text",
    ["1: x\nfoo: y\nexchange: []\n", "? [a, b]\n: x\nexchange: []\n"],
    ids=["mixed-key-types", "list-as-key"],
)
def test_odd_yaml_keys_are_problems_not_crashes(text: str) -> None:
    """Keys of mixed types, or a list used as a key, give a ParseError with a line."""
    with pytest.raises(ParseError) as caught:
        parse_file(text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[rules]\nwindow_days = 30\n[rules]\nhalf_life_days = 3\n",
            "charter.toml:3:7: invalid TOML: the table [rules] is declared twice;"
            " merge the two into one",
        ),
        (
            "[warnings.concentration]\nwarn = 1\n[warnings.concentration]\nfail = 2\n",
            "charter.toml:3:24: invalid TOML: the table [warnings.concentration] is declared"
            " twice; merge the two into one",
        ),
        (
            "a = 1\na = 2\n",
            "charter.toml:2:6: invalid TOML: this key is already set:"
            " a key may appear once in its table",
        ),
        (
            "a = {x = 1}\na.y = 2\n",
            "charter.toml:2:8: invalid TOML: [a] was already written in full above;"
            " add to it there",
        ),
        (
            "title = Release\n",
            "charter.toml:1:9: invalid TOML: a value is missing or cannot be read here"
            " (text needs quotes)",
        ),
    ],
)
def test_toml_mistakes_are_said_without_the_readers_words(text: str, expected: str) -> None:
    """tomllib's messages name its internals (`cannot declare ('rules',) twice`); the
    problem says what is wrong in the file's own terms, on the right line."""
    with pytest.raises(ParseError) as raised:
        parse_file(text, "charter.toml", None)
    assert str(raised.value) == expected
