"""Every command's `--help` shows real metavariables: `DURATION`, never `{DURATION}`,
`DURATION <str>` or `DIR <path>`; required options are marked."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.core import TyperGroup

from aidledger.cli.app import app
from tests.conftest import Run


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            found += _paths(sub, (*path, name))
    return found


COMMANDS = _paths(typer.main.get_command(app))


def test_every_command_is_walked() -> None:
    """The walk reaches the top level, the commands and those of the groups."""
    assert () in COMMANDS and ("log",) in COMMANDS
    assert any(len(path) == 2 for path in COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "aidledger")
def test_help_shows_plain_metavariables(run: Run, path: tuple[str, ...]) -> None:
    """No braces around arguments and no bare type in angle brackets, in usage or lists."""
    result = run(*path, "--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    for text in ("{", "}", "<str>", "<path>", "<int>", "<float>", "<text>"):
        assert text not in result.stdout, f"{text!r} in `{' '.join(path)} --help`"


def test_log_help_names_its_arguments(run: Run) -> None:
    """`log --help` shows DURATION and TOPIC in its usage line and its list of arguments."""
    result = run("log", "--help", env={"COLUMNS": "100"})
    assert "Usage: aidledger log [OPTIONS] DURATION TOPIC" in result.stdout
    assert "  DURATION  " in result.stdout


def test_required_options_are_marked(run: Run) -> None:
    """A required option says so in its help."""
    result = run("init", "--help", env={"COLUMNS": "100"})
    line = next(line for line in result.stdout.splitlines() if "--team" in line)
    assert "[required]" in line


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "aidledger")
def test_help_shows_no_range_notation(run: Run, path: tuple[str, ...]) -> None:
    """No option shows the library's range notation (`[1<=x<=5]`, `[x>=1]`): words say it."""
    result = run(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    for text in ("<=x", "x>=", "x<=", "<x", "x>"):
        assert text not in result.stdout, f"{text!r} in `{' '.join(path)} --help`"


def test_check_help_hides_the_deprecated_format(run: Run) -> None:
    """`check --help` offers table, json, github and gitlab; `text` still works but is not shown."""
    result = run("check", "--help", env={"COLUMNS": "200"})
    assert "table|json|github|gitlab" in result.stdout
    assert "text" not in result.stdout.split("--format", 1)[1].split("\n  -", 1)[0]


def test_top_level_summaries_are_whole_sentences(run: Run) -> None:
    """`aidledger --help` shows the completion command's first sentence whole."""
    result = run("--help", env={"COLUMNS": "200"})
    line = next(
        line for line in result.stdout.splitlines() if line.strip().startswith("completion")
    )
    assert line.split(None, 1)[1] == "Print the shell completion script for bash, zsh or fish."
