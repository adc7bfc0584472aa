"""`check --fail-on warn|fail|never`: how strict the gate is; invalid data always exits 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aidledger.engine.check import CheckResult, FailOn
from aidledger.engine.findings import Finding, NotJudged, Severity, ShortHistory
from aidledger.errors import ExitCode, Location, Problem
from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, Run

CHECK = ("--root", str(EXAMPLE), "check", "--as-of", EXAMPLE_LAST_DAY)
LATER = {"AIDLEDGER_TODAY": "2026-11-27"}
FORMATS = ["table", "json", "github", "gitlab"]
BROKEN = Problem(Location("members.toml", 3), "unknown field 'emial'")


def _warnings(*severities: Severity) -> tuple[Finding, ...]:
    facts = NotJudged("concentration", ShortHistory(28))
    return tuple(
        Finding("concentration", severity, (), None, None, facts) for severity in severities
    )


def _exit(fail_on: FailOn, *severities: Severity, invalid: bool = False) -> ExitCode:
    errors = (BROKEN,) if invalid else ()
    return CheckResult(errors, _warnings(*severities), fail_on).exit_code


def test_fail_is_the_engine_verdict() -> None:
    """`--fail-on fail`, the default, exits as the charter's levels say, as before."""
    cases: list[tuple[Severity, ...]] = [(), ("info",), ("warn",), ("fail",), ("warn", "fail")]
    for severities in cases:
        for invalid in (False, True):
            plain = CheckResult((BROKEN,) if invalid else (), _warnings(*severities))
            assert _exit("fail", *severities, invalid=invalid) == plain.exit_code


def test_warn_fails_on_a_warn_too() -> None:
    """`--fail-on warn` exits 1 on a `warn` or a `fail` warning, never on an `info` note."""
    assert _exit("warn", "warn") == ExitCode.WARNINGS_FAILED
    assert _exit("warn", "fail") == ExitCode.WARNINGS_FAILED
    assert _exit("warn", "info") == ExitCode.OK
    assert _exit("warn") == ExitCode.OK


def test_never_passes_every_warning() -> None:
    """`--fail-on never` exits 0 whatever the warnings say."""
    assert _exit("never", "fail", "warn", "info") == ExitCode.OK


@pytest.mark.parametrize("fail_on", ["warn", "fail", "never"])
def test_invalid_data_exits_2_whatever_the_gate(fail_on: FailOn) -> None:
    """Invalid data is never let through: exit 2 under every `--fail-on`."""
    assert _exit(fail_on, "fail", invalid=True) == ExitCode.INVALID


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize(("fail_on", "code"), [("fail", 1), ("warn", 1), ("never", 0)])
def test_example_exit_codes(run: Run, output_format: str, fail_on: str, code: int) -> None:
    """The example team (fail and warn warnings) exits as the gate says, in every format."""
    result = run(*CHECK, "--format", output_format, "--fail-on", fail_on, env=LATER)
    assert result.exit_code == code, result.stdout + result.stderr


def test_never_says_why_it_passed(run: Run) -> None:
    """The verdict of `--fail-on never` counts the warnings and says they do not stop it."""
    result = run(*CHECK, "--fail-on", "never", env=LATER)
    verdict = result.stdout.splitlines()[-1]
    assert verdict == (
        "check: passed, 7 fail and 3 warn do not stop it (--fail-on never) as of 2026-10-30"
    )
    document = json.loads(run(*CHECK, "--format", "json", "--fail-on", "never", env=LATER).stdout)
    assert document["ok"] is True


@pytest.fixture
def warned(example_copy: Path) -> Path:
    """The example team with every warning made advisory (`fail = false`): warns, no fails."""
    charter = example_copy / "charter.toml"
    text = re.sub(r"(?m)^fail = .*$", "fail = false", charter.read_text(encoding="utf-8"))
    charter.write_text(text, encoding="utf-8")
    return example_copy


def test_warn_turns_a_warn_into_exit_1(warned: Path, run: Run) -> None:
    """A ledger that passes with warnings fails under `--fail-on warn`, and says so."""
    check = ("--root", str(warned), "check", "--as-of", EXAMPLE_LAST_DAY)
    passed = run(*check, env=LATER)
    assert passed.exit_code == 0, passed.stdout
    assert passed.stdout.splitlines()[-1].startswith("check: passed with ")
    result = run(*check, "--fail-on", "warn", env=LATER)
    assert result.exit_code == 1
    assert re.fullmatch(
        r"check: failed, 0 fail and \d+ warn \(exit 1\) as of 2026-10-30",
        result.stdout.splitlines()[-1],
    )
    document = json.loads(run(*check, "--format", "json", "--fail-on", "warn", env=LATER).stdout)
    assert document["ok"] is False


@pytest.mark.parametrize("fail_on", ["warn", "fail", "never"])
def test_broken_file_exits_2(ledger: Path, run: Run, fail_on: str) -> None:
    """A broken record exits 2 whatever the gate."""
    folder = ledger / "exchanges" / "2026" / "02"
    folder.mkdir(parents=True)
    (folder / "2026-02-02-alice-bob-aaaaaa.toml").write_text("[[exchange]]\nid = 3\n")
    assert run("check", "--fail-on", fail_on).exit_code == 2


def test_an_unknown_gate_is_a_usage_error(ledger: Path, run: Run) -> None:
    """`--fail-on` takes warn, fail or never; anything else exits 2 and names the choices."""
    result = run("check", "--fail-on", "info")
    assert result.exit_code == 2
    assert "never" in result.stderr


def test_gate_decides_which_findings_fail() -> None:
    """`fails` follows the gate: warn and fail under `warn`, fail under `fail`, none else."""
    warn, fail, info = _warnings("warn", "fail", "info")
    assert CheckResult((), (), "warn").fails(warn)
    assert CheckResult((), (), "warn").fails(fail)
    assert not CheckResult((), (), "warn").fails(info)
    assert not CheckResult((), (), "fail").fails(warn)
    assert CheckResult((), (), "fail").fails(fail)
    assert not CheckResult((), (), "never").fails(fail)
    gated = CheckResult((), (warn, fail, info), "warn")
    assert gated.failing == (warn, fail)


def test_github_annotations_follow_the_gate(warned: Path, run: Run) -> None:
    """Under `--fail-on warn` a `warn` finding is an `::error` annotation; otherwise a warning."""
    check = ("--root", str(warned), "check", "--as-of", EXAMPLE_LAST_DAY, "--format", "github")
    default = run(*check, env=LATER).stdout.splitlines()
    assert any(line.startswith("::warning title=aidledger ") for line in default)
    assert not any(line.startswith("::error ") for line in default)
    gated = run(*check, "--fail-on", "warn", env=LATER).stdout.splitlines()
    assert any(line.startswith("::error title=aidledger ") for line in gated)
    assert not any(line.startswith("::warning ") for line in gated)
    assert len(gated) == len(default)
