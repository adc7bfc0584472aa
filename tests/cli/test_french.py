"""aidledger in French: every sentence of the example team's outputs is French, plurals
are right at 0, 1 and 2, and what programs read is the same in every language."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aidledger import i18n
from aidledger.cli.language import LOCALE_FOLDER, load
from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

ROOT = ["--root", str(EXAMPLE)]
TODAY = {"AIDLEDGER_TODAY": "2026-11-27"}
PEOPLE_OUTPUTS: dict[str, list[str]] = {
    "report": ["report", "--as-of", EXAMPLE_LAST_DAY],
    "report markdown": ["report", "--as-of", EXAMPLE_LAST_DAY, "--format", "markdown"],
    "report html": ["report", "--as-of", EXAMPLE_LAST_DAY, "--format", "html", "-o", "-"],
    "statement": ["statement", "maya", "--until", EXAMPLE_LAST_DAY],
    "statement html": ["statement", "maya", "--until", EXAMPLE_LAST_DAY, "--format", "html"],
    "me": ["me", "--as", "theo"],
    "balance": ["balance", "--until", EXAMPLE_LAST_DAY],
    "check": ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "text"],
    "check github": ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "github"],
    "agenda": ["agenda", "--as-of", EXAMPLE_LAST_DAY],
    "agenda table": ["agenda", "--as-of", EXAMPLE_LAST_DAY, "--format", "table"],
    "requests": ["requests"],
    "offers": ["offers"],
    "skills": ["skills"],
    "match": ["match"],
    "exchanges": ["exchanges", "--until", EXAMPLE_LAST_DAY],
    "charter": ["charter", "show"],
}
# Words that show a sentence left in English once the team's own words are taken out (none
# of them is also a French word).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "you",
        "your",
        "who",
        "which",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
        "this",
        "that",
        "of",
        "for",
        "from",
        "to",
        "not",
        "gave",
        "received",
        "help",
        "helped",
        "exchange",
        "exchanges",
        "request",
        "requests",
        "meeting",
        "warning",
        "warnings",
        "member",
        "team",
        "useful",
        "hours",
    ]
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Code in an output: commands and ids in backticks, HTML tags, style sheets and entities,
# options, addresses, warning ids (`done-for-dependency`) and ids of records.
CODE = re.compile(
    r"<style[^>]*>.*?</style>|/\*.*?\*/|`[^`]*`|<[^>]*>|&[a-z#0-9]+;|--[a-z-]+|https?://\S+"
    r"|\b[a-z0-9]+(?:[-.][a-z0-9]+)+\b"
    # Folders (`exchanges/`), and the periods one types (`--period "last month"`): words
    # of the command line.
    r"|\b[a-z]+/|\b(?:this|last) (?:week|month|quarter|year)\b",
    re.DOTALL,
)


def _team_pairs() -> frozenset[tuple[str, str]]:
    """Every pair of words in a row in a text the example team wrote (topics, notes,
    titles, names, the charter's words): data, shown as written in every language, and
    cut anywhere when a table wraps it."""
    pairs: set[tuple[str, str]] = set()

    def collect(value: object) -> None:
        if isinstance(value, str):
            words = [word.lower() for word in WORD.findall(value)]
            pairs.update(itertools.pairwise(words))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in EXAMPLE.rglob("*.toml"):
        collect(tomllib.loads(path.read_text(encoding="utf-8")))
    return frozenset(pairs)


def _english_left(output: str, team: frozenset[tuple[str, str]]) -> Iterator[str]:
    """The lines of `output` that hold two English words outside the team's own texts."""
    for line in CODE.sub(" ", output).splitlines():
        words = [word.lower() for word in WORD.findall(line)]
        english = [
            word
            for index, word in enumerate(words)
            if word in ENGLISH_WORDS
            and (index == 0 or (words[index - 1], word) not in team)
            and (index + 1 == len(words) or (word, words[index + 1]) not in team)
        ]
        if len(english) >= 2:
            yield line.strip()


@pytest.mark.parametrize("name", sorted(PEOPLE_OUTPUTS))
def test_french_outputs_hold_no_english_sentence(run: Run, name: str) -> None:
    """In French, no line of an output people read is left in English: once the team's
    own words are taken out, no line holds two common English words."""
    result = run("--lang", "fr", *ROOT, *PEOPLE_OUTPUTS[name], env=TODAY)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.strip()
    left = list(_english_left(result.stdout, _team_pairs()))
    assert not left, "\n".join(left[:20])


def test_french_help_holds_no_english_sentence(run: Run) -> None:
    """The help of every command is French."""
    from tests.docs.test_docs import command_paths

    team: frozenset[tuple[str, str]] = frozenset()
    for path in command_paths():
        result = run("--lang", "fr", *path, "--help")
        assert result.exit_code == 0, (path, result.stderr)
        left = list(_english_left(result.stdout, team))
        assert not left, (path, left[:10])


def test_french_messages_are_french(run: Run, tmp_path: Path) -> None:
    """An error and its hint, and a usage error, are said in French."""
    result = run("--lang", "fr", "--root", str(tmp_path / "nowhere"), "report")
    assert result.exit_code == 2
    assert result.stderr.startswith("erreur")
    assert not list(_english_left(result.stderr, frozenset()))
    result = run("--lang", "fr", *ROOT, "log", "45m", "x", "--mode", "teached")
    assert result.exit_code == 2
    assert not list(_english_left(result.stderr, frozenset())), result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--as-of", EXAMPLE_LAST_DAY, "--format", "json"],
        ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "json"],
        ["balance", "--until", EXAMPLE_LAST_DAY, "--format", "csv"],
        ["export", "--format", "hledger"],
    ],
)
def test_machine_outputs_are_the_same_in_every_language(run: Run, args: list[str]) -> None:
    """JSON, CSV and journals are byte for byte the same in French and in English."""
    english = run(*ROOT, *args, env=TODAY)
    french = run("--lang", "fr", *ROOT, *args, env=TODAY)
    assert english.exit_code == french.exit_code
    assert french.stdout == english.stdout


def test_the_charter_language_makes_the_team_read_french(run: Run, example_copy: Path) -> None:
    """With `language = "fr"` in the charter, the report is French on an English machine,
    and --lang en gives one person English back."""
    charter = example_copy / "charter.toml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(text.replace("[charter]\n", '[charter]\nlanguage = "fr"\n', 1), "utf-8")
    args = ["--root", str(example_copy), "report", "--as-of", EXAMPLE_LAST_DAY]
    french = run(*args, env=TODAY)
    english = run("--lang", "en", *args, env=TODAY)
    assert french.exit_code == english.exit_code == 0
    assert french.stdout == run("--lang", "fr", *args, env=TODAY).stdout
    assert french.stdout != english.stdout
    assert english.stdout == run(*ROOT, "report", "--as-of", EXAMPLE_LAST_DAY, env=TODAY).stdout


def _french_catalog() -> object:
    with (LOCALE_FOLDER / "fr" / "LC_MESSAGES" / "aidledger.po").open("rb") as file:
        return read_po(file, locale="fr")


def test_plurals_are_right_at_zero_one_and_two() -> None:
    """French says `0 échange`, `1 échange`, `2 échanges`: every plural message has its
    singular at 0 and 1 and its plural at 2."""
    catalog = _french_catalog()
    plurals = [message for message in catalog if isinstance(message.id, tuple)]  # type: ignore[attr-defined]
    assert len(plurals) >= 10
    i18n.activate(load("fr"))
    try:
        for message in plurals:
            singular, plural = message.id
            forms = message.string
            assert i18n.ngettext(singular, plural, 0) == forms[0], singular
            assert i18n.ngettext(singular, plural, 1) == forms[0], singular
            assert i18n.ngettext(singular, plural, 2) == forms[-1], singular
        count = "{count} exchange", "{count} exchanges"
        said = [i18n.ngettext(*count, number).format(count=number) for number in (0, 1, 2)]
        assert said == ["0 échange", "1 échange", "2 échanges"]
    finally:
        i18n.activate(i18n.Language())


def test_the_plural_forms_are_babel_s_french_rules() -> None:
    """The catalog's plural rule is the one Babel gives French: 0 and 1 are singular."""
    catalog = _french_catalog()
    assert catalog.num_plurals == 3  # type: ignore[attr-defined]
    assert "(n == 0 || n == 1) ? 0" in catalog.plural_expr  # type: ignore[attr-defined]


def test_the_language_option_may_follow_the_command(run: Run) -> None:
    """`aidledger balance --lang fr` is `aidledger --lang fr balance`, as --root may be given
    on either side of the command's name."""
    args = ["balance", "--until", EXAMPLE_LAST_DAY]
    before = run("--lang", "fr", *ROOT, *args, env=TODAY)
    after = run(*ROOT, *args, "--lang", "fr", env=TODAY)
    assert before.exit_code == after.exit_code == 0
    assert after.stdout == before.stdout
    assert after.stdout.startswith("Bilan")
