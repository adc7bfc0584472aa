"""The compiled TOML parser reads what tomllib reads, as tomllib reads it, and nothing else.

tomllib, behind the outline that refuses what it cannot hold, is the reference: for any
text the fast path either gives way to it (returns None) or builds the very same
document, value for value and type for type; and a table's line is the outline's.
"""

from __future__ import annotations

import math
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from aidledger.model.records import Exchange, Member, Request
from aidledger.store.parse import (
    BOM,
    MAX_NESTING,
    ParseError,
    _checked_toml,
    _fast_toml,
    _TomlOutline,
    parse_file,
)
from aidledger.store.write import dump_records, record_fields

from .strategies import PROPERTY, any_handles, exchanges, members, requests

any_exchanges = st.lists(any_handles, min_size=2, max_size=4, unique=True).flatmap(
    lambda handles: exchanges(tuple(handles), free_text=True)
)
records = st.one_of(
    st.lists(any_exchanges, min_size=1, max_size=3).map(lambda found: ("exchange", found)),
    st.lists(members(), min_size=1, max_size=3).map(lambda found: ("member", found)),
    st.lists(requests(), min_size=1, max_size=3).map(lambda found: ("request", found)),
)


def same(left: Any, right: Any) -> bool:
    """Equal and of the same types all the way down (a date is not a datetime, 1 not 1.0)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    if isinstance(left, datetime | time):
        return bool(left == right and left.utcoffset() == right.utcoffset())
    return bool(left == right)


def reference(text: str) -> dict[str, Any] | None:
    """The document as the outline and tomllib read it; None when they refuse it."""
    try:
        return _checked_toml(text, "file.toml")[0]
    except ParseError:
        return None


def record_text(kind: str, found: list[Exchange] | list[Member] | list[Request]) -> str:
    return dump_records(kind, [record_fields(record) for record in found], "toml")


@PROPERTY
@given(records)
def test_record_files_are_read_by_the_fast_path_as_tomllib_reads_them(
    drawn: tuple[str, list[Exchange] | list[Member] | list[Request]],
) -> None:
    """A record file as the store writes it is read by the compiled parser, as tomllib reads it."""
    kind, found = drawn
    text = record_text(kind, found)
    fast = _fast_toml(text)
    assert fast is not None
    assert same(fast, tomllib.loads(text))


@PROPERTY
@given(records)
def test_table_lines_are_the_outlines(
    drawn: tuple[str, list[Exchange] | list[Member] | list[Request]],
) -> None:
    """Each table's line, and each field's, is the one the outline finds."""
    kind, found = drawn
    text = "# a comment\n\n" + record_text(kind, found)
    outline = _TomlOutline(text)
    for index, table in enumerate(parse_file(text, "file.toml", kind).tables):
        assert table.line == outline.line_of((kind, index))
        for key in table.fields:
            assert table.line_of((key,)) == outline.line_of((kind, index, key))


toml_scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from((UTC, timezone(timedelta(hours=-5, minutes=-30))))),
    st.times(),
)
toml_documents = st.dictionaries(
    st.text(max_size=8),
    st.recursive(
        toml_scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=12,
    ),
    max_size=6,
)


@PROPERTY
@given(toml_documents, st.booleans())
def test_any_document_is_read_as_tomllib_reads_it(
    document: dict[str, Any], multiline: bool
) -> None:
    """Any document tomli-w writes reads the same by either path, or the fast one gives way."""
    text = tomli_w.dumps(document, multiline_strings=multiline)
    fast = _fast_toml(text)
    assert fast is None or same(fast, reference(text))


# Characters that make TOML go wrong, for the mutations below.
_BREAKERS = "[]{}\"'=#.,\n\r\t\\ 0x9eE+-:TZ_\x00\x7f\ufeff\ud800é"


@st.composite
def mutated_record_files(draw: st.DrawFn) -> str:
    """A record file with a few characters inserted, deleted or replaced."""
    kind, found = draw(records)
    text = record_text(kind, found)
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        text = text[:start] + draw(st.text(_BREAKERS, max_size=3)) + text[end:]
    return text


@PROPERTY
@given(mutated_record_files())
def test_the_fast_path_reads_no_text_that_tomllib_refuses(text: str) -> None:
    """A damaged file is either refused by both paths, or read the same by both."""
    fast = _fast_toml(text)
    if fast is not None:
        assert same(fast, reference(text))


def _deep(opening: str, inner: str, closing: str, levels: int) -> str:
    return "a = " + opening * levels + inner + closing * levels + "\n"


HOSTILE = {
    "a second byte order mark": BOM + "a = 1\n",
    "a number past 64 bits": "a = 9223372036854775808\n",
    "a negative number past 64 bits": "a = -9223372036854775809\n",
    "a hexadecimal number past 64 bits": "a = 0xffffffffffffffff\n",
    "five thousand digits": "a = " + "9" * 5000 + "\n",
    "arrays one level too deep": _deep("[", "", "]", MAX_NESTING + 1),
    "inline tables one level too deep": _deep("{b = ", "1", "}", MAX_NESTING),
    "a dotted key one level too deep": "a" + ".a" * MAX_NESTING + " = 1\n",
    "a header one level too deep": "[" + "a." * MAX_NESTING + "b]\n",
    # Deep enough to overflow the compiled parser's stack, were it to read them.
    "a hundred thousand arrays": _deep("[", "", "]", 100_000),
    "a hundred thousand inline tables": _deep("{b = ", "1", "}", 100_000),
    "TOML 1.1's newline in an inline table": "a = {b = 1,\nc = 2}\n",
    "TOML 1.1's trailing comma in an inline table": "a = {b = 1,}\n",
    "TOML 1.1's escape \\e": 'a = "\\e"\n',
    "TOML 1.1's escape \\x": 'a = "\\x41"\n',
    "TOML 1.1's time without seconds": "a = 10:30\n",
    "a day not on the calendar": "a = 2026-02-30\n",
    "year zero": "a = 0000-01-01\n",
    "a leap second": "a = 23:59:60\n",
    "a control character in a comment": "a = 1 # \x01\n",
    "a lone carriage return": "a = 1\rb = 2\n",
    "a key given twice": "a = 1\na = 2\n",
    "a table declared twice": "[a]\n[a]\n",
    "an inline table extended": "a = {b = 1}\na.c = 2\n",
    "a static array extended": "a = []\n[[a]]\n",
    "a string across lines": 'a = "x\ny"\n',
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_texts_are_left_to_tomllib_which_refuses_them(text: str) -> None:
    """A text outside TOML 1.0 or outside the outline's limits is refused by both paths."""
    assert _fast_toml(text) is None
    with pytest.raises(ParseError):
        _checked_toml(text, "file.toml")


# The deepest nesting the outline reads: the innermost value at MAX_NESTING keys deep.
DEEPEST = {
    "arrays": _deep("[", "", "]", MAX_NESTING),
    "inline tables": _deep("{b = ", "1", "}", MAX_NESTING - 1),
    "a dotted key": "a" + ".a" * (MAX_NESTING - 1) + " = 1\n",
    "a header": "[" + "a." * (MAX_NESTING - 1) + "b]\n",
}


@pytest.mark.parametrize("text", DEEPEST.values(), ids=DEEPEST.keys())
def test_nesting_up_to_the_limit_is_read_the_same(text: str) -> None:
    """Nesting just inside the limit is read by the fast path, and as tomllib reads it."""
    fast = _fast_toml(text)
    assert fast is not None
    assert same(fast, reference(text))


def test_text_the_compiled_parser_cannot_hold_is_left_to_tomllib() -> None:
    """A lone surrogate, which no file decoded from UTF-8 holds, is read by tomllib alone."""
    text = 'a = "\ud800"\n'
    assert _fast_toml(text) is None
    assert reference(text) == {"a": "\ud800"}


def test_the_fast_path_keeps_local_dates_as_dates() -> None:
    """A local date is a date, not a datetime, as tomllib reads it."""
    fast = _fast_toml("day = 2026-03-02\nwhen = 2026-03-02T10:00:00Z\n")
    assert fast is not None
    assert type(fast["day"]) is date
    assert fast["when"] == datetime(2026, 3, 2, 10, tzinfo=UTC)
