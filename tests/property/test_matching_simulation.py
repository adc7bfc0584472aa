"""Following `aidledger match` over a simulated quarter spreads help better than always
asking the top expert, as the engine's own warnings and report figures measure it."""

from __future__ import annotations

import pytest

from tests.conftest import REPOSITORY
from tests.property.matching_simulation import SEED, figures, generate_team, simulate


@pytest.mark.parametrize("seed", [SEED, 1, 2, 3])
def test_following_match_lowers_concentration_and_one_way_warnings(seed: int) -> None:
    """Policy `match` ends the quarter with a lower Gini and top share, fewer one-way
    warnings, and no worse a concentration verdict than policy `expert`."""
    team = generate_team(seed)
    expert = simulate("expert", team)
    matched = simulate("match", team)
    assert expert.exchanges == matched.exchanges > 100
    assert expert.gini is not None and matched.gini is not None
    assert matched.gini < expert.gini
    assert matched.top_share < expert.top_share
    assert matched.one_way_warnings < expert.one_way_warnings
    assert expert.concentration is not None
    assert matched.concentration in (None, "warn")
    assert matched.overload_warnings <= expert.overload_warnings


def test_the_simulation_is_deterministic() -> None:
    """The same seed gives the same quarter and the same figures."""
    assert simulate("match", generate_team(SEED)) == simulate("match", generate_team(SEED))


def test_docs_show_the_figures_the_benchmark_prints() -> None:
    """docs/matching.md shows the output of benchmarks/matching_simulation.py as it is."""
    page = (REPOSITORY / "docs" / "matching.md").read_text(encoding="utf-8")
    assert figures(SEED) in page
