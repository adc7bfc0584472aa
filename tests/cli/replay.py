"""Replaying real trailer rows (shared/data) into a git repository, one commit per row, and
the members they name, for the tests and the benchmark of `aidledger import git`.

Each row becomes an empty commit by its author, on its author date, whose message ends
with the row's trailer; `git fast-import` writes thousands of them in a blink. People are
pseudonyms (`p0001`) with the email `p0001@example.org`; each joins on their first row.
"""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from aidledger.store.write import dump_records

EMAIL_DOMAIN = "example.org"
DEFAULT_KEYS = frozenset({"Helped-by", "Co-authored-by", "Mentored-by"})


@dataclass(frozen=True)
class Row:
    """One trailer of a real history: `author` was helped by `helper` on `day`."""

    day: date
    author: str
    key: str
    helper: str


def read_rows(path: Path, limit: int | None = None) -> list[Row]:
    with path.open(encoding="utf-8") as stream:
        rows = [
            Row(date.fromisoformat(row["date"]), row["author"], row["key"], row["helper"])
            for row in csv.DictReader(stream, delimiter="\t")
        ]
    return rows[:limit] if limit else rows


def email(handle: str) -> str:
    return f"{handle}@{EMAIL_DOMAIN}"


def _data(text: str) -> bytes:
    encoded = text.encode("utf-8")
    return b"data %d\n" % len(encoded) + encoded + b"\n"


def replay(repo: Path, rows: list[Row]) -> None:
    """Commit each row on the current branch of `repo`, oldest first, after its commits if
    it has any. The work tree is left as it was: the commits change no file."""
    branch = subprocess.run(
        ["git", "symbolic-ref", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    head = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=repo, capture_output=True, check=False
    )
    has_head = head.returncode == 0
    stream = bytearray()
    for number, row in enumerate(rows, start=1):
        moment = int(datetime(row.day.year, row.day.month, row.day.day, 12, tzinfo=UTC).timestamp())
        person = f"{row.author} <{email(row.author)}> {moment} +0000"
        message = (
            f"Change {number} by {row.author}\n\n{row.key}: {row.helper} <{email(row.helper)}>\n"
        )
        stream += f"commit {branch}\nmark :{number}\n".encode()
        stream += f"author {person}\ncommitter {person}\n".encode()
        stream += _data(message)
        if number == 1 and has_head:
            # Go on from the branch as it is, keeping its files: the commits change none.
            stream += f"from {branch}^0\n".encode()
        stream += b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=bytes(stream), check=True)


def write_members(root: Path, rows: list[Row]) -> int:
    """members.toml with everyone the rows name, each joining on their first row."""
    joined: dict[str, date] = {}
    for row in rows:
        for handle in (row.author, row.helper):
            joined[handle] = min(joined.get(handle, row.day), row.day)
    members = [
        {"handle": handle, "emails": [email(handle)], "joined": day}
        for handle, day in joined.items()
    ]
    (root / "members.toml").write_text(dump_records("member", members, "toml"), encoding="utf-8")
    return len(members)


def expected_imports(rows: list[Row], keys: frozenset[str] = DEFAULT_KEYS) -> int:
    """The exchanges importing the replayed rows should write: one per counted trailer that
    does not name its own author."""
    return sum(1 for row in rows if row.key in keys and row.author != row.helper)
