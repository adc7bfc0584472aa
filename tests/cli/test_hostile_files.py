"""Hostile files through `aidledger check`: links and pipes refused unread, sizes bounded,
values that used to escape as "unexpected failure" answered with `path:line: sentence`,
and no false problem that only follows from a real one."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from aidledger.store.load import LINK_REFUSAL, SPECIAL_REFUSAL
from tests.conftest import EXAMPLE_LAST_DAY, Result, Run

EXCHANGE = """\
[[exchange]]
id = "2026-03-02-alice-bob-a1b2c3"
date = 2026-03-02
helper = "alice"
helped = ["bob"]
minutes = 45
topic = "Debugging the CI cache"
mode = "taught"
"""
EXCHANGE_YAML = """\
exchange:
  - id: 2026-03-02-alice-bob-y1y2y3
    date: 2026-03-02
    helper: alice
    helped: [bob]
    minutes: 45
    topic: Debugging the CI cache
    mode: taught
"""
EXCHANGE_PATH = "exchanges/2026/03/2026-03-02-alice-bob-a1b2c3.toml"
YAML_PATH = "exchanges/2026/03/2026-03-02-alice-bob-y1y2y3.yaml"

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


def check(run: Run, root: Path, *options: str) -> Result:
    return run("check", "--root", str(root), "--no-cache", *options)


def errors(result: Result) -> list[str]:
    """The problems of `check --format json`, as `path[:line]: message` lines."""
    found = json.loads(result.stdout)["errors"]
    return [
        f"{error['path']}:{error['line']}: {error['message']}"
        if error["line"] is not None
        else f"{error['path']}: {error['message']}"
        for error in found
    ]


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# Links and other files that are not regular files


@needs_links
def test_a_linked_cache_folder_is_refused_and_nothing_is_written_through_it(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    """A committed `.aidledger` link is named; no cache and no .gitignore land through it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(ledger / ".aidledger", ignore_errors=True)
    (ledger / ".aidledger").symlink_to(outside)
    write(ledger, EXCHANGE_PATH, EXCHANGE)
    result = run("check", "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [f".aidledger: {LINK_REFUSAL}; remove the link"]
    assert list(outside.iterdir()) == []


@needs_links
def test_a_cache_folder_linked_to_the_root_writes_no_gitignore_there(
    ledger: Path, run: Run
) -> None:
    """`.aidledger -> .` would put a `*` .gitignore in the data root, hiding new records."""
    shutil.rmtree(ledger / ".aidledger", ignore_errors=True)
    (ledger / ".aidledger").symlink_to(".")
    write(ledger, EXCHANGE_PATH, EXCHANGE)
    assert run("check").exit_code == 2
    assert not (ledger / ".gitignore").exists()
    assert not (ledger / "records.pickle").exists()


@needs_links
@pytest.mark.parametrize("folder", ["exchanges", "requests", "exchanges/2026"])
def test_a_linked_record_folder_is_refused_unread(
    ledger: Path, run: Run, tmp_path: Path, folder: str
) -> None:
    """A record folder linked elsewhere is named, and nothing in it is read."""
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "2026/03/x.toml", 'secret = "hunter2"\n')
    target = ledger / folder
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(elsewhere)
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [f"{folder}: {LINK_REFUSAL}"]
    assert "hunter2" not in result.stdout + result.stderr


@needs_links
@pytest.mark.parametrize(
    "relative",
    [
        "exchanges/2026/03/zero.toml",
        "requests/leak.yaml",
        "members.toml",
        "charter.toml",
        "aidledger.toml",
    ],
)
def test_a_linked_file_is_refused_unread(
    ledger: Path, run: Run, tmp_path: Path, relative: str
) -> None:
    """A file linked outside (or to /dev/zero) is named; its values never reach a message."""
    outside = write(tmp_path, "outside.toml", '[[exchange]]\nsecret = "hunter2"\n')
    path = ledger / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero" if relative.endswith("zero.toml") else outside)
    started = time.perf_counter()
    result = check(run, ledger, "--format", "json")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2
    assert f"{relative}: {LINK_REFUSAL}" in errors(result)
    assert "hunter2" not in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_record_is_refused_without_blocking(ledger: Path, run: Run) -> None:
    """A named pipe would block a read forever: it is named and never read."""
    (ledger / "exchanges" / "2026").mkdir(parents=True)
    os.mkfifo(ledger / "exchanges" / "2026" / "pipe.toml")
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [f"exchanges/2026/pipe.toml: {SPECIAL_REFUSAL}"]


def test_a_folder_named_like_a_record_file_is_named(ledger: Path, run: Run) -> None:
    """A folder where a file is expected (here members.toml) gets a sentence."""
    (ledger / "members.toml").unlink()
    (ledger / "members.toml").mkdir()
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == ["members.toml: is a folder, where a file is expected"]


def test_a_file_named_like_a_record_folder_is_named(ledger: Path, run: Run) -> None:
    """`requests` as a file, not a folder, is named rather than read as empty."""
    shutil.rmtree(ledger / "requests")
    (ledger / "requests").write_text("not a folder\n")
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == ["requests: is a file, where a folder is expected"]


# Sizes


def _padded(text: str, size: int) -> str:
    """The text, then a comment that brings it to `size` bytes."""
    return text + "# " + "x" * (size - len(text) - 3) + "\n"


def test_a_file_over_a_mebibyte_is_refused_unread(ledger: Path, run: Run) -> None:
    """By default a record file of more than 1 MiB is refused with a sentence, unread."""
    write(ledger, EXCHANGE_PATH, _padded(EXCHANGE, 1024 * 1024 + 1))
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [
        f"{EXCHANGE_PATH}: the file is larger than 1,048,576 bytes"
        " (max_file_bytes in aidledger.toml); it was not read"
    ]


def test_a_file_of_exactly_a_mebibyte_is_read(ledger: Path, run: Run) -> None:
    """The limit itself is allowed."""
    write(ledger, EXCHANGE_PATH, _padded(EXCHANGE, 1024 * 1024))
    assert check(run, ledger).exit_code in (0, 1)


def test_the_limit_is_a_setting(ledger: Path, run: Run) -> None:
    """`max_file_bytes` in aidledger.toml moves the limit, down or up."""
    settings = ledger / "aidledger.toml"
    original = settings.read_text()
    write(ledger, EXCHANGE_PATH, _padded(EXCHANGE, 8000))
    settings.write_text(original + "max_file_bytes = 4096\n")
    assert "larger than 4,096 bytes" in check(run, ledger).stdout
    write(ledger, EXCHANGE_PATH, _padded(EXCHANGE, 2 * 1024 * 1024))
    settings.write_text(original + "max_file_bytes = 4194304\n")
    assert check(run, ledger).exit_code in (0, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [("1", "1 is too small: it must be at least 4096"), ("true", "expected a whole number")],
)
def test_the_limit_is_bounded(ledger: Path, run: Run, value: str, message: str) -> None:
    """A limit below 4 KiB or above 64 MiB, or not a number, is a problem of the settings."""
    settings = ledger / "aidledger.toml"
    settings.write_text(settings.read_text() + f"max_file_bytes = {value}\n")
    result = check(run, ledger)
    assert result.exit_code == 2
    assert message in result.stdout


def test_the_settings_file_is_read_with_the_default_limit(ledger: Path, run: Run) -> None:
    """aidledger.toml cannot raise its own limit: it is read with the default one."""
    settings = ledger / "aidledger.toml"
    text = settings.read_text() + "max_file_bytes = 67108864\n"
    settings.write_text(_padded(text, 1024 * 1024 + 10))
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result)[0].startswith("aidledger.toml: the file is larger than 1,048,576 bytes")


# Values that used to escape as "unexpected failure"

BAD_VALUES: dict[str, tuple[str, str, str, str]] = {
    # name: (file, text replaced, replacement, message)
    "yaml-impossible-date": (
        YAML_PATH,
        "date: 2026-03-02",
        "date: 2026-02-30",
        "'2026-02-30' is not a day on the calendar",
    ),
    "toml-huge-integer": (EXCHANGE_PATH, "minutes = 45", "minutes = " + "9" * 5000, "too large"),
    "yaml-huge-integer": (YAML_PATH, "minutes: 45", "minutes: " + "9" * 5000, "too large"),
    "toml-hex-integer": (EXCHANGE_PATH, "minutes = 45", "minutes = 0x" + "f" * 5000, "too large"),
    "toml-deep-nesting": (
        EXCHANGE_PATH,
        'topic = "Debugging the CI cache"',
        "topic = " + "[" * 500 + "]" * 500,
        "levels deep",
    ),
    "toml-deep-inline-tables": (
        EXCHANGE_PATH,
        'topic = "Debugging the CI cache"',
        "topic = " + "{a = " * 500 + "1" + "}" * 500,
        "levels deep",
    ),
    "yaml-deep-nesting": (
        YAML_PATH,
        "topic: Debugging the CI cache",
        "topic: " + "[" * 500 + "]" * 500,
        "levels deep",
    ),
}


@pytest.fixture
def example(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example team as the current folder, on the last day of its story."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    monkeypatch.chdir(example_copy)
    return example_copy


def _example_with(example_copy: Path, name: str) -> tuple[Path, str, str]:
    relative, old, new, message = BAD_VALUES[name]
    if relative == YAML_PATH:
        write(example_copy, YAML_PATH, EXCHANGE_YAML.replace("alice", "maya").replace("bob", "sam"))
    else:
        write(example_copy, EXCHANGE_PATH, EXCHANGE.replace("alice", "maya").replace("bob", "sam"))
    path = example_copy / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path, relative, message


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_a_bad_value_in_the_example_team_is_a_sentence(example: Path, run: Run, name: str) -> None:
    """Added to the example team, each value is `path:line: sentence`, exit 2."""
    _, relative, message = _example_with(example, name)
    result = run("check", "--root", str(example), "--no-cache")
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if message in line]
    assert len(lines) == 1, result.stdout
    assert lines[0].split(":")[1].isdigit()
    assert relative in lines[0]


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_a_bad_value_in_a_new_ledger_is_a_sentence(ledger: Path, run: Run, name: str) -> None:
    """In the ledger of the tests, each value is one `path:line: sentence`, exit 2."""
    relative, old, new, message = BAD_VALUES[name]
    original = EXCHANGE_YAML if relative == YAML_PATH else EXCHANGE
    write(ledger, relative, original.replace(old, new))
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    (line,) = errors(result)
    assert line.startswith(f"{relative}:") and line.split(":")[1].isdigit()
    assert message in line


@pytest.mark.parametrize("level", ["1" + "0" * 400, "1" + "0" * 400 + ".0", "2e6", "1e400"])
def test_a_huge_charter_level_is_a_sentence(ledger: Path, run: Run, level: str) -> None:
    """A charter level of 1 and 400 zeros (or any beyond a million) is refused on its line."""
    charter = ledger / "charter.toml"
    text = charter.read_text()
    start = text.index("[warnings.unconfirmed]")
    charter.write_text(text[:start] + text[start:].replace("warn = 1\n", f"warn = {level}\n", 1))
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    (line,) = errors(result)
    assert line.startswith("charter.toml:")
    assert "too large" in line or "finite" in line


# YAML 1.1 numbers


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0045", None),
        ("010", None),
        ("1:30", "minutes: expected a whole number, got the text '1:30'"),
        ("0b11", "minutes: expected a whole number, got the text '0b11'"),
    ],
)
def test_yaml_minutes_are_read_by_yaml_1_2(
    ledger: Path, run: Run, written: str, message: str | None
) -> None:
    """0045 is 45 (not 37), 010 is 10 (not 8), 1:30 and 0b11 are text (not 90 and 3)."""
    write(ledger, YAML_PATH, EXCHANGE_YAML.replace("minutes: 45", f"minutes: {written}"))
    result = check(run, ledger, "--format", "json")
    if message is None:
        assert result.exit_code in (0, 1), result.stdout
        read = run("exchanges", "--format", "json")
        assert json.loads(read.stdout)[0]["minutes"] == int(written, 10)
    else:
        assert errors(result) == [f"{YAML_PATH}:6: {message}"]


# Byte order marks and line endings


@pytest.mark.parametrize("relative", [EXCHANGE_PATH, YAML_PATH, "members.toml"])
def test_a_file_with_a_byte_order_mark_is_read(ledger: Path, run: Run, relative: str) -> None:
    """A file saved with a UTF-8 byte order mark reads as without one."""
    if relative != "members.toml":
        write(ledger, relative, EXCHANGE_YAML if relative == YAML_PATH else EXCHANGE)
    path = ledger / relative
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check(run, ledger).exit_code in (0, 1)


@pytest.mark.parametrize("relative", [EXCHANGE_PATH, YAML_PATH])
def test_a_crlf_file_has_its_problems_on_the_right_lines(
    ledger: Path, run: Run, relative: str
) -> None:
    """CRLF line endings change no line number: a bad `minutes` is on line 6."""
    text = (EXCHANGE_YAML if relative == YAML_PATH else EXCHANGE).replace("45", "'45'")
    write(ledger, relative, text.replace("\n", "\r\n").encode())
    result = check(run, ledger, "--format", "json")
    (line,) = errors(result)
    assert line.startswith(f"{relative}:6: minutes:")


# No false problem that only follows from a real one


def _break_member(example_copy: Path, handle: str) -> int:
    """Make `handle`'s `joined` text instead of a date; return the line of the fault."""
    members = example_copy / "members.toml"
    lines = members.read_text().splitlines(keepends=True)
    start = lines.index(f'handle = "{handle}"\n')
    at = next(index for index in range(start, len(lines)) if lines[index].startswith("joined"))
    day = lines[at].split("=")[1].strip()
    lines[at] = f'joined = "{day}"\n'
    members.write_text("".join(lines))
    return at + 1


def test_an_invalid_member_is_the_only_problem(example: Path, run: Run) -> None:
    """One invalid member: its own error, and no "unknown member" for each of its exchanges."""
    line = _break_member(example, "maya")
    result = run("check", "--root", str(example), "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [
        f"members.toml:{line}: joined: expected a date such as 2026-11-27,"
        " got the text '2026-05-04'"
    ]


def test_a_truly_unknown_member_is_still_reported_beside_an_invalid_one(
    example: Path, run: Run
) -> None:
    """Only the invalid member's handle is spared: an unknown handle is still named."""
    _break_member(example, "maya")
    write(example, EXCHANGE_PATH, EXCHANGE.replace("alice", "sam").replace("bob", "zed"))
    result = run("check", "--root", str(example), "--format", "json")
    assert any("unknown member 'zed'" in line for line in errors(result))
    assert not any("unknown member 'maya'" in line for line in errors(result))


def test_an_invalid_only_item_is_not_also_an_empty_list(ledger: Path, run: Run) -> None:
    """`helped = ["Bob"]` is one problem, not also "the list is empty"."""
    write(ledger, EXCHANGE_PATH, EXCHANGE.replace('["bob"]', '["Bob"]'))
    result = check(run, ledger, "--format", "json")
    (line,) = errors(result)
    assert line.startswith(f"{EXCHANGE_PATH}:5: helped.0: 'Bob' is not allowed here")


def test_a_request_of_an_invalid_exchange_is_not_told_it_is_unknown(ledger: Path, run: Run) -> None:
    """A request listing an exchange that is invalid is not also told the exchange is unknown."""
    write(ledger, EXCHANGE_PATH, EXCHANGE.replace("minutes = 45", 'minutes = "45"'))
    write(
        ledger,
        "requests/2026-03-01-bob-ci-r1r2r3.toml",
        '[[request]]\nid = "2026-03-01-bob-ci-r1r2r3"\nopened = 2026-03-01\nby = "bob"\n'
        'title = "CI"\nstatus = "done"\nclosed = 2026-03-02\n'
        'exchanges = ["2026-03-02-alice-bob-a1b2c3"]\n',
    )
    result = check(run, ledger, "--format", "json")
    assert errors(result) == [
        f"{EXCHANGE_PATH}:6: minutes: expected a whole number, got the text '45'"
    ]


def test_an_exchange_of_an_unreadable_request_file_is_not_told_it_is_unknown(
    ledger: Path, run: Run
) -> None:
    """A request file that cannot be parsed hides its ids: no "unknown request" follows."""
    write(ledger, EXCHANGE_PATH, EXCHANGE + 'request = "2026-03-01-bob-ci-r1r2r3"\n')
    write(ledger, "requests/2026-03-01-bob-ci-r1r2r3.toml", '[[request]]\nid = "2026-03-01\n')
    result = check(run, ledger, "--format", "json")
    (line,) = errors(result)
    assert line.startswith("requests/2026-03-01-bob-ci-r1r2r3.toml:2")


# Help before joining


@pytest.mark.parametrize(
    ("who", "field_line"),
    [("bob", 5), ("alice", 4)],
)
def test_help_before_a_person_joined_is_refused(
    ledger: Path, run: Run, who: str, field_line: int
) -> None:
    """Help dated before the helper or a helped person joined is refused on their line."""
    members = ledger / "members.toml"
    text = members.read_text()
    start = text.index(f'handle = "{who}"')
    members.write_text(
        text[:start] + text[start:].replace("joined = 2026-01-05", "joined = 2026-03-05", 1)
    )
    write(ledger, EXCHANGE_PATH, EXCHANGE)
    result = check(run, ledger, "--format", "json")
    assert result.exit_code == 2
    assert errors(result) == [
        f"{EXCHANGE_PATH}:{field_line}: {who} joined the team on 2026-03-05,"
        " after this help on 2026-03-02"
    ]


def test_help_on_the_day_both_joined_is_accepted(ledger: Path, run: Run) -> None:
    """The day a person joins counts: help on that day is fine."""
    write(ledger, EXCHANGE_PATH, EXCHANGE.replace("2026-03-02", "2026-01-05", 1))
    assert check(run, ledger).exit_code in (0, 1)


@pytest.mark.parametrize("broken", ['handle = "Maya"\n', ""])
def test_a_member_with_an_unusable_handle_floods_nothing(
    example: Path, run: Run, broken: str
) -> None:
    """A handle in capitals, or none at all: that one problem, and no "unknown member" list."""
    members = example / "members.toml"
    members.write_text(members.read_text().replace('handle = "maya"\n', broken, 1))
    result = run("check", "--root", str(example), "--format", "json")
    assert result.exit_code == 2
    (line,) = errors(result)
    assert line.startswith("members.toml:")
