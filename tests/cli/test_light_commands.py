"""Writing one exchange stays light: `thanks` and `log` import only what they use, so that
they start fast. What a command imports is checked, not how long it takes (a timed test
would fail on a busy machine); `make bench` times them."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import aidledger.cli
from aidledger.cli.app import COMMAND_MODULES, registered_by
from tests.cli.helpers import exchange_record, logged_id
from tests.conftest import Run

# Runs one command in-process, then writes the names of the modules it imported to a file.
PROGRAM = """
import sys
from aidledger.cli.app import main
listing, *arguments = sys.argv[1:]
sys.argv = ["aidledger", *arguments]
try:
    main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
with open(listing, "w", encoding="utf-8") as file:
    file.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""

WRITES = {
    "thanks": ("thanks", "bob", "30m", "Review of the CI pipeline"),
    "log": ("log", "45m", "Pairing on the parser", "--helped", "bob"),
}

# Modules a new TOML exchange does not need: the engine and the renderers of reports,
# the other commands, the editor of files in place (tomlkit) and rich.
NOT_NEEDED = ("aidledger.engine", "aidledger.render.", "aidledger.cli.", "tomlkit", "rich")
# What they may use of those: their own module and the shared options, and the one
# helper every command prints through (it keeps output free of CI workflow commands),
# and the choice of the language the command speaks.
NEEDED = {"aidledger.cli.app", "aidledger.cli.common", "aidledger.cli.record"}
NEEDED |= {"aidledger.cli.language"}
NEEDED |= {"aidledger.render.text"}


def _imported(arguments: tuple[str, ...], folder: Path) -> set[str]:
    """The modules `aidledger ARGUMENTS...` imports, run in a fresh interpreter in `folder`."""
    listing = folder.parent / "modules.txt"
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(listing), *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return set(listing.read_text(encoding="utf-8").split("\n"))


def _unneeded(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name.startswith(NOT_NEEDED) and name not in NEEDED)


@pytest.mark.parametrize("command", sorted(WRITES))
def test_writing_an_exchange_imports_no_engine_renderer_or_editor(
    ledger: Path, command: str
) -> None:
    """`thanks` and `log` import neither the engine, the report renderers, the other
    commands' modules, tomlkit nor rich."""
    modules = _imported(WRITES[command], ledger)
    assert "aidledger.cli.record" in modules
    assert _unneeded(modules) == []


@pytest.mark.parametrize("command", sorted(WRITES))
def test_writing_an_exchange_in_a_toml_ledger_imports_no_yaml(ledger: Path, command: str) -> None:
    """In a ledger kept in TOML, `thanks` and `log` do not import PyYAML."""
    assert "yaml" not in _imported(WRITES[command], ledger)


def test_confirming_in_a_toml_ledger_imports_no_yaml_nor_the_editor(ledger: Path, run: Run) -> None:
    """`confirm` in a ledger kept in TOML rewrites a file in the writer's layout without the
    editor of lines: it imports neither PyYAML nor tomlkit."""
    exchange_id = logged_id(run("log", "45m", "Pairing", "--helped", "bob", "--as", "alice"))
    modules = _imported(("confirm", exchange_id, "--as", "bob", "--useful", "4"), ledger)
    assert "aidledger.cli.record" in modules
    assert not {"yaml", "tomlkit", "aidledger.store.edit"} & modules
    assert exchange_record(ledger, exchange_id)["confirmation"]["useful"] == 4


def test_version_imports_no_command_module(tmp_path: Path) -> None:
    """`--version` imports no command's module (nor pydantic, YAML or the engine)."""
    modules = _imported(("--version",), tmp_path)
    assert _unneeded(modules) == []
    assert not {"pydantic", "yaml", "aidledger.engine"} & modules


def test_each_command_is_listed_by_the_module_that_registers_it() -> None:
    """COMMAND_MODULES names every command and group each module of aidledger.cli
    registers, and no other: a command added to a module but not to the table is caught."""
    modules = {
        info.name
        for info in pkgutil.iter_modules(aidledger.cli.__path__)
        if hasattr(importlib.import_module(f"aidledger.cli.{info.name}"), "register")
    }
    assert modules == set(COMMAND_MODULES.values())
    for module in modules:
        registered = registered_by(module)
        names = [info.name or "" for info in registered.registered_commands]
        names += [info.name or "" for info in registered.registered_groups]
        listed = [name for name, owner in COMMAND_MODULES.items() if owner == module]
        assert sorted(names) == sorted(listed), module
