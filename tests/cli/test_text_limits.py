"""Length limits on text fields typed on the command line: refused with a sentence, nothing
written. (Files over a limit are refused too: tests/fixtures/errors/*-too-long.)"""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import logged_id, snapshot
from tests.conftest import Run


def test_a_topic_of_200_characters_is_logged(ledger: Path, run: Run) -> None:
    """A topic of exactly 200 characters is accepted."""
    logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "t" * 200))


def test_log_refuses_a_longer_topic(ledger: Path, run: Run) -> None:
    """A topic of 201 characters is refused, exit 2, with its length and the limit."""
    before = snapshot(ledger)
    result = run("log", "--helper", "alice", "--helped", "bob", "30m", "t" * 201)
    assert result.exit_code == 2
    assert result.stderr == "error: TOPIC: 201 characters, at most 200\n"
    assert snapshot(ledger) == before


def test_thanks_refuses_a_longer_topic(ledger: Path, run: Run) -> None:
    """`thanks` holds its topic to the same limit as `log`."""
    before = snapshot(ledger)
    result = run("thanks", "alice", "30m", "t" * 250, "--as", "bob")
    assert result.exit_code == 2
    assert "TOPIC: 250 characters, at most 200" in result.stderr
    assert snapshot(ledger) == before


def test_member_add_refuses_a_name_over_100_characters(ledger: Path, run: Run) -> None:
    """A member's name over 100 characters is refused, exit 2; members.toml is untouched."""
    before = snapshot(ledger)
    result = run("member", "add", "dave", "--name", "D" * 101)
    assert result.exit_code == 2
    assert result.stderr == "error: --name: 101 characters, at most 100\n"
    assert snapshot(ledger) == before


def test_init_refuses_a_team_name_too_long(git_repo: Path, run: Run) -> None:
    """`init --team` with 101 characters is refused, and nothing is written."""
    result = run("init", "--team", "T" * 101)
    assert result.exit_code == 2
    assert "team: 101 characters, at most 100" in result.stderr
    assert not (git_repo / "aidledger.toml").exists()
