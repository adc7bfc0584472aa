"""The verdict of `aidledger check`: every data problem, then the warnings, and the exit code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from aidledger.engine.context import ledger_context
from aidledger.engine.findings import Finding, Severity
from aidledger.engine.rules import evaluate
from aidledger.errors import ExitCode, Problem
from aidledger.model.ledger import Ledger
from aidledger.model.validate import validate

FailOn = Literal["warn", "fail", "never"]
"""The lowest severity of warning that fails the check (`check --fail-on`)."""

FAILING: dict[FailOn, frozenset[Severity]] = {
    "warn": frozenset({"warn", "fail"}),
    "fail": frozenset({"fail"}),
    "never": frozenset(),
}


@dataclass(frozen=True)
class CheckResult:
    """Problems in the data and warnings about the team; the exit code follows from both.

    `fail_on` is the gate: with `fail`, the default, the charter's levels alone decide.
    Every renderer reads `fails`, `exit_code` and `ok` from here, so the verdict line,
    the JSON `ok`, the annotations and the exit code agree whatever the gate.
    """

    errors: tuple[Problem, ...]
    warnings: tuple[Finding, ...]
    fail_on: FailOn = "fail"

    def fails(self, finding: Finding) -> bool:
        """Whether this warning, on its own, fails the check under the gate."""
        return finding.severity in FAILING[self.fail_on]

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The warnings that fail the check under the gate, in order."""
        return tuple(finding for finding in self.warnings if self.fails(finding))

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.INVALID
        if self.failing:
            return ExitCode.WARNINGS_FAILED
        return ExitCode.OK

    @property
    def ok(self) -> bool:
        return self.exit_code == ExitCode.OK


def check_ledger(
    ledger: Ledger | None,
    problems: tuple[Problem, ...],
    *,
    today: date,
    as_of: date,
    fail_on: FailOn = "fail",
) -> CheckResult:
    """Every problem at once (dates in the future compare with `today`); warnings if none."""
    errors = tuple(sorted((*problems, *(validate(ledger, today) if ledger else ()))))
    if errors or ledger is None:
        return CheckResult(errors, (), fail_on)
    return CheckResult((), evaluate(ledger_context(ledger, as_of)), fail_on)
