"""Small helpers for the CLI tests: snapshots of a folder, record files, exchange ids."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from aidledger.model.schema import SCHEMA_NAMES
from tests.conftest import Result, Run

TODAY = "2026-03-10"
ID_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9._-]+-[a-z0-9]{6}$")
# What git may see of `.aidledger/`: its .gitignore and the schemas, to be committed.
COMMITTED_PRIVATE_FILES = frozenset(
    {".aidledger/.gitignore", *(f".aidledger/schema/{name}.schema.json" for name in SCHEMA_NAMES)}
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes.

    Git's own folder is left out, and so is what git ignores in `.aidledger/` (the cache,
    the lock and the temporary files); the schemas there, which are committed, are in.
    """
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and _committed(path.relative_to(folder).parts)
    }


def _committed(parts: tuple[str, ...]) -> bool:
    if ".git" in parts:
        return False
    if ".aidledger" in parts:
        return parts[-2:-1] == ("schema",) or parts[-1] == ".gitignore"
    return True


def private_files_git_sees(status: str) -> frozenset[str]:
    """The paths under `.aidledger/` in `git status --porcelain --untracked-files=all`."""
    paths = (line[3:] for line in status.splitlines())
    return frozenset(path for path in paths if path.startswith(".aidledger/"))


def exchange_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / "exchanges").rglob("*.toml"))


def logged_id(result: Result) -> str:
    """The id a successful `log` or `thanks` printed on its first line."""
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert ID_LINE.match(first), result.stdout
    return first


def exchange_record(root: Path, exchange_id: str) -> dict[str, Any]:
    """The one [[exchange]] table of the file a command wrote for `exchange_id`."""
    year, month = exchange_id[:4], exchange_id[5:7]
    path = root / "exchanges" / year / month / f"{exchange_id}.toml"
    tables = tomllib.loads(path.read_text(encoding="utf-8"))["exchange"]
    assert len(tables) == 1
    record: dict[str, Any] = tables[0]
    return record


def log(run: Run, root: Path, *args: str) -> dict[str, Any]:
    """Run `aidledger log ARGS...` and return the record it wrote."""
    return exchange_record(root, logged_id(run("log", *args)))


def balance_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("balance", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def by_handle(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["handle"]: row for row in document["members"]}
