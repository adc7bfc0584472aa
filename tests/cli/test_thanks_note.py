"""`--note` on `thanks` and `confirm`: what the help changed, shown in the report and statement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import exchange_record, logged_id, snapshot
from tests.conftest import Run

NOTE = "Unblocked the release"
HOSTILE = "Saved *my* week | \x1b[31mred\x1b[0m\nsecond line"


def thanks(run: Run, *args: str) -> str:
    """Run `aidledger thanks bob 45m Review --useful 5 ARGS...` and return the id."""
    return logged_id(run("thanks", "bob", "45m", "Review", "--useful", "5", *args))


def test_thanks_stores_the_note(ledger: Path, run: Run) -> None:
    """thanks --note stores the note in the confirmation."""
    exchange_id = thanks(run, "--note", NOTE)
    assert exchange_record(ledger, exchange_id)["confirmation"]["note"] == NOTE


def test_confirm_stores_and_keeps_the_note(ledger: Path, run: Run) -> None:
    """confirm --note stores the note; confirming again without --note keeps it."""
    exchange_id = logged_id(run("log", "--helped", "bob", "30m", "Pairing"))
    assert run("confirm", exchange_id, "--note", NOTE, "--as", "bob").exit_code == 0
    assert exchange_record(ledger, exchange_id)["confirmation"]["note"] == NOTE
    assert run("confirm", exchange_id, "--useful", "4", "--as", "bob").exit_code == 0
    confirmation = exchange_record(ledger, exchange_id)["confirmation"]
    assert (confirmation["note"], confirmation["useful"]) == (NOTE, 4)
    assert run("confirm", exchange_id, "--note", "Changed", "--as", "bob").exit_code == 0
    confirmation = exchange_record(ledger, exchange_id)["confirmation"]
    assert (confirmation["note"], confirmation["useful"]) == ("Changed", 4)


def test_without_note_nothing_is_stored(ledger: Path, run: Run) -> None:
    """Without --note the confirmation has no note key, as files written before."""
    assert "note" not in exchange_record(ledger, thanks(run))["confirmation"]


@pytest.mark.parametrize("command", ["thanks", "confirm"])
@pytest.mark.parametrize(("note", "message"), [("x" * 201, "at most 200"), ("  ", "note")])
def test_a_bad_note_writes_nothing(
    ledger: Path, run: Run, command: str, note: str, message: str
) -> None:
    """A note over 200 characters or blank is a usage error; nothing is written."""
    exchange_id = logged_id(run("log", "--helped", "bob", "30m", "Pairing"))
    before = snapshot(ledger)
    if command == "thanks":
        result = run("thanks", "bob", "30m", "Review", "--note", note)
    else:
        result = run("confirm", exchange_id, "--note", note, "--as", "bob")
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(ledger) == before


def test_report_shows_the_note(ledger: Path, run: Run) -> None:
    """The report's thanks section shows the note in table, Markdown and JSON."""
    exchange_id = thanks(run, "--note", NOTE)
    assert NOTE in run("report").stdout
    assert NOTE in run("report", "--format", "markdown").stdout
    rows = json.loads(run("report", "--format", "json").stdout)["thanks"]
    assert [(row["id"], row["note"]) for row in rows] == [(exchange_id, NOTE)]


def test_report_without_note_has_null(ledger: Path, run: Run) -> None:
    """A thanks row without a note has `note: null` in JSON."""
    thanks(run)
    rows = json.loads(run("report", "--format", "json").stdout)["thanks"]
    assert [row["note"] for row in rows] == [None]


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_anonymized_report_leaves_the_note_out(ledger: Path, run: Run, fmt: str) -> None:
    """An anonymized report carries no note: it is free text."""
    thanks(run, "--note", NOTE)
    result = run("report", "--anonymize", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert NOTE not in result.stdout
    if fmt == "json":
        assert [row["note"] for row in json.loads(result.stdout)["thanks"]] == [None]


def test_statement_shows_the_note(ledger: Path, run: Run) -> None:
    """The statement has a line per exchange with a note; JSON exchanges carry it in
    `confirmations`."""
    exchange_id = thanks(run, "--note", NOTE)
    thanks(run)
    for who in ("alice", "bob"):
        table = run("statement", who).stdout
        assert f"bob → alice: {NOTE}" in table
        assert table.count(NOTE) == 1
        markdown = run("statement", who, "--format", "markdown").stdout
        assert f"## Notes with thanks\n\n- 2026-03-10  bob → alice: {NOTE}\n" in markdown
    exchanges = json.loads(run("statement", "alice", "--format", "json").stdout)["exchanges"]
    notes = {row["id"]: [given["note"] for given in row["confirmations"]] for row in exchanges}
    assert notes[exchange_id] == [NOTE]
    assert sorted(notes.values(), key=str) == [[NOTE], [None]]


def test_statement_without_notes_has_no_section(ledger: Path, run: Run) -> None:
    """No note, no notes section."""
    thanks(run)
    assert "Notes with thanks" not in run("statement", "alice").stdout
    assert "Notes with thanks" not in run("statement", "alice", "--format", "markdown").stdout


def test_a_hostile_note_is_shown_literally(ledger: Path, run: Run) -> None:
    """Control codes and line breaks never reach the terminal; Markdown shows it literally."""
    thanks(run, "--note", HOSTILE)
    for output in (run("report").stdout, run("statement", "alice").stdout):
        assert "\x1b" not in output
        assert "Saved *my* week | [31mred[0m second line" in output
    for args in (("report",), ("statement", "alice")):
        markdown = run(*args, "--format", "markdown").stdout
        assert "\x1b" not in markdown
        assert "second line" in markdown
        assert "*my*" not in markdown
        assert "\nsecond line" not in markdown
