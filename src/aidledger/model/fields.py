"""The constrained field types of the records, for pydantic to validate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

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
