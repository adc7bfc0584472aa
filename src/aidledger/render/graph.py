"""The who-helps-whom network as Mermaid or Graphviz DOT; edge weight = minutes."""

from __future__ import annotations

from collections.abc import Sequence

from aidledger.engine.report import Edge
from aidledger.engine.window import Window
from aidledger.i18n import _
from aidledger.model.values import format_minutes
from aidledger.render.terminal import period_text
from aidledger.render.text import printable


def _nodes(edges: Sequence[Edge]) -> list[str]:
    return sorted({handle for edge in edges for handle in (edge.helper, edge.helped)})


def render_mermaid(edges: Sequence[Edge]) -> str:
    """A Mermaid flowchart: GitHub renders it inside a ```mermaid block."""
    nodes = _nodes(edges)
    ids = {handle: f"m{index}" for index, handle in enumerate(nodes)}
    heaviest = max((edge.minutes for edge in edges), default=0)
    lines = ["flowchart LR"]
    lines += [f'    {ids[handle]}(["{handle}"])' for handle in nodes]
    for index, edge in enumerate(edges):
        lines.append(
            f"    {ids[edge.helper]} -->|{format_minutes(edge.minutes)}| {ids[edge.helped]}"
        )
        if heaviest and edge.minutes >= heaviest / 2:
            lines.append(f"    linkStyle {index} stroke-width:3px")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A DOT string on one line: a team's name cannot end it or start a line of its own."""
    return '"' + printable(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(edges: Sequence[Edge], team: str, window: Window) -> str:
    """A Graphviz digraph; the pen width grows with the minutes of help."""
    # Translators: the title of a graph of help; {team} is the team's name, {period}
    # "2026-08-02 to 2026-10-30".
    title = _("{team}: who helps whom, {period}").format(team=team, period=period_text(window))
    heaviest = max((edge.minutes for edge in edges), default=0) or 1
    lines = [
        "digraph aidledger {",
        f"    label={_quote(title)};",
        "    labelloc=t;",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    lines += [f"    {_quote(handle)};" for handle in _nodes(edges)]
    for edge in edges:
        width = 1 + 4 * edge.minutes / heaviest
        lines.append(
            f"    {_quote(edge.helper)} -> {_quote(edge.helped)} "
            f"[label={_quote(format_minutes(edge.minutes))}, penwidth={width:.2f}, "
            f"weight={max(1, round(edge.minutes))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
