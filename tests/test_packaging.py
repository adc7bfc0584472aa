"""The project as others depend on it: the wheel, the licence, the pins, the changelog."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from aidledger import __version__

REPOSITORY = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
CHANGELOG_FRAGMENTS = REPOSITORY / "changelog.d"


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """The file names inside a wheel built from this checkout."""
    # The build backend is a pinned test dependency, so the build needs no network. Without
    # it (an environment not made by `make`), skip on a developer's machine but fail in CI,
    # where a skipped packaging test would hide a broken wheel.
    if importlib.util.find_spec("hatchling") is None:
        reason = "hatchling, the build backend, is not installed: run `make pytest`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    wheel_folder = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(REPOSITORY), "--wheel-dir"]
    command += [str(wheel_folder), "--no-deps", "--no-build-isolation", "--quiet"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    (wheel,) = wheel_folder.glob("aidledger-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return frozenset(archive.namelist())


def test_the_wheel_ships_no_lint_configuration(wheel_names: frozenset[str]) -> None:
    """The nested ruff.toml files that keep the layering are for this repository only."""
    assert (REPOSITORY / "src" / "aidledger" / "cli" / "ruff.toml").exists()
    shipped = sorted(name for name in wheel_names if Path(name).name in {"ruff.toml", ".ruff.toml"})
    assert shipped == []


def test_the_wheel_ships_the_charters(wheel_names: frozenset[str]) -> None:
    """Every charter template is installed with the package, where `init` reads them."""
    templates = sorted((REPOSITORY / "charters").glob("*.toml"))
    assert templates
    for template in templates:
        assert f"aidledger/charters/{template.name}" in wheel_names


def test_the_wheel_ships_the_code_and_the_licence(wheel_names: frozenset[str]) -> None:
    """The package and its licence are in the wheel, under the current version."""
    assert "aidledger/__init__.py" in wheel_names
    assert "aidledger/cli/app.py" in wheel_names
    assert f"aidledger-{__version__}.dist-info/licenses/LICENSE" in wheel_names


def test_the_licence_file_is_the_one_pyproject_names() -> None:
    """LICENSE holds the MIT licence that `license = "MIT"` declares."""
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (REPOSITORY / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "the aidledger authors" in text


def test_development_tools_are_pinned_to_exact_versions() -> None:
    """A new release of a test tool cannot change what `make test` does."""
    for requirement in PYPROJECT["project"]["optional-dependencies"]["test"]:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", requirement), requirement


def test_runtime_dependencies_have_lower_bounds() -> None:
    """Every runtime dependency names the lowest version that is supported."""
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert ">=" in requirement, requirement


def test_the_current_version_has_a_changelog_section() -> None:
    """A version is released with its notes: bump __version__, then `make changelog`."""
    changelog = (REPOSITORY / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(__version__)} \(\d{{4}}-\d{{2}}-\d{{2}}\)$", changelog, re.M)


def test_every_changelog_fragment_has_a_known_type() -> None:
    """towncrier renders a fragment only when its name is ISSUE.TYPE[.N].md or +NAME.TYPE.md."""
    types = {kind["directory"] for kind in PYPROJECT["tool"]["towncrier"]["type"]}
    pattern = re.compile(rf"(\d+|\+[\w-]+)\.({'|'.join(types)})(\.\d+)?\.md")
    for fragment in CHANGELOG_FRAGMENTS.iterdir():
        if fragment.name != "README.md":
            assert pattern.fullmatch(fragment.name), f"{fragment.name}: not a changelog fragment"


def test_the_action_is_documented_by_the_current_tag() -> None:
    """docs/ci.md pins the GitHub Action to the tag of the current version."""
    assert (REPOSITORY / "action.yml").is_file()
    text = (REPOSITORY / "docs" / "ci.md").read_text(encoding="utf-8")
    action_section = text.split("## GitHub Actions, with the aidledger action", 1)[1]
    action_section = action_section.split("\n## ", 1)[0]
    pins = re.findall(r"uses: your-org/aidledger@(\S+)", action_section)
    assert pins, "the action's section shows no `uses:` line"
    assert set(pins) == {f"v{__version__}"}
