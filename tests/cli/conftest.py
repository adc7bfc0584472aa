"""Fixtures of the CLI tests: a pinned clock, and the shared fixtures made fast enough to use
in every test (the same folders, copied from templates built once per run)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing

from tests.cli.helpers import TODAY
from tests.conftest import Run, git


@pytest.fixture(autouse=True)
def _pinned_today(_clean_environment: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CLI test runs on 2026-03-10 unless it pins another day itself."""
    monkeypatch.setenv("AIDLEDGER_TODAY", TODAY)


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests need no durability on disk; skipping fsync keeps the suite fast."""
    monkeypatch.setattr("aidledger.store.files.os.fsync", lambda descriptor: None)


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer turns the app into a click command on every invoke; once is enough for the run."""
    monkeypatch.setattr(
        typer.testing, "_get_command", functools.cache(typer.main.get_command), raising=False
    )


def _build_ledger(folder: Path) -> None:
    """The shared `ledger` fixture's commands, run once: init and alice, bob, carol."""
    runner = typer.testing.CliRunner()
    from aidledger.cli.app import app

    commands = [
        ["init", "--team", "Testers"],
        ["member", "add", "alice", "--name", "Alice", "--email", "alice@example.org",
         "--joined", "2026-01-05"],
        ["member", "add", "bob", "--email", "bob@example.org", "--joined", "2026-01-05"],
        ["member", "add", "carol", "--joined", "2026-01-05"],
    ]  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        # Built before the per-test clock is pinned: pin it here, since init writes `started`.
        patch.setenv("AIDLEDGER_TODAY", TODAY)
        for command in commands:
            result = runner.invoke(app, command, catch_exceptions=False)
            assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty git repository as `git_repo` makes it, and the files of the `ledger` fixture."""
    base = tmp_path_factory.mktemp("templates")
    repo = base / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "alice@example.org")
    git(repo, "config", "user.name", "Alice Martin")
    ledger = base / "ledger"
    ledger.mkdir()
    _build_ledger(ledger)
    return {"repo": repo, "ledger": ledger}


@pytest.fixture
def git_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _templates: dict[str, Path]
) -> Iterator[Path]:
    """An empty git repository as the current folder, with a known user email."""
    repo = tmp_path / "repo"
    shutil.copytree(_templates["repo"], repo, symlinks=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    yield repo


@pytest.fixture
def ledger(git_repo: Path, _templates: dict[str, Path]) -> Path:
    """A ledger in a git repository with three members; alice is the git user."""
    shutil.copytree(_templates["ledger"], git_repo, dirs_exist_ok=True)
    return git_repo


@pytest.fixture
def ledger_outside_git(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ledger as the current folder, with no git repository around it."""
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert run("init", "--team", "T").exit_code == 0
    return folder
