"""Who helps whom: the network laid out by networkx, and the pair-reciprocity heat map.

Both draw the report's edges (minutes from one member to another over the period) and
nothing else; networkx places the people, with a fixed seed so that a page is stable. Each
group of people linked by flows is laid out on its own, and the groups are set side by side,
so that a group apart from the rest does not squeeze the others into a corner.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import networkx  # type: ignore[import-untyped]

from aidledger.engine.report import Edge, MemberRow, TeamReport
from aidledger.i18n import _, format_number, ngettext, pgettext
from aidledger.model.values import format_minutes
from aidledger.render.html.svg import (
    BLUE,
    SVG_NAMESPACE,
    VERMILLION,
    Chart,
    accessible_tree,
    member_label,
)
from aidledger.render.report import main_flows, reciprocity_words

SIZE = 560
MARGIN = 70
NODE_RADIUS = 16
NODE_GAP = 84  # the least distance between two people's centres: room for their names
GROUP_GAP = 60  # more room between two groups of people than between two people
SEPARATION_ROUNDS = 60
MAX_SPREAD = 1.6  # how far a small drawing is spread to fill the chart's width
LAYOUT_SEED = 7
MAX_STROKE = 9.0
MIN_STROKE = 1.2
EMPTY_HEIGHT = 40  # an SVG with no flow to draw: its reading says so
CELL = 30
LABEL_SPACE = 110
LABEL_CHARACTER = 7.5  # the width of a character of a name, at the labels' size
DARK_CELL = 0.5  # of the heaviest flow: from there on, a cell's figure is written in white
MIN_CELL_OPACITY = 0.3  # the smallest flow's cell: still told from the empty ones, in both themes
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


def _took_no_part(row: MemberRow) -> bool:
    return row.given_count == 0 and row.received_count == 0


def _name(row: MemberRow) -> str:
    """A person's label, marked as the other charts mark a member who left."""
    return member_label(row.handle, row.active)


Point = tuple[float, float]


def _separated(points: dict[str, Point]) -> dict[str, Point]:
    """Pushes apart any two people closer than NODE_GAP, a little at a time."""
    names = sorted(points)
    moved = {name: [*points[name]] for name in names}
    for _round in range(SEPARATION_ROUNDS):
        crowded = False
        for index, first in enumerate(names):
            for second in names[index + 1 :]:
                (x1, y1), (x2, y2) = moved[first], moved[second]
                distance = math.hypot(x2 - x1, y2 - y1)
                if distance >= NODE_GAP:
                    continue
                crowded = True
                if distance < 1e-6:  # one on the other: apart along a fixed direction
                    ux, uy, distance = 1.0, 0.0, 0.0
                else:
                    ux, uy = (x2 - x1) / distance, (y2 - y1) / distance
                push = (NODE_GAP - distance) / 2 + 0.5
                moved[first] = [x1 - ux * push, y1 - uy * push]
                moved[second] = [x2 + ux * push, y2 + uy * push]
        if not crowded:
            break
    return {name: (x, y) for name, (x, y) in moved.items()}


def _group_layout(graph: networkx.Graph, group: Sequence[str]) -> dict[str, Point]:
    """One group of linked people, in pixels from (0, 0), NODE_GAP apart at least."""
    if len(group) == 1:
        return {group[0]: (0.0, 0.0)}
    if len(group) == 2:
        return {group[0]: (0.0, 0.0), group[1]: (NODE_GAP * 1.5, 0.0)}
    # Unweighted: a heavy flow would pull its two people on top of each other; the
    # arrow's width shows the minutes instead.
    spread = 2.5 / math.sqrt(len(group))
    # The group's own graph, its people in the group's order: a subgraph view of a small
    # part of a graph lists its nodes in the order of a set, which changes from run to run
    # (and the layout with it).
    own = networkx.Graph()
    own.add_nodes_from(group)
    own.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.subgraph(group).edges()))
    raw = networkx.spring_layout(own, seed=LAYOUT_SEED, k=spread, iterations=200)
    side = NODE_GAP * 1.25 * math.sqrt(len(group))
    xs = [float(raw[person][0]) for person in group]
    ys = [float(raw[person][1]) for person in group]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    placed = _separated(
        {
            person: ((x - min(xs)) / span * side, (y - min(ys)) / span * side)
            for person, x, y in zip(group, xs, ys, strict=True)
        }
    )
    left = min(x for x, _y in placed.values())
    top = min(y for _x, y in placed.values())
    return {person: (x - left, y - top) for person, (x, y) in placed.items()}


def _layout(
    people: Sequence[str], edges: Sequence[Edge], alone: Sequence[str] = ()
) -> tuple[dict[str, Point], float, float]:
    """Every person's place, and the drawing's width and height.

    Each group of people linked by flows is laid out on its own; the groups, the largest
    first, are set side by side in rows, and the people in no flow in a last row.
    """
    graph = networkx.Graph()
    graph.add_nodes_from(people)
    for edge in edges:
        graph.add_edge(edge.helper, edge.helped)
    order = {person: index for index, person in enumerate(people)}
    groups = sorted(
        (sorted(component, key=order.__getitem__) for component in
         networkx.connected_components(graph)),
        key=lambda group: (-len(group), order[group[0]]),
    )  # fmt: skip
    boxes = [_group_layout(graph, group) for group in groups]
    boxes += [{person: (0.0, 0.0)} for person in alone]
    inner = SIZE - 2 * MARGIN
    positions: dict[str, Point] = {}
    x = y = row_height = 0.0
    lone_row = len(groups)
    for index, box in enumerate(boxes):
        width = max(px for px, _py in box.values())
        height = max(py for _px, py in box.values())
        new_row = x > 0 and (x + width > inner or index == lone_row)
        if new_row:
            x, y = 0.0, y + row_height + NODE_GAP + GROUP_GAP / 2
            row_height = 0.0
        for person, (px, py) in box.items():
            positions[person] = (MARGIN + x + px, MARGIN + y + py)
        x += width + NODE_GAP + (0 if index >= lone_row else GROUP_GAP / 2)
        row_height = max(row_height, height)
    # Drawn narrower than the chart, the people are spread to its width (never closer).
    wide = max(px for px, _py in positions.values()) - MARGIN
    tall = max(py for _px, py in positions.values()) - MARGIN
    factor = min(MAX_SPREAD, inner / wide) if 0 < wide < inner else 1.0
    if wide <= 0 < tall:
        factor = min(MAX_SPREAD, inner / tall)
    spread = {
        person: (MARGIN + (px - MARGIN) * factor, MARGIN + (py - MARGIN) * factor)
        for person, (px, py) in positions.items()
    }
    right = max(px for px, _py in spread.values()) + MARGIN
    bottom = max(py for _px, py in spread.values()) + MARGIN
    # A drawing narrower than the chart is centred in it.
    shift = max(0.0, (SIZE - right) / 2)
    centred = {person: (px + shift, py) for person, (px, py) in spread.items()}
    return centred, max(SIZE, right), bottom


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
    """The largest flows as arrows whose width follows the minutes; members who took part in
    no exchange stand alone."""
    edges = main_flows(report.edges)
    people = _people(report, edges)
    alone = [row.handle for row in report.members if _took_no_part(row)] if edges else []
    names = {row.handle: _name(row) for row in report.members}
    if edges:
        positions, width, height = _layout(people, edges, alone)
    else:
        positions, width, height = {}, SIZE, EMPTY_HEIGHT
    svg = _svg(width, height)
    defs = _sub(svg, "defs")
    marker = _sub(
        defs,
        "marker",
        id="network-arrow",
        viewBox="0 0 10 10",
        refX=8,
        refY=5,
        markerWidth=12,
        markerHeight=12,
        markerUnits="userSpaceOnUse",
        orient="auto",
    )
    _sub(marker, "path", d="M0,0 L10,5 L0,10 z", fill=BLUE, class_="arrow-head")
    if edges:
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
                stroke_opacity="0.8",
                marker_end="url(#network-arrow)",
                class_="flow",
            )
            label = _sub(path, "title")
            label.text = _flow_words(edge)
        # The names last, over every arrow, each with a halo of the panel's colour.
        for person in [*people, *alone]:
            x, y = positions[person]
            lone = person in alone
            group = _sub(svg, "g", class_="person alone" if lone else "person")
            _sub(
                group,
                "circle",
                cx=f"{x:.1f}",
                cy=f"{y:.1f}",
                r=NODE_RADIUS,
                fill="none" if lone else VERMILLION,
                stroke=VERMILLION,
                stroke_width=2,
            )
            text = _sub(
                group, "text", x=f"{x:.1f}", y=f"{y - NODE_RADIUS - 7:.1f}", text_anchor="middle"
            )
            text.text = names[person]
    reading = _network_reading(report, edges)
    description = reading + " " + _("Each arrow goes from the helper to the person helped.")
    if alone:
        # Translators: {names} lists the members who took part in no exchange.
        description += " " + _(
            "Hollow and apart, the members who took part in no exchange: {names}."
        ).format(names=", ".join(names[person] for person in alone))
    rows = tuple(
        (edge.helper, edge.helped, format_minutes(edge.minutes), format_number(edge.count))
        for edge in report.edges
    )
    title = _("Who helps whom")
    return Chart(
        "network",
        title,
        reading,
        accessible_tree(svg, "network", title, description),
        (
            pgettext("column", "helper"),
            pgettext("column", "helped"),
            pgettext("column", "minutes"),
            pgettext("column", "exchanges"),
        ),
        rows,
    )


def _flow_words(edge: Edge) -> str:
    # Translators: a flow of help from {helper} to {helped}: {minutes} is a duration,
    # {exchanges} "3 exchanges".
    return _("{helper} → {helped}: {minutes} in {exchanges}").format(
        helper=edge.helper,
        helped=edge.helped,
        minutes=format_minutes(edge.minutes),
        exchanges=ngettext("{count} exchange", "{count} exchanges", edge.count).format(
            count=edge.count
        ),
    )


def _network_reading(report: TeamReport, drawn: Sequence[Edge]) -> str:
    if not drawn:
        return _("No help flowed between members in the period.")
    heaviest = drawn[0]
    left = len(report.edges) - len(drawn)
    # Translators: {flow} is "maya → theo: 2h in 3 exchanges"; {count} the number of flows
    # drawn as arrows on the network chart.
    said = ngettext(
        "The heaviest flow is {flow}; {count} flow drawn, the wider the arrow the more minutes",
        "The heaviest flow is {flow}; {count} flows drawn, the wider the arrow the more minutes",
        len(drawn),
    ).format(flow=_flow_words(heaviest), count=len(drawn))
    if left:
        # Translators: the flows too small to be drawn on the network chart.
        rest = ngettext(
            "{count} smaller flow left out (in the table)",
            "{count} smaller flows left out (in the table)",
            left,
        ).format(count=left)
        # Translators: two clauses of one sentence, each a whole clause translated on its own.
        said = _("{first}; {second}").format(first=said, second=rest)
    return said + "."


def heat_map_chart(report: TeamReport) -> Chart:
    """Rows give, columns receive: a pair whose two cells are both strong helps both ways."""
    people = _people(report, report.edges)
    minutes = {(edge.helper, edge.helped): edge for edge in report.edges}
    names = {row.handle: _name(row) for row in report.members}
    # Room for the longest name: written out on the left, slanted above the columns (so
    # that the last one reaches past the matrix on the right).
    longest = max((len(names[person]) for person in people), default=0) * LABEL_CHARACTER
    label_space = max(LABEL_SPACE, longest + 12)
    width = label_space + CELL * len(people) + max(10, longest * 0.65)
    height = label_space + CELL * len(people) + 10
    svg = _svg(width, height) if people else _svg(SIZE, EMPTY_HEIGHT)
    heaviest = max((edge.minutes for edge in report.edges), default=0.0)
    figures = len(people) <= CELL_FIGURES_UP_TO
    for index, person in enumerate(people):
        row_label = _sub(
            svg,
            "text",
            x=label_space - 6,
            y=label_space + CELL * index + CELL / 2 + 4,
            text_anchor="end",
        )
        row_label.text = names[person]
        x = label_space + CELL * index + CELL / 2
        column_label = _sub(
            svg,
            "text",
            x=x,
            y=label_space - 6,
            transform=f"rotate(-50 {x:.0f} {label_space - 6})",
        )
        column_label.text = names[person]
    _sub(
        svg,
        "rect",
        x=label_space,
        y=label_space,
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
                x=label_space + CELL * column + 1,
                y=label_space + CELL * row + 1,
                width=CELL - 2,
                height=CELL - 2,
                fill=BLUE,
                fill_opacity=f"{share_opacity(edge.minutes / heaviest):.2f}",
                class_="cell",
            )
            title = _sub(cell, "title")
            title.text = _flow_words(edge)
            if figures:
                dark = edge.minutes / heaviest > DARK_CELL
                figure = _sub(
                    svg,
                    "text",
                    x=label_space + CELL * column + CELL / 2,
                    y=label_space + CELL * row + CELL / 2 + 4,
                    text_anchor="middle",
                    class_="cell-figure dark" if dark else "cell-figure",
                )
                figure.text = format_minutes(edge.minutes)
    reading = _heat_reading(report)
    description = (
        reading
        + " "
        + _(
            "Rows are helpers and columns the people helped; the stronger the colour of "
            "a cell, the more minutes. Help that goes both ways shows as two strong cells "
            "mirrored across the diagonal."
        )
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
    heading = _("Pair reciprocity")
    return Chart(
        "pairs",
        heading,
        reading,
        accessible_tree(svg, "pairs", heading, description),
        (
            pgettext("column", "helper"),
            pgettext("column", "helped"),
            pgettext("column", "minutes"),
            # Translators: a table's column: the minutes of help from the person helped back
            # to the helper.
            pgettext("column", "back the other way"),
        ),
        rows,
    )


def share_opacity(share: float) -> float:
    """A cell's opacity for its flow's share of the heaviest flow."""
    return MIN_CELL_OPACITY + (1 - MIN_CELL_OPACITY) * share


def _heat_reading(report: TeamReport) -> str:
    if report.reciprocity is None:
        return _("No help flowed between members in the period.")
    # Translators: {reciprocity} is a number from 0 to 1, {words} what it means.
    return _(
        "Pair reciprocity is {reciprocity}, {words} "
        "(1 when every flow is returned in full, 0 when none is)."
    ).format(
        reciprocity=format_number(report.reciprocity, 2),
        words=reciprocity_words(report.reciprocity),
    )
