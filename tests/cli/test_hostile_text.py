"""Hostile text in every field, through every output format, checked with a real parser.

One ledger holds a hostile team name, member name, topics (logged by the commands and
written by hand, in TOML and in YAML) and request title. Each output is read as its reader
would read it: `json` for JSON, `csv` for CSV, markdown-it-py (CommonMark with GFM tables)
for Markdown, and control characters and line starts for a terminal and a CI log. The
same ledger with plain text in every field gives the Markdown structure to expect: field
text may change the words of a page, never its structure.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from aidledger.cli.app import app
from tests.conftest import Result, Run

TEAM = "Testers <!-- \r# Fake heading\n::error::team ##[warning]t \x1b[2J [bold]"
NAME = (
    "-Eve [link=https://evil.example]x[/link] [hidden]h <img src=x>\n::error::n \x1b]52;c;Zg==\x07"
)
TOPICS = {
    "markup": (
        "Fix the [/api/v1] route [link=https://evil.example]click[/link] [hidden]gone[/hidden]"
    ),
    "html": "<!-- hide <script>alert(1)</script> <img src=x onerror=alert(1)> &amp; -->",
    "markdown": (
        "![i](https://evil.example/i.png) [l](https://evil.example) <https://evil.example> "
        "*e* __s__ `c` ~~x~~ | $m$ #1"
    ),
    "breaks": (
        "one\r# heading\n::error::boom\r\n::stop-commands::tok\u2028- item\u2029> quote\x85| a |"
    ),
    "escapes": (
        "\x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \u202eevil\u202c \u2066x\u2069 a\tb ##[error]x"
    ),
    "formula": '=HYPERLINK("https://evil.example","x")',
    "plus": "+1 for the review",
    "at": "@SUM(A1:A9)",
}
TITLE = "Need <script>![i](x) \n::error::request \x1b]52;c;Zg==\x07 [/x]"
Fill = Callable[[str, str], str]

# What a terminal or a CI log must never receive from field text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
COMMAND_LINE = re.compile(r"(?:^|[\r\n])\s*::")


@pytest.fixture
def run() -> Run:
    """`aidledger ARGS...` in-process, as the shared `run` fixture, but with the output as a
    terminal gets it: click strips escape sequences from output that is not a terminal,
    which would hide those that field text brings."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, color=True)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def hostile_text(text: str, label: str) -> str:
    return text


def plain_text(text: str, label: str) -> str:
    """The plain counterpart of a hostile text, in the same field."""
    return f"Plain {label}"


def _toml(text: str) -> str:
    """A TOML (and YAML) double-quoted string: JSON's escapes are theirs too."""
    return json.dumps(text)


def fill_ledger(root: Path, run: Run, fill: Fill) -> None:
    """Give the `ledger` fixture's team `fill(text, label)` in every free-text field: by
    hand in aidledger.toml, a TOML and a YAML exchange and a request; by the commands in
    a member's name and in the topics of `log` and `thanks`."""

    def ok(*args: str) -> None:
        result = run(*args, "--root", str(root))
        assert result.exit_code == 0, result.stderr

    settings = root / "aidledger.toml"
    team = f"team = {_toml(fill(TEAM, 'team'))}"
    settings.write_text(re.sub(r"(?m)^team = .*$", lambda _: team, settings.read_text()))
    ok("member", "add", "dave", "--name", fill(NAME, "name"), "--joined", "2026-01-05")
    for day in ("01", "02", "03"):
        topic = fill(TOPICS["breaks"], "breaks")
        ok("log", "--as", "bob", "--helper", "alice", "--helped", "bob", "30m", topic,
           "--date", f"2026-03-{day}")  # fmt: skip
    for label in ("markup", "formula", "plus", "at"):
        ok("log", "--as", "dave", "--helper", "dave", "--helped", "carol", "20m",
           fill(TOPICS[label], label), "--date", "2026-03-04")  # fmt: skip
    ok("thanks", "dave", "45m", fill(TOPICS["html"], "html"), "--as", "alice", "--useful", "5",
       "--date", "2026-03-05")  # fmt: skip
    month = root / "exchanges" / "2026" / "03"
    (month / "2026-03-06-carol-dave-hand01.toml").write_text(
        '[[exchange]]\nid = "2026-03-06-carol-dave-hand01"\ndate = 2026-03-06\n'
        'helper = "carol"\nhelped = ["dave"]\nminutes = 40\n'
        f'topic = {_toml(fill(TOPICS["markdown"], "markdown"))}\nmode = "taught"\n'
    )
    (month / "2026-03-07-bob-dave-hand02.yaml").write_text(
        "exchange:\n  - id: 2026-03-07-bob-dave-hand02\n    date: 2026-03-07\n"
        "    helper: bob\n    helped: [dave]\n    minutes: 25\n"
        f"    topic: {_toml(fill(TOPICS['escapes'], 'escapes'))}\n    mode: advice\n"
    )
    (root / "requests" / "2026-01-10-bob-hand03.toml").write_text(
        '[[request]]\nid = "2026-01-10-bob-hand03"\nopened = 2026-01-10\nby = "bob"\n'
        f"title = {_toml(fill(TITLE, 'title'))}\n"
    )


@pytest.fixture
def hostile(ledger: Path, run: Run) -> Path:
    """The ledger with hostile text in every free-text field."""
    fill_ledger(ledger, run, hostile_text)
    return ledger


@pytest.fixture
def twins(ledger: Path, run: Run, tmp_path: Path) -> tuple[Path, Path]:
    """Two ledgers alike but for their text: plain in the first, hostile in the second."""
    plain = tmp_path / "plain"
    shutil.copytree(ledger, plain)
    fill_ledger(plain, run, plain_text)
    fill_ledger(ledger, run, hostile_text)
    return plain, ledger


TABLE_FORMATS = ("table", "json", "csv", "markdown")
PAGE_FORMATS = ("table", "json", "markdown")
COMMANDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exchanges": (("exchanges",), TABLE_FORMATS),
    "members": (("member", "list"), TABLE_FORMATS),
    "balance": (("balance",), TABLE_FORMATS),
    "report": (("report",), PAGE_FORMATS),
    "statement": (("statement", "dave"), PAGE_FORMATS),
    "me": (("me", "--as", "dave"), PAGE_FORMATS),
    "graph": (("graph",), ("mermaid", "dot")),
}
OUTPUTS = [(name, chosen) for name, (_, formats) in COMMANDS.items() for chosen in formats]


def output(run: Run, name: str, chosen: str, root: Path | None = None, **env: str) -> str:
    args, _ = COMMANDS[name]
    where = ("--root", str(root)) if root is not None else ()
    result = run(*args, "--format", chosen, *where, env={"COLUMNS": "60", **env})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def assert_inert(text: str) -> None:
    """No control character, no line a CI runner would read as a command."""
    control = CONTROL.search(text)
    assert control is None, repr(text[max(0, control.start() - 40) : control.end() + 40])
    command = COMMAND_LINE.search(text)
    assert command is None, repr(text[command.start() : command.start() + 60])
    assert "##[" not in text


# --- terminal and CI logs -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "chosen"), OUTPUTS)
def test_no_output_holds_control_characters_or_workflow_commands(
    hostile: Path, run: Run, name: str, chosen: str
) -> None:
    """No output has a control character, a bidi override, a `::` line start or a `##[`."""
    assert_inert(output(run, name, chosen, GITHUB_ACTIONS="true"))


@pytest.mark.parametrize("name", ["exchanges", "members", "report", "statement", "me"])
def test_terminal_shows_markup_as_written(hostile: Path, run: Run, name: str) -> None:
    """Rich markup in a field is shown as written: no crash, no link, nothing hidden."""
    shown = " ".join(output(run, name, "table", COLUMNS="1000").split())
    if name in ("exchanges", "statement"):
        assert "Fix the [/api/v1] route [link=https://evil.example]click[/link]" in shown
    if name in ("members", "statement", "me"):
        assert "-Eve [link=https://evil.example]x[/link] [hidden]h <img src=x> ::error::n" in shown
    if name in ("report", "statement", "me"):
        assert "Testers <!-- # Fake heading ::error::team" in shown


def test_wrapped_table_lines_never_start_a_command(hostile: Path, run: Run) -> None:
    """However a table wraps a topic, no line starts with `::`."""
    for width in range(60, 100, 3):
        assert_inert(output(run, "exchanges", "table", COLUMNS=str(width)))


def test_dot_labels_stay_on_their_line(hostile: Path, run: Run) -> None:
    """The team's name in a DOT label is one quoted line, its quotes and breaks inert."""
    label = next(line for line in output(run, "graph", "dot").splitlines() if "label=" in line)
    assert re.fullmatch(r'    label="([^"\\]|\\.)*";', label), label


# --- JSON -----------------------------------------------------------------------------------


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


JSON_TEXTS = {
    "exchanges": [*TOPICS.values()],
    "members": [NAME],
    "report": [TEAM, TOPICS["html"]],
    "statement": [TEAM, NAME, TOPICS["markup"], TOPICS["markdown"], TOPICS["escapes"]],
    "me": [TEAM, NAME],
}


@pytest.mark.parametrize("name", JSON_TEXTS)
def test_json_keeps_field_text_exactly(hostile: Path, run: Run, name: str) -> None:
    """JSON parses, and every field's text comes back exactly, control characters and all."""
    strings = set(_strings(json.loads(output(run, name, "json"))))
    for text in JSON_TEXTS[name]:
        assert text.strip() in strings


# --- CSV ------------------------------------------------------------------------------------

NUMBERS = ("given_minutes", "received_minutes", "net_minutes", "given_count", "received_count")


def _csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV output, each checked to have as many cells as the header."""
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == len(rows[0]) for row in rows), rows
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("name", ["exchanges", "members", "balance"])
def test_csv_text_cells_are_never_formulas(hostile: Path, run: Run, name: str) -> None:
    """No CSV text cell starts a formula; each row keeps its columns and its one line."""
    text = output(run, name, "csv")
    rows = _csv_rows(text)
    assert len(text.splitlines()) == len(rows) + 1
    for row in rows:
        for column, value in row.items():
            if column not in NUMBERS:
                assert not re.match(r"\s*[=+\-@]|[\t\r]", value), (column, value)


def test_csv_neutralizes_with_a_quote(hostile: Path, run: Run) -> None:
    """A text cell such as =HYPERLINK(...) is written '=HYPERLINK(...), the rest unchanged."""
    topics = {row["topic"] for row in _csv_rows(output(run, "exchanges", "csv"))}
    assert {"'" + TOPICS[label] for label in ("formula", "plus", "at")} <= topics
    names = {row["name"] for row in _csv_rows(output(run, "members", "csv"))}
    assert (
        "'-Eve [link=https://evil.example]x[/link] [hidden]h <img src=x> ::error::n ]52;c;Zg=="
        in names
    )


def test_csv_negative_numbers_stay_numbers(hostile: Path, run: Run) -> None:
    """A negative balance is the number -90 in CSV: only text cells are neutralized."""
    rows = {row["handle"]: row for row in _csv_rows(output(run, "balance", "csv"))}
    assert rows["bob"]["net_minutes"] == "-65"
    assert rows["carol"]["net_minutes"] == "-40"


# --- Markdown -------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
FROM_FIELDS = {"html_block", "html_inline", "image", "link_open", "heading_open", "s_open"}


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def structure(page: str) -> list[tuple[str, str]]:
    """A Markdown page's tokens without their text: what field text must not change."""
    return [
        (token.type, token.tag) for token in _tokens(MARKDOWN.parse(page)) if token.type != "text"
    ]


def table_widths(page: str) -> Iterator[tuple[int, int]]:
    """For each table row, its number of cells and its table's number of columns."""
    columns = cells = 0
    for token in MARKDOWN.parse(page):
        if token.type == "thead_open":
            columns = -1
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            columns = cells if columns < 0 else columns
            yield cells, columns


MARKDOWN_OUTPUTS = [name for name, (_, formats) in COMMANDS.items() if "markdown" in formats]


@pytest.mark.parametrize("name", MARKDOWN_OUTPUTS)
def test_markdown_structure_does_not_depend_on_field_text(
    twins: tuple[Path, Path], run: Run, name: str
) -> None:
    """A page of hostile fields has the tokens of the same page of plain fields."""
    plain, hostile = (output(run, name, "markdown", root) for root in twins)
    assert structure(hostile) == structure(plain)
    assert "Plain" in plain or name in ("balance", "graph")


@pytest.mark.parametrize("name", MARKDOWN_OUTPUTS)
def test_markdown_rows_keep_their_columns(hostile: Path, run: Run, name: str) -> None:
    """Every table row of a Markdown page has as many cells as its header."""
    page = output(run, name, "markdown")
    assert all(cells == columns for cells, columns in table_widths(page))
    headings = [
        t for t in _tokens(MARKDOWN.parse(page)) if t.type in FROM_FIELDS - {"heading_open"}
    ]
    assert not [t for t in headings if t.type != "html_block"], headings


@pytest.mark.parametrize("name", MARKDOWN_OUTPUTS)
def test_markdown_shows_field_text_literally(hostile: Path, run: Run, name: str) -> None:
    """Rendered to HTML, a page shows the hostile text as text: `<` as `&lt;`, no tag of it."""
    html = MARKDOWN.render(output(run, name, "markdown"))
    for tag in ("<script", "<img", "<!--", '<a href="https://evil', "<h1>Fake", "<del>"):
        assert tag not in html


# --- check: paths and values in messages, annotations and the step summary -----------------

CRAFTED = "x |\n### All good\r\n::error::fake\u2028<!-- \x1b[2J.toml"


@pytest.fixture
def crafted(ledger: Path) -> Path:
    """A broken exchange file whose name tries to end its line and fake a verdict."""
    month = ledger / "exchanges" / "2026" / "03"
    month.mkdir(parents=True, exist_ok=True)
    (month / CRAFTED).write_text(f"[[exchange]]\nid = {_toml(TOPICS['breaks'])}\n")
    return ledger


@pytest.mark.parametrize("chosen", ["text", "json"])
def test_check_prints_a_crafted_file_name_on_one_inert_line(
    crafted: Path, run: Run, chosen: str
) -> None:
    """A file name with breaks, escapes and `::` is named on one printable line."""
    result = run("check", "--format", chosen, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 2
    assert_inert(result.stdout)
    if chosen == "text":
        assert "x | ### All good ::error::fake <!-- [2J.toml:2:" in result.stdout


def test_check_annotations_escape_a_crafted_file_name(crafted: Path, run: Run) -> None:
    """In annotations, only aidledger's own `::error` lines are commands, one per problem."""
    result = run("check", "--format", "github")
    assert result.exit_code == 2
    commands = [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    assert commands and all(line.startswith("::error file=exchanges/") for line in commands)
    assert all("%0A" in line and "%3A%3Aerror" in line for line in commands)
    assert not CONTROL.search(result.stdout)


def test_step_summary_cannot_be_faked_by_a_file_name(
    crafted: Path, run: Run, tmp_path: Path
) -> None:
    """A crafted file name adds no heading, HTML or column to the CI step summary."""
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    assert run("check", env=env).exit_code == 2
    page = summary.read_text()
    tokens = list(_tokens(MARKDOWN.parse(page)))
    assert [t.type for t in tokens].count("heading_open") == 1
    assert not [t for t in tokens if t.type in FROM_FIELDS - {"heading_open"}]
    assert all(cells == columns for cells, columns in table_widths(page))
    assert not CONTROL.search(page)


def test_errors_on_standard_error_are_inert(crafted: Path, run: Run) -> None:
    """`path:line: message` lines on standard error are printable, one line, never commands."""
    result = run("exchanges")
    assert result.exit_code == 2
    assert "x | ### All good ::error::fake <!-- [2J.toml:2:" in result.stderr
    assert_inert(result.stderr)


def test_check_text_warnings_are_inert(hostile: Path, run: Run) -> None:
    """Warnings quoting a topic or a request title print them on one inert line."""
    result = run("check", "--format", "text")
    assert result.exit_code in (0, 1), result.stderr
    assert "Need <script>![i](x)  ::error::request ]52;c;Zg== [/x]" in result.stdout
    assert_inert(result.stdout)


def test_github_annotations_hold_no_legacy_command(ledger: Path, run: Run) -> None:
    """A refused value echoed in an annotation (`mode = "##[group]x"`) is made inert there
    too: the runner reads `##[` anywhere in a line, even in aidledger's own commands."""
    target = ledger / "exchanges" / "2026" / "03" / "2026-03-12-alice-bob-gh0001.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '[[exchange]]\nid = "2026-03-12-alice-bob-gh0001"\ndate = 2026-03-12\n'
        'helper = "alice"\nhelped = ["bob"]\nminutes = 30\ntopic = "CI"\n'
        'mode = "##[group]x"\n',
        encoding="utf-8",
    )
    result = run("check", "--format", "github", env={"AIDLEDGER_TODAY": "2026-03-20"})
    assert result.exit_code == 2, result.stderr
    assert "::error file=" in result.stdout
    assert "group]x" in result.stdout
    assert "##[" not in result.stdout
