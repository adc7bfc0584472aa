"""The screenshots of docs/editors.md: an exchange file aidledger wrote, in Monaco (the
editor of VS Code), showing what Taplo, the language server of VS Code's Even Better
TOML, answers as one types: the completion of a mode, and a mistyped mode flagged.

    python scripts/editor_screenshots.py MONACO_FOLDER

MONACO_FOLDER is the `monaco-editor` npm package (`npm install monaco-editor@0.52.2`).
It needs what tests/editors needs: node, the npm package @taplo/lsp (installed globally),
and Chromium with Playwright. Nothing is drawn by hand: the completion items, the
diagnostic and the hover are Taplo's answers, read over the Language Server Protocol
from a ledger made by aidledger's own commands, and given to Monaco as an editor's
language client gives them.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
IMAGES = REPOSITORY / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(REPOSITORY))

from tests.editors.lsp import LanguageServer  # noqa: E402
from tests.editors.test_language_servers import taplo_command  # noqa: E402

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>body{{margin:0;background:#1e1e1e}} #editor{{width:820px;height:330px}}</style>
</head><body><div id="editor"></div>
<script id="data" type="application/json">{data}</script>
<script src="{monaco}/min/vs/loader.js"></script>
<script>
require.config({{ paths: {{ vs: "{monaco}/min/vs" }} }});
require(["vs/editor/editor.main"], function () {{
  const data = JSON.parse(document.getElementById("data").textContent);
  const editor = monaco.editor.create(document.getElementById("editor"), {{
    value: data.text, language: "ini", theme: "vs-dark", fontSize: 15,
    minimap: {{ enabled: false }}, scrollBeyondLastLine: false, renderLineHighlight: "none",
    fixedOverflowWidgets: true,
  }});
  monaco.languages.registerCompletionItemProvider("ini", {{
    provideCompletionItems: (model, position) => ({{
      suggestions: data.completion.map((item, index) => ({{
        label: item.label,
        kind: monaco.languages.CompletionItemKind.EnumMember,
        insertText: item.label,
        detail: data.detail,
        sortText: String(index).padStart(3, "0"),
        range: new monaco.Range(position.lineNumber, position.column,
                                position.lineNumber, position.column),
      }})),
    }}),
  }});
  monaco.languages.registerHoverProvider("ini", {{
    provideHover: (model, position) => data.hover && position.lineNumber === data.hover.line
      ? {{ contents: [{{ value: data.hover.text }}] }} : null,
  }});
  monaco.editor.setModelMarkers(editor.getModel(), "taplo", data.markers.map((marker) => ({{
    startLineNumber: marker.line, startColumn: marker.start,
    endLineNumber: marker.line, endColumn: marker.end,
    message: marker.message, source: "Even Better TOML",
    severity: monaco.MarkerSeverity.Error,
  }})));
  editor.setPosition({{ lineNumber: data.cursor.line, column: data.cursor.column }});
  editor.focus();
  setTimeout(() => {{
    editor.trigger("screenshot", data.action, {{}});
    setTimeout(() => {{ window.shown = true; }}, 800);
  }}, 300);
}});
</script></body></html>
"""


def _ledger(folder: Path) -> Path:
    """A ledger made by the commands, and the exchange file `log` wrote in it."""
    environment = {**os.environ, "AIDLEDGER_TODAY": "2026-11-27", "NO_COLOR": "1"}

    def run(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "aidledger", *args],
            cwd=folder,
            env=environment,
            check=True,
            capture_output=True,
        )

    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "config", "user.email", "alice@example.org"], cwd=folder, check=True)
    run("init", "--team", "Platform", "--started", "2026-11-01")
    run("member", "add", "alice", "--email", "alice@example.org", "--joined", "2026-11-01")
    run("member", "add", "bob", "--joined", "2026-11-01")
    topic = "Debugging the release script"
    run("log", "45m", topic, "--helped", "bob", "--mode", "taught", "--date", "2026-11-26")
    (path,) = (folder / "exchanges").rglob("*.toml")
    return path


def _answers(folder: Path, path: Path) -> dict[str, Any]:
    """What Taplo answers for the file: the completion of an empty mode, and a mistyped
    mode's diagnostic and hover."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(number for number, line in enumerate(lines) if line.startswith("mode = "))
    typing = text.replace('mode = "taught"', 'mode = ""')
    wrong = text.replace('mode = "taught"', 'mode = "teached"')
    server = LanguageServer(*taplo_command(), folder)
    try:
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "toml", "version": 1, "text": typing}
        server.notify("textDocument/didOpen", {"textDocument": item})
        position = {"line": row, "character": len('mode = "')}
        completion = server.request(
            "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
        )
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": wrong}]},
        )
        (diagnostic,) = server.diagnostics_of(uri)
        minutes = next(number for number, line in enumerate(lines) if line.startswith("minutes"))
        hover = server.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": minutes, "character": 11}},
        )
    finally:
        server.close()
    items = completion["items"] if isinstance(completion, dict) else completion
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    return {
        "typing": typing,
        "wrong": wrong,
        "completion": [{"label": item["label"]} for item in items],
        "row": row,
        "marker": {
            "line": start["line"] + 1,
            "start": start["character"] + 1,
            "end": end["character"] + 1,
            "message": diagnostic["message"],
        },
        "description": hover["contents"]["value"] if hover else "",
        "minutes_row": minutes,
    }


def _shoot(page: Any, monaco: Path, data: dict[str, Any], target: Path) -> None:
    source = PAGE.format(
        data=html.escape(json.dumps(data), quote=False).replace("&amp;", "&"),
        monaco=monaco.as_uri(),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
        f.write(source)
    page.goto(Path(f.name).as_uri())
    page.wait_for_function("window.shown === true", timeout=20_000)
    page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": 820, "height": 330})
    print(f"wrote {target.relative_to(REPOSITORY)}")


def main(monaco: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = _ledger(folder)
        answers = _answers(folder, path)
    row = answers["row"] + 1
    completion = {
        "text": answers["typing"],
        "completion": answers["completion"],
        "detail": "Even Better TOML (Taplo)",
        "hover": None,
        "markers": [],
        "cursor": {"line": row, "column": len('mode = "') + 1},
        "action": "editor.action.triggerSuggest",
    }
    marker = answers["marker"]
    error = {
        "text": answers["wrong"],
        "completion": [],
        "detail": "",
        "hover": None,
        "markers": [marker],
        "cursor": {"line": marker["line"], "column": marker["start"] + 2},
        "action": "editor.action.showHover",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 820, "height": 330})
        _shoot(page, monaco, completion, IMAGES / "editor-completion.png")
        _shoot(page, monaco, error, IMAGES / "editor-error.png")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(Path(sys.argv[1]).resolve())
