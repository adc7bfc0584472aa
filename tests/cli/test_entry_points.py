"""The two ways to start aidledger: the console script and `python -m aidledger`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aidledger import __version__


def test_python_dash_m_runs_the_cli() -> None:
    """`python -m aidledger --version` prints the version and exits 0."""
    completed = subprocess.run(
        [sys.executable, "-m", "aidledger", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout == f"aidledger {__version__}\n"


def test_the_console_script_reports_a_missing_ledger_as_a_sentence(tmp_path: Path) -> None:
    """The installed `aidledger` command, outside a ledger: a sentence, exit 2, no traceback."""
    script = Path(sys.executable).with_name("aidledger")
    completed = subprocess.run(
        [str(script), "balance"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: no aidledger data folder here or above")
    assert "Traceback" not in completed.stderr


def test_the_command_needs_no_package_outside_its_dependencies() -> None:
    """aidledger starts without `click`, which is not one of its declared dependencies."""
    import subprocess
    import sys

    program = (
        "import sys\n"
        "class NoClick:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'click':\n"
        "            raise ImportError('click is not a dependency of aidledger')\n"
        "sys.meta_path.insert(0, NoClick())\n"
        "sys.argv = ['aidledger', '--help']\n"
        "from aidledger.cli.app import main\n"
        "main()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "Usage" in completed.stdout


def test_main_leaves_the_cycle_collector_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`main` turns Python's cycle collector off for the command; a process that calls it
    and goes on (a test, a script) gets it back as it was."""
    import gc

    from aidledger.cli.app import main

    monkeypatch.setattr(sys, "argv", ["aidledger", "--version"])
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main()
    assert gc.isenabled()
