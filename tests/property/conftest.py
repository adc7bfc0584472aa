"""Hypothesis profiles: modest runs by default, `HYPOTHESIS_PROFILE=deep` for a long search."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No deadline: some properties write a data folder to disk, whose timing varies.
settings.register_profile(
    "aidledger", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("deep", settings.get_profile("aidledger"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "aidledger"))
