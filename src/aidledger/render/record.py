"""One record as it stands in its file, for `aidledger show`: its place, then its lines."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from aidledger.render.json_text import json_text
from aidledger.render.text import printable


def render_text(path: str, line: int, lines: str) -> str:
    """`path:line`, then the record's own lines, each made safe for a terminal."""
    shown = "".join(f"{printable(text)}\n" for text in lines.splitlines())
    return f"{printable(path)}:{line}\n{shown}"


def render_json(record: BaseModel, path: str, line: int) -> str:
    """The record's fields (those set), with `path` and `line` of the file that holds it."""
    fields: dict[str, Any] = record.model_dump(mode="json", exclude_none=True)
    return json_text({**fields, "path": path, "line": line})
