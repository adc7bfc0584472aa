"""Escaping at the edge, one rule per test: terminal text, Markdown cells, CSV cells, JSON."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt
from rich.table import Table

from aidledger.render.json_text import json_text
from aidledger.render.markdown import Markdown, cell
from aidledger.render.spreadsheet import csv_text, spreadsheet_value
from aidledger.render.terminal import to_text
from aidledger.render.text import WorkflowCommands, printable, without_workflow_commands

BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\v", "\f", "\t"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("brk", BREAKS)
def test_printable_flattens_every_line_break(brk: str) -> None:
    """Every line break, and the tab, becomes one space."""
    assert printable(f"a{brk}b") == "a b"


@pytest.mark.parametrize("control", CONTROLS)
def test_printable_removes_control_characters(control: str) -> None:
    """C0 and C1 controls, DEL and the bidi overrides and isolates are removed."""
    assert printable(f"a{control}b") == "ab"


def test_printable_keeps_letters_of_every_script() -> None:
    """Accents, right-to-left letters, emoji and the bidi marks LRM and RLM are kept."""
    text = "Zoë שלום\u200f 🙂 \u200e漢字"
    assert printable(text) == text


@pytest.mark.parametrize(
    ("output", "inert"),
    [
        ("::error::x\n", "\u200b::error::x\n"),
        ("a\n  ::warning::x", "a\n  \u200b::warning::x"),
        ("a\r::stop-commands::t", "a\r\u200b::stop-commands::t"),
        ("a ##[error]x", "a ##\u200b[error]x"),
        ("a :: b\nc::d", "a :: b\nc::d"),
    ],
)
def test_no_line_starts_a_workflow_command(output: str, inert: str) -> None:
    """A `::` at a line start (after whitespace) and any `##[` get a zero-width space."""
    assert without_workflow_commands(output) == inert


def test_annotations_are_kept_as_commands() -> None:
    """Output marked as workflow commands (`check --format github`) is left as it is."""
    assert without_workflow_commands(WorkflowCommands("::error::x\n")) == "::error::x\n"


MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.mark.parametrize(
    "text",
    [
        "<!-- hidden",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "![image](https://evil.example/x.png)",
        "[link](https://evil.example)",
        "<https://evil.example>",
        "*em* _em_ **strong** ~~strike~~ `code`",
        "&lt;b&gt; &#60;",
        "back\\slash \\*",
    ],
)
def test_a_markdown_cell_shows_its_text_literally(text: str) -> None:
    """Rendered, an escaped cell is one paragraph whose only token is the text itself."""
    tokens = MARKDOWN.parse(f"- x: {cell(text)}")
    inline = next(token for token in tokens if token.type == "inline")
    assert [child.type for child in inline.children or []] == ["text"]
    # The zero-width spaces that break GitHub's bare links are invisible, and only those.
    assert inline.children and inline.children[0].content.replace("\u200b", "") == f"x: {text}"


def test_a_markdown_cell_keeps_its_table_row() -> None:
    """A pipe and a line break in a cell leave the row with its columns, on one line."""
    row = " | ".join(cell(text) for text in ("x | y", "1\r\n# two"))
    page = f"| a | b |\n|---|---|\n| {row} |\n"
    cells = [token.content for token in MARKDOWN.parse(page) if token.type == "inline"]
    assert cells == ["a", "b", "x | y", "1 \\# two"]


def test_markdown_written_by_aidledger_is_kept() -> None:
    """Text marked `Markdown` (a code span around an id) is placed as it is."""
    assert cell(Markdown("`net-balance`")) == "`net-balance`"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", " =", "  @"])
def test_csv_text_starting_a_formula_gets_a_quote(start: str) -> None:
    """A text cell starting with =, +, -, @, tab or CR, after spaces or not, starts with '."""
    assert str(spreadsheet_value(f"{start}SUM(A1)")).startswith("'")


@pytest.mark.parametrize("hidden", ["\x1b", "\x00", "\x7f", "\x9b", "\u2066", "\u202e"])
def test_csv_formulas_behind_control_characters_get_a_quote(hidden: str) -> None:
    """A control or bidi character in front does not hide a formula from the check."""
    value = str(spreadsheet_value(f'{hidden}=HYPERLINK("https://x.example","y")'))
    assert value.startswith("'=")


def test_csv_numbers_are_not_text() -> None:
    """A negative number is written as a number, without a quote."""
    assert csv_text(("net_minutes",), [(-15,), (2.5,)]) == "net_minutes\n-15\n2.5\n"


def test_csv_text_is_on_one_line() -> None:
    """A line break in a CSV text cell becomes a space: one record, one line."""
    assert csv_text(("topic",), [("a\nb\r\nc",)]) == "topic\na b c\n"


def test_json_round_trips_and_escapes_what_a_terminal_acts_on() -> None:
    """JSON escapes what a terminal or CI log acts on, and parses back to the same text."""
    text = "a\x1b[2J\x9b\u202e\u2028\x7f ##[error]x é"
    written = json_text({"topic": text})
    assert json.loads(written) == {"topic": text}
    assert (
        written == '{\n  "topic": "a\\u001b[2J\\u009b\\u202e\\u2028\\u007f ##\\u005berror]x é"\n}\n'
    )


def test_terminal_text_never_reads_markup_nor_passes_controls() -> None:
    """Even a cell not made `plain` shows markup as written, without controls, aligned."""
    table = Table()
    table.add_column("topic")
    table.add_row("[/api] [link=https://evil.example]x[/link] \x1b]52;c;Zg==\x07\x1b[2J\u202e")
    lines = to_text(table, width=80, color=True).splitlines()
    assert "[/api] [link=https://evil.example]x[/link] ]52;c;Zg==[2J" in lines[3]
    assert not any(char in "\x07\u202e" for line in lines for char in line)
    assert all("\x1b]" not in line and "\x1b[2J" not in line for line in lines)
    assert len({len(line) for line in to_text(table, width=80).splitlines()}) == 1


@pytest.mark.parametrize("text", ["https://evil.example/login", "www.evil.example", "@team"])
def test_markdown_breaks_what_github_would_link_or_mention(text: str) -> None:
    """Bare addresses and @mentions, which GitHub links without any markup, are broken."""
    escaped = cell(f"see {text} now")
    assert text not in escaped
    assert escaped.replace("\u200b", "") == f"see {text} now"
