"""The example team's page as a person sees it: rendered by headless Chromium.

Debian's `chromium` (installed by `.ci/run`), driven by Playwright for Python pointed at that
executable: never a browser download. Without it the test is skipped, except in CI, where
it fails. Screenshots (light, dark, phone width) are written to build/screenshots/.
"""

from __future__ import annotations

import base64
import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import Run
from tests.html.page import REPOSITORY, riverside_page
from tests.tools import required_tool

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

SCREENSHOTS = REPOSITORY / "build" / "screenshots"
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}
CHARTS = 6
# A blank page has one colour everywhere; a page with text and charts spreads far wider.
MIN_PIXEL_DEVIATION = 20.0
MAX_PRINTED_PAGES = 8

# The mean and standard deviation of the grey levels of an image, computed by the browser
# itself in a page of its own (the report's CSP forbids scripts, as it should).
_PIXEL_STATISTICS = """
async (source) => {
  const image = new Image();
  image.src = source;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let sum = 0, squares = 0;
  const count = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const grey = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
    sum += grey;
    squares += grey * grey;
  }
  const mean = sum / count;
  return [mean, Math.sqrt(Math.max(0, squares / count - mean * mean))];
}
"""


def _chromium() -> str:
    if importlib.util.find_spec("playwright") is None:
        reason = "Playwright is not installed: run `make pytest`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return required_tool("chromium", "`.ci/run` installs Debian's chromium package")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page_file(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "riverside-report.html"
    path.write_text(riverside_page(run), encoding="utf-8")
    return path


class Visit:
    """One look at the page: what the browser logged and every request it tried."""

    def __init__(self, browser: Browser, page_file: Path, scheme: str, viewport: Any) -> None:
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.browser = browser
        self.page: Page = browser.new_page(viewport=viewport)
        self.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.address = page_file.as_uri()
        self.page.goto(self.address)

    def _console(self, message: Any) -> None:
        if message.type in {"error", "warning"}:
            self.console_errors.append(message.text)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url == self.address:
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def screenshot(self, name: str) -> tuple[float, float]:
        """A full-page screenshot in build/screenshots/, and its grey level: mean, deviation."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        png = self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        blank = self.browser.new_page()
        try:
            source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            mean, deviation = blank.evaluate(_PIXEL_STATISTICS, source)
        finally:
            blank.close()
        return float(mean), float(deviation)


@pytest.fixture
def light(browser: Browser, page_file: Path) -> Iterator[Visit]:
    visit = Visit(browser, page_file, "light", DESKTOP)
    yield visit
    visit.page.close()


def test_the_page_renders_with_no_error_and_no_request(light: Visit) -> None:
    """No console error, and no request but the page itself: not a font, not an image."""
    light.page.wait_for_load_state("load")
    assert light.console_errors == []
    assert light.requests == []


def test_every_chart_is_drawn_with_its_text_alternative(light: Visit) -> None:
    """Each chart's SVG has a size on screen, a title and a description."""
    charts = light.page.locator("figure.chart-box svg")
    assert charts.count() == CHARTS
    for index in range(CHARTS):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 100
        alternative = chart.evaluate(
            "svg => [svg.querySelector(':scope > title')?.textContent,"
            " svg.querySelector(':scope > desc')?.textContent, svg.getAttribute('role')]"
        )
        title, description, role = alternative
        assert title
        assert description
        assert role == "img"
    assert light.page.locator("figure.chart-box details table").count() == CHARTS


def test_screenshots_are_not_blank_and_follow_the_theme(
    browser: Browser, page_file: Path, light: Visit
) -> None:
    """Light, dark and phone-width screenshots show something, and dark is darker."""
    light_mean, light_deviation = light.screenshot("light")
    dark = Visit(browser, page_file, "dark", DESKTOP)
    phone = Visit(browser, page_file, "light", PHONE)
    try:
        dark_mean, dark_deviation = dark.screenshot("dark")
        _, phone_deviation = phone.screenshot("phone")
        phone_width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert dark.console_errors == phone.console_errors == []
    finally:
        dark.page.close()
        phone.page.close()
    for deviation in (light_deviation, dark_deviation, phone_deviation):
        assert deviation > MIN_PIXEL_DEVIATION
    assert dark_mean < light_mean - 50
    assert phone_width <= PHONE["width"], "the page scrolls sideways on a phone"


def test_the_page_prints_on_a4(light: Visit) -> None:
    """Printed to A4, the page makes a PDF of a few pages, charts two a row, no table."""
    light.page.emulate_media(media="print")
    hidden_tables = light.page.locator("figure.chart-box details").evaluate_all(
        "all => all.every(d => getComputedStyle(d).display === 'none')"
    )
    assert hidden_tables
    pdf = light.page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= MAX_PRINTED_PAGES


def test_the_french_page_renders_in_french_on_a_phone(
    browser: Browser, run: Run, tmp_path: Path
) -> None:
    """The page in French: `lang="fr"`, no console error, every chart drawn with its text
    alternative in French, and no sideways scroll on a phone (French words are longer)."""
    path = tmp_path / "riverside-report-fr.html"
    path.write_text(riverside_page(run, "--lang", "fr"), encoding="utf-8")
    phone = Visit(browser, path, "light", PHONE)
    try:
        phone.page.wait_for_load_state("load")
        assert phone.page.evaluate("document.documentElement.lang") == "fr"
        assert phone.console_errors == phone.requests == []
        charts = phone.page.locator("figure.chart-box svg")
        assert charts.count() == CHARTS
        titles = charts.evaluate_all(
            "all => all.map(svg => svg.querySelector(':scope > title').textContent)"
        )
        assert "Aide par mois, par mode" in titles
        _, deviation = phone.screenshot("phone-fr")
        assert deviation > MIN_PIXEL_DEVIATION
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the French page scrolls sideways on a phone"
    finally:
        phone.page.close()
