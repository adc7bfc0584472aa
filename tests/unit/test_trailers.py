"""Commit trailers into proposed exchanges: rules, people, dedupe and every reason to skip."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aidledger.engine.trailers import (
    DEFAULT_RULES,
    Commit,
    Identities,
    Person,
    Plan,
    Trailer,
    TrailerRule,
    day_of,
    imported_keys,
    parse_rule,
    plan_import,
    rules_with,
    suggested_handle,
)
from aidledger.errors import AidledgerError, StoreError, UsageError
from aidledger.store.git import parse_log

from .make import exchange, member

SHA = "5f2c1e9a7b3d" + "0" * 28
OTHER_SHA = "a" * 40
TODAY = date(2026, 11, 27)
MEMBERS = (
    member("alice", emails=["alice@example.org"]),
    member("bob", emails=["bob@example.org"], aliases=["Bobby <bob@old.example>", "The Builder"]),
    member("carol", joined=date(2026, 6, 1), left=date(2026, 9, 30)),
)
RULES = rules_with(())


def commit(*trailers: str, sha: str = SHA, **overrides: Any) -> Commit:
    fields: dict[str, Any] = {
        "sha": sha,
        "author_name": "Alice Martin",
        "author_email": "alice@example.org",
        "authored": date(2026, 11, 2),
        "subject": "Fix the cache key",
        "trailers": tuple(Trailer(*text.split(": ", 1)) for text in trailers),
    }
    return Commit(**{**fields, **overrides})


def plan(*commits: Commit, existing: tuple[Any, ...] = (), **rules: TrailerRule) -> Plan:
    chosen = {**RULES, **{key.lower(): rule for key, rule in rules.items()}}
    return plan_import(commits, chosen, MEMBERS, existing, TODAY)


# --- rules ----------------------------------------------------------------------------------


def test_a_rule_reads_key_mode_and_duration() -> None:
    """`Reviewed-by=advice:15m` counts Reviewed-by as 15 minutes of advice."""
    assert parse_rule("Reviewed-by=advice:15m") == (
        "Reviewed-by",
        TrailerRule("Reviewed-by", "advice", 15),
    )


def test_off_turns_a_key_off() -> None:
    """`KEY=off` removes a default rule; keys are matched whatever their case."""
    rules = rules_with(["co-authored-by=off"])
    assert "co-authored-by" not in rules
    assert set(rules) == {"helped-by", "mentored-by"}


def test_the_defaults() -> None:
    """Helped-by is 30m advice, Co-authored-by 60m pair, Mentored-by 60m taught; Reviewed-by
    is not counted."""
    assert {(rule.key, rule.mode, rule.minutes) for rule in DEFAULT_RULES} == {
        ("Helped-by", "advice", 30),
        ("Co-authored-by", "pair", 60),
        ("Mentored-by", "taught", 60),
    }
    assert "reviewed-by" not in RULES


@pytest.mark.parametrize(
    "spec", ["Reviewed-by", "=advice:15m", "Reviewed by=advice:15m", "X=help:15m", "X=advice"]
)
def test_a_rule_that_cannot_be_read_is_a_usage_error(spec: str) -> None:
    """A spec without KEY=MODE:DURATION is refused with the form to write."""
    with pytest.raises(UsageError) as raised:
        parse_rule(spec)
    assert raised.value.hint is not None and "KEY=MODE:DURATION" in raised.value.hint


def test_a_rule_with_a_bad_duration_says_why() -> None:
    """The duration goes through the one duration parser, with its bounds."""
    with pytest.raises(UsageError, match="between 1 and 1440"):
        parse_rule("Helped-by=advice:25h")


# --- people ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name", "email"),
    [
        ("Alice Martin <alice@example.org>", "Alice Martin", "alice@example.org"),
        ('"Martin, Alice" <alice@example.org>', "Martin, Alice", "alice@example.org"),
        ("alice@example.org", "", "alice@example.org"),
        ("Alice Martin", "Alice Martin", ""),
    ],
)
def test_a_trailer_value_names_a_person(value: str, name: str, email: str) -> None:
    """`Name <email>`, a bare email, or a name alone."""
    assert Person.from_value(value) == Person(name, email)


def test_emails_match_whatever_their_case() -> None:
    """ALICE@Example.org is alice."""
    assert Identities.of(MEMBERS).handle_of(Person("A", "ALICE@Example.org")) == "alice"


def test_aliases_match_by_email_or_by_name() -> None:
    """An alias with an email matches that email under any name; a name alone matches a
    trailer that gives no email, spaces and case ignored."""
    identities = Identities.of(MEMBERS)
    assert identities.handle_of(Person("Robert", "bob@OLD.example")) == "bob"
    assert identities.handle_of(Person("the   builder", "")) == "bob"
    assert identities.handle_of(Person("Nobody", "nobody@example.org")) is None


def test_an_alias_name_matches_under_any_email() -> None:
    """An alias that is a name alone is listed on purpose: it matches whatever the email."""
    identities = Identities.of(MEMBERS)
    assert identities.handle_of(Person("The Builder", "builder@elsewhere.example")) == "bob"


def test_a_members_name_matches_only_a_trailer_without_email() -> None:
    """`name` matches `Helped-by: Alice Martin`, never a stranger's email under that name."""
    identities = Identities.of((member("alice", name="Alice Martin"),))
    assert identities.handle_of(Person("alice  MARTIN", "")) == "alice"
    assert identities.handle_of(Person("Alice Martin", "someone@else.example")) is None


def test_a_members_own_email_wins_over_an_alias_of_another() -> None:
    """An alias naming another member's email does not take that email from them."""
    identities = Identities.of(
        (
            member("alice", emails=["alice@example.org"]),
            member("bob", aliases=["alice@example.org"]),
        )
    )
    assert identities.handle_of(Person("", "alice@example.org")) == "alice"


def test_an_alias_two_members_claim_names_nobody() -> None:
    """Two members with the same alias: the person is unknown, and both are named."""
    identities = Identities.of((member("alice", aliases=["Sam"]), member("bob", aliases=["sam"])))
    assert identities.handle_of(Person("Sam", "")) is None
    assert identities.claimed_by(Person("Sam", "")) == ("alice", "bob")


@pytest.mark.parametrize(
    ("person", "taken", "handle"),
    [
        (Person("Dana Scully", "Dana.Scully@fbi.example"), (), "dana.scully"),
        (Person("José Ñandú", ""), (), "jose-nandu"),
        (Person("", "dana@x.example"), ("dana", "dana2"), "dana3"),
        (Person("李", ""), (), "person"),
    ],
)
def test_a_suggested_handle_is_a_valid_free_handle(
    person: Person, taken: tuple[str, ...], handle: str
) -> None:
    """From the email's local part, else the name; ASCII, lowercase, not taken."""
    assert suggested_handle(person, taken) == handle


# --- the plan -------------------------------------------------------------------------------


def test_a_trailer_proposes_help_from_the_person_named_to_the_author() -> None:
    """Helper: the person named; helped: the author; day: the author date; source: the
    full commit id; id: day, helper, helped and the commit's first 12 digits."""
    result = plan(commit("Helped-by: Bob <bob@example.org>"))
    [proposed] = result.proposed
    assert (proposed.helper, proposed.helped, proposed.day) == ("bob", "alice", date(2026, 11, 2))
    assert (proposed.minutes, proposed.mode, proposed.topic) == (30, "advice", "Fix the cache key")
    assert proposed.source == f"git:{SHA}"
    assert proposed.exchange_id == "2026-11-02-bob-alice-5f2c1e9a7b3d"
    assert (result.commits, result.counted) == (1, 1)


def test_keys_without_a_rule_are_counted_apart() -> None:
    """Signed-off-by and Reviewed-by are not help by default: not counted, tallied."""
    result = plan(commit("Signed-off-by: Bob <bob@example.org>", "Reviewed-by: Bob <bob@x.org>"))
    assert result.proposed == () and result.counted == 0
    assert result.not_counted == {"signed-off-by": 1, "reviewed-by": 1}


def test_an_author_naming_themselves_is_skipped_and_counted() -> None:
    """Helped-by with the author's own email (or an alias of theirs) is no help."""
    result = plan(commit("Helped-by: Alice <alice@EXAMPLE.org>"))
    assert (result.proposed, result.self_named) == ((), 1)


def test_two_strangers_who_are_one_person_are_a_self_trailer() -> None:
    """An unknown author naming their own email is counted as self, not as unknown."""
    stranger = {"author_name": "Eve", "author_email": "eve@example.org"}
    result = plan(commit("Helped-by: Eve E. <EVE@example.org>", **stranger))
    assert (result.self_named, result.unknown) == (1, ())


def test_unknown_people_are_gathered_with_counts_and_first_day() -> None:
    """Each unknown person once, with how many trailers name them and their first day."""
    result = plan(
        commit("Helped-by: Dana <dana@example.org>", authored=date(2026, 11, 5)),
        commit("Co-authored-by: Dana <DANA@example.org>", sha=OTHER_SHA),
    )
    [unknown] = result.unknown
    assert (unknown.person.email, unknown.trailers, unknown.first_day) == (
        "dana@example.org",
        2,
        date(2026, 11, 2),
    )
    assert (unknown.suggested, result.unknown_trailers, result.proposed) == ("dana", 2, ())


def test_an_unknown_author_is_unknown_too() -> None:
    """The commit's author must be a member for the help to count."""
    result = plan(commit("Helped-by: Bob <bob@example.org>", author_email="eve@example.org"))
    assert [str(unknown.person) for unknown in result.unknown] == ["Alice Martin <eve@example.org>"]


def test_what_the_ledger_holds_is_not_proposed_again() -> None:
    """An exchange with the commit (full or abbreviated to 7+ digits), the same helper and
    the same helped is already imported; another helped person is not."""
    for source in (f"git:{SHA}", f"git:{SHA[:7]}", f"git:{SHA[:12].upper()}"):
        held = exchange(helper="bob", helped=["alice"], source=source)
        assert plan(commit("Helped-by: Bob <bob@example.org>"), existing=(held,)).already == 1
    other = exchange(helper="bob", helped=["carol"], source=f"git:{SHA}")
    assert len(plan(commit("Helped-by: Bob <bob@example.org>"), existing=(other,)).proposed) == 1


def test_a_copy_of_an_imported_commit_is_the_same_help() -> None:
    """An amended, rebased or cherry-picked commit keeps its author date, subject and
    trailers under a new id: the same day, people and topic count once."""
    held = exchange(
        helper="bob", helped=["alice"], topic="Fix the cache key", source=f"git:{OTHER_SHA}"
    )
    result = plan(commit("Helped-by: Bob <bob@example.org>"), existing=(held,))
    assert (result.proposed, result.copies) == ((), 1)
    retitled = plan(commit("Helped-by: bob@example.org", subject="Other"), existing=(held,))
    assert len(retitled.proposed) == 1


def test_two_copies_in_one_range_count_once() -> None:
    """A commit and its cherry-picked copy, both read in one import, are one exchange."""
    result = plan(
        commit("Helped-by: Bob <bob@example.org>"),
        commit("Helped-by: Bob <bob@example.org>", sha=OTHER_SHA),
    )
    assert (len(result.proposed), result.copies) == (1, 1)


def test_sources_that_are_not_commits_are_ignored() -> None:
    """Only `git:` and 7 or more hex digits name a commit."""
    held = [
        exchange(source="git:5f2c1e"),
        exchange(source="trailer:Helped-by"),
        exchange(source="git:not-hex"),
    ]
    assert imported_keys(held) == set()


def test_a_helper_named_twice_in_one_commit_is_one_exchange() -> None:
    """Helped-by and Co-authored-by naming the same person: the first counts."""
    result = plan(commit("Co-authored-by: Bob <bob@example.org>", "Helped-by: bob@example.org"))
    assert [item.key for item in result.proposed] == ["Co-authored-by"]
    assert result.repeated == 1


@pytest.mark.parametrize(
    ("day", "reason", "boundary"),
    [
        (date(2026, 5, 31), "not-joined", date(2026, 6, 1)),
        (date(2026, 10, 1), "left", date(2026, 9, 30)),
    ],
)
def test_help_outside_membership_is_skipped_with_the_day(
    day: date, reason: str, boundary: date
) -> None:
    """Help before someone joined or after they left is skipped with that day."""
    carol = member("carol", joined=date(2026, 6, 1), left=date(2026, 9, 30), emails=["c@x.org"])
    members = (member("alice", emails=["alice@example.org"]), carol)
    result = plan_import([commit("Helped-by: c@x.org", authored=day)], RULES, members, (), TODAY)
    assert [(item.reason, item.handle, item.boundary) for item in result.skipped] == [
        (reason, "carol", boundary)
    ]
    assert result.proposed == ()


def test_commits_in_the_future_or_undated_are_skipped() -> None:
    """A day after today and its day of grace, or no day at all, cannot be recorded."""
    result = plan(
        commit("Helped-by: Bob <bob@example.org>", authored=date(2026, 11, 29)),
        commit("Helped-by: Bob <bob@example.org>", sha=OTHER_SHA, authored=None),
    )
    assert [item.reason for item in result.skipped] == ["future", "undated"]
    tomorrow = plan(commit("Helped-by: Bob <bob@example.org>", authored=date(2026, 11, 28)))
    assert len(tomorrow.proposed) == 1


def test_a_trailer_naming_nobody_is_skipped() -> None:
    """`Helped-by:` with no one after it."""
    assert [item.reason for item in plan(commit("Helped-by: ")).skipped] == ["unnamed"]


def test_the_topic_is_the_subject_cut_to_fit() -> None:
    """A long subject is cut to 200 characters; an empty one names the trailer and commit."""
    long = plan(commit("Helped-by: bob@example.org", subject="y" * 300)).proposed[0].topic
    assert len(long) == 200 and long.endswith("…")
    empty = plan(commit("Helped-by: bob@example.org", subject="  ")).proposed[0].topic
    assert empty == "Helped-by in commit 5f2c1e9a7b3d"


def test_dates_outside_the_ledger_years_are_none() -> None:
    """git's ISO date in the author's zone gives the day; years out of 1900-2999 none."""
    assert day_of("2026-11-27T23:30:00-05:00") == date(2026, 11, 27)
    assert day_of("1899-12-31T00:00:00+00:00") is None
    assert day_of("garbage") is None


# --- reading git log's output ---------------------------------------------------------------


def test_log_output_with_hostile_text_is_read_field_by_field() -> None:
    """Fields are apart by NUL: newlines, tabs, escapes and colons in them change nothing;
    each trailer is one line (git unfolds them)."""
    text = (
        f"{SHA}\0Eve\x1b[31m\0eve@example.org\0002026-11-02T10:00:00+01:00\0Sub: ject\t\x1b[2J\0"
        "Helped-by: Bob <bob@example.org>\nCo-authored-by: A: B <a@b.org>\n\0\n"
        f"{OTHER_SHA}\0A\0a@b.org\0002026-11-03T10:00:00+00:00\0Two\0\0\n"
    )
    first, second = parse_log(text)
    assert first.sha == SHA and first.author_name == "Eve\x1b[31m"
    assert first.subject == "Sub: ject\t\x1b[2J"
    assert first.trailers == (
        Trailer("Helped-by", "Bob <bob@example.org>"),
        Trailer("Co-authored-by", "A: B <a@b.org>"),
    )
    assert (second.authored, second.trailers) == (date(2026, 11, 3), ())


@pytest.mark.parametrize("text", [f"{SHA}\0A\0", "nothex\0A\0a\0d\0s\0t\0\n", f"{SHA}\0a\0b"])
def test_log_output_out_of_shape_is_a_store_error(text: str) -> None:
    """Output that is not whole commits is refused with a sentence, never half read."""
    with pytest.raises(StoreError) as raised:
        parse_log(text)
    assert isinstance(raised.value, AidledgerError)
