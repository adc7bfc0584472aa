"""`aidledger schema`: the JSON Schema of each kind of file, for editors to check and complete."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aidledger.cli.common import RootOption, emit, resolve_root
from aidledger.errors import UsageError
from aidledger.model.words import CHOICE_LIKENESS, did_you_mean

SCHEMA_FOLDER = "schema"


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
            help="Write every schema to .aidledger/schema/NAME.schema.json in the data folder.",
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
            f"there is no schema {name!r}; the schemas are {', '.join(SCHEMA_NAMES)}",
            hint=did_you_mean(name, SCHEMA_NAMES, CHOICE_LIKENESS)
            or "run `aidledger schema` to list them",
        )
    if write:
        if name is not None:
            raise UsageError(
                f"--write writes every schema; give no NAME with it (not {name!r})",
                hint="`aidledger schema NAME` prints one schema",
            )
        _write_all(ctx, root)
    elif name is None:
        emit(render_schema_list((kind, *kind_summary(kind)) for kind in SCHEMA_NAMES))
    else:
        emit(render_schema(schema_of(name)))


def _write_all(ctx: typer.Context, root: Path | None) -> None:
    """Write every schema to `.aidledger/schema/` (git ignores that folder for now)."""
    from aidledger.model.schema import SCHEMA_NAMES, schema_of
    from aidledger.render.schema import render_schema
    from aidledger.render.text import printable
    from aidledger.store.files import atomic_write, private_folder
    from aidledger.store.load import display_path

    folder = resolve_root(ctx, root)
    target = private_folder(folder) / SCHEMA_FOLDER
    lines = []
    for kind in SCHEMA_NAMES:
        path = target / f"{kind}.schema.json"
        atomic_write(path, render_schema(schema_of(kind)), root=folder)
        lines.append(f"wrote {printable(display_path(path))}\n")
    emit("".join(lines))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
