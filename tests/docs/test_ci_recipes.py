"""The CI recipes of docs/ci.md do what the page says when copied: GitLab and pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.test_check_gitlab import code_quality_problems
from tests.docs.markdown import code_blocks, section
from tests.docs.session import REPOSITORY, bin_folder
from tests.docs.test_docs import invocation_problems

CI_PAGE = REPOSITORY / "docs" / "ci.md"
GITLAB_SECTION = "GitLab CI, with a code-quality report"


def _yaml_blocks_of(heading: str) -> list[Any]:
    """The YAML examples under one heading of docs/ci.md, parsed."""
    text = "\n".join(section(CI_PAGE, heading))
    starts = {block.text for block in code_blocks(CI_PAGE) if block.language == "yaml"}
    return [yaml.safe_load(block) for block in starts if block in text]


def gitlab_job() -> dict[str, Any]:
    jobs = _yaml_blocks_of(GITLAB_SECTION)
    assert len(jobs) == 1, "the GitLab section shows one .gitlab-ci.yml"
    job: dict[str, Any] = jobs[0]["aidledger"]
    return job


def test_gitlab_recipe_keeps_the_report_and_the_cache() -> None:
    """The job saves its report as `codequality` even when it fails, and caches the record
    cache (the schemas beside it are committed)."""
    job = gitlab_job()
    assert job["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    assert job["cache"]["paths"] == ["aid/.aidledger/records.pickle"]
    assert job["cache"]["when"] == "always"
    assert job["allow_failure"] == {"exit_codes": [1]}


@pytest.fixture
def gitlab_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the example team in `aid/`, as the recipe expects, a month on."""
    shutil.copytree(REPOSITORY / "examples" / "riverside", tmp_path / "aid")
    monkeypatch.setenv("AIDLEDGER_TODAY", "2026-11-27")
    monkeypatch.setenv("PATH", f"{bin_folder()}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def _run_script(checkout: Path) -> tuple[int, Any]:
    """The recipe's `aidledger` line, run by bash in the checkout; the report it saved."""
    lines = [line for line in gitlab_job()["script"] if line.startswith("aidledger ")]
    assert len(lines) == 1, lines
    assert lines[0].endswith("> gl-code-quality-report.json")
    completed = subprocess.run(
        ["bash", "-c", lines[0]], cwd=checkout, capture_output=True, text=True, check=False
    )
    assert completed.stdout == "", "the report goes to the file"
    assert completed.stderr.startswith("check: "), completed.stderr
    report = json.loads((checkout / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert code_quality_problems(report) == []
    for issue in report:
        assert (checkout / issue["location"]["path"]).is_file(), issue["location"]
    return completed.returncode, report


def test_gitlab_recipe_reports_the_warnings(gitlab_checkout: Path) -> None:
    """On the example team the job is allowed to fail (exit 1) and reports each warning."""
    code, report = _run_script(gitlab_checkout)
    assert code in (0, *gitlab_job()["allow_failure"]["exit_codes"])
    assert report, "the example team has warnings to show"
    assert {issue["location"]["path"] for issue in report} == {"aid/charter.toml"}


def test_gitlab_recipe_fails_on_invalid_data(gitlab_checkout: Path) -> None:
    """A broken record fails the job (exit 2 is not allowed) and is reported on its line."""
    (gitlab_checkout / "aid" / "members.toml").write_text("[[member]]\nhandle = 3\n")
    code, report = _run_script(gitlab_checkout)
    assert code == 2
    assert code not in gitlab_job()["allow_failure"]["exit_codes"]
    places = {(i["location"]["path"], i["location"]["lines"]["begin"]) for i in report}
    assert ("aid/members.toml", 2) in places
    assert {issue["severity"] for issue in report} == {"critical"}


def test_pre_commit_examples_pass_real_options() -> None:
    """Each hook's `args` in the pre-commit section are options `aidledger check` has."""
    configs = _yaml_blocks_of("pre-commit")
    hooks = [hook for config in configs for repo in config["repos"] for hook in repo["hooks"]]
    assert len(hooks) >= 2
    assert any("--fail-on" in hook.get("args", []) for hook in hooks)
    for hook in hooks:
        assert hook["id"] == "aidledger-check"
        assert invocation_problems(["check", *hook.get("args", [])]) == [], hook
