"""The frozen records of a ledger: members, exchanges, requests and the team settings."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from aidledger.i18n import _, format_day
from aidledger.model.fields import (
    Day,
    Detail,
    Handle,
    KeyboardEmail,
    Minutes,
    Name,
    Rating,
    RecordId,
    Tag,
    Title,
)
from aidledger.model.values import (
    DEFAULT_MAX_FILE_BYTES,
    LARGEST_MAX_FILE_BYTES,
    MINUTES_PER_WEEK,
    SMALLEST_MAX_FILE_BYTES,
    Mode,
)


class Record(BaseModel):
    """Base of every record: immutable, and no field it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


RequestStatus = Literal["open", "taken", "done", "dropped"]
Budget = Annotated[int, Field(strict=True, ge=0, le=MINUTES_PER_WEEK)]
Email = Annotated[str, Field(strict=True, pattern=r"^[^@\s]+@[^@\s]+$")]


class Settings(Record):
    """`aidledger.toml`: the team's name, the format version, how new records are stored,
    the day the team started its ledger (absent from folders made before `started`), and
    the size above which a file is refused unread."""

    format_version: Literal[1]
    team: Name
    storage: Literal["toml", "yaml"] = "toml"
    started: Day | None = None
    max_file_bytes: Annotated[
        int, Field(strict=True, ge=SMALLEST_MAX_FILE_BYTES, le=LARGEST_MAX_FILE_BYTES)
    ] = DEFAULT_MAX_FILE_BYTES

    @field_validator("format_version", mode="before")
    @classmethod
    def _supported_version(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool) and value != 1:
            # Translators: {version} is the format_version a file holds (a number).
            message = _(
                "{version} is not supported: this aidledger reads format version 1;"
                " a newer aidledger may read this folder"
            )
            raise ValueError(message.format(version=value))
        return value


class Member(Record):
    """A person of the team, from `members.toml`."""

    handle: Handle
    name: Name | None = None
    emails: tuple[Email, ...] = ()
    # Other names and addresses the person signs commit trailers with ("Alice M.",
    # "alice@old.org", "Alice M. <alice@old.org>"), for `import git`.
    aliases: tuple[Title, ...] = ()
    skills: tuple[Tag, ...] = ()
    budget_minutes_per_week: Budget | None = None
    joined: Day
    left: Day | None = None

    @model_validator(mode="after")
    def _left_after_joined(self) -> Self:
        if self.left is not None and self.left < self.joined:
            # Translators: `left` and `joined` are the names of fields in members.toml.
            message = _("left ({left}) is before joined ({joined})")
            raise ValueError(
                message.format(left=format_day(self.left), joined=format_day(self.joined))
            )
        return self


class Confirmation(Record):
    """The helped person's word that the help happened, with an optional usefulness 1-5
    and an optional note on what it changed for them."""

    by: Handle
    on: Day
    useful: Rating | None = None
    by_email: KeyboardEmail | None = None
    note: Title | None = None


class Exchange(Record):
    """One act of help: who helped whom, when, for how long, on what, and how."""

    id: RecordId
    date: Day
    helper: Handle
    helped: Annotated[tuple[Handle, ...], Field(min_length=1)]
    minutes: Minutes
    topic: Title
    mode: Mode
    tags: tuple[Tag, ...] = ()
    request: RecordId | None = None
    logged_by: Handle | None = None
    logged_email: KeyboardEmail | None = None
    source: Title | None = None
    confirmation: Confirmation | None = None
    confirmations: tuple[Confirmation, ...] = ()

    # Field validators, not a model validator: a problem is then reported on the line
    # of the field at fault. Fields are validated in order, so `helper` and `date` are
    # known by the time `helped` and the confirmations are.
    @field_validator("helped")
    @classmethod
    def _helped_are_others(cls, helped: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        helper = info.data.get("helper")
        if helper in helped:
            message = _("the helper {helper} is also among the helped")
            raise ValueError(message.format(helper=repr(helper)))
        if len(set(helped)) != len(helped):
            raise ValueError(_("a helped person is named twice"))
        return helped

    @field_validator("confirmation")
    @classmethod
    def _confirmed_by_the_helped(
        cls, confirmation: Confirmation | None, info: ValidationInfo
    ) -> Confirmation | None:
        if confirmation is not None:
            _check_confirmation(confirmation, info)
        return confirmation

    @field_validator("confirmations")
    @classmethod
    def _each_confirmed_once(
        cls, confirmations: tuple[Confirmation, ...], info: ValidationInfo
    ) -> tuple[Confirmation, ...]:
        if confirmations and info.data.get("confirmation") is not None:
            raise ValueError(
                _("write either one `confirmation` or a list of `confirmations`, not both")
            )
        for confirmation in confirmations:
            _check_confirmation(confirmation, info)
        confirmers = [confirmation.by for confirmation in confirmations]
        if len(set(confirmers)) != len(confirmers):
            raise ValueError(_("a helped person confirmed twice"))
        return confirmations

    @property
    def given_confirmations(self) -> tuple[Confirmation, ...]:
        """Every helped person's confirmation given so far, in the order written."""
        if self.confirmation is not None:
            return (self.confirmation, *self.confirmations)
        return self.confirmations

    def confirmation_of(self, handle: str) -> Confirmation | None:
        """The confirmation `handle` gave, if they gave one."""
        return next((given for given in self.given_confirmations if given.by == handle), None)

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """The helped people who have not confirmed yet."""
        helped = self.helped
        if not self.confirmations and len(helped) == 1:
            # The usual record, one person helped: read without building a set.
            given = self.confirmation
            return () if given is not None and given.by == helped[0] else helped
        confirmers = {given.by for given in self.given_confirmations}
        return tuple(handle for handle in self.helped if handle not in confirmers)

    @property
    def confirmed(self) -> bool:
        """Every helped person has confirmed."""
        return not self.waiting_for

    @property
    def confirmed_part(self) -> Exchange | None:
        """The exchange narrowed to the helped people who confirmed it: all of it, a group
        exchange some of whose people confirmed, or None when nobody did."""
        waiting = self.waiting_for
        if not waiting:
            return self
        if len(waiting) == len(self.helped):
            return None
        kept = tuple(handle for handle in self.helped if handle not in waiting)
        return self.model_copy(update={"helped": kept})

    @property
    def person_minutes(self) -> int:
        """Minutes credited in all: the helper's minutes once per helped person."""
        return self.minutes * len(self.helped)


def _check_confirmation(confirmation: Confirmation, info: ValidationInfo) -> None:
    helped = info.data.get("helped")
    if helped is not None and confirmation.by not in helped:
        message = _("confirmed by {handle}, who is not among the helped")
        raise ValueError(message.format(handle=repr(confirmation.by)))
    day = info.data.get("date")
    if day is not None and confirmation.on < day:
        raise ValueError(_("confirmed before the help took place"))


class Request(Record):
    """A need someone expressed, and what became of it."""

    id: RecordId
    opened: Day
    by: Handle
    title: Title
    status: RequestStatus = "open"
    skills: tuple[Tag, ...] = ()
    detail: Detail | None = None
    needed_by: Day | None = None
    taken_by: Handle | None = None
    closed: Day | None = None
    exchanges: tuple[RecordId, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.status == "taken" and self.taken_by is None:
            # Translators: `taken` is a request's status, `taken_by` a field of its file.
            raise ValueError(_("a taken request needs taken_by"))
        if self.status == "done" and self.closed is None:
            raise ValueError(_("a done request needs the date it was closed"))
        if self.status == "dropped" and self.closed is None:
            raise ValueError(_("a dropped request needs the date it was closed"))
        if self.status == "open" and self.closed is not None:
            raise ValueError(_("an open request cannot have a closed date"))
        if self.status == "taken" and self.closed is not None:
            raise ValueError(_("a taken request cannot have a closed date"))
        if self.closed is not None and self.closed < self.opened:
            raise ValueError(_("closed before it was opened"))
        if self.needed_by is not None and self.needed_by < self.opened:
            # Translators: {needed_by} and {opened} are days.
            raise ValueError(
                _("needed by {needed_by}, before it was opened on {opened}").format(
                    needed_by=format_day(self.needed_by), opened=format_day(self.opened)
                )
            )
        return self


OfferStatus = Literal["open", "done"]


class Offer(Record):
    """A time-bound offer of help ("2h free this week for SQL reviews"), from `offers/`.

    An open offer adds `minutes` to its person's spare capacity until `until` (or until
    it is closed)."""

    id: RecordId
    opened: Day
    by: Handle
    text: Title
    skills: tuple[Tag, ...] = ()
    minutes: Minutes | None = None
    until: Day | None = None
    status: OfferStatus = "open"
    closed: Day | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.status == "done" and self.closed is None:
            raise ValueError(_("a done offer needs the date it was closed"))
        if self.status == "open" and self.closed is not None:
            raise ValueError(_("an open offer cannot have a closed date"))
        if self.closed is not None and self.closed < self.opened:
            raise ValueError(_("closed before it was opened"))
        if self.until is not None and self.until < self.opened:
            # Translators: `until` is the name of a field of the offer's file.
            raise ValueError(_("until is before the day it was opened"))
        return self


class Meeting(Record):
    """A regular exchange meeting that took place, from `meetings/<date>.toml`."""

    date: Day
    notes: Detail | None = None
    recorded_by: Handle | None = None
