"""The nearest valid word to a mistyped one: the one helper behind every "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# How alike a word must be to a valid one to be suggested (difflib's ratio): handles and
# field names are suggested when close; a short option value (`jsn`) is far from `json`
# by ratio, so the values of an option are suggested more freely.
HANDLE_LIKENESS = 0.6
FIELD_LIKENESS = 0.7
CHOICE_LIKENESS = 0.4


def nearest(word: str, choices: Iterable[str], likeness: float = HANDLE_LIKENESS) -> str | None:
    """The valid choice closest to a mistyped word (`zoey` -> `zoe`, `wran` -> `warn`), if
    one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=likeness)
    return close[0] if close else None


def did_you_mean(
    word: str, choices: Iterable[str], likeness: float = HANDLE_LIKENESS
) -> str | None:
    """A hint naming the nearest valid choice, or None when nothing is close."""
    match = nearest(word, choices, likeness)
    return f"did you mean {match!r}?" if match is not None else None
