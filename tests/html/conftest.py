"""The HTML page's tests use the CLI tests' fixtures: the pinned clock, the shared ledger."""

from __future__ import annotations

from tests.cli.conftest import (  # noqa: F401 - fixtures, found by name
    _command_built_once,
    _no_fsync,
    _pinned_today,
    _templates,
    git_repo,
    ledger,
)
from tests.test_packaging import wheel_names  # noqa: F401 - a fixture, found by name
