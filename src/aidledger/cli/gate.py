"""`check --fail-on`: which severity of warning turns the verdict into exit code 1."""

# This is a policy over the engine's verdict; it sits here, imported only when `check` runs,
# so that no other command pays for importing the engine at start-up.

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aidledger.engine.check import CheckResult
from aidledger.engine.findings import Severity
from aidledger.errors import ExitCode

FailOn = Literal["warn", "fail", "never"]

FAILING: dict[FailOn, frozenset[Severity]] = {
    "warn": frozenset({"warn", "fail"}),
    "fail": frozenset({"fail"}),
    "never": frozenset(),
}


@dataclass(frozen=True)
class GatedResult(CheckResult):
    """A verdict whose exit code follows `--fail-on`; with `fail`, the charter's levels alone.

    Every renderer reads the exit code and `ok` from the result, so the verdict line, the
    JSON `ok` and the exit code agree whatever the gate. Invalid data always exits 2.
    """

    fail_on: FailOn = "fail"

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.INVALID
        failing = FAILING[self.fail_on]
        if any(finding.severity in failing for finding in self.warnings):
            return ExitCode.WARNINGS_FAILED
        return ExitCode.OK
