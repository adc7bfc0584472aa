"""Running documented commands line by line in a fresh git repository, as a reader would.

`aidledger ...` lines run in-process (fast); any other line, or one that needs a shell
(pipes, redirections, `$`), runs in bash with this virtual environment's `bin` first on
PATH. `cd DIR` and `export NAME=VALUE` change the session itself. A command's expected
exit code is 0 unless its line ends with a comment such as `# exit 1`.

In a ```console block, lines starting with `$ ` are commands and the lines after one are
its expected output (standard output, then standard error). `...` in the expected output
stands for any text, across lines too; a command followed by no output line is not
compared.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidledger.cli.app import app

REPOSITORY = Path(__file__).resolve().parents[2]
TODAY = "2026-11-27"
GIT_EMAIL = "alice@example.org"
_EXIT = re.compile(r"#\s*exit (?P<code>\d+)\b")
_SHELL = re.compile(r"[|<>;&$*`]")
_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


@dataclass(frozen=True)
class Outcome:
    """What a command did."""

    command: str
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class Step:
    """One documented command, its expected exit code and, in console blocks, its output."""

    command: str
    exit_code: int
    output: str | None
    line: int


def bin_folder() -> Path:
    """The folder holding the `aidledger` script of the interpreter running the tests."""
    return Path(sys.executable).parent


def expected_exit(command: str) -> int:
    match = _EXIT.search(command)
    return int(match["code"]) if match else 0


def _join_continuations(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    joined: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, line in lines:
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append((start, pending + line))
        pending = ""
    if pending:
        joined.append((start, pending))
    return joined


def sh_steps(text: str, first_line: int) -> list[Step]:
    """Commands of a ```sh block: every line that is not blank or a comment."""
    numbered = [(first_line + offset, line) for offset, line in enumerate(text.splitlines())]
    return [
        Step(command, expected_exit(command), None, number)
        for number, command in _join_continuations(numbered)
        if command.strip() and not command.lstrip().startswith("#")
    ]


def console_steps(text: str, first_line: int) -> list[Step]:
    """Commands of a ```console block (`$ ` lines), each with the output shown under it."""
    steps: list[Step] = []
    command: str | None = None
    number = 0
    output: list[str] = []

    def close() -> None:
        if command is not None:
            shown = "\n".join(output).strip("\n")
            steps.append(Step(command, expected_exit(command), shown or None, number))

    for offset, line in enumerate(text.splitlines()):
        if line.startswith("$ "):
            close()
            command, number, output = line[2:], first_line + offset, []
        elif command is not None and command.endswith("\\"):
            command = command[:-1] + " " + line.strip()
        else:
            output.append(line)
    close()
    return steps


def matches(expected: str, actual: str) -> bool:
    """Whether `actual` is what `expected` shows, `...` standing for any text."""
    tidy = "\n".join(line.rstrip() for line in actual.strip("\n").splitlines())
    pattern = ".*?".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, tidy, re.DOTALL) is not None


class Session:
    """A fresh git repository where one page's commands run in order."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        home = folder / "home"
        home.mkdir()
        self.root = folder / "repo"
        self.root.mkdir()
        for name in ("AIDLEDGER_ROOT", "AIDLEDGER_USER", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        monkeypatch.setenv("AIDLEDGER_TODAY", TODAY)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("PATH", f"{bin_folder()}{os.pathsep}{os.environ.get('PATH', '')}")
        monkeypatch.chdir(self.root)
        self.shell("git init -q && git config user.email " + GIT_EMAIL)
        self.shell("git config user.name 'Alice Martin'")

    def with_example(self) -> None:
        """A copy of the example team at examples/riverside, as in a clone of aidledger."""
        shutil.copytree(REPOSITORY / "examples" / "riverside", self.root / "examples/riverside")

    def write(self, relative: str, text: str) -> None:
        target = Path.cwd() / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def run(self, command: str) -> Outcome:
        """Run one documented command line."""
        words = shlex.split(command, comments=True)
        if not words:
            return Outcome(command, 0, "", "")
        if words[0] == "cd" and len(words) == 2:
            self.monkeypatch.chdir(Path.cwd() / words[1])
            return Outcome(command, 0, "", "")
        if words[0] == "export" and len(words) == 2 and "=" in words[1]:
            name, value = words[1].split("=", 1)
            self.monkeypatch.setenv(name, value)
            return Outcome(command, 0, "", "")
        code = command.split("#", 1)[0]
        environment = {}
        while words and _ASSIGNMENT.match(words[0]):
            name, value = words.pop(0).split("=", 1)
            environment[name] = value
        if words and words[0] == "aidledger" and not _SHELL.search(code):
            return self.aidledger(words[1:], environment, command)
        return self.shell(command)

    def aidledger(self, args: list[str], environment: dict[str, str], command: str) -> Outcome:
        result = CliRunner().invoke(app, args, env=environment or None)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"`{command}` raised {result.exception!r}") from result.exception
        return Outcome(command, result.exit_code, result.stdout, result.stderr)

    @staticmethod
    def help(path: tuple[str, ...]) -> Outcome:
        """`aidledger PATH... --help`, run in-process."""
        result = CliRunner().invoke(app, [*path, "--help"])
        return Outcome(
            " ".join(("aidledger", *path, "--help")), result.exit_code, result.stdout, ""
        )

    def shell(self, command: str) -> Outcome:
        completed = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, check=False, timeout=60
        )
        return Outcome(command, completed.returncode, completed.stdout, completed.stderr)
