"""Rendered outputs on the example team, compared with the files kept beside this test.

Run `UPDATE_GOLDEN=1 pytest tests/golden` to rewrite them after a deliberate change, then
read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

GOLDEN = Path(__file__).parent / "files"
ROOT = ["--root", str(EXAMPLE)]

CASES: dict[str, list[str]] = {
    "report.txt": ["report", "--as-of", EXAMPLE_LAST_DAY],
    "report.json": ["report", "--as-of", EXAMPLE_LAST_DAY, "--format", "json"],
    "report.md": ["report", "--as-of", EXAMPLE_LAST_DAY, "--format", "markdown"],
    "report-anonymized.md": [
        "report",
        "--as-of",
        EXAMPLE_LAST_DAY,
        "--format",
        "markdown",
        "--anonymize",
    ],
    "statement-maya.txt": ["statement", "maya", "--until", EXAMPLE_LAST_DAY],
    "statement-theo.json": [
        "statement",
        "theo",
        "--since",
        "2026-08-02",
        "--until",
        EXAMPLE_LAST_DAY,
        "--format",
        "json",
    ],
    "statement-theo.md": [
        "statement",
        "theo",
        "--since",
        "2026-08-02",
        "--until",
        EXAMPLE_LAST_DAY,
        "--format",
        "markdown",
    ],
    "me-theo.txt": ["me", "--as", "theo"],
    "me-theo.md": ["me", "--as", "theo", "--format", "markdown"],
    "balance.txt": ["balance", "--until", EXAMPLE_LAST_DAY],
    "balance.json": ["balance", "--until", EXAMPLE_LAST_DAY, "--format", "json"],
    "balance.csv": ["balance", "--until", EXAMPLE_LAST_DAY, "--format", "csv"],
    "balance.md": ["balance", "--until", EXAMPLE_LAST_DAY, "--format", "markdown"],
    "check.txt": ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "text"],
    "check.json": ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "json"],
    "check.github": ["check", "--as-of", EXAMPLE_LAST_DAY, "--format", "github"],
    "agenda.md": ["agenda", "--as-of", EXAMPLE_LAST_DAY],
    "agenda.txt": ["agenda", "--as-of", EXAMPLE_LAST_DAY, "--minutes", "12", "--format", "table"],
    "graph.mmd": ["graph", "--since", "2026-08-02", "--until", EXAMPLE_LAST_DAY],
    # One of each kind of output in French (docs/translating.md).
    "fr/report.txt": ["--lang", "fr", "report", "--as-of", EXAMPLE_LAST_DAY],
    "fr/report.md": ["--lang", "fr", "report", "--as-of", EXAMPLE_LAST_DAY, "--format", "markdown"],
    "fr/statement-maya.txt": ["--lang", "fr", "statement", "maya", "--until", EXAMPLE_LAST_DAY],
    "fr/balance.txt": ["--lang", "fr", "balance", "--until", EXAMPLE_LAST_DAY],
    "fr/check.txt": ["--lang", "fr", "check", "--as-of", EXAMPLE_LAST_DAY, "--format", "text"],
    "fr/agenda.md": ["--lang", "fr", "agenda", "--as-of", EXAMPLE_LAST_DAY],
    "graph.dot": [
        "graph",
        "--since",
        "2026-08-02",
        "--until",
        EXAMPLE_LAST_DAY,
        "--format",
        "dot",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendered_output_matches_golden_file(name: str, run: Run) -> None:
    """Each format renders the example team exactly as its golden file records."""
    result = run(*ROOT, *CASES[name], env={"AIDLEDGER_TODAY": "2026-11-27"})
    assert result.exit_code in (0, 1), result.stderr
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run UPDATE_GOLDEN=1 pytest tests/golden"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_dot_output_renders_with_graphviz(tmp_path: Path) -> None:
    """The DOT graph is valid Graphviz input: `dot -Tsvg` draws it."""
    dot = shutil.which("dot")
    if dot is None:
        if os.environ.get("CI") == "true":
            pytest.fail("graphviz (dot) must be installed in CI; .ci/run installs it")
        pytest.skip("graphviz (dot) is not installed")
    source = (GOLDEN / "graph.dot").read_text(encoding="utf-8")
    completed = subprocess.run(
        [dot, "-Tsvg"], input=source, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "<svg" in completed.stdout
    assert "maya" in completed.stdout


def test_markdown_report_carries_a_mermaid_graph() -> None:
    """The Markdown report holds a fenced mermaid flowchart, which GitHub draws."""
    text = (GOLDEN / "report.md").read_text(encoding="utf-8")
    assert "```mermaid\nflowchart LR\n" in text
    assert "-->|" in text


def test_anonymized_report_names_nobody() -> None:
    """No handle of the example team appears in the anonymized report."""
    text = (GOLDEN / "report-anonymized.md").read_text(encoding="utf-8")
    for handle in ("maya", "theo", "ines", "sam", "lena", "omar", "kim", "raj"):
        assert re.search(rf"\b{handle}\b", text) is None, handle
    assert "member-" in text


def test_anonymized_json_names_nobody_even_inside_ids(run: Run) -> None:
    """Handles are replaced in every string of the JSON report, ids and topics included."""
    result = run(*ROOT, "report", "--as-of", EXAMPLE_LAST_DAY, "--format", "json", "--anonymize")
    assert result.exit_code == 0
    for handle in ("maya", "theo", "ines", "sam", "lena", "omar", "kim", "raj"):
        assert re.search(rf"(?<![a-z]){handle}(?![a-z])", result.stdout) is None, handle
