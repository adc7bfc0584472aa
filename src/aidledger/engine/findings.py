"""What a warning says: its id, severity, who it concerns, the value and the threshold crossed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["info", "warn", "fail"]
SEVERITY_RANK: dict[Severity, int] = {"fail": 0, "warn": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One warning about the team's system of mutual aid, with a next step."""

    id: str
    severity: Severity
    members: tuple[str, ...]
    value: float | None
    threshold: float | None
    message: str
    suggestion: str
    scope: Literal["member", "team"] = "member"

    def sort_key(self) -> tuple[int, str, tuple[str, ...]]:
        return (SEVERITY_RANK[self.severity], self.id, self.members)


Comparison = Literal["at_most", "at_least", "below", "above"]


def crossed(value: float, threshold: float | None, comparison: Comparison) -> bool:
    """Whether `value` crosses `threshold` in the named direction; None never is crossed."""
    if threshold is None:
        return False
    if comparison == "at_most":
        return value <= threshold
    if comparison == "at_least":
        return value >= threshold
    if comparison == "below":
        return value < threshold
    return value > threshold


def grade(
    value: float,
    warn: float | None,
    fail: float | None,
    comparison: Comparison,
    *,
    fail_allowed: bool = True,
) -> tuple[Severity, float] | None:
    """The severity `value` earns and the threshold it crossed, or None when it is fine."""
    if fail_allowed and fail is not None and crossed(value, fail, comparison):
        return "fail", fail
    if warn is not None and crossed(value, warn, comparison):
        return "warn", warn
    return None
