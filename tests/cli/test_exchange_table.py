"""`exchanges` as a table that fits 80 columns, with short ids `show` accepts, and CSV with
machine values, one fact a column."""

from __future__ import annotations

import csv
import io

from aidledger.render.exchanges import short_ids
from tests.conftest import EXAMPLE, Run

ROOT = ("--root", str(EXAMPLE))
NARROW = {"AIDLEDGER_TODAY": "2026-11-27", "COLUMNS": "80"}


def test_short_ids_are_the_shortest_unique_start_from_the_helper_initial() -> None:
    """An id is cut after the date and the helper's initial, or further where needed."""
    known = ["2026-05-04-kim-omar-y00sdd", "2026-05-04-kim-sam-tty81d", "2026-05-04-lena-raj-x"]
    shown = short_ids(known, known)
    assert shown == {
        "2026-05-04-kim-omar-y00sdd": "2026-05-04-kim-o",
        "2026-05-04-kim-sam-tty81d": "2026-05-04-kim-s",
        "2026-05-04-lena-raj-x": "2026-05-04-l",
    }
    assert short_ids(["2026-05-04-a"], []) == {"2026-05-04-a": "2026-05-04-a"}


def test_the_table_fits_80_columns_and_its_ids_are_unique_starts(run: Run) -> None:
    """Every line fits 80 columns, and each id shown is the start of exactly one id."""
    result = run(*ROOT, "exchanges", env=NARROW)
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "confirmed" in result.stdout
    full = [row["id"] for row in csv.DictReader(io.StringIO(_csv(run)))]
    rows = [line.split()[0] for line in result.stdout.splitlines() if line.startswith(" 2026-")]
    assert len(rows) == len(full)
    for shown in rows:
        assert len([exchange for exchange in full if exchange.startswith(shown)]) == 1
    shown_result = run(*ROOT, "show", rows[0], env=NARROW)
    assert shown_result.exit_code == 0, shown_result.stderr


def test_unconfirmed_drops_the_confirmed_column(run: Run) -> None:
    """Every row of `--unconfirmed` is unconfirmed: the column would only say `no`."""
    result = run(*ROOT, "exchanges", "--unconfirmed", env=NARROW)
    assert result.exit_code == 0, result.stderr
    assert "topic" in result.stdout
    assert "confirmed" not in result.stdout
    markdown = run(*ROOT, "exchanges", "--unconfirmed", "--format", "markdown", env=NARROW)
    header = markdown.stdout.splitlines()[0]
    assert "| topic |" in header and "confirmed" not in header
    everything = run(*ROOT, "exchanges", "--format", "markdown", env=NARROW).stdout
    assert everything.splitlines()[0].endswith("| confirmed |")


def _csv(run: Run) -> str:
    result = run(*ROOT, "exchanges", "--format", "csv", env=NARROW)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_csv_holds_machine_values(run: Run) -> None:
    """Minutes as integers, tags joined with `;`, confirmation facts in their own columns."""
    rows = list(csv.DictReader(io.StringIO(_csv(run))))
    assert list(rows[0]) == [
        "id", "date", "helper", "helped", "minutes", "mode", "topic", "tags", "request",
        "confirmed", "confirmed_by", "confirmed_on", "useful", "note",
    ]  # fmt: skip
    assert all(row["minutes"].isdigit() for row in rows)
    confirmed = [row for row in rows if row["confirmed"] == "True"]
    assert confirmed and all(row["confirmed_by"] and row["confirmed_on"] for row in confirmed)
    assert any(";" in row["tags"] for row in rows)
