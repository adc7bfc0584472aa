"""Who helps whom: the network laid out by networkx, and the pair-reciprocity heat map.

Both draw the report's edges (minutes from one member to another over the period) and
nothing else; networkx places the people, with a fixed seed so that a page is stable.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import networkx  # type: ignore[import-untyped]

from aidledger.engine.report import Edge, TeamReport
from aidledger.model.values import format_minutes, plural
from aidledger.render.html.svg import BLUE, SVG_NAMESPACE, VERMILLION, Chart, accessible_tree
from aidledger.render.report import main_flows, reciprocity_words

SIZE = 560
MARGIN = 70
NODE_RADIUS = 18
LAYOUT_SEED = 7
MAX_STROKE = 9.0
MIN_STROKE = 1.2
EMPTY_HEIGHT = 40  # an SVG with no flow to draw: its reading says so
CELL = 30
LABEL_SPACE = 110
DARK_CELL = 0.5  # of the heaviest flow: from there on, a cell's figure is written in white
CELL_FIGURES_UP_TO = 14  # members; beyond, the figures stay in the cells' titles and the table


def _svg(width: float, height: float) -> ET.Element:
    return ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "class": "chart drawn",
        },
    )


def _sub(parent: ET.Element, tag: str, **attributes: object) -> ET.Element:
    return ET.SubElement(
        parent, tag, {name.rstrip("_").replace("_", "-"): str(v) for name, v in attributes.items()}
    )


def _people(report: TeamReport, edges: Sequence[Edge]) -> list[str]:
    """The members in the report's order (the largest givers first) who are in a flow."""
    present = {edge.helper for edge in edges} | {edge.helped for edge in edges}
    return [row.handle for row in report.members if row.handle in present]


def _layout(people: Sequence[str], edges: Sequence[Edge]) -> dict[str, tuple[float, float]]:
    graph = networkx.Graph()
    graph.add_nodes_from(people)
    for edge in edges:
        graph.add_edge(edge.helper, edge.helped, weight=edge.minutes)
    # Unweighted: a heavy flow would pull its two people on top of each other; the
    # arrow's width shows the minutes instead.
    spread = 2.5 / math.sqrt(max(1, len(people)))
    positions = networkx.spring_layout(graph, seed=LAYOUT_SEED, k=spread, iterations=200)
    xs = [float(positions[person][0]) for person in people]
    ys = [float(positions[person][1]) for person in people]
    inner = SIZE - 2 * MARGIN

    def scaled(value: float, low: float, high: float) -> float:
        return MARGIN + ((value - low) / (high - low) if high > low else 0.5) * inner

    return {
        person: (scaled(x, min(xs), max(xs)), scaled(y, min(ys), max(ys)))
        for person, x, y in zip(people, xs, ys, strict=True)
    }


def _flow_path(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A gentle curve, bent to its right, so that the two directions of a pair stay apart."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    sx, sy = x1 + ux * NODE_RADIUS, y1 + uy * NODE_RADIUS
    ex, ey = x2 - ux * (NODE_RADIUS + 4), y2 - uy * (NODE_RADIUS + 4)
    bend = min(40.0, length / 5)
    cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def network_chart(report: TeamReport) -> Chart:
    """The largest flows as arrows whose width follows the minutes."""
    edges = main_flows(report.edges)
    people = _people(report, edges)
    svg = _svg(SIZE, SIZE if edges else EMPTY_HEIGHT)
    defs = _sub(svg, "defs")
    marker = _sub(
        defs,
        "marker",
        id="arrow",
        viewBox="0 0 10 10",
        refX=8,
        refY=5,
        markerWidth=12,
        markerHeight=12,
        markerUnits="userSpaceOnUse",
        orient="auto",
    )
    _sub(marker, "path", d="M0,0 L10,5 L0,10 z", fill=BLUE)
    if edges:
        positions = _layout(people, edges)
        heaviest = max(edge.minutes for edge in edges)
        for edge in sorted(edges, key=lambda edge: edge.minutes):
            width = MIN_STROKE + (MAX_STROKE - MIN_STROKE) * edge.minutes / heaviest
            path = _sub(
                svg,
                "path",
                d=_flow_path(positions[edge.helper], positions[edge.helped]),
                fill="none",
                stroke=BLUE,
                stroke_width=f"{width:.1f}",
                stroke_opacity="0.75",
                marker_end="url(#arrow)",
                class_="flow",
            )
            label = _sub(path, "title")
            label.text = _flow_words(edge)
        for person in people:
            x, y = positions[person]
            group = _sub(svg, "g", class_="person")
            _sub(group, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=NODE_RADIUS, fill=VERMILLION)
            text = _sub(
                group, "text", x=f"{x:.1f}", y=f"{y - NODE_RADIUS - 6:.1f}", text_anchor="middle"
            )
            text.text = person
    reading = _network_reading(report, edges)
    description = reading + " Each arrow goes from the helper to the person helped."
    rows = tuple(
        (edge.helper, edge.helped, format_minutes(edge.minutes), str(edge.count))
        for edge in report.edges
    )
    return Chart(
        "network",
        "Who helps whom",
        reading,
        accessible_tree(svg, "network", "Who helps whom", description),
        ("helper", "helped", "minutes", "exchanges"),
        rows,
    )


def _flow_words(edge: Edge) -> str:
    return (
        f"{edge.helper} → {edge.helped}: {format_minutes(edge.minutes)} in "
        f"{plural(edge.count, 'exchange')}"
    )


def _network_reading(report: TeamReport, drawn: Sequence[Edge]) -> str:
    if not drawn:
        return "No help flowed between members in the period."
    heaviest = drawn[0]
    left = len(report.edges) - len(drawn)
    rest = f"; {plural(left, 'smaller flow')} left out (in the table)" if left else ""
    return (
        f"The heaviest flow is {_flow_words(heaviest)}; {plural(len(drawn), 'flow')} drawn, "
        f"the wider the arrow the more minutes{rest}."
    )


def heat_map_chart(report: TeamReport) -> Chart:
    """Rows give, columns receive: a pair whose two cells are both dark helps both ways."""
    people = _people(report, report.edges)
    minutes = {(edge.helper, edge.helped): edge for edge in report.edges}
    side = LABEL_SPACE + CELL * len(people) + 10
    svg = _svg(side, side) if people else _svg(SIZE, EMPTY_HEIGHT)
    heaviest = max((edge.minutes for edge in report.edges), default=0.0)
    figures = len(people) <= CELL_FIGURES_UP_TO
    for index, person in enumerate(people):
        row_label = _sub(
            svg,
            "text",
            x=LABEL_SPACE - 6,
            y=LABEL_SPACE + CELL * index + CELL / 2 + 4,
            text_anchor="end",
        )
        row_label.text = person
        x = LABEL_SPACE + CELL * index + CELL / 2
        column_label = _sub(
            svg,
            "text",
            x=x,
            y=LABEL_SPACE - 6,
            transform=f"rotate(-50 {x:.0f} {LABEL_SPACE - 6})",
        )
        column_label.text = person
    _sub(
        svg,
        "rect",
        x=LABEL_SPACE,
        y=LABEL_SPACE,
        width=CELL * len(people),
        height=CELL * len(people),
        fill="none",
        stroke="currentColor",
        stroke_opacity="0.3",
    )
    for row, helper in enumerate(people):
        for column, helped in enumerate(people):
            edge = minutes.get((helper, helped))
            if edge is None:
                continue
            cell = _sub(
                svg,
                "rect",
                x=LABEL_SPACE + CELL * column + 1,
                y=LABEL_SPACE + CELL * row + 1,
                width=CELL - 2,
                height=CELL - 2,
                fill=BLUE,
                fill_opacity=f"{0.15 + 0.85 * edge.minutes / heaviest:.2f}",
            )
            title = _sub(cell, "title")
            title.text = _flow_words(edge)
            if figures:
                dark = edge.minutes / heaviest > DARK_CELL
                figure = _sub(
                    svg,
                    "text",
                    x=LABEL_SPACE + CELL * column + CELL / 2,
                    y=LABEL_SPACE + CELL * row + CELL / 2 + 4,
                    text_anchor="middle",
                    class_="cell-figure dark" if dark else "cell-figure",
                )
                figure.text = format_minutes(edge.minutes)
    reading = _heat_reading(report)
    description = (
        reading + " Rows are helpers and columns the people helped; the darker the cell, the "
        "more minutes. Help that goes both ways shows as two dark cells mirrored across the "
        "diagonal."
    )
    rows = tuple(
        (
            edge.helper,
            edge.helped,
            format_minutes(edge.minutes),
            format_minutes(
                back.minutes if (back := minutes.get((edge.helped, edge.helper))) else 0
            ),
        )
        for edge in report.edges
    )
    return Chart(
        "pairs",
        "Pair reciprocity",
        reading,
        accessible_tree(svg, "pairs", "Pair reciprocity", description),
        ("helper", "helped", "minutes", "back the other way"),
        rows,
    )


def _heat_reading(report: TeamReport) -> str:
    if report.reciprocity is None:
        return "No help flowed between members in the period."
    return (
        f"Pair reciprocity is {report.reciprocity:.2f}, {reciprocity_words(report.reciprocity)} "
        "(1 when every flow is returned in full, 0 when none is)."
    )
