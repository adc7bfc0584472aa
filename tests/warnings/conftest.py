"""Fixtures of the warning tests: a pinned clock and a one-call `scenario` runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.warnings.builder import AS_OF, Report, Team, check_json

Scenario = Callable[[Team], Report]


@pytest.fixture(autouse=True)
def _pinned_today(_clean_environment: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` compares dates with today: pin it to the as-of day of every scenario."""
    monkeypatch.setenv("AIDLEDGER_TODAY", AS_OF.isoformat())


@pytest.fixture
def scenario(run: Run, tmp_path: Path) -> Scenario:
    """Write the team's data folder once and run `aidledger check --format json` on it."""

    def check(team: Team) -> Report:
        return check_json(run, team.write(tmp_path / "data"))

    return check
