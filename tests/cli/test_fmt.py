"""`aidledger fmt`: record files in the writer's own form, comments never lost unasked."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import logged_id, snapshot
from tests.conftest import Run

HAND_WRITTEN = (
    "exchange = [\n"
    '  { helped = ["bob"], helper = "alice", id = "2026-03-02-alice-bob-hand01",'
    ' date = 2026-03-02, minutes = 30, topic = "CI", mode = "pair", tags = [] },\n'
    "]\n"
)
CANONICAL = """\
[[exchange]]
id = "2026-03-02-alice-bob-hand01"
date = 2026-03-02
helper = "alice"
helped = [
    "bob",
]
minutes = 30
topic = "CI"
mode = "pair"
"""
# The first line fmt writes into a file it rewrites: where editors find its schema.
EXCHANGE_DIRECTIVE = "#:schema ../../../.aidledger/schema/exchange.schema.json\n"
EXCHANGE_YAML_DIRECTIVE = (
    "# yaml-language-server: $schema=../../../.aidledger/schema/exchange.schema.json\n"
)
# CANONICAL as fmt writes it into exchanges/YYYY/MM/.
FORMATTED = EXCHANGE_DIRECTIVE + CANONICAL
HAND_WRITTEN_YAML = """\
exchange:
- {mode: advice, topic: SQL, minutes: 15, helped: [carol], helper: bob, date: 2026-03-03,
   id: 2026-03-03-bob-carol-hand02}
"""


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_files_written_by_commands_are_already_canonical(ledger: Path, run: Run) -> None:
    """A fresh log leaves nothing for fmt to do."""
    logged_id(run("log", "30m", "CI", "--helped", "bob"))
    result = run("fmt", "--check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "0 files would be formatted, 1 already canonical\n"


def test_fmt_rewrites_a_hand_written_file_in_the_writers_form(ledger: Path, run: Run) -> None:
    """Inline tables, shuffled keys and empty lists become the canonical text."""
    path = _write(ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN)
    before = run("exchanges", "--format", "json").stdout
    result = run("fmt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "formatted exchanges/2026/03/hand.toml\n1 file formatted, 0 already canonical\n"
    )
    assert path.read_text(encoding="utf-8") == FORMATTED
    assert run("exchanges", "--format", "json").stdout == before


def test_check_lists_the_files_exits_1_and_writes_nothing(ledger: Path, run: Run) -> None:
    """`--check` is for CI: it names what would change and changes nothing."""
    _write(ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN)
    before = snapshot(ledger)
    result = run("fmt", "--check")
    assert result.exit_code == 1
    assert "would format exchanges/2026/03/hand.toml" in result.stdout
    assert "1 file would be formatted" in result.stdout
    assert snapshot(ledger) == before


def test_running_fmt_twice_changes_nothing(ledger: Path, run: Run) -> None:
    """The second run finds every file canonical."""
    _write(ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN)
    _write(ledger, "exchanges/2026/03/hand.yaml", HAND_WRITTEN_YAML)
    assert run("fmt").exit_code == 0
    once = snapshot(ledger)
    assert run("fmt", "--check").exit_code == 0
    assert run("fmt").exit_code == 0
    assert snapshot(ledger) == once


def test_a_yaml_file_stays_yaml(ledger: Path, run: Run) -> None:
    """A file keeps its language: YAML is rewritten as canonical YAML."""
    path = _write(ledger, "exchanges/2026/03/hand.yaml", HAND_WRITTEN_YAML)
    assert run("fmt").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        EXCHANGE_YAML_DIRECTIVE
        + "exchange:\n- id: 2026-03-03-bob-carol-hand02\n  date: 2026-03-03\n"
    )
    assert "helped:\n  - carol\n" in text


def test_line_endings_and_byte_order_mark_are_made_plain(ledger: Path, run: Run) -> None:
    """CRLF and a BOM are not the canonical form: LF and no BOM are."""
    path = _write(ledger, "exchanges/2026/03/hand.toml", "\ufeff" + CANONICAL.replace("\n", "\r\n"))
    assert run("fmt", "--check").exit_code == 1
    assert run("fmt").exit_code == 0
    assert path.read_bytes() == FORMATTED.encode("utf-8")


def test_a_file_with_comments_is_kept_and_named(ledger: Path, run: Run) -> None:
    """Like a code formatter, fmt never drops a comment: the file stays as written."""
    commented = "# Packed by hand, see the 2026 review.\n" + HAND_WRITTEN
    path = _write(ledger, "exchanges/2026/03/hand.toml", commented)
    for args in (("fmt",), ("fmt", "--check")):
        result = run(*args)
        assert result.exit_code == 0, result.stdout
        assert "1 kept as written for their comments" in result.stdout
        assert "exchanges/2026/03/hand.toml: holds comments" in result.stderr
        assert path.read_text(encoding="utf-8") == commented


def test_drop_comments_formats_commented_files_too(ledger: Path, run: Run) -> None:
    """--drop-comments is the deliberate way to give the comments up."""
    path = _write(ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN + "# the end\n")
    assert run("fmt", "--drop-comments").exit_code == 0
    assert path.read_text(encoding="utf-8") == FORMATTED


def test_a_hash_inside_text_is_no_comment(ledger: Path, run: Run) -> None:
    """`#` inside a quoted value, in TOML or YAML, does not keep a file from formatting."""
    toml_path = _write(
        ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN.replace('"CI"', "'CI #42 \"x\"'")
    )
    yaml_path = _write(
        ledger, "exchanges/2026/03/hand.yaml", HAND_WRITTEN_YAML.replace("SQL", "'SQL #7'")
    )
    result = run("fmt")
    assert result.exit_code == 0, result.stderr
    assert "comments" not in result.stdout
    assert 'topic = "CI #42 \\"x\\""' in toml_path.read_text(encoding="utf-8")
    assert "topic: 'SQL #7'" in yaml_path.read_text(encoding="utf-8")


def test_an_invalid_file_is_refused_with_its_line_and_nothing_is_written(
    ledger: Path, run: Run
) -> None:
    """One bad record stops fmt before any file is written."""
    _write(ledger, "exchanges/2026/03/hand.toml", HAND_WRITTEN)
    bad = CANONICAL.replace("minutes = 30", "minutes = 0").replace("hand01", "hand09")
    _write(ledger, "exchanges/2026/03/bad.toml", bad)
    before = snapshot(ledger)
    result = run("fmt")
    assert result.exit_code == 2
    assert "exchanges/2026/03/bad.toml:8: minutes:" in result.stderr
    assert "1 problem in the data folder" in result.stderr
    assert snapshot(ledger) == before


def test_every_kind_of_record_file_is_formatted(ledger: Path, run: Run) -> None:
    """requests/, offers/ and meetings/ are record folders too."""
    request = (
        'request = [{id = "2026-03-01-bob-req001", by = "bob", opened = 2026-03-01, title = "T"}]\n'
    )
    offer = (
        'offer = [{text = "Reviews", id = "2026-03-01-bob-off001", by = "bob",'
        " opened = 2026-03-01}]\n"
    )
    meeting = "meeting = [{date = 2026-03-05}]\n"
    _write(ledger, "requests/r.toml", request)
    _write(ledger, "offers/o.toml", offer)
    _write(ledger, "meetings/2026-03-05.toml", meeting)
    result = run("fmt")
    assert result.exit_code == 0, result.stderr
    assert "3 files formatted" in result.stdout
    assert (ledger / "meetings/2026-03-05.toml").read_text(encoding="utf-8") == (
        "#:schema ../.aidledger/schema/meeting.schema.json\n[[meeting]]\ndate = 2026-03-05\n"
    )
    listed = json.loads(run("requests", "--format", "json").stdout)
    assert [item["id"] for item in listed] == ["2026-03-01-bob-req001"]


def test_a_hostile_file_name_is_shown_inert(ledger: Path, run: Run) -> None:
    """A file name with terminal escapes is listed without them."""
    _write(ledger, "exchanges/2026/03/\x1b[2Jhand.toml", HAND_WRITTEN)
    result = run("fmt", "--check")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "would format exchanges/2026/03/[2Jhand.toml" in result.stdout


def test_every_bad_file_is_named_at_once(ledger: Path, run: Run) -> None:
    """A file that is not UTF-8 and a file with a bad record are both reported."""
    (ledger / "exchanges/2026/03").mkdir(parents=True)
    (ledger / "exchanges/2026/03/latin1.toml").write_bytes(b'[[exchange]]\ntopic = "caf\xe9"\n')
    bad = CANONICAL.replace('mode = "pair"', 'mode = "lecture"')
    _write(ledger, "exchanges/2026/03/bad.toml", bad)
    result = run("fmt")
    assert result.exit_code == 2
    assert "exchanges/2026/03/latin1.toml:2: not UTF-8 text" in result.stderr
    assert "exchanges/2026/03/bad.toml:10: mode:" in result.stderr


def test_what_the_commands_write_is_already_formatted(ledger: Path, run: Run) -> None:
    """Group confirmations, a request taken and closed by `log --request --done`, an
    offer, a meeting: every file the commands wrote passes `fmt --check` as it stands."""
    logged = run("log", "--helped", "bob", "--helped", "carol", "1h", "Workshop")
    exchange_id = logged.stdout.splitlines()[0]
    assert run("confirm", exchange_id, "--as", "carol", "--useful", "5").exit_code == 0
    assert run("confirm", exchange_id, "--as", "bob", "--note", "Clear at last").exit_code == 0
    request_id = run("ask", "Slow query", "--skill", "sql", "--as", "bob").stdout.split()[0]
    assert run("take", request_id).exit_code == 0
    done = run("log", "30m", "Index", "--helped", "bob", "--request", request_id, "--done")
    assert done.exit_code == 0, done.stderr
    assert run("offer", "SQL reviews", "--minutes", "1h").exit_code == 0
    assert run("meeting", "record").exit_code == 0
    result = run("fmt", "--check")
    assert result.exit_code == 0, result.stdout + result.stderr
