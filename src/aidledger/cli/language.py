"""Which language a command speaks, chosen once before it runs: `--lang`, then
`$AIDLEDGER_LANG`, then the charter's `language`, then the locale (`LC_ALL`, `LC_MESSAGES`,
`LANG`); English when none names a language aidledger speaks."""

from __future__ import annotations

import gettext
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aidledger import i18n
from aidledger.errors import UsageError
from aidledger.i18n import N_, _

LANGUAGE_VARIABLE = "AIDLEDGER_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# Outputs read by programs: every word in them is the same in every language.
MACHINE_FORMATS = frozenset({"json", "jsonl", "csv", "beancount", "hledger", "gitlab"})
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"
# The words click and typer print in a command's help, which aidledger's catalog holds.
# Their error messages are not among them: aidledger rewrites those in its own words.
FRAMEWORK_WORDS = (
    N_("Usage:"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("Show this message and exit."),
)


def language_code(text: str) -> str:
    """`fr` from `fr`, `fr_FR.UTF-8`, `fr-CA` or `fr_FR@euro`; lower case."""
    name = text.partition(".")[0].partition("@")[0]
    return name.replace("-", "_").partition("_")[0].strip().lower()


def _spoken(code: str, named_by: str) -> str:
    """`code` if aidledger speaks it; a sentence naming those it speaks if not."""
    if code in i18n.LANGUAGES:
        return code
    raise UsageError(
        _("{named_by}: aidledger does not speak {code}; it speaks {languages}").format(
            named_by=named_by, code=repr(code), languages=", ".join(i18n.LANGUAGES)
        ),
        hint=_("add a language as docs/translating.md says"),
    )


def _option_value(args: Sequence[str], name: str) -> str | None:
    """The value of an option (`--lang fr`, `--lang=fr`) before the command reads it: the
    last one given, as the command would take it; "" when it ends the command line."""
    value = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name:
            value = args[index + 1] if index + 1 < len(args) else ""
        elif arg.startswith(name + "="):
            value = arg.removeprefix(name + "=")
    return value


def without_language(args: Sequence[str]) -> list[str]:
    """The command line without `--lang X` (or `--lang=X`), which is read before the command
    runs: so that it may come after the command's name too, as `--root` may."""
    kept: list[str] = []
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--":
            return kept + list(args[index:])
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            kept.append(arg)
    return kept


def _charter_language(args: Sequence[str]) -> str | None:
    """The `language` of the data folder's charter when it names one aidledger speaks: any
    problem with the folder or the file is the command's to say, not this one's."""
    from aidledger.errors import AidledgerError
    from aidledger.store.root import declared_language, find_root

    root_text = _option_value(args, "--root")
    try:
        root = find_root(Path.cwd(), Path(root_text) if root_text else None)
    except AidledgerError:
        return None
    value = declared_language(root)
    return value if value is not None and language_code(value) in i18n.LANGUAGES else None


def chosen_language(args: Sequence[str]) -> str:
    """The code of the language a command line asks for, by the order of precedence; the
    machine-read formats (JSON, CSV, journals) are the same in every language: English."""
    if _option_value(args, "--format") in MACHINE_FORMATS:
        return i18n.ENGLISH
    if (option := _option_value(args, "--lang")) is not None:
        if not option.strip():
            raise UsageError(
                _("--lang: give a language: {languages}").format(
                    languages=", ".join(i18n.LANGUAGES)
                )
            )
        return _spoken(language_code(option), "--lang")
    if value := os.environ.get(LANGUAGE_VARIABLE, "").strip():
        return _spoken(language_code(value), f"${LANGUAGE_VARIABLE}")
    if (charter := _charter_language(args)) is not None:
        return language_code(charter)
    for variable in LOCALE_VARIABLES:
        if value := os.environ.get(variable, "").strip():
            code = language_code(value)
            return code if code in i18n.LANGUAGES else i18n.ENGLISH
    return i18n.ENGLISH


def load(code: str) -> i18n.Language:
    """The language `code` with its compiled catalog (English needs none)."""
    if code == i18n.ENGLISH:
        return i18n.Language()
    catalog = gettext.translation(i18n.DOMAIN, LOCALE_FOLDER, languages=[code], fallback=True)
    return i18n.Language(code, catalog)


def activate_for(args: Sequence[str]) -> None:
    """Speak the language the command line asks for; English, and the error said, when it
    names one aidledger does not speak."""
    i18n.activate(i18n.Language())
    code = chosen_language(args)
    i18n.activate(load(code))
    _framework_speaks(code)


def speak_english() -> None:
    """Back to English once a command ends, for a process that goes on (a test, a caller
    of `main`): what it renders next is not said in the last command's language."""
    i18n.activate(i18n.Language())
    _framework_speaks(i18n.ENGLISH)


def _formatter_speaks() -> None:
    """typer's help formatter (its own copy of click's) writes `Usage:` and the help
    option's `Show this message and exit.` without gettext: one that says them through
    aidledger's catalog, in every language (English's is empty)."""
    try:
        from typer._click import core, formatting
    except ImportError:  # another typer keeps click elsewhere: its words stay English
        return
    if core.Context.formatter_class is not formatting.HelpFormatter:
        return

    class Formatter(formatting.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            # Translators: a section of a command's help, "Options:" ("Options :" in French).
            self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")

        def write_dl(self, rows: Sequence[tuple[str, str]], *more: Any, **options: Any) -> None:
            translated = [(term, _(text) if text else text) for term, text in rows]
            super().write_dl(translated, *more, **options)

    core.Context.formatter_class = Formatter


# The framework's modules whose `_` aidledger replaced, with the one they had.
_PATCHED: dict[str, Any] = {}


def _framework_speaks(code: str) -> None:
    """click and typer say their help's words (`Usage:`, `Options`) through `gettext` as
    each of their modules imported it: in a language other than English, through
    aidledger's catalog, whose framework words are FRAMEWORK_WORDS and nothing else.
    English, before any other language was spoken, leaves them as they are."""
    import sys

    if code == i18n.ENGLISH and not _PATCHED:
        return
    _formatter_speaks()
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in ("typer", "click"):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            _PATCHED[name] = module._
        if name in _PATCHED:
            module._ = _PATCHED[name] if code == i18n.ENGLISH else _  # type: ignore[attr-defined]
