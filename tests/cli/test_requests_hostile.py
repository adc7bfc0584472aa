"""Hostile text in requests, through every format of `requests` and every step's sentence,
read back by a real parser: `json` for JSON, `csv` for CSV, markdown-it-py for Markdown,
and control characters and line starts for a terminal and a CI log."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from aidledger.cli.app import app
from tests.conftest import Result, Run

TITLES = {
    "ansi": "Colours \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \x9b2J \u202eevil\u202c",
    "markdown": "A | pipe ![i](https://evil.example/i.png) <!-- hide --> **b** #1 @team",
    "formula": '=HYPERLINK("https://evil.example","x")',
    "command": "fine\n::error::boom ##[warning]w",
}
DETAIL = "-2+3 <script>alert(1)</script>\r\n::set-output name=x::y"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
COMMAND_LINE = re.compile(r"(?:^|[\r\n])\s*::")


@pytest.fixture
def run() -> Run:
    """The output as a terminal gets it: click strips escape sequences from output that is
    not a terminal, which would hide those that field text brings."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, color=True)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def _ask(run: Run, title: str) -> str:
    result = run("ask", title, "--detail", DETAIL, "--skill", "ci", "--as", "bob")
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    return result.stdout.splitlines()[0]


@pytest.fixture(params=["toml", "yaml"])
def hostile(request: pytest.FixtureRequest, git_repo: Path, run: Run) -> dict[str, str]:
    """A ledger (TOML or YAML) with one request per hostile title; ids by label."""
    assert run("init", "--team", "T", "--storage", request.param).exit_code == 0
    for handle in ("alice", "bob"):
        email = ("--email", f"{handle}@example.org")
        assert run("member", "add", handle, *email, "--joined", "2026-01-05").exit_code == 0
    return {label: _ask(run, title) for label, title in TITLES.items()}


def assert_inert(text: str) -> None:
    """No control character, no line a CI runner would read as a command."""
    control = CONTROL.search(text)
    assert control is None, repr(text[max(0, control.start() - 40) : control.end() + 40])
    command = COMMAND_LINE.search(text)
    assert command is None, repr(text[command.start() : command.start() + 60])
    assert "##[" not in text


def _list(run: Run, chosen: str, width: int = 80) -> str:
    result = run("requests", "--format", chosen, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("chosen", ["table", "json", "csv", "markdown"])
def test_no_format_holds_control_characters_or_commands(
    hostile: dict[str, str], run: Run, chosen: str
) -> None:
    """Every format of `requests` is inert for a terminal and a CI log."""
    for width in (60, 80, 123):
        assert_inert(_list(run, chosen, width))


def test_every_step_prints_inert_sentences(hostile: dict[str, str], run: Run) -> None:
    """take, log --request, done and drop print the title without its escapes."""
    for args in (
        ("take", hostile["ansi"]),
        ("log", "30m", TITLES["command"], "--helped", "bob", "--request", hostile["markdown"]),
        ("done", hostile["ansi"], "1h", TITLES["ansi"]),
        ("drop", hostile["formula"], "--as", "bob"),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert_inert(result.stdout)
    assert "Colours [31mred[0m" in run("requests").stdout.replace("\n", " ")


def test_json_keeps_the_text_exactly(hostile: dict[str, str], run: Run) -> None:
    """JSON parses and gives back every title and detail exactly."""
    rows = {row["id"]: row for row in json.loads(_list(run, "json"))}
    for label, request_id in hostile.items():
        assert rows[request_id]["title"] == TITLES[label]
        assert rows[request_id]["detail"] == DETAIL


def test_csv_cells_are_never_formulas(hostile: dict[str, str], run: Run) -> None:
    """CSV parses with one row a request, same columns; no text cell starts a formula."""
    text = _list(run, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == len(TITLES) + 1 == len(text.splitlines())
    header, *body = rows
    assert all(len(row) == len(header) for row in body)
    for row in body:
        for value in row:
            assert not re.match(r"\s*[=+\-@]|[\t\r]", value), value
    titles = {dict(zip(header, row, strict=True))["title"] for row in body}
    assert "'" + TITLES["formula"] in titles


MARKDOWN = MarkdownIt("commonmark").enable(["table"])


def test_markdown_keeps_one_row_and_no_markup_per_request(
    hostile: dict[str, str], run: Run
) -> None:
    """The Markdown table parses with one row a request and seven cells each; field text
    adds no link, image, HTML or emphasis."""
    tokens = MARKDOWN.parse(_list(run, "markdown"))
    rows = [token for token in tokens if token.type == "tr_open"]
    assert len(rows) == len(TITLES) + 1
    cells = [token for token in tokens if token.type in ("td_open", "th_open")]
    assert len(cells) == 7 * (len(TITLES) + 1)
    inline = [child for token in tokens for child in token.children or []]
    kinds = {child.type for child in inline}
    assert not kinds & {"link_open", "image", "html_inline", "strong_open", "em_open"}
    text = "".join(child.content for child in inline if child.type == "text")
    assert "A | pipe" in text
