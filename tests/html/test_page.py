"""`report --format html` and `statement --format html`: one self-contained page, read by a
real HTML parser; hostile text stays inside its element."""

from __future__ import annotations

import importlib.util
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aidledger.engine.report import Edge, MonthRow
from aidledger.render.html import charts, network, svg
from aidledger.render.html.page import CONTENT_SECURITY_POLICY
from aidledger.render.html.svg import VERMILLION
from tests.cli.test_hostile_text import (
    CONTROL,
    TITLE,
    TOPICS,
    assert_inert,
    twins,  # noqa: F401 - the fixture of two ledgers, plain and hostile
)
from tests.conftest import Run
from tests.html.page import (
    ACTIVE_ELEMENTS,
    REPOSITORY,
    RIVERSIDE,
    RIVERSIDE_DAY,
    Element,
    Page,
    parse,
    riverside_page,
)

PAGE_BUDGET = 400 * 1024
REPORT_CHARTS = ("months", "participation", "people", "lorenz", "network", "pairs")
STATEMENT_CHARTS = ("months", "modes", "partners", "useful")
SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


@pytest.fixture(scope="module")
def riverside() -> str:
    """The example team's page, rendered once for the module."""
    from typer.testing import CliRunner

    from aidledger.cli.app import app

    args = ["--root", str(RIVERSIDE), "report", "--as-of", RIVERSIDE_DAY, "--format", "html"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AIDLEDGER_TODAY", RIVERSIDE_DAY)
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _figures(page: Page) -> dict[str, Element]:
    return {
        figure.attributes["id"]: figure
        for figure in page.root.iter("figure")
        if "chart-box" in figure.attributes.get("class", "")
    }


def test_the_page_asks_for_nothing(riverside: str) -> None:
    """A Content-Security-Policy forbids every request; no element loads or runs anything."""
    page = parse(riverside)
    policies = [
        meta.attributes["content"]
        for meta in page.root.iter("meta")
        if meta.attributes.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [CONTENT_SECURITY_POLICY]
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    tags = {tag for tag, _ in page.sequence}
    assert not tags & ACTIVE_ELEMENTS
    for tag, attributes in page.sequence:
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "xlink:href", "action", "poster"}:
                assert value.startswith(("#", "data:")), (tag, name, value)
    addresses = re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", riverside)
    assert set(addresses) <= set(SVG_NAMESPACES)


def test_every_chart_has_a_reading_a_title_a_description_and_a_table(riverside: str) -> None:
    """Each chart: one sentence beside it, `role=img` with title and desc, figures in details."""
    page = parse(riverside)
    figures = _figures(page)
    assert tuple(figures) == REPORT_CHARTS
    for key, figure in figures.items():
        (reading,) = [p for p in figure.iter("p") if p.attributes.get("class") == "reading"]
        assert len(reading.all_text().strip()) > 20, key
        (svg,) = figure.iter("svg")
        assert svg.attributes["role"] == "img"
        labels = svg.attributes["aria-labelledby"].split()
        named = {
            element.attributes.get("id"): element.all_text()
            for element in svg.children
            if element.tag in {"title", "desc"}
        }
        assert labels == [f"{key}-title", f"{key}-desc"]
        assert all(named[label].strip() for label in labels), key
        (details,) = figure.iter("details")
        assert details.iter("summary")
        assert len(details.iter("tr")) >= 2, key


def test_the_example_team_page_is_within_its_budget(riverside: str) -> None:
    """The example team's page weighs under 400 KB."""
    assert len(riverside.encode("utf-8")) < PAGE_BUDGET


def test_the_same_report_gives_the_same_page(riverside: str, run: Run) -> None:
    """No random id and no clock in the page: rendering twice gives the same bytes."""
    assert riverside_page(run) == riverside


def test_the_page_says_what_the_other_formats_say(riverside: str, run: Run) -> None:
    """The summary, warnings and thanks are the Markdown page's own sentences."""
    text = " ".join(parse(riverside).root.all_text().split())
    assert "Riverside: mutual aid as of 2026-10-30" in text
    assert "6 of 7 (86%), good: most members give" in text
    assert "the charter warns from 29% and fails from 43%" in text
    assert "Next step:" in text
    assert "Open requests" in text
    assert "The next exchange meeting" in text
    assert "2026-10 (partial)" in text


def test_an_anonymized_page_names_nobody(run: Run) -> None:
    """`--anonymize` maps people to pseudonyms and leaves out free text and the agenda."""
    page = riverside_page(run, "--anonymize")
    text = parse(page).root.all_text()
    for name in ("maya", "theo", "Riverside", "Open requests"):
        assert name not in page, name
    assert "Anonymized" in text
    assert len(_figures(parse(page))) == len(REPORT_CHARTS)


@pytest.mark.parametrize(
    "command",
    [("report", "--as-of", RIVERSIDE_DAY), ("statement", "maya"), ("me", "--as", "maya")],
    ids=["report", "statement", "me"],
)
def test_output_writes_the_page_to_a_file(
    run: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`-o FILE` writes the page there, prints nothing on stdout, and names the file."""
    target = tmp_path / "out" / "page.html"
    result = run(
        "--root", str(RIVERSIDE), *command, "--format", "html",
        "-o", str(target), env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_statement_page_shows_months_modes_partners_and_usefulness(run: Run) -> None:
    """`statement HANDLE --format html`: the person's lines and four charts."""
    result = run(
        "--root", str(RIVERSIDE), "statement", "maya", "--format", "html",
        env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = parse(result.stdout)
    assert tuple(_figures(page)) == STATEMENT_CHARTS
    text = " ".join(page.root.all_text().split())
    assert "Maya Okafor (maya), Riverside" in text
    assert "usefulness as helper" in text


def test_without_the_extra_the_error_names_it(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the html extra: one sentence naming `pip install 'aidledger[html]'`, exit 2."""
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "pygal" else real(name)

    monkeypatch.setattr("aidledger.cli.reports.importlib.util.find_spec", find_spec)
    result = run("--root", str(RIVERSIDE), "report", "--format", "html")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "pip install 'aidledger[html]'" in lines[0]


# --- hostile text ---------------------------------------------------------------------------


def _html(run: Run, root: Path, *args: str) -> str:
    result = run(*args, "--format", "html", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    return result.stdout


PAGES = {
    "report": ("report",),
    "statement": ("statement", "dave"),
    "me": ("me", "--as", "dave"),
}


def _structure(page: Page) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The elements and their attributes in order: what field text must never change."""
    return list(page.sequence)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_text_never_changes_the_page_structure(
    twins: tuple[Path, Path],  # noqa: F811 - the fixture imported above
    run: Run,
    name: str,
) -> None:
    """With HTML, scripts, quotes, bidi and controls in every field, the elements of the page
    are those of the same ledger with plain text: field text changes words, never markup."""
    plain, hostile = twins
    plain_page = parse(_html(run, plain, *PAGES[name]))
    hostile_text_page = _html(run, hostile, *PAGES[name])
    hostile_page = parse(hostile_text_page)
    assert _structure(hostile_page) == _structure(plain_page)
    assert_inert(hostile_text_page)
    assert CONTROL.search(hostile_text_page) is None


def test_hostile_text_is_shown_as_text(
    twins: tuple[Path, Path],  # noqa: F811 - the fixture imported above
    run: Run,
) -> None:
    """The parser reads the hostile team name, topic and title back as text, in their place."""
    _, hostile = twins
    page = parse(_html(run, hostile, "report"))
    (heading,) = page.root.iter("h1")
    assert " ".join(heading.all_text().split()).startswith("Testers <!-- # Fake heading")
    text = " ".join(page.root.all_text().split())
    assert "<script>alert(1)</script> <img src=x onerror=alert(1)>" in text
    assert TOPICS["html"].startswith("<!--")
    assert "Need <script>![i](x)" in text
    assert TITLE.startswith("Need <script>")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_team_with_no_help_yet_gets_a_page(ledger: Path, run: Run, name: str) -> None:
    """With no exchange at all, every chart is still there, and says there is nothing yet."""
    run("member", "add", "dave", "--joined", "2026-01-05")
    page = parse(_html(run, ledger, *PAGES[name]))
    expected = REPORT_CHARTS if name == "report" else STATEMENT_CHARTS
    assert tuple(_figures(page)) == expected


def test_the_wheel_ships_the_templates(wheel_names: frozenset[str]) -> None:
    """The page's templates are package data: installed with the wheel, where Jinja2 reads them."""
    templates = sorted((REPOSITORY / "src/aidledger/render/html/templates").glob("*.j2"))
    assert templates
    for template in templates:
        assert f"aidledger/render/html/templates/{template.name}" in wheel_names


# --- what the review of the page found ------------------------------------------------------


def _figure_text(riverside: str, key: str) -> str:
    return " ".join(_figures(parse(riverside))[key].all_text().split())


def _reading(riverside: str, key: str) -> str:
    (reading,) = [
        p
        for p in _figures(parse(riverside))[key].iter("p")
        if p.attributes.get("class") == "reading"
    ]
    return " ".join(reading.all_text().split())


def _svg_of(riverside: str, key: str) -> Element:
    (svg,) = _figures(parse(riverside))[key].iter("svg")
    return svg


def _classes(element: Element) -> set[str]:
    return set(element.attributes.get("class", "").split())


def test_the_months_reading_names_a_partial_month_that_already_tops_the_whole_ones(
    riverside: str,
) -> None:
    """2026-10 (30 of 31 days) has more help than any whole month: the reading says so."""
    reading = _reading(riverside, "months")
    assert "the busiest whole month was 2026-07 with 30h10" in reading
    assert "2026-10, 30 of 31 days so far, already has 37h35" in reading


def _month(month: str, minutes: float, days: int = 30, givers: int = 3) -> MonthRow:
    return MonthRow(month, minutes, 10, givers, 6, days, 30)


def test_a_partial_month_below_the_busiest_whole_one_is_only_told_as_partial() -> None:
    months = (_month("2026-01", 600), _month("2026-02", 300), _month("2026-03", 100, days=12))
    reading = charts._months_reading(months)
    assert "the busiest whole month was 2026-01 with 10h" in reading
    assert "already" not in reading
    assert "partial: 2026-03 (12 of 30 days)" in reading


def test_the_participation_reading_judges_the_last_whole_month(riverside: str) -> None:
    """2026-10 is partial: the reading judges 2026-09, and gives 2026-10 as partial."""
    reading = _reading(riverside, "participation")
    assert reading.startswith("In 2026-09, the last whole month, 6 of 7 members gave help")
    assert "2026-10 is partial (30 of 31 days so far)" in reading


def test_the_partial_month_point_is_hollow(riverside: str) -> None:
    dots = [
        circle
        for circle in _svg_of(riverside, "participation").iter("circle")
        if "dot" in _classes(circle)
    ]
    hollow = [dot for dot in dots if "partial" in _classes(dot)]
    assert len(hollow) == 1
    assert "fill: var(--panel" in hollow[0].attributes["style"]
    assert len(dots) == 6


def test_the_majority_line_stands_out_from_faint_guides(riverside: str) -> None:
    """Gridlines are solid and faint; the majority line is solid, thicker, orange, labelled."""
    svg = _svg_of(riverside, "participation")
    guides = [
        path
        for group in svg.iter("g")
        if "guides" in _classes(group)
        for path in group.iter("path")
        if "guide" in _classes(path)
    ]
    assert guides
    assert all(path.attributes.get("style") == "stroke-opacity: 0.2" for path in guides)
    assert "stroke-dasharray:none" in "".join(svg.iter("style")[0].text).replace(" ", "")
    (majority,) = [
        group for group in svg.iter("g") if {"series", "serie-1"} <= _classes(group)
        and group.iter("path")
    ]  # fmt: skip
    (line,) = majority.iter("path")
    assert line.attributes["style"] == "stroke-width: 3"
    (label,) = majority.iter("text")
    assert label.all_text() == "majority (50%)"
    assert VERMILLION in label.attributes["style"]
    assert ".color-1" in "".join(svg.iter("style")[0].text)


def test_a_long_history_labels_a_dozen_months_at_most() -> None:
    """120 months: every 10th is labelled, the others are not written."""
    months = [_month(f"{2016 + i // 12}-{i % 12 + 1:02}", 60.0 * (i % 7)) for i in range(120)]
    assert svg.month_axis(len(months))["x_labels_major_every"] == 10
    chart = svg.new_chart("Line", "test", "t", [svg.BLUE], **svg.month_axis(len(months)))
    chart.x_labels = [row.month for row in months]
    chart.add("s", [1.0] * len(months))
    tree = chart.render_tree()
    x_axis = next(g for g in tree.iter("g") if {"axis", "x"} <= set(g.get("class", "").split()))
    labels = [text.text for text in x_axis.iter("text") if text.text]
    assert 1 < len(labels) <= svg.MAX_MONTH_LABELS
    assert svg.month_axis(12).get("x_labels_major_every") is None


def test_no_guide_carries_a_made_up_title(riverside: str) -> None:
    """pygal titles a horizontal chart's name guides with the value formatter (`4m` on a
    name): no guide has a title."""
    page = parse(riverside)
    for group in page.root.iter("g"):
        if "guides" in _classes(group):
            assert not [child for child in group.children if child.tag == "title"]


def test_every_id_in_the_page_is_unique(riverside: str, run: Run) -> None:
    result = run(
        "--root", str(RIVERSIDE), "statement", "theo", "--format", "html",
        env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    for text in (riverside, result.stdout):
        ids = [
            dict(attributes)["id"] for _, attributes in parse(text).sequence
            if "id" in dict(attributes)
        ]  # fmt: skip
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for reference in re.findall(r"url\(#([^)]+)\)", text):
            assert reference in ids


def test_the_partners_chart_holds_both_sides(run: Run) -> None:
    """theo received 26h30 from maya: the received bars stay inside the plot, as given ones."""
    result = run(
        "--root", str(RIVERSIDE), "statement", "theo", "--format", "html",
        env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    (svg,) = _figures(parse(result.stdout))["partners"].iter("svg")
    bars = [rect for rect in svg.iter("rect") if "rect" in _classes(rect)]
    assert bars
    assert all(float(rect.attributes["x"]) >= 0 for rect in bars)
    axis = " ".join(svg.all_text().split())
    assert "26h" in axis or "28h" in axis or "30h" in axis
    assert "-" not in "".join(
        text.all_text() for g in svg.iter("g") if {"axis", "x"} <= _classes(g)
        for text in g.iter("text")
    )  # fmt: skip


def test_the_lorenz_reading_names_both_levels_of_the_charter(riverside: str) -> None:
    """The levels for a team of 7 (raised from the charter's for a small team), as the
    finding's facts hold them."""
    reading = _reading(riverside, "lorenz")
    assert "in a team of 7; the charter warns from 29% and fails from 43%." in reading
    assert "limit" not in reading


def test_the_network_lays_out_separate_groups_side_by_side() -> None:
    """Two groups and a lone member: nobody closer to another than NODE_GAP."""
    edges = [
        Edge("a", "b", 600, 3), Edge("b", "c", 300, 2), Edge("c", "a", 100, 1),
        Edge("d", "e", 500, 2), Edge("e", "d", 60, 1), Edge("f", "g", 20, 1),
    ]  # fmt: skip
    people = ["a", "b", "c", "d", "e", "f", "g"]
    positions, width, height = network._layout(people, edges, ["h"])
    assert set(positions) == {*people, "h"}
    for first, (x1, y1) in positions.items():
        assert network.NODE_RADIUS <= x1 <= width - network.NODE_RADIUS
        assert network.NODE_RADIUS <= y1 <= height - network.NODE_RADIUS
        for second, (x2, y2) in positions.items():
            if first < second:
                assert math.hypot(x2 - x1, y2 - y1) >= network.NODE_GAP - 1, (first, second)


def test_the_network_shows_who_took_part_in_nothing_and_who_left(riverside: str) -> None:
    """ines took part in no exchange: a lone hollow node; raj left: marked so."""
    svg = _svg_of(riverside, "network")
    people = {
        " ".join(group.all_text().split()): group
        for group in svg.iter("g")
        if "person" in _classes(group)
    }
    assert "raj (left)" in people
    assert "alone" in _classes(people["ines"])
    assert "ines" in svg.iter("desc")[0].all_text()
    assert "paint-order: stroke" in riverside


def test_the_dark_theme_draws_flows_and_cells_in_sky_blue(riverside: str) -> None:
    """Sky blue in the dark theme; the faintest cell no fainter than 0.3; colour, not dark."""
    dark = riverside.split("@media (prefers-color-scheme: dark)")[2].split("}\n}", maxsplit=1)[0]
    assert "#56B4E9" in dark
    assert ".flow" in dark and ".cell" in dark
    svg = _svg_of(riverside, "pairs")
    cells = [rect for rect in svg.iter("rect") if "cell" in _classes(rect)]
    assert cells
    assert min(float(rect.attributes["fill-opacity"]) for rect in cells) >= 0.3
    description = svg.iter("desc")[0].all_text()
    assert "stronger" in description
    assert "darker" not in description


def test_print_keeps_the_light_severity_colours(riverside: str) -> None:
    printed = riverside.split("@media print")[1]
    for name in ("--fail", "--warn", "--info"):
        assert name in printed


def test_chart_text_is_larger_at_phone_width(riverside: str) -> None:
    phone = riverside.split("@media (max-width: 30rem)")[1].split("\n}", maxsplit=1)[0]
    assert ".axis.x text" in phone


def test_agenda_items_give_their_time_without_a_second_bracket(riverside: str) -> None:
    (agenda,) = [
        section for section in parse(riverside).root.iter("section")
        if section.attributes.get("aria-labelledby") == "agenda-heading"
    ]  # fmt: skip
    items = [" ".join(item.all_text().split()) for item in agenda.iter("li")]
    assert items
    assert all(re.search(r", \d+ min$", item) for item in items), items
    assert not [item for item in items if ") (" in item]


def test_output_dash_is_standard_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o -` prints the page, as most tools read `-`; no file named `-` is written."""
    monkeypatch.chdir(tmp_path)
    result = run(
        "--root", str(RIVERSIDE), "statement", "maya", "--format", "html", "-o", "-",
        env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert not (tmp_path / "-").exists()


def test_the_heat_map_makes_room_for_the_longest_name(riverside: str) -> None:
    """The columns' slanted names end inside the drawing, however long the last one is."""
    svg = _svg_of(riverside, "pairs")
    width = float(svg.attributes["viewbox"].split()[2])
    cells = [
        float(rect.attributes["x"]) + float(rect.attributes["width"]) for rect in svg.iter("rect")
    ]
    names = [" ".join(text.all_text().split()) for text in svg.iter("text")]
    longest = max(len(name) for name in names)
    assert width >= max(cells) + longest * 7.5 * 0.65 - 1


def test_the_network_is_laid_out_the_same_in_every_process() -> None:
    """Several separate groups of people: the page is the same whatever Python's hash seed
    (a run's sets are ordered by it), so a page can be compared, cached and reviewed."""
    script = (
        "from aidledger.engine.report import Edge\n"
        "from aidledger.render.html import network\n"
        "pairs = ['ana-ben', 'ben-cem', 'dia-eli', 'eli-fay', 'gil-hal', 'ivy-jon', 'kay-lou']\n"
        "edges = [Edge(*pair.split('-'), 30, 1) for pair in pairs]\n"
        "people = sorted({name for pair in pairs for name in pair.split('-')})\n"
        "print(network._layout(people, edges))\n"
    )
    layouts = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(1, 6)
    }
    assert len(layouts) == 1
