"""A French team's first steps: the French charter templates, `init` in French, and the
catalog check that keeps the French in step with the code."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po

from aidledger.store.load import check_charter_text
from tests.conftest import REPOSITORY, Run

TEMPLATES = ("default", "small-team", "strict")
CHARTERS = REPOSITORY / "charters"


def _without_text(document: Any) -> Any:
    """A charter with every text value left out: what aidledger reads of it."""
    if isinstance(document, dict):
        return {key: _without_text(value) for key, value in document.items()}
    if isinstance(document, list):
        return [_without_text(item) for item in document]
    return None if isinstance(document, str) else document


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_french_template_is_its_english_one_in_french(name: str) -> None:
    """charters/fr/NAME.toml holds the same rules and levels as charters/NAME.toml, as
    many principles and pieces of advice, says `language = "fr"`, and is a valid charter."""
    english = tomllib.loads((CHARTERS / f"{name}.toml").read_text("utf-8"))
    text = (CHARTERS / "fr" / f"{name}.toml").read_text("utf-8")
    french = tomllib.loads(text)
    assert french["charter"].pop("language") == "fr"
    assert _without_text(french) == _without_text(english)
    assert french["charter"]["title"] != english["charter"]["title"]
    check_charter_text(text, f"fr/{name}.toml")


def test_init_in_french_starts_from_the_french_charter(git_repo: Path, run: Run) -> None:
    """`aidledger --lang fr init` writes the French template, which makes the team's
    language French for everyone, and says what it did in French."""
    result = run("--lang", "fr", "init", "--team", "Vélo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Registre créé pour l'équipe Vélo")
    charter = (git_repo / "charter.toml").read_text("utf-8")
    assert (
        charter.splitlines()[1:]
        == (CHARTERS / "fr" / "default.toml").read_text("utf-8").splitlines()
    )
    assert "# Les membres de l'équipe" in (git_repo / "members.toml").read_text("utf-8")
    # Nobody passes --lang any more: the charter speaks for the team.
    assert run("member", "add", "alice").stdout.startswith("Membre alice ajouté")


def test_a_french_template_is_chosen_by_name_in_any_language(git_repo: Path, run: Run) -> None:
    """`--charter fr/strict` picks the French strict template from an English session."""
    result = run("init", "--team", "T", "--charter", "fr/strict")
    assert result.exit_code == 0, result.stderr
    assert 'language = "fr"' in (git_repo / "charter.toml").read_text("utf-8")


# --- the catalog check -------------------------------------------------------------------


def _catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """scripts/catalogs.py working on a copy of the catalogs in `tmp_path`."""
    spec = importlib.util.spec_from_file_location(
        "catalogs", REPOSITORY / "scripts" / "catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "catalogs", module)
    spec.loader.exec_module(module)
    locale = tmp_path / "locale"
    shutil.copytree(module.LOCALE, locale)
    monkeypatch.setattr(module, "LOCALE", locale)
    monkeypatch.setattr(module, "TEMPLATE", locale / "aidledger.pot")
    monkeypatch.setattr(module, "REPOSITORY", tmp_path)
    return module


def _edit_french(catalogs: ModuleType, change: Any) -> None:
    path = catalogs._po("fr")
    with path.open("rb") as file:
        catalog = read_po(file, locale="fr")
    change(catalog)
    with path.open("wb") as file:
        write_po(file, catalog, width=catalogs.WIDTH, sort_output=True, include_lineno=False)


def test_the_catalogs_are_in_step_with_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `make test` checks holds now: nothing is stale, missing or uncompiled."""
    assert _catalogs(tmp_path, monkeypatch).problems() == []


def _untranslated(catalog: Any) -> None:
    catalog["Show the version."].string = ""


def _fuzzy(catalog: Any) -> None:
    catalog["Show the version."].flags.add("fuzzy")


def _wrong_placeholder(catalog: Any) -> None:
    catalog["wrote {path}"].string = "écrit : {chemin}"


def _wrong_template_placeholder(catalog: Any) -> None:
    message = next(item for item in catalog if item.id and "%(" in str(item.id))
    message.string = message.string.replace("%(", "%(x", 1)


def _gone(catalog: Any) -> None:
    catalog.delete("Show the version.")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_untranslated, "not translated: 'Show the version.'"),
        (_fuzzy, "fuzzy, to be checked: 'Show the version.'"),
        (_wrong_placeholder, "['chemin'] is not a placeholder of 'wrote {path}'"),
        (_gone, "no translation of 'Show the version.'"),
        (_wrong_template_placeholder, "is not a placeholder of"),
    ],
)
def test_the_check_fails_on_a_catalog_out_of_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Any, said: str
) -> None:
    """A message without French, marked fuzzy, with a placeholder its English lacks, or
    missing from the catalog, is named; and the .mo no longer matches its .po."""
    catalogs = _catalogs(tmp_path, monkeypatch)
    _edit_french(catalogs, change)
    found = catalogs.problems()
    assert any(said in problem for problem in found), found
    assert any(problem.endswith("not compiled from its .po") for problem in found), found


def test_the_check_fails_on_a_message_the_template_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message added to the code and not extracted makes the template stale."""
    catalogs = _catalogs(tmp_path, monkeypatch)
    with catalogs.TEMPLATE.open("rb") as file:
        template = read_po(file)
    template.delete("Show the version.")
    with catalogs.TEMPLATE.open("wb") as file:
        write_po(file, template)
    found = catalogs.problems()
    assert "aidledger.pot: a new message is not in the catalogs: 'Show the version.'" in found
