"""At 80 columns, the tables of `report`, `charter show` and `balance` cut no header or cell."""

from __future__ import annotations

from typing import get_args

import pytest

from aidledger.model.charter import WarningId
from tests.conftest import EXAMPLE, Run

ROOT = ("--root", str(EXAMPLE))
NARROW = {"COLUMNS": "80", "AIDLEDGER_TODAY": "2026-10-30"}


def output(run: Run, *arguments: str) -> str:
    result = run(*ROOT, *arguments, env=NARROW)
    assert result.exit_code in (0, 1), result.stderr
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    return result.stdout


def people_table(report: str) -> list[str]:
    lines = report.splitlines()
    start = lines.index("People")
    return lines[start + 1 : lines.index("", start)]


def test_the_people_table_cuts_nothing_at_80_columns(run: Run) -> None:
    """Every header of the People table is whole, and no figure ends in an ellipsis."""
    table = people_table(output(run, "report"))
    assert not any("…" in line for line in table)
    header = " ".join(line for line in table[:2])
    for name in ("member", "given", "received", "net", "partners", "taught or", "useful"):
        assert name in header, name
    assert "paired" in table[1]
    maya = next(line for line in table if line.startswith("maya "))
    assert maya.split()[0:2] == ["maya", "44h"]
    assert "+43h30" in maya and "28%" in maya


def test_the_people_table_keeps_full_bars_when_there_is_room(run: Run) -> None:
    """At 100 columns the largest bar is 14 cells wide, as before."""
    result = run(*ROOT, "report", env={**NARROW, "COLUMNS": "100"})
    table = people_table(result.stdout)
    assert any("█" * 14 in line for line in table)
    assert not any("…" in line for line in table)


def charter_warnings(run: Run, columns: str = "80") -> list[str]:
    result = run(*ROOT, "charter", "show", env={**NARROW, "COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("Warning levels"))
    return lines[start : lines.index("", start)]


@pytest.mark.parametrize("columns", ["80", "100"])
def test_charter_warning_ids_are_never_cut(run: Run, columns: str) -> None:
    """Each warning id is printed whole, as the team types it in charter.toml."""
    table = charter_warnings(run, columns)
    ids = [line.split("│")[1].strip() for line in table if line.startswith("│ ")]
    named = [warning for warning in ids if warning]
    assert set(named) >= {"low-participation", "repeat-dependency", "done-for-dependency"}
    assert set(named) <= set(get_args(WarningId))
    assert not any("…" in line for line in table)


def test_charter_marks_what_the_team_set_and_explains_the_mark(run: Run) -> None:
    """A value set in the charter carries `*`; one line under the table says what it means."""
    table = charter_warnings(run)
    assert not any("charter: enabled" in line for line in table)
    net = next(line for line in table if line.startswith("│ net-balance "))
    assert [cell.strip() for cell in net.split("│")[2:5]] == ["yes*", "10*", "20*"]
    assert "min_count 4 " in net
    assert table[-1].startswith("* set by the team in the charter;")


def test_the_monthly_title_stays_on_one_line(run: Run) -> None:
    """A table narrower than its title does not wrap the title."""
    result = run(*ROOT, "balance", "-M", "--period", "2026-10", env=NARROW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Net balance by month, 2026-10-01 to 2026-10-30"


def test_balance_counts_are_not_named_like_the_minutes(run: Run) -> None:
    """The counts of exchanges are `# given` and `# received`, beside the minutes."""
    header = next(line for line in output(run, "balance").splitlines() if "member" in line)
    cells = [cell.strip() for cell in header.split("┃")[1:-1]]
    assert cells == ["member", "given", "received", "net", "# given", "# received"]
