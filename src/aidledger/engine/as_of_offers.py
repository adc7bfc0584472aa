"""Offers and meetings as they stood on one day, alongside `engine.as_of` for the rest.

An offer opened after the day is absent, and one closed after it is still open then; a
meeting held after the day is absent. `make_context` reads both through these, so that
a report replayed `--as-of` a day sees the offers and meetings known on that day.
"""

from __future__ import annotations

from datetime import date

from aidledger.model.records import Meeting, Offer


def offer_on(offer: Offer, day: date) -> Offer | None:
    """The offer as it stood on `day`: absent before it was opened, open before it closed."""
    if offer.opened > day:
        return None
    if offer.closed is not None and offer.closed > day:
        return offer.model_copy(update={"status": "open", "closed": None})
    return offer


def meeting_on(meeting: Meeting, day: date) -> Meeting | None:
    """The meeting if it had been held by `day`."""
    return meeting if meeting.date <= day else None


def offer_stands(offer: Offer, day: date) -> bool:
    """Whether an offer (as it stood on `day`) still holds: open, and its `until` not past."""
    return offer.status == "open" and (offer.until is None or offer.until >= day)
