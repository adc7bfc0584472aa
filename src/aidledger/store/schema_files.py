"""The schemas editors read, kept in the data folder (`.aidledger/schema/`, committed), and
the directive at the top of each file that points its editor to its schema.

A TOML file starts with `#:schema ../.aidledger/schema/exchange.schema.json` (Taplo, the
language server of VS Code's Even Better TOML and of Neovim's and Helix's TOML support),
a YAML file with `# yaml-language-server: $schema=...` (Red Hat's YAML extension). The
path is relative to the file, so that it holds in every clone. A data folder without the
schemas (one made before aidledger wrote them) gets no directive: it would point nowhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from aidledger.store.files import PRIVATE_DIR, atomic_write, private_folder
from aidledger.store.parse import BOM, YAML_SUFFIXES

SCHEMA_DIR = "schema"
# The schema of each kind of record file, by the name of its `[[table]]`.
SCHEMA_OF_TABLE = {
    "exchange": "exchange",
    "request": "request",
    "offer": "offer",
    "meeting": "meeting",
    "member": "members",
}
_DIRECTIVE = re.compile(r"(?:#:schema |# yaml-language-server: \$schema=)[^\r\n]*\r?\n")


def schema_file(root: Path, name: str) -> Path:
    """Where the schema `name` (`exchange`, `members`, `config`...) is kept."""
    return root / PRIVATE_DIR / SCHEMA_DIR / f"{name}.schema.json"


def schema_directive(root: Path, path: Path, name: str) -> str:
    """The first line of a file at `path` that holds a `name` schema's content; empty when
    the data folder holds no such schema."""
    schema = schema_file(root, name)
    if not schema.is_file():
        return ""
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    if path.suffix in YAML_SUFFIXES:
        return f"# yaml-language-server: $schema={relative}\n"
    return f"#:schema {relative}\n"


def record_directive(root: Path, path: Path, kind: str) -> str:
    """The directive of a file of `[[kind]]` records."""
    return schema_directive(root, path, SCHEMA_OF_TABLE[kind])


def split_directive(text: str) -> tuple[str, str]:
    """A text's first line when it is a schema directive, and the rest (a byte order mark
    stays with the rest)."""
    mark = BOM if text.startswith(BOM) else ""
    match = _DIRECTIVE.match(text, len(mark))
    if match is None:
        return "", text
    return match[0], mark + text[match.end() :]


def write_schemas(root: Path, texts: Mapping[str, str]) -> list[Path]:
    """Write each schema (`name` -> JSON text) into `.aidledger/schema/`; the paths written."""
    folder = private_folder(root) / SCHEMA_DIR
    written = []
    for name, text in texts.items():
        path = folder / f"{name}.schema.json"
        atomic_write(path, text, root=root)
        written.append(path)
    return written
