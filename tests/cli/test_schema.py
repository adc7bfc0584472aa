"""`aidledger schema`: the JSON Schema of each kind of file, printed or written for editors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aidledger.model.schema import SCHEMA_NAMES, schema_of
from aidledger.render.schema import render_schema
from aidledger.store.files import PRIVATE_IGNORE
from tests.conftest import Run, git


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_printed_schema_is_the_generated_one(run: Run, name: str) -> None:
    """`schema NAME` prints the schema generated from the models, the same bytes each time."""
    first = run("schema", name)
    second = run("schema", name)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == render_schema(schema_of(name))
    assert second.stdout == first.stdout
    assert json.loads(first.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_without_a_name_it_lists_the_schemas(run: Run) -> None:
    """`schema` alone lists every schema, one line each, with the files it describes."""
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(SCHEMA_NAMES)
    assert lines[0].split()[1] == "exchanges/YYYY/MM/"


def test_it_needs_no_data_folder_to_print(run: Run, tmp_path: Path) -> None:
    """Printing a schema reads no ledger: it works anywhere, for an editor's settings."""
    result = run("schema", "config", env={"AIDLEDGER_ROOT": str(tmp_path / "nowhere")})
    assert result.exit_code == 0, result.stderr


def test_an_unknown_name_is_a_sentence_with_the_nearest(run: Run) -> None:
    """A mistyped name ends in exit 2, a sentence naming the schemas, and the nearest one."""
    result = run("schema", "exchanges")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: there is no schema 'exchanges'; the schemas are exchange, request, offer,"
        " meeting, members, charter, config\n"
        "hint: did you mean 'exchange'?\n"
    )


def test_write_writes_every_schema_into_the_data_folder(run: Run, ledger: Path) -> None:
    """`schema --write` writes each schema to .aidledger/schema/ and names each file."""
    ignore_before = (ledger / ".aidledger" / ".gitignore").read_bytes()
    result = run("schema", "--write")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(
        f"wrote .aidledger/schema/{name}.schema.json\n" for name in SCHEMA_NAMES
    )
    for name in SCHEMA_NAMES:
        written = (ledger / ".aidledger" / "schema" / f"{name}.schema.json").read_text("utf-8")
        assert written == render_schema(schema_of(name))
    # The .gitignore is left as it was: it lets the schemas through, to be committed.
    assert (ledger / ".aidledger" / ".gitignore").read_bytes() == ignore_before
    status = git(ledger, "status", "--porcelain", "--untracked-files=all")
    assert ".aidledger/schema/exchange.schema.json" in status
    assert list((ledger / ".aidledger" / "tmp").iterdir()) == []


def test_write_twice_changes_nothing(run: Run, ledger: Path) -> None:
    """Written again, the schema files are the same bytes."""
    assert run("schema", "--write").exit_code == 0
    folder = ledger / ".aidledger" / "schema"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert run("schema", "--write").exit_code == 0
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_write_makes_the_private_folder_with_its_gitignore(run: Run, ledger: Path) -> None:
    """Where no command has made .aidledger/ yet, --write makes it, with the .gitignore that
    lets only the schemas (and itself) through to git."""
    private = ledger / ".aidledger"
    shutil.rmtree(private, ignore_errors=True)
    assert run("schema", "--write").exit_code == 0
    assert (private / ".gitignore").read_bytes() == PRIVATE_IGNORE
    status = git(ledger, "status", "--porcelain", "--untracked-files=all")
    listed = {line[3:] for line in status.splitlines() if ".aidledger" in line}
    assert listed == {
        ".aidledger/.gitignore",
        *(f".aidledger/schema/{name}.schema.json" for name in SCHEMA_NAMES),
    }


def test_write_with_a_name_is_refused(run: Run, ledger: Path) -> None:
    """--write writes them all; a name with it is a usage error, and nothing is written."""
    shutil.rmtree(ledger / ".aidledger" / "schema")
    result = run("schema", "exchange", "--write")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --write writes every schema; give no NAME with it")
    assert not (ledger / ".aidledger" / "schema").exists()


def test_write_outside_a_data_folder_is_refused(run: Run, git_repo: Path) -> None:
    """--write needs a data folder; without one it says so and exits 2."""
    result = run("schema", "--write")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert not (git_repo / ".aidledger").exists()
