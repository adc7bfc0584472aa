"""The documentation and the CI recipes say what the tool really does.

Conventions in README.md and docs/*.md (see tests/docs/markdown.py and session.py):

- `<!-- test: run -->` above a ```sh or ```console block: its commands run, in page order,
  in one fresh git repository per page (git user alice@example.org, today pinned to
  2026-11-27, a copy of examples/riverside when the page names it); each must exit as its
  `# exit N` comment says (0 without one), and console output must match what is shown.
- `<!-- test: file PATH -->` above a block: its text is written to PATH in that repository.
- `<!-- test: json COMMAND -->` above a ```json block: COMMAND runs there and its JSON output
  must have the same keys as the example, recursively; every key must be named in the page.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any, cast, get_args

import click
import pytest
import typer
import yaml

from aidledger.cli.app import app
from aidledger.engine.rules import REGISTRY as CATALOGUE
from aidledger.engine.rules import thresholds
from aidledger.model.charter import WarningId
from aidledger.render.catalogue import defaults_table
from aidledger.store.load import check_charter_text
from tests.docs.markdown import Block, code_blocks, headings, prose_lines, section, table_rows
from tests.docs.session import REPOSITORY, Session, console_steps, expected_exit, matches, sh_steps

README = REPOSITORY / "README.md"
DOCS = REPOSITORY / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
ACTION = REPOSITORY / "action.yml"
HOOKS = REPOSITORY / ".pre-commit-hooks.yaml"
CLI = typer.main.get_command(app)
HELP_OPTIONS = {"-h", "--help"}


def _page_id(page: Path) -> str:
    return page.relative_to(REPOSITORY).as_posix()


# --- the command tree ---------------------------------------------------------------------


def command_paths(command: Any = CLI, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every runnable command, as the words after `aidledger` (e.g. ("member", "add"))."""
    for name, sub in getattr(command, "commands", {}).items():
        if getattr(sub, "commands", None):
            yield from command_paths(sub, (*prefix, name))
        else:
            yield (*prefix, name)


def _options(command: Any) -> dict[str, bool]:
    """Option names of a command, each with whether it takes a value."""
    names: dict[str, bool] = dict.fromkeys(HELP_OPTIONS, False)
    for param in command.params:
        if param.param_type_name != "option":
            continue
        for name in (*param.opts, *param.secondary_opts):
            names[name] = not param.is_flag
    return names


def invocation_problems(words: list[str]) -> list[str]:
    """What is wrong in `aidledger WORDS...`: unknown commands or options."""
    command = CLI
    path = ["aidledger"]
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            options = _options(command)
            if name not in options:
                return [f"`{' '.join(path)}` has no option {name}"]
            if options[name] and "=" not in word:
                index += 1
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands:
            if word not in subcommands:
                return [f"`{' '.join(path)}` has no command {word!r}"]
            command = subcommands[word]
            path.append(word)
    if getattr(command, "commands", None):
        return [f"`{' '.join(path)}` needs a command"]
    return []


_INVOCATION = re.compile(r"(?:^|[\s\"'(=`])aidledger\s+(?P<rest>[-a-z].*)$")
_STOP = re.compile(r"\s(?:\||\|\||&&|;|>|2>|#)\s|[`)]|$")


def invocations(text: str) -> Iterator[list[str]]:
    """The words after `aidledger` in each line of code that runs it."""
    for line in text.splitlines():
        match = _INVOCATION.search(line.removeprefix("$ "))
        if match is None:
            continue
        rest = match["rest"]
        stop = _STOP.search(rest)
        rest = rest[: stop.start()] if stop else rest
        rest = rest.replace("[", " ").replace("]", " ").replace("...", " ")
        try:
            yield shlex.split(rest)
        except ValueError:
            yield rest.split()


def test_invocation_checker_catches_mistakes() -> None:
    """The checker used below knows a wrong option or command when it sees one."""
    assert invocation_problems(["check", "--format", "github"]) == []
    assert invocation_problems(["--root", "aid", "member", "add", "ann", "--skill", "x"]) == []
    assert invocation_problems(["check", "--fromat", "json"])
    assert invocation_problems(["pak"])
    assert invocation_problems(["member"])


# --- runnable blocks ------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def shape_differences(documented: Any, real: Any, where: str = "$") -> list[str]:
    """How a documented JSON example differs in shape from the real output.

    Objects must have the same keys. A documented list may show fewer items than the real
    one, each shaped like one of the real items, but not none when the real items are
    objects or lists. `null` stands for any value.
    """
    if documented is None or real is None:
        return []
    if isinstance(documented, dict) and isinstance(real, dict):
        differences = []
        if missing := sorted(real.keys() - documented.keys()):
            differences.append(f"{where}: keys {missing} are missing from the example")
        if extra := sorted(documented.keys() - real.keys()):
            differences.append(f"{where}: keys {extra} are not in the real output")
        for key in sorted(documented.keys() & real.keys()):
            differences += shape_differences(documented[key], real[key], f"{where}.{key}")
        return differences
    if isinstance(documented, list) and isinstance(real, list):
        if real and not documented and isinstance(real[0], dict | list):
            return [f"{where}: the example shows no item; show at least one"]
        if documented and not real:
            return [f"{where}: the example shows items, the real output has none"]
        differences = []
        for index, item in enumerate(documented):
            tries = [shape_differences(item, candidate, f"{where}[{index}]") for candidate in real]
            if all(tries):
                differences += tries[0]
        return differences
    if _kind(documented) != _kind(real):
        return [f"{where}: {_kind(documented)} in the example, {_kind(real)} in the output"]
    return []


def keys_of(document: Any) -> Iterator[str]:
    """Every object key of a JSON document, except keys that are data (ratings "1" to "5")."""
    if isinstance(document, dict):
        for key, value in document.items():
            if not key.isdigit():
                yield key
            yield from keys_of(value)
    elif isinstance(document, list):
        for item in document:
            yield from keys_of(item)


def _run_steps(session: Session, block: Block) -> None:
    if block.language == "console":
        steps = console_steps(block.text, block.line + 1)
    elif block.language == "sh":
        steps = sh_steps(block.text, block.line + 1)
    else:
        raise AssertionError(f"{block.where}: `test: run` on a ```{block.language} block")
    assert steps, f"{block.where}: a runnable block with no command"
    for step in steps:
        outcome = session.run(step.command)
        place = f"{block.path.name}:{step.line}: `{step.command}`"
        assert outcome.exit_code == step.exit_code, (
            f"{place} exited {outcome.exit_code}, the page says {step.exit_code}\n{outcome.output}"
        )
        if step.output is not None:
            assert matches(step.output, outcome.output), (
                f"{place} printed:\n{outcome.output}\nthe page shows:\n{step.output}"
            )


def _check_json(session: Session, block: Block, prose: str) -> None:
    command = block.argument
    assert command.startswith("aidledger "), f"{block.where}: `test: json` needs a command"
    outcome = session.run(command)
    assert outcome.exit_code == expected_exit(command), f"{block.where}: {outcome.output}"
    real = json.loads(outcome.stdout)
    documented = json.loads(block.text)
    differences = shape_differences(documented, real)
    assert not differences, f"{block.where}: {command}\n" + "\n".join(differences)
    named = {
        part for span in re.findall(r"`([^`\s]+)`", prose) for part in re.split(r"[.\[\]]+", span)
    }
    unnamed = sorted(set(keys_of(real)) - named)
    assert not unnamed, f"{block.where}: keys of `{command}` not described in the page: {unnamed}"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_runnable_blocks_do_what_the_page_says(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marked blocks run in a fresh git repository, exiting and printing as documented."""
    blocks = [block for block in code_blocks(page) if block.directive]
    if not blocks:
        pytest.skip("no runnable block")
    session = Session(tmp_path, monkeypatch)
    if "examples/riverside" in page.read_text(encoding="utf-8"):
        session.with_example()
    prose = "\n".join(prose_lines(page))
    for block in blocks:
        if block.action == "run":
            _run_steps(session, block)
        elif block.action == "file":
            session.write(block.argument, block.text)
        elif block.action == "json":
            _check_json(session, block, prose)
        else:
            raise AssertionError(f"{block.where}: unknown directive {block.directive!r}")


def test_every_json_example_is_checked() -> None:
    """Each JSON example of docs/json.md is compared with the real output of a command."""
    blocks = [block for block in code_blocks(DOCS / "json.md") if block.language == "json"]
    assert len(blocks) >= 6
    unchecked = [block.where for block in blocks if block.action != "json"]
    assert not unchecked, f"JSON examples without `<!-- test: json COMMAND -->`: {unchecked}"
    commands = [shlex.split(block.argument) for block in blocks]
    for command in ("balance", "check", "report", "statement", "exchanges", "list"):
        assert any(command in words for words in commands), f"no JSON example of {command}"


def test_runnable_examples_exist_in_each_guide() -> None:
    """The walk-through and the format pages are executed, not only read."""
    for name in ("README.md", "docs/data-format.md", "docs/json.md", "docs/ci.md"):
        blocks = code_blocks(REPOSITORY / name)
        assert any(block.action == "run" for block in blocks), f"{name} runs nothing"


# --- README ---------------------------------------------------------------------------------


def test_quick_start_is_exactly_two_commands() -> None:
    """A fresh clone needs `make demo` and `make test`, nothing else."""
    lines = section(README, "Quick start")
    text = "\n".join(lines)
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 1, "the quick start holds one code block"
    commands = [line.strip() for line in blocks[0].splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (REPOSITORY / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.MULTILINE)
    assert re.search(r"^test:", makefile, re.MULTILINE)


def _table_commands() -> dict[tuple[str, ...], list[str]]:
    """The README command table: command path -> the words of its usage cell."""
    found = {}
    paths = set(command_paths())
    for row in table_rows(section(README, "Commands")):
        usage = re.search(r"`aidledger ([^`]+)`", row[0])
        if usage is None:
            continue
        words = usage[1].replace("[", " ").replace("]", " ").replace("...", " ").split()
        for length in (2, 1):
            if tuple(words[:length]) in paths:
                found[tuple(words[:length])] = words
                break
        else:
            raise AssertionError(f"README command table names an unknown command: {row[0]}")
    return found


def test_every_command_is_in_the_readme_table() -> None:
    """The README's command table lists every command `aidledger --help` shows, and no other."""
    table = _table_commands()
    assert set(table) == set(command_paths())
    for words in table.values():
        assert invocation_problems(words) == [], words


@pytest.mark.parametrize("path", sorted(command_paths()), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """`aidledger COMMAND --help` explains the command."""
    result = Session.help(path)
    assert result.exit_code == 0
    assert f"Usage: aidledger {' '.join(path)}" in result.stdout


def test_top_level_help_lists_the_command_groups() -> None:
    """`aidledger --help` names every top-level command the README table names."""
    output = Session.help(()).stdout
    for path in command_paths():
        assert re.search(rf"^\s+{path[0]}\s", output, re.MULTILINE), path


# --- every documented command line is a real one --------------------------------------------


def _scripts(node: Any) -> Iterator[str]:
    """The shell commands of a CI file: the values of `run`, `script` and `entry` keys."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "entry"):
                yield from ([value] if isinstance(value, str) else value)
            else:
                yield from _scripts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _scripts(item)


def _documented_code() -> Iterator[tuple[str, str]]:
    """Command lines of the docs: sh lines, console `$ ` lines, and scripts of CI files."""
    for page in PAGES:
        for block in code_blocks(page):
            if block.language == "sh":
                yield block.where, block.text
            elif block.language == "console":
                yield (
                    block.where,
                    "\n".join(line for line in block.text.splitlines() if line.startswith("$ ")),
                )
            elif block.language == "yaml":
                yield block.where, "\n".join(_scripts(yaml.safe_load(block.text)))
    for path in (ACTION, HOOKS):
        yield path.name, "\n".join(_scripts(yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_documented_command_lines_name_real_commands_and_options() -> None:
    """Every `aidledger ...` line in the docs and the CI recipes uses real options."""
    problems = []
    count = 0
    for where, text in _documented_code():
        for words in invocations(text):
            count += 1
            problems += [f"{where}: {problem}" for problem in invocation_problems(words)]
    assert count > 40
    assert not problems, "\n".join(problems)


def test_toml_and_yaml_examples_parse() -> None:
    """Every TOML and YAML example in the docs is valid TOML or YAML."""
    for page in PAGES:
        for block in code_blocks(page):
            if block.language == "toml":
                tomllib.loads(block.text)
            elif block.language in ("yaml", "yml"):
                yaml.safe_load(block.text)


_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)]*)?\)")


def test_relative_links_point_to_files() -> None:
    """Links between the README and the pages of docs/ lead somewhere."""
    for page in PAGES:
        for line in prose_lines(page):
            for match in _LINK.finditer(line):
                target = match["target"]
                if "://" in target or target.startswith("mailto:"):
                    continue
                assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_readme_links_every_page_of_docs() -> None:
    text = README.read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f"docs/{page.name}" in text, f"README does not link docs/{page.name}"


# --- warnings and charters ------------------------------------------------------------------


def _backticked_headings(page: Path) -> list[str]:
    return [
        match[1] for _, title in headings(page) if (match := re.fullmatch(r"`([a-z-]+)`", title))
    ]


def test_every_warning_has_a_section_and_every_section_a_warning() -> None:
    """docs/warnings.md has one section per catalogue id, and no section for an unknown id."""
    documented = _backticked_headings(DOCS / "warnings.md")
    known = {*CATALOGUE, "insufficient-data"}
    assert sorted(set(documented)) == sorted(documented), "a warning is documented twice"
    assert set(documented) - known == set(), "sections for ids the catalogue does not have"
    assert known - set(documented) == set(), "catalogue ids without a section"


def test_warning_defaults_table_is_made_from_the_registry() -> None:
    """The table of default levels in docs/warnings.md is the one the registry renders."""
    lines = section(DOCS / "warnings.md", "Default levels")
    documented = [line for line in lines if line.startswith("|")]
    assert documented == defaults_table(CATALOGUE.values())


def test_the_charter_model_knows_exactly_the_registry() -> None:
    """The warning ids a charter accepts are the registry's, in the same order."""
    assert get_args(WarningId) == tuple(CATALOGUE)


@pytest.mark.parametrize("name", ["default", "small-team", "strict"])
def test_templates_hold_every_warning_and_only_minimums_it_has(name: str) -> None:
    """Each template has one table per registry warning, and no minimum the warning lacks."""
    text = (REPOSITORY / "charters" / f"{name}.toml").read_text("utf-8")
    template = tomllib.loads(text)
    assert list(template["warnings"]) == list(CATALOGUE)
    charter = check_charter_text(text, f"{name}.toml")
    assert charter.warnings.keys() == CATALOGUE.keys()


def test_the_default_template_holds_the_registry_defaults() -> None:
    """charters/default.toml spells out every default level and minimum of the registry."""
    text = (REPOSITORY / "charters" / "default.toml").read_text("utf-8")
    charter = check_charter_text(text, "default.toml")
    for warning_id, spec in CATALOGUE.items():
        held = astuple(thresholds(charter, warning_id))
        for value, default in zip(held, astuple(spec.defaults), strict=True):
            assert value == (default if default is None else pytest.approx(default, abs=1e-3))


_TEMPLATES = ("default", "small-team", "strict")


def _template_value(template: dict[str, Any], setting: str) -> Any:
    if setting.startswith("warnings."):
        _, warning_id, key = setting.split(".")
        return template["warnings"][warning_id].get(key)
    table, key = setting.split(".")
    return template[table][key]


def _cell_value(cell: str) -> Any:
    text = cell.strip("` ")
    if text in ("true", "false"):
        return text == "true"
    return float(text)


def test_charter_templates_table_matches_the_templates() -> None:
    """The comparison of the three templates in docs/charter.md is what the files hold."""
    templates = {
        name: tomllib.loads((REPOSITORY / "charters" / f"{name}.toml").read_text("utf-8"))
        for name in _TEMPLATES
    }
    rows = [
        row
        for row in table_rows(section(DOCS / "charter.md", "The three templates"))
        if row[0].startswith("`")
    ]
    assert len(rows) >= 10
    for setting, *cells in rows:
        name = setting.strip("`")
        for template, cell in zip(_TEMPLATES, cells, strict=False):
            assert _template_value(templates[template], name) == _cell_value(cell), (
                name,
                template,
            )


# --- CI recipes -----------------------------------------------------------------------------


def _check_options() -> dict[str, bool]:
    return _options(cast(click.Group, CLI).commands["check"])


def test_action_is_a_composite_action_that_runs_check() -> None:
    """action.yml sets up Python, installs aidledger from itself and runs `check`."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {"root", "as-of", "fail-on", "python-version"}
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
    assert action["inputs"]["as-of"].get("required") is False
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    setup = [step for step in steps if str(step.get("uses", "")).startswith("actions/setup-python")]
    assert setup
    assert "inputs.python-version" in setup[0]["with"]["python-version"]
    scripts = [step for step in steps if "run" in step]
    for step in scripts:
        assert step.get("shell") == "bash", step
    text = yaml.safe_dump(steps)
    assert "github.action_path" in text and "pip install" in text
    checks = [words for step in scripts for words in invocations(step["run"])]
    assert checks and all(words[0] == "check" for words in checks)
    for words in checks:
        assert invocation_problems(words) == [], words
        assert "--format" in words and words[words.index("--format") + 1] == "github"
    for name in ("inputs.root", "inputs.as-of", "inputs.fail-on"):
        assert name in text, f"the input {name} is not used"


def test_pre_commit_hook_runs_check_on_data_files() -> None:
    """.pre-commit-hooks.yaml defines `aidledger-check` on the data files only."""
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "aidledger-check")
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    words = shlex.split(hook["entry"])
    assert words[:2] == ["aidledger", "check"]
    assert invocation_problems(words[1:]) == []
    assert set(hook.get("args", [])) <= set(_check_options())
    files = re.compile(hook["files"])
    for path in (
        "aidledger.toml",
        "charter.toml",
        "members.toml",
        "exchanges/2026/11/2026-11-27-alice-bob-k3f9q2.toml",
        "aid/exchanges/2026/11/2026-11-27-alice-bob-k3f9q2.yaml",
        "requests/2026-11-25-bob-q8x1z0.toml",
        "aid/requests/2026-11-25-bob-q8x1z0.yml",
    ):
        assert files.search(path), path
    for path in ("src/app.py", "pyproject.toml", "docs/charter.md", "exchanges/notes.md"):
        assert not files.search(path), path


# --- the doc tests' own tools ---------------------------------------------------------------


def test_shape_comparison_reports_missing_and_extra_keys() -> None:
    """A key missing from an example, or one the tool does not print, is reported."""
    real = {"a": 1, "b": [{"c": "x", "d": None}], "e": {"f": True}}
    assert shape_differences({"a": 2, "b": [{"c": "y", "d": 3}], "e": {"f": False}}, real) == []
    assert shape_differences({"a": 2, "b": [], "e": {"f": False}}, real)
    assert shape_differences({"a": 2, "b": [{"c": "y"}], "e": {"f": False}}, real)
    assert shape_differences({"a": 2, "b": [{"c": "y", "d": 3}], "e": {"g": 1}}, real)
    assert shape_differences({"a": "2", "b": [{"c": "y", "d": 3}], "e": {"f": False}}, real)


def test_console_blocks_pair_commands_with_their_output() -> None:
    """`$ ` lines are commands, the lines below them their output, `...` any text."""
    steps = console_steps("$ aidledger check  # exit 1\nfail: x\n...\n$ aidledger me\n", 10)
    assert [(step.command, step.exit_code, step.output, step.line) for step in steps] == [
        ("aidledger check  # exit 1", 1, "fail: x\n...", 10),
        ("aidledger me", 0, None, 13),
    ]
    assert matches("fail: x\n...", "fail: x\nwarn: y\ncheck: failed\n")
    assert matches("id 2026-...-bob", "id 2026-11-27-alice-bob  \n")
    assert not matches("fail: x", "fail: y\n")
    assert [step.command for step in sh_steps("# a comment\ngit add -A \\\n  docs\n", 1)] == [
        "git add -A    docs"
    ]
