"""How a finding reads, in JSON and in a terminal, wherever findings are shown."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from aidledger.engine.findings import Finding
from aidledger.render.terminal import rounded

SEVERITY_STYLE = {"fail": "bold red", "warn": "yellow", "info": "cyan"}


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "severity": finding.severity,
        "members": list(finding.members),
        "value": rounded(finding.value),
        "threshold": rounded(finding.threshold),
        "message": finding.message,
        "suggestion": finding.suggestion,
        "scope": finding.scope,
    }


def finding_lines(finding: Finding, indent: int) -> list[RenderableType]:
    """A finding and its next step, each wrapped under its own indent."""
    line = Text()
    line.append(f"{finding.severity:<4} ", style=SEVERITY_STYLE[finding.severity])
    line.append(f"{finding.id}: ", style="bold")
    line.append(finding.message)
    step = Text(f"next step: {finding.suggestion}", style="dim")
    return [Padding(line, (0, 0, 0, indent)), Padding(step, (0, 0, 0, indent + 5))]
