"""One exception tree for aidledger: every error knows its exit code and where it happened."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from aidledger.i18n import _, ngettext


class ExitCode(IntEnum):
    """The exit codes of every command; the output format never changes them."""

    OK = 0
    WARNINGS_FAILED = 1
    INVALID = 2
    INTERNAL = 3
    INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a path relative to the data root, and a line when one is known."""

    path: str
    line: int | None = None
    column: int | None = None

    def sort_key(self) -> tuple[str, int, int]:
        """By file, then line and column; a problem of the whole file comes first."""
        return (self.path, self.line or 0, self.column or 0)

    def __lt__(self, other: Location) -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    """An error as a value: validation collects these and reports them all at once."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class AidledgerError(Exception):
    """Base of every error aidledger reports as a sentence rather than a traceback."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> tuple[str, ...]:
        """The sentences to print on standard error."""
        text = (_("error: {message}").format(message=self.message),)
        return (*text, _("hint: {hint}").format(hint=self.hint)) if self.hint else text


class UsageError(AidledgerError):
    """A command-line value that cannot be understood (a duration, a date, a handle)."""


class NoRootError(AidledgerError):
    """No data folder was found."""


class RefusedError(AidledgerError):
    """The command is understood but not allowed, e.g. confirming help one did not receive."""


class StoreError(AidledgerError):
    """A file could not be read or written."""


class DataError(AidledgerError):
    """The data folder holds invalid records; carries every problem found."""

    def __init__(
        self,
        problems: tuple[Problem, ...],
        where: str | None = None,
        *,
        summary: str | None = None,
    ) -> None:
        """`summary` is the whole closing sentence (`2 problems in the charter x.toml`);
        without it, the problems are said to be in `where`, else in the data folder."""
        count = len(problems)
        if summary is None and where is None:
            summary = ngettext(
                "{count} problem in the data folder", "{count} problems in the data folder", count
            ).format(count=count)
        elif summary is None:
            # Translators: {where} names what holds the problems, e.g. "the edited exchange".
            summary = ngettext(
                "{count} problem in {where}", "{count} problems in {where}", count
            ).format(count=count, where=where)
        super().__init__(summary)
        self.problems = problems

    def lines(self) -> tuple[str, ...]:
        return (
            *(str(problem) for problem in self.problems),
            _("error: {message}").format(message=self.message),
        )
