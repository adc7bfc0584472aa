"""Small builders of valid records for the unit tests; each test overrides what it is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from aidledger.model.charter import Charter
from aidledger.model.records import Exchange, Member, Request, Settings

DAY = date(2026, 11, 2)


def exchange_fields(**overrides: Any) -> dict[str, Any]:
    """The fields of a valid exchange as a file would hold them, with overrides."""
    fields: dict[str, Any] = {
        "id": "2026-11-02-alice-bob-k3f9q2",
        "date": DAY,
        "helper": "alice",
        "helped": ["bob"],
        "minutes": 45,
        "topic": "Debugging the CI cache",
        "mode": "taught",
    }
    return {**fields, **overrides}


def exchange(**overrides: Any) -> Exchange:
    return Exchange.model_validate(exchange_fields(**overrides))


def request_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": "2026-11-01-bob-q8x1z0",
        "opened": date(2026, 11, 1),
        "by": "bob",
        "title": "Need a hand with the release script",
    }
    return {**fields, **overrides}


def request(**overrides: Any) -> Request:
    return Request.model_validate(request_fields(**overrides))


def member_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"handle": "alice", "joined": date(2026, 1, 5)}
    return {**fields, **overrides}


def member(handle: str = "alice", **overrides: Any) -> Member:
    return Member.model_validate(member_fields(handle=handle, **overrides))


def members(*handles: str) -> tuple[Member, ...]:
    return tuple(member(handle) for handle in handles)


def settings() -> Settings:
    return Settings(format_version=1, team="Testers")


def charter(**sections: Any) -> Charter:
    return Charter.model_validate({"charter": {"title": "Our charter"}, **sections})
