"""The GitHub Action's steps, run as the runner would run them, in a temporary repository.

Each `run:` step of action.yml runs with bash as GitHub runs it (`bash --noprofile --norc
-eo pipefail`), with its `${{ }}` expressions replaced as the runner would, its `env`, and
`GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` pointing at files. `uses:` steps (setup-python,
the cache) are checked, not run; pip is replaced by a stand-in that records what it was
asked to install, and `aidledger` is the one of this checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from aidledger import __version__
from aidledger.store.cache import CACHE_DIR, CACHE_FILE, code_key
from tests.cli.test_check import healthy  # noqa: F401
from tests.conftest import EXAMPLE_LAST_DAY, REPOSITORY

ACTION = REPOSITORY / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
KEY_STEP = "aidledger-cache-key"
RESTORE_STEP = "aidledger-cache"
HASH_FILES = (
    "hashFiles(format('{0}/**/*.toml', inputs.root), format('{0}/**/*.yaml', inputs.root),"
    " format('{0}/**/*.yml', inputs.root))"
)
FAKE_PYTHON = """#!/bin/sh
# pip stands in: records what it was asked to install; everything else is the real python.
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  printf '%s\\n' "$@" > "$PIP_LOG"
  exit 0
fi
exec "$REAL_PYTHON" "$@"
"""


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def step_with_id(step_id: str) -> dict[str, Any]:
    return next(step for step in action()["runs"]["steps"] if step.get("id") == step_id)


@dataclass
class ActionRun:
    """What the action's steps did: each run step's exit code, the files the runner reads."""

    codes: list[int] = field(default_factory=list)
    stdout: str = ""
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""
    installed: list[str] = field(default_factory=list)
    cached: dict[str, str] = field(default_factory=dict)


def substitute(text: str, context: dict[str, str]) -> str:
    """`${{ expression }}` replaced by its value, as the runner does before a step runs."""

    def value(match: re.Match[str]) -> str:
        expression = " ".join(match[1].split())
        assert expression in context, f"the test does not know `{expression}`"
        return context[expression]

    return EXPRESSION.sub(value, text)


def run_action(workspace: Path, inputs: dict[str, str], tmp_path: Path) -> ActionRun:
    """Every step of the action in order, stopping after the first run step that fails."""
    spec = action()
    context = {
        f"inputs.{name}": str(item.get("default", "")) for name, item in spec["inputs"].items()
    }
    context |= {f"inputs.{name}": value for name, value in inputs.items()}
    context["github.action_path"] = str(REPOSITORY)
    context[HASH_FILES] = "ledgerhash"
    bin_folder = tmp_path / "runner-bin"
    bin_folder.mkdir(exist_ok=True)
    python = bin_folder / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    summary, pip_log = tmp_path / "summary.md", tmp_path / "pip.log"
    summary.write_text("")
    result = ActionRun()
    for index, step in enumerate(spec["runs"]["steps"]):
        if "uses" in step:
            _use(step, context, result)
            continue
        assert step["shell"] == "bash"
        output = tmp_path / f"output-{index}"
        output.write_text("")
        script = tmp_path / f"step-{index}.sh"
        script.write_text(substitute(step["run"], context))
        step_env = {
            name: substitute(str(value), context) for name, value in step.get("env", {}).items()
        }
        runner_env = {
            "PATH": os.pathsep.join(
                [str(bin_folder), str(Path(sys.executable).parent), os.environ["PATH"]]
            ),
            "REAL_PYTHON": sys.executable,
            "PIP_LOG": str(pip_log),
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_WORKSPACE": str(workspace),
        }
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env={**os.environ, **runner_env, **step_env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in completed.stderr, completed.stderr
        result.codes.append(completed.returncode)
        result.stdout += completed.stdout
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if line)
        if "id" in step:
            result.outputs[step["id"]] = outputs
            context |= {f"steps.{step['id']}.outputs.{k}": v for k, v in outputs.items()}
        if completed.returncode:
            break
    result.summary = summary.read_text()
    result.installed = pip_log.read_text().split() if pip_log.exists() else []
    return result


def _use(step: dict[str, Any], context: dict[str, str], result: ActionRun) -> None:
    """A `uses:` step: setup-python is taken as done; the cache's inputs are recorded."""
    uses = step["uses"]
    if uses.startswith("actions/setup-python@"):
        return
    assert uses in ("actions/cache/restore@v4", "actions/cache/save@v4"), uses
    inputs = {name: substitute(str(value), context) for name, value in step["with"].items()}
    if uses.startswith("actions/cache/restore"):
        result.cached = inputs
        outputs = {"cache-hit": "false", "cache-primary-key": inputs["key"]}
        context |= {f"steps.{step['id']}.outputs.{k}": v for k, v in outputs.items()}
    else:
        assert inputs == {"path": result.cached["path"], "key": result.cached["key"]}


def written_long_ago(folder: Path) -> None:
    """Make every file look written an hour ago, so the record cache may keep it."""
    hour_ago = time.time() - 3600
    for path in folder.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))


# --- the cache -----------------------------------------------------------------------------


def test_the_cache_is_the_record_cache_file_of_the_data_root() -> None:
    """Restore and save both name `ROOT/.aidledger/records.pickle`, the record cache, and
    nothing else of the folder: the schemas beside it are committed, never restored."""
    restore = step_with_id(RESTORE_STEP)
    assert restore["uses"] == "actions/cache/restore@v4"
    assert restore["with"]["path"] == f"${{{{ inputs.root }}}}/{CACHE_DIR}/{CACHE_FILE}"
    save = next(step for step in action()["runs"]["steps"] if "cache/save" in step.get("uses", ""))
    assert save["with"]["path"] == restore["with"]["path"]
    assert save["with"]["key"] == "${{ steps.aidledger-cache.outputs.cache-primary-key }}"
    # Saved after a failed check too, but not when the run was cancelled or the key is known.
    condition = " ".join(save["if"].split())
    assert condition == (
        "!cancelled() && steps.aidledger-cache.outcome == 'success'"
        " && steps.aidledger-cache.outputs.cache-hit != 'true'"
    )


def test_the_cache_key_names_the_tool_and_the_ledger_files() -> None:
    """The key is the tool's version and code digest, then a hash of the ledger's files."""
    key = step_with_id(RESTORE_STEP)["with"]["key"]
    expressions = [" ".join(match.split()) for match in EXPRESSION.findall(key)]
    assert expressions == [f"steps.{KEY_STEP}.outputs.tool", HASH_FILES]
    assert key.startswith("aidledger-${{")
    restore_keys = step_with_id(RESTORE_STEP)["with"]["restore-keys"]
    assert restore_keys == f"aidledger-${{{{ steps.{KEY_STEP}.outputs.tool }}}}-"


# --- the steps, run -----------------------------------------------------------------------


def test_a_healthy_ledger_passes_and_fills_the_cache(
    healthy: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Every step exits 0; pip installs the action's own copy; the summary and cache are there."""
    written_long_ago(healthy)
    result = run_action(healthy, {"as-of": "2026-03-10"}, tmp_path)
    assert result.codes == [0, 0, 0], result.stdout
    assert result.installed[-1] == str(REPOSITORY)
    assert result.installed[:3] == ["-m", "pip", "install"]
    assert result.outputs[KEY_STEP] == {"tool": f"{__version__}-{code_key()}"}
    assert result.cached["key"] == f"aidledger-{__version__}-{code_key()}-ledgerhash"
    assert result.cached["path"] == f"./.aidledger/{CACHE_FILE}"
    assert (healthy / result.cached["path"]).is_file()
    assert result.summary.startswith("### aidledger check, as of 2026-03-10\n")
    assert result.stdout.splitlines()[-1].startswith("check: passed")


@pytest.fixture
def riverside(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding the example team in the folder `riverside`, a month after its end."""
    monkeypatch.setenv("AIDLEDGER_TODAY", "2026-11-27")
    return example_copy


@pytest.mark.parametrize(("fail_on", "code"), [("fail", 1), ("warn", 1), ("never", 0)])
def test_the_gate_decides_the_steps_exit(
    riverside: Path, tmp_path: Path, fail_on: str, code: int
) -> None:
    """The example team fails the step by default and under `warn`; `never` lets it pass."""
    inputs = {"root": riverside.name, "as-of": EXAMPLE_LAST_DAY, "fail-on": fail_on}
    result = run_action(riverside.parent, inputs, tmp_path)
    assert result.codes == [0, 0, code]
    assert "::error title=aidledger concentration::" in result.stdout
    assert f"as of {EXAMPLE_LAST_DAY}" in result.stdout.splitlines()[-1]
    assert "| severity | warning | members | message | next step |" in result.summary
    assert result.cached["path"] == f"{riverside.name}/{CACHE_DIR}/{CACHE_FILE}"


def test_invalid_data_fails_the_step_with_2(riverside: Path, tmp_path: Path) -> None:
    """A broken record exits 2 even under `fail-on: never`, annotated on its file."""
    (riverside / "members.toml").write_text("[[member]]\nhandle = 3\n")
    inputs = {"root": riverside.name, "fail-on": "never"}
    result = run_action(riverside.parent, inputs, tmp_path)
    assert result.codes == [0, 0, 2]
    assert "::error file=riverside/members.toml,line=2,title=aidledger::" in result.stdout
