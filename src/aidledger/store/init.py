"""Creating a new data folder from a charter template."""

from __future__ import annotations

import contextlib
import shutil
from datetime import date
from importlib import resources
from pathlib import Path

import tomli_w

from aidledger.errors import RefusedError, StoreError, UsageError
from aidledger.store.files import PRIVATE_DIR, atomic_write, make_folder, read_text
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


def _refuse_if_taken(folder: Path) -> None:
    """Every reason not to start, found before anything is written."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: is a file, where a folder is needed; nothing was changed")
    settings = folder / SETTINGS_FILE
    if settings.exists():
        raise RefusedError(
            f"{settings} already exists: a ledger is already there; nothing was changed"
        )
    for name in (CHARTER_FILE, MEMBERS_FILE):
        if (folder / name).exists():
            raise RefusedError(
                f"{folder / name} already exists; nothing was changed",
                hint="move it away, or create the ledger in another folder",
            )
    for name in (REQUESTS_DIR, EXCHANGES_DIR):
        path = folder / name
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file, where a folder is needed; nothing was changed")


def create_ledger(
    folder: Path, team: str, charter_text: str, started: date, storage: str = "toml"
) -> list[Path]:
    """Lay out a new data folder, all or nothing; refuse if anything is in the way.

    `started` is the day the team starts its ledger: warnings about a person look at
    no day before it. `storage` is the format the commands write records in; the
    settings, the charter and the members file are TOML in every ledger.
    """
    _refuse_if_taken(folder)
    settings_text = "# aidledger data folder settings.\n" + tomli_w.dumps(
        {"format_version": 1, "team": team, "storage": storage, "started": started}
    )
    created: list[Path] = []
    try:
        if not folder.exists():
            make_folder(folder)
            created.append(folder)
        if not (folder / PRIVATE_DIR).exists():
            # Temporary files go there, where git never sees them, even if init is killed.
            created.append(folder / PRIVATE_DIR)
        for name in (REQUESTS_DIR, EXCHANGES_DIR):
            if not (folder / name).exists():
                make_folder(folder / name)
                created.append(folder / name)
            keep = folder / name / ".gitkeep"
            if not keep.exists():
                atomic_write(keep, "", root=folder)
                created.append(keep)
        for name, text in ((CHARTER_FILE, charter_text), (MEMBERS_FILE, MEMBERS_HEADER)):
            atomic_write(folder / name, text, root=folder, exclusive=True)
            created.append(folder / name)
        # The settings file is what makes a folder a ledger, so it comes last.
        atomic_write(folder / SETTINGS_FILE, settings_text, root=folder, exclusive=True)
    except StoreError:
        _remove(created)
        raise
    return [
        folder / SETTINGS_FILE,
        folder / CHARTER_FILE,
        folder / MEMBERS_FILE,
        folder / REQUESTS_DIR,
        folder / EXCHANGES_DIR,
    ]


def _remove(created: list[Path]) -> None:
    """Undo a half-made ledger, newest first, so a failed init leaves nothing behind."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.name == PRIVATE_DIR:
                shutil.rmtree(path)
            elif path.is_dir():
                path.rmdir()
            else:
                path.unlink()
