"""Which language a command speaks: --lang, then $AIDLEDGER_LANG, then the charter's
`language`, then the locale; English when none names a language aidledger speaks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from aidledger import i18n
from aidledger.cli.language import chosen_language, language_code
from aidledger.errors import UsageError
from aidledger.model.charter import LanguageCode


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose charter says nothing of a language, as the current folder."""
    team = tmp_path / "team"
    team.mkdir()
    (team / "aidledger.toml").write_text('format_version = 1\nteam = "T"\n')
    (team / "charter.toml").write_text('[charter]\ntitle = "Ours"\n')
    monkeypatch.chdir(team)
    return team


def _charter_says(folder: Path, language: str) -> None:
    (folder / "charter.toml").write_text(f'[charter]\ntitle = "Ours"\nlanguage = "{language}"\n')


@pytest.mark.parametrize(
    ("text", "code"),
    [("fr", "fr"), ("fr_FR.UTF-8", "fr"), ("fr-CA", "fr"), ("fr_FR@euro", "fr"), ("EN", "en")],
)
def test_a_locale_name_gives_its_language(text: str, code: str) -> None:
    """`fr_FR.UTF-8`, `fr-CA` and `fr` all name French."""
    assert language_code(text) == code


def test_english_when_nothing_names_a_language(folder: Path) -> None:
    """The fallback is English (the test environment's LANG is C.UTF-8)."""
    assert chosen_language(["report"]) == "en"


def test_the_locale_names_the_language(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LANG=fr_FR.UTF-8 speaks French; LC_ALL wins over LANG, LC_MESSAGES over LANG."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert chosen_language(["report"]) == "fr"
    monkeypatch.setenv("LC_MESSAGES", "en_GB.UTF-8")
    assert chosen_language(["report"]) == "en"
    monkeypatch.setenv("LC_ALL", "fr_BE.UTF-8")
    assert chosen_language(["report"]) == "fr"


def test_a_locale_aidledger_does_not_speak_falls_back_to_english(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LANG=de_DE.UTF-8 is no error: aidledger speaks English."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert chosen_language(["report"]) == "en"


def test_the_charter_wins_over_the_locale(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team that writes `language = "fr"` reads French on an English computer."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _charter_says(folder, "fr")
    assert chosen_language(["report"]) == "fr"


def test_the_charter_is_found_through_root(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--root PATH` names the data folder whose charter is read."""
    _charter_says(folder, "fr")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert chosen_language(["report"]) == "en"
    assert chosen_language(["--root", str(folder), "report"]) == "fr"


def test_a_broken_charter_leaves_the_choice_to_the_locale(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A charter that is not TOML, or names no language aidledger speaks, is the command's to
    report: the language comes from the locale."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    (folder / "charter.toml").write_text("[charter\n")
    assert chosen_language(["report"]) == "fr"
    _charter_says(folder, "de")
    assert chosen_language(["report"]) == "fr"


def test_the_variable_wins_over_the_charter(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$AIDLEDGER_LANG is one person's choice, over the team's."""
    _charter_says(folder, "fr")
    monkeypatch.setenv("AIDLEDGER_LANG", "en")
    assert chosen_language(["report"]) == "en"


def test_the_option_wins_over_everything(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang, in either spelling, wins over the variable, the charter and the locale."""
    _charter_says(folder, "en")
    monkeypatch.setenv("AIDLEDGER_LANG", "en")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert chosen_language(["--lang", "fr", "report"]) == "fr"
    assert chosen_language(["--lang=fr", "report"]) == "fr"


def test_machine_formats_are_english_in_every_language(folder: Path) -> None:
    """JSON, CSV and the journals are the same in every language."""
    _charter_says(folder, "fr")
    for output in ("json", "jsonl", "csv", "beancount", "hledger", "gitlab"):
        assert chosen_language(["--lang", "fr", "report", "--format", output]) == "en"
    assert chosen_language(["report", "--format", "markdown"]) == "fr"


@pytest.mark.parametrize("named_by", ["option", "variable"])
def test_a_language_aidledger_does_not_speak_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch, named_by: str
) -> None:
    """Asked for by name (--lang or $AIDLEDGER_LANG), an unknown language is an error that
    lists those aidledger speaks."""
    args = ["report"]
    if named_by == "option":
        args = ["--lang", "de", *args]
    else:
        monkeypatch.setenv("AIDLEDGER_LANG", "de")
    with pytest.raises(UsageError, match=r"does not speak 'de'; it speaks en, fr"):
        chosen_language(args)


def test_the_charter_model_knows_the_languages_aidledger_speaks() -> None:
    """The charter's `language` accepts exactly the languages there are catalogs for."""
    assert set(get_args(LanguageCode)) == set(i18n.LANGUAGES)
    locale = Path(i18n.__file__).parent / "locale"
    assert {path.name for path in locale.iterdir() if path.is_dir()} | {"en"} == set(i18n.LANGUAGES)


def test_english_formats_are_those_aidledger_always_printed() -> None:
    """In English the formatters print what the code printed before there were languages."""
    i18n.activate(i18n.Language())
    assert i18n.format_minutes(90) == "1h30"
    assert i18n.format_minutes(45) == "45m"
    assert i18n.format_minutes(-195) == "-3h15"
    assert i18n.format_percent(0.435, 1) == "43.5%"
    assert i18n.format_number(2.25, 1) == "2.2"
    assert i18n.format_day(date(2026, 12, 1)) == "2026-12-01"
    assert i18n.format_month(date(2026, 11, 3)) == "2026-11"
    assert i18n.format_list(["a", "b", "c"]) == "a, b and c"


def test_french_formats_follow_the_french_locale() -> None:
    """`1 h 30`, `43,5 %`, `1 décembre 2026`: Babel's French, with non-breaking spaces."""
    from aidledger.cli.language import load

    i18n.activate(load("fr"))
    try:
        nbsp = "\u00a0"
        assert i18n.format_minutes(90) == f"1{nbsp}h{nbsp}30"
        assert i18n.format_minutes(45) == f"45{nbsp}min"
        assert i18n.format_minutes(120) == f"2{nbsp}h"
        assert i18n.format_percent(0.435, 1) == f"43,5{nbsp}%"
        assert i18n.format_number(1234.5, 1) == "1\u202f234,5"  # CLDR groups with a narrow one
        assert i18n.format_day(date(2026, 12, 1)) == "1er décembre 2026"
        assert i18n.format_day(date(2026, 12, 2)) == "2 décembre 2026"
        assert i18n.format_short_day(date(2026, 12, 1)) == "1 déc. 2026"
        assert i18n.format_month(date(2026, 11, 3)) == "novembre 2026"
    finally:
        i18n.activate(i18n.Language())


def test_the_option_is_taken_out_wherever_it_stands() -> None:
    """`--lang` is read before the command runs, so it may come after the command's name:
    it is taken out of the command line, in either spelling, but not after `--`."""
    from aidledger.cli.language import without_language

    assert without_language(["report", "--lang", "fr", "--as-of", "2026-10-30"]) == [
        "report",
        "--as-of",
        "2026-10-30",
    ]
    assert without_language(["--lang=fr", "report"]) == ["report"]
    assert without_language(["log", "--", "30m", "--lang"]) == ["log", "--", "30m", "--lang"]


def test_a_command_leaves_its_process_in_english(tmp_path: Path) -> None:
    """After a French command run in-process (a test, a caller of `main`), what is rendered
    next is English again, typer's own words included."""
    from typer.testing import CliRunner

    from aidledger.cli.app import app

    result = CliRunner().invoke(app, ["--lang", "fr", "log", "--help"])
    assert result.stdout.startswith("Utilisation")
    assert i18n.active().english
    assert i18n.format_minutes(90) == "1h30"
    assert CliRunner().invoke(app, ["log", "--help"]).stdout.startswith("Usage:")


def test_the_last_format_given_decides_as_the_command_does(folder: Path) -> None:
    """`--format text --format json` is JSON to the command: English, as every JSON is."""
    assert chosen_language(["--lang", "fr", "check", "--format", "text", "--format", "json"]) == (
        "en"
    )
    assert chosen_language(["--lang", "fr", "check", "--format", "json", "--format", "text"]) == (
        "fr"
    )


def test_a_language_option_without_a_language_is_refused(folder: Path) -> None:
    """`aidledger balance --lang` names no language: a usage error, not English in silence."""
    with pytest.raises(UsageError, match="--lang: give a language: en, fr"):
        chosen_language(["balance", "--lang"])
