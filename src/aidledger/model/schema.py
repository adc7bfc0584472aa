"""JSON Schema of each kind of file in a data folder, generated from the models, in the docs' words.

The structure (types, patterns, enums, bounds, required keys, `additionalProperties`) is what
pydantic's `model_json_schema` makes of the models, never written by hand. The words (each
field's title, description and example) come from the field tables of docs/data-format.md
and docs/charter.md: `words_from_docs` reads them, and `aidledger.model.schema_words` holds
what it read, so that an installed aidledger, which has no docs, says the same (a test holds
the two to each other).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from aidledger.model.charter import Charter
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request, Settings

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Field words: model name -> field name -> the JSON Schema keywords that annotate it
# (`title`, `description`, `examples`).
Words = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class FileKind:
    """One kind of file: the model of its whole content, and where the docs list it."""

    name: str
    model: type[BaseModel]
    # The entry of the folder listing at the top of docs/data-format.md.
    listed_as: str


def _records_file(key: str, model: type[BaseModel], *, required: bool) -> type[BaseModel]:
    """The model of a file that holds `[[key]]` tables: at least one, unless not required
    (members.toml may hold none)."""
    records: Any = tuple[model, ...]  # type: ignore[valid-type]
    field: Any = (Annotated[records, Field(min_length=1)], ...) if required else (records, ())
    built: type[BaseModel] = create_model(
        f"{model.__name__}File",
        __config__=ConfigDict(frozen=True, extra="forbid"),
        __doc__=f"A file of `[[{key}]]` tables.",
        **{key: field},
    )
    return built


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("exchange", _records_file("exchange", Exchange, required=True), "exchanges/YYYY/MM/"),
    FileKind("request", _records_file("request", Request, required=True), "requests/"),
    FileKind("offer", _records_file("offer", Offer, required=True), "offers/"),
    FileKind("meeting", _records_file("meeting", Meeting, required=True), "meetings/"),
    FileKind("members", _records_file("member", Member, required=False), "members.toml"),
    FileKind("charter", Charter, "charter.toml"),
    FileKind("config", Settings, "aidledger.toml"),
)
SCHEMA_NAMES: tuple[str, ...] = tuple(kind.name for kind in FILE_KINDS)


def file_kind(name: str) -> FileKind:
    """The kind of file called `name` (one of SCHEMA_NAMES)."""
    return next(kind for kind in FILE_KINDS if kind.name == name)


class _FileSchema(GenerateJsonSchema):
    """pydantic's generator, with the dialect named, and an optional key described as the
    value it takes when written: TOML has no null, so an editor neither offers to write one
    nor answers a bad value with "not valid under any of the given schemas"."""

    def generate(self, schema: core_schema.CoreSchema, mode: Any = "validation") -> JsonSchemaValue:
        generated = super().generate(schema, mode=mode)
        return {"$schema": DIALECT, **generated}

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        generated = super().default_schema(schema)
        if generated.get("default", ...) is None:
            del generated["default"]
        return generated


def file_schema(name: str, words: Words, listing: Mapping[str, str]) -> dict[str, Any]:
    """The JSON Schema of the files of kind `name`, annotated with `words`; its description
    is the line `listing` gives for the kind."""
    kind = file_kind(name)
    schema = kind.model.model_json_schema(schema_generator=_FileSchema)
    schema["title"] = f"aidledger {name} file ({kind.listed_as})"
    listed = listing.get(kind.listed_as)
    if listed is not None:
        schema["description"] = listed
    if kind.model.__name__.endswith("File"):
        # A file of records: its one key holds them (`[[exchange]]`).
        for key, records in schema["properties"].items():
            records.update(title=f"[[{key}]]", **({"description": listed} if listed else {}))
    for model_name, model_schema in _model_schemas(schema, kind.model.__name__):
        for field, keywords in words.get(model_name, {}).items():
            if field in model_schema.get("properties", {}):
                model_schema["properties"][field].update(keywords)
    return schema


def _model_schemas(schema: dict[str, Any], root_name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each model's schema in `schema`, by model name: the root's and those in `$defs`
    (which pydantic names after their classes)."""
    yield root_name, schema
    yield from schema.get("$defs", {}).items()


# --- reading the words from the docs ---------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a model's fields are described: the table `table` (0 for the first) under the
    heading `heading` of `page`, its keys starting with `prefix`; and where an example
    record is: the TOML block `block` under `example_heading`, at `example_path` in it."""

    page: str
    heading: str
    table: int
    prefix: str
    example_heading: str
    block: int
    example_path: tuple[str | int, ...]


DATA_FORMAT = "data-format.md"
CHARTER = "charter.md"
_CHARTER_TOP = "The charter"
SOURCES: Mapping[str, Source] = {
    "Settings": Source(DATA_FORMAT, "`aidledger.toml`", 0, "", "`aidledger.toml`", 0, ()),
    "Member": Source(DATA_FORMAT, "`members.toml`", 0, "", "`members.toml`", 0, ("member", 0)),
    "Exchange": Source(DATA_FORMAT, "Exchanges", 0, "", "Exchanges", 0, ("exchange", 0)),
    "Confirmation": Source(
        DATA_FORMAT,
        "Exchanges",
        0,
        "confirmation.",
        "Exchanges",
        0,
        ("exchange", 0, "confirmation"),
    ),
    "Request": Source(DATA_FORMAT, "Requests", 0, "", "Requests", 0, ("request", 0)),
    "Offer": Source(
        DATA_FORMAT, "Offers and meetings", 0, "", "Offers and meetings", 0, ("offer", 0)
    ),
    "Meeting": Source(
        DATA_FORMAT, "Offers and meetings", 1, "", "Offers and meetings", 1, ("meeting", 0)
    ),
    "CharterText": Source(CHARTER, "`[charter]`: the text", 0, "", _CHARTER_TOP, 0, ("charter",)),
    "Rules": Source(
        CHARTER, "`[rules]`: settings for reports and `check`", 0, "", _CHARTER_TOP, 0, ("rules",)
    ),
    "WarningRule": Source(
        CHARTER,
        "`[warnings.<id>]`: when each warning speaks",
        0,
        "",
        _CHARTER_TOP,
        0,
        ("warnings", "concentration"),
    ),
    "Change": Source(
        CHARTER,
        "Rules that start on a day: `[[change]]`",
        0,
        "",
        "Rules that start on a day: `[[change]]`",
        0,
        ("change", 0),
    ),
}
# Models whose fields are the tables of a page, each described by the heading that names it
# (`## \`[rules]\`: settings for reports and \`check\``), with examples from a block.
SECTION_SOURCES: Mapping[str, tuple[str, str, int, tuple[str | int, ...]]] = {
    "Charter": (CHARTER, _CHARTER_TOP, 0, ()),
}
# Models with no field table in the docs yet, only an example.
EXAMPLE_SOURCES: Mapping[str, tuple[str, str, int, tuple[str | int, ...]]] = {
    "Signature": (CHARTER, _CHARTER_TOP, 0, ("signature", 0)),
}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_FENCE = re.compile(r"^\s*```(\w*)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_BACKTICKED = re.compile(r"`([^`]+)`")
_SECTION_KEY = re.compile(r"`\[\[?([a-z_]+)[^`]*\]\]?`")


@dataclass
class _Section:
    heading: str
    tables: list[list[list[str]]]
    toml_blocks: list[str]


def _sections(markdown: str) -> list[_Section]:
    """The page cut at its headings: each part's tables (header row first; a row after a
    blank line still belongs to the table above) and TOML code blocks."""
    sections = [_Section("", [], [])]
    fence: list[str] | None = None
    fence_language = ""
    for line in markdown.splitlines():
        opened = _FENCE.match(line)
        if fence is not None:
            if opened is not None and not opened.group(1):
                if fence_language == "toml":
                    sections[-1].toml_blocks.append("\n".join(fence))
                fence = None
            else:
                fence.append(line)
        elif opened is not None:
            fence, fence_language = [], opened.group(1)
        elif heading := _HEADING.match(line):
            sections.append(_Section(heading.group(2), [], []))
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue
            current = sections[-1]
            if not cells[0].startswith("`") or not current.tables:
                current.tables.append([cells])
            else:
                current.tables[-1].append(cells)
    return sections


def _plain(cell: str) -> str:
    """A table cell as an editor shows it: links become their text."""
    return _LINK.sub(r"\1", cell).strip()


def _row_words(header: list[str], row: list[str]) -> str:
    """A field's description: its meaning, then what the other columns say (type or default
    and allowed values)."""
    meaning = _plain(row[-1])
    details = []
    for column, cell in zip(header[1:-1], row[1:-1], strict=False):
        details.append(f"default {_plain(cell)}" if column == "default" else _plain(cell))
    return f"{meaning} ({'; '.join(details)})" if details else meaning


def _keys(cell: str, prefix: str) -> list[str]:
    """The field names a key cell gives (`` `a`, `b` ``, `` `[change.rules]` ``), those under
    `prefix` only (`` `confirmation.by` `` is `by` under `confirmation.`)."""
    keys = []
    for written in _BACKTICKED.findall(cell):
        key = written.strip("[]").replace(".<id>", "")
        if written.startswith("["):
            # A table inside the record's own (`[change.rules]` in a change): its last name.
            key = key.partition(".")[2]
        if key.startswith(prefix) and "." not in key[len(prefix) :]:
            keys.append(key[len(prefix) :])
    return keys


def _example(value: Any) -> Any:
    """A value from a TOML block as an editor's TOML server shows it: dates as ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_example(item) for item in value]
    return value


def _examples_at(
    sections: list[_Section],
    heading: str,
    block: int,
    path: tuple[str | int, ...],
    load_toml: Callable[[str], dict[str, Any]],
) -> Mapping[str, Any]:
    found: Any = load_toml(_find(sections, heading).toml_blocks[block])
    for step in path:
        found = found[step]
    return {
        key: {"examples": [_example(value)]}
        for key, value in found.items()
        if not isinstance(value, dict)
        and not (isinstance(value, list) and value and isinstance(value[0], dict))
    }


def _find(sections: list[_Section], heading: str) -> _Section:
    for candidate in sections:
        if candidate.heading == heading:
            return candidate
    raise LookupError(f"the docs have no heading {heading!r}")


def _merged(*parts: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for part in parts:
        for field, keywords in part.items():
            merged.setdefault(field, {}).update(keywords)
    return merged


def words_from_docs(
    pages: Mapping[str, str], load_toml: Callable[[str], dict[str, Any]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Each model's field words, read from the docs `pages` (file name -> Markdown): the
    tables give titles and descriptions, the TOML blocks examples."""
    parsed = {page: _sections(text) for page, text in pages.items()}
    words: dict[str, dict[str, dict[str, Any]]] = {}
    for model, source in SOURCES.items():
        sections = parsed[source.page]
        header, *rows = _find(sections, source.heading).tables[source.table]
        described = {
            key: {"title": key, "description": _row_words(header, row)}
            for row in rows
            for key in _keys(row[0], source.prefix)
        }
        examples = _examples_at(
            sections, source.example_heading, source.block, source.example_path, load_toml
        )
        words[model] = _merged(
            described, {key: examples[key] for key in described if key in examples}
        )
    for model, (page, heading, block, path) in SECTION_SOURCES.items():
        described = {}
        for section in parsed[page]:
            named = _SECTION_KEY.search(section.heading)
            if named is not None:
                rest = _SECTION_KEY.sub("", section.heading).strip(" :")
                described[named.group(1)] = {"title": named.group(1), "description": rest}
        examples = _examples_at(parsed[page], heading, block, path, load_toml)
        words[model] = _merged(
            described, {key: examples[key] for key in described if key in examples}
        )
    for model, (page, heading, block, path) in EXAMPLE_SOURCES.items():
        words[model] = _merged(_examples_at(parsed[page], heading, block, path, load_toml))
    return words


def listing_from_docs(data_format: str) -> dict[str, str]:
    """The folder listing at the top of docs/data-format.md: each entry's one line."""
    lines = data_format.split("```", 2)[1].splitlines()
    listing = {}
    for line in lines:
        entry, _, words = line.partition(" ")
        if entry and words.strip():
            listing[entry] = " ".join(words.split())
    return listing


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema of the files of kind `name`, in the words the docs give."""
    from aidledger.model.schema_words import FIELD_WORDS, FOLDER_LISTING

    return file_schema(name, FIELD_WORDS, FOLDER_LISTING)


def kind_summary(name: str) -> tuple[str, str]:
    """Where the files of kind `name` are, and what they hold, as the docs list them."""
    from aidledger.model.schema_words import FOLDER_LISTING

    listed_as = file_kind(name).listed_as
    return listed_as, FOLDER_LISTING[listed_as]
