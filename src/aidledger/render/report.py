"""The team report for a terminal: summary figures, the balance table and the warnings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from aidledger.engine.balance import Balances
from aidledger.engine.findings import Finding
from aidledger.engine.window import Window
from aidledger.model.values import format_minutes
from aidledger.render.balance import balance_table, period_text
from aidledger.render.terminal import to_text

_STYLE = {"fail": "bold red", "warn": "yellow", "info": "cyan"}


def findings_block(findings: Sequence[Finding]) -> RenderableType:
    if not findings:
        return Text("No warnings: help flows both ways and is shared.", style="green")
    lines: list[RenderableType] = [Text("Warnings", style="bold")]
    for finding in findings:
        line = Text()
        line.append(f"{finding.severity:<4} ", style=_STYLE[finding.severity])
        line.append(f"{finding.id}: ", style="bold")
        line.append(finding.message)
        lines.append(line)
        lines.append(Text(f"     next step: {finding.suggestion}", style="dim"))
    return Group(*lines)


def render_text(
    team: str,
    as_of: date,
    window: Window,
    balances: Balances,
    findings: Sequence[Finding],
    active_handles: Sequence[str],
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    givers = sum(1 for handle in active_handles if balances.of(handle).given_minutes > 0)
    heading = Text(f"{team}: mutual aid as of {as_of.isoformat()}", style="bold")
    summary = Text(
        f"Window {period_text(window)}: {balances.exchanges} exchanges, "
        f"{format_minutes(balances.total_minutes)} of help; "
        f"{givers} of {len(active_handles)} active members gave help."
    )
    return to_text(
        heading,
        summary,
        Text(""),
        balance_table(balances, window),
        Text(""),
        findings_block(findings),
        width=width,
        color=color,
    )
