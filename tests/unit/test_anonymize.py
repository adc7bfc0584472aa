"""Anonymizing maps facts: pseudonyms for people, new ids, no free text, tags that name nobody."""

from __future__ import annotations

from datetime import date

from aidledger.engine.anonymize import Anonymizer, identifying_tokens, pseudonyms
from aidledger.engine.findings import RepeatFacts, StaleFacts, StaleRequest
from aidledger.model.records import Member

from .make import members


def test_pseudonyms_follow_the_order_of_members() -> None:
    """The n-th member of members.toml is member-n, whatever their handle."""
    assert pseudonyms(members("zoe", "al", "bo")) == {
        "zoe": "member-1",
        "al": "member-2",
        "bo": "member-3",
    }


def _anonymizer() -> Anonymizer:
    people = (
        Member.model_validate(
            {
                "handle": "anne-marie",
                "name": "Anne-Marie Dupont",
                "emails": ["amd@acme.example"],
                "aliases": ["Marie Durand <mdurand@old.example>"],
                "joined": date(2026, 1, 5),
            }
        ),
        Member.model_validate({"handle": "bob", "joined": date(2026, 1, 5)}),
    )
    return Anonymizer(pseudonyms(people), identifying_tokens(people, "Acme Platform"))


def test_ids_are_new_and_sequential_per_kind() -> None:
    """An id becomes `exchange-N` or `request-N` in the order first met, the same each time."""
    rename = _anonymizer()
    assert rename.record_id("2026-11-27-anne-marie-bob-x1y2z3", "exchange") == "exchange-1"
    assert rename.record_id("2026-11-28-bob-anne-marie-q9", "exchange") == "exchange-2"
    assert rename.record_id("2026-11-20-bob-r1", "request") == "request-1"
    assert rename.record_id("2026-11-27-anne-marie-bob-x1y2z3", "exchange") == "exchange-1"


def test_tags_that_hold_a_part_of_a_name_are_left_out() -> None:
    """A tag holding a handle, a name, an email part, an alias (the names and emails seen in
    commit trailers) or the team's name, in any case, goes."""
    rename = _anonymizer()
    assert rename.tag("ci") == "ci"
    for tag in ("bob", "dupont-scripts", "acme", "anne", "platform-ops", "durand-notes"):
        assert rename.tag(tag) is None, tag


def test_free_text_in_facts_is_left_out() -> None:
    """A repeated topic and a request's title are dropped; handles and ids are mapped."""
    rename = _anonymizer()
    repeat = rename.facts(RepeatFacts("bob", 3, 30, None, "Bob's deploy", ("2026-11-27-x",)))
    assert repeat == RepeatFacts("member-2", 3, 30, None, None, ("exchange-1",))
    stale = rename.facts(
        StaleFacts((StaleRequest("2026-11-01-bob-r", "bob", "Ask Anne-Marie", 20),), 14)
    )
    assert stale == StaleFacts((StaleRequest("request-1", "member-2", None, 20),), 14)
