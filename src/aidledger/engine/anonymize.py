"""Stable pseudonyms for sharing a report outside the team."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from aidledger.engine.findings import Finding
from aidledger.engine.report import Edge, TeamReport
from aidledger.model.records import Exchange, Member


def pseudonyms(members: Iterable[Member]) -> dict[str, str]:
    """`member-1`, `member-2`, ... in the order of members.toml, which only ever grows.

    The order of joining is kept, not the handles' spelling, so a pseudonym says nothing
    about the name behind it and stays the same from one report to the next.
    """
    ordered = list(dict.fromkeys(member.handle for member in members))
    width = len(str(len(ordered)))
    return {handle: f"member-{index:0{width}d}" for index, handle in enumerate(ordered, 1)}


class _Rename:
    """Replaces handles wherever they stand as whole words."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = dict(mapping)
        names = sorted(self.mapping, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, names))
        self.pattern = re.compile(r"(?<![\w.-])(" + alternatives + r")(?![\w-])") if names else None
        self.id_pattern = re.compile(r"(?<=-)(" + alternatives + r")(?=-)") if names else None

    def handle(self, handle: str) -> str:
        return self.mapping.get(handle, handle)

    def text(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda match: self.mapping[match.group(1)], text)

    def record_id(self, record_id: str) -> str:
        """An id such as `2026-10-26-maya-theo-4v931s`, its handles replaced.

        Handles may hold `-` themselves, so they are matched between dashes, longest first.
        """
        if self.id_pattern is None:
            return record_id
        return self.id_pattern.sub(lambda match: self.mapping[match.group(1)], record_id)

    def handles(self, handles: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.handle(handle) for handle in handles)


def _finding(finding: Finding, rename: _Rename) -> Finding:
    return replace(
        finding,
        members=rename.handles(finding.members),
        message=rename.text(finding.message),
        suggestion=rename.text(finding.suggestion),
    )


def _exchange(exchange: Exchange, rename: _Rename) -> Exchange:
    confirmation = exchange.confirmation
    return exchange.model_copy(
        update={
            "id": rename.record_id(exchange.id),
            "request": rename.record_id(exchange.request) if exchange.request else None,
            "helper": rename.handle(exchange.helper),
            "helped": rename.handles(exchange.helped),
            "topic": rename.text(exchange.topic),
            "logged_by": rename.handle(exchange.logged_by) if exchange.logged_by else None,
            "confirmation": confirmation.model_copy(update={"by": rename.handle(confirmation.by)})
            if confirmation
            else None,
        }
    )


def anonymize_report(report: TeamReport, mapping: Mapping[str, str]) -> TeamReport:
    """The same report with every handle, in figures and in words, replaced by its pseudonym."""
    rename = _Rename(mapping)
    members = tuple(replace(row, handle=rename.handle(row.handle)) for row in report.members)
    return replace(
        report,
        members=tuple(sorted(members, key=lambda row: row.handle)),
        edges=tuple(
            Edge(rename.handle(edge.helper), rename.handle(edge.helped), edge.minutes, edge.count)
            for edge in report.edges
        ),
        thanks=tuple(_exchange(exchange, rename) for exchange in report.thanks),
        findings=tuple(_finding(finding, rename) for finding in report.findings),
    )
