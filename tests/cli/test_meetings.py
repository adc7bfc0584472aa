"""`meeting record` and `meetings`: the regular exchange meeting, through the CLI.

The ledger fixture has alice (the git user), bob and carol; today is 2026-03-10.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from tests.cli.helpers import snapshot
from tests.conftest import Run


def meeting_file(root: Path, day: str, suffix: str = "toml") -> dict[str, Any]:
    text = (root / "meetings" / f"{day}.{suffix}").read_text(encoding="utf-8")
    document = tomllib.loads(text) if suffix == "toml" else yaml.safe_load(text)
    (record,) = document["meeting"]
    assert isinstance(record, dict)
    return record


def test_meeting_record_writes_the_day_file(ledger: Path, run: Run) -> None:
    """`meeting record` writes meetings/<today>.toml with the notes and who recorded it."""
    result = run("meeting", "record", "--notes", "bob needs a CI hand")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Recorded the meeting of 2026-03-10.\nWrote meetings/2026-03-10.toml\n"
    )
    assert meeting_file(ledger, "2026-03-10") == {
        "date": date(2026, 3, 10),
        "notes": "bob needs a CI hand",
        "recorded_by": "alice",
    }


def test_a_second_record_for_the_day_is_refused(ledger: Path, run: Run) -> None:
    """One meeting per day: the second is refused with a sentence, nothing written."""
    assert run("meeting", "record", "--date", "2026-03-03").exit_code == 0
    before = snapshot(ledger)
    result = run("meeting", "record", "--date", "2026-03-03", "--notes", "again")
    assert result.exit_code == 2
    assert (
        "error: a meeting on 2026-03-03 is already recorded in meetings/2026-03-03.toml;"
        " nothing was written" in result.stderr
    )
    assert snapshot(ledger) == before


def test_a_meeting_packed_in_another_file_still_counts(ledger: Path, run: Run) -> None:
    """The day is looked up in every meeting file, not only in meetings/<date>.toml."""
    (ledger / "meetings").mkdir()
    (ledger / "meetings" / "2026.toml").write_text(
        "[[meeting]]\ndate = 2026-03-03\n\n[[meeting]]\ndate = 2026-02-17\n", encoding="utf-8"
    )
    result = run("meeting", "record", "--date", "2026-02-17")
    assert result.exit_code == 2
    assert "already recorded in meetings/2026.toml" in result.stderr


def test_meeting_record_refuses_a_day_to_come(ledger: Path, run: Run) -> None:
    result = run("meeting", "record", "--date", "2026-03-11")
    assert result.exit_code == 2
    assert "--date 2026-03-11 is in the future" in result.stderr
    assert not (ledger / "meetings").exists()


def test_meeting_record_without_knowing_who(ledger: Path, run: Run) -> None:
    """Nobody known as acting: the meeting is recorded without `recorded_by`."""
    from tests.conftest import git

    git(ledger, "config", "user.email", "stranger@example.org")
    assert run("meeting", "record").exit_code == 0
    assert meeting_file(ledger, "2026-03-10") == {"date": date(2026, 3, 10)}


def test_meetings_lists_oldest_first_with_the_cadence(ledger: Path, run: Run) -> None:
    for day in ("2026-03-03", "2026-02-17"):
        assert run("meeting", "record", "--date", day, "--as", "bob").exit_code == 0
    table = run("meetings").stdout
    assert table.startswith("2 meetings")
    assert table.index("2026-02-17") < table.index("2026-03-03")
    assert table.endswith(
        "The charter promises a meeting every 14 days; the last was on 2026-03-03, 7 days ago.\n"
    )
    document = json.loads(run("meetings", "--format", "json").stdout)
    assert document == {
        "meeting_every_days": 14,
        "meetings": [
            {"date": "2026-02-17", "recorded_by": "bob", "notes": None},
            {"date": "2026-03-03", "recorded_by": "bob", "notes": None},
        ],
    }
    earlier = json.loads(run("meetings", "--format", "json", "--as-of", "2026-03-01").stdout)
    assert [meeting["date"] for meeting in earlier["meetings"]] == ["2026-02-17"]


HOSTILE = "=cmd|' /C calc'!A0 <!-- [x](https://evil.example) *b* |\n::error::x \x1b[2J\u202e"


def test_hostile_notes_are_escaped_in_every_format(ledger: Path, run: Run) -> None:
    """Notes are data: exact in JSON, text in CSV, one cell in Markdown, inert in a table."""
    assert run("meeting", "record", "--notes", HOSTILE).exit_code == 0
    assert meeting_file(ledger, "2026-03-10")["notes"] == HOSTILE
    document = json.loads(run("meetings", "--format", "json").stdout)
    assert document["meetings"][0]["notes"] == HOSTILE
    table = run("meetings").stdout
    assert "\x1b" not in table and "\u202e" not in table and "\n::" not in table
    rows = list(csv.reader(io.StringIO(run("meetings", "--format", "csv").stdout)))
    assert rows[0] == ["date", "recorded_by", "notes"]
    assert rows[1][2].startswith("'=cmd")
    markdown = run("meetings", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert not [token for token in tokens if token.type == "html_block"]
    assert sum(1 for token in tokens if token.type == "td_open") == 3
    children = [child for token in tokens if token.children for child in token.children]
    assert not [child for child in children if child.type in ("link_open", "html_inline")]


def test_yaml_ledger_records_yaml_meetings(ledger: Path, run: Run) -> None:
    settings = ledger / "aidledger.toml"
    settings.write_text(settings.read_text().replace('storage = "toml"', 'storage = "yaml"'))
    assert run("meeting", "record", "--notes", "on: yes, no").exit_code == 0
    assert meeting_file(ledger, "2026-03-10", "yaml")["notes"] == "on: yes, no"
    again = run("meeting", "record")
    assert again.exit_code == 2 and "meetings/2026-03-10.yaml" in again.stderr
    document = json.loads(run("meetings", "--format", "json").stdout)
    assert document["meetings"][0]["notes"] == "on: yes, no"


def test_hand_written_meetings_are_checked(ledger: Path, run: Run) -> None:
    """Unknown recorder, a day to come, a duplicate day: `path:line` problems, exit 2."""
    (ledger / "meetings").mkdir()
    (ledger / "meetings" / "a.toml").write_text(
        '[[meeting]]\ndate = 2026-03-03\nrecorded_by = "zoe"\n\n[[meeting]]\ndate = 2026-04-30\n',
        encoding="utf-8",
    )
    (ledger / "meetings" / "b.yaml").write_text("meeting:\n- date: 2026-03-03\n", encoding="utf-8")
    output = run("check").stdout
    assert "meetings/a.toml:3: unknown member 'zoe' as recorded_by" in output
    assert "meetings/a.toml:6: the meeting date 2026-04-30 is in the future" in output
    assert "meetings/b.yaml:2: duplicate meeting on the day '2026-03-03'" in output


def test_the_missed_meeting_warning_through_check(ledger: Path, run: Run) -> None:
    """No meeting: a note only; a meeting 20 days ago: a warning; 30 days: a failure."""
    verbose = run("check", "--verbose")
    assert verbose.exit_code == 0
    assert "missed-meeting was not judged: no exchange meeting is recorded yet" in verbose.stdout
    assert run("meeting", "record", "--date", "2026-02-18").exit_code == 0
    warned = run("check")
    assert warned.exit_code == 0
    assert (
        "warn: missed-meeting: The last exchange meeting was on 2026-02-18, 20 days ago;"
        " the charter promises one every 14 days." in warned.stdout
    )
    failed = run("check", "--format", "json", env={"AIDLEDGER_TODAY": "2026-03-20"})
    assert failed.exit_code == 1
    (finding,) = [
        finding
        for finding in json.loads(failed.stdout)["warnings"]
        if finding["id"] == "missed-meeting"
    ]
    assert finding["severity"] == "fail" and finding["value"] == round(30 / 14, 4)
    replay = run("check", "--as-of", "2026-02-20")
    assert "missed-meeting" not in replay.stdout
