"""Reading a produced page as a browser's parser would: its elements, attributes and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import Run

REPOSITORY = Path(__file__).resolve().parents[2]
RIVERSIDE = REPOSITORY / "examples" / "riverside"
RIVERSIDE_DAY = "2026-10-30"
# Elements that load or run something: none may be in the page.
ACTIVE_ELEMENTS = frozenset(
    {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base"}
)
VOID_ELEMENTS = frozenset({"meta", "br", "hr", "img", "input", "link", "source", "wbr"})


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join([*self.text, *(child.all_text() for child in self.children)])

    def iter(self, tag: str | None = None) -> list[Element]:
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            found += child.iter(tag)
        return found


class _TreeBuilder(HTMLParser):
    """A tree of the page's elements, the parser's own view of where each one ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open: list[Element] = [self.root]
        self.sequence: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.sequence.append((tag, tuple(sorted(element.attributes.items()))))
        self.open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        self.sequence.append((f"/{tag}", ()))
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].text.append(data)


@dataclass(frozen=True)
class Page:
    root: Element
    sequence: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def parse(text: str) -> Page:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return Page(builder.root, tuple(builder.sequence))


def riverside_page(run: Run, *args: str) -> str:
    """The example team's page on its last day, as `make demo` writes it."""
    result = run(
        "--root", str(RIVERSIDE), "report", "--as-of", RIVERSIDE_DAY, "--format", "html", *args,
        env={"AIDLEDGER_TODAY": RIVERSIDE_DAY},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout
