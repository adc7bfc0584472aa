"""Measure aidledger's speed on real help networks (shared/data) and print a table.

The commit-trailer histories of shared/data, written one file per exchange and packed by
year: the time to load and to compute in-process, and `report` and `check` as commands.
It complements the synthetic benchmark of benchmarks/bench.py (docs/performance.md).
Run with `.venv/bin/python benchmarks/real_data.py` or `make bench BENCH_ARGS=--real-data`;
it needs the shared/ folder beside the repository.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trailers import REPOSITORY, read_events, write_folder

from aidledger.engine.context import ledger_context
from aidledger.engine.report import team_report
from aidledger.engine.rules import evaluate
from aidledger.store.load import load_ledger

DATA = REPOSITORY.parent / "shared" / "data"
AIDLEDGER = Path(sys.executable).with_name("aidledger")
RUNS = 5


def best_of(runs: int, action: object) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return min(timings)


def command_seconds(*args: str, runs: int = RUNS, cache: bool = True) -> float:
    """Median wall time of a command; without `cache`, every file is parsed afresh."""
    environment = {**os.environ, "AIDLEDGER_NO_CACHE": "0" if cache else "1"}

    def call() -> None:
        subprocess.run(args, check=False, capture_output=True, env=environment)

    return statistics.median(best_of(1, call) for _ in range(runs))


def age(root: Path) -> None:
    """Make the files look written an hour ago, as a ledger's history is."""
    an_hour_ago = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))


def in_process(root: Path) -> tuple[float, float]:
    today = date(2026, 11, 27)
    load = best_of(3, lambda: load_ledger(root, today))
    ledger = load_ledger(root, today)

    def compute() -> None:
        context = ledger_context(ledger, date(2026, 8, 20))
        team_report("T", context, evaluate(context))

    return load, best_of(3, compute)


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}: the benchmark needs shared/data beside the repository")
        return 2
    header = ("data set", "rows", "load", "engine", "report", "cached", "check")
    widths = (-42, 6, 8, 8, 11, 11, 10)
    print(
        " ".join(
            f"{text:<{-width}}" if width < 0 else f"{text:>{width}}"
            for text, width in zip(header, widths, strict=True)
        )
    )
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("git-project-trailers.tsv", "tldr-trailers.tsv"):
            rows = read_events(DATA / name)
            for packed in (False, True):
                root = Path(scratch) / f"{name}-{packed}"
                write_folder(rows, root, packed=packed)
                age(root)
                os.environ["AIDLEDGER_NO_CACHE"] = "1"
                load, engine = in_process(root)
                del os.environ["AIDLEDGER_NO_CACHE"]
                report = ("report", "--root", str(root), "--as-of", rows[-1]["date"])
                cold = command_seconds(str(AIDLEDGER), *report, "--format", "json", cache=False)
                warm = command_seconds(str(AIDLEDGER), *report, "--format", "json")
                check = command_seconds(str(AIDLEDGER), "check", *report[1:], "--format", "json")
                label = f"{name} ({'packed by year' if packed else 'one file each'})"
                figures = f"{load:>7.3f}s {engine:>7.3f}s {cold:>10.3f}s {warm:>10.3f}s"
                print(f"{label:<42} {len(rows):>6} {figures} {check:>9.3f}s")
        root = Path(scratch) / "log"
        write_folder(read_events(DATA / "tldr-trailers.tsv"), root)
        log = command_seconds(
            str(AIDLEDGER),
            "log",
            "--root",
            str(root),
            "--helper",
            "p0002",
            "--helped",
            "p0001",
            "30m",
            "benchmark",
            "--date",
            "2026-01-01",
        )
        imports = command_seconds(sys.executable, "-c", "import typer")
        help_only = command_seconds(str(AIDLEDGER), "--version")
    print()
    print(f"log one exchange (5,000-record ledger): {log:.3f}s")
    print(f"python -c 'import typer':               {imports:.3f}s")
    print(f"aidledger --version:                    {help_only:.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
