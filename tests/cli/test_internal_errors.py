"""A failure of aidledger itself exits 3 with a sentence; AIDLEDGER_DEBUG=1 shows where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

import aidledger.cli.app
from aidledger.errors import ExitCode
from tests.conftest import EXAMPLE, Run


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
    # ExitCode is an IntEnum, so INTERNAL does equal 3; mypy sees two unrelated literals.
    assert result.exit_code == ExitCode.INTERNAL == 3  # type: ignore[comparison-overlap]
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


def _command(*args: str, stdout: int | IO[Any] | None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "AIDLEDGER_TODAY": "2026-11-27"}
    return subprocess.run(
        [sys.executable, "-m", "aidledger", "--root", str(EXAMPLE), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_not_a_bug() -> None:
    """A full disk under standard output exits 2 with a sentence, not 3 "a bug"."""
    with Path("/dev/full").open("w") as full:
        completed = _command("exchanges", stdout=full)
    assert completed.returncode == ExitCode.INVALID
    assert "cannot write the output" in completed.stderr
    assert "bug" not in completed.stderr


def test_a_reader_that_stops_early_ends_quietly() -> None:
    """`aidledger exchanges | head -1`: exit 0 and nothing on standard error."""
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # JSON of the whole history is larger than a pipe holds, so the write meets the closed end.
    completed = _command(
        "exchanges", "--since", "2000-01-01", "--format", "json", stdout=reader.stdin
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait()
    assert completed.returncode == 0
    assert completed.stderr == ""


def test_a_pinned_day_out_of_range_is_a_sentence(run: Run) -> None:
    """$AIDLEDGER_TODAY in year 9999 is refused as a usage error, not a crash."""
    result = run("--root", str(EXAMPLE), "report", env={"AIDLEDGER_TODAY": "9999-12-31"})
    assert result.exit_code == ExitCode.INVALID
    assert "9999-12-31 is out of range" in result.stderr
