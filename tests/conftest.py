"""Shared test fixtures: the CLI runner, temporary git repositories, the example team."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidledger.cli.app import app

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "examples" / "riverside"
EXAMPLE_LAST_DAY = "2026-10-30"
SHARED_DATA = REPOSITORY.parent / "shared" / "data"


@dataclass(frozen=True)
class Result:
    """What a command did: its exit code and what it printed on each stream."""

    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own ledger, identity or terminal settings."""
    for name in ("AIDLEDGER_ROOT", "AIDLEDGER_USER", "AIDLEDGER_TODAY", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    # English unless a test asks for another language.
    for name in ("AIDLEDGER_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def run() -> Run:
    """Run `aidledger ARGS...` in-process, with separate stdout and stderr."""

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def git(folder: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    )
    return completed.stdout


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty git repository as the current folder, with a known user email."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "alice@example.org")
    git(repo, "config", "user.name", "Alice Martin")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    yield repo


@pytest.fixture
def ledger(git_repo: Path, run: Run) -> Path:
    """A ledger in a git repository with three members; alice is the git user."""
    assert run("init", "--team", "Testers").exit_code == 0
    assert (
        run(
            "member",
            "add",
            "alice",
            "--name",
            "Alice",
            "--email",
            "alice@example.org",
            "--joined",
            "2026-01-05",
        ).exit_code
        == 0
    )
    assert (
        run(
            "member", "add", "bob", "--email", "bob@example.org", "--joined", "2026-01-05"
        ).exit_code
        == 0
    )
    assert run("member", "add", "carol", "--joined", "2026-01-05").exit_code == 0
    return git_repo


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example team's data folder."""
    import shutil

    target = tmp_path / "riverside"
    shutil.copytree(EXAMPLE, target)
    return target


def environment(**values: str) -> dict[str, str]:
    return {**os.environ, **values}
