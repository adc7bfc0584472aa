"""The first everyday path through the CLI, as the README tells it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run


def test_new_ledger_logs_and_balances(ledger: Path, run: Run) -> None:
    """A ledger made with init, three members and one logged exchange balances to zero."""
    logged = run(
        "log", "--helper", "alice", "--helped", "bob", "45m", "CI cache", "--date", "2026-03-02"
    )
    assert logged.exit_code == 0, logged.stderr
    assert "from alice to bob" in logged.stdout
    balance = run("balance", "--format", "json")
    assert balance.exit_code == 0
    assert '"net_minutes": 45' in balance.stdout


def test_no_root_names_init(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside any ledger, a command says how to make one and exits 2."""
    monkeypatch.chdir(tmp_path)
    result = run("balance")
    assert result.exit_code == 2
    assert "aidledger init" in result.stderr
