"""An empty id names no record: every record's id starts with nothing, so a script whose
$ID is unset must not confirm, take, drop or show a record it did not name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import snapshot
from tests.conftest import Run


@pytest.mark.parametrize(
    "args",
    [
        ("confirm", "", "--as", "bob", "--useful", "1"),
        ("take", "", "--as", "carol"),
        ("drop", "", "--as", "alice"),
        ("show", ""),
        ("void", "", "--as", "alice"),
        ("log", "10m", "x", "--helped", "bob", "--request", ""),
        ("show", "   "),
    ],
)
def test_an_empty_id_is_refused_and_nothing_changes(
    ledger: Path, run: Run, args: tuple[str, ...]
) -> None:
    """With one exchange and one request, each of which an empty start would name, the
    command refuses with a sentence and exit 2, and writes nothing."""
    assert run("log", "45m", "Pairing on the parser", "--helped", "bob").exit_code == 0
    assert run("ask", "Need a hand with the release").exit_code == 0
    before = snapshot(ledger)
    result = run(*args)
    assert result.exit_code == 2, result.stdout
    assert "the id is empty: give an id, or its start" in result.stderr
    assert snapshot(ledger) == before
