"""The verdict of `aidledger check`: every data problem, then the warnings, and the exit code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aidledger.engine.context import ledger_context
from aidledger.engine.findings import Finding
from aidledger.engine.rules import evaluate
from aidledger.errors import ExitCode, Problem
from aidledger.model.ledger import Ledger
from aidledger.model.validate import validate


@dataclass(frozen=True)
class CheckResult:
    """Problems in the data and warnings about the team; the exit code follows from both."""

    errors: tuple[Problem, ...]
    warnings: tuple[Finding, ...]

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.INVALID
        if any(finding.severity == "fail" for finding in self.warnings):
            return ExitCode.WARNINGS_FAILED
        return ExitCode.OK

    @property
    def ok(self) -> bool:
        return self.exit_code == ExitCode.OK


def check_ledger(
    ledger: Ledger | None, problems: tuple[Problem, ...], *, today: date, as_of: date
) -> CheckResult:
    """Every problem at once (dates in the future compare with `today`); warnings if none."""
    errors = tuple(sorted((*problems, *(validate(ledger, today) if ledger else ()))))
    if errors or ledger is None:
        return CheckResult(errors, ())
    return CheckResult((), evaluate(ledger_context(ledger, as_of)))
