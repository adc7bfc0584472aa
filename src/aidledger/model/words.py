"""The nearest valid word to a mistyped one: the one helper behind every "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from aidledger.i18n import _


@dataclass(frozen=True)
class Likeness:
    """How alike (difflib's ratio) a word must be to a valid one to be suggested: `same_start`
    when both begin with the same letter, `other_start` when they do not."""

    same_start: float
    other_start: float

    def cutoff(self, word: str, choice: str) -> float:
        alike = word[:1].casefold() == choice[:1].casefold()
        return self.same_start if alike else self.other_start


# Handles and field names are suggested when close. A short option value (`jsn`) is far
# from `json` by ratio, so the values of an option are suggested more freely, but only
# when the first letter agrees: `teached` -> `taught`, while `yaml` is not `table`.
HANDLE_LIKENESS = Likeness(0.6, 0.6)
FIELD_LIKENESS = Likeness(0.7, 0.7)
CHOICE_LIKENESS = Likeness(0.4, 0.6)


def nearest(word: str, choices: Iterable[str], likeness: Likeness = HANDLE_LIKENESS) -> str | None:
    """The valid choice closest to a mistyped word (`zoey` -> `zoe`, `wran` -> `warn`), if
    one is close enough, else the one field whose name it begins (`budget` ->
    `budget_minutes_per_week`)."""
    choices = list(choices)
    scored = [(difflib.SequenceMatcher(None, choice, word).ratio(), choice) for choice in choices]
    close = [(ratio, choice) for ratio, choice in scored if ratio >= likeness.cutoff(word, choice)]
    if close:
        return max(close)[1]
    # The first word of one long field name (`budget` for `budget_minutes_per_week`).
    longer = [choice for choice in choices if choice.startswith(f"{word}_")]
    return longer[0] if len(longer) == 1 else None


def did_you_mean(
    word: str, choices: Iterable[str], likeness: Likeness = HANDLE_LIKENESS
) -> str | None:
    """A hint naming the nearest valid choice, or None when nothing is close."""
    match = nearest(word, choices, likeness)
    if match is None:
        return None
    # Translators: {choice} is a valid word (a handle, a field, an option's value), quoted.
    return _("did you mean {choice}?").format(choice=repr(match))
