"""`report --format html` and `statement --format html`: one self-contained page, read by a
real HTML parser; hostile text stays inside its element."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from aidledger.render.html.page import CONTENT_SECURITY_POLICY
from tests.cli.test_hostile_text import (
    CONTROL,
    TITLE,
    TOPICS,
    assert_inert,
    fill_ledger,
    hostile_text,
    plain_text,
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
    assert "the charter's limit is" in text
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


def test_output_writes_the_page_to_a_file(run: Run, tmp_path: Path) -> None:
    """`-o FILE` writes the page there, prints nothing on stdout, and names the file."""
    target = tmp_path / "out" / "report.html"
    result = run(
        "--root", str(RIVERSIDE), "report", "--as-of", RIVERSIDE_DAY, "--format", "html",
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


@pytest.fixture
def twins(ledger: Path, run: Run, tmp_path: Path) -> tuple[Path, Path]:
    """Two ledgers alike but for their text: plain in the first, hostile in the second."""
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(ledger, plain)
    fill_ledger(plain, run, plain_text)
    fill_ledger(ledger, run, hostile_text)
    return plain, ledger


def _structure(page: Page) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The elements and their attributes in order: what field text must never change."""
    return list(page.sequence)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_text_never_changes_the_page_structure(
    twins: tuple[Path, Path], run: Run, name: str
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


def test_hostile_text_is_shown_as_text(twins: tuple[Path, Path], run: Run) -> None:
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
