"""docs/organisation.md's DuckDB queries, run as the page writes them on the JSON Lines
exports of three generated ledgers, give each team's own `aidledger balance` figures."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPOSITORY, Run
from tests.docs.markdown import code_blocks

PAGE = REPOSITORY / "docs" / "organisation.md"
MARKER = re.compile(r"^<!--\s*duckdb:\s*(?P<name>[a-z-]+)\s*-->$")
PERIOD = ("--since", "2026-02-01")
FIRST_DAY = date(2026, 1, 12)

# Three teams; omar, ines and ana are members of two each. Platform counts only confirmed help.
TEAMS = {
    "payments": ("Payments", ("ana", "ben", "chloe", "omar"), True),
    "platform": ("Platform", ("omar", "ines", "dev", "eli", "jo"), False),
    "mobile": ("Mobile Apps", ("ines", "fay", "gus", "ana"), True),
}


def documented_queries() -> dict[str, str]:
    """The SQL blocks of the page, each by the name of the `<!-- duckdb: NAME -->` above it."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    queries = {}
    for block in code_blocks(PAGE):
        marker = MARKER.match(lines[block.line - 2]) if block.line > 1 else None
        if block.language == "sql":
            assert marker is not None, f"{block.where}: a SQL block with no duckdb marker"
            queries[marker["name"]] = block.text
    return queries


def _exchange_tables(handles: tuple[str, ...], seed: str) -> str:
    """Thirty exchanges among `handles`, some for two people, some confirmed; deterministic."""
    draw = random.Random(seed)
    tables = []
    for number in range(30):
        day = FIRST_DAY + timedelta(days=draw.randrange(56))
        helper = draw.choice(handles)
        others = [handle for handle in handles if handle != helper]
        helped = draw.sample(others, 2 if number % 7 == 0 else 1)
        confirmed_by = [handle for handle in helped if draw.random() < 0.6]
        confirmations = ", ".join(
            f'{{ by = "{handle}", on = {day.isoformat()} }}' for handle in confirmed_by
        )
        tables.append(
            "[[exchange]]\n"
            f'id = "{day.isoformat()}-{helper}-{helped[0]}-{seed[:3]}{number:03d}"\n'
            f"date = {day.isoformat()}\n"
            f'helper = "{helper}"\n'
            f"helped = {json.dumps(helped)}\n"
            f"minutes = {draw.choice((15, 20, 30, 45, 60, 90))}\n"
            f'topic = "Help number {number}"\n'
            f'mode = "{draw.choice(("taught", "pair", "did", "advice"))}"\n'
            f"confirmations = [{confirmations}]\n"
        )
    return "\n".join(tables)


def make_ledger(
    run: Run, root: Path, team: str, handles: tuple[str, ...], unconfirmed: bool
) -> None:
    result = run("init", str(root), "--team", team, "--started", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    for handle in handles:
        added = run("--root", str(root), "member", "add", handle, "--joined", "2026-01-05")
        assert added.exit_code == 0, added.stderr
    if not unconfirmed:
        charter = root / "charter.toml"
        text = charter.read_text(encoding="utf-8")
        charter.write_text(text.replace("count_unconfirmed = true", "count_unconfirmed = false"))
    (root / "exchanges" / "generated.toml").write_text(
        _exchange_tables(handles, root.name), encoding="utf-8"
    )


@pytest.fixture
def organisation(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three ledgers under teams/, their exports in exports/ (the current folder holds both),
    and each team's `balance --format json`, by team name."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    balances = {}
    for folder, (team, handles, unconfirmed) in TEAMS.items():
        root = tmp_path / "teams" / folder
        make_ledger(run, root, team, handles, unconfirmed)
        exported = run("--root", str(root), "export", "--format", "jsonl", *PERIOD)
        assert exported.exit_code == 0, exported.stderr
        (tmp_path / "exports" / f"{folder}.jsonl").write_text(exported.stdout, encoding="utf-8")
        balance = run("--root", str(root), "balance", "--format", "json", *PERIOD)
        assert balance.exit_code == 0, balance.stderr
        balances[team] = json.loads(balance.stdout)
    return balances


def run_documented(queries: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every query of the page, in its order, on one connection: the rows of each."""
    connection = duckdb.connect()
    results = {}
    for name, sql in queries.items():
        relation = connection.sql(sql)
        results[name] = relation.fetchall() if relation is not None else []
    return results


def test_the_page_marks_every_query() -> None:
    """The page holds the view and the three queries, each marked for this test."""
    assert list(documented_queries()) == [
        "view",
        "organisation-balance",
        "across-teams",
        "participation",
    ]


def test_documented_queries_give_each_teams_own_figures(organisation: dict[str, Any]) -> None:
    """Balances, cross-team helpers and participation from DuckDB over the exports are
    those computed from each ledger's `aidledger balance --format json`."""
    results = run_documented(documented_queries())
    given: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    teams_given: dict[str, set[str]] = defaultdict(set)
    exchanges_given: dict[str, int] = defaultdict(int)
    participation = []
    for team, document in sorted(organisation.items()):
        taking_part = 0
        for member in document["members"]:
            handle = member["handle"]
            given[handle] += member["given_minutes"]
            received[handle] += member["received_minutes"]
            exchanges_given[handle] += member["given_count"]
            if member["given_minutes"]:
                teams_given[handle].add(team)
            taking_part += bool(member["given_minutes"] or member["received_minutes"])
        helpers = sum(1 for member in document["members"] if member["given_count"])
        totals = document["team"]
        participation.append(
            (team, taking_part, helpers, totals["exchanges"], totals["total_minutes"])
        )
    assert results["organisation-balance"] == [
        (handle, given[handle], received[handle])
        for handle in sorted(given)
        if given[handle] or received[handle]
    ]
    across = [
        (handle, sorted(teams), given[handle], exchanges_given[handle])
        for handle, teams in teams_given.items()
        if len(teams) > 1
    ]
    assert across, "the generated ledgers have people who help in two teams"
    assert results["across-teams"] == sorted(across, key=lambda row: (-row[2], row[0]))
    assert results["participation"] == participation


def test_a_team_counting_only_confirmed_help_exports_only_that(
    organisation: dict[str, Any],
) -> None:
    """Platform counts only confirmed help: its lines credit only people who confirmed."""
    lines = [
        json.loads(line)
        for line in Path("exports/platform.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert lines
    confirmers = [{given["by"] for given in line["confirmations"]} for line in lines]
    assert all(set(line["credited"]) == mine for line, mine in zip(lines, confirmers, strict=True))
    assert any(line["credited"] != line["helped"] for line in lines)
