"""The ledger as it stood on one day: the one function every reading command goes through.

Exchanges dated after the day are dropped, and so are confirmations given after it
(with the exchange itself when the person helped logged it as they confirmed it);
requests opened after it are dropped and those closed after it are open again (taken,
if someone had taken them); members who joined after it are absent, and those who left
after it are still members. A check replayed later `--as-of` a day then sees what a
check run on that day saw.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from aidledger.model.records import Exchange, Member, Request

RecordT = TypeVar("RecordT")


def exchange_on(exchange: Exchange, day: date) -> Exchange | None:
    """The exchange as known on `day`: absent before its date, and each helped person's
    confirmation absent before they gave it.

    Help the helped person logged themselves (`thanks`) was written on the day of their
    confirmation: before that day the record did not exist, whatever date it carries.
    """
    if exchange.date > day:
        return None
    single = exchange.confirmation
    if not exchange.confirmations and (single is None or single.on <= day):
        return exchange  # the usual record, read without building lists
    late = [given for given in exchange.given_confirmations if given.on > day]
    if not late:
        return exchange
    if any(given.by == exchange.logged_by for given in late):
        return None
    changes: dict[str, object] = {
        "confirmation": None,
        "confirmations": tuple(given for given in exchange.given_confirmations if given.on <= day),
    }
    return exchange.model_copy(update=changes)


def request_on(request: Request, day: date) -> Request | None:
    """The request as it stood on `day`: absent before it was opened, open before it closed."""
    if request.opened > day:
        return None
    if request.closed is not None and request.closed > day:
        status = "taken" if request.taken_by is not None else "open"
        return request.model_copy(update={"status": status, "closed": None})
    return request


def member_on(member: Member, day: date) -> Member | None:
    """The member as they stood on `day`: absent before joining, still there before leaving."""
    if member.joined > day:
        return None
    if member.left is not None and member.left > day:
        return member.model_copy(update={"left": None})
    return member


def records_on(
    records: Iterable[RecordT], day: date, on: Callable[[RecordT, date], RecordT | None]
) -> tuple[RecordT, ...]:
    """The records that existed on `day`, each as it stood then."""
    kept = (on(record, day) for record in records)
    return tuple(record for record in kept if record is not None)
