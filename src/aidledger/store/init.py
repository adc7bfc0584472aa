"""Creating a new data folder from a charter template."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path

import tomli_w

from aidledger import i18n
from aidledger.errors import RefusedError, StoreError, UsageError
from aidledger.i18n import N_, _
from aidledger.store.files import PRIVATE_DIR, atomic_write, make_folder, read_text
from aidledger.store.load import EXCHANGES_DIR, MEMBERS_FILE, REQUESTS_DIR
from aidledger.store.root import CHARTER_FILE, SETTINGS_FILE
from aidledger.store.schema_files import (
    schema_directive,
    schema_file,
    split_directive,
    write_schemas,
)

DEFAULT_TEMPLATE = "default"
MEMBERS_HEADER = N_("""\
# The members of the team, one [[member]] table each.
# Add people with `aidledger member add HANDLE --name "Full Name" --email ADDRESS`,
# or edit this file by hand: aidledger keeps your comments and order.
""")
SETTINGS_HEADER = N_("# aidledger data folder settings.\n")


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
    """The templates by name: `default`, ..., and those of each language, `fr/default`."""
    names = set()
    for folder in _template_folders():
        names |= {path.stem for path in folder.glob("*.toml")}
        names |= {f"{path.parent.name}/{path.stem}" for path in folder.glob("*/*.toml")}
    return sorted(names)


def charter_template(name_or_path: str) -> str:
    """A template's text, by name (`default`, `strict`, `fr/default`, ...) or by path to a
    charter file. A name without a language is the template in the language being spoken
    when there is one (`default` is `fr/default` in French)."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" and candidate.is_file():
        return read_text(candidate)
    spoken = i18n.active().code
    names = [name_or_path]
    if "/" not in name_or_path and not i18n.active().english:
        names.insert(0, f"{spoken}/{name_or_path}")
    for name in names:
        for folder in _template_folders():
            path = folder / f"{name}.toml"
            if name in template_names() and path.is_file():
                return read_text(path)
    listed = ", ".join(template_names()) or _("none found")
    raise UsageError(
        _("no charter template {name}").format(name=repr(name_or_path)),
        hint=_("templates: {names}; or give a path").format(names=listed),
    )


def _refuse_if_taken(folder: Path) -> None:
    """Every reason not to start, found before anything is written."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(_is_a_file().format(path=folder))
    settings = folder / SETTINGS_FILE
    if settings.exists():
        raise RefusedError(
            _("{path} already exists: a ledger is already there; nothing was changed").format(
                path=settings
            )
        )
    for name in (CHARTER_FILE, MEMBERS_FILE):
        if (folder / name).exists():
            raise RefusedError(
                _("{path} already exists; nothing was changed").format(path=folder / name),
                hint=_("move it away, or create the ledger in another folder"),
            )
    for name in (REQUESTS_DIR, EXCHANGES_DIR):
        path = folder / name
        if path.exists() and not path.is_dir():
            raise StoreError(_is_a_file().format(path=path))


def _is_a_file() -> str:
    return "{path}: " + _("is a file, where a folder is needed; nothing was changed")


def create_ledger(
    folder: Path,
    team: str,
    charter_text: str,
    started: date,
    storage: str = "toml",
    schemas: Mapping[str, str] | None = None,
) -> list[Path]:
    """Lay out a new data folder, all or nothing; refuse if anything is in the way.

    `started` is the day the team starts its ledger: warnings about a person look at
    no day before it. `storage` is the format the commands write records in; the
    settings, the charter and the members file are TOML in every ledger. `schemas` (name
    -> JSON text) are written into `.aidledger/schema/`, and each file made points to its
    own (store/schema_files.py).
    """
    _refuse_if_taken(folder)
    settings_text = _(SETTINGS_HEADER) + tomli_w.dumps(
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
        if schemas:
            write_schemas(folder, schemas)
        for name in (REQUESTS_DIR, EXCHANGES_DIR):
            if not (folder / name).exists():
                make_folder(folder / name)
                created.append(folder / name)
            keep = folder / name / ".gitkeep"
            if not keep.exists():
                atomic_write(keep, "", root=folder)
                created.append(keep)
        files = (
            (CHARTER_FILE, "charter", split_directive(charter_text)[1]),
            (MEMBERS_FILE, "members", _(MEMBERS_HEADER)),
            # The settings file is what makes a folder a ledger, so it comes last.
            (SETTINGS_FILE, "config", settings_text),
        )
        for name, schema, text in files:
            directive = schema_directive(folder, folder / name, schema)
            atomic_write(folder / name, directive + text, root=folder, exclusive=True)
            created.append(folder / name)
    except StoreError:
        _remove(created)
        raise
    made = [
        folder / SETTINGS_FILE,
        folder / CHARTER_FILE,
        folder / MEMBERS_FILE,
        folder / REQUESTS_DIR,
        folder / EXCHANGES_DIR,
    ]
    # The schemas are committed with the rest: named, so that nobody leaves them out.
    return [*made, schema_file(folder, "exchange").parent] if schemas else made


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
