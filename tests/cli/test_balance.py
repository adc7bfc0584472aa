"""`aidledger balance`: per (helper, helped) pair, in every format, with the stable JSON shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.helpers import balance_json, by_handle, log
from tests.conftest import Run

FIELDS = [
    "handle",
    "given_minutes",
    "received_minutes",
    "net_minutes",
    "given_count",
    "received_count",
]


@pytest.fixture
def story(ledger: Path, run: Run) -> Path:
    """Four exchanges: one with two helped people, one left unconfirmed on purpose.

    alice -> bob, carol   30m  logged by alice, unconfirmed
    bob   -> alice        45m  thanked by alice, so confirmed
    carol -> bob          1h   thanked by bob, so confirmed
    alice -> carol        20m  thanked by carol, so confirmed
    """
    log(
        run,
        ledger,
        "--helper",
        "alice",
        "--helped",
        "bob",
        "--helped",
        "carol",
        "30m",
        "Walking through the deploy pipeline",
        "--date",
        "2026-03-02",
    )
    for actor, helper, duration, day in [
        ("alice", "bob", "45m", "2026-03-03"),
        ("bob", "carol", "1h", "2026-03-04"),
        ("carol", "alice", "20m", "2026-03-05"),
    ]:
        assert (
            run("thanks", helper, duration, "Review", "--date", day, "--as", actor).exit_code == 0
        )
    return ledger


EXPECTED = {
    # given: alice 30 x 2 + 20 in 2 exchanges; bob 45; carol 60.
    # received: alice 45; bob 30 + 60; carol 30 + 20.
    "alice": {"given_minutes": 80, "received_minutes": 45, "given_count": 2, "received_count": 1},
    "bob": {"given_minutes": 45, "received_minutes": 90, "given_count": 1, "received_count": 2},
    "carol": {"given_minutes": 60, "received_minutes": 50, "given_count": 1, "received_count": 2},
}


def test_json_shape_is_exact(story: Path, run: Run) -> None:
    """The JSON has exactly the documented keys, members in handle order, and the figures."""
    document = balance_json(run)
    assert list(document) == ["since", "until", "unit", "members", "team"]
    assert document["since"] is None
    assert document["until"] is None
    assert document["unit"] == "person-minutes"
    assert list(document["team"]) == ["total_minutes", "exchanges"]
    assert document["team"] == {"total_minutes": 185, "exchanges": 4}
    assert [row["handle"] for row in document["members"]] == ["alice", "bob", "carol"]
    for row in document["members"]:
        assert list(row) == FIELDS
        figures = EXPECTED[row["handle"]]
        net = figures["given_minutes"] - figures["received_minutes"]
        assert row == {"handle": row["handle"], **figures, "net_minutes": net}
        assert all(type(row[name]) is int for name in FIELDS[1:])


def test_given_equals_received(story: Path, run: Run) -> None:
    """Given and received person-minutes each sum to the team total; exchanges given too."""
    document = balance_json(run)
    rows = document["members"]
    assert sum(row["given_minutes"] for row in rows) == document["team"]["total_minutes"]
    assert sum(row["received_minutes"] for row in rows) == document["team"]["total_minutes"]
    assert sum(row["given_count"] for row in rows) == document["team"]["exchanges"]
    assert sum(row["net_minutes"] for row in rows) == 0


def test_two_helped_credit_the_helper_twice(ledger: Path, run: Run) -> None:
    """45 minutes with two helped: the helper gives 90 person-minutes in one exchange."""
    log(run, ledger, "--helper", "alice", "--helped", "bob", "--helped", "carol", "45m", "Workshop")
    document = balance_json(run)
    rows = by_handle(document)
    assert rows["alice"]["given_minutes"] == 90
    assert rows["alice"]["given_count"] == 1
    assert rows["bob"]["received_minutes"] == rows["carol"]["received_minutes"] == 45
    assert rows["bob"]["received_count"] == rows["carol"]["received_count"] == 1
    assert document["team"] == {"total_minutes": 90, "exchanges": 1}


def test_unconfirmed_count_by_default(story: Path, run: Run) -> None:
    """With the default charter (count_unconfirmed = true) the unconfirmed exchange counts."""
    assert by_handle(balance_json(run))["bob"]["received_minutes"] == 90


def test_count_unconfirmed_false_leaves_them_out(story: Path, run: Run) -> None:
    """With count_unconfirmed = false in [rules], only confirmed exchanges count."""
    charter = story / "charter.toml"
    text = charter.read_text()
    assert text.count("count_unconfirmed = true") == 1
    charter.write_text(text.replace("count_unconfirmed = true", "count_unconfirmed = false"))
    document = balance_json(run)
    rows = by_handle(document)
    assert document["team"] == {"total_minutes": 125, "exchanges": 3}
    assert rows["alice"]["given_minutes"] == 20
    assert rows["alice"]["given_count"] == 1
    assert rows["bob"]["received_minutes"] == 60
    assert rows["carol"]["received_minutes"] == 20


def test_confirming_makes_it_count(story: Path, run: Run) -> None:
    """Under count_unconfirmed = false, each helped person's confirmation brings their own
    part of a group exchange into the balance."""
    charter = story / "charter.toml"
    charter.write_text(
        charter.read_text().replace("count_unconfirmed = true", "count_unconfirmed = false")
    )
    waiting = json.loads(run("exchanges", "--unconfirmed", "--format", "json").stdout)
    assert len(waiting) == 1
    assert waiting[0]["helped"] == ["bob", "carol"]
    assert run("confirm", waiting[0]["id"], "--as", "carol").exit_code == 0
    rows = by_handle(balance_json(run))
    assert balance_json(run)["team"] == {"total_minutes": 155, "exchanges": 4}
    assert rows["carol"]["received_minutes"] == 50 and rows["bob"]["received_minutes"] == 60
    assert run("confirm", waiting[0]["id"], "--as", "bob").exit_code == 0
    assert balance_json(run)["team"] == {"total_minutes": 185, "exchanges": 4}
    assert by_handle(balance_json(run))["bob"]["received_minutes"] == 90


def test_csv_matches_json(story: Path, run: Run) -> None:
    """The CSV has the JSON's member fields as columns and the same numbers."""
    result = run("balance", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = balance_json(run)["members"]
    assert [{key: str(value) for key, value in row.items()} for row in expected] == rows


def test_markdown(story: Path, run: Run) -> None:
    """The Markdown is a table with one row per member and a totals row, durations for people."""
    result = run("balance", "--format", "markdown", "--since", "2026-03-01", "--until", "today")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2026-03-01 to 2026-03-10" in lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == "| member | given | received | net | # given | # received |"
    assert table[1].startswith("|---")
    assert table[2:] == [
        "| alice | 1h20 | 45m | +35m | 2 | 1 |",
        "| bob | 45m | 1h30 | -45m | 1 | 2 |",
        "| carol | 1h | 50m | +10m | 1 | 2 |",
        "| **total** | **3h05** | **3h05** | **0m** | **4** | **5** |",
    ]


def test_table(story: Path, run: Run) -> None:
    """The terminal table names every member and their durations, and the totals."""
    result = run("balance")
    assert result.exit_code == 0, result.stderr
    rows = {
        line.split()[1]: line
        for line in result.stdout.splitlines()
        if line[:1] in "│|" and len(line.split()) > 1
    }
    assert "1h20" in rows["alice"]
    assert "1h30" in rows["bob"]
    assert "4 exchanges" in result.stdout


def test_default_format_is_the_table(story: Path, run: Run) -> None:
    """--format table is the default."""
    assert run("balance").stdout == run("balance", "--format", "table").stdout


def test_unknown_format(story: Path, run: Run) -> None:
    """An unknown format is a usage error, exit 2."""
    result = run("balance", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_members_without_exchanges_are_listed(ledger: Path, run: Run) -> None:
    """Every member appears, with zeros, even with no exchange at all."""
    document = balance_json(run)
    assert document["team"] == {"total_minutes": 0, "exchanges": 0}
    assert [row["handle"] for row in document["members"]] == ["alice", "bob", "carol"]
    for row in document["members"]:
        assert row == {"handle": row["handle"], **dict.fromkeys(FIELDS[1:], 0)}
