"""Editing one record in place: every byte outside its lines stays, comments inside it too."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from aidledger.store.edit import EditError, edit_record, toml_headers, toml_record_spans
from aidledger.store.parse import load_yaml

CONFIRMED = {"confirmation": {"by": "bob", "on": date(2026, 3, 10), "useful": 4}}

TOML_RECORD = """\
[[exchange]]
id = "{id}"  # the id
date = 2026-03-02
helper = "alice"
helped = ["bob"]  # only bob
minutes = 30
# a comment inside the record
topic = \"\"\"Review of
[[exchange]]
# not a comment\"\"\"
mode = "pair"
"""
YAML_RECORD = """\
  - id: {id}  # the id
    date: 2026-03-02
    helper: alice
    helped: [bob]  # only bob
    minutes: 30
    # a comment inside the record
    topic: "Review of\\n[[exchange]]"
    mode: pair
"""
IDS = ("x-first", "x-middle", "x-last")


def layout(is_yaml: bool, ids: tuple[str, ...], target: str) -> tuple[str, str, str]:
    """A file of records with comments around each: (before the target, target, after it)."""
    record = YAML_RECORD if is_yaml else TOML_RECORD
    head = "# Written by hand.\n" + ("exchange:\n" if is_yaml else "\n")
    pieces = [head]
    for number, record_id in enumerate(ids):
        if number:
            pieces.append("  # about the next one\n" if is_yaml else "\n# about the next one\n")
        pieces.append(record.format(id=record_id))
    pieces.append("# the end\n")
    index = pieces.index(record.format(id=target))
    return "".join(pieces[:index]), pieces[index], "".join(pieces[index + 1 :])


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def parsed(text: str, is_yaml: bool) -> list[dict[str, object]]:
    document = load_yaml(text) if is_yaml else tomllib.loads(text)
    tables: list[dict[str, object]] = document["exchange"]
    return tables


CASES = [
    pytest.param(is_yaml, ids, target, newline, id=f"{kind}-{shape}-{target}-{name}")
    for is_yaml, kind in ((False, "toml"), (True, "yaml"))
    for shape, ids in (("single", ("x-first",)), ("packed", IDS))
    for target in ids
    for newline, name in (("\n", "lf"), ("\r\n", "crlf"))
]


@pytest.mark.parametrize(("is_yaml", "ids", "target", "newline"), CASES)
def test_an_edit_changes_only_its_record(
    is_yaml: bool, ids: tuple[str, ...], target: str, newline: str
) -> None:
    """Confirming one record keeps every byte before and after its lines, and its comments."""
    before, record, after = (piece.replace("\n", newline) for piece in layout(is_yaml, ids, target))
    text = before + record + after
    edited = edit_record(
        text, is_yaml=is_yaml, kind="exchange", key="id", record_id=target, changes=CONFIRMED
    )
    assert edited.startswith(before)
    assert edited.endswith(after)
    own = edited[len(before) : len(edited) - len(after)]
    assert own.startswith(record)
    assert "\n" not in own.replace(newline, "")
    tables = parsed(edited, is_yaml)
    old_tables = parsed(text, is_yaml)
    for table, old in zip(tables, old_tables, strict=True):
        if table["id"] == target:
            assert table == {**old, **CONFIRMED}
        else:
            assert table == old


@pytest.mark.parametrize("is_yaml", [False, True], ids=["toml", "yaml"])
def test_confirming_again_changes_only_the_rating_line(is_yaml: bool) -> None:
    """A second edit of a confirmation rewrites the changed value, not the lines around it."""
    before, record, after = layout(is_yaml, IDS, "x-middle")
    once = edit_record(
        before + record + after,
        is_yaml=is_yaml,
        kind="exchange",
        key="id",
        record_id="x-middle",
        changes=CONFIRMED,
    )
    twice = edit_record(
        once,
        is_yaml=is_yaml,
        kind="exchange",
        key="id",
        record_id="x-middle",
        changes={"confirmation": {**CONFIRMED["confirmation"], "useful": 2}},
    )
    changed = [
        (old, new)
        for old, new in zip(once.splitlines(), twice.splitlines(), strict=True)
        if old != new
    ]
    assert [new.strip() for _, new in changed] == ["useful: 2" if is_yaml else "useful = 2"]


@pytest.mark.parametrize("is_yaml", [False, True], ids=["toml", "yaml"])
def test_removing_a_field_removes_only_its_lines(is_yaml: bool) -> None:
    """A field set to None disappears with its lines; the rest of the file stays."""
    before, record, after = layout(is_yaml, IDS, "x-last")
    edited = edit_record(
        before + record + after,
        is_yaml=is_yaml,
        kind="exchange",
        key="id",
        record_id="x-last",
        changes={"minutes": None},
    )
    minutes_line = "    minutes: 30\n" if is_yaml else "minutes = 30\n"
    assert edited == before + record.replace(minutes_line, "") + after


def test_a_flow_style_yaml_record_is_rewritten_alone() -> None:
    """A YAML record written `{...}` is written anew in that style; its neighbours stay."""
    first = "exchange:\n  - {id: a, date: 2026-03-02, minutes: 30}  # flow\n"
    second = "  - id: b\n    date: 2026-03-03\n"
    edited = edit_record(
        first + second, is_yaml=True, kind="exchange", key="id", record_id="a", changes=CONFIRMED
    )
    assert edited.endswith("  # flow\n" + second)
    assert parsed(edited, True)[0] == {
        "id": "a",
        "date": date(2026, 3, 2),
        "minutes": 30,
        **CONFIRMED,
    }


def test_a_members_file_with_crlf_keeps_its_line_endings() -> None:
    """Setting `left` on one member of a CRLF file adds one CRLF line and changes nothing else."""
    text = crlf(
        '# The team\n[[member]]\nhandle = "alice"\njoined = 2026-01-05\n\n'
        '[[member]]\nhandle = "bob"  # Bob\njoined = 2026-01-05\n\n# last\n'
    )
    edited = edit_record(
        text,
        is_yaml=False,
        kind="member",
        key="handle",
        record_id="alice",
        changes={"left": date(2026, 3, 1)},
    )
    joined = "joined = 2026-01-05\r\n"
    assert edited == text.replace(joined, joined + "left = 2026-03-01\r\n", 1)


def test_a_missing_record_is_an_error() -> None:
    """Editing a record the text does not hold is refused."""
    before, record, after = layout(False, IDS, "x-first")
    with pytest.raises(EditError, match="holds no exchange 'x-none'"):
        edit_record(
            before + record + after,
            is_yaml=False,
            kind="exchange",
            key="id",
            record_id="x-none",
            changes=CONFIRMED,
        )


def test_headers_inside_strings_and_arrays_are_not_headers() -> None:
    """Lines of multi-line strings or arrays that look like headers are not taken for them."""
    text = (
        "[[exchange]]\ntopic = \"\"\"\n[[exchange]]\n\"\"\"\nnote = '''\n[exchange.x]\n'''\n"
        'helped = [\n  ["a"],\n]\nsay = "[[exchange]]"  # [[exchange]]\n[exchange.confirmation]\n'
        "[[exchange]]\n"
    )
    assert [(parts, is_array) for _, parts, is_array in toml_headers(text)] == [
        (("exchange",), True),
        (("exchange", "confirmation"), False),
        (("exchange",), True),
    ]
    assert len(toml_record_spans(text, "exchange")) == 2


def test_finding_headers_is_linear() -> None:
    """A long file of lines starting with `[` inside a string is scanned quickly."""
    import time

    text = '[[exchange]]\ntopic = """\n' + ("[" * 60 + "a\n") * 5_000 + '"""\n'
    started = time.perf_counter()
    assert len(toml_headers(text)) == 1
    assert time.perf_counter() - started < 1
