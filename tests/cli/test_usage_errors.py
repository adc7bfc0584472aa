"""A command line aidledger cannot read is refused in its own words: `error: ...`, a hint
to the command's help, exit 2, and none of the framework's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

LIBRARY_WORDS = ("Value error", "Input should", "Invalid value for", "Usage:", "Error:")


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (
            ["exchanges", "--format", "jsn"],
            "error: --format: 'jsn' is not one of 'table', 'json', 'csv' or 'markdown';"
            " did you mean 'json'?",
            "aidledger exchanges --help",
        ),
        (["confirm", "x", "--useful", "7"], "error: --useful: must be at most 5", "confirm"),
        (["confirm", "x", "--useful", "0"], "error: --useful: must be at least 1", "confirm"),
        (["exchanges", "--limit", "x"], "error: --limit: must be a whole number", "exchanges"),
        (["exchanges", "--limit", "0"], "error: --limit: must be at least 1", "exchanges"),
        (["match", "--top", "21"], "error: --top: must be at most 20", "match"),
        (["completion", "tcsh"], "error: SHELL: 'tcsh' is not one of", "completion"),
        (["init"], "error: missing option --team", "init"),
        (["log"], "error: missing argument DURATION", "log"),
        (
            ["exchanges", "--unconfimed"],
            "error: no such option: --unconfimed; did you mean --unconfirmed?",
            "exchanges",
        ),
        (
            ["exchnages"],
            "error: no such command 'exchnages'; did you mean 'exchanges'?",
            "aidledger --help",
        ),
        (["--bogus"], "error: no such option: --bogus", "aidledger --help"),
        (["member", "list", "--format", "x"], "error: --format: 'x' is not one of", "member list"),
        (["balance", "--until"], "error: option --until needs a value", "aidledger"),
        (["balance", "--help=x"], "error: option --help takes no value", "aidledger"),
    ],
)
def test_refused_command_lines_are_sentences(
    ledger: Path, run: Run, args: list[str], error: str, hint: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(error), result.stderr
    assert lines[1].startswith("hint: see `") and hint in lines[1]
    assert not any(words in result.stderr for words in LIBRARY_WORDS), result.stderr
    assert result.stdout == ""


def test_no_arguments_still_shows_the_help(run: Run) -> None:
    """`aidledger` alone prints its help, as git does, not an error."""
    result = run()
    assert "Commands:" in result.stdout + result.stderr
    assert "error:" not in result.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["member", "add", "zoe", "--email", "not-an-email"], "error: --email: 'not-an-email'"),
        (["log", "30m", "Review", "--helped", "bob", "--tag", "Two Words"], "error: --tag: "),
        (["ask", "A need", "--skill", "Machine Learning"], "error: --skill: "),
        (["log", "30m", "x" * 201, "--helped", "bob"], "error: TOPIC: 201 characters"),
        (["member", "add", "zed", "--budget", "2x"], "error: --budget: cannot read the duration"),
        (["member", "set", "bob", "--budget", "1x"], "error: --budget: cannot read the duration"),
        (["offer", "Reviews", "--minutes", "90x"], "error: --minutes: cannot read the duration"),
    ],
)
def test_a_bad_value_is_named_by_its_option(
    ledger: Path, run: Run, args: list[str], error: str
) -> None:
    """A value the record refuses is named by the option that gave it, not by the field's
    place in the record (`tags.0`)."""
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(error), result.stderr
    assert ".0:" not in result.stderr


def test_a_far_value_gets_no_suggestion(ledger: Path, run: Run) -> None:
    """`--format yaml` is refused with the choices, and no far-fetched "did you mean"."""
    result = run("exchanges", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --format: 'yaml' is not one of 'table', 'json', 'csv' or 'markdown'"
    )
    assert "did you mean" not in result.stderr
