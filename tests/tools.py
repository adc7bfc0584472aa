"""External tools some tests run (hledger, bean-check): found, or the test skips, except in CI.

`.ci/run` installs the Debian tools and `make test` the Python ones, so under CI=true a
missing tool fails the test instead of hiding it behind a skip.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# hledger 1.25 reads files in the locale's encoding and stops at the first non-ASCII byte
# under a C locale: the exports are UTF-8, as hledger asks of its journals.
UTF8_LOCALE = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def required_tool(name: str, how: str) -> str:
    """The path of the program `name` (this interpreter's scripts first, then PATH); skip
    the test without it, or fail it in CI, where `how` says what installs it."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is not None:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} must be installed in CI; {how}")
    pytest.skip(f"{name} is not installed ({how})")


def tool_environment() -> dict[str, str]:
    """The environment to run a tool in: this one, with a UTF-8 locale."""
    return {**os.environ, **UTF8_LOCALE}
