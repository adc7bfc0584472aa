"""Import the real trailer histories of shared/data with `aidledger import git`, timed.

Each file's rows are replayed into a fresh git repository (one commit per row, its author,
author date and trailer; tests/cli/replay.py), the people become members (each joining
on their first row), and `aidledger import git` runs twice as a person would run it:
the first import writes one exchange per counted trailer, the second finds nothing new.
Then `aidledger report --format json` over the whole history gives the shape of the
help: how much of it the top helpers give.
Run with `.venv/bin/python benchmarks/import_git.py`; it needs shared/ beside the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.cli.replay import expected_imports, read_rows, replay, write_members

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = REPOSITORY.parent / "shared" / "data"
AIDLEDGER = Path(sys.executable).with_name("aidledger")
TODAY = "2026-11-27"


def aidledger(repo: Path, *args: str) -> tuple[float, str]:
    """Run aidledger in `repo`; its wall time and standard output."""
    environment = {**os.environ, "AIDLEDGER_TODAY": TODAY, "NO_COLOR": "1"}
    start = time.perf_counter()
    completed = subprocess.run(
        [str(AIDLEDGER), *args],
        check=False,
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment,
    )
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"aidledger {' '.join(args)} failed:\n{completed.stderr}")
    return seconds, completed.stdout


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def shares(report: dict[str, Any]) -> dict[str, float]:
    """The share of all help given by the top helper, the top 5 and the top tenth of helpers."""
    given = sorted((row["given_minutes"] for row in report["members"]), reverse=True)
    givers = [minutes for minutes in given if minutes > 0]
    total = sum(givers)
    tenth = max(1, round(len(givers) / 10))
    return {
        "top 1": givers[0] / total,
        "top 5": sum(givers[:5]) / total,
        f"top 10% ({tenth})": sum(givers[:tenth]) / total,
    }


def bench(name: str, scratch: Path) -> None:
    rows = read_rows(DATA / name)
    repo = scratch / name.removesuffix(".tsv")
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "benchmark@example.net")
    git(repo, "config", "user.name", "Benchmark")
    aidledger(repo, "init", "--team", "Replay")
    start = time.perf_counter()
    replay(repo, rows)
    replayed = time.perf_counter() - start
    people = write_members(repo, rows)
    first, output = aidledger(repo, "import", "git")
    again, repeated = aidledger(repo, "import", "git")
    written = sum(1 for _ in (repo / "exchanges").rglob("*.toml"))
    expected = expected_imports(rows)
    assert written == expected, (written, expected)
    assert repeated.startswith("Nothing new"), repeated[:200]
    last_day = rows[-1].day.isoformat()
    report_args = ("report", "--format", "json", "--as-of", last_day)
    window = ("--since", rows[0].day.isoformat(), "--until", last_day)
    report_seconds, text = aidledger(repo, *report_args, *window)
    report = json.loads(text)
    summary = report["summary"]
    print(f"{name}: {len(rows):,} trailer rows, {people:,} people")
    print(f"  replayed as commits (git fast-import): {replayed:.2f}s")
    print(f"  aidledger import git:                  {first:.2f}s, {written:,} exchanges written")
    print(f"    {output.splitlines()[-1] if output else ''}")
    print(f"  aidledger import git again:            {again:.2f}s, {repeated.splitlines()[0]}")
    print(f"  aidledger report over the history:     {report_seconds:.2f}s")
    given = ", ".join(f"{label} {share:.0%}" for label, share in shares(report).items())
    print(f"  help given by the top helpers: {given}")
    print(
        f"  givers {summary['givers']:,} of {summary['active_members']:,} members,"
        f" Gini of giving {summary['gini']}, effective helpers {summary['effective_helpers']}"
    )


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}: the benchmark needs shared/data beside the repository")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("git-project-trailers.tsv", "tldr-trailers.tsv"):
            bench(name, Path(scratch))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
