"""The schemas in the data folder and the directive at the top of every file aidledger
writes, which points the file's editor (Taplo, the YAML language server) to its schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from aidledger.model.schema import SCHEMA_NAMES
from aidledger.render.schema import schema_texts
from tests.conftest import EXAMPLE, Run, git

TOML_DIRECTIVE = "#:schema "
YAML_DIRECTIVE = "# yaml-language-server: $schema="


def _directive_target(path: Path) -> Path:
    """The schema file a file's first line points to, resolved from the file's folder."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    for prefix in (TOML_DIRECTIVE, YAML_DIRECTIVE):
        if first.startswith(prefix):
            return (path.parent / first.removeprefix(prefix)).resolve()
    raise AssertionError(f"{path}: no schema directive on its first line: {first!r}")


def _validates(path: Path) -> None:
    """The file is valid against the schema its directive names (jsonschema, draft 2020-12)."""
    schema = json.loads(_directive_target(path).read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    document = yaml.safe_load(text) if path.suffix == ".yaml" else tomllib.loads(text)
    # TOML dates are dates; the schema says strings of format date, as editors see them.
    plain = json.loads(json.dumps(document, default=str))
    jsonschema.Draft202012Validator(schema).validate(plain)


def test_init_writes_the_schemas_and_points_each_file_to_its_own(ledger: Path, run: Run) -> None:
    """init writes every schema into .aidledger/schema/, and the settings, the charter and
    the members file start with the directive to theirs."""
    folder = ledger / ".aidledger" / "schema"
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{name}.schema.json" for name in SCHEMA_NAMES
    )
    for name in SCHEMA_NAMES:
        assert (folder / f"{name}.schema.json").read_text(encoding="utf-8") == run(
            "schema", name
        ).stdout
    for file, schema in (
        ("aidledger.toml", "config"),
        ("charter.toml", "charter"),
        ("members.toml", "members"),
    ):
        first = (ledger / file).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"#:schema .aidledger/schema/{schema}.schema.json"
        _validates(ledger / file)


def test_the_schemas_are_committed_and_the_cache_is_not(ledger: Path, run: Run) -> None:
    """git sees the schemas and the .gitignore that keeps the rest of .aidledger/ out."""
    private = ledger / ".aidledger"
    for name in ("records.pickle", "lock", "tmp/.members.toml.k2x8q1zv.tmp"):
        (private / name).parent.mkdir(exist_ok=True)
        (private / name).write_bytes(b"aidledger's own")
    status = git(ledger, "status", "--porcelain", "--untracked-files=all")
    listed = {line[3:] for line in status.splitlines()}
    assert {f".aidledger/schema/{name}.schema.json" for name in SCHEMA_NAMES} <= listed
    assert ".aidledger/.gitignore" in listed
    assert not {name for name in listed if name.startswith(".aidledger/")} - {
        ".aidledger/.gitignore",
        *(f".aidledger/schema/{name}.schema.json" for name in SCHEMA_NAMES),
    }


@pytest.mark.parametrize("storage", ["toml", "yaml"])
def test_every_new_record_file_points_to_its_schema(git_repo: Path, run: Run, storage: str) -> None:
    """An exchange, a request, an offer and a meeting written by the commands start with
    the directive, with a path relative to the file, and validate against that schema."""
    assert run("init", "--team", "Testers", "--storage", storage).exit_code == 0
    assert run("member", "add", "alice", "--email", "alice@example.org").exit_code == 0
    assert run("member", "add", "bob").exit_code == 0
    assert run("thanks", "bob", "30m", "Review of the parser").exit_code == 0
    assert run("ask", "Need a hand with the release").exit_code == 0
    assert run("offer", "add", "1h for Python reviews", "--skill", "python").exit_code == 0
    assert run("meeting", "record").exit_code == 0
    files = [
        path
        for folder in ("exchanges", "requests", "offers", "meetings")
        for path in (git_repo / folder).rglob(f"*.{storage}")
    ]
    assert len(files) == 4
    directive = YAML_DIRECTIVE if storage == "yaml" else TOML_DIRECTIVE
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith(directive + "../")
        kind = path.relative_to(git_repo).parts[0].removesuffix("s")
        assert _directive_target(path) == (
            git_repo / ".aidledger" / "schema" / f"{kind}.schema.json"
        )
        _validates(path)
    assert run("fmt", "--check").exit_code == 0


def test_an_edit_keeps_the_directive_and_the_writer_s_form(ledger: Path, run: Run) -> None:
    """confirm changes the record's lines; the directive stays the first line, and
    `fmt --check` still passes."""
    assert run("log", "45m", "Pairing on the parser", "--helped", "bob").exit_code == 0
    (path,) = (ledger / "exchanges").rglob("*.toml")
    exchange_id = path.stem
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert run("confirm", exchange_id, "--as", "bob", "--useful", "4").exit_code == 0
    assert path.read_text(encoding="utf-8").split("\n", 1)[0] == first
    assert run("fmt", "--check").exit_code == 0


def test_fmt_asks_for_no_directive_and_gives_one_to_what_it_rewrites(
    ledger: Path, run: Run
) -> None:
    """A file written by hand without the directive passes `fmt --check`; a file `fmt`
    rewrites gets it; the directive is no comment `fmt` would keep a file for."""
    assert run("log", "45m", "Pairing on the parser", "--helped", "bob").exit_code == 0
    (path,) = (ledger / "exchanges").rglob("*.toml")
    first, body = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(body, encoding="utf-8")
    assert run("fmt", "--check").exit_code == 0
    path.write_text(body.replace("minutes = 45", "minutes    =   45"), encoding="utf-8")
    assert run("fmt", "--check").exit_code != 0
    assert run("fmt").exit_code == 0
    assert path.read_text(encoding="utf-8") == f"{first}\n{body}"
    path.write_text(f"{first}\n" + body.replace("minutes = 45", "minutes  = 45"), "utf-8")
    assert run("fmt").exit_code == 0
    assert path.read_text(encoding="utf-8") == f"{first}\n{body}"


def test_a_folder_without_schemas_gets_no_directive(ledger: Path, run: Run) -> None:
    """A data folder made before aidledger wrote schemas gets no directive that would point
    nowhere; `schema --write` brings them, and the next file points to its own."""
    shutil.rmtree(ledger / ".aidledger" / "schema")
    assert run("thanks", "bob", "30m", "Review of the parser").exit_code == 0
    (path,) = (ledger / "exchanges").rglob("*.toml")
    assert path.read_text(encoding="utf-8").startswith("[[exchange]]\n")
    assert run("schema", "--write").exit_code == 0
    assert run("thanks", "carol", "20m", "Advice on the deploy").exit_code == 0
    newest = next(item for item in (ledger / "exchanges").rglob("*.toml") if item != path)
    assert newest.read_text(encoding="utf-8").startswith(TOML_DIRECTIVE)


def test_write_makes_an_older_gitignore_let_the_schemas_through(ledger: Path, run: Run) -> None:
    """A `.aidledger/.gitignore` that ignores everything (as aidledger wrote it before)
    is rewritten by `schema --write`, so that the schemas can be committed."""
    ignore = ledger / ".aidledger" / ".gitignore"
    ignore.write_text(
        "# aidledger's own files (cache, lock, temporary files): never committed.\n*\n"
    )
    assert run("schema", "--write").exit_code == 0
    checked = subprocess.run(
        ["git", "check-ignore", "-q", ".aidledger/schema/exchange.schema.json"],
        cwd=ledger,
        check=False,
    )
    assert checked.returncode == 1  # not ignored


def test_the_example_team_points_every_file_to_its_committed_schema() -> None:
    """Every file of examples/riverside starts with its directive; the committed schemas are
    those the models generate today, and every file validates against its own."""
    folder = EXAMPLE / ".aidledger" / "schema"
    texts = schema_texts()
    for name in SCHEMA_NAMES:
        assert (folder / f"{name}.schema.json").read_text(encoding="utf-8") == texts[name], (
            f"{name}.schema.json is stale: run `aidledger --root examples/riverside schema --write`"
        )
    files = [EXAMPLE / "aidledger.toml", EXAMPLE / "charter.toml", EXAMPLE / "members.toml"]
    for kind in ("exchanges", "requests", "offers", "meetings"):
        files += sorted((EXAMPLE / kind).rglob("*.toml"))
    assert len(files) > 100
    for path in files:
        _validates(path)


# --- what an editor shows ------------------------------------------------------------------
# Taplo is the TOML language server of VS Code's Even Better TOML (and of Neovim's and
# Helix's TOML support): its linter reads the `#:schema` directive as the editor does, and
# flags what the editor underlines as one types.

TAPLO = Path(sys.executable).parent / "taplo"


def _taplo_lint(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TAPLO), "lint", "--no-auto-config", *files],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "RUST_LOG": "error"},
    )


def test_taplo_finds_the_example_team_valid_by_its_directives(tmp_path: Path) -> None:
    """Every TOML file of the example team is valid for Taplo, which finds each schema
    through the file's own directive (a file whose schema it could not read would fail)."""
    example = tmp_path / "riverside"
    shutil.copytree(EXAMPLE, example)
    files = [str(path.relative_to(example)) for path in sorted(example.rglob("*.toml"))]
    result = _taplo_lint(example, *files)
    assert result.returncode == 0, result.stderr


def test_taplo_flags_a_wrong_mode_on_its_line(ledger: Path, run: Run) -> None:
    """A mode mistyped in an exchange file is flagged on its line, with the modes there are:
    what VS Code underlines as it is typed."""
    assert run("log", "45m", "Pairing on the parser", "--helped", "bob").exit_code == 0
    (path,) = (ledger / "exchanges").rglob("*.toml")
    text = path.read_text(encoding="utf-8")
    assert _taplo_lint(ledger, str(path.relative_to(ledger))).returncode == 0
    path.write_text(text.replace('mode = "pair"', 'mode = "teached"'), encoding="utf-8")
    result = _taplo_lint(ledger, str(path.relative_to(ledger)))
    assert result.returncode != 0
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "mode" in row)
    assert f"{path.name}:{line}:" in result.stderr
    assert '"teached" is not one of ["taught","pair","did","advice"]' in result.stderr
