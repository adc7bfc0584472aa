"""The pure comparison of `verify`: one rule per test, over hand-made revisions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from aidledger.engine.verify import (
    Finding,
    History,
    Reason,
    Revision,
    Verdict,
    VerifyResult,
    confirmation_in,
    verify_confirmations,
)
from aidledger.model.records import Exchange, Member
from aidledger.render.verify import render_verify_json, render_verify_text

ID = "2026-03-02-alice-bob-aaaaaa"
BOB = "bob@example.org"
ALICE = "alice@example.org"
MEMBERS = (
    Member(handle="alice", emails=(ALICE,), joined=date(2026, 1, 5)),
    Member(
        handle="bob",
        emails=(BOB,),
        aliases=("Bob B. <Bob@Old.example>", "bob@older.example", "Bobby"),
        joined=date(2026, 1, 5),
    ),
    Member(handle="carol", joined=date(2026, 1, 5)),
)


def raw(**changes: Any) -> dict[str, Any]:
    """An exchange's raw fields, as a file holds them, alice helping bob."""
    fields: dict[str, Any] = {
        "id": ID,
        "date": date(2026, 3, 2),
        "helper": "alice",
        "helped": ["bob"],
        "minutes": 30,
        "topic": "CI",
        "mode": "pair",
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


CONFIRMED = {"by": "bob", "on": date(2026, 3, 3)}


def exchange(fields: dict[str, Any]) -> Exchange:
    return Exchange.model_validate(fields)


def verdict(revisions: list[Revision], now: dict[str, Any] | None = None) -> Any:
    current = exchange(now if now is not None else dict(revisions[-1].after or {}))
    result = verify_confirmations([current], MEMBERS, History({ID: tuple(revisions)}, 3))
    (finding,) = result.findings
    return finding


def logged() -> Revision:
    return Revision("c1", ALICE, None, raw())


def test_a_confirmation_committed_by_the_member_is_vouched_for() -> None:
    """Committed with one of the member's emails, in any case: vouched for."""
    finding = verdict(
        [logged(), Revision("c2", "BOB@example.org", raw(), raw(confirmation=CONFIRMED))]
    )
    assert (finding.verdict, finding.reason) == (Verdict.vouched, Reason.committed_by_member)
    assert finding.commit == finding.confirmed_in == "c2"


@pytest.mark.parametrize("email", ["bob@old.example", "BOB@older.example"])
def test_an_email_of_the_members_aliases_will_do(email: str) -> None:
    """An older address kept in `aliases` still vouches for an old commit."""
    finding = verdict([logged(), Revision("c2", email, raw(), raw(confirmation=CONFIRMED))])
    assert finding.verdict is Verdict.vouched


def test_a_confirmation_committed_by_someone_else_is_contradicted() -> None:
    """The helper writing the helped person's confirmation is a contradiction."""
    finding = verdict([logged(), Revision("c2", ALICE, raw(), raw(confirmation=CONFIRMED))])
    assert (finding.verdict, finding.reason) == (
        Verdict.contradicted,
        Reason.committed_by_someone_else,
    )
    assert (finding.commit, finding.email) == ("c2", ALICE)


def test_thanks_written_by_the_helped_person_is_vouched_for() -> None:
    """An exchange created with its confirmation, by the helped person, is vouched for."""
    finding = verdict([Revision("c1", BOB, None, raw(confirmation=CONFIRMED))])
    assert finding.verdict is Verdict.vouched


def test_minutes_changed_after_confirmation_are_a_contradiction() -> None:
    """A confirmed field changed later, by anyone, contradicts the confirmation."""
    confirmed = raw(confirmation=CONFIRMED)
    changed = raw(confirmation=CONFIRMED, minutes=90)
    finding = verdict(
        [logged(), Revision("c2", BOB, raw(), confirmed), Revision("c3", ALICE, confirmed, changed)]
    )
    assert (finding.verdict, finding.reason) == (
        Verdict.contradicted,
        Reason.changed_after_confirmation,
    )
    assert (finding.commit, finding.email, finding.confirmed_in) == ("c3", ALICE, "c2")
    assert [(change.name, change.confirmed, change.now) for change in finding.changes] == [
        ("minutes", 30, 90)
    ]


def test_a_change_not_committed_yet_is_a_contradiction_too() -> None:
    """Editing the helped people in the working tree contradicts the confirmation."""
    confirmed = raw(confirmation=CONFIRMED)
    changed = raw(confirmation=CONFIRMED, helped=["bob", "carol"])
    finding = verdict(
        [logged(), Revision("c2", BOB, raw(), confirmed), Revision(None, None, confirmed, changed)]
    )
    assert finding.reason is Reason.changed_after_confirmation
    assert finding.commit is None


def test_other_fields_may_change_after_confirmation() -> None:
    """The topic and the tags are not what the helped person vouched for."""
    confirmed = raw(confirmation=CONFIRMED)
    retitled = raw(confirmation=CONFIRMED, topic="CI cache", tags=["ci"])
    finding = verdict(
        [
            logged(),
            Revision("c2", BOB, raw(), confirmed),
            Revision("c3", ALICE, confirmed, retitled),
        ]
    )
    assert finding.verdict is Verdict.vouched


def test_a_field_changed_and_confirmed_in_one_commit_by_the_member_is_vouched_for() -> None:
    """The helped person correcting the minutes as they confirm vouches for the new ones."""
    finding = verdict(
        [logged(), Revision("c2", BOB, raw(), raw(confirmation=CONFIRMED, minutes=45))]
    )
    assert finding.verdict is Verdict.vouched


def test_a_rating_changed_by_someone_else_is_a_contradiction() -> None:
    """The confirmation as it stands is the one checked: a rating added by another is caught."""
    confirmed = raw(confirmation=CONFIRMED)
    rated = raw(confirmation={**CONFIRMED, "useful": 5})
    finding = verdict(
        [logged(), Revision("c2", BOB, raw(), confirmed), Revision("c3", ALICE, confirmed, rated)]
    )
    assert finding.reason is Reason.committed_by_someone_else
    assert finding.commit == "c3"


def test_confirming_as_someone_else_cannot_be_vouched_for() -> None:
    """`by_email` says who typed it: not the member, so no commit can vouch for it."""
    given = {**CONFIRMED, "by_email": ALICE}
    finding = verdict([logged(), Revision("c2", ALICE, raw(), raw(confirmation=given))])
    assert (finding.verdict, finding.reason, finding.email) == (
        Verdict.unvouched,
        Reason.acted_as,
        ALICE,
    )


def test_thanks_logged_as_someone_else_cannot_be_vouched_for() -> None:
    """`thanks --as bob` at alice's keyboard: the exchange's `logged_email` says who typed."""
    fields = raw(confirmation=CONFIRMED, logged_by="bob", logged_email=ALICE)
    finding = verdict([Revision("c1", ALICE, None, fields)])
    assert (finding.reason, finding.email) == (Reason.acted_as, ALICE)


def test_logged_email_does_not_cover_a_later_confirmation() -> None:
    """Logging as someone else says nothing about a confirmation written afterwards."""
    logged = raw(logged_by="bob", logged_email=ALICE)
    confirmed = raw(confirmation=CONFIRMED, logged_by="bob", logged_email=ALICE)
    finding = verdict(
        [Revision("c1", ALICE, None, logged), Revision("c2", ALICE, logged, confirmed)]
    )
    assert finding.reason is Reason.committed_by_someone_else


def test_an_uncommitted_confirmation_cannot_be_vouched_for() -> None:
    """A confirmation only in the working tree has no author yet."""
    finding = verdict([logged(), Revision(None, None, raw(), raw(confirmation=CONFIRMED))])
    assert (finding.verdict, finding.reason) == (Verdict.unvouched, Reason.uncommitted)


def test_a_file_not_in_git_cannot_be_vouched_for() -> None:
    """An untracked file's confirmation is named as such."""
    finding = verdict([Revision(None, None, None, raw(confirmation=CONFIRMED), tracked=False)])
    assert finding.reason is Reason.untracked


def test_a_member_without_email_cannot_be_vouched_for() -> None:
    """With no email in members.toml there is nothing to compare a commit with."""
    given = {"by": "carol", "on": date(2026, 3, 3)}
    fields = raw(helped=["carol"], confirmation=given)
    finding = verdict([Revision("c1", ALICE, None, fields)])
    assert (finding.verdict, finding.reason) == (Verdict.unvouched, Reason.no_email)


def test_a_confirmation_missing_from_the_history_cannot_be_vouched_for() -> None:
    """A shallow history that never shows the confirmation being written vouches for nothing."""
    finding = verdict([], now=raw(confirmation=CONFIRMED))
    assert (finding.verdict, finding.reason) == (Verdict.unvouched, Reason.not_in_history)


def test_each_member_of_a_group_is_checked_on_their_own() -> None:
    """In a group, bob's confirmation stays vouched for when carol's is added by someone else."""
    carol = {"by": "carol", "on": date(2026, 3, 4)}
    first = raw(helped=["bob", "carol"], confirmations=[CONFIRMED])
    both = raw(helped=["bob", "carol"], confirmations=[CONFIRMED, carol])
    revisions = [
        Revision("c1", ALICE, None, raw(helped=["bob", "carol"])),
        Revision("c2", BOB, raw(helped=["bob", "carol"]), first),
        Revision("c3", ALICE, first, both),
    ]
    result = verify_confirmations([exchange(both)], MEMBERS, History({ID: tuple(revisions)}, 3))
    assert [(finding.member, finding.reason) for finding in result.findings] == [
        ("bob", Reason.committed_by_member),
        ("carol", Reason.no_email),
    ]


def test_a_single_confirmation_moved_into_a_list_keeps_its_author() -> None:
    """`confirmation` becoming one item of `confirmations` is no new confirmation."""
    assert confirmation_in(raw(confirmation=CONFIRMED), "bob") == confirmation_in(
        raw(confirmations=[CONFIRMED]), "bob"
    )


def test_hostile_emails_are_inert_in_every_format() -> None:
    """An author email is untrusted: no control character or workflow command gets out."""
    email = "\x1b]52;c;evil\x07\n::error::x##[y@example.org"
    finding = Finding(
        ID, "bob", Verdict.contradicted, Reason.committed_by_someone_else, "c2", email
    )
    result = VerifyResult((finding,), 1)
    text = render_verify_text(result)
    assert "\x1b" not in text and "\x07" not in text
    assert text.count("\n") == 4
    document = render_verify_json(result)
    assert "\x1b" not in document and "##[" not in document
    assert json.loads(document)["findings"][0]["email"] == email
