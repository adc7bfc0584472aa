"""A failure of aidledger itself exits 3 with a sentence; AIDLEDGER_DEBUG=1 shows where."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import aidledger.cli.app
from aidledger.errors import ExitCode
from tests.conftest import Run


def _fail(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("\x1b[2Jsomething went wrong\n::error::x")


@pytest.fixture
def broken(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ledger whose balance computation fails as a bug would."""
    monkeypatch.setattr("aidledger.engine.balance.compute_balances", _fail)
    return ledger


def test_an_internal_error_exits_3(broken: Path, run: Run) -> None:
    """An unexpected exception is a sentence and exit 3, not a traceback nor exit 2."""
    result = run("balance")
    assert result.exit_code == ExitCode.INTERNAL == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: unexpected failure: ZeroDivisionError('\\x1b[2Jsomething went wrong\\n::error::x')",
        "hint: this is a bug in aidledger; please report it "
        "(run it again with AIDLEDGER_DEBUG=1 to see where)",
    ]


def test_debug_shows_the_traceback(broken: Path, run: Run) -> None:
    """With AIDLEDGER_DEBUG=1 the traceback is printed on standard error, still exit 3."""
    result = run("balance", env={"AIDLEDGER_DEBUG": "1"})
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "in _fail" in result.stderr
    assert "ZeroDivisionError: [2Jsomething went wrong\n" in result.stderr
    assert "\x1b" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.lstrip().startswith("::")]


def test_usage_errors_still_exit_2(ledger: Path, run: Run) -> None:
    """A bad option is typer's usage error, exit 2, not an internal error."""
    result = run("balance", "--format", "nonesuch")
    assert result.exit_code == 2
    assert "unexpected failure" not in result.stderr


def test_the_console_entry_point_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failure around the commands, caught by `main`, exits 3 with the same sentence."""
    monkeypatch.setattr(aidledger.cli.app, "app", _fail)
    monkeypatch.setattr(sys, "argv", ["aidledger", "balance"])
    with pytest.raises(SystemExit) as exit_info:
        aidledger.cli.app.main()
    assert exit_info.value.code == 3
    assert "error: unexpected failure: ZeroDivisionError(" in capsys.readouterr().err
