"""Rules with a start date: `check` and `report` on a day use the rules in force that day."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Run

CHANGE = """
[[change]]
since = 2026-03-01
note = "A shorter window from March"
rules.window_days = 30
"""


def concentration_window(run: Run, as_of: str) -> dict[str, Any]:
    """The window the `concentration` check looked at (it says so when it cannot judge)."""
    result = run("check", "--format", "json", "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    for warning in json.loads(result.stdout)["warnings"]:
        facts = warning["facts"]
        if facts.get("warning") == "concentration":
            window: dict[str, Any] = facts["reason"]["window"]
            return window
    raise AssertionError(result.stdout)


def test_check_uses_the_window_in_force_on_its_day(ledger: Path, run: Run) -> None:
    """Before the change the charter's 90 days, from its day on the change's 30."""
    path = ledger / "charter.toml"
    path.write_text(path.read_text(encoding="utf-8") + CHANGE, encoding="utf-8")
    assert concentration_window(run, "2026-02-28") == {"since": "2025-12-01", "until": "2026-02-28"}
    assert concentration_window(run, "2026-03-10") == {"since": "2026-02-09", "until": "2026-03-10"}


def test_a_change_can_switch_a_warning_off_from_a_day(ledger: Path, run: Run) -> None:
    """`[change.warnings.<id>] enabled = false` silences it from `since` on, not before."""
    path = ledger / "charter.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n[[change]]\nsince = 2026-03-01\n\n[change.warnings.concentration]\nenabled = false\n",
        encoding="utf-8",
    )

    def mentions_concentration(as_of: str) -> bool:
        result = run("check", "--format", "json", "--as-of", as_of)
        assert result.exit_code == 0, result.stderr
        return any(
            warning["facts"].get("warning") == "concentration" or warning["id"] == "concentration"
            for warning in json.loads(result.stdout)["warnings"]
        )

    assert mentions_concentration("2026-02-28")
    assert not mentions_concentration("2026-03-01")
