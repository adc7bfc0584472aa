"""Reports shared outside the team: every fact that could name a person mapped or left out.

Findings are facts, so anonymizing maps facts: handles become stable pseudonyms, record
ids become new sequential ids, the team's name is left out, and free text that
cannot be mapped (topics, request titles) is left out rather than scrubbed. A tag is
kept only when it holds no part of anyone's handle, name or email, in any letter case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from aidledger.engine.findings import (
    BalanceFacts,
    ConcentrationFacts,
    Facts,
    Finding,
    IsolationFacts,
    ModeFacts,
    NotJudged,
    OverloadFacts,
    ParticipationFacts,
    RepeatFacts,
    StaleFacts,
    UnconfirmedFacts,
    UsefulnessFacts,
)
from aidledger.engine.report import Edge, MemberRow, TeamReport, ThanksRow
from aidledger.model.records import Member

_MIN_TOKEN = 2


def pseudonyms(members: Iterable[Member]) -> dict[str, str]:
    """`member-1`, `member-2`, ... in the order of members.toml, which only ever grows.

    The order of joining is kept, not the handles' spelling, so a pseudonym says nothing
    about the name behind it and stays the same from one report to the next.
    """
    ordered = list(dict.fromkeys(member.handle for member in members))
    width = len(str(len(ordered)))
    return {handle: f"member-{index:0{width}d}" for index, handle in enumerate(ordered, 1)}


def identifying_tokens(members: Iterable[Member], team: str) -> frozenset[str]:
    """Every word that could name someone: handles, names, emails, aliases and the team,
    lowercased."""
    texts: list[str] = [team]
    for member in members:
        texts += [member.handle, member.name or "", *member.emails, *member.aliases]
    tokens = set()
    for text in texts:
        lowered = text.lower()
        tokens.add(lowered)
        tokens.update(re.split(r"[^\w]+|_", lowered))
    return frozenset(token for token in tokens if len(token) >= _MIN_TOKEN)


@dataclass
class Anonymizer:
    """Maps the facts of a report; ids are numbered in the order they are first met."""

    handles: dict[str, str]
    tokens: frozenset[str]
    ids: dict[str, str] = field(default_factory=dict)

    def handle(self, handle: str) -> str:
        """A member's pseudonym; anyone the members do not list shares one of their own."""
        return self.handles.get(handle, "member-0")

    def people(self, handles: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.handle(handle) for handle in handles)

    def optional_handle(self, handle: str | None) -> str | None:
        return None if handle is None else self.handle(handle)

    def record_id(self, record_id: str, kind: str) -> str:
        if record_id not in self.ids:
            count = sum(1 for new in self.ids.values() if new.startswith(f"{kind}-"))
            self.ids[record_id] = f"{kind}-{count + 1}"
        return self.ids[record_id]

    def tag(self, tag: str | None) -> str | None:
        """A tag that names nobody; None when it holds a part of a name."""
        if tag is None:
            return None
        lowered = tag.lower()
        return None if any(token in lowered for token in self.tokens) else tag

    def facts(self, facts: Facts) -> Facts:
        if isinstance(facts, BalanceFacts | OverloadFacts | IsolationFacts | ModeFacts):
            return replace(facts, handle=self.handle(facts.handle))
        if isinstance(facts, ConcentrationFacts):
            return replace(facts, leaders=self.people(facts.leaders))
        if isinstance(facts, ParticipationFacts):
            return replace(facts, silent=self.people(facts.silent))
        if isinstance(facts, UsefulnessFacts):
            return replace(facts, handle=self.optional_handle(facts.handle))
        if isinstance(facts, RepeatFacts):
            return replace(
                facts,
                handle=self.handle(facts.handle),
                tag=self.tag(facts.tag),
                topic=None,
                exchanges=tuple(self.record_id(one, "exchange") for one in facts.exchanges),
            )
        if isinstance(facts, UnconfirmedFacts):
            return replace(
                facts,
                handle=self.handle(facts.handle),
                exchanges=tuple(self.record_id(one, "exchange") for one in facts.exchanges),
            )
        if isinstance(facts, StaleFacts):
            requests = tuple(
                replace(
                    request,
                    id=self.record_id(request.id, "request"),
                    by=self.handle(request.by),
                    title=None,
                )
                for request in facts.requests
            )
            return replace(facts, requests=requests)
        if isinstance(facts, NotJudged):
            return facts
        return facts

    def finding(self, finding: Finding) -> Finding:
        return replace(
            finding, members=self.people(finding.members), facts=self.facts(finding.facts)
        )

    def thanks(self, row: ThanksRow) -> ThanksRow:
        return replace(
            row,
            id=self.record_id(row.id, "exchange"),
            helper=self.handle(row.helper),
            helped=self.people(row.helped),
            topic=None,
            note=None,
        )


def anonymize_report(report: TeamReport, members: Iterable[Member]) -> TeamReport:
    """The same report with every person, id and free text mapped or left out."""
    members = tuple(members)
    rename = Anonymizer(pseudonyms(members), identifying_tokens(members, report.team or ""))
    rows: tuple[MemberRow, ...] = tuple(
        sorted(
            (replace(row, handle=rename.handle(row.handle)) for row in report.members),
            key=lambda row: row.handle,
        )
    )
    return replace(
        report,
        team=None,
        members=rows,
        edges=tuple(
            Edge(rename.handle(edge.helper), rename.handle(edge.helped), edge.minutes, edge.count)
            for edge in report.edges
        ),
        thanks=tuple(rename.thanks(row) for row in report.thanks),
        findings=tuple(rename.finding(finding) for finding in report.findings),
    )
