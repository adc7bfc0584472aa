"""`aidledger match` through the CLI: which requests, how an id is named, every format, and
hostile titles escaped by format and read back by a real parser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_hostile_text import (
    COMMAND_LINE,
    CONTROL,
    MARKDOWN,
    TITLE,
    fill_ledger,
    hostile_text,
    plain_text,
    structure,
    table_widths,
)
from tests.conftest import Run

OPEN_ID = "2026-03-01-bob-q8x1z0"


def write_request(
    root: Path,
    request_id: str,
    by: str,
    title: str = "Need a hand with the release script",
    skills: tuple[str, ...] = ("ci",),
    extra: str = "",
) -> None:
    opened = request_id[:10]
    skill_list = ", ".join(json.dumps(skill) for skill in skills)
    (root / "requests" / f"{request_id}.toml").write_text(
        f'[[request]]\nid = "{request_id}"\nopened = {opened}\nby = "{by}"\n'
        f"title = {json.dumps(title)}\nskills = [{skill_list}]\n{extra}",
        encoding="utf-8",
    )


@pytest.fixture
def team(ledger: Path, run: Run) -> Path:
    """alice and carol list ci; bob asked for help with ci."""
    for handle in ("alice", "carol"):
        assert run("member", "set", handle, "--skill", "ci").exit_code == 0
    write_request(ledger, OPEN_ID, "bob")
    return ledger


def match_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("match", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def helpers(document: dict[str, Any], index: int = 0) -> list[str]:
    return [helper["handle"] for helper in document["requests"][index]["helpers"]]


def test_match_suggests_the_skilled_and_never_the_requester(team: Path, run: Run) -> None:
    """Every open request gets helpers who list its skill; the requester is never one."""
    document = match_json(run)
    assert document["as_of"] == "2026-03-10"
    assert [request["id"] for request in document["requests"]] == [OPEN_ID]
    assert helpers(document) == ["alice", "carol"]
    first = document["requests"][0]["helpers"][0]
    kinds = [reason["kind"] for reason in first["reasons"]]
    assert kinds[:2] == ["lists-skill", "spare-time"]
    assert all(reason["text"] for reason in first["reasons"])


def test_the_table_gives_each_helper_and_the_reasons_in_words(team: Path, run: Run) -> None:
    """The table names the request, then each helper with the reasons as sentences."""
    result = run("match")
    assert result.exit_code == 0, result.stderr
    assert OPEN_ID in result.stdout
    assert "asked by bob; skills: ci" in result.stdout
    assert "lists ci" in result.stdout
    assert "free this week" in result.stdout
    lines = [line.split() for line in result.stdout.splitlines()[3:]]
    ranked = [words[1] for words in lines if len(words) > 2 and words[0] in ("1", "2")]
    assert ranked == ["alice", "carol"]


def test_top_limits_the_helpers(team: Path, run: Run) -> None:
    """--top N keeps the N best."""
    assert helpers(match_json(run, "--top", "1")) == ["alice"]
    result = run("match", "--top", "0")
    assert result.exit_code == 2


def test_a_request_is_named_by_a_unique_start_of_its_id(team: Path, run: Run) -> None:
    """`match ID` takes a unique start of an id, as `show` does, and matches that request."""
    write_request(team, "2026-03-02-carol-a1b2c3", "carol")
    document = match_json(run, "2026-03-02-c")
    assert [request["id"] for request in document["requests"]] == ["2026-03-02-carol-a1b2c3"]
    assert helpers(document) == ["alice"]


def test_an_ambiguous_start_names_the_ids(team: Path, run: Run) -> None:
    """A start shared by two requests is refused, listing both."""
    write_request(team, "2026-03-01-bob-zzzzzz", "bob")
    result = run("match", "2026-03-01-bob")
    assert result.exit_code == 2
    assert OPEN_ID in result.stderr and "2026-03-01-bob-zzzzzz" in result.stderr


def test_an_unknown_id_suggests_the_nearest(team: Path, run: Run) -> None:
    """An id that names no request is refused with the closest one as a hint."""
    result = run("match", "2026-03-01-bob-q8x1z9")
    assert result.exit_code == 2
    assert "no request '2026-03-01-bob-q8x1z9'" in result.stderr
    assert f"did you mean {OPEN_ID!r}?" in result.stderr


def test_an_exchange_id_is_not_a_request(team: Path, run: Run) -> None:
    """An exchange's id is refused: only requests are matched."""
    logged = run("log", "--helped", "bob", "30m", "CI cache", "--date", "2026-03-09")
    exchange_id = logged.stdout.splitlines()[0]
    result = run("match", exchange_id)
    assert result.exit_code == 2
    assert "no request" in result.stderr


def test_a_request_that_is_not_open_is_refused(team: Path, run: Run) -> None:
    """A taken request is not matched: the sentence says who took it."""
    write_request(
        team, "2026-03-03-bob-taken1", "bob", extra='status = "taken"\ntaken_by = "alice"\n'
    )
    result = run("match", "2026-03-03-bob-taken1")
    assert result.exit_code == 2
    assert "is taken by alice" in result.stderr
    assert "2026-03-03-bob-taken1" not in [request["id"] for request in match_json(run)["requests"]]


def test_a_request_opened_after_as_of_is_not_there_yet(team: Path, run: Run) -> None:
    """--as-of reads the ledger as it stood that day: a later request is not open yet."""
    result = run("match", OPEN_ID, "--as-of", "2026-02-20")
    assert result.exit_code == 2
    assert "was not opened yet on 2026-02-20" in result.stderr
    assert match_json(run, "--as-of", "2026-02-20")["requests"] == []


def test_no_open_request_says_so(ledger: Path, run: Run) -> None:
    """With nothing open, the table says so and JSON holds no request."""
    result = run("match")
    assert result.exit_code == 0
    assert "No open request to match." in result.stdout
    assert match_json(run)["requests"] == []


def test_past_budget_is_said_when_nobody_else_can(team: Path, run: Run) -> None:
    """When every skilled person gave their week's budget, they are suggested, and it is said."""
    for handle in ("alice", "carol"):
        assert run("member", "set", handle, "--budget", "30m").exit_code == 0
        result = run("log", "--as", handle, "--helped", "bob", "45m", "CI", "--date", "2026-03-09")
        assert result.exit_code == 0, result.stderr
    document = match_json(run)
    request = document["requests"][0]
    assert request["past_budget_only"] is True
    assert all(helper["past_budget"] for helper in request["helpers"])
    table = run("match").stdout
    assert "Everyone able to help is past their weekly budget" in " ".join(table.split())


def test_markdown_is_a_table_per_request(team: Path, run: Run) -> None:
    """--format markdown gives a heading and a table per request, with the reasons."""
    result = run("match", "--format", "markdown")
    assert result.exit_code == 0
    assert "| # | helper | score | why |" in result.stdout
    assert "| 1 | alice |" in result.stdout


def test_a_format_typo_names_the_nearest(team: Path, run: Run) -> None:
    """An unknown --format is refused with the closest one."""
    result = run("match", "--format", "jsn")
    assert result.exit_code == 2
    assert "json" in result.stderr


# --- hostile titles -----------------------------------------------------------------------


@pytest.fixture
def hostile(ledger: Path, run: Run) -> Path:
    """The hostile-text ledger: its open request (by bob) has a hostile title."""
    fill_ledger(ledger, run, hostile_text)
    return ledger


def test_json_keeps_a_hostile_title_exactly(hostile: Path, run: Run) -> None:
    """JSON holds the title as written, parsed back by json.loads, and nothing a log runs."""
    result = run("match", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert not CONTROL.search(result.stdout)
    assert not COMMAND_LINE.search(result.stdout)
    assert "##[" not in result.stdout
    titles = [request["title"] for request in json.loads(result.stdout)["requests"]]
    assert TITLE in titles


def test_the_table_shows_a_hostile_title_inert(hostile: Path, run: Run) -> None:
    """In the table, the title is on its line, with no control code and no workflow command."""
    result = run("match")
    assert result.exit_code == 0, result.stderr
    assert not CONTROL.search(result.stdout)
    assert not COMMAND_LINE.search(result.stdout)
    assert "Need <script>![i](x)" in result.stdout
    assert "[/x]" in result.stdout


def test_markdown_structure_does_not_depend_on_the_title(
    ledger: Path, tmp_path: Path, run: Run
) -> None:
    """A page with a hostile title has the Markdown tokens of the same page with a plain one,
    every row keeps its columns, and no tag of the title reaches the HTML."""
    import shutil

    twin = tmp_path / "twin"
    shutil.copytree(ledger, twin)
    fill_ledger(ledger, run, hostile_text)
    fill_ledger(twin, run, plain_text)
    pages = [
        run("match", "--format", "markdown", "--root", str(root)).stdout for root in (twin, ledger)
    ]
    assert "Plain title" in pages[0]
    assert structure(pages[1]) == structure(pages[0])
    assert all(cells == columns for cells, columns in table_widths(pages[1]))
    html = MARKDOWN.render(pages[1])
    for tag in ("<script", "<img", "<!--"):
        assert tag not in html
