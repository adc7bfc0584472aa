"""Every charter the schema accepts is safe: no crash, and no `fail` from no data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from aidledger.engine.context import make_context
from aidledger.engine.report import statement, team_report
from aidledger.engine.rules import REGISTRY, evaluate
from aidledger.model.charter import MINIMUM_KEYS, Charter
from aidledger.model.records import Member
from aidledger.render.check import render_json as check_json
from aidledger.render.report import render_json as report_json
from aidledger.render.report import render_markdown as report_markdown
from aidledger.render.statement import render_text as statement_text

from .history import History, everything, histories
from .strategies import PROPERTY

levels = st.none() | st.just(False) | st.integers(0, 50) | st.floats(0, 50, allow_nan=False)
minimums = st.none() | st.integers(0, 6)


@st.composite
def charters(draw: st.DrawFn) -> Charter:
    """Any charter the schema accepts: every level, minimum and rule within its bounds."""
    warnings: dict[str, Any] = {}
    for warning_id, spec in REGISTRY.items():
        rule: dict[str, Any] = {
            "enabled": draw(st.booleans() | st.just(True)),
            "warn": draw(levels),
            "fail": draw(levels),
            "helper_warn": draw(levels),
        }
        for key in ("min_count", "min_minutes", "fail_min_count", "fail_min_minutes"):
            if getattr(spec.defaults, key) is not None:
                rule[key] = draw(minimums)
        warnings[warning_id] = {key: value for key, value in rule.items() if value is not None}
    rules = {
        "window_days": draw(st.integers(1, 3650)),
        "half_life_days": draw(st.integers(1, 3650)),
        "count_unconfirmed": draw(st.booleans()),
        "confirm_within_days": draw(st.integers(1, 3650)),
        "request_stale_days": draw(st.integers(1, 3650)),
        "work_minutes_per_week": draw(st.integers(60, 10080)),
    }
    return Charter.model_validate(
        {"charter": {"title": "Any"}, "rules": rules, "warnings": warnings}
    )


TODAY = date(2026, 11, 27)


def _everyone(count: int, joined: date) -> tuple[Member, ...]:
    return tuple(
        Member(handle=f"person-{index}", joined=joined, budget_minutes_per_week=0)
        for index in range(count)
    )


def _render_everything(context: Any) -> None:
    from aidledger.engine.check import CheckResult

    findings = evaluate(context)
    report = team_report("Team", context, findings)
    report_json(report)
    report_markdown(report)
    check_json(CheckResult((), findings), context.as_of)
    for member in context.members:
        statement_text(statement(member, "Team", context, findings), short=True)


def _strictest() -> Charter:
    """Every level 0, every minimum 0: the edge the schema allows that fails the most."""
    warnings = {
        warning_id: {
            "warn": 0,
            "fail": 0,
            "helper_warn": 0,
            **{key: 0 for key in MINIMUM_KEYS if getattr(spec.defaults, key) is not None},
        }
        for warning_id, spec in REGISTRY.items()
    }
    return Charter.model_validate({"charter": {"title": "Strictest"}, "warnings": warnings})


@PROPERTY
@given(charters(), st.integers(0, 4), st.integers(0, 2000), st.none() | st.integers(0, 2000))
@example(_strictest(), 3, 400, None)
@example(_strictest(), 1, 0, 0)
@example(_strictest(), 0, 0, None)
def test_no_data_never_fails(
    charter: Charter, people: int, joined_days_ago: int, started_days_ago: int | None
) -> None:
    """An empty team or a team with no exchange and no request never fails, whatever the charter."""
    joined = TODAY - timedelta(days=joined_days_ago)
    started = None if started_days_ago is None else TODAY - timedelta(days=started_days_ago)
    context = make_context(_everyone(people, joined), (), (), charter, TODAY, started)
    findings = evaluate(context)
    assert [finding for finding in findings if finding.severity == "fail"] == []
    _render_everything(context)


@PROPERTY
@given(charters(), histories(max_exchanges=25))
def test_any_charter_on_any_ledger_renders(charter: Charter, history: History) -> None:
    """Whatever the charter's values, evaluating and rendering every page never crashes."""
    context = make_context(*everything(history), charter, TODAY)
    _render_everything(context)
