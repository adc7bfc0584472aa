"""Parsing hostile text: lines found in linear time and never inside strings, YAML 1.2
numbers, bounded nesting and numbers, byte order marks and CRLF line endings."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date

import pytest
import yaml

from aidledger.store.parse import (
    MAX_NESTING,
    ParseError,
    load_yaml,
    parse_file,
    quote_like_the_reader,
)

RECORD = """\
[[exchange]]
id = "a1"
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 45
mode = "pair"
"""


def _multiline_brackets(size: int) -> str:
    """A valid file: long lines starting with `[` inside a multi-line string."""
    line = "[" + " [a" * 300 + "\n"
    return RECORD + 'topic = """\n' + line * (size // len(line) + 1) + '"""\n' + RECORD


def _spaced_brackets(size: int) -> str:
    """A valid file: `[`, thousands of spaces and a word, on each line of a string.

    The line finder of old took minutes on 18 KB of these: its header pattern tried every
    way to share the spaces between three of its parts.
    """
    line = "[" + " " * 3000 + "x\n"
    return RECORD + 'topic = """\n' + line * (size // len(line) + 1) + '"""\n'


def _spaced_headers(size: int) -> str:
    """Invalid TOML: the same lines outside any string."""
    line = "[" + " " * 3000 + "x\n"
    return line * (size // len(line) + 1)


def _literal_quotes(size: int) -> str:
    """A valid file: a multi-line literal string of lines of quotes and brackets."""
    line = "[[exchange]] '' \"\" # [x] " * 20 + "\n"
    return RECORD + "topic = '''\n" + line * (size // len(line) + 1) + "'''\n"


def _open_headers(size: int) -> str:
    """Invalid TOML: headers that never close, of words split by many spaces and dots."""
    line = "[ " + "a . " * 200 + "\n"
    return line * (size // len(line) + 1)


def _escapes(size: int) -> str:
    """A valid file: one long basic string of escaped quotes and backslashes."""
    return RECORD + 'topic = "' + '\\"\\\\' * (size // 4) + '"\n'


def _many_tables(size: int) -> str:
    """A valid file of many small `[[exchange]]` tables with sub-tables."""
    table = RECORD + 'topic = "T"\n[exchange.confirmation]\nby = "bob"\non = 2026-03-03\n\n'
    return table * (size // len(table) + 1)


def _seconds(text: str) -> float:
    """The best of three parses, so that one pause of the machine does not count."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with contextlib.suppress(ParseError):
            parse_file(text, "x.toml", "exchange")
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "make",
    [
        _multiline_brackets,
        _spaced_brackets,
        _spaced_headers,
        _literal_quotes,
        _open_headers,
        _escapes,
        _many_tables,
    ],
)
def test_finding_lines_takes_time_linear_in_the_size(make: Callable[[int], str]) -> None:
    """Four times the text takes about four times as long, never sixteen; 30 KB is quick."""
    small, large = make(30_000), make(120_000)
    assert len(small) >= 30_000
    small_seconds, large_seconds = _seconds(small), _seconds(large)
    assert small_seconds + large_seconds < 2.0
    assert large_seconds < 10 * small_seconds + 0.05


def test_a_header_inside_a_multiline_string_does_not_shift_lines() -> None:
    """`[[exchange]]` inside a multi-line string is text: the next record keeps its line."""
    text = (
        RECORD
        + 'topic = """\n[[exchange]]\nid = "fake"\n"""\n'
        + "source = '''\n[[exchange]]\n'''\n"
        + RECORD
        + 'topic = "Second"\n'
    )
    parsed = parse_file(text, "x.toml", "exchange")
    assert [table.line for table in parsed.tables] == [1, 15]
    assert parsed.tables[1].line_of(("topic",)) == 22
    assert parsed.tables[0].line_of(("source",)) == 12


def test_strings_with_hashes_and_brackets_are_text() -> None:
    """A `#` or `[` inside a string neither ends the line nor starts a table."""
    text = RECORD.replace('mode = "pair"', 'mode = "pair # [x]"') + (
        'topic = "[[exchange]] # not a comment"\ntags = ["#a", "[b]"]\n'
        '\n[exchange.confirmation]\nby = "bob"\n'
    )
    table = parse_file(text, "x.toml", "exchange").tables[0]
    assert table.line_of(("tags", 1)) == 9
    assert table.line_of(("confirmation", "by")) == 12


def test_quoted_dotted_and_inline_keys_have_their_lines() -> None:
    """Quoted keys, dotted keys and keys of inline tables are each found on their line."""
    text = (
        RECORD
        + '"topic" = "T"\n'
        + "confirmation.by = 'bob'\n"
        + 'tags = [\n  "a",\n  { name = "b" },\n]\n'
    )
    table = parse_file(text, "x.toml", "exchange").tables[0]
    assert table.line_of(("topic",)) == 8
    assert table.line_of(("confirmation", "by")) == 9
    assert table.line_of(("tags", 1, "name")) == 12


def test_arrays_of_tables_inside_arrays_of_tables_are_counted_apart() -> None:
    """`[[a.b]]` belongs to the last `[[a]]`: the second record's sub-table is its own."""
    text = "[[a]]\nx = 1\n[[a.b]]\ny = 1\n[[a]]\nx = 2\n[[a.b]]\ny = 2\n[[a.b]]\ny = 3\n"
    parsed = parse_file(text, "x.toml", None)
    assert parsed.line_of(("a", 1, "b", 1, "y")) == 10
    assert parsed.line_of(("a", 0, "b", 0, "y")) == 4


def test_crlf_line_endings_keep_line_numbers() -> None:
    """A file with CRLF line endings has the same line numbers, in TOML and in YAML."""
    toml_text = (RECORD + 'topic = "T"\n\n[exchange.confirmation]\nby = "bob"\n').replace(
        "\n", "\r\n"
    )
    table = parse_file(toml_text, "x.toml", "exchange").tables[0]
    assert table.line_of(("confirmation", "by")) == 11
    yaml_text = "exchange:\r\n- id: a1\r\n  minutes: 45\r\n  minutes: 50\r\n"
    with pytest.raises(ParseError) as caught:
        parse_file(yaml_text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 4


@pytest.mark.parametrize("path", ["x.toml", "x.yaml"])
def test_a_byte_order_mark_is_read_and_dropped(path: str) -> None:
    """A file that starts with a UTF-8 byte order mark reads as if it had none."""
    text = RECORD if path.endswith("toml") else "exchange:\n- id: a1\n  minutes: 45\n"
    parsed = parse_file("\ufeff" + text, path, "exchange")
    assert parsed.tables[0].fields["id"] == "a1"
    assert parsed.tables[0].line_of(("minutes",)) == (6 if path.endswith("toml") else 3)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("0045", 45),
        ("010", 10),
        ("1:30", "1:30"),
        ("0b11", "0b11"),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("+12", 12),
        ("1e3", 1000.0),
        ("yes", "yes"),
        ("off", "off"),
        ("~", None),
        ("2026-03-02", date(2026, 3, 2)),
    ],
)
def test_yaml_scalars_follow_the_yaml_1_2_core_schema(written: str, read: object) -> None:
    """YAML 1.1 read 0045 as 37, 010 as 8, 1:30 as 90 and 0b11 as 3; 1.2 does not."""
    assert load_yaml(f"value: {written}\n") == {"value": read}


@pytest.mark.parametrize("text", ["0o17", "1e3", "0045", "1:30", "yes", "1_000", "2026-03-02"])
def test_a_dumper_quotes_text_the_reader_would_take_for_something_else(text: str) -> None:
    """A dumper given the reader's resolvers writes such text quoted: it reads back as text."""

    class Dumper(yaml.SafeDumper):
        pass

    quote_like_the_reader(Dumper)
    assert load_yaml(yaml.dump({"topic": text}, Dumper=Dumper)) == {"topic": text}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a day on the calendar"),
        ("0000-01-01", "'0000-01-01' is not a day on the calendar"),
        ("!!timestamp soon", "'soon' is not a day on the calendar"),
        ("9" * 5000, "is too large: a whole number lies between"),
        ("-9223372036854775809", "is too large"),
        ("0x" + "f" * 17, "is too large"),
        ("!!float abc", "'abc' cannot be read as !!float"),
        ("!!int 12abc", "'12abc' is not a whole number"),
        ("!!binary aGk=", "unsafe or unknown tag '!!binary'"),
        ("!!set {a}", "unsafe or unknown tag '!!set'"),
        ("[" * 100 + "]" * 100, f"nest more than {MAX_NESTING} levels deep"),
        ("{a: " * 100 + "1" + "}" * 100, f"nest more than {MAX_NESTING} levels deep"),
    ],
)
def test_yaml_values_that_cannot_be_held_are_refused_on_their_line(
    value: str, message: str
) -> None:
    """Impossible dates, huge numbers, odd tags and deep nesting: a sentence at line 3."""
    text = f"exchange:\n- id: a1\n  minutes: {value}\n"
    with pytest.raises(ParseError) as caught:
        parse_file(text, "x.yaml", "exchange")
    assert caught.value.problem.location.line == 3
    assert message in caught.value.problem.message


def test_yaml_nesting_is_refused_in_blocks_too() -> None:
    """Nesting in block style is bounded as in flow style."""
    text = "exchange:\n- id: a1\n  topic:\n" + "".join(
        "  " * (depth + 2) + "k:\n" for depth in range(60)
    )
    with pytest.raises(ParseError, match="nest more than"):
        parse_file(text, "x.yaml", "exchange")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, "is too large: a whole number lies between"),
        ("1" + "0" * 400, "is too large"),
        ("0x" + "f" * 5000, "is too large"),
        ("-9223372036854775809", "is too large"),
        ("0b1" + "0" * 63, "is too large"),
        ("[" * 200 + "]" * 200, f"nest more than {MAX_NESTING} levels deep"),
        ("{a = " * 200 + "1" + "}" * 200, f"nest more than {MAX_NESTING} levels deep"),
    ],
)
def test_toml_values_that_cannot_be_held_are_refused_on_their_line(
    value: str, message: str
) -> None:
    """Huge numbers and deep nesting in TOML: a sentence at the line of the value."""
    with pytest.raises(ParseError) as caught:
        parse_file(RECORD + f"topic = {value}\n", "x.toml", "exchange")
    assert caught.value.problem.location.line == 8
    assert message in caught.value.problem.message


def test_the_largest_toml_whole_numbers_are_read() -> None:
    """The 64-bit bounds themselves are whole numbers TOML allows."""
    text = RECORD + "a = 9223372036854775807\nb = -9223372036854775808\nc = 0x7FFF_FFFF_FFFF_FFFF\n"
    fields = parse_file(text, "x.toml", "exchange").tables[0].fields
    assert fields["a"] == fields["c"] == 2**63 - 1
    assert fields["b"] == -(2**63)


def test_deeply_dotted_toml_keys_are_refused() -> None:
    """A header or key of hundreds of dotted parts nests as deep as brackets would."""
    with pytest.raises(ParseError, match="nest more than"):
        parse_file("[" + "a." * 100 + "b]\n", "x.toml", None)
    with pytest.raises(ParseError, match="nest more than"):
        parse_file("a" + ".a" * 100 + " = 1\n", "x.toml", None)
