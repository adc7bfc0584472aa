"""aidledger's message catalogs, kept in step with the code (docs/translating.md).

    python scripts/catalogs.py update   extract the messages, merge them into every
                                        language's catalog, compile the catalogs
    python scripts/catalogs.py check    fail when a catalog is stale, incomplete, holds a
                                        placeholder its English does not, or is not compiled
    python scripts/catalogs.py add fr   start the catalog of a new language

The messages are every `_()`, `ngettext()`, `pgettext()` and `N_()` of the Python code,
the `{% trans %}` blocks and `_()` calls of the page's templates, and the help of every
command, option and argument as typer builds it.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGE = REPOSITORY / "src" / "aidledger"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "aidledger.pot"
DOMAIN = "aidledger"
WIDTH = 88
METHODS = [("**/templates/**.j2", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
# A fixed date in the template's header, so that an update changes only what changed.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TEMPLATE_FIELD = re.compile(r"%\((\w+)\)[sdif]")
FIELD = re.compile(r"(?<!\{)\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def _code_messages() -> Iterator[tuple[str, int, Any, list[str], Any]]:
    yield from extract_from_dir(
        PACKAGE,
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )


def _help_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for the help of every command and parameter, in English."""
    from aidledger import i18n
    from aidledger.cli.app import COMMAND_MODULES, app, build_command

    i18n.activate(i18n.Language())
    import typer.main

    root = typer.main.get_command(app)

    def walk(command: Any, path: str) -> Iterator[tuple[str, str]]:
        for attribute in ("help", "short_help"):
            text = getattr(command, f"_english_{attribute}", getattr(command, attribute, None))
            if text:
                yield path, text
        for param in command.params:
            text = getattr(param, "_english_help", param.help)
            if text:
                yield f"{path} {param.opts[0] if param.opts else param.name}", text
        for name, sub in getattr(command, "commands", {}).items():
            if path == "aidledger" and name in COMMAND_MODULES:
                continue
            yield from walk(sub, f"{path} {name}")

    yield from walk(root, "aidledger")
    for name in COMMAND_MODULES:
        yield from walk(build_command(name), f"aidledger {name}")


def extracted() -> Catalog:
    """Every message of the code and the command line, as the template of every language."""
    catalog = Catalog(project="aidledger", domain=DOMAIN, fuzzy=False, creation_date=EPOCH)
    for filename, lineno, message, comments, context in _code_messages():
        catalog.add(
            message,
            locations=[(f"src/aidledger/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for where, text in _help_texts():
        catalog.add(text, auto_comments=[f"Help of `{where}`."], locations=[("help", 0)])
    from aidledger.model.schema_words import FOLDER_LISTING

    for where, text in FOLDER_LISTING.items():
        # The docs' words for each kind of file, which `aidledger schema` lists.
        comment = f"What `{where}` holds, as `aidledger schema` lists it."
        catalog.add(text, auto_comments=[comment], locations=[("docs/data-format.md", 0)])
    return catalog


def _written(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=True,
        include_lineno=False,
        omit_header=False,
        ignore_obsolete=True,
    )
    return buffer.getvalue()


def _compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _identity(message: Message) -> tuple[Any, Any]:
    return (message.id, message.context)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def languages() -> list[str]:
    return sorted(path.name for path in LOCALE.iterdir() if path.is_dir())


def _po(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _fields(text: str) -> set[str]:
    """The placeholders of a message: `{name}` in Python, `%(name)s` in the templates."""
    return set(FIELD.findall(text)) | {f"%({name})" for name in TEMPLATE_FIELD.findall(text)}


def problems() -> list[str]:
    """Every way the catalogs are out of step with the code, as sentences."""
    found: list[str] = []
    template = extracted()
    wanted = {_identity(message) for message in template if message.id}
    committed = {_identity(message) for message in _read(TEMPLATE) if message.id}
    for identity in sorted(wanted - committed, key=str):
        found.append(f"{TEMPLATE.name}: a new message is not in the catalogs: {identity[0]!r}")
    for identity in sorted(committed - wanted, key=str):
        found.append(f"{TEMPLATE.name}: a message no longer in the code: {identity[0]!r}")
    for code in languages():
        path = _po(code)
        catalog = _read(path, code)
        held = {_identity(message): message for message in catalog if message.id}
        where = path.relative_to(REPOSITORY)
        for identity in sorted(wanted - held.keys(), key=str):
            found.append(f"{where}: no translation of {identity[0]!r}")
        for identity, message in sorted(held.items(), key=lambda item: str(item[0])):
            found.extend(f"{where}: {problem}" for problem in _message_problems(message))
            if identity not in wanted:
                found.append(f"{where}: a message no longer in the code: {identity[0]!r}")
        if path.with_suffix(".mo").read_bytes() != _compiled(catalog):
            found.append(f"{where.with_suffix('.mo')}: not compiled from its .po")
    return found


def _message_problems(message: Message) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.fuzzy:
        return [f"fuzzy, to be checked: {ids[0]!r}"]
    if not all(strings):
        return [f"not translated: {ids[0]!r}"]
    known = set().union(*(_fields(text) for text in ids))
    found = []
    for string in strings:
        if extra := _fields(string) - known:
            found.append(f"{sorted(extra)} is not a placeholder of {ids[0]!r}")
    if len(ids) == 1 and _fields(strings[0]) != _fields(ids[0]):
        found.append(f"the placeholders of {ids[0]!r} differ in its translation")
    return found


def update() -> None:
    """Write the template, merge it into every language's catalog, compile each."""
    template = extracted()
    TEMPLATE.write_bytes(_written(template))
    for code in languages():
        catalog = _read(_po(code), code)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _po(code).write_bytes(_written(catalog))
        _po(code).with_suffix(".mo").write_bytes(_compiled(_read(_po(code), code)))


def add(code: str) -> None:
    """Start the catalog of a new language from the template."""
    path = _po(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(
        locale=code,
        project="aidledger",
        domain=DOMAIN,
        fuzzy=False,
        creation_date=EPOCH,
        revision_date=EPOCH,
    )
    catalog.update(extracted(), no_fuzzy_matching=True)
    path.write_bytes(_written(catalog))
    path.with_suffix(".mo").write_bytes(_compiled(catalog))


def main(arguments: list[str]) -> int:
    if arguments == ["update"]:
        update()
        return 0
    if arguments == ["check"]:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print("run `make catalogs`, then translate what it lists", file=sys.stderr)
        return 1 if found else 0
    if len(arguments) == 2 and arguments[0] == "add":
        add(arguments[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
