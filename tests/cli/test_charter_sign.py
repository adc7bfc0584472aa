"""`aidledger charter sign`: a `[[signature]]` appended, every other byte of the file kept."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from tests.cli.helpers import TODAY, snapshot
from tests.conftest import Run


def signatures(root: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = tomllib.loads(
        (root / "charter.toml").read_text(encoding="utf-8-sig")
    ).get("signature", [])
    return found


def version(run: Run) -> str:
    result = run("charter", "show", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown: str = json.loads(result.stdout)["version"]
    return shown


def test_sign_appends_a_signature_of_the_version_in_force(ledger: Path, run: Run) -> None:
    """The git user signs today the version `charter show` prints; the file ends with it."""
    path = ledger / "charter.toml"
    before = path.read_bytes()
    current = version(run)
    result = run("charter", "sign")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"alice signed version {current} of the charter on {TODAY}.\n"
    after = path.read_bytes()
    assert after.startswith(before)
    assert (
        after[len(before) :]
        == (f'\n[[signature]]\nhandle = "alice"\non = {TODAY}\nversion = "{current}"\n').encode()
    )
    shown = json.loads(run("charter", "show", "--format", "json").stdout)
    assert shown["signatures"] == [
        {"handle": "alice", "on": TODAY, "version": current, "current": True}
    ]
    assert shown["unsigned"] == ["bob", "carol"]


def test_signing_keeps_comments_crlf_and_a_byte_order_mark(ledger: Path, run: Run) -> None:
    """A hand-written file with comments, CRLF line endings and a BOM keeps every byte."""
    path = ledger / "charter.toml"
    text = (
        "\ufeff# Our charter\r\n[charter]\r\ntitle = 'Ours'  # short\r\n\r\n"
        '[[signature]]\r\nhandle = "bob"\r\non = 2026-01-02 # by hand, no version\r\n'
    )
    path.write_bytes(text.encode("utf-8"))
    assert run("charter", "sign", "--as", "carol").exit_code == 0
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(text)
    assert after[len(text) :].startswith('\r\n[[signature]]\r\nhandle = "carol"\r\n')
    assert [signature["handle"] for signature in signatures(ledger)] == ["bob", "carol"]


def test_signing_the_same_version_twice_is_refused(ledger: Path, run: Run) -> None:
    """A second signature of one version is refused with a sentence, nothing written."""
    assert run("charter", "sign").exit_code == 0
    before = snapshot(ledger)
    result = run("charter", "sign")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: alice already signed version {version(run)} of the charter, on {TODAY};"
    )
    assert snapshot(ledger) == before


def test_a_changed_charter_can_be_signed_again(ledger: Path, run: Run) -> None:
    """Once a rule changes, the new version is signed; the old signature stays."""
    assert run("charter", "sign").exit_code == 0
    first = version(run)
    path = ledger / "charter.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("window_days = 90", "window_days = 60"),
        encoding="utf-8",
    )
    second = version(run)
    assert second != first
    assert run("charter", "sign").exit_code == 0
    assert [signature["version"] for signature in signatures(ledger)] == [first, second]


def test_a_comment_or_a_new_layout_is_not_a_new_version(ledger: Path, run: Run) -> None:
    """The version reads what the charter says, not how it is written."""
    first = version(run)
    path = ledger / "charter.toml"
    path.write_text("# a new comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert version(run) == first


def test_signing_needs_to_know_who_you_are(ledger: Path, run: Run) -> None:
    """Without --as, $AIDLEDGER_USER or a known git email, nothing is signed."""
    before = snapshot(ledger)
    result = run("charter", "sign", "--as", "zoe")
    assert result.exit_code == 2
    assert "no member 'zoe'" in result.stderr
    assert snapshot(ledger) == before


def test_a_member_who_left_cannot_sign(ledger: Path, run: Run) -> None:
    assert run("member", "leave", "carol", "--on", "2026-02-01").exit_code == 0
    result = run("charter", "sign", "--as", "carol")
    assert result.exit_code == 2
    assert "carol left the team on 2026-02-01" in result.stderr


def test_signatures_written_inline_are_refused_not_broken(ledger: Path, run: Run) -> None:
    """`signature = [...]` cannot take a `[[signature]]` table: refused, file unchanged."""
    path = ledger / "charter.toml"
    path.write_text(
        'signature = [{handle = "bob", on = 2026-01-02}]\n\n[charter]\ntitle = "T"\n',
        encoding="utf-8",
    )
    before = snapshot(ledger)
    result = run("charter", "sign")
    assert result.exit_code == 2
    assert "cannot append a [[signature]] table to this file; nothing was written" in result.stderr
    assert snapshot(ledger) == before
