"""Hostile files: hundreds of mutations of valid records, members files and charters.

Each mutated folder goes through `aidledger check`: no traceback (the runner re-raises
any exception), a normal verdict (0 or 1) when the file happens to stay valid, else
exit 2 with every problem as `path:line: sentence` and the mutated file named when it
no longer parses. Each check is well under a second; the mutations are drawn from a
fixed seed, so a failure is reproduced by its test id.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aidledger.store.load import read_regular_text
from aidledger.store.parse import ParseError, parse_file
from tests.conftest import Run

SEED = 7
CLOCK = "2026-04-01"
SECONDS_PER_CHECK = 1.0

FILES: dict[str, str] = {
    "aidledger.toml": 'format_version = 1\nteam = "Hostile"\nstorage = "toml"\n',
    "charter.toml": """\
[charter]
title = "Fixture charter"
principles = ["Help freely", "Log what you do"]

[rules]
window_days = 90

[warnings.concentration]
warn = 0.25
fail = false
""",
    "members.toml": """\
[[member]]
handle = "alice"
name = "Alice"
emails = ["alice@example.org"]
joined = 2026-01-05

[[member]]
handle = "bob"
joined = 2026-01-05
skills = ["ci", "sql"]

[[member]]
handle = "carol"
joined = 2026-01-05
""",
    "exchanges/2026/03/2026-03-02-alice-bob-a1b2c3.toml": """\
[[exchange]]
id = "2026-03-02-alice-bob-a1b2c3"
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 45
topic = "Debugging the CI cache"
mode = "taught"
tags = ["ci"]
request = "2026-02-27-bob-ci-q1w2e3"

[exchange.confirmation]
by = "bob"
on = 2026-03-03
useful = 4
""",
    "exchanges/2026/03/packed.yaml": """\
exchange:
  - id: 2026-03-04-bob-carol-z9x8c7
    date: 2026-03-04
    helper: bob
    helped: [carol]
    minutes: 30
    topic: Query plan
    mode: pair
    confirmation:
      by: carol
      on: 2026-03-05
  - id: 2026-03-06-carol-alice-m4n5b6
    date: 2026-03-06
    helper: carol
    helped:
      - alice
    minutes: 60
    topic: Release notes
    mode: advice
""",
    "requests/2026-02-27-bob-ci-q1w2e3.toml": """\
[[request]]
id = "2026-02-27-bob-ci-q1w2e3"
opened = 2026-02-27
by = "bob"
title = "CI cache misses"
status = "done"
closed = 2026-03-02
exchanges = ["2026-03-02-alice-bob-a1b2c3"]
""",
}
KINDS = {
    "members.toml": "member",
    "exchanges/2026/03/2026-03-02-alice-bob-a1b2c3.toml": "exchange",
    "exchanges/2026/03/packed.yaml": "exchange",
    "requests/2026-02-27-bob-ci-q1w2e3.toml": "request",
    "charter.toml": None,
    "aidledger.toml": None,
}

Mutation = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + bytes([data[position] ^ rng.randrange(1, 256)]) + data[position + 1 :]


def insert_nul(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + b"\x00" + data[position:]


def add_bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n")


def lone_cr(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r", 1)


def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80"]) + data[position:]


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    return b"".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    return b"".join(lines[:index] + lines[index + 1 :])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


_VALUE = re.compile(rb"^(?P<head>\s*(?:- )?[\w\"']+\s*[=:]\s*)(?P<value>\S.*)$", re.MULTILINE)
HOSTILE_VALUES = [
    b'"text"',
    b"[1, 2]",
    b"{ a = 1 }",
    b"true",
    b"-45",
    b"0",
    b"1.5",
    b"nan",
    b"inf",
    b"1e400",
    b"9" * 5000,
    b"-" + b"9" * 5000,
    b"0x" + b"f" * 4000,
    b"1" + b"0" * 400,
    b"9223372036854775808",
    b"2026-02-30",
    b"0000-01-01",
    b"9999-12-31",
    b"2026-03-02T10:00:00",
    b"[" * 1000 + b"]" * 1000,
    b"{ a = " * 300 + b"1" + b" }" * 300,
    b'"' + b"x" * 100_000 + b'"',
    b'"' + b"\\u0000\\u001b[2J" + b'"',
    b'"\\ud800"',
    b"'''\n[[exchange]]\n'''",
    b'"""\n[[member]]\nhandle = \\"eve\\"\n"""',
    b'"# not a comment [x]"',
    b"0045",
    b"010",
    b"1:30",
    b"0b11",
    b"0o17",
    b"yes",
    b"on",
    b"~",
    b"null",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary aGVsbG8=",
    b"!!set {a, b}",
    b"!!timestamp not-a-date",
    b"!!float abc",
    b"!!int 12abc",
    b"!custom thing",
    b"&anchor value",
    b"*alias",
    b"[" * 1000,
    b"{a: " * 300 + b"1" + b"}" * 300,
    b'"\\U0011FFFF"',
]


def replace_value(data: bytes, rng: random.Random) -> bytes:
    matches = list(_VALUE.finditer(data))
    if not matches:
        return data + rng.choice(HOSTILE_VALUES)
    match = rng.choice(matches)
    value = rng.choice(HOSTILE_VALUES)
    return data[: match.start("value")] + value + data[match.end("value") :]


def duplicate_key(data: bytes, rng: random.Random) -> bytes:
    matches = list(_VALUE.finditer(data))
    match = rng.choice(matches)
    line = data[match.start() : match.end()] + b"\n"
    return data[: match.end() + 1] + line + data[match.end() + 1 :]


def long_line(data: bytes, rng: random.Random) -> bytes:
    return data + b"# " + b"[a " * 20_000 + b"\n"


def yaml_tags_and_aliases(data: bytes, rng: random.Random) -> bytes:
    extra = rng.choice(
        [
            b"extra: &a [1, 2]\nmore: *a\n",
            b"<<: {helper: bob}\n",
            b"%YAML 1.1\n---\n",
            b"--- !!omap\n",
            b"? [a, b]\n: c\n",
            b"---\nsecond: document\n",
        ]
    )
    return extra + data if extra.startswith((b"%", b"---")) else data + extra


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip-byte": flip_byte,
    "nul": insert_nul,
    "bom": add_bom,
    "crlf": crlf,
    "lone-cr": lone_cr,
    "invalid-utf8": invalid_utf8,
    "duplicate-line": duplicate_line,
    "delete-line": delete_line,
    "swap-lines": swap_lines,
    "replace-value": replace_value,
    "duplicate-key": duplicate_key,
    "long-line": long_line,
    "yaml-tags": yaml_tags_and_aliases,
}
# How many variants each mutation gets on each file: random ones get more.
ROUNDS = {
    "replace-value": 24,
    "flip-byte": 8,
    "truncate": 6,
    "delete-line": 3,
    "duplicate-line": 2,
    "swap-lines": 2,
    "invalid-utf8": 2,
    "nul": 2,
}


@dataclass(frozen=True)
class Case:
    """One mutated file of the small ledger."""

    path: str
    mutation: str
    data: bytes


def cases() -> Iterator[Case]:
    rng = random.Random(SEED)
    for path, text in FILES.items():
        original = text.encode()
        for name, mutate in MUTATIONS.items():
            for _ in range(ROUNDS.get(name, 1)):
                yield Case(path, name, mutate(original, rng))


CASES = list(cases())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small valid ledger every case starts from."""
    root = tmp_path_factory.mktemp("hostile") / "ledger"
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_there_are_hundreds_of_cases() -> None:
    """The generator makes hundreds of mutations over every kind of file."""
    assert len(CASES) >= 300
    assert {case.path for case in CASES} == set(FILES)


def test_the_template_is_valid(template: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unmutated, the small ledger passes `check` with a normal verdict."""
    monkeypatch.setenv("AIDLEDGER_TODAY", CLOCK)
    result = run("check", "--root", str(template), "--format", "json")
    assert result.exit_code in (0, 1), result.stdout
    assert json.loads(result.stdout)["errors"] == []


def _parses(data: bytes, path: str) -> bool:
    """Whether the file alone can be read and parsed (its records may still be invalid)."""
    try:
        text = data.decode("utf-8")
        parse_file(text, path, KINDS[path], allow_empty=path == "members.toml")
    except (UnicodeDecodeError, ParseError):
        return False
    return True


CASE_IDS = [f"{case.path.split('/')[-1]}-{case.mutation}-{n}" for n, case in enumerate(CASES)]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_hostile_file_gets_a_sentence(
    case: Case, template: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback; exit 0 or 1 with no error, or exit 2 naming the file that is at fault."""
    root = tmp_path / "ledger"
    shutil.copytree(template, root)
    (root / case.path).write_bytes(case.data)
    monkeypatch.chdir(root)
    monkeypatch.setenv("AIDLEDGER_TODAY", CLOCK)
    monkeypatch.setenv("AIDLEDGER_NO_CACHE", "1")
    started = time.perf_counter()
    result = run("check", "--format", "json")
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_CHECK, f"check took {elapsed:.2f}s"
    assert "Traceback" not in result.stdout + result.stderr
    assert "unexpected failure" not in result.stderr
    verdict = json.loads(result.stdout)
    errors = verdict["errors"]
    if result.exit_code in (0, 1):
        assert errors == []
        return
    assert result.exit_code == 2, result.stderr
    assert errors, result.stdout
    named = {error["path"] for error in errors}
    assert named <= set(FILES), named
    for error in errors:
        assert error["message"] and "\n" not in error["message"]
        assert len(error["message"]) < 400, error["message"][:400]
    if not _parses(case.data, case.path):
        assert case.path in named, (case.path, errors)


def test_the_parse_agrees_with_the_reader(template: Path) -> None:
    """`_parses` reads files as check does: the valid template files all parse."""
    for path in FILES:
        text = read_regular_text(template / path, 1024 * 1024)
        assert _parses(text.encode(), path), path
