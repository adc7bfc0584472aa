"""`aidledger pack YEAR`: a year of exchange files folded into one, every report unchanged."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from aidledger.store.canonical import plan_pack
from aidledger.store.files import atomic_write
from aidledger.store.write import dump_records
from tests.cli.helpers import logged_id, snapshot
from tests.conftest import EXAMPLE_LAST_DAY, Run

READING_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("report", "--format", "json"),
    ("balance", "--format", "json"),
    ("balance", "--monthly", "--format", "json"),
    ("check", "--format", "json"),
    ("exchanges", "--format", "json"),
    ("statement", "maya", "--format", "json"),
)


def _outputs(run: Run) -> dict[tuple[str, ...], tuple[int, str]]:
    found: dict[tuple[str, ...], tuple[int, str]] = {}
    for command in READING_COMMANDS:
        result = run(*command, "--no-cache")
        assert result.exit_code in (0, 1), result.stderr
        found[command] = (result.exit_code, result.stdout)
    return found


def test_reports_are_identical_before_and_after_packing_the_example(
    example_copy: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Report, balance, check, exchanges and a statement read the same from the pack."""
    monkeypatch.chdir(example_copy)
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    before = _outputs(run)
    month_files = sorted((example_copy / "exchanges" / "2026").rglob("*.toml"))
    result = run("pack", "2026")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Packed 185 exchanges from {len(month_files)} files into exchanges/2026.toml.\n"
    )
    assert not (example_copy / "exchanges" / "2026").exists()
    assert _outputs(run) == before


def test_the_pack_is_sorted_by_date_then_id(ledger: Path, run: Run) -> None:
    """Whatever order the files were in, the pack reads in the order the help happened."""
    for day in ("2026-03-05", "2026-01-20", "2026-03-05", "2026-02-11"):
        logged_id(run("log", "30m", "CI", "--helped", "bob", "--date", day))
    assert run("pack", "2026").exit_code == 0
    records = tomllib.loads((ledger / "exchanges/2026.toml").read_text("utf-8"))["exchange"]
    keys = [(record["date"], record["id"]) for record in records]
    assert keys == sorted(keys)
    assert len(keys) == 4
    visible = [path.name for path in (ledger / "exchanges").iterdir() if path.name[0] != "."]
    assert visible == ["2026.toml"]


def test_confirm_works_inside_a_packed_file(ledger: Path, run: Run) -> None:
    """Confirming edits one record's lines of the pack; the other records stay byte for byte."""
    first = logged_id(run("log", "30m", "CI", "--helped", "bob", "--date", "2026-02-02"))
    second = logged_id(run("log", "45m", "SQL", "--helped", "bob", "--date", "2026-03-03"))
    assert run("pack", "2026").exit_code == 0
    pack = ledger / "exchanges/2026.toml"
    before = pack.read_text("utf-8")
    result = run("confirm", second, "--as", "bob", "--useful", "4")
    assert result.exit_code == 0, result.stderr
    after = pack.read_text("utf-8")
    assert after.startswith(before[: before.index(f'id = "{second}"')])
    records = {record["id"]: record for record in tomllib.loads(after)["exchange"]}
    assert records[second]["confirmation"]["useful"] == 4
    assert "confirmation" not in records[first]
    assert run("fmt", "--check").exit_code == 0


def test_packing_again_merges_newer_files_into_the_pack(ledger: Path, run: Run) -> None:
    """Help logged later for a packed year is folded into the existing pack."""
    logged_id(run("log", "30m", "CI", "--helped", "bob", "--date", "2026-02-02"))
    assert run("pack", "2026").exit_code == 0
    late = logged_id(run("log", "15m", "Late", "--helped", "carol", "--date", "2026-01-15"))
    result = run("pack", "2026")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Packed 2 exchanges from 1 file merged into exchanges/2026.toml.\n"
    records = tomllib.loads((ledger / "exchanges/2026.toml").read_text("utf-8"))["exchange"]
    assert records[0]["id"] == late
    assert not (ledger / "exchanges/2026").exists()


def test_a_pack_stopped_half_way_is_finished_by_packing_again(ledger: Path, run: Run) -> None:
    """Pack written, month files not yet removed: packing again keeps each record once."""
    logged_id(run("log", "30m", "CI", "--helped", "bob", "--date", "2026-02-02"))
    logged_id(run("log", "30m", "SQL", "--helped", "carol", "--date", "2026-03-02"))
    pack = plan_pack(ledger, 2026, "toml")
    text = dump_records("exchange", [dict(record) for record in _fields(pack.records)], "toml")
    atomic_write(pack.target, text, root=ledger)
    assert run("check").exit_code == 2  # every id is there twice
    result = run("pack", "2026")
    assert result.exit_code == 0, result.stderr
    assert "Packed 2 exchanges" in result.stdout
    assert run("check").exit_code == 0


def _fields(records: tuple[object, ...]) -> list[dict[str, object]]:
    from aidledger.store.write import record_fields

    return [record_fields(record) for record in records]  # type: ignore[arg-type]


def test_a_yaml_ledger_packs_into_yaml(git_repo: Path, run: Run) -> None:
    """The pack is written in the ledger's storage format."""
    assert run("init", "--team", "T", "--storage", "yaml").exit_code == 0
    assert run("member", "add", "alice", "--email", "alice@example.org").exit_code == 0
    assert run("member", "add", "bob").exit_code == 0
    logged_id(run("log", "30m", "CI", "--helped", "bob"))
    assert run("pack", "2026").exit_code == 0
    document = yaml.safe_load((git_repo / "exchanges/2026.yaml").read_text("utf-8"))
    assert len(document["exchange"]) == 1


def test_files_with_comments_are_not_packed_unless_asked(ledger: Path, run: Run) -> None:
    """The pack would lose comments: it refuses, naming the file; --drop-comments packs."""
    exchange_id = logged_id(run("log", "30m", "CI", "--helped", "bob"))
    path = ledger / "exchanges/2026/03" / f"{exchange_id}.toml"
    path.write_text("# why this was logged late\n" + path.read_text("utf-8"), encoding="utf-8")
    before = snapshot(ledger)
    result = run("pack", "2026")
    assert result.exit_code == 2
    assert "hold comments, which the pack would lose" in result.stderr
    assert snapshot(ledger) == before
    dropped = run("pack", "2026", "--drop-comments")
    assert dropped.exit_code == 0, dropped.stderr
    assert "its comments were dropped" in dropped.stderr


@pytest.mark.parametrize(
    ("year", "message"),
    [("26", "is not a year"), ("2025", "no exchange files under")],
)
def test_nothing_to_pack_is_a_usage_error(ledger: Path, run: Run, year: str, message: str) -> None:
    """A year that is not one, or holds no files, is refused with exit 2."""
    result = run("pack", year)
    assert result.exit_code == 2
    assert message in result.stderr


def test_two_packs_of_one_year_are_refused(ledger: Path, run: Run) -> None:
    """exchanges/2026.toml and exchanges/2026.yaml side by side: merge by hand first."""
    logged_id(run("log", "30m", "CI", "--helped", "bob"))
    (ledger / "exchanges/2026.toml").write_text("", encoding="utf-8")
    (ledger / "exchanges/2026.yaml").write_text("", encoding="utf-8")
    result = run("pack", "2026")
    assert result.exit_code == 2
    assert "both exist" in result.stderr


def test_an_invalid_month_file_stops_the_pack(ledger: Path, run: Run) -> None:
    """A bad record is named with its line, and nothing is written or removed."""
    exchange_id = logged_id(run("log", "30m", "CI", "--helped", "bob"))
    path = ledger / "exchanges/2026/03" / f"{exchange_id}.toml"
    path.write_text(path.read_text("utf-8").replace("minutes = 30", "minutes = -1"), "utf-8")
    before = snapshot(ledger)
    result = run("pack", "2026")
    assert result.exit_code == 2
    assert f"{exchange_id}.toml:9: minutes:" in result.stderr
    assert snapshot(ledger) == before
