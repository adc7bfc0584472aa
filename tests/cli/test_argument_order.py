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


def test_the_topic_before_the_duration_names_the_order(ledger: Path, run: Run) -> None:
    """`log "Pairing" 30m`, `thanks bob "Pairing" 30m` and `done ID "Pairing" 30m` say the
    topic and the duration are the wrong way round, and write nothing."""
    asked = run("ask", "Need a hand", "--as", "bob")
    request_id = asked.stdout.splitlines()[0]
    for args in (
        ("log", "Pairing on tests", "30m", "--helped", "bob"),
        ("thanks", "bob", "Pairing on tests", "30m"),
        ("done", request_id, "Pairing on tests", "30m", "--as", "bob"),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "'30m' is a duration where the topic goes" in result.stderr, result.stderr
        assert "wrong way round" in result.stderr
    assert not list((ledger / "exchanges").rglob("*.toml"))


def test_several_people_in_one_option_are_split_in_the_hint(ledger: Path, run: Run) -> None:
    """`--helped bob,carol` is refused with the repeated option to write instead."""
    result = run("log", "30m", "Review", "--helped", "bob,carol")
    assert result.exit_code == 2
    assert "--helped: 'bob,carol' names several people; give one at a time" in result.stderr
    assert "write `--helped bob --helped carol`" in result.stderr
