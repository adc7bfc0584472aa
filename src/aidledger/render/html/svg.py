"""SVG for the page: pygal charts made accessible and stable, and the palette they share.

Every chart is one `<svg role="img">` with a `<title>` and a `<desc>` that say what it shows;
its figures are also in a table behind a `<details>`. pygal writes a random id and the day
it ran into each chart: both are replaced, so that the same report gives the same page.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pygal  # type: ignore[import-untyped]
from markupsafe import Markup
from pygal.style import Style  # type: ignore[import-untyped]

from aidledger.i18n import _, format_month, format_number, format_short_month
from aidledger.model.values import format_minutes

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

# Okabe and Ito's palette, told apart by people with every common colour-vision deficiency.
BLUE = "#0072B2"
GREEN = "#009E73"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
GREY = "#999999"
MODE_COLOURS = {"taught": BLUE, "pair": GREEN, "did": VERMILLION, "advice": ORANGE}

# Colours of text and guides follow the page (currentColor), so that one SVG reads in the
# light theme and in the dark one.
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

CHART_MARGIN = 12  # around every chart, in the SVG's pixels
LABELS_FLAT = 4  # months; more, and their labels are slanted so that they do not overlap
MAX_MONTH_LABELS = 12  # a longer history labels every Nth month only


def style(colours: Sequence[str]) -> Any:
    """A pygal style with no background, text in the page's colour, and these series colours."""
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="currentColor",
        foreground_strong="currentColor",
        foreground_subtle="currentColor",
        guide_stroke_color="currentColor",
        major_guide_stroke_color="currentColor",
        # Solid and faint (their opacity is set on each line): guides, not lines to read.
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
        opacity="1",
        opacity_hover="1",
        transition="none",
        font_family=_FONT,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=13,
        title_font_size=15,
        no_data_font_size=20,
        colors=tuple(colours),
    )


def options(key: str, title: str, colours: Sequence[str], **extra: Any) -> dict[str, Any]:
    """The pygal settings every chart shares: no script, no XML declaration, its own style."""
    return {
        "title": title,
        "style": style(colours),
        "js": [],
        "disable_xml_declaration": True,
        "width": 520,
        "height": 320,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "truncate_legend": -1,
        "margin": CHART_MARGIN,
        "show_y_guides": True,
        "classes": ["chart", f"chart-{key}"],
        "no_data_text": _("No data"),
        **extra,
    }


def hours(minutes: float) -> float:
    """A chart's axis in hours: easier to read than thousands of minutes."""
    return minutes / 60


def hours_label(value: float) -> str:
    return format_minutes(value * 60)


def percent_label(value: float) -> str:
    """A value in percent (0 to 100) on a chart's axis or in its table: `62%`."""
    # Translators: a percentage on a chart; {percent} is a number such as 62.
    return _("{percent}%").format(percent=format_number(value))


def number_label(value: float | None) -> str:
    """A count on a chart's axis, with no more decimals than it has (pygal's own way)."""
    if value is None:
        return ""
    text = f"{value:.10g}"
    return format_number(value, 0 if "e" in text else len(text.partition(".")[2]))


def _month_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def month_axis(count: int) -> dict[str, object]:
    """The settings of an axis of `count` months: slanted past a few months, never cut
    (`mai 2026` is longer than `2026-05`), and at most a dozen labels shown."""
    every = max(1, math.ceil(count / MAX_MONTH_LABELS))
    settings: dict[str, object] = {
        "x_label_rotation": -30 if count > LABELS_FLAT else 0,
        "truncate_label": -1,
    }
    if every > 1:
        settings |= {"x_labels_major_every": every, "show_minor_x_labels": False}
    return settings


def month_words(month: str) -> str:
    """A month (`2026-11`) in a sentence."""
    return format_month(_month_day(month))


def short_month(month: str) -> str:
    """A month (`2026-11`) on a chart's axis or in a table's column."""
    return format_short_month(_month_day(month))


def member_label(handle: str, active: bool) -> str:
    """A person's label on a chart, marked when they left the team."""
    # Translators: a member who left the team, on a chart; {handle} is their handle.
    return handle if active else _("{handle} (left)").format(handle=handle)


def accessible(
    chart: Any,
    key: str,
    title: str,
    description: str,
    line_labels: Mapping[int, tuple[str, str]] | None = None,
    line_widths: Mapping[int, float] | None = None,
) -> Markup:
    """The chart's SVG with a stable id, no comment, and `role="img"`, title and desc;
    `line_labels` writes words (in a colour) above the right end of a line series, and
    `line_widths` sets a line series' width (pygal's CSS would draw every line 1 wide)."""
    chart.uuid = key
    tree = chart.render_tree()
    for index, width in (line_widths or {}).items():
        for _group, path in _line_paths(tree, index):
            path.set("style", f"stroke-width: {width}")
    for index, (words, colour) in (line_labels or {}).items():
        _label_line(tree, index, words, colour)
    return accessible_tree(tree, key, title, description)


def _line_paths(tree: ET.Element, index: int) -> list[tuple[ET.Element, ET.Element]]:
    """The paths that draw series `index`'s line (not its dots), each with its group."""
    return [
        (group, path)
        for group in tree.iter("g")
        if {"series", f"serie-{index}"} <= set((group.get("class") or "").split())
        for path in group.findall("path")
        if "line" in (path.get("class") or "").split()
    ]


def _label_line(tree: ET.Element, index: int, words: str, colour: str) -> None:
    """Words above the right end of series `index`'s line, where it is drawn."""
    for group, path in _line_paths(tree, index):
        numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
        if len(numbers) < 2:  # not one point: no x and y
            continue
        x, y = numbers[-2], numbers[-1]
        text = ET.SubElement(
            group,
            "text",
            {
                "x": f"{x:.1f}",
                "y": f"{y - 6:.1f}",
                "text-anchor": "end",
                "class": "line-label",
                "style": f"fill: {colour}",
            },
        )
        text.text = words
        return


# pygal's descriptions of where its script would put a tooltip (`x centered`, `y left`)
# and of the label under a bar: the script does not run, and the table says the same.
_TOOLTIP_CLASSES = frozenset({"x", "y", "centered", "left", "top", "x_label"})


def _dropped(element: ET.Element) -> bool:
    """pygal's comments carry the day it ran; its script (tooltips) would not run."""
    if not isinstance(element.tag, str) or element.tag == "script":
        return True
    classes = set((element.get("class") or "").split())
    return element.tag == "desc" and bool(classes) and classes <= _TOOLTIP_CLASSES


GUIDE_OPACITY = "0.2"


def _guides(tree: ET.Element) -> None:
    """Faint gridlines, and no `<title>` on them: pygal writes the value formatter's words for
    a category there (a made-up duration on a person's name in a horizontal bar chart)."""
    for group in tree.iter("g"):
        if "guides" not in (group.get("class") or "").split():
            continue
        for child in list(group):
            if child.tag == "title":
                group.remove(child)
            elif child.tag == "path" and "guide" in (child.get("class") or "").split():
                child.set("style", f"stroke-opacity: {GUIDE_OPACITY}")


def _unique_ids(tree: ET.Element, key: str) -> None:
    """Every id inside the chart begins with its key: pygal numbers its legend entries from 0
    in each chart (`activate-serie-0`), and one page holds several charts."""
    renamed: dict[str, str] = {}
    for element in tree.iter():
        old = element.get("id")
        if element is not tree and old and not old.startswith(f"{key}-"):
            renamed[old] = f"{key}-{old}"
            element.set("id", renamed[old])
    if not renamed:
        return
    for element in tree.iter():
        for name, value in list(element.attrib.items()):
            changed = value
            for old, new in renamed.items():
                changed = changed.replace(f"url(#{old})", f"url(#{new})")
                if changed == f"#{old}":
                    changed = f"#{new}"
            element.set(name, changed)


def accessible_tree(tree: ET.Element, key: str, title: str, description: str) -> Markup:
    """An SVG element tree given its text alternative, as markup to place in the page."""
    for parent in tree.iter():
        for child in list(parent):
            if _dropped(child):
                parent.remove(child)
    _guides(tree)
    _unique_ids(tree, key)
    for group in tree.iter("g"):
        # pygal puts a value's own style on its group, where the chart's CSS on the bar
        # itself overrides it: moved onto the bar, it shows (a partial month, faded).
        if group.get("style") and "bar" in (group.get("class") or "").split():
            for bar in group.iter("rect"):
                bar.set("style", group.get("style", ""))
    for old in tree.findall("title"):
        tree.remove(old)
    title_element = ET.Element("title", {"id": f"{key}-title"})
    title_element.text = title
    desc_element = ET.Element("desc", {"id": f"{key}-desc"})
    desc_element.text = description
    tree.insert(0, desc_element)
    tree.insert(0, title_element)
    tree.set("role", "img")
    tree.set("aria-labelledby", f"{key}-title {key}-desc")
    tree.set("id", f"chart-{key}")
    text = ET.tostring(tree, encoding="unicode", short_empty_elements=True)
    return Markup(text)  # ElementTree escaped every text and attribute


@dataclass(frozen=True)
class Chart:
    """A chart of the page: its SVG, one sentence that reads it, and its figures as a table."""

    key: str
    title: str
    reading: str
    svg: Markup
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def drawn(
        cls,
        chart: Any,
        key: str,
        title: str,
        reading: str,
        headers: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        *,
        description: str | None = None,
        line_labels: Mapping[int, tuple[str, str]] | None = None,
        line_widths: Mapping[int, float] | None = None,
    ) -> Chart:
        """A pygal chart placed on the page: its SVG made accessible (`accessible`), its
        text alternative the reading unless a longer `description` is given."""
        svg = accessible(chart, key, title, description or reading, line_labels, line_widths)
        return cls(key, title, reading, svg, headers, rows)


def new_chart(kind: str, key: str, title: str, colours: Sequence[str], **extra: Any) -> Any:
    """A pygal chart of `kind` (`StackedBar`, `Line`, `XY`, ...) with the page's settings."""
    return getattr(pygal, kind)(**options(key, title, colours, **extra))
