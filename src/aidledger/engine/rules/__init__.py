"""The registry of warnings, in catalogue order, and the evaluation of all of them.

Every warning is declared once, as a `WarningSpec` in the module of its family:
`balance` (one-way help, net balance), `team` (concentration, shallow pool,
participation), `load` (overload, overhead), `style` (dependency, teaching,
usefulness), `follow_up` (confirmations, isolation, requests) and `cadence` (the
regular exchange meeting).
"""

from __future__ import annotations

from aidledger.engine.context import Context
from aidledger.engine.findings import Finding
from aidledger.engine.rules import balance, cadence, follow_up, load, style, team
from aidledger.engine.rules.spec import Skip, Thresholds, WarningSpec, not_judged
from aidledger.model.charter import MINIMUM_KEYS, Charter, WarningId

REGISTRY: dict[WarningId, WarningSpec] = {
    spec.id: spec
    for spec in (
        *balance.SPECS,
        *team.SPECS,
        *load.SPECS,
        *style.SPECS,
        *follow_up.SPECS,
        *cadence.SPECS,
    )
}


def _overlay(charter_value: float | bool | None, default: float | None) -> float | None:
    if charter_value is None:
        return default
    if charter_value is False:
        return None
    return float(charter_value)


def thresholds(charter: Charter, warning_id: WarningId) -> Thresholds:
    """The settings in force for one warning: the charter's where given, else the default."""
    default = REGISTRY[warning_id].defaults
    rule = charter.warnings.get(warning_id)
    if rule is None:
        return default
    minimums = {
        key: getattr(rule, key) if getattr(rule, key) is not None else getattr(default, key)
        for key in MINIMUM_KEYS
    }
    return Thresholds(
        enabled=rule.enabled,
        warn=_overlay(rule.warn, default.warn),
        fail=_overlay(rule.fail, default.fail),
        helper_warn=_overlay(rule.helper_warn, default.helper_warn),
        **minimums,
    )


def unknown_minimums(charter: Charter) -> tuple[tuple[str, ...], ...]:
    """Charter keys (`warnings`, id, key) setting a minimum that the warning does not have."""
    return tuple(
        ("warnings", warning_id, key)
        for warning_id, rule in charter.warnings.items()
        for key in MINIMUM_KEYS
        if getattr(rule, key) is not None and getattr(REGISTRY[warning_id].defaults, key) is None
    )


def evaluate(context: Context) -> tuple[Finding, ...]:
    """Every finding of the enabled checks, most severe first, in a stable order."""
    findings: list[Finding] = []
    for warning_id, spec in REGISTRY.items():
        limits = thresholds(context.charter, warning_id)
        if not limits.enabled:
            continue
        for outcome in spec.check(context, limits):
            if isinstance(outcome, Skip):
                findings.append(not_judged(warning_id, outcome))
            else:
                findings.append(outcome)
    return tuple(sorted(findings, key=Finding.sort_key))


__all__ = ["REGISTRY", "Thresholds", "WarningSpec", "evaluate", "thresholds", "unknown_minimums"]
