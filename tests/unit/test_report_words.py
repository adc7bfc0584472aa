"""The report's summary figures say whether a value is good or bad, at documented levels."""

from __future__ import annotations

import pytest

from aidledger.engine.rules import REGISTRY
from aidledger.render import report


@pytest.mark.parametrize(
    ("gini", "word"), [(0.0, "low"), (0.29, "low"), (0.3, "moderate"), (0.5, "high"), (0.6, "high")]
)
def test_gini_words(gini: float, word: str) -> None:
    """Gini reads low under 0.30, moderate under 0.50, high from 0.50."""
    assert report.gini_words(gini).startswith(f"{word}:")


def test_high_gini_says_a_few_give_most() -> None:
    """The example of the issue: 0.60 reads "high: a few people give most"."""
    assert report.gini_words(0.60) == "high: a few people give most"


@pytest.mark.parametrize(
    ("helpers", "team_size", "word"),
    [(1.9, 3, "low"), (2.0, 3, "good"), (2.2, 7, "low"), (3.3, 7, "fair"), (3.5, 7, "good")],
)
def test_helpers_words(helpers: float, team_size: int, word: str) -> None:
    """Effective helpers read low under max(2, n/3), fair under n/2, good from n/2."""
    assert report.helpers_words(helpers, team_size).startswith(f"{word}:")


@pytest.mark.parametrize(("share", "word"), [(0.1, "low"), (0.2, "moderate"), (0.5, "high")])
def test_reciprocity_words(share: float, word: str) -> None:
    """Pair reciprocity reads low under 0.20, moderate under 0.50, high from 0.50."""
    assert report.reciprocity_words(share).startswith(f"{word}:")


@pytest.mark.parametrize(("share", "word"), [(0.49, "low"), (0.5, "fair"), (0.8, "good")])
def test_favourable_words(share: float, word: str) -> None:
    """Favourable balance reads low under 50%, fair under 80%, good from 80%."""
    assert report.favourable_words(share).startswith(f"{word}:")


def test_participation_levels_are_low_participations_defaults() -> None:
    """Participation reads low and fair exactly where low-participation fails and warns."""
    defaults = REGISTRY["low-participation"].defaults
    assert (defaults.fail, defaults.warn) == (report.PARTICIPATION_LOW, report.PARTICIPATION_FAIR)
    assert report.participation_words(0.49).startswith("low:")
    assert report.participation_words(0.5).startswith("fair:")
    assert report.participation_words(2 / 3).startswith("good:")


def test_helper_floor_is_shallow_pools_default() -> None:
    """Effective helpers read low below the floor at which shallow-pool warns by default."""
    assert REGISTRY["shallow-pool"].defaults.warn == report.HELPERS_FLOOR
