"""Arguments in the wrong order, and option values with a typo, are named with the right one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def test_thanks_with_the_duration_first_names_the_order(ledger: Path, run: Run) -> None:
    """`thanks 30m bob ...` says the arguments are the wrong way round, and writes nothing."""
    result = run("thanks", "30m", "bob", "Review")
    assert result.exit_code == 2
    assert "wrong way round" in result.stderr
    assert "aidledger thanks HELPER DURATION TOPIC" in result.stderr
    assert not list((ledger / "exchanges").rglob("*.toml"))


def test_log_with_a_handle_for_the_duration_names_it(ledger: Path, run: Run) -> None:
    """`log bob 30m ...` says a handle stands where the duration goes."""
    result = run("log", "bob", "30m", "--helped", "carol")
    assert result.exit_code == 2
    assert "'bob' is a member's handle where a duration goes" in result.stderr


def test_a_mode_with_a_typo_suggests_the_nearest(ledger: Path, run: Run) -> None:
    """`--mode teached` is refused, suggesting `taught`."""
    result = run("thanks", "bob", "30m", "Review", "--mode", "teached")
    assert result.exit_code == 2
    assert "taught" in result.stderr
