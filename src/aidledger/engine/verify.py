"""Whether the git history bears out each confirmation: who committed it, and what changed since.

The store reads the history into revisions, one per change of one exchange, as raw fields;
this module only compares them. A confirmation is vouched for when every commit that
wrote it was made with one of the confirming member's emails and the exchange's helper,
helped, minutes and date are still what they were when it was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aidledger.engine.trailers import Person
from aidledger.model.records import Confirmation, Exchange, Member

# What a confirmation vouches for: who helped whom, when and for how long.
CONFIRMED_FIELDS = ("helper", "helped", "minutes", "date")

Fields = Mapping[str, Any]


@dataclass(frozen=True)
class Revision:
    """One change to one exchange, as raw fields before and after (None: absent).

    `commit` is None for the working tree: changes not committed. `tracked` is False when
    the working tree's file is not in git at all.
    """

    commit: str | None
    author_email: str | None
    before: Fields | None
    after: Fields | None
    tracked: bool = True


@dataclass(frozen=True)
class History:
    """Every revision of every exchange, by id, oldest first; and how many commits were read."""

    revisions: Mapping[str, Sequence[Revision]] = field(default_factory=dict)
    commits: int = 0


class Verdict(StrEnum):
    vouched = "vouched"
    contradicted = "contradicted"
    unvouched = "unvouched"


class Reason(StrEnum):
    """Why a confirmation got its verdict; each renderer says it in words."""

    committed_by_member = "committed-by-member"
    committed_by_someone_else = "committed-by-someone-else"
    changed_after_confirmation = "changed-after-confirmation"
    acted_as = "acted-as"
    uncommitted = "uncommitted"
    untracked = "untracked"
    no_email = "no-email"
    not_in_history = "not-in-history"


@dataclass(frozen=True)
class FieldChange:
    """A confirmed field whose value is no longer the one confirmed."""

    name: str
    confirmed: Any
    now: Any


@dataclass(frozen=True)
class Finding:
    """The verdict on one member's confirmation of one exchange, with its facts.

    `confirmed_in` is the commit that wrote the confirmation as it stands (None when it is
    not committed, or not found). `commit` and `email` are the commit a verdict rests on and
    its author's email: the one that wrote the confirmation, or for a change after
    confirmation the one that made the change (None when it is not committed). For
    `acted-as`, `email` is the `by_email` or `logged_email` the files record.
    """

    exchange: str
    member: str
    verdict: Verdict
    reason: Reason
    commit: str | None = None
    email: str | None = None
    confirmed_in: str | None = None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class VerifyResult:
    """Every confirmation's finding, in the order of the exchanges, and the commits read."""

    findings: tuple[Finding, ...]
    commits: int

    def having(self, verdict: Verdict) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.verdict is verdict)

    @property
    def contradicted(self) -> tuple[Finding, ...]:
        return self.having(Verdict.contradicted)

    @property
    def unvouched(self) -> tuple[Finding, ...]:
        return self.having(Verdict.unvouched)

    @property
    def vouched(self) -> tuple[Finding, ...]:
        return self.having(Verdict.vouched)


def verify_confirmations(
    exchanges: Iterable[Exchange], members: Iterable[Member], history: History
) -> VerifyResult:
    """The finding on every confirmation given in `exchanges`, read against `history`."""
    emails = {member.handle: member_emails(member) for member in members}
    ordered = sorted(exchanges, key=lambda exchange: (exchange.date, exchange.id))
    findings = tuple(
        verify_one(
            exchange,
            given,
            tuple(history.revisions.get(exchange.id, ())),
            emails.get(given.by, frozenset()),
        )
        for exchange in ordered
        for given in exchange.given_confirmations
    )
    return VerifyResult(findings, history.commits)


def member_emails(member: Member) -> frozenset[str]:
    """The addresses a member commits with: their `emails`, and those in their `aliases`
    (`Alice M. <alice@old.org>`, `alice@old.org`), case ignored."""
    found = [*member.emails, *(Person.from_value(alias).email for alias in member.aliases)]
    return frozenset(email.casefold() for email in found if email)


def confirmation_in(fields: Fields | None, member: str) -> dict[str, Any] | None:
    """The raw confirmation `member` gave in an exchange's fields, single or in a list."""
    if fields is None:
        return None
    given: list[Any] = [fields.get("confirmation")]
    listed = fields.get("confirmations")
    if isinstance(listed, list | tuple):
        given += listed
    return next(
        (dict(item) for item in given if isinstance(item, Mapping) and item.get("by") == member),
        None,
    )


def confirmed_changes(confirmed: Fields | None, now: Fields | None) -> tuple[FieldChange, ...]:
    """The confirmed fields whose values differ between two versions of an exchange."""
    if confirmed is None or now is None:
        return ()
    return tuple(
        FieldChange(name, confirmed.get(name), now.get(name))
        for name in CONFIRMED_FIELDS
        if confirmed.get(name) != now.get(name)
    )


def _typed_by(exchange: Exchange, confirmation: Confirmation, written: Revision) -> str | None:
    """The email of whoever typed the confirmation for the member, when the files say it
    was not the member: its `by_email`, or the exchange's `logged_email` when it was logged
    (`thanks --as`, `log --as`) already confirmed."""
    if confirmation.by_email is not None:
        return confirmation.by_email
    if written.before is None and exchange.logged_by == confirmation.by:
        return exchange.logged_email
    return None


def verify_one(
    exchange: Exchange,
    confirmation: Confirmation,
    revisions: Sequence[Revision],
    emails: frozenset[str],
) -> Finding:
    """The finding on `confirmation` of `exchange`, whose revisions are oldest first.

    The revisions that wrote the confirmation as it stands now are found; the latest of
    them fixes what was confirmed. Contradictions come first: a confirmed field changed
    since, or a commit by an email that is not the member's.
    """
    member = confirmation.by
    exchange_id = exchange.id

    def finding(verdict: Verdict, reason: Reason, **facts: Any) -> Finding:
        return Finding(exchange_id, member, verdict, reason, **facts)

    def written_finding(verdict: Verdict, reason: Reason, **facts: Any) -> Finding:
        return finding(verdict, reason, confirmed_in=written.commit, **facts)

    now = revisions[-1].after if revisions else None
    standing = confirmation_in(now, member)
    writers = [
        index
        for index, revision in enumerate(revisions)
        if standing is not None
        and confirmation_in(revision.after, member) == standing
        and confirmation_in(revision.before, member) != standing
    ]
    if not writers:
        return finding(Verdict.unvouched, Reason.not_in_history)
    written = revisions[writers[-1]]
    changes = confirmed_changes(written.after, now)
    if changes:
        changer = next(
            revision
            for revision in revisions[writers[-1] + 1 :]
            if confirmed_changes(written.after, revision.after)
        )
        return written_finding(
            Verdict.contradicted,
            Reason.changed_after_confirmation,
            commit=changer.commit,
            email=changer.author_email,
            changes=changes,
        )
    typed_by = _typed_by(exchange, confirmation, written)
    if typed_by is not None:
        return written_finding(Verdict.unvouched, Reason.acted_as, email=typed_by)
    uncommitted = [revisions[index] for index in writers if revisions[index].commit is None]
    if uncommitted:
        reason = Reason.uncommitted if uncommitted[0].tracked else Reason.untracked
        return written_finding(Verdict.unvouched, reason)
    if not emails:
        return written_finding(Verdict.unvouched, Reason.no_email)
    for index in writers:
        author = revisions[index].author_email
        if author is None or author.casefold() not in emails:
            return written_finding(
                Verdict.contradicted,
                Reason.committed_by_someone_else,
                commit=revisions[index].commit,
                email=author,
            )
    return written_finding(
        Verdict.vouched,
        Reason.committed_by_member,
        commit=written.commit,
        email=written.author_email,
    )
