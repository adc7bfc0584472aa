"""The example team's balance matches a hand computation made straight from its files."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

SINCE = datetime.date(2026, 8, 2)
UNTIL = datetime.date(2026, 10, 30)


def read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as stream:
        return tomllib.load(stream)


def zeros() -> dict[str, int]:
    return dict.fromkeys(("given_minutes", "received_minutes", "given_count", "received_count"), 0)


def hand_computation(folder: Path, since: datetime.date, until: datetime.date) -> dict[str, Any]:
    """Per (helper, helped) pair, without aidledger's code: only tomllib and arithmetic."""
    count_unconfirmed = (
        read_toml(folder / "charter.toml").get("rules", {}).get("count_unconfirmed", True)
    )
    handles = {member["handle"] for member in read_toml(folder / "members.toml")["member"]}
    figures = {handle: zeros() for handle in handles}
    total = exchanges = 0
    files = sorted((folder / "exchanges").rglob("*.toml"))
    assert files, "the example has exchange files"
    for path in files:
        for exchange in read_toml(path)["exchange"]:
            if not since <= exchange["date"] <= until:
                continue
            confirmers = {given["by"] for given in exchange.get("confirmations", [])}
            if "confirmation" in exchange:
                confirmers.add(exchange["confirmation"]["by"])
            # Only confirmed help counting, each helped person counts by their own word.
            counted = [
                handle for handle in exchange["helped"] if count_unconfirmed or handle in confirmers
            ]
            if not counted:
                continue
            exchanges += 1
            helper = figures.setdefault(exchange["helper"], zeros())
            helper["given_count"] += 1  # an exchange is one record, however many it helped
            for handle in counted:
                helped = figures.setdefault(handle, zeros())
                helper["given_minutes"] += exchange["minutes"]
                helped["received_minutes"] += exchange["minutes"]
                helped["received_count"] += 1
                total += exchange["minutes"]
    for row in figures.values():
        row["net_minutes"] = row["given_minutes"] - row["received_minutes"]
    return {"members": figures, "total_minutes": total, "exchanges": exchanges}


@pytest.fixture
def example_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's data ends on its last day; the clock is set there."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)


def test_example_balance_matches_the_hand_computation(example_day: None, run: Run) -> None:
    """balance --format json over 2026-08-02..2026-10-30 on the example, member by member."""
    result = run(
        "--root",
        str(EXAMPLE),
        "balance",
        "--format",
        "json",
        "--since",
        SINCE.isoformat(),
        "--until",
        UNTIL.isoformat(),
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    expected = hand_computation(EXAMPLE, SINCE, UNTIL)
    assert document["since"] == "2026-08-02"
    assert document["until"] == "2026-10-30"
    assert document["unit"] == "person-minutes"
    assert expected["exchanges"] > 50, "the window holds a good share of the example"
    assert document["team"] == {
        "total_minutes": expected["total_minutes"],
        "exchanges": expected["exchanges"],
    }
    actual = {row.pop("handle"): row for row in document["members"]}
    assert sorted(actual) == sorted(expected["members"])
    for handle, row in expected["members"].items():
        assert actual[handle] == row, handle


def test_example_balance_over_all_time(example_day: None, run: Run) -> None:
    """With no period, every exchange of the example counts."""
    result = run("--root", str(EXAMPLE), "balance", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    expected = hand_computation(EXAMPLE, datetime.date.min, datetime.date.max)
    assert document["team"]["exchanges"] == expected["exchanges"] >= 100
    actual = {row.pop("handle"): row for row in document["members"]}
    assert actual == expected["members"]


def test_example_counts_only_confirmed_when_asked(
    example_day: None, example_copy: Path, run: Run
) -> None:
    """On a copy of the example with count_unconfirmed = false, the two computations agree."""
    charter = example_copy / "charter.toml"
    charter.write_text(
        charter.read_text().replace("count_unconfirmed = true", "count_unconfirmed = false")
    )
    result = run(
        "--root",
        str(example_copy),
        "balance",
        "--format",
        "json",
        "--since",
        SINCE.isoformat(),
        "--until",
        UNTIL.isoformat(),
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    expected = hand_computation(example_copy, SINCE, UNTIL)
    everything = hand_computation(EXAMPLE, SINCE, UNTIL)
    assert expected["exchanges"] < everything["exchanges"], "the example has unconfirmed help"
    assert document["team"]["exchanges"] == expected["exchanges"]
    actual = {row.pop("handle"): row for row in document["members"]}
    assert actual == expected["members"]
