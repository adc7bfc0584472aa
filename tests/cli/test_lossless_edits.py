"""Edits through the CLI lose nothing: `confirm` and `member leave` change only their record."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from aidledger.store.parse import load_yaml
from tests.cli.helpers import logged_id
from tests.conftest import Run

TOML_ONE = """\
# Logged by hand after the retro.
[[exchange]]
id = "2026-03-02-alice-bob-hand01"  # keep this id
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 30
topic = "Review"
mode = "pair"
# bob still has to confirm
"""
YAML_ONE = """\
# Logged by hand after the retro.
exchange:
  - id: 2026-03-02-alice-bob-hand01  # keep this id
    date: 2026-03-02
    helper: alice
    helped: [bob]
    minutes: 30
    topic: Review
    mode: pair
# bob still has to confirm
"""
YAML_OTHER = """\
  # the second one, written on the train
  - id: 2026-03-03-carol-bob-hand02
    date: 2026-03-03
    helper: carol
    helped: [bob]
    minutes: 45
    topic: no
    mode: advice
"""


def place(root: Path, name: str, text: str, newline: str) -> Path:
    path = root / "exchanges" / "2026" / "03" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode())
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(
    ("name", "text"), [("one.toml", TOML_ONE), ("one.yaml", YAML_ONE)], ids=["toml", "yaml"]
)
def test_confirm_keeps_the_comments_of_a_single_record_file(
    ledger: Path, run: Run, name: str, text: str, newline: str
) -> None:
    """Confirming the one record of a hand-written file adds lines and removes none."""
    path = place(ledger, name, text, newline)
    result = run("confirm", "2026-03-02-alice-bob-hand01", "--as", "bob", "--useful", "5")
    assert result.exit_code == 0, result.stderr
    new = path.read_bytes().decode()
    old_lines = text.replace("\n", newline).splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    assert [line for line in new_lines if line in old_lines] == old_lines
    assert "\n" not in new.replace(newline, "")
    document = load_yaml(new) if name.endswith("yaml") else tomllib.loads(new)
    assert document["exchange"][0]["confirmation"]["useful"] == 5


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_confirm_in_a_packed_yaml_file_leaves_the_other_record_as_written(
    ledger: Path, run: Run, newline: str
) -> None:
    """The other record of a packed YAML file keeps its bytes (`no` unquoted, its comment)."""
    first = YAML_ONE.replace("# bob still has to confirm\n", "")
    path = place(ledger, "packed.yaml", first + YAML_OTHER, newline)
    result = run("confirm", "2026-03-02-alice-bob-hand01", "--as", "bob")
    assert result.exit_code == 0, result.stderr
    new = path.read_bytes().decode()
    assert new.startswith(first.replace("\n", newline))
    assert new.endswith(YAML_OTHER.replace("\n", newline))


def test_leave_keeps_the_rest_of_a_crlf_members_file(ledger: Path, run: Run) -> None:
    """`member leave` adds one line to its member, in the file's own line endings."""
    path = ledger / "members.toml"
    old = path.read_text().replace("\n", "\r\n")
    path.write_bytes(old.encode())
    assert run("member", "leave", "bob", "--on", "2026-03-01").exit_code == 0
    new = path.read_bytes().decode()
    before_carol = 'joined = 2026-01-05\r\n\r\n[[member]]\r\nhandle = "carol"'
    assert new == old.replace(
        before_carol, before_carol.replace("\r\n\r\n", "\r\nleft = 2026-03-01\r\n\r\n")
    )


def test_add_to_a_crlf_members_file_writes_crlf(ledger: Path, run: Run) -> None:
    """`member add` appends its table in the file's own line endings."""
    path = ledger / "members.toml"
    old = path.read_text().replace("\n", "\r\n")
    path.write_bytes(old.encode())
    assert run("member", "add", "dora").exit_code == 0
    new = path.read_bytes().decode()
    assert new.startswith(old)
    assert "\n" not in new.replace("\r\n", "")


def test_files_with_a_byte_order_mark_can_be_edited(ledger: Path, run: Run) -> None:
    """A BOM is read, kept, and does not stop `member add`, `member leave` or `confirm`."""
    members = ledger / "members.toml"
    members.write_bytes(b"\xef\xbb\xbf" + members.read_bytes())
    assert run("member", "add", "dora", "--joined", "2026-01-05").exit_code == 0
    assert run("member", "leave", "dora", "--on", "2026-03-09").exit_code == 0
    assert members.read_bytes().startswith(b"\xef\xbb\xbf")
    exchange = logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", "Review"))
    path = next((ledger / "exchanges").rglob(f"{exchange}.toml"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("confirm", exchange, "--as", "bob").exit_code == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run("check").exit_code in (0, 1)
