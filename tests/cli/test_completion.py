"""`aidledger completion SHELL` prints a script, and the shell completes handles, ids and
charter templates from the data folder, quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from aidledger.cli.common import complete_handles, complete_ids, complete_templates
from tests.conftest import EXAMPLE, Run

AT_EXAMPLE = SimpleNamespace(params={"root": str(EXAMPLE)}, parent=None)
NOWHERE = SimpleNamespace(params={}, parent=None)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(run: Run, shell: str) -> None:
    """The script names the program and the variable the shell sets to ask for completions."""
    result = run("completion", shell)
    assert result.exit_code == 0, result.stderr
    assert "_AIDLEDGER_COMPLETE" in result.stdout
    assert "aidledger" in result.stdout


def test_an_unknown_shell_is_refused(run: Run) -> None:
    result = run("completion", "tcsh")
    assert result.exit_code == 2


def test_handles_are_completed_from_the_members() -> None:
    """Handles starting with what is typed, from --root, even from a parent context."""
    assert complete_handles(AT_EXAMPLE, None, "m") == ["maya"]
    child = SimpleNamespace(params={}, parent=AT_EXAMPLE)
    assert "theo" in complete_handles(child, None, "")


def test_ids_are_completed_from_exchanges_and_requests() -> None:
    ids = complete_ids(AT_EXAMPLE, None, "2026-10-2")
    assert ids and all(name.startswith("2026-10-2") for name in ids)


def test_templates_are_completed() -> None:
    assert complete_templates(NOWHERE, None, "s") == ["small-team", "strict"]


def test_without_a_data_folder_nothing_is_completed_and_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert complete_handles(NOWHERE, None, "") == []
    assert complete_ids(NOWHERE, None, "") == []
    broken = SimpleNamespace(params={"root": str(tmp_path / "missing")}, parent=None)
    assert complete_handles(broken, None, "") == []


def test_the_shell_gets_handles_through_the_program(tmp_path: Path) -> None:
    """End to end, as bash asks: `--helper m` completes to maya."""
    environment = {
        **os.environ,
        "_AIDLEDGER_COMPLETE": "complete_bash",
        "COMP_WORDS": f"aidledger --root {EXAMPLE} exchanges --helper m",
        "COMP_CWORD": "5",
    }
    environment.pop("AIDLEDGER_ROOT", None)
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "aidledger")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["maya"]
