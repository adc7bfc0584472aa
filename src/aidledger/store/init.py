"""Creating a new data folder from a charter template."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import tomli_w

from aidledger.errors import RefusedError, UsageError
from aidledger.store.files import atomic_write, read_text
from aidledger.store.load import CHARTER_FILE, EXCHANGES_DIR, MEMBERS_FILE, REQUESTS_DIR
from aidledger.store.root import SETTINGS_FILE

DEFAULT_TEMPLATE = "default"
MEMBERS_HEADER = """\
# The members of the team, one [[member]] table each.
# Add people with `aidledger member add HANDLE --name "Full Name" --email ADDRESS`,
# or edit this file by hand: aidledger keeps your comments and order.
"""


def _template_folders() -> list[Path]:
    """Where charter templates live: inside the installed package, or in the source tree."""
    folders = []
    packaged = resources.files("aidledger") / "charters"
    if packaged.is_dir():
        folders.append(Path(str(packaged)))
    source_tree = Path(__file__).resolve().parents[3] / "charters"
    if source_tree.is_dir():
        folders.append(source_tree)
    return folders


def template_names() -> list[str]:
    return sorted({path.stem for folder in _template_folders() for path in folder.glob("*.toml")})


def charter_template(name_or_path: str) -> str:
    """A template's text, by name (`default`, `strict`, ...) or by path to a charter file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" and candidate.is_file():
        return read_text(candidate)
    for folder in _template_folders():
        path = folder / f"{name_or_path}.toml"
        if path.is_file():
            return read_text(path)
    names = ", ".join(template_names()) or "none found"
    raise UsageError(
        f"no charter template {name_or_path!r}", hint=f"templates: {names}; or give a path"
    )


def create_ledger(folder: Path, team: str, charter_text: str) -> list[Path]:
    """Lay out a new data folder; refuse if one is already there. Returns what was made."""
    settings = folder / SETTINGS_FILE
    if settings.exists():
        raise RefusedError(
            f"{settings} already exists: a ledger is already there; nothing was changed"
        )
    settings_text = "# aidledger data folder settings.\n" + tomli_w.dumps(
        {"format_version": 1, "team": team, "storage": "toml"}
    )
    made = []
    for name, text in (
        (CHARTER_FILE, charter_text),
        (MEMBERS_FILE, MEMBERS_HEADER),
    ):
        path = folder / name
        if not path.exists():
            atomic_write(path, text)
            made.append(path)
    for name in (REQUESTS_DIR, EXCHANGES_DIR):
        path = folder / name
        path.mkdir(parents=True, exist_ok=True)
        keep = path / ".gitkeep"
        if not keep.exists():
            atomic_write(keep, "")
        made.append(path)
    # The settings file is what makes a folder a ledger, so it comes last.
    atomic_write(settings, settings_text, exclusive=True)
    made.insert(0, settings)
    return made
