"""The thresholds in force: the charter's values laid over the built-in defaults."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from aidledger.engine.rules import REGISTRY, thresholds
from aidledger.errors import DataError
from aidledger.model.charter import Rules
from aidledger.store.load import check_charter_text

from .make import charter

DEFAULT_THRESHOLDS = {warning_id: spec.defaults for warning_id, spec in REGISTRY.items()}
CHARTERS = Path(__file__).resolve().parents[2] / "charters"


def test_no_warnings_table_gives_the_defaults() -> None:
    """A charter without a `[warnings.<id>]` table uses the default thresholds."""
    assert thresholds(charter(), "one-way-receiver") == DEFAULT_THRESHOLDS["one-way-receiver"]


def test_charter_values_replace_the_defaults() -> None:
    """A `warn` and a `fail` in the charter replace the defaults."""
    limits = thresholds(
        charter(warnings={"one-way-giver": {"warn": 0.7, "fail": 0.95}}), "one-way-giver"
    )
    default = DEFAULT_THRESHOLDS["one-way-giver"]
    assert limits == replace(default, warn=0.7, fail=0.95)


def test_a_missing_key_keeps_its_default() -> None:
    """A table that sets only `warn` keeps the default `fail`."""
    limits = thresholds(charter(warnings={"net-balance": {"warn": 5}}), "net-balance")
    assert (limits.warn, limits.fail) == (5.0, DEFAULT_THRESHOLDS["net-balance"].fail)


def test_integer_thresholds_become_floats() -> None:
    """A whole-number threshold in the charter is read as a number like any other."""
    limits = thresholds(charter(warnings={"net-balance": {"warn": 5, "fail": 12}}), "net-balance")
    assert limits.warn == 5.0
    assert isinstance(limits.fail, float)


def test_fail_false_means_no_fail_level() -> None:
    """`fail = false` removes the fail level: the warning never fails."""
    limits = thresholds(charter(warnings={"concentration": {"fail": False}}), "concentration")
    assert limits.fail is None
    assert limits.warn == DEFAULT_THRESHOLDS["concentration"].warn


def test_warn_false_means_no_warn_level() -> None:
    """`warn = false` removes the warn level and keeps the fail level."""
    limits = thresholds(charter(warnings={"concentration": {"warn": False}}), "concentration")
    assert limits.warn is None
    assert limits.fail == DEFAULT_THRESHOLDS["concentration"].fail


def test_zero_is_a_threshold_not_false() -> None:
    """A threshold of 0 is the number zero, not `false`."""
    limits = thresholds(charter(warnings={"unconfirmed": {"warn": 0}}), "unconfirmed")
    assert limits.warn == 0.0


def test_enabled_false_disables_and_keeps_the_levels() -> None:
    """`enabled = false` switches the warning off; its levels stay the defaults."""
    limits = thresholds(
        charter(warnings={"one-way-receiver": {"enabled": False}}), "one-way-receiver"
    )
    default = DEFAULT_THRESHOLDS["one-way-receiver"]
    assert limits == replace(default, enabled=False)


def test_helper_warn_overlays_like_the_others() -> None:
    """`helper_warn` is taken from the charter when given."""
    limits = thresholds(
        charter(warnings={"low-usefulness": {"helper_warn": 0.3}}), "low-usefulness"
    )
    assert limits.helper_warn == 0.3


def test_other_warnings_are_untouched_by_one_table() -> None:
    """Setting one warning's table leaves the others at their defaults."""
    limits = thresholds(charter(warnings={"one-way-giver": {"warn": 0.7}}), "one-way-receiver")
    assert limits == DEFAULT_THRESHOLDS["one-way-receiver"]


def test_fail_true_is_refused() -> None:
    """`fail = true` means nothing and is refused."""
    with pytest.raises(ValidationError):
        charter(warnings={"concentration": {"fail": True}})


def test_unknown_warning_id_is_refused() -> None:
    """A `[warnings.<id>]` table for an id the engine does not know is refused."""
    with pytest.raises(ValidationError):
        charter(warnings={"free-rider": {"warn": 0.2}})


def test_rules_default_to_a_90_day_window_counting_unconfirmed_help() -> None:
    """Without `[rules]`, the window is 90 days and unconfirmed help counts."""
    rules = charter().rules
    assert rules == Rules()
    assert (rules.window_days, rules.count_unconfirmed) == (90, True)


def test_every_default_threshold_has_a_warning_id() -> None:
    """The defaults cover every warning id in the catalogue, all enabled."""
    assert all(limits.enabled for limits in DEFAULT_THRESHOLDS.values())
    assert len(DEFAULT_THRESHOLDS) == 16


@pytest.mark.parametrize("template", sorted(path.name for path in CHARTERS.glob("*.toml")))
def test_shipped_charter_templates_are_valid(template: str) -> None:
    """Every charter template in `charters/` validates."""
    text = (CHARTERS / template).read_text(encoding="utf-8")
    assert check_charter_text(text, template).charter.title


def test_minimum_data_is_a_charter_setting_too() -> None:
    """`min_count` and its kin replace the built-in minimum of one warning."""
    limits = thresholds(
        charter(warnings={"one-way-receiver": {"min_count": 2, "fail_min_minutes": 60}}),
        "one-way-receiver",
    )
    default = DEFAULT_THRESHOLDS["one-way-receiver"]
    assert (limits.min_count, limits.min_minutes) == (2, default.min_minutes)
    assert (limits.fail_min_count, limits.fail_min_minutes) == (default.fail_min_count, 60)
    assert limits.enough(2, 120)
    assert not limits.enough(2, 119)


def test_a_minimum_a_warning_does_not_have_is_refused() -> None:
    """Setting a minimum on a warning without one is an error, with the line, not a no-op."""
    text = (CHARTERS / "default.toml").read_text("utf-8")
    text = text.replace("[warnings.stale-request]\n", "[warnings.stale-request]\nmin_count = 3\n")
    with pytest.raises(DataError) as raised:
        check_charter_text(text, "charter.toml")
    (problem,) = raised.value.problems
    assert problem.message == "warnings.stale-request.min_count: this warning has no such minimum"
    assert problem.location.line == text.splitlines().index("min_count = 3") + 1
