"""The charter in force on a day, its version, and what changed between two charters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.charter_on import charter_on, charter_version
from aidledger.engine.charter_terms import (
    charter_diff,
    charter_terms,
    rule_settings,
    signed_already,
    warning_settings,
)
from aidledger.engine.context import make_context
from aidledger.engine.rules import thresholds
from aidledger.errors import DataError
from aidledger.model.charter import Charter, Rules
from aidledger.store.load import check_charter_text
from tests.property.strategies import PROPERTY

from .make import charter, members

SEPTEMBER = date(2026, 9, 1)


def with_change(**change: Any) -> Charter:
    return charter(
        rules={"window_days": 90},
        warnings={"concentration": {"warn": 0.2, "fail": 0.35}},
        change=[change],
    )


def test_a_change_applies_from_its_day() -> None:
    """A `[[change]]` of `since` D sets its keys on D and after, not before."""
    changed = with_change(since=SEPTEMBER, rules={"window_days": 60})
    assert charter_on(changed, SEPTEMBER - timedelta(days=1)).rules.window_days == 90
    assert charter_on(changed, SEPTEMBER).rules.window_days == 60
    assert charter_on(changed, date(2030, 1, 1)).rules.window_days == 60


def test_a_change_keeps_the_keys_it_does_not_write() -> None:
    """A change of `warn` keeps the charter's `fail` and every other rule."""
    changed = with_change(since=SEPTEMBER, warnings={"concentration": {"warn": 0.3}})
    limits = thresholds(charter_on(changed, SEPTEMBER), "concentration")
    assert (limits.warn, limits.fail) == (0.3, 0.35)
    assert charter_on(changed, SEPTEMBER).rules == Rules(window_days=90)


def test_a_change_of_a_warning_the_charter_does_not_name_starts_from_its_defaults() -> None:
    """A change may set a level of a warning that has no `[warnings.<id>]` table."""
    changed = with_change(since=SEPTEMBER, warnings={"net-balance": {"fail": False}})
    before = thresholds(charter_on(changed, SEPTEMBER - timedelta(days=1)), "net-balance")
    after = thresholds(charter_on(changed, SEPTEMBER), "net-balance")
    assert before.fail is not None
    assert after.fail is None
    assert after.warn == before.warn


def test_changes_apply_in_date_order_whatever_the_file_order() -> None:
    """A later change overrides an earlier one, even written above it."""
    changed = charter(
        change=[
            {"since": date(2026, 10, 1), "rules": {"window_days": 30}},
            {"since": SEPTEMBER, "rules": {"window_days": 60}},
        ]
    )
    assert charter_on(changed, date(2026, 9, 15)).rules.window_days == 60
    assert charter_on(changed, date(2026, 10, 1)).rules.window_days == 30


def test_the_charter_of_a_day_holds_no_change() -> None:
    """The result is resolved: nothing downstream can apply a change twice."""
    changed = with_change(since=SEPTEMBER, rules={"window_days": 60})
    assert charter_on(changed, SEPTEMBER).change == ()


def test_a_charter_without_changes_is_its_own_charter_of_any_day() -> None:
    """No change, nothing to do: the same object comes back."""
    plain = charter(rules={"window_days": 45})
    assert charter_on(plain, SEPTEMBER) is plain


def test_the_context_of_a_day_uses_the_rules_in_force_that_day() -> None:
    """make_context reads the charter as of its day: the window follows the change."""
    changed = with_change(since=SEPTEMBER, rules={"window_days": 30})
    early = make_context(members("alice"), (), (), changed, date(2026, 8, 31))
    late = make_context(members("alice"), (), (), changed, date(2026, 9, 30))
    assert early.window.since == date(2026, 8, 31) - timedelta(days=89)
    assert late.window.since == date(2026, 9, 1)


# --- the version ----------------------------------------------------------------------------


def test_the_version_ignores_layout_comments_and_signatures() -> None:
    """Two files that say the same thing, signed or not, have one version."""
    one = check_charter_text('[charter]\ntitle = "T"\n[rules]\nwindow_days = 60\n', "a.toml")
    other = check_charter_text(
        "# comment\n[rules]\nwindow_days = 60   # two months\n\n[charter]\ntitle = 'T'\n"
        '[[signature]]\nhandle = "bob"\non = 2026-01-02\n',
        "b.toml",
    )
    assert charter_version(one) == charter_version(other)
    assert len(charter_version(one)) == 8


def test_the_version_changes_with_a_rule_a_text_or_a_change() -> None:
    """Any change to what the team wrote gives a new version."""
    base = charter(rules={"window_days": 60})
    versions = {
        charter_version(base),
        charter_version(charter(rules={"window_days": 61})),
        charter_version(charter(rules={"window_days": 60}, charter={"title": "Other"})),
        charter_version(
            charter(rules={"window_days": 60}, change=[{"since": SEPTEMBER, "rules": {}}])
        ),
    }
    assert len(versions) == 4


def test_a_whole_number_level_is_the_same_version_as_its_float() -> None:
    """`warn = 1` and `warn = 1.0` are one level, and one version."""
    assert charter_version(charter(warnings={"unconfirmed": {"warn": 1}})) == charter_version(
        charter(warnings={"unconfirmed": {"warn": 1.0}})
    )


def test_signed_already_finds_only_a_signature_of_this_version() -> None:
    """An older version's signature does not count as signing the current one."""
    base = charter()
    version = charter_version(base)
    signed = charter(
        signature=[
            {"handle": "alice", "on": date(2026, 1, 2), "version": "0" * 8},
            {"handle": "bob", "on": date(2026, 1, 2), "version": version},
            {"handle": "carol", "on": date(2026, 1, 2)},
        ]
    )
    assert signed_already(signed, "alice") is None
    assert signed_already(signed, "carol") is None
    found = signed_already(signed, "bob")
    assert found is not None
    assert found.handle == "bob"


# --- the settings in force ------------------------------------------------------------------


def test_settings_say_who_set_them() -> None:
    """Default, the charter, or a change of a day: each setting names its source."""
    changed = with_change(since=SEPTEMBER, rules={"window_days": 60})
    rules = {setting.key: setting for setting in rule_settings(changed, SEPTEMBER)}
    assert (rules["window_days"].value, rules["window_days"].source) == (60, "change")
    assert rules["window_days"].since == SEPTEMBER
    assert rules["half_life_days"].source == "default"
    earlier = {setting.key: setting for setting in rule_settings(changed, date(2026, 1, 1))}
    assert (earlier["window_days"].value, earlier["window_days"].source) == (90, "charter")


def test_every_warning_level_is_listed_with_its_default() -> None:
    """A warning the charter does not name still shows, its levels the defaults."""
    settings = warning_settings(charter(), SEPTEMBER)
    named = {(setting.warning, setting.key) for setting in settings}
    assert ("net-balance", "warn") in named
    assert ("low-usefulness", "helper_warn") in named
    assert ("net-balance", "helper_warn") not in named
    assert all(setting.source == "default" for setting in settings)
    assert all(setting.value == setting.default for setting in settings)


def test_unsigned_lists_active_members_without_a_signature_of_this_version() -> None:
    """Members who left are not asked to sign."""
    team = (*members("alice", "bob"), *members("carol"))
    left = team[2].model_copy(update={"left": date(2026, 2, 1)})
    version = charter_version(charter())
    signed = charter(signature=[{"handle": "alice", "on": date(2026, 1, 2), "version": version}])
    terms = charter_terms(signed, date(2026, 3, 1), (*team[:2], left))
    assert terms.unsigned == ("bob",)


# --- the diff -------------------------------------------------------------------------------


def test_diff_names_the_rules_levels_and_texts_that_changed() -> None:
    """Writing out a default is no change; changing a level, a text or a change is."""
    before = charter(
        charter={"title": "T", "principles": ["One", "Two"]},
        rules={"window_days": 90},
    )
    after = charter(
        charter={"title": "T", "principles": ["One", "Three"]},
        warnings={"concentration": {"warn": 0.3}},
        change=[{"since": SEPTEMBER, "rules": {"window_days": 60}}],
    )
    found = {
        (difference.part, difference.name, difference.before, difference.after, difference.since)
        for difference in charter_diff(before, after).differences
    }
    assert found == {
        ("text", "principles", "Two", "Three", None),
        ("warnings", "warnings.concentration.warn", 0.2, 0.3, None),
        ("change", "rules.window_days", None, 60, SEPTEMBER),
    }


def test_a_level_switched_off_is_a_change_from_zero() -> None:
    """`false` is not 0: switching a level off at 0 is shown."""
    before = charter(warnings={"unconfirmed": {"warn": 0}})
    after = charter(warnings={"unconfirmed": {"warn": False}})
    assert [d.name for d in charter_diff(before, after).differences] == [
        "warnings.unconfirmed.warn"
    ]


def test_the_same_charter_has_no_difference() -> None:
    base = with_change(since=SEPTEMBER, rules={"window_days": 60})
    assert charter_diff(base, base).differences == ()


# --- the file -------------------------------------------------------------------------------


def test_a_change_may_not_set_a_minimum_the_warning_lacks() -> None:
    """As in `[warnings.<id>]`, a minimum the warning has none of is an error, with its line."""
    text = (
        '[charter]\ntitle = "T"\n\n[[change]]\nsince = 2026-09-01\n\n'
        "[change.warnings.stale-request]\nmin_count = 3\n"
    )
    with pytest.raises(DataError) as raised:
        check_charter_text(text, "charter.toml")
    assert [str(problem) for problem in raised.value.problems] == [
        "charter.toml:8: change.0.warnings.stale-request.min_count:"
        " this warning has no such minimum"
    ]


def test_a_change_needs_its_day() -> None:
    with pytest.raises(DataError) as raised:
        check_charter_text('[charter]\ntitle = "T"\n[[change]]\nnote = "x"\n', "charter.toml")
    assert "since" in str(raised.value.problems[0])


# --- the property ---------------------------------------------------------------------------

WINDOWS = st.integers(min_value=1, max_value=3650)
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
CHANGES = st.lists(
    st.fixed_dictionaries(
        {"since": DAYS},
        optional={
            "rules": st.fixed_dictionaries({}, optional={"window_days": WINDOWS}),
            "warnings": st.fixed_dictionaries(
                {},
                optional={
                    "concentration": st.fixed_dictionaries(
                        {},
                        optional={
                            "warn": st.floats(0, 1),
                            "fail": st.booleans().map(lambda _: False) | st.floats(0, 1),
                        },
                    )
                },
            ),
        },
    ),
    max_size=5,
)


@PROPERTY
@given(CHANGES, DAYS)
def test_the_rules_of_a_day_are_the_base_with_each_change_up_to_it_applied_in_order(
    changes: list[dict[str, Any]], day: date
) -> None:
    """Replaying by hand, key by key, the changes dated on or before the day, in date order
    (ties in file order), gives the rules and levels `charter_on` gives."""
    base: dict[str, Any] = {"window_days": 90, "warn": 0.2, "fail": 0.35}
    changed = charter(
        rules={"window_days": 90},
        warnings={"concentration": {"warn": 0.2, "fail": 0.35}},
        change=changes,
    )
    expected = dict(base)
    for change in sorted(changes, key=lambda change: change["since"]):
        if change["since"] <= day:
            expected.update(change.get("rules", {}))
            expected.update(change.get("warnings", {}).get("concentration", {}))
    in_force = charter_on(changed, day)
    limits = thresholds(in_force, "concentration")
    fail = None if expected["fail"] is False else expected["fail"]
    assert (in_force.rules.window_days, limits.warn, limits.fail) == (
        expected["window_days"],
        expected["warn"],
        fail,
    )
