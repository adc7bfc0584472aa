"""`aidledger charter show`: the text, the rules in force and who set them, who signed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from aidledger.cli.app import app
from tests.conftest import Result, Run

SHORT_CHARTER = """\
[charter]
title = "Testers' charter"
principles = ["Only actions count.", "Help goes both ways."]
advice = ["Prefer teaching."]

[rules]
window_days = 60

[warnings.concentration]
warn = 0.25

[[change]]
since = 2026-03-01
note = "Agreed at the retro"
rules.window_days = 30

[change.warnings.concentration]
fail = false

[[change]]
since = 2026-06-01
rules.half_life_days = 45
"""


def show_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("charter", "show", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_show_prints_the_text_rules_levels_and_signatures(ledger: Path, run: Run) -> None:
    """The table names the title, the principles, every rule and the unsigned members."""
    result = run("charter", "show", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    for expected in (
        "Our mutual-aid charter",
        "Principles",
        "How to help",
        "Rules in force on 2026-03-10",
        "window_days",
        "Warning levels in force on 2026-03-10",
        "concentration",
        "Nobody has signed the charter yet.",
        "Not yet signed this version: alice, bob, carol.",
    ):
        assert expected in result.stdout, expected


def test_json_gives_every_rule_and_level_with_its_source(ledger: Path, run: Run) -> None:
    """Defaults included: a rule the charter does not write is there, `source` `default`."""
    (ledger / "charter.toml").write_text(SHORT_CHARTER, encoding="utf-8")
    document = show_json(run)
    rules = {setting["key"]: setting for setting in document["rules"]}
    assert rules["window_days"] == {
        "key": "window_days",
        "value": 30,
        "default": 90,
        "source": "change",
        "since": "2026-03-01",
    }
    assert rules["meeting_minutes"]["source"] == "default"
    levels = {(setting["warning"], setting["key"]): setting for setting in document["warnings"]}
    warn, fail = levels[("concentration", "warn")], levels[("concentration", "fail")]
    assert (warn["value"], warn["source"]) == (0.25, "charter")
    assert (fail["value"], fail["source"]) == (False, "change")
    assert levels[("net-balance", "warn")]["source"] == "default"
    assert [change["in_force"] for change in document["changes"]] == [True, False]
    assert document["changes"][0]["settings"] == [
        {"name": "rules.window_days", "value": 30},
        {"name": "warnings.concentration.fail", "value": False},
    ]
    assert re.fullmatch(r"[0-9a-f]{8}", document["version"])


def test_as_of_shows_the_rules_in_force_that_day(ledger: Path, run: Run) -> None:
    """Before a change, its keys have their earlier values; a day to come may be asked."""
    (ledger / "charter.toml").write_text(SHORT_CHARTER, encoding="utf-8")
    early = show_json(run, "--as-of", "2026-02-28")
    window = next(setting for setting in early["rules"] if setting["key"] == "window_days")
    assert (window["value"], window["source"]) == (60, "charter")
    fail = next(
        setting
        for setting in early["warnings"]
        if (setting["warning"], setting["key"]) == ("concentration", "fail")
    )
    assert fail["value"] == 0.35
    later = show_json(run, "--as-of", "2026-06-01")
    half_life = next(setting for setting in later["rules"] if setting["key"] == "half_life_days")
    assert half_life["value"] == 45


def test_markdown_is_a_page_with_tables(ledger: Path, run: Run) -> None:
    """Markdown has the title as a heading, numbered principles and the tables."""
    (ledger / "charter.toml").write_text(SHORT_CHARTER, encoding="utf-8")
    result = run("charter", "show", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Testers' charter\n")
    assert "1. Only actions count.\n2. Help goes both ways.\n" in result.stdout
    assert "| window\\_days | 30 | 90 | change of 2026-03-01 |" in result.stdout
    assert "| 2026-03-01 | in force | " in result.stdout


def test_a_broken_charter_is_a_sentence(ledger: Path, run: Run) -> None:
    """A mistake in the charter stops `show` with `path:line: message`, exit 2."""
    (ledger / "charter.toml").write_text(
        '[charter]\ntitle = "T"\n\n[[change]]\nsince = "soon"\n', encoding="utf-8"
    )
    result = run("charter", "show")
    assert result.exit_code == 2
    assert result.stderr.startswith("charter.toml:5: change.0.since:")


# --- hostile text ---------------------------------------------------------------------------

HOSTILE = {
    "title": "Charter <!-- \r# Fake\n::error::t \x1b[2J [bold]x[/bold]",
    "summary": "Sum <script>alert(1)</script> ##[warning]s \u202eevil\u202c",
    "principles": [
        "1. not a list ![i](https://evil.example/i.png) [l](https://evil.example) *e*",
        "- item\n::error::p \x1b]52;c;Zg==\x07 | a | `c` @team",
        "= heading? <img src=x onerror=alert(1)> &amp; $m$",
    ],
    "advice": ["[link=https://evil.example]click[/link] [hidden]h[/hidden]\u2028> quote"],
    "note": "note <b>bold</b>\n# heading \x9b31m",
}
PLAIN = {
    "title": "Charter",
    "summary": "Summary",
    "principles": ["First", "Second", "Third"],
    "advice": ["Advice"],
    "note": "Note",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
COMMAND_LINE = re.compile(r"(?:^|[\r\n])\s*::")


def _charter_text(texts: dict[str, Any]) -> str:
    def quoted(value: str) -> str:
        return json.dumps(value)

    return (
        f"[charter]\ntitle = {quoted(texts['title'])}\nsummary = {quoted(texts['summary'])}\n"
        f"principles = [{', '.join(quoted(text) for text in texts['principles'])}]\n"
        f"advice = [{', '.join(quoted(text) for text in texts['advice'])}]\n\n"
        f"[[change]]\nsince = 2026-03-01\nnote = {quoted(texts['note'])}\n"
        "rules.window_days = 30\n"
    )


def _shown(root: Path, texts: dict[str, Any], chosen: str) -> str:
    (root / "charter.toml").write_text(_charter_text(texts), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["charter", "show", "--format", chosen],
        env={"COLUMNS": "70", "GITHUB_ACTIONS": "true"},
        catch_exceptions=False,
        color=True,
    )
    outcome = Result(result.exit_code, result.stdout, result.stderr)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


@pytest.mark.parametrize("chosen", ["table", "markdown", "json"])
def test_hostile_text_is_inert_in_every_format(ledger: Path, chosen: str) -> None:
    """No control character, bidi override, `::` line start or `##[` reaches the output."""
    text = _shown(ledger, HOSTILE, chosen)
    assert CONTROL.search(text) is None
    assert COMMAND_LINE.search(text) is None
    assert "##[" not in text


def test_the_terminal_shows_markup_as_written(ledger: Path) -> None:
    """Rich markup in a principle is shown, not applied."""
    shown = " ".join(_shown(ledger, HOSTILE, "table").split())
    assert "[link=https://evil.example]click[/link] [hidden]h[/hidden]" in shown
    assert "[bold]x[/bold]" in shown


def test_json_keeps_the_text_exactly(ledger: Path) -> None:
    """JSON round-trips every text, control characters and all."""
    document = json.loads(_shown(ledger, HOSTILE, "json"))
    assert document["title"] == HOSTILE["title"]
    assert document["principles"] == HOSTILE["principles"]
    assert document["changes"][0]["note"] == HOSTILE["note"]
    assert document["advice"] == HOSTILE["advice"]


def _structure(markdown: str) -> list[str]:
    """The Markdown's block and inline structure: token types, text left out."""
    types = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        types.append(token.type)
        types += [child.type for child in token.children or ()]
    return types


def test_markdown_structure_does_not_depend_on_the_text(ledger: Path) -> None:
    """Hostile text changes the words of the page, never its structure: no HTML, link, image,
    heading, list or table cell of its own."""
    hostile = _shown(ledger, HOSTILE, "markdown")
    plain = _shown(ledger, PLAIN, "markdown")
    assert _structure(hostile) == _structure(plain)


def test_the_terminal_marks_values_the_team_set(ledger: Path, run: Run) -> None:
    """`*` marks a level the charter sets, `†` one a dated change sets; one line explains."""
    (ledger / "charter.toml").write_text(SHORT_CHARTER, encoding="utf-8")
    result = run("charter", "show", "--as-of", "2026-03-10", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(line for line in lines if line.startswith("│ concentration "))
    assert [cell.strip() for cell in row.split("│")[2:5]] == ["yes", "0.25*", "off†"]
    net = next(line for line in lines if line.startswith("│ net-balance "))
    assert [cell.strip() for cell in net.split("│")[2:5]] == ["yes", "10", "20"]
    assert (
        "* set by the team in the charter; † set by the team in a dated change; "
        "values without a mark are the defaults." in " ".join(lines)
    )
