"""The benchmark of docs/performance.md runs in every test run, at 10,000 exchanges (not
timed: a test cannot hold figures that depend on the machine; it checks that every row is
printed, so that the benchmark cannot rot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import synthetic
from benchmarks.bench import main

ROWS = (
    "`report, 10,000, no cache`",
    "`report, 10,000, cache warm`",
    "`report, 100,000, no cache` | not run (--quick)",
    "`report, 100,000, cache warm` | not run (--quick)",
    "`check, 10,000, no cache`",
    "`thanks, 500`",
    "`log, 500`",
    "`aidledger --help`",
    "`aidledger --version`",
    '`python -c "import typer"`',
    "`ledger -f J bal, 10,000` | not run (--quick)",
    "`hledger -f J bal, 10,000` | not run (--quick)",
)


def test_quick_bench_prints_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bench.py --quick` (10,000 exchanges) prints a row for every command and a verdict
    per target."""
    assert main(["--quick", "--cache", str(tmp_path), "--no-install"]) == 0
    table = capsys.readouterr().out
    for row in ROWS:
        assert f"| {row}" in table
    assert "imports neither pydantic, yaml nor aidledger.engine" in table
    assert "Targets met: " in table


def test_synthetic_ledger_is_deterministic_and_reused(tmp_path: Path) -> None:
    """The same size and seed give the same files, and a current folder is not made again."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert synthetic.ensure(first, 40)
    assert not synthetic.ensure(first, 40)
    synthetic.generate(second, 40)
    files = sorted(path.relative_to(first) for path in first.rglob("*.toml"))
    assert len([path for path in files if path.parts[0] == "exchanges"]) == 40
    assert files == sorted(path.relative_to(second) for path in second.rglob("*.toml"))
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes()
    assert synthetic.ensure(first, 41)
