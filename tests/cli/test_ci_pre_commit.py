"""The pre-commit hook, run by the real pre-commit (`try-repo`) on a team's repository.

pre-commit builds a virtualenv and pip-installs aidledger from a git repository holding
`.pre-commit-hooks.yaml`: here a temporary one, made of this checkout's files as they are.
The install needs the package registry. `try-repo` builds its environment afresh on each
run (it keeps no store), so the test makes two runs only, and shares pre-commit's, pip's
and virtualenv's caches between them in one session folder: about 5 s a run with the
wheels at hand. Without a network the test is skipped, except under CI (`CI=true`),
where it must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_check import healthy  # noqa: F401
from tests.conftest import REPOSITORY, git

# What pip needs to build and install aidledger, and the hook manifest.
TOOL_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "src", "charters")
HOOK = "aidledger-check"
INSTALL_FAILED = 3  # pre-commit's exit code for an unexpected error, such as a failed pip


@pytest.fixture(scope="session")
def tool_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of aidledger as this checkout has it, uncommitted changes included."""
    tool = tmp_path_factory.mktemp("aidledger-tool")
    for name in TOOL_FILES:
        source = REPOSITORY / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, tool / name, ignore=ignore)
        else:
            shutil.copy2(source, tool / name)
    git(tool, "init", "-q")
    git(tool, "add", "-A")
    identity = ["-c", "user.name=aidledger tests", "-c", "user.email=tests@example.org"]
    git(tool, *identity, "commit", "-q", "--no-verify", "-m", "aidledger as tested")
    return tool


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache, shared by every run of the session: the hook is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(tool: Path, team: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo TOOL aidledger-check --all-files` in the team's repository."""
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(home / "virtualenv"),
        "PIP_CACHE_DIR": str(home / "pip"),
        "PRE_COMMIT_COLOR": "never",
    }
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(tool), HOOK, "--all-files"]
    return subprocess.run(
        command, cwd=team, env=env, capture_output=True, text=True, check=False, timeout=900
    )


def skip_without_network(outcome: subprocess.CompletedProcess[str]) -> None:
    """A failed install is a missing network on a developer's machine; under CI, a failure."""
    if outcome.returncode != INSTALL_FAILED:
        return
    log = (outcome.stdout + outcome.stderr).strip().splitlines()
    reason = "pre-commit could not install the hook (no network to the package registry?)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}:\n" + "\n".join(log[-30:]))
    errors = [line.strip() for line in log if line.strip().startswith("ERROR:")]
    pytest.skip(f"{reason}: {errors[0] if errors else log[-1] if log else 'no output'}")


def test_the_hook_passes_a_valid_ledger_and_stops_a_broken_one(
    healthy: Path,  # noqa: F811
    tool_repository: Path,
    pre_commit_home: Path,
) -> None:
    """The hook passes a valid ledger, then fails the commit once a record is broken."""
    if os.environ.get("CI") != "true":
        pytest.importorskip(
            "pre_commit", reason="pre-commit is not installed: make test installs it"
        )
    git(healthy, "add", "-A")
    passed = try_repo(tool_repository, healthy, pre_commit_home)
    skip_without_network(passed)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "aidledger check" in output and "Passed" in output, output

    broken = healthy / "exchanges" / "2026" / "02" / "2026-02-02-alice-bob-aaaaaa.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text('[[exchange]]\nid = "2026-02-02-alice-bob-aaaaaa"\nminutes = "45"\n')
    git(healthy, "add", "-A")
    failed = try_repo(tool_repository, healthy, pre_commit_home)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "Failed" in output and "exit code: 2" in output, output
    assert "exchanges/2026/02/2026-02-02-alice-bob-aaaaaa.toml:3:" in output, output
