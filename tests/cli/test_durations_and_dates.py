"""Durations and dates as people type them, and inclusive --since/--until periods."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.cli.helpers import balance_json, by_handle, log, snapshot
from tests.conftest import Run


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45min", 45),
        ("1h", 60),
        ("1h30", 90),
        ("1.5h", 90),
        ("90min", 90),
        ("2h", 120),
        ("1", 1),
        ("24h", 1440),
    ],
)
def test_durations(ledger: Path, run: Run, duration: str, minutes: int) -> None:
    """Every documented way to write a duration is stored as whole minutes."""
    record = log(run, ledger, "--helper", "alice", "--helped", "bob", duration, "Review")
    assert record["minutes"] == minutes


@pytest.mark.parametrize("duration", ["", "h", "1.5h30", "1h-30", "ten", "-5", "0m", "1441", "25h"])
def test_bad_durations(ledger: Path, run: Run, duration: str) -> None:
    """A duration that cannot be read, or is not 1 to 1440 minutes, is exit 2 and writes nothing."""
    before = snapshot(ledger)
    result = run("log", "--helper", "alice", "--helped", "bob", "--", duration, "Review")
    assert result.exit_code == 2
    assert "duration" in result.stderr
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-02-14", datetime.date(2026, 2, 14)),
        ("today", datetime.date(2026, 3, 10)),
        ("yesterday", datetime.date(2026, 3, 9)),
        ("Yesterday", datetime.date(2026, 3, 9)),
        ("3d", datetime.date(2026, 3, 7)),
    ],
)
def test_dates(ledger: Path, run: Run, text: str, day: datetime.date) -> None:
    """--date takes ISO dates and the words today and yesterday (the clock is 2026-03-10)."""
    record = log(
        run, ledger, "--helper", "alice", "--helped", "bob", "30m", "Review", "--date", text
    )
    assert record["date"] == day
    assert record["id"].startswith(day.isoformat())


def test_default_date_is_today(ledger: Path, run: Run) -> None:
    """Without --date, help happened today."""
    record = log(run, ledger, "--helper", "alice", "--helped", "bob", "30m", "Review")
    assert record["date"] == datetime.date(2026, 3, 10)


@pytest.fixture
def spread(ledger: Path, run: Run) -> Path:
    """One exchange of alice to bob on each day from 2026-02-06 to 2026-02-10, and on 03-01."""
    for day, minutes in [
        ("2026-02-06", 1),
        ("2026-02-07", 2),
        ("2026-02-08", 4),
        ("2026-02-09", 8),
        ("2026-02-10", 16),
        ("2026-03-01", 32),
    ]:
        log(
            run,
            ledger,
            "--helper",
            "alice",
            "--helped",
            "bob",
            str(minutes),
            "Review",
            "--date",
            day,
        )
    return ledger


def listed_days(run: Run, *args: str) -> list[str]:
    result = run("exchanges", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [exchange["date"] for exchange in json.loads(result.stdout)]


def test_exchanges_period_is_inclusive(spread: Path, run: Run) -> None:
    """`exchanges --since A --until B` includes A and B."""
    days = listed_days(run, "--since", "2026-02-07", "--until", "2026-02-09")
    assert days == ["2026-02-07", "2026-02-08", "2026-02-09"]


def test_since_relative_days(spread: Path, run: Run) -> None:
    """`--since 30d` is the day 30 days before today (2026-02-08), included."""
    assert listed_days(run, "--since", "30d") == [
        "2026-02-08",
        "2026-02-09",
        "2026-02-10",
        "2026-03-01",
    ]
    assert listed_days(run, "--until", "yesterday", "--since", "2026-02-10") == [
        "2026-02-10",
        "2026-03-01",
    ]
    assert listed_days(run, "--since", "today") == []


def test_balance_period_is_inclusive(spread: Path, run: Run) -> None:
    """`balance --since A --until B` counts the exchanges of A and of B."""
    document = balance_json(run, "--since", "2026-02-07", "--until", "2026-02-09")
    assert document["since"] == "2026-02-07"
    assert document["until"] == "2026-02-09"
    assert by_handle(document)["alice"]["given_minutes"] == 2 + 4 + 8
    assert document["team"] == {"total_minutes": 14, "exchanges": 3}
    one_day = balance_json(run, "--since", "2026-02-10", "--until", "2026-02-10")
    assert one_day["team"] == {"total_minutes": 16, "exchanges": 1}
    relative = balance_json(run, "--since", "30d")
    assert relative["since"] == "2026-02-08"
    assert relative["team"]["total_minutes"] == 4 + 8 + 16 + 32


@pytest.mark.parametrize("command", ["exchanges", "balance"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2026-03-02", "--until", "2026-03-01"), "--since 2026-03-02 is after --until"),
        (("--since", "02/03/2026"), "--since: cannot read the date '02/03/2026'"),
        (("--until", "2026-02-30"), "--until: cannot read the date '2026-02-30'"),
    ],
)
def test_bad_periods(
    spread: Path, run: Run, command: str, args: tuple[str, ...], message: str
) -> None:
    """An unreadable date or a period that ends before it starts is exit 2 with a sentence."""
    result = run(command, *args)
    assert result.exit_code == 2
    assert message in result.stderr


EXCHANGE_DATED = """\
[[exchange]]
id = "{day}-alice-bob-tz0001"
date = {day}
helper = "alice"
helped = ["bob"]
minutes = 30
topic = "Logged from a time zone ahead"
mode = "pair"
"""


def _write_exchange_dated(root: Path, day: str) -> None:
    folder = root / "exchanges" / day[:4] / day[5:7]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{day}-alice-bob-tz0001.toml").write_text(EXCHANGE_DATED.format(day=day))


def test_an_exchange_dated_tomorrow_blocks_nothing(ledger: Path, run: Run) -> None:
    """A writer one time zone ahead logs "today", a day after the runner's: still valid."""
    _write_exchange_dated(ledger, "2026-03-11")
    check = run("check")
    assert check.exit_code in (0, 1), check.stdout
    assert "in the future" not in check.stdout
    balance = run("balance")
    assert balance.exit_code == 0, balance.stderr


def test_an_exchange_dated_after_tomorrow_is_in_the_future(ledger: Path, run: Run) -> None:
    """Beyond the day of grace, `check` refuses the record, with its line (exit 2)."""
    _write_exchange_dated(ledger, "2026-03-12")
    result = run("check")
    assert result.exit_code == 2
    assert (
        "exchanges/2026/03/2026-03-12-alice-bob-tz0001.toml:3:"
        " the date 2026-03-12 is in the future (today is 2026-03-10)" in result.stdout
    )
    assert run("balance").exit_code == 2
