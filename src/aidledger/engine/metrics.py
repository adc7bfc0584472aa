"""The team-level measures: decay weights, Gini, effective number, reciprocity, Wilson bound."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from aidledger.model.records import Exchange

WILSON_Z_90 = 1.6449  # the lower end of a two-sided 90% interval


def decay_weight(day: date, as_of: date, half_life_days: int) -> float:
    """2^(-age / half-life): 1 on `as_of`, one half a half-life earlier; never above 1."""
    age = max(0, (as_of - day).days)
    return float(2.0 ** (-age / half_life_days))


def decay_weights(
    exchanges: Iterable[Exchange], as_of: date, half_life_days: int
) -> dict[str, float]:
    """Each exchange's `decay_weight`, by id."""
    listed = tuple(exchanges)
    by_day = day_decay_weights(listed, as_of, half_life_days)
    return {exchange.id: by_day[exchange.date] for exchange in listed}


def day_decay_weights(
    exchanges: Iterable[Exchange], as_of: date, half_life_days: int
) -> dict[date, float]:
    """The `decay_weight` of each day on which one of these exchanges took place."""
    days = {exchange.date for exchange in exchanges}
    return {day: decay_weight(day, as_of, half_life_days) for day in days}


def ratings(exchanges: Iterable[Exchange]) -> list[int]:
    """The usefulness ratings given to these exchanges, one per helped person who rated
    it; unrated ones left out."""
    return [
        given.useful
        for exchange in exchanges
        for given in exchange.given_confirmations
        if given.useful is not None
    ]


def gini(values: Sequence[float]) -> float | None:
    """Bias-corrected Gini coefficient (× n/(n−1)): 0 when all equal, 1 when one gives all."""
    n = len(values)
    total = sum(values)
    if n < 2 or total <= 0:
        return None
    ordered = sorted(values)
    weighted = sum((2 * (index + 1) - n - 1) * value for index, value in enumerate(ordered))
    return (weighted / (n * total)) * n / (n - 1)


def effective_number(values: Iterable[float]) -> float | None:
    """1 / Σ s_i², s_i each one's share: how many equal contributors the spread is worth."""
    positive = [value for value in values if value > 0]
    total = sum(positive)
    if total <= 0:
        return None
    return 1.0 / sum((value / total) ** 2 for value in positive)


def pair_reciprocity(flows: Mapping[tuple[str, str], float]) -> float | None:
    """r_w = Σ min(w_ij, w_ji) / Σ w_ij: 1 when every flow is returned in full, 0 when none is."""
    total = sum(flows.values())
    if total <= 0:
        return None
    returned = sum(
        min(weight, flows.get((helped, helper), 0.0)) for (helper, helped), weight in flows.items()
    )
    return returned / total


def pair_flows(exchanges: Iterable[Exchange]) -> dict[tuple[str, str], float]:
    """Minutes from each helper to each helped person."""
    flows: dict[tuple[str, str], float] = {}
    for exchange in exchanges:
        for helped in exchange.helped:
            key = (exchange.helper, helped)
            flows[key] = flows.get(key, 0.0) + exchange.minutes
    return flows


def wilson_lower_bound(successes: int, trials: int, z: float = WILSON_Z_90) -> float | None:
    """The lower end of the Wilson score interval of a proportion: cautious with few trials."""
    if trials <= 0:
        return None
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = share + z * z / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return (centre - spread) / denominator
