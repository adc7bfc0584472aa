"""`aidledger schema`: the JSON Schema of each kind of file, for editors to check and complete."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aidledger.cli.common import RootOption, emit, resolve_root
from aidledger.errors import UsageError
from aidledger.i18n import _
from aidledger.model.words import CHOICE_LIKENESS, did_you_mean


def schema(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="exchange, request, offer, meeting, members, charter or config;"
            " without it, the list of schemas.",
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Write every schema to .aidledger/schema/NAME.schema.json in the data folder,"
            " to be committed: the files aidledger writes point their editors there.",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a kind of file, for editors: generated from
    the models, with the descriptions and examples of docs/data-format.md.

    Without NAME, list the schemas, one line each. With --write, write them all into the
    data folder and say which files were written.
    """
    from aidledger.model.schema import SCHEMA_NAMES, kind_summary, schema_of
    from aidledger.render.schema import render_schema, render_schema_list

    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(
            _("there is no schema {name}; the schemas are {names}").format(
                name=repr(name), names=", ".join(SCHEMA_NAMES)
            ),
            hint=did_you_mean(name, SCHEMA_NAMES, CHOICE_LIKENESS)
            or _("run `aidledger schema` to list them"),
        )
    if write:
        if name is not None:
            raise UsageError(
                _("--write writes every schema; give no NAME with it (not {name})").format(
                    name=repr(name)
                ),
                hint=_("`aidledger schema NAME` prints one schema"),
            )
        _write_all(ctx, root)
    elif name is None:
        # The listing's words are the docs' (model/schema_words.py); the catalog holds them.
        summaries = {kind: kind_summary(kind) for kind in SCHEMA_NAMES}
        emit(
            render_schema_list((kind, where, _(what)) for kind, (where, what) in summaries.items())
        )
    else:
        emit(render_schema(schema_of(name)))


def _write_all(ctx: typer.Context, root: Path | None) -> None:
    """Write every schema to `.aidledger/schema/`, committed for the editors of everyone
    on the team."""
    from aidledger.render.schema import schema_texts
    from aidledger.render.text import printable
    from aidledger.store.load import display_path
    from aidledger.store.schema_files import write_schemas

    folder = resolve_root(ctx, root)
    written = write_schemas(folder, schema_texts())
    emit(
        "".join(
            _("wrote {path}").format(path=printable(display_path(path))) + "\n" for path in written
        )
    )


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
