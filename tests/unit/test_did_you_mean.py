"""Did you mean: the nearest valid handle or value, and arguments given in the wrong order."""

from __future__ import annotations

import pytest

from aidledger.cli.common import check_order, one_of, with_period
from aidledger.errors import UsageError
from aidledger.model.words import (
    CHOICE_LIKENESS,
    FIELD_LIKENESS,
    HANDLE_LIKENESS,
    did_you_mean,
    nearest,
)

USAGE = "aidledger thanks HELPER DURATION TOPIC"
EXAMPLE = 'aidledger thanks priya 30m "Review of the CI pipeline"'
HANDLES = ("priya", "zoe", "sam")


def test_a_mistyped_handle_suggests_the_nearest() -> None:
    """`zoey` is one letter from `zoe`: the hint names it."""
    assert nearest("zoey", HANDLES) == "zoe"
    assert did_you_mean("zoey", HANDLES) == "did you mean 'zoe'?"


def test_nothing_is_suggested_when_nothing_is_close() -> None:
    """A word unlike every choice gets no suggestion rather than a wrong one."""
    assert did_you_mean("bartholomew", HANDLES) is None


def test_the_first_word_of_a_long_field_names_it() -> None:
    """`budget` in members.toml means `budget_minutes_per_week`, the one field it begins;
    a word that begins two fields names neither."""
    fields = ("handle", "name", "emails", "budget_minutes_per_week", "joined")
    assert did_you_mean("budget", fields, FIELD_LIKENESS) == (
        "did you mean 'budget_minutes_per_week'?"
    )
    assert nearest("min", ("min_count", "min_minutes"), FIELD_LIKENESS) is None


def test_an_option_value_takes_a_looser_match() -> None:
    """Among a few words, `teached` still means `taught`."""
    assert nearest("teached", ("taught", "pair", "did", "advice"), CHOICE_LIKENESS) == "taught"


def test_one_of_refuses_a_typo_and_names_the_nearest() -> None:
    """The option parser lists the values and suggests the nearest."""
    import typer

    parse = one_of(("table", "json", "csv", "markdown"))
    assert parse("json") == "json"
    with pytest.raises(typer.BadParameter, match="did you mean 'json'"):
        parse("jsn")


def test_a_duration_where_the_handle_goes_is_named() -> None:
    """`thanks 30m priya ...`: the duration and the handle are swapped, and the error says so."""
    with pytest.raises(UsageError, match="'30m' is a duration where a handle goes") as raised:
        check_order("30m", "priya", handles=HANDLES, usage=USAGE, example=EXAMPLE)
    assert raised.value.hint is not None and USAGE in raised.value.hint


def test_a_handle_where_the_duration_goes_is_named() -> None:
    """`log priya 30m`: a member's handle stands where the duration goes."""
    with pytest.raises(UsageError, match="'priya' is a member's handle where a duration goes"):
        check_order(None, "priya", handles=HANDLES, usage=USAGE, example=EXAMPLE)


def test_the_right_order_passes() -> None:
    """A handle then a duration raises nothing, even for a handle made of digits."""
    check_order("priya", "30m", handles=HANDLES, usage=USAGE, example=EXAMPLE)
    check_order("45", "1h", handles=("45",), usage=USAGE, example=EXAMPLE)


def test_an_unknown_word_is_left_to_the_usual_errors() -> None:
    """A handle that is no member and a bad duration are not an order mistake."""
    check_order("nobody", "lots", handles=HANDLES, usage=USAGE, example=EXAMPLE)


def test_period_and_since_together_are_refused() -> None:
    """--period stands for --since and --until: giving both is a usage error."""
    with pytest.raises(UsageError, match="--period cannot be combined with --until"):
        with_period("2026-10", None, "2026-10-31")


def test_a_transposed_field_name_is_near_enough() -> None:
    """`wran` is `warn` with two letters swapped: close for a field, as for a handle."""
    assert nearest("wran", ("warn", "fail", "enabled"), FIELD_LIKENESS) == "warn"
    assert nearest("usefull", ("by", "on", "useful", "note"), FIELD_LIKENESS) == "useful"
    assert nearest("colour", ("by", "on", "useful", "note"), FIELD_LIKENESS) is None


FORMATS = ("table", "json", "csv", "markdown")


@pytest.mark.parametrize(
    ("typed", "meant", "choices"),
    [
        ("jsn", "json", FORMATS),
        ("mrkdown", "markdown", FORMATS),
        ("csvv", "csv", FORMATS),
        ("tabel", "table", FORMATS),
        ("teached", "taught", ("taught", "pair", "did", "advice")),
    ],
)
def test_a_near_option_value_is_suggested(typed: str, meant: str, choices: tuple[str, ...]) -> None:
    """A typo of an option value still names the value meant."""
    assert nearest(typed, choices, CHOICE_LIKENESS) == meant


@pytest.mark.parametrize("typed", ["yaml", "yml", "html", "xml"])
def test_a_far_option_value_gets_no_suggestion(typed: str) -> None:
    """`yaml` is not a typo of `table`: a suggestion that far off is worse than none."""
    assert nearest(typed, FORMATS, CHOICE_LIKENESS) is None
    assert did_you_mean(typed, FORMATS, CHOICE_LIKENESS) is None


def test_a_loose_match_needs_the_same_first_letter() -> None:
    """Below the handle likeness, an option value is suggested only if it starts alike."""
    assert CHOICE_LIKENESS.cutoff("teached", "taught") < CHOICE_LIKENESS.cutoff("yaml", "table")
    assert CHOICE_LIKENESS.cutoff("yaml", "table") == HANDLE_LIKENESS.cutoff("yaml", "table")
