"""`offer`, `offer add`, `offer done` and `offers`: offers of help, through the CLI.

The ledger fixture has alice (the git user), bob and carol; today is 2026-03-10.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from tests.cli.helpers import snapshot
from tests.conftest import Result, Run

OFFER_ID = re.compile(r"^2026-03-\d\d-[a-z]+-[a-z0-9]{6}$")


def offered_id(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert OFFER_ID.match(first), result.stdout
    return first


def offer_file(root: Path, offer_id: str, suffix: str = "toml") -> dict[str, Any]:
    text = (root / "offers" / f"{offer_id}.{suffix}").read_text(encoding="utf-8")
    document = tomllib.loads(text) if suffix == "toml" else yaml.safe_load(text)
    (record,) = document["offer"]
    assert isinstance(record, dict)
    return record


def offers_json(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("offers", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: list[dict[str, Any]] = json.loads(result.stdout)
    return document


def test_offer_text_writes_one_offer_file(ledger: Path, run: Run) -> None:
    """`offer TEXT` writes offers/<id>.toml for the acting person, skills lowercased."""
    result = run(
        "offer", "2h for SQL reviews", "--skill", "SQL", "--skill", "data",
        "--minutes", "1h30", "--until", "2026-03-14",
    )  # fmt: skip
    offer_id = offered_id(result)
    assert offer_id.startswith("2026-03-10-alice-")
    assert "Offered by alice: '2h for SQL reviews' (1h30; until 2026-03-14; skills sql, data)." in (
        result.stdout
    )
    assert f"Wrote offers/{offer_id}.toml" in result.stdout
    assert offer_file(ledger, offer_id) == {
        "id": offer_id,
        "opened": date(2026, 3, 10),
        "by": "alice",
        "text": "2h for SQL reviews",
        "skills": ["sql", "data"],
        "minutes": 90,
        "until": date(2026, 3, 14),
        "status": "open",
    }


def test_offer_add_is_the_same_command(ledger: Path, run: Run) -> None:
    """`offer add TEXT` and `offer TEXT` write the same kind of record; --as acts for bob."""
    offer_id = offered_id(run("offer", "add", "Pairing on CSS", "--as", "bob"))
    record = offer_file(ledger, offer_id)
    assert record["by"] == "bob" and record["text"] == "Pairing on CSS"
    assert "minutes" not in record and "until" not in record


def test_offer_text_may_be_a_word_the_group_knows(ledger: Path, run: Run) -> None:
    """`offer add done` offers "done"; `offer done` alone asks for an id."""
    offer_id = offered_id(run("offer", "add", "done"))
    assert offer_file(ledger, offer_id)["text"] == "done"
    assert run("offer", "done").exit_code == 2


def test_offer_help_names_both_forms(ledger: Path, run: Run) -> None:
    """`offer --help` says TEXT is short for `add TEXT`, and lists add and done."""
    result = run("offer", "--help")
    assert result.exit_code == 0
    assert "offer TEXT" in result.stdout and "add" in result.stdout and "done" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minutes", "0"], "minutes"),
        (["--minutes", "soon"], "soon"),
        (["--until", "2026-03-01"], "--until 2026-03-01 has passed"),
        (["--until", "someday"], "--until"),
        (["--skill", "Not A Tag"], "--skill: "),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    ledger: Path, run: Run, args: list[str], message: str
) -> None:
    """A bad duration, a past or unreadable day, or a bad skill: exit 2, no file."""
    before = snapshot(ledger)
    result = run("offer", "Some help", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("until", "day"), [("friday", date(2026, 3, 13)), ("+7d", date(2026, 3, 17))]
)
def test_until_reads_a_day_ahead_in_words(ledger: Path, run: Run, until: str, day: date) -> None:
    """`offer --until friday` holds to the next Friday; `+7d` to a week from today."""
    offer_id = offered_id(run("offer", "Reviews", "--until", until))
    assert offer_file(ledger, offer_id)["until"] == day


def test_until_hints_at_days_ahead(ledger: Path, run: Run) -> None:
    """An unreadable --until is hinted with forms for a day to come, not days back."""
    result = run("offer", "Reviews", "--until", "someday")
    assert result.exit_code == 2
    assert "tomorrow" in result.stderr and "+7d" in result.stderr
    assert "days back" not in result.stderr


def test_an_empty_offer_is_refused(ledger: Path, run: Run) -> None:
    result = run("offer", "   ")
    assert result.exit_code == 2
    assert "text" in result.stderr
    assert not (ledger / "offers").exists()


def test_offer_needs_to_know_who_you_are(ledger: Path, run: Run, git_repo: Path) -> None:
    """With no member for git's email and no --as, the offer is refused."""
    from tests.conftest import git

    git(git_repo, "config", "user.email", "stranger@example.org")
    result = run("offer", "Some help")
    assert result.exit_code == 2
    assert "cannot tell who you are" in result.stderr


def test_offer_done_closes_your_offer_by_a_unique_start(ledger: Path, run: Run) -> None:
    """`offer done` sets status done and closed today, changing only those lines."""
    offer_id = offered_id(run("offer", "Reviews", "--minutes", "1h"))
    path = ledger / "offers" / f"{offer_id}.toml"
    before = path.read_text(encoding="utf-8")
    result = run("offer", "done", offer_id[:-3])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Closed offer {offer_id} on 2026-03-10.\n"
    record = offer_file(ledger, offer_id)
    assert record["status"] == "done" and str(record["closed"]) == "2026-03-10"
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.split('status = "open"')[0])
    again = run("offer", "done", offer_id)
    assert again.exit_code == 2
    assert "already closed on 2026-03-10" in again.stderr


def test_only_the_offerer_closes_an_offer(ledger: Path, run: Run) -> None:
    offer_id = offered_id(run("offer", "Reviews"))
    before = snapshot(ledger)
    result = run("offer", "done", offer_id, "--as", "bob")
    assert result.exit_code == 2
    assert f"bob cannot close {offer_id}: only alice, who made the offer, can" in result.stderr
    assert snapshot(ledger) == before


def test_offer_done_names_unknown_and_ambiguous_ids(ledger: Path, run: Run) -> None:
    offered_id(run("offer", "One"))
    offered_id(run("offer", "Two"))
    unknown = run("offer", "done", "2026-01-01")
    assert unknown.exit_code == 2 and "no offer '2026-01-01'" in unknown.stderr
    ambiguous = run("offer", "done", "2026-03-10-alice")
    assert ambiguous.exit_code == 2 and "is the start of 2 offer ids" in ambiguous.stderr


def test_offers_lists_and_filters(ledger: Path, run: Run) -> None:
    """--open keeps offers that hold; --mine those of the acting person."""
    mine = offered_id(run("offer", "Mine", "--minutes", "30m"))
    closed = offered_id(run("offer", "Closed"))
    theirs = offered_id(run("offer", "Theirs", "--as", "bob", "--until", "2026-03-10"))
    assert run("offer", "done", closed).exit_code == 0
    assert [offer["id"] for offer in offers_json(run)] == sorted([mine, closed, theirs])
    assert {offer["id"] for offer in offers_json(run, "--open")} == {mine, theirs}
    assert {offer["id"] for offer in offers_json(run, "--mine")} == {mine, closed}
    assert {offer["id"] for offer in offers_json(run, "--mine", "--as", "bob")} == {theirs}
    document = next(offer for offer in offers_json(run) if offer["id"] == mine)
    assert document == {
        "id": mine,
        "opened": "2026-03-10",
        "by": "alice",
        "text": "Mine",
        "skills": [],
        "minutes": 30,
        "until": None,
        "status": "open",
        "closed": None,
        "stands": True,
    }


def test_an_offer_past_its_until_has_lapsed(ledger: Path, run: Run) -> None:
    """The day after `until`, an open offer no longer holds: `lapsed`, left out by --open."""
    offer_id = offered_id(run("offer", "Short", "--until", "2026-03-10"))
    later = {"AIDLEDGER_TODAY": "2026-03-11"}
    assert run("offers", "--open", "--format", "json", env=later).stdout.strip() == "[]"
    table = run("offers", env=later).stdout
    assert "lapsed" in table and offer_id[:12] in table
    rows = list(csv.reader(io.StringIO(run("offers", "--format", "csv", env=later).stdout)))
    assert rows[0] == [
        "id",
        "opened",
        "by",
        "text",
        "skills",
        "minutes",
        "until",
        "status",
        "closed",
    ]
    assert rows[1][7] == "lapsed"


def test_offers_as_of_a_day(ledger: Path, run: Run) -> None:
    """As of a day, an offer opened later is absent and one closed later is still open."""
    first = offered_id(run("offer", "First", env={"AIDLEDGER_TODAY": "2026-03-02"}))
    second = offered_id(run("offer", "Second", env={"AIDLEDGER_TODAY": "2026-03-05"}))
    assert run("offer", "done", first).exit_code == 0
    assert [offer["id"] for offer in offers_json(run, "--open")] == [second]
    earlier = offers_json(run, "--as-of", "2026-03-03")
    assert [(offer["id"], offer["status"], offer["closed"]) for offer in earlier] == [
        (first, "open", None)
    ]
    refused = run("offers", "--as-of", "2026-04-01")
    assert refused.exit_code == 2 and "in the future" in refused.stderr


def test_offers_in_every_format(ledger: Path, run: Run) -> None:
    """Table, Markdown and CSV name each offer; an empty list is fine."""
    assert run("offers").stdout.startswith("0 offers")
    offer_id = offered_id(run("offer", "Reviews", "--skill", "sql", "--minutes", "2h"))
    assert "2026-03-10-a" in run("offers").stdout
    markdown = run("offers", "--format", "markdown").stdout
    assert markdown.splitlines()[0] == "| id | by | offer | skills | time | until | status |"
    assert f"| {offer_id} | alice | Reviews | sql | 2h |  | open |" in markdown
    rows = list(csv.reader(io.StringIO(run("offers", "--format", "csv").stdout)))
    assert rows[1] == [offer_id, "2026-03-10", "alice", "Reviews", "sql", "120", "", "open", ""]


HOSTILE = '=HYPERLINK("x") <!-- *x* | [l](https://evil.example) \x1b]52;c;Zg==\x07 ::error::'


def test_hostile_offer_text_is_escaped_in_every_format(ledger: Path, run: Run) -> None:
    """Offer text is data: inert in the terminal, exact in JSON, text in CSV, one cell in
    Markdown, as real parsers read them."""
    offer_id = offered_id(run("offer", HOSTILE))
    assert offer_file(ledger, offer_id)["text"] == HOSTILE
    assert offers_json(run)[0]["text"] == HOSTILE
    table = run("offers").stdout
    assert "\x1b" not in table and "\x07" not in table
    assert not re.search(r"(?m)^\s*::", table)
    rows = list(csv.reader(io.StringIO(run("offers", "--format", "csv").stdout)))
    assert rows[1][3].startswith("'=HYPERLINK")
    markdown = run("offers", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert [token.type for token in tokens if token.type in ("html_block", "html_inline")] == []
    inline = [token for token in tokens if token.type == "inline"]
    assert not any(child.type == "link_open" for token in inline for child in token.children or [])
    assert sum(1 for token in tokens if token.type == "td_open") == 7


def test_yaml_ledger_writes_and_closes_yaml_offers(ledger: Path, run: Run) -> None:
    """With storage = "yaml", offers are offers/<id>.yaml, read back and closed the same."""
    settings = ledger / "aidledger.toml"
    settings.write_text(settings.read_text().replace('storage = "toml"', 'storage = "yaml"'))
    offer_id = offered_id(run("offer", "YAML: help, #1", "--skill", "ci", "--minutes", "45"))
    assert offer_file(ledger, offer_id, "yaml")["text"] == "YAML: help, #1"
    assert run("offer", "done", offer_id).exit_code == 0
    record = offer_file(ledger, offer_id, "yaml")
    assert record["status"] == "done" and str(record["closed"]) == "2026-03-10"
    assert offers_json(run)[0]["status"] == "done"


def offer_text(opened: str = "2026-03-01", by: str = "bob", extra: str = "") -> str:
    """A hand-written offer file, with `extra` lines after its required fields."""
    return f'[[offer]]\nid = "o-1"\nopened = {opened}\nby = "{by}"\ntext = "x"\n{extra}'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (offer_text(by="zoe"), "unknown member 'zoe'"),
        (offer_text(extra='status = "done"\n'), "a done offer needs the date it was closed"),
        (offer_text(extra="until = 2026-02-01\n"), "until is before the day it was opened"),
        (offer_text(opened="2026-05-01"), "in the future"),
        (offer_text(opened="2025-12-01"), "joined the team on 2026-01-05, after this offer"),
        (offer_text(extra="email = 1\n"), "unknown field 'email'"),
        ('[offer]\nid = "o-1"\n', "[offer] is a single table"),
    ],
)
def test_hand_written_offers_are_checked_with_their_line(
    ledger: Path, run: Run, body: str, message: str
) -> None:
    """A bad offer file is a `path:line: sentence`, exit 2, like any record."""
    (ledger / "offers").mkdir()
    (ledger / "offers" / "o-1.toml").write_text(body, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2, result.stdout
    assert re.search(r"offers/o-1\.toml:\d+: ", result.stdout + result.stderr)
    assert message in result.stdout + result.stderr


def test_duplicate_offer_ids_are_refused(ledger: Path, run: Run) -> None:
    record = offer_text()
    (ledger / "offers").mkdir()
    (ledger / "offers" / "a.toml").write_text(record, encoding="utf-8")
    (ledger / "offers" / "b.toml").write_text(record, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2
    assert "duplicate offer id 'o-1'" in result.stdout + result.stderr


def test_a_linked_offers_folder_is_refused(ledger: Path, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (ledger / "offers").symlink_to(outside, target_is_directory=True)
    result = run("offers")
    assert result.exit_code == 2
    assert "offers: is a symbolic link" in result.stderr


def test_offer_options_may_come_before_the_text(ledger: Path, run: Run) -> None:
    """`offer --skill sql TEXT` is `offer add --skill sql TEXT`."""
    offer_id = offered_id(run("offer", "--skill", "sql", "--minutes", "1h", "SQL reviews"))
    record = offer_file(ledger, offer_id)
    assert (record["text"], record["skills"], record["minutes"]) == ("SQL reviews", ["sql"], 60)
