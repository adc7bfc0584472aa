"""Time aidledger against the targets of issue 11 on synthetic ledgers and print one table.

`make bench` makes (or re-uses) synthetic data folders of 10,000 and 100,000 exchanges
(benchmarks/synthetic.py), exports each as an hledger journal with `aidledger export`,
and runs every command as a subprocess: the median wall time of several runs and the peak
resident memory of the largest of them. Each target of the issue is then set against what
was measured, met or not met. docs/performance.md explains every row.
`--quick` measures the small size only, once each, without ledger and hledger; the test
suite runs it at a tiny `--size` so that the benchmark keeps working.
`--real-data` then also runs benchmarks/real_data.py on the trailer histories of shared/.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic

from aidledger import __version__

BENCHMARKS = Path(__file__).resolve().parent
AS_OF = synthetic.LAST_DAY.isoformat()
TODAY = "2026-01-15"
SMALL_LEDGER = 500
SLOW_RUNS = 3
FAST_RUNS = 5
MEMORY_LIMIT_MIB = 300
SCALE_LIMIT = 11
STARTUP_LIMIT = 1.5
CHECK_LIMIT_SECONDS = 1.0
HEAVY_MODULES = ("pydantic", "yaml", "aidledger.engine")
ANCHORS = ("ledger", "hledger")
VERDICT_WORDS = {True: "met", False: "**not met**", None: "not measured"}


class BenchError(Exception):
    """A command of the benchmark failed: the numbers would mean nothing."""


@dataclass(frozen=True)
class Measurement:
    """One row: the median wall time and the peak memory of a command, or why it has none."""

    label: str
    seconds: float | None
    peak_mib: float | None
    runs: int
    missing: str = ""


@dataclass(frozen=True)
class Verdict:
    """One target of the issue, set against the row it belongs to (`subject`)."""

    subject: str
    target: str
    against: str
    met: bool | None


def default_cache() -> Path:
    """Generated ledgers live outside the repository: $AIDLEDGER_BENCH_CACHE, else the
    user's cache folder."""
    if configured := os.environ.get("AIDLEDGER_BENCH_CACHE"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aidledger-bench"


def aidledger() -> list[str]:
    script = Path(sys.executable).with_name("aidledger")
    return [str(script)] if script.exists() else [sys.executable, "-m", "aidledger"]


def environment() -> dict[str, str]:
    """The commands' environment: no developer settings, a fixed today, no colour."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith("AIDLEDGER")}
    return {**kept, "AIDLEDGER_TODAY": TODAY, "NO_COLOR": "1"}


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_once(argv: Sequence[str], stdout: Path | None = None) -> tuple[float, float]:
    """Run a command to its end: its wall time in seconds and its peak memory in MiB.

    The peak is the command's maximum resident set size, as `/usr/bin/time -v` shows it
    (measured by benchmarks/measure.py, which says why it is needed).
    """
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "measured"
        completed = subprocess.run(
            [sys.executable, "-I", "-S", str(BENCHMARKS / "measure.py"), str(report), *argv],
            capture_output=True,
            env=environment(),
            check=False,
        )
        # `check` exits 1 when the charter's warnings fail the gate: a result, not a failure.
        if completed.returncode not in (0, 1) or not report.exists():
            message = completed.stderr.decode(errors="replace")[-2000:]
            raise BenchError(f"`{' '.join(argv)}` exited {completed.returncode}:\n{message}")
        seconds, kibibytes = report.read_text(encoding="utf-8").split()
    if stdout is not None:
        stdout.write_bytes(completed.stdout)
    return float(seconds), int(kibibytes) / 1024


def measure(
    label: str, argv: Sequence[str], runs: int, prepare: Callable[[], None] | None = None
) -> Measurement:
    """The median time of `runs` runs, each after `prepare`, and the largest peak memory."""
    note(f"measuring {label} ({runs} run{'s' if runs > 1 else ''})")
    timings, peaks = [], []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        seconds, peak = run_once(argv)
        timings.append(seconds)
        peaks.append(peak)
    return Measurement(label, statistics.median(timings), max(peaks), runs)


def without_cache(root: Path) -> Callable[[], None]:
    """Remove the record cache, as on a fresh clone: the run parses every file and writes it."""
    return lambda: shutil.rmtree(root / ".aidledger", ignore_errors=True)


def count(size: int) -> str:
    return f"{size:,}"


@dataclass(frozen=True)
class Ledger:
    """A generated data folder and its journal."""

    size: int
    root: Path
    journal: Path


def prepare_ledger(cache: Path, size: int, *, journal: bool) -> Ledger:
    """The synthetic ledger of `size` exchanges, made unless current; its journal if asked."""
    folder = cache / f"ledger-{size}"
    root = folder / "data"
    if not synthetic.is_current(root, size):
        note(f"generating {count(size)} exchanges in {root}")
        synthetic.generate(root, size)
    exported = folder / f"journal-{__version__}.hledger"
    if journal and (not exported.exists() or exported.stat().st_mtime < _stamp_time(root)):
        note(f"exporting {count(size)} exchanges to {exported}")
        run_once([*aidledger(), "export", "--format", "hledger", "--root", str(root)], exported)
    return Ledger(size, root, exported)


def _stamp_time(root: Path) -> float:
    return (root / synthetic.STAMP_FILE).stat().st_mtime


def report_rows(ledger: Ledger, runs: int) -> list[Measurement]:
    """`report` with no cache, then with the cache warm (one untimed run warms it)."""
    report = [*aidledger(), "report", "--root", str(ledger.root), "--as-of", AS_OF]
    cold = measure(
        f"report, {count(ledger.size)}, no cache", report, runs, without_cache(ledger.root)
    )
    run_once(report)
    warm = measure(f"report, {count(ledger.size)}, cache warm", report, runs)
    return [cold, warm]


def skipped_reports(small: int) -> list[Measurement]:
    """The rows of the large size, empty in a quick run."""
    big = count(10 * small)
    return [
        Measurement(f"report, {big}, {state}", None, None, 0, "not run (--quick)")
        for state in ("no cache", "cache warm")
    ]


def check_row(ledger: Ledger, runs: int) -> Measurement:
    check = [*aidledger(), "check", "--root", str(ledger.root), "--as-of", AS_OF]
    return measure(
        f"check, {count(ledger.size)}, no cache", check, runs, without_cache(ledger.root)
    )


def writing_rows(small: Ledger, scratch: Path, runs: int) -> list[Measurement]:
    """`thanks` and `log` on a copy of a small ledger (each run adds one exchange to it)."""
    root = scratch / "small"
    shutil.copytree(small.root, root)
    run_once([*aidledger(), "report", "--root", str(root), "--as-of", AS_OF])
    common = ("--root", str(root), "--date", AS_OF)
    thanks = [*aidledger(), "thanks", "ada", "30m", "benchmark", "--as", "bo", *common]
    log = [*aidledger(), "log", "--helper", "ada", "--helped", "bo", "30m", "benchmark"]
    return [
        measure(f"thanks, {count(small.size)}", thanks, runs),
        measure(f"log, {count(small.size)}", [*log, "--as", "ada", *common], runs),
    ]


def startup_rows(runs: int) -> list[Measurement]:
    return [
        measure("aidledger --help", [*aidledger(), "--help"], runs),
        measure("aidledger --version", [*aidledger(), "--version"], runs),
        measure('python -c "import typer"', [sys.executable, "-c", "import typer"], runs),
    ]


def anchor_rows(ledgers: Sequence[Ledger], runs: int, missing: dict[str, str]) -> list[Measurement]:
    """`ledger bal` and `hledger bal` over the same exchanges, or why they were not run."""
    rows = []
    for tool in ANCHORS:
        for ledger in ledgers:
            label = f"{tool} -f J bal, {count(ledger.size)}"
            if tool in missing:
                rows.append(Measurement(label, None, None, 0, missing[tool]))
            else:
                rows.append(measure(label, [tool, "-f", str(ledger.journal), "bal"], runs))
    return rows


def heavy_imports(*args: str) -> tuple[str, ...]:
    """Which of pydantic, yaml and aidledger.engine `aidledger ARGS` imports."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aidledger", *args],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    # A start that failed, or printed no import times, would look like one that is light.
    if completed.returncode != 0 or "aidledger" not in modules:
        raise BenchError(f"`aidledger {' '.join(args)}` exited {completed.returncode}")
    return tuple(
        heavy
        for heavy in HEAVY_MODULES
        if any(module == heavy or module.startswith(heavy + ".") for module in modules)
    )


def install_anchors(allowed: bool) -> dict[str, str]:
    """Install ledger and hledger with apt-get where it can; why each still missing is."""
    missing = [tool for tool in ANCHORS if shutil.which(tool) is None]
    if missing and allowed and os.geteuid() == 0 and shutil.which("apt-get"):
        note(f"installing {' '.join(missing)} with apt-get")
        install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(install, check=False, env=apt_env).returncode != 0:
            subprocess.run(["apt-get", "update"], check=False, env=apt_env)
            subprocess.run(install, check=False, env=apt_env)
        missing = [tool for tool in ANCHORS if shutil.which(tool) is None]
    for tool in missing:
        note(f"{tool} is not installed: `sudo apt-get install {tool}` adds it; its rows are empty")
    return dict.fromkeys(missing, "not installed")


def _row(rows: Sequence[Measurement], label: str) -> Measurement | None:
    return next((row for row in rows if row.label == label and row.seconds is not None), None)


def _ratio(
    subject: Measurement | None, base: Measurement | None, limit: float
) -> tuple[str, bool | None]:
    if subject is None or base is None or subject.seconds is None or base.seconds is None:
        return "not measured", None
    ratio = subject.seconds / base.seconds
    return f"{ratio:.2f}×", ratio <= limit


def verdicts(
    rows: Sequence[Measurement], small: int, large: int, imports: dict[str, tuple[str, ...]]
) -> list[Verdict]:
    """Every target of issue 11, set against the rows measured."""
    s, big = count(small), count(large)
    cold, warm = f"report, {big}, no cache", f"report, {big}, cache warm"
    small_cold, small_warm = f"report, {s}, no cache", f"report, {s}, cache warm"
    typer = _row(rows, 'python -c "import typer"')
    pairs = [
        (cold, f"hledger -f J bal, {big}", 1, f"≤ 1× `hledger bal`, {big}"),
        (cold, small_cold, SCALE_LIMIT, f"≤ {SCALE_LIMIT}× report, {s}, no cache"),
        (warm, f"ledger -f J bal, {big}", 1, f"≤ 1× `ledger bal`, {big}"),
        (warm, small_warm, SCALE_LIMIT, f"≤ {SCALE_LIMIT}× report, {s}, cache warm"),
    ]
    found = []
    for subject, base, limit, target in pairs:
        found.append(
            Verdict(subject, target, *_ratio(_row(rows, subject), _row(rows, base), limit))
        )
    found.append(_memory(rows, cold, warm, big))
    found.append(_check(_row(rows, f"check, {s}, no cache"), s))
    for command in (
        f"thanks, {count(min(SMALL_LEDGER, small))}",
        f"log, {count(min(SMALL_LEDGER, small))}",
    ):
        against, met = _ratio(_row(rows, command), typer, STARTUP_LIMIT)
        found.append(Verdict(command, f"≤ {STARTUP_LIMIT}× `import typer`", against, met))
    for args, heavy in imports.items():
        against = "imports " + ", ".join(heavy) if heavy else "imports none of them"
        target = "imports neither pydantic, yaml nor aidledger.engine"
        found.append(Verdict(f"aidledger {args}", target, against, not heavy))
    return found


def _check(check: Measurement | None, small: str) -> Verdict:
    target = f"< {CHECK_LIMIT_SECONDS:g} s"
    if check is None or check.seconds is None:
        return Verdict(f"check, {small}, no cache", target, "not measured", None)
    met = check.seconds < CHECK_LIMIT_SECONDS
    return Verdict(check.label, target, f"{check.seconds:.2f} s", met)


def _memory(rows: Sequence[Measurement], cold: str, warm: str, big: str) -> Verdict:
    peaks = [row.peak_mib for row in rows if row.label in (cold, warm) and row.peak_mib]
    target = f"peak memory at {big} < {MEMORY_LIMIT_MIB} MiB"
    if not peaks:
        return Verdict(cold, target, "not measured", None)
    return Verdict(cold, target, f"{max(peaks):,.0f} MiB", max(peaks) < MEMORY_LIMIT_MIB)


def _seconds(row: Measurement) -> str:
    if row.seconds is None:
        return row.missing
    return f"{row.seconds:.3f} s" if row.seconds < 1 else f"{row.seconds:.2f} s"


def render_table(rows: Sequence[Measurement], found: Sequence[Verdict]) -> str:
    """One Markdown table: a line per measurement, then a line per further target of it."""
    lines = [
        "| measurement | median | peak memory | runs | target (issue 11) | measured | verdict |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    for row in rows:
        memory = f"{row.peak_mib:,.0f} MiB" if row.peak_mib is not None else ""
        cells = [f"`{row.label}`", _seconds(row), memory, str(row.runs or "")]
        targets = [
            [verdict.target, verdict.against, VERDICT_WORDS[verdict.met]]
            for verdict in found
            if verdict.subject == row.label
        ]
        for target in targets or [["", "", ""]]:
            lines.append("| " + " | ".join([*cells, *target]) + " |")
            cells = ["", "", "", ""]
    met_count = sum(verdict.met is True for verdict in found)
    lines.append("")
    lines.append(f"Targets met: {met_count} of {len(found)}.")
    return "\n".join(lines)


def machine(ledgers: Sequence[Ledger], runs: tuple[int, int], load_before: float) -> str:
    """The machine, the tools and the data, as a list above the table."""
    sizes = " and ".join(count(ledger.size) for ledger in ledgers)
    small = count(min(SMALL_LEDGER, ledgers[0].size))
    lines = (
        f"- machine: {_cores()} cores, {_memory_size()} of memory,"
        f" {platform.system()} {platform.machine()}, Python {platform.python_version()}",
        f"- measured: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, with {'; '.join(_versions())}",
        f"- load average: {load_before:.1f} before the runs, {os.getloadavg()[0]:.1f} after"
        " (other processes on the machine slow the figures down)",
        f"- data: synthetic ledgers of {sizes} exchanges (benchmarks/synthetic.py, seed"
        f" {synthetic.SEED}), one file each; `thanks` and `log` on a ledger of {small}",
        f"- runs: {_runs(runs)}",
    )
    return "\n".join(lines)


def _cores() -> int | None:
    """The cores this process may use, as `nproc` counts them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def _memory_size() -> str:
    meminfo = Path("/proc/meminfo")
    if not meminfo.exists():
        return "unknown"
    first = meminfo.read_text(encoding="utf-8").split("\n", 1)[0]
    return f"{int(first.split()[1]) / 1024 / 1024:.1f} GiB"


def _versions() -> list[str]:
    versions = [f"aidledger {__version__}"]
    for tool in ANCHORS:
        if shutil.which(tool):
            shown = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
            versions.append(shown.stdout.splitlines()[0].split(",")[0] if shown.stdout else tool)
    return versions


def _runs(runs: tuple[int, int]) -> str:
    if runs == (1, 1):
        return "one run each"
    return f"medians of {runs[0]} runs ({runs[1]} at the largest size and for ledger and hledger)"


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small size only, one run each")
    parser.add_argument("--size", type=int, default=10_000, help="small size (large: 10×)")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="generated ledgers")
    parser.add_argument("--no-install", action="store_true", help="never run apt-get")
    parser.add_argument("--real-data", action="store_true", help="also run real_data.py")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    quick = arguments.quick
    fast_runs, slow_runs = (1, 1) if quick else (FAST_RUNS, SLOW_RUNS)
    sizes = [arguments.size] if quick else [arguments.size, 10 * arguments.size]
    missing = dict.fromkeys(ANCHORS, "not run (--quick)") if quick else {}
    missing = missing or install_anchors(not arguments.no_install)
    try:
        ledgers = [prepare_ledger(arguments.cache, size, journal=not quick) for size in sizes]
        small = prepare_ledger(arguments.cache, min(SMALL_LEDGER, arguments.size), journal=False)
        load_before = os.getloadavg()[0]
        rows = report_rows(ledgers[0], fast_runs)
        rows += report_rows(ledgers[1], slow_runs) if not quick else skipped_reports(sizes[0])
        rows.append(check_row(ledgers[0], fast_runs))
        with tempfile.TemporaryDirectory() as scratch:
            rows += writing_rows(small, Path(scratch), fast_runs)
        rows += startup_rows(fast_runs)
        rows += anchor_rows(ledgers, slow_runs, missing)
        imports = {args: heavy_imports(args) for args in ("--help", "--version")}
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    found = verdicts(rows, sizes[0], 10 * sizes[0], imports)
    print(machine(ledgers, (fast_runs, slow_runs), load_before))
    print()
    print(render_table(rows, found))
    if arguments.real_data:
        return subprocess.run(
            [sys.executable, str(BENCHMARKS / "real_data.py")], check=False
        ).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
