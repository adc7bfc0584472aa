"""What an editor shows in a file aidledger wrote, asked of the language servers editors
run: Taplo (VS Code's Even Better TOML, Neovim's and Helix's TOML) and Red Hat's YAML
language server (VS Code's YAML extension, Neovim's yamlls).

Each finds the file's schema through the directive on its first line alone, with no
setting: the test opens the file as an editor does, types a wrong mode, and reads the
diagnostics, the hover and the completion the server sends back. .ci/run installs both
servers with npm; elsewhere the tests skip when they are missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.editors.lsp import LanguageServer

HERE = Path(__file__).parent
TAPLO_STDIO = HERE / "taplo-stdio.js"


def _needed(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} must be installed in CI; .ci/run installs it")
    pytest.skip(f"{what} is not installed")


def _global_node_modules() -> Path | None:
    npm = shutil.which("npm")
    if npm is None:
        return None
    completed = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
    return Path(completed.stdout.strip()) if completed.returncode == 0 else None


def taplo_command() -> tuple[list[str], dict[str, str]]:
    node, modules = shutil.which("node"), _global_node_modules()
    if node is None or modules is None or not (modules / "@taplo" / "lsp").is_dir():
        _needed("node and the npm package @taplo/lsp")
    return [str(node), str(TAPLO_STDIO)], {"NODE_PATH": str(modules)}


def yaml_command() -> tuple[list[str], dict[str, str]]:
    server = shutil.which("yaml-language-server")
    if server is None:
        _needed("yaml-language-server (npm)")
    return [str(server), "--stdio"], {}


def _server(command: tuple[list[str], dict[str, str]], folder: Path) -> Iterator[LanguageServer]:
    server = LanguageServer(*command, folder)
    try:
        yield server
    finally:
        server.close()


def _new_exchange(run: Run, storage: str) -> Path:
    assert run("init", "--team", "Testers", "--storage", storage).exit_code == 0
    assert run("member", "add", "alice", "--email", "alice@example.org").exit_code == 0
    assert run("member", "add", "bob").exit_code == 0
    assert run("thanks", "bob", "30m", "Review of the parser").exit_code == 0
    (path,) = Path("exchanges").rglob(f"*.{storage}")
    return path.resolve()


def _open(server: LanguageServer, path: Path, language: str) -> str:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    item = {"uri": uri, "languageId": language, "version": 1, "text": text}
    server.notify("textDocument/didOpen", {"textDocument": item})
    return uri


def _type(server: LanguageServer, uri: str, text: str) -> None:
    """The whole text as it stands after a keystroke, as an editor sends it."""
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]},
    )


def _position(text: str, needle: str, after: str = "") -> dict[str, int]:
    lines = text.split("\n")
    line = next(number for number, row in enumerate(lines) if needle in row)
    return {"line": line, "character": lines[line].index(needle) + len(after)}


MODES = ["taught", "pair", "did", "advice"]
MINUTES_WORDS = "how long the help took"


@pytest.mark.parametrize("storage", ["toml", "yaml"])
def test_the_editor_flags_a_wrong_mode_as_it_is_typed(
    git_repo: Path, run: Run, storage: str
) -> None:
    """Typing `teached` as the mode of an exchange file is flagged on its line, with the
    modes there are, by the server found through the file's directive alone."""
    path = _new_exchange(run, storage)
    command = taplo_command() if storage == "toml" else yaml_command()
    text = path.read_text(encoding="utf-8")
    wrong = (
        text.replace('mode = "pair"', 'mode = "teached"')
        if storage == "toml"
        else text.replace("mode: pair", "mode: teached")
    )
    assert wrong != text
    for server in _server(command, git_repo):
        uri = _open(server, path, storage)
        _type(server, uri, wrong)
        (diagnostic,) = server.diagnostics_of(uri)
        assert diagnostic["range"]["start"]["line"] == _position(wrong, "teached")["line"]
        assert all(f'"{mode}"' in diagnostic["message"] for mode in MODES)


@pytest.mark.parametrize("storage", ["toml", "yaml"])
def test_the_editor_describes_a_field_and_completes_the_modes(
    git_repo: Path, run: Run, storage: str
) -> None:
    """Hovering over `minutes` shows its description from the docs; completing the mode
    offers the four modes."""
    path = _new_exchange(run, storage)
    command = taplo_command() if storage == "toml" else yaml_command()
    text = path.read_text(encoding="utf-8")
    for server in _server(command, git_repo):
        uri = _open(server, path, storage)
        document = {"uri": uri}
        # Taplo describes a key's value; the YAML server the key itself.
        if storage == "toml":
            hovered, mode = _position(text, "minutes = 30", "minutes = 3"), 'mode = "'
        else:
            hovered, mode = _position(text, "minutes: 30", "m"), "mode: pair"
        hover = server.request(
            "textDocument/hover", {"textDocument": document, "position": hovered}
        )
        assert MINUTES_WORDS in json.dumps(hover)
        position = _position(text, mode, mode)
        completion = server.request(
            "textDocument/completion", {"textDocument": document, "position": position}
        )
        items = completion["items"] if isinstance(completion, dict) else completion
        labels = [item["label"].strip('"') for item in items]
        assert labels[: len(MODES)] == MODES or sorted(labels) == sorted(MODES)
