"""`check --quiet` and `--verbose`: how much of the verdict the table shows, never the exit code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

CHECK = ("--root", str(EXAMPLE), "check", "--as-of", EXAMPLE_LAST_DAY)
LATER = {"AIDLEDGER_TODAY": "2026-11-27"}


def _not_judged(run: Run) -> int:
    warnings = json.loads(run(*CHECK, "--format", "json", env=LATER).stdout)["warnings"]
    return sum(1 for warning in warnings if warning["id"] == "insufficient-data")


def test_default_folds_the_notes_into_one_line(run: Run) -> None:
    """Checks that could not judge are one line with their count, pointing to --verbose."""
    result = run(*CHECK, env=LATER)
    assert result.exit_code == 1
    assert "insufficient-data" not in result.stdout
    count = _not_judged(run)
    assert count > 1
    line = f"{count} checks could not judge yet for lack of data; --verbose lists them"
    assert line in result.stdout.splitlines()
    assert "warn: isolated-member [ines]" in result.stdout


def test_verbose_lists_every_note(run: Run) -> None:
    """--verbose shows each check that could not judge, and no count line."""
    result = run(*CHECK, "--verbose", env=LATER)
    assert result.exit_code == 1
    notes = [line for line in result.stdout.splitlines() if line.startswith("info: ")]
    assert len(notes) == _not_judged(run)
    assert "--verbose lists them" not in result.stdout


def test_quiet_shows_only_failures_and_the_verdict(run: Run) -> None:
    """--quiet keeps the `fail` findings and one verdict line: no warn, no info, no count."""
    result = run(*CHECK, "--quiet", env=LATER)
    assert result.exit_code == 1
    findings = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert findings[-1].startswith("check: failed, 7 fail and 3 warn (exit 1)")
    assert all(line.startswith("fail: ") for line in findings[:-1])
    assert len(findings) == 8
    assert "could not judge" not in result.stdout


def test_quiet_keeps_problems_in_the_data(run: Run, ledger: Path) -> None:
    """Invalid data is listed in full under --quiet, and still exits 2."""
    (ledger / "exchanges" / "broken.toml").write_text("[[exchange]]\nid = 1\n")
    result = run("check", "--quiet")
    assert result.exit_code == 2
    assert "broken.toml" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("check: ")


def test_quiet_on_a_new_ledger_is_one_line(run: Run, ledger: Path) -> None:
    """A ledger with no help logged passes, and --quiet says only the verdict."""
    result = run("check", "--quiet")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "check: passed, the data is valid and no warning is raised as of 2026-03-10"
    ]


def test_quiet_and_verbose_together_are_refused(run: Run) -> None:
    """Asking for less and for more at once is a usage error, exit 2, with nothing on stdout."""
    result = run(*CHECK, "--quiet", "--verbose", env=LATER)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--quiet and --verbose" in result.stderr


@pytest.mark.parametrize("chosen", ["json", "github"])
def test_other_formats_ignore_the_detail(run: Run, chosen: str) -> None:
    """JSON and GitHub annotations are the same with --quiet, --verbose or neither."""
    plain = run(*CHECK, "--format", chosen, env=LATER)
    for flag in ("--quiet", "--verbose"):
        other = run(*CHECK, "--format", chosen, flag, env=LATER)
        assert (other.exit_code, other.stdout) == (plain.exit_code, plain.stdout)


def test_table_is_the_name_and_text_its_alias(run: Run) -> None:
    """--format table is the default table; --format text, its old name, prints the same."""
    default = run(*CHECK, env=LATER)
    for name in ("table", "text"):
        result = run(*CHECK, "--format", name, env=LATER)
        assert (result.exit_code, result.stdout) == (default.exit_code, default.stdout)


def test_quiet_under_fail_on_warn_shows_the_warnings_that_failed(
    run: Run, example_copy: Path
) -> None:
    """--quiet --fail-on warn lists the `warn` findings that failed the gate, then the verdict."""
    charter = example_copy / "charter.toml"
    text = re.sub(r"(?m)^fail = .*$", "fail = false", charter.read_text(encoding="utf-8"))
    charter.write_text(text, encoding="utf-8")
    check = ("--root", str(example_copy), "check", "--as-of", EXAMPLE_LAST_DAY)
    result = run(*check, "--quiet", "--fail-on", "warn", env=LATER)
    assert result.exit_code == 1
    findings = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    warns = int(re.search(r"0 fail and (\d+) warn", findings[-1]).group(1))  # type: ignore[union-attr]
    assert warns > 0
    assert findings[:-1] and all(line.startswith("warn: ") for line in findings[:-1])
    assert len(findings) == warns + 1
    assert "info: " not in result.stdout
    passing = run(*check, "--quiet", env=LATER)
    assert passing.exit_code == 0
    assert len(passing.stdout.splitlines()) == 1
