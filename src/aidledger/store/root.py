"""Finding the data root: the folder that holds `aidledger.toml`, like git finds `.git`."""

from __future__ import annotations

import os
from pathlib import Path

from aidledger.errors import NoRootError
from aidledger.i18n import _

SETTINGS_FILE = "aidledger.toml"
CHARTER_FILE = "charter.toml"
ROOT_VARIABLE = "AIDLEDGER_ROOT"


def find_root(start: Path, override: Path | None = None) -> Path:
    """The data root: `override` (from `--root`), else `$AIDLEDGER_ROOT`, else walk up."""
    if override is None and os.environ.get(ROOT_VARIABLE):
        override = Path(os.environ[ROOT_VARIABLE])
    if override is not None:
        if not (override / SETTINGS_FILE).is_file():
            raise NoRootError(
                # Translators: {folder} is the folder given, {file} is aidledger.toml.
                _("{folder} holds no {file}").format(folder=override, file=SETTINGS_FILE),
                hint=_("create a ledger there with `aidledger init {folder} --team NAME`").format(
                    folder=override
                ),
            )
        return override
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NoRootError(
        _("no aidledger data folder here or above ({folder})").format(folder=here),
        hint=_("create one with `aidledger init --team NAME`, or point to one with --root"),
    )


def declared_language(root: Path) -> str | None:
    """The `[charter] language` of the data folder, read without validating the rest: the
    language is chosen before a command runs, and the command says what is wrong."""
    import tomllib

    try:
        text = (root / CHARTER_FILE).read_text(encoding="utf-8-sig")
        document = tomllib.loads(text)
    except (OSError, ValueError):  # unreadable, not UTF-8, not TOML, an integer too long
        return None
    section = document.get("charter")
    value = section.get("language") if isinstance(section, dict) else None
    return value if isinstance(value, str) else None
