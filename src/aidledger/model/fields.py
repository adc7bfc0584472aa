"""The constrained field types of the records, for pydantic to validate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from aidledger import i18n
from aidledger.i18n import format_count
from aidledger.model.values import HANDLE_PATTERN, ID_PATTERN, MAX_MINUTES, in_range

Handle = Annotated[str, StringConstraints(strict=True, pattern=HANDLE_PATTERN)]
RecordId = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN)]
Tag = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9._/+-]{0,39}$", to_lower=False)
]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
Minutes = Annotated[int, Field(strict=True, ge=1, le=MAX_MINUTES)]
Rating = Annotated[int, Field(strict=True, ge=1, le=5)]
Day = Annotated[date, Field(strict=True), AfterValidator(in_range)]

# Every field is untrusted text, read in terminals, pages and spreadsheets: a bound on its
# length keeps one record from flooding them.
MAX_NAME = 100
MAX_TITLE = 200
MAX_DETAIL = 4000


def at_most(limit: int) -> Callable[[str], str]:
    """A check that text holds at most `limit` characters, saying by how much it is over."""

    def check(text: str) -> str:
        if len(text) > limit:
            length = len(text)
            # Translators: how long a text is, and the most characters it may hold.
            message = i18n.ngettext(
                "{count} character, at most {limit}", "{count} characters, at most {limit}", length
            )
            raise ValueError(message.format(count=format_count(length), limit=format_count(limit)))
        return text

    return check


Name = Annotated[Text, AfterValidator(at_most(MAX_NAME))]
Title = Annotated[Text, AfterValidator(at_most(MAX_TITLE))]
Detail = Annotated[Text, AfterValidator(at_most(MAX_DETAIL))]

# The git email of whoever ran a command, when the handle recorded alone does not say it
# (acting `--as` someone else, or nobody known); "unknown" when git gave none.
KeyboardEmail = Annotated[
    str,
    StringConstraints(strict=True, max_length=254, pattern=r"^(?:unknown|[^@\s]+@[^@\s]+)$"),
]
