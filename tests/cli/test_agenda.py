"""`aidledger agenda` through the CLI: its options, its formats, the example team, and
hostile text read back by real parsers (json, markdown-it-py, and control characters
for a terminal).

The ledger fixture has alice (the git user), bob and carol; today is 2026-03-10.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from aidledger.cli.app import app
from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Result, Run

LATER = "2026-03-31"  # three weeks after the fixture's today: help logged then is unconfirmed
RIVERSIDE = ("maya", "theo", "ines", "sam", "lena", "omar", "kim", "raj")


def agenda(run: Run, *args: str, today: str = LATER) -> Result:
    return run("agenda", *args, env={"AIDLEDGER_TODAY": today})


def document(run: Run, *args: str, today: str = LATER) -> dict[str, Any]:
    result = agenda(run, *args, "--format", "json", today=today)
    assert result.exit_code == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_an_empty_ledger_gets_a_short_agenda(ledger: Path, run: Run) -> None:
    """With nothing logged, the page says there is no open request and who has time."""
    result = agenda(run)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Testers: exchange meeting of 2026-03-31\n")
    assert "No open request: ask who needs a hand." in result.stdout
    assert "Spare time this week" in result.stdout
    assert "No meeting is recorded yet" in result.stdout


def test_an_open_need_comes_with_its_suggested_helpers(ledger: Path, run: Run) -> None:
    """The request bob asked is listed with helpers from the matching, never bob."""
    assert run("member", "set", "carol", "--skill", "ci").exit_code == 0
    assert run("ask", "Fix the release script", "--skill", "ci", "--as", "bob").exit_code == 0
    found = document(run)
    (need,) = found["needs"]
    assert need["title"] == "Fix the release script"
    assert need["helpers"][0]["handle"] == "carol"
    assert "bob" not in [helper["handle"] for helper in need["helpers"]]
    page = agenda(run).stdout
    assert "**Fix the release script** (asked by bob 21 days ago; ci)" in page
    assert "Suggested: **carol** (lists ci" in page


def test_since_defaults_to_the_last_meeting_recorded(ledger: Path, run: Run) -> None:
    """After `meeting record`, the agenda thanks help from that meeting on."""
    assert run("thanks", "alice", "30m", "Early help", "--useful", "5", "--as", "bob",
               "--date", "2026-03-02").exit_code == 0  # fmt: skip
    assert (
        run("thanks", "carol", "30m", "Later help", "--useful", "5", "--as", "bob").exit_code == 0
    )
    assert run("meeting", "record", "--date", "2026-03-05").exit_code == 0
    found = document(run)
    assert found["since"] == found["last_meeting"] == "2026-03-05"
    assert [row["topic"] for row in found["thanks"]["exchanges"]] == ["Later help"]
    given = document(run, "--since", "2026-03-01")
    assert given["since"] == "2026-03-01"
    topics = {row["topic"] for row in given["thanks"]["exchanges"]}
    assert topics == {"Early help", "Later help"}


def test_minutes_fit_the_agenda_and_say_what_is_left(ledger: Path, run: Run) -> None:
    """--minutes 4 keeps the one need and leaves the offers for next time."""
    assert run("ask", "Fix the release script", "--as", "bob").exit_code == 0
    found = document(run, "--minutes", "4")
    assert found["minutes"] == 4
    assert found["planned_minutes"] == 3
    assert found["offers"] is None
    assert [item["kind"] for item in found["left"]] == ["offers"]
    page = agenda(run, "--minutes", "4").stdout
    assert "## Left for next time (1)" in page
    assert "- *2 min* · Offers and spare time" in page


def test_the_charter_sets_the_default_length(ledger: Path, run: Run) -> None:
    """Without --minutes, the agenda lasts the charter's meeting_minutes (15)."""
    assert document(run)["minutes"] == 15


def test_unconfirmed_help_is_listed_to_settle(ledger: Path, run: Run) -> None:
    """Help alice logged three weeks ago that bob has not confirmed is to settle, by bob."""
    assert run("log", "45m", "CI cache", "--helped", "bob").exit_code == 0
    found = document(run)
    (waiting,) = found["settle"]["exchanges"]
    assert (waiting["by"], waiting["helper"], waiting["topic"]) == ("bob", "alice", "CI cache")
    assert waiting["id"].startswith(waiting["short_id"])
    page = agenda(run).stdout
    assert f"- bob to confirm `{waiting['short_id']}`: alice helped with *CI cache*" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--minutes", "0"), "--minutes: must be at least 1"),
        (("--since", "2026-04-01"), "--since 2026-04-01 is in the future"),
        (("--as-of", "2026-03-20", "--since", "2026-03-25"), "is after the day of the agenda"),
        (("--format", "html"), "'html' is not one of 'markdown', 'table' or 'json'"),
    ],
)
def test_bad_options_are_refused(
    ledger: Path, run: Run, args: tuple[str, ...], message: str
) -> None:
    result = agenda(run, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_the_table_format_is_a_terminal_page(ledger: Path, run: Run) -> None:
    """--format table prints the sections with their time boxes, no Markdown."""
    assert run("ask", "Fix the release script", "--as", "bob").exit_code == 0
    result = agenda(run, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "1. Open needs · 3 min" in result.stdout
    assert "3 min  Fix the release script" in result.stdout
    assert "**" not in result.stdout


# --- the example team -------------------------------------------------------------------------


def _example(*args: str, run: Run) -> str:
    result = run(
        "--root", str(EXAMPLE), "agenda", "--as-of", EXAMPLE_LAST_DAY, *args,
        env={"AIDLEDGER_TODAY": "2026-11-27"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_example_agenda_starts_from_the_last_meeting(run: Run) -> None:
    """Riverside's last meeting was on 2026-10-22: the thanks start there."""
    page = _example(run=run)
    assert "The last meeting was on 2026-10-22, 8 days ago" in page
    assert "## 3. Thanks since 2026-10-22" in page
    assert "**Second pair of eyes on the invoices SQL migration**" in page


def test_private_leaves_names_out_of_the_example_balance_points(run: Run) -> None:
    """--private: no member of Riverside is named in the balance points; needs keep names."""
    page = _example("--private", run=run)
    points = page.split("Balance points to discuss", 1)[1].split("\n## ", 1)[0]
    assert "Help flows one way" in points
    for handle in RIVERSIDE:
        assert re.search(rf"\b{handle}\b", points) is None, handle
    assert "asked by sam" in page
    found = json.loads(_example("--private", "--format", "json", run=run))
    assert all(point["members"] == [] for point in found["points"])
    text = json.dumps(found["points"])
    for handle in RIVERSIDE:
        assert re.search(rf"\b{handle}\b", text) is None, handle


def test_the_example_agenda_is_the_same_every_time(run: Run) -> None:
    """The same data and day give the same agenda."""
    assert _example(run=run) == _example(run=run)


# --- hostile text -----------------------------------------------------------------------------

HOSTILE = "A | pipe ![i](https://evil.example/i.png) <!-- hide --> **b** #1 @team"
ANSI = "Colours \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \x9b2J \u202eevil\u202c"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKDOWN = MarkdownIt("commonmark").enable(["table"])


@pytest.fixture
def raw_run() -> Run:
    """The output as a terminal gets it: escape sequences are not stripped by click."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, color=True)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def hostile(ledger: Path, run: Run) -> Path:
    """A request, a thanked exchange with a note, an offer and unconfirmed help, each with
    hostile text."""
    steps = [
        ("ask", HOSTILE, "--as", "bob"),
        ("ask", ANSI, "--as", "carol"),
        ("thanks", "alice", "30m", HOSTILE, "--useful", "5", "--note", ANSI, "--as", "bob"),
        ("thanks", "carol", "30m", ANSI, "--useful", "4", "--note", HOSTILE, "--as", "bob"),
        ("offer", "add", HOSTILE, "--minutes", "1h", "--as", "carol"),
        ("log", "45m", ANSI, "--helped", "bob"),
        ("log", "45m", HOSTILE, "--helped", "carol"),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return ledger


def _inline(tokens: list[Any]) -> list[Any]:
    return [child for token in tokens for child in token.children or []]


def test_markdown_shows_hostile_text_literally(hostile: Path, run: Run) -> None:
    """Field text adds no link, image, HTML or table to the page, and stays on its line."""
    page = agenda(run, "--since", "2026-03-01").stdout
    tokens = MARKDOWN.parse(page)
    kinds = {child.type for child in _inline(tokens)} | {token.type for token in tokens}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "table_open"}
    text = "".join(child.content for child in _inline(tokens) if child.type == "text")
    plain_text = text.replace("\u200b", "")
    assert plain_text.count(HOSTILE) >= 5  # a need, a thanks, a note, an offer, to settle
    assert "@team" not in page  # GitHub would notify the team
    assert "Colours [31mred[0m" in plain_text
    assert CONTROL.search(page) is None


def test_the_terminal_page_holds_no_control_character(hostile: Path, raw_run: Run) -> None:
    """Escape sequences in titles, topics and notes never reach the terminal."""
    for width in ("60", "100"):
        result = raw_run(
            "agenda", "--format", "table", "--since", "2026-03-01",
            env={"AIDLEDGER_TODAY": LATER, "COLUMNS": width},
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert CONTROL.search(result.stdout) is None, repr(result.stdout)
        assert "Colours [31mred[0m" in result.stdout


def test_json_gives_back_hostile_text_exactly(hostile: Path, run: Run) -> None:
    """JSON parses, and every title, topic, note and offer text comes back as written."""
    found = document(run, "--since", "2026-03-01")
    assert {need["title"] for need in found["needs"]} == {HOSTILE, ANSI}
    thanks = {row["topic"]: row["note"] for row in found["thanks"]["exchanges"]}
    assert thanks == {HOSTILE: ANSI, ANSI: HOSTILE}
    assert [offer["text"] for offer in found["offers"]["offers"]] == [HOSTILE]
    assert {row["topic"] for row in found["settle"]["exchanges"]} == {HOSTILE, ANSI}
