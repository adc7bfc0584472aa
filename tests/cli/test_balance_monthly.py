"""`balance`: the totals row, and `--monthly` columns in every format."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import EXAMPLE, Run

ROOT = ("--root", str(EXAMPLE))
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}
QUARTER = ("--period", "2026-Q3")


def balance(run: Run, *arguments: str) -> str:
    result = run(*ROOT, "balance", *arguments, env=TODAY)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_table_ends_with_a_totals_row(run: Run) -> None:
    """The terminal table sums given and received; the nets sum to zero."""
    document = json.loads(balance(run, *QUARTER, "--format", "json"))
    total = document["team"]["total_minutes"]
    rows = [line for line in balance(run, *QUARTER).splitlines() if line.startswith("│ total ")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].split("│")[1:-1]]
    assert cells[:4] == ["total", "82h10", "82h10", "0m"]
    assert total == 82 * 60 + 10


def test_the_markdown_ends_with_a_bold_totals_row(run: Run) -> None:
    """The Markdown table's last row is the totals, in bold."""
    table = [
        line
        for line in balance(run, *QUARTER, "--format", "markdown").splitlines()
        if line.startswith("|")
    ]
    assert table[-1].startswith("| **total** | **82h10** | **82h10** | **0m** |")


def test_csv_and_json_keep_their_shape(run: Run) -> None:
    """Machine formats have no totals row: one row per member, the team apart in JSON."""
    document = json.loads(balance(run, *QUARTER, "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(balance(run, *QUARTER, "--format", "csv"))))
    assert [row["handle"] for row in rows] == [member["handle"] for member in document["members"]]


def test_monthly_json_has_a_net_per_member_per_month(run: Run) -> None:
    """Each month's net is the balance of that month alone, and they add up to the total."""
    document = json.loads(balance(run, *QUARTER, "--monthly", "--format", "json"))
    assert document["months"] == ["2026-07", "2026-08", "2026-09"]
    for member in document["members"]:
        assert sum(member["net_minutes"]) == member["total_net_minutes"]
    september = json.loads(balance(run, "--period", "2026-09", "--format", "json"))
    nets = {member["handle"]: member["net_minutes"] for member in september["members"]}
    assert {m["handle"]: m["net_minutes"][2] for m in document["members"]} == nets
    assert document["team"]["help_minutes"][2] == september["team"]["total_minutes"]
    assert sum(document["team"]["help_minutes"]) == document["team"]["total_minutes"]


def test_monthly_csv_has_a_column_per_month(run: Run) -> None:
    """The CSV has a handle, one column per month and a total; numbers are minutes."""
    text = balance(run, *QUARTER, "--monthly", "--format", "csv")
    assert text.splitlines()[0] == "handle,2026-07,2026-08,2026-09,total"
    document = json.loads(balance(run, *QUARTER, "--monthly", "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(row["total"]) for row in rows] == [
        member["total_net_minutes"] for member in document["members"]
    ]


def test_monthly_table_and_markdown_show_the_months_and_the_help_logged(run: Run) -> None:
    """People's formats show a column per month, signed nets, and the help logged each month."""
    for arguments in ((), ("--format", "markdown")):
        text = balance(run, *QUARTER, "--monthly", *arguments)
        assert "Net balance by month, 2026-07-01 to 2026-09-30" in text
        assert "2026-08" in text and "help logged" in text
        assert "+33h05" in text  # maya over the quarter


def test_monthly_without_since_starts_with_the_first_exchange(run: Run) -> None:
    """With no --since, the first column is the month of the first exchange counted."""
    document = json.loads(balance(run, "--until", "2026-10-30", "--monthly", "--format", "json"))
    assert document["months"][-1] == "2026-10"
    everything = json.loads(balance(run, "--until", "2026-10-30", "--format", "json"))
    assert sum(document["team"]["help_minutes"]) == everything["team"]["total_minutes"]
