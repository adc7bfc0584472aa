"""`aidledger schema`: a file's JSON Schema as text, and the list of the schemas there are."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aidledger.render.json_text import json_text


def render_schema(schema: dict[str, Any]) -> str:
    """One schema as JSON, as `aidledger schema NAME` prints it and `--write` writes it."""
    return json_text(schema)


def schema_texts() -> dict[str, str]:
    """Every schema as `aidledger schema --write` and `init` write it, by name."""
    from aidledger.model.schema import SCHEMA_NAMES, schema_of

    return {kind: render_schema(schema_of(kind)) for kind in SCHEMA_NAMES}


def render_schema_list(kinds: Iterable[tuple[str, str, str]]) -> str:
    """The schemas by name, one line each: the files they describe and what those hold."""
    rows = list(kinds)
    name_width = max(len(name) for name, _, _ in rows)
    where_width = max(len(where) for _, where, _ in rows)
    lines = [
        f"{name:<{name_width}}  {where:<{where_width}}  {what}".rstrip()
        for name, where, what in rows
    ]
    return "\n".join(lines) + "\n"
