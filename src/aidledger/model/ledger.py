"""A whole ledger in memory: settings, charter, members and the located records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from aidledger.errors import Location
from aidledger.model.charter import Charter
from aidledger.model.records import Exchange, Meeting, Member, Offer, Request, Settings

RecordT_co = TypeVar("RecordT_co", covariant=True)


FieldLine = Callable[[tuple[str | int, ...]], int | None]


@dataclass(frozen=True, slots=True)
class Located(Generic[RecordT_co]):
    """A record with the place it was read from, so problems can point at it.

    `field_line` finds the line of one of its fields, when the reader knows it.
    """

    record: RecordT_co
    origin: Location
    field_line: FieldLine | None = field(default=None, compare=False, repr=False)

    def at(self, *where: str | int) -> Location:
        """The location of a field of the record; the record's own line if unknown."""
        line = self.field_line(where) if self.field_line is not None else None
        return Location(self.origin.path, line or self.origin.line)


@dataclass(frozen=True)
class Unread:
    """What the reader could not take in, so that what refers to it is not called unknown.

    The handles and ids are those of records that failed validation; `some_members`,
    `some_exchanges` and `some_requests` say that a record, a file or a folder of that
    kind could not be read, so that any reference to that kind may point at it.
    """

    handles: frozenset[str] = frozenset()
    exchange_ids: frozenset[str] = frozenset()
    request_ids: frozenset[str] = frozenset()
    some_members: bool = False
    some_exchanges: bool = False
    some_requests: bool = False


@dataclass(frozen=True)
class Ledger:
    """Everything a data folder holds, validated record by record."""

    settings: Settings
    charter: Charter
    members: tuple[Located[Member], ...] = ()
    exchanges: tuple[Located[Exchange], ...] = ()
    requests: tuple[Located[Request], ...] = ()
    # Where the settings were read, so that a problem in them names its line.
    settings_at: Located[Settings] | None = field(default=None, compare=False, repr=False)
    unread: Unread = field(default=Unread(), compare=False, repr=False)
    # Offers of help and the meetings held, from `offers/` and `meetings/`.
    offers: tuple[Located[Offer], ...] = ()
    meetings: tuple[Located[Meeting], ...] = ()
    member_index: dict[str, Member] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {located.record.handle: located.record for located in self.members}
        object.__setattr__(self, "member_index", index)

    def member(self, handle: str) -> Member | None:
        return self.member_index.get(handle)

    def iter_exchanges(self) -> Iterator[Exchange]:
        return (located.record for located in self.exchanges)

    def iter_requests(self) -> Iterator[Request]:
        return (located.record for located in self.requests)

    def iter_offers(self) -> Iterator[Offer]:
        return (located.record for located in self.offers)

    def iter_meetings(self) -> Iterator[Meeting]:
        return (located.record for located in self.meetings)

    def member_records(self) -> tuple[Member, ...]:
        return tuple(located.record for located in self.members)

    def exchange_records(self) -> tuple[Exchange, ...]:
        return tuple(self.iter_exchanges())


def is_active(member: Member, on: date) -> bool:
    """A member counts as active from the day they joined to the day they left, both included."""
    return member.joined <= on and (member.left is None or on <= member.left)
