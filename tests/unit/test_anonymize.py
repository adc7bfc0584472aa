"""Pseudonyms: every handle is replaced, in names, sentences and ids."""

from __future__ import annotations

from aidledger.engine.anonymize import _Rename, pseudonyms

from .make import members


def test_pseudonyms_follow_the_order_of_members() -> None:
    """The n-th member of members.toml is member-n, whatever their handle."""
    assert pseudonyms(members("zoe", "al", "bo")) == {
        "zoe": "member-1",
        "al": "member-2",
        "bo": "member-3",
    }


def test_handles_with_dashes_are_replaced_inside_ids() -> None:
    """An id holds handles between dashes; a handle with a dash is replaced whole."""
    rename = _Rename({"anne-marie": "member-1", "bob": "member-2", "anne": "member-3"})
    assert rename.record_id("2026-11-27-anne-marie-bob-x1y2z3") == (
        "2026-11-27-member-1-member-2-x1y2z3"
    )
    assert rename.text("anne-marie helped bob; anne watched") == (
        "member-1 helped member-2; member-3 watched"
    )
