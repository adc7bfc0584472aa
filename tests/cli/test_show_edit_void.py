"""`aidledger show`, `edit` and `void`: see a record where it is written, fix it, undo it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import logged_id, snapshot
from tests.conftest import Run

PACKED = """\
# Two exchanges written by hand in one file.
[[exchange]]
id = "2026-03-02-alice-bob-pack01"
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 30
topic = "Review"
mode = "pair"
logged_by = "alice"

# the second one
[[exchange]]
id = "2026-03-03-alice-carol-pack02"
date = 2026-03-03
helper = "alice"
helped = ["carol"]
minutes = 45
topic = "Pairing"
mode = "pair"
logged_by = "alice"
"""


def packed(root: Path) -> Path:
    path = root / "exchanges" / "2026" / "03" / "packed.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PACKED, encoding="utf-8")
    return path


def editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> Path:
    """Set $EDITOR to a Python script whose body edits `text` (the file's text) in place.

    The script appends each text it was given to `seen.log`, so tests can read the header.
    """
    script = tmp_path / "editor.py"
    seen = tmp_path / "seen.log"
    script.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"with open({str(seen)!r}, 'a', encoding='utf-8') as log:\n"
        "    log.write(text + '\\n=====\\n')\n"
        f"{body}\n"
        "path.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return seen


def test_show_prints_path_line_and_the_records_lines(ledger: Path, run: Run) -> None:
    """show prints `path:line`, then the record's own lines exactly as in the file."""
    packed(ledger)
    result = run("show", "2026-03-03-alice-carol")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "exchanges/2026/03/packed.toml:13"
    assert lines[1] == "[[exchange]]"
    assert lines[2] == 'id = "2026-03-03-alice-carol-pack02"'
    assert "pack01" not in result.stdout
    assert "# the second one" not in result.stdout


def test_show_json_has_the_fields_path_and_line(ledger: Path, run: Run) -> None:
    """show --format json gives the record's fields plus `path` and `line`."""
    packed(ledger)
    result = run("show", "2026-03-02-alice-bob", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["id"] == "2026-03-02-alice-bob-pack01"
    assert document["minutes"] == 30
    assert document["path"] == "exchanges/2026/03/packed.toml"
    assert document["line"] == 2


def test_show_strips_control_characters(ledger: Path, run: Run) -> None:
    """show never passes a terminal escape of a field through."""
    packed(ledger).write_text(
        PACKED.replace('topic = "Review"', 'topic = "Re\\u001b]52;c;aGk=\\u0007view"'),
        encoding="utf-8",
    )
    result = run("show", "2026-03-02-alice-bob")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout


def test_show_an_ambiguous_prefix_lists_the_matches(ledger: Path, run: Run) -> None:
    """A prefix of several ids names each of them and exits 2."""
    packed(ledger)
    result = run("show", "2026-03-0")
    assert result.exit_code == 2
    assert "2026-03-02-alice-bob-pack01" in result.stderr
    assert "2026-03-03-alice-carol-pack02" in result.stderr
    assert "give more of the id" in result.stderr


def test_show_an_unknown_id_exits_2(ledger: Path, run: Run) -> None:
    """An id that matches nothing is a usage error."""
    result = run("show", "2030-01-01")
    assert result.exit_code == 2
    assert "no exchange or request '2030-01-01'" in result.stderr


def test_log_and_thanks_print_the_file_they_wrote(ledger: Path, run: Run) -> None:
    """log and thanks end with `Wrote PATH`, the file that now holds the exchange."""
    for result in (
        run("log", "--helped", "bob", "30m", "Review"),
        run("thanks", "carol", "1h", "Pairing"),
    ):
        exchange_id = logged_id(result)
        wrote = result.stdout.splitlines()[-1]
        assert wrote == f"Wrote exchanges/2026/03/{exchange_id}.toml"
        assert (ledger / wrote.removeprefix("Wrote ")).is_file()


def test_edit_writes_back_only_the_records_lines(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """edit changes the record's lines and keeps every other byte of its file."""
    path = packed(ledger)
    editor(monkeypatch, tmp_path, "text = text.replace('minutes = 45', 'minutes = 50')")
    result = run("edit", "2026-03-03-alice-carol")
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == PACKED.replace("minutes = 45", "minutes = 50")


def test_edit_reopens_with_the_errors_until_valid(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An invalid save re-opens the editor with the problems as comments at the top."""
    path = packed(ledger)
    seen = editor(
        monkeypatch,
        tmp_path,
        "if 'error:' in text:\n"
        "    text = text.replace('\"zoey\"', '\"carol\"')\n"
        "else:\n"
        "    text = text.replace('helper = \"alice\"', 'helper = \"zoey\"')",
    )
    result = run("edit", "2026-03-02-alice-bob-pack01")
    assert result.exit_code == 0, result.stderr
    second = seen.read_text(encoding="utf-8").split("=====\n")[1]
    assert second.startswith("# Editing exchange 2026-03-02-alice-bob-pack01")
    assert "# error: exchanges/2026/03/packed.toml:5: unknown member 'zoey'" in second
    assert 'helper = "zoey"' in second
    assert path.read_text(encoding="utf-8") == PACKED.replace(
        'helper = "alice"\nhelped = ["bob"]', 'helper = "carol"\nhelped = ["bob"]'
    )


def test_edit_saved_unchanged_writes_nothing(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Saving the record as it was writes nothing."""
    packed(ledger)
    before = snapshot(ledger)
    editor(monkeypatch, tmp_path, "pass")
    result = run("edit", "2026-03-02-alice-bob")
    assert result.exit_code == 0, result.stderr
    assert "Nothing was changed" in result.stderr
    assert snapshot(ledger) == before


def test_edit_saved_empty_aborts(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Saving an empty file stops the edit with nothing written, even after an error."""
    packed(ledger)
    before = snapshot(ledger)
    editor(
        monkeypatch,
        tmp_path,
        "text = '' if 'error:' in text else text.replace('minutes = 30', 'minutes = -5')",
    )
    result = run("edit", "2026-03-02-alice-bob")
    assert result.exit_code == 0, result.stderr
    assert "saved empty" in result.stderr
    assert snapshot(ledger) == before


def test_edit_refuses_to_change_the_id(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The edited record keeps its id; another id is an error shown in the editor."""
    packed(ledger)
    before = snapshot(ledger)
    seen = editor(
        monkeypatch,
        tmp_path,
        "text = '' if 'error:' in text else text.replace('pack01', 'pack09')",
    )
    assert run("edit", "2026-03-02-alice-bob").exit_code == 0
    assert "keeps its id" in seen.read_text(encoding="utf-8")
    assert snapshot(ledger) == before


def test_void_deletes_a_file_of_one_exchange(ledger: Path, run: Run) -> None:
    """void removes an unconfirmed exchange the actor logged, with its file."""
    exchange_id = logged_id(run("log", "--helped", "bob", "30m", "Review"))
    result = run("void", exchange_id)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Voided {exchange_id}: deleted exchanges/2026/03/{exchange_id}.toml.\n"
    )
    assert not list((ledger / "exchanges").rglob("*.toml"))


def test_void_removes_only_its_lines_from_a_packed_file(ledger: Path, run: Run) -> None:
    """In a file of several exchanges, void removes the one exchange's lines only."""
    path = packed(ledger)
    assert run("void", "2026-03-02-alice-bob").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text == PACKED.replace(PACKED[PACKED.index("[[exchange]]") : PACKED.index("# the")], "")


def test_void_refuses_a_confirmed_exchange(ledger: Path, run: Run) -> None:
    """Confirmed help is history: void refuses it and changes nothing."""
    exchange_id = logged_id(run("thanks", "bob", "30m", "Review"))
    before = snapshot(ledger)
    result = run("void", exchange_id)
    assert result.exit_code == 2
    assert "is confirmed" in result.stderr
    assert snapshot(ledger) == before


def test_void_refuses_an_exchange_logged_by_someone_else(ledger: Path, run: Run) -> None:
    """Only the person who logged an exchange may void it."""
    exchange_id = logged_id(run("log", "--helped", "carol", "30m", "Review"))
    before = snapshot(ledger)
    result = run("void", exchange_id, "--as", "bob")
    assert result.exit_code == 2
    assert "was logged by alice; only alice can void it" in result.stderr
    assert snapshot(ledger) == before


def test_void_without_logged_by_is_the_helpers(ledger: Path, run: Run) -> None:
    """An exchange with no logged_by belongs to its helper."""
    path = packed(ledger)
    path.write_text(PACKED.replace('logged_by = "alice"\n', ""), encoding="utf-8")
    assert run("void", "2026-03-02-alice-bob", "--as", "bob").exit_code == 2
    assert run("void", "2026-03-02-alice-bob").exit_code == 0


def test_void_refuses_an_exchange_a_request_lists(ledger: Path, run: Run) -> None:
    """An exchange listed by a request stays until the request lets it go."""
    packed(ledger)
    requests = ledger / "requests"
    requests.mkdir(exist_ok=True)
    (requests / "r.toml").write_text(
        '[[request]]\nid = "2026-03-01-bob-r00001"\nopened = 2026-03-01\nby = "bob"\n'
        'title = "Help"\nexchanges = ["2026-03-02-alice-bob-pack01"]\n',
        encoding="utf-8",
    )
    before = snapshot(ledger)
    result = run("void", "2026-03-02-alice-bob")
    assert result.exit_code == 2, result.stderr
    assert "is listed by the request 2026-03-01-bob-r00001" in result.stderr
    assert snapshot(ledger) == before


def test_edit_saved_again_unchanged_with_problems_stops(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An editor that keeps saving the same invalid record ends the edit: exit 2, no write."""
    packed(ledger)
    before = snapshot(ledger)
    editor(monkeypatch, tmp_path, "text = text.replace('helper = \"alice\"', 'helper = \"zoey\"')")
    result = run("edit", "2026-03-02-alice-bob-pack01")
    assert result.exit_code == 2
    assert "unknown member 'zoey'" in result.stderr
    assert snapshot(ledger) == before


def test_edit_of_confirmed_figures_asks_to_take_the_confirmation_out(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Changing the minutes of help bob confirmed is refused while his confirmation stands
    (shown in the editor); taking the confirmation out in the same edit is accepted."""
    logged = run("log", "--helped", "bob", "45m", "Review")
    exchange_id = logged.stdout.splitlines()[0]
    assert run("confirm", exchange_id, "--as", "bob", "--useful", "4").exit_code == 0
    before = snapshot(ledger)
    seen = editor(
        monkeypatch,
        tmp_path,
        "text = '' if 'error:' in text else text.replace('minutes = 45', 'minutes = 60')",
    )
    assert run("edit", exchange_id).exit_code == 0
    assert "minutes changed while the confirmation by bob stands" in seen.read_text()
    assert snapshot(ledger) == before
    editor(
        monkeypatch,
        tmp_path,
        "text = text.replace('minutes = 45', 'minutes = 60').split('[exchange.confirmation]')[0]",
    )
    result = run("edit", exchange_id)
    assert result.exit_code == 0, result.stderr
    listed = run("exchanges", "--format", "json").stdout
    assert '"minutes": 60' in listed and '"waiting_for": [\n      "bob"\n    ]' in listed
