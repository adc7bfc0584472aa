"""A language server in a subprocess, spoken to as an editor speaks to it: JSON-RPC over
its standard streams (the Language Server Protocol). Used by tests/editors and by
scripts/editor_screenshots.py."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

TIMEOUT = 60


class LanguageServer:
    """A language server in a subprocess, spoken to in JSON-RPC over its standard streams."""

    def __init__(self, command: list[str], env: dict[str, str], folder: Path) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **env},
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": folder.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
                        "publishDiagnostics": {},
                    }
                },
            },
        )
        self.notify("initialized", {})
        # The editor's settings, as the extensions send them: their defaults.
        self.notify("workspace/didChangeConfiguration", {"settings": {}})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = next(
                int(line.split(b":")[1])
                for line in header.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:
            # The server asks the editor for its settings: the defaults, with checks on.
            items = message.get("params", {}).get("items", [])
            answer: Any = [{"validate": True, "hover": True, "completion": True}] * len(items)
            self._send({"id": message["id"], "result": answer if items else None})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            self._handle(message)

    def diagnostics_of(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics of `uri` once the server has sent some that are not empty."""
        while not self.diagnostics.get(uri):
            self._handle(self.messages.get(timeout=TIMEOUT))
        return self.diagnostics[uri]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
