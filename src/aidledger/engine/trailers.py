"""Commit trailers into proposed exchanges: which trailers count and for how long, who the
people they name are, and which of them the ledger holds already.

Pure: store/git.py reads the commits, the command line writes what is proposed. Every
reason a trailer is not imported is a fact of the plan, rendered by the command.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from aidledger.errors import UsageError
from aidledger.i18n import N_, _
from aidledger.model.fields import MAX_TITLE
from aidledger.model.records import Exchange, Member
from aidledger.model.values import (
    FIRST_YEAR,
    FUTURE_TOLERANCE_DAYS,
    LAST_YEAR,
    MODES,
    Mode,
    parse_duration,
)

SOURCE_PREFIX = "git:"
# An id's tail for an imported exchange: the start of its commit's id, so that two clones
# importing the same commit write the same file, never two exchanges.
ID_COMMIT_DIGITS = 12
# A hand-written source may abbreviate the commit as `git log --oneline` does.
SHORTEST_COMMIT = 7
_HEX = re.compile(r"^[0-9a-f]+$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_PERSON = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*$")
_BARE_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")
_NOT_IN_HANDLE = re.compile(r"[^a-z0-9._-]+")
HANDLE_LENGTH = 40


@dataclass(frozen=True)
class Trailer:
    """One `Key: value` line of a commit message's trailer block, unfolded."""

    key: str
    value: str


@dataclass(frozen=True)
class Commit:
    """What import reads of one commit: its id, author, author date and trailers.

    `authored` is None when git gave no date the ledger can hold.
    """

    sha: str
    author_name: str
    author_email: str
    authored: date | None
    subject: str
    trailers: tuple[Trailer, ...]


@dataclass(frozen=True)
class TrailerRule:
    """How one trailer key becomes an exchange: its mode and its minutes."""

    key: str
    mode: Mode
    minutes: int


DEFAULT_RULES: tuple[TrailerRule, ...] = (
    TrailerRule("Helped-by", "advice", 30),
    TrailerRule("Co-authored-by", "pair", 60),
    TrailerRule("Mentored-by", "taught", 60),
)
# Trailers that name help but are not counted unless asked, with the option that asks.
OFF_BY_DEFAULT: Mapping[str, str] = {"reviewed-by": "Reviewed-by=advice:15m"}
# Translators: KEY, MODE and DURATION are what to type; {modes} lists the mode keywords.
RULE_HINT = N_(
    "write KEY=MODE:DURATION, for instance Reviewed-by=advice:15m, or KEY=off;"
    " MODE is one of {modes}"
)


def _unread_rule(spec: str) -> UsageError:
    """A `--trailer` spec that does not read as a rule."""
    return UsageError(
        _("--trailer: cannot read {spec}").format(spec=repr(spec)),
        hint=_(RULE_HINT).format(modes=", ".join(MODES)),
    )


def parse_rule(spec: str) -> tuple[str, TrailerRule | None]:
    """`Reviewed-by=advice:15m` as a rule, or `Co-authored-by=off` as None, with the key."""
    key, equals, rest = spec.partition("=")
    key = key.strip()
    if not equals or not _KEY.match(key):
        raise _unread_rule(spec)
    if rest.strip().lower() == "off":
        return key, None
    mode, colon, duration = rest.partition(":")
    mode = mode.strip().lower()
    if not colon or mode not in MODES:
        raise _unread_rule(spec)
    try:
        minutes = parse_duration(duration)
    except UsageError as error:
        # Translators: {spec} is the `--trailer` value as typed; {problem} says what is wrong.
        message = _("--trailer {spec}: {problem}").format(spec=repr(spec), problem=error.message)
        raise UsageError(message, hint=error.hint) from None
    return key, TrailerRule(key, next(known for known in MODES if known == mode), minutes)


def rules_with(specs: Iterable[str]) -> dict[str, TrailerRule]:
    """The default rules changed by `--trailer` specs, by lowercase key (git's trailer keys
    are case-insensitive)."""
    rules = {rule.key.lower(): rule for rule in DEFAULT_RULES}
    for spec in specs:
        key, rule = parse_rule(spec)
        if rule is None:
            rules.pop(key.lower(), None)
        else:
            rules[key.lower()] = rule
    return rules


# --- people --------------------------------------------------------------------------------


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Person:
    """Someone as a trailer or a commit names them: a name, an email, or both."""

    name: str
    email: str

    @classmethod
    def from_value(cls, value: str) -> Person:
        """`Alice Martin <alice@example.org>`, `alice@example.org` or `Alice Martin`."""
        text = value.strip()
        if match := _PERSON.match(text):
            return cls(match["name"].strip().strip('"').strip(), match["email"].strip())
        if _BARE_EMAIL.match(text):
            return cls("", text)
        return cls(text, "")

    @property
    def key(self) -> str:
        """What tells two people apart: the email, else the name (case ignored)."""
        return "email:" + self.email.casefold() if self.email else "name:" + _folded(self.name)

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass(frozen=True)
class Identities:
    """Members by email (their `emails`, then the emails in their `aliases`), by the names
    in their `aliases`, and by their `name` for trailers that give no email; case and
    spacing ignored.

    A key two members claim names nobody: it is `ambiguous`, with the handles claiming it.
    """

    by_key: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, members: Iterable[Member]) -> Identities:
        members = tuple(members)
        claims: dict[str, list[str]] = {}

        def claim(key: str, handle: str) -> None:
            owners = claims.setdefault(key, [])
            if handle not in owners:
                owners.append(handle)

        for member in members:
            for email in member.emails:
                claim("email:" + email.casefold(), member.handle)
            if member.name:
                claim("name:" + _folded(member.name), member.handle)
        own_emails = {key for key in claims if key.startswith("email:")}
        for member in members:
            for alias in member.aliases:
                person = Person.from_value(alias)
                if not person.email:
                    claim("alias:" + _folded(person.name), member.handle)
                elif person.key not in own_emails:
                    # A member's own email wins over another member's alias.
                    claim(person.key, member.handle)
        return cls(
            {key: owners[0] for key, owners in claims.items() if len(owners) == 1},
            {key: tuple(owners) for key, owners in claims.items() if len(owners) > 1},
        )

    @staticmethod
    def _keys(person: Person) -> tuple[str, ...]:
        """Where to look a person up, in order: their email, an alias with their name, and
        (with no email to go by) a member's name."""
        if not person.name:
            return (person.key,) if person.email else ()
        name = _folded(person.name)
        if person.email:
            return (person.key, "alias:" + name)
        return ("alias:" + name, "name:" + name)

    def handle_of(self, person: Person) -> str | None:
        """The member this person is, or None."""
        for key in self._keys(person):
            if key in self.ambiguous:
                return None
            if key in self.by_key:
                return self.by_key[key]
        return None

    def claimed_by(self, person: Person) -> tuple[str, ...]:
        """The members whose emails, aliases or names all name this person, when more than
        one do."""
        for key in self._keys(person):
            if key in self.ambiguous:
                return self.ambiguous[key]
            if key in self.by_key:
                return ()
        return ()


def suggested_handle(person: Person, taken: Iterable[str]) -> str:
    """A handle for someone not yet a member: from their email's local part or their name,
    lowercase ASCII, not one already taken."""
    source = person.email.partition("@")[0] if person.email else person.name
    ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    base = _NOT_IN_HANDLE.sub("-", ascii_text.lower()).strip("-._")[: HANDLE_LENGTH - 3]
    base = base.strip("-._") or "person"
    used = set(taken)
    handle, number = base, 2
    while handle in used:
        handle, number = f"{base}{number}", number + 1
    return handle


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposed:
    """An exchange a trailer stands for, not yet written."""

    sha: str
    key: str
    day: date
    helper: str
    helped: str
    minutes: int
    mode: Mode
    topic: str

    @property
    def source(self) -> str:
        return SOURCE_PREFIX + self.sha

    @property
    def exchange_id(self) -> str:
        return f"{self.day:%Y-%m-%d}-{self.helper}-{self.helped}-{self.sha[:ID_COMMIT_DIGITS]}"


SkipReason = Literal["not-joined", "left", "future", "undated", "unnamed"]


@dataclass(frozen=True)
class Skipped:
    """A trailer between known people that the ledger cannot hold on its day: `handle`
    had not joined yet or had left (`boundary` is that day), or the commit is dated in the
    future or not at all, or the trailer names nobody (`Helped-by:` and nothing else)."""

    reason: SkipReason
    sha: str
    key: str
    day: date | None
    handle: str | None = None
    boundary: date | None = None


@dataclass(frozen=True)
class Unknown:
    """Someone a counted trailer names (as helper or as author) who is no member: how many
    trailers, the first day they appear, a handle to add them with, and the members whose
    emails or aliases all claim them when that is why they are unknown."""

    person: Person
    trailers: int
    first_day: date | None
    suggested: str
    claimed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What importing a list of commits would do, and why each other trailer is left out."""

    commits: int
    counted: int
    proposed: tuple[Proposed, ...]
    already: int
    repeated: int
    copies: int
    self_named: int
    skipped: tuple[Skipped, ...]
    unknown_trailers: int
    unknown: tuple[Unknown, ...]
    not_counted: Mapping[str, int] = field(default_factory=dict)


def imported_keys(exchanges: Iterable[Exchange]) -> set[tuple[str, str, str]]:
    """(commit id as written, helper, helped) of every exchange whose source is a commit."""
    keys: set[tuple[str, str, str]] = set()
    for exchange in exchanges:
        source = exchange.source or ""
        written = source.removeprefix(SOURCE_PREFIX).strip().lower()
        if (
            source.startswith(SOURCE_PREFIX)
            and _HEX.match(written)
            and len(written) >= SHORTEST_COMMIT
        ):
            keys.update((written, exchange.helper, helped) for helped in exchange.helped)
    return keys


# The help a trailer stands for, whatever commit carries it: its day, helper, helped and
# topic. `git commit --amend`, a rebase or a cherry-pick copy a commit under a new id but
# keep its author date, subject and trailers: such a copy is the same help, counted once.
HelpKey = tuple[date, str, str, str]


def imported_help(exchanges: Iterable[Exchange]) -> set[HelpKey]:
    """The help of every exchange imported from a commit, as `HelpKey`s."""
    return {
        (exchange.date, exchange.helper, helped, exchange.topic)
        for exchange in exchanges
        if (exchange.source or "").startswith(SOURCE_PREFIX)
        for helped in exchange.helped
    }


def _already(keys: set[tuple[str, str, str]], lengths: set[int], proposed: Proposed) -> bool:
    sha = proposed.sha.lower()
    return any((sha[:length], proposed.helper, proposed.helped) in keys for length in lengths)


def topic_of(commit: Commit, key: str) -> str:
    """The commit's subject as the exchange's topic, cut to fit; the trailer and commit
    when the subject is empty."""
    subject = " ".join(commit.subject.split())
    if len(subject) > MAX_TITLE:
        subject = subject[: MAX_TITLE - 1].rstrip() + "…"
    return subject or f"{key} in commit {commit.sha[:ID_COMMIT_DIGITS]}"


def _on_team(member: Member, day: date, proposed_sha: str, key: str) -> Skipped | None:
    if day < member.joined:
        return Skipped("not-joined", proposed_sha, key, day, member.handle, member.joined)
    if member.left is not None and day > member.left:
        return Skipped("left", proposed_sha, key, day, member.handle, member.left)
    return None


@dataclass
class _Tally:
    """The counts a plan gathers as it goes through the trailers."""

    counted: int = 0
    already: int = 0
    repeated: int = 0
    copies: int = 0
    self_named: int = 0
    unknown_trailers: int = 0
    proposed: list[Proposed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unknown: dict[str, tuple[Person, int, date | None]] = field(default_factory=dict)
    not_counted: Counter[str] = field(default_factory=Counter)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    seen_help: set[HelpKey] = field(default_factory=set)

    def unknown_person(self, person: Person, day: date | None) -> None:
        earlier, count, first = self.unknown.get(person.key, (person, 0, day))
        if first is None or (day is not None and day < first):
            first = day
        self.unknown[person.key] = (earlier, count + 1, first)


def plan_import(
    commits: Iterable[Commit],
    rules: Mapping[str, TrailerRule],
    members: Iterable[Member],
    existing: Iterable[Exchange],
    today: date,
) -> Plan:
    """The exchanges the commits' trailers stand for that the ledger does not hold yet.

    Helper: the person the trailer names; helped: the commit's author; day: the author
    date. A trailer is left out, and counted or listed with its reason, when its key has
    no rule, it names the author, a person is no member, the ledger holds it already (the
    same commit, helper and helped), it repeats one of the same commit, it is a copy of
    an imported commit (the same day, people and topic: amended, rebased or
    cherry-picked), or a person was not on the team that day.
    """
    members = tuple(members)
    existing = tuple(existing)
    keys = imported_keys(existing)
    ledger = _Ledger(
        Identities.of(members),
        {member.handle: member for member in members},
        keys,
        {len(sha) for sha, _helper, _helped in keys},
        imported_help(existing),
        today,
    )
    tally = _Tally()
    commit_count = 0
    for commit in commits:
        commit_count += 1
        for trailer in commit.trailers:
            rule = rules.get(trailer.key.lower())
            if rule is None:
                tally.not_counted[trailer.key.lower()] += 1
                continue
            tally.counted += 1
            ledger.plan_trailer(tally, commit, rule, Person.from_value(trailer.value))
    taken = set(ledger.by_handle)
    unknown = []
    for person, count, first in tally.unknown.values():
        handle = suggested_handle(person, taken)
        taken.add(handle)
        claimed_by = ledger.identities.claimed_by(person)
        unknown.append(Unknown(person, count, first, handle, claimed_by))
    return Plan(
        commits=commit_count,
        counted=tally.counted,
        proposed=tuple(tally.proposed),
        already=tally.already,
        repeated=tally.repeated,
        copies=tally.copies,
        self_named=tally.self_named,
        skipped=tuple(tally.skipped),
        unknown_trailers=tally.unknown_trailers,
        unknown=tuple(sorted(unknown, key=lambda item: (-item.trailers, str(item.person)))),
        not_counted=dict(tally.not_counted),
    )


@dataclass(frozen=True)
class _Ledger:
    """What a plan checks each trailer against: the members and what is imported already."""

    identities: Identities
    by_handle: Mapping[str, Member]
    keys: set[tuple[str, str, str]]
    lengths: set[int]
    help_keys: set[HelpKey]
    today: date

    def plan_trailer(
        self, tally: _Tally, commit: Commit, rule: TrailerRule, helper_person: Person
    ) -> None:
        """Add one counted trailer to the plan: proposed, or left out with its reason."""
        if not str(helper_person):
            tally.skipped.append(Skipped("unnamed", commit.sha, rule.key, commit.authored))
            return
        author_person = Person(commit.author_name, commit.author_email)
        helper = self.identities.handle_of(helper_person)
        author = self.identities.handle_of(author_person)
        if (helper is not None and helper == author) or (
            helper is None and author is None and helper_person.key == author_person.key
        ):
            tally.self_named += 1
            return
        if helper is None or author is None:
            tally.unknown_trailers += 1
            for person, handle in ((helper_person, helper), (author_person, author)):
                if handle is None:
                    tally.unknown_person(person, commit.authored)
            return
        day = commit.authored
        if day is None:
            tally.skipped.append(Skipped("undated", commit.sha, rule.key, None))
            return
        proposed = Proposed(
            sha=commit.sha,
            key=rule.key,
            day=day,
            helper=helper,
            helped=author,
            minutes=rule.minutes,
            mode=rule.mode,
            topic=topic_of(commit, rule.key),
        )
        if _already(self.keys, self.lengths, proposed):
            tally.already += 1
            return
        pair = (commit.sha, helper, author)
        if pair in tally.seen:
            tally.repeated += 1
            return
        help_key = (day, helper, author, proposed.topic)
        if help_key in self.help_keys or help_key in tally.seen_help:
            tally.copies += 1
            return
        if (day - self.today).days > FUTURE_TOLERANCE_DAYS:
            tally.skipped.append(Skipped("future", commit.sha, rule.key, day))
            return
        for handle in (helper, author):
            off = _on_team(self.by_handle[handle], day, commit.sha, rule.key)
            if off is not None:
                tally.skipped.append(off)
                return
        tally.seen.add(pair)
        tally.seen_help.add(help_key)
        tally.proposed.append(proposed)


def day_of(iso_timestamp: str) -> date | None:
    """The calendar day of a git ISO 8601 date in the author's own time zone, or None when
    it is not one or falls outside the years a ledger holds."""
    try:
        day = date.fromisoformat(iso_timestamp.strip()[:10])
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
