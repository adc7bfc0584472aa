"""`aidledger log`: one exchange per file, its id printed, and nothing written on a mistake."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.cli.helpers import exchange_files, log, logged_id, snapshot
from tests.conftest import Run

REQUEST = """\
[[request]]
id = "2026-03-01-bob-q8x1z0"
opened = 2026-03-01
by = "bob"
title = "Need a hand with the release script"
"""


def test_log_prints_the_id_and_writes_one_file(ledger: Path, run: Run) -> None:
    """The first line is the id; the file is exchanges/YYYY/MM/<id>.toml with every field."""
    result = run(
        "log",
        "--helper",
        "alice",
        "--helped",
        "bob",
        "45m",
        "Debugging the CI cache",
        "--date",
        "2026-02-27",
    )
    exchange_id = logged_id(result)
    assert exchange_id.startswith("2026-02-27-alice-bob-")
    path = ledger / "exchanges" / "2026" / "02" / f"{exchange_id}.toml"
    assert exchange_files(ledger) == [path]
    assert path.read_text() == (
        "#:schema ../../../.aidledger/schema/exchange.schema.json\n"
        "[[exchange]]\n"
        f'id = "{exchange_id}"\n'
        "date = 2026-02-27\n"
        'helper = "alice"\n'
        "helped = [\n"
        '    "bob",\n'
        "]\n"
        "minutes = 45\n"
        'topic = "Debugging the CI cache"\n'
        'mode = "pair"\n'
        'logged_by = "alice"\n'
    )
    assert "from alice to bob" in result.stdout
    assert "waiting for confirmation" in result.stdout


def test_two_logs_get_two_ids(ledger: Path, run: Run) -> None:
    """The same help logged twice on one day makes two files with different ids."""
    args = ("--helper", "alice", "--helped", "bob", "45m", "Review")
    first, second = logged_id(run("log", *args)), logged_id(run("log", *args))
    assert first != second
    assert len(exchange_files(ledger)) == 2


@pytest.mark.parametrize(
    ("helped", "actor", "confirmed_by"),
    [
        (["bob"], "bob", "bob"),
        (["bob"], "alice", None),
        (["bob"], "carol", None),
        (["bob", "carol"], "bob", "bob"),
        (["bob", "carol"], "alice", None),
    ],
)
def test_the_person_helped_who_logs_it_confirms_it(
    ledger: Path, run: Run, helped: list[str], actor: str, confirmed_by: str | None
) -> None:
    """The person logging help they received gives their word with it: in `confirmation`
    when they are the one helped, in `confirmations` (theirs alone) in a group."""
    helped_args = [arg for handle in helped for arg in ("--helped", handle)]
    record = log(run, ledger, "--helper", "alice", *helped_args, "30m", "Review", "--as", actor)
    assert record["logged_by"] == actor
    word = {"by": confirmed_by, "on": datetime.date(2026, 3, 10)}
    if confirmed_by is None:
        assert "confirmation" not in record and "confirmations" not in record
    elif len(helped) == 1:
        assert record["confirmation"] == word
    else:
        assert "confirmation" not in record
        assert record["confirmations"] == [word]


def test_a_group_member_logging_is_told_who_still_confirms(ledger: Path, run: Run) -> None:
    result = run(
        "log",
        "--helper",
        "alice",
        "--helped",
        "bob",
        "--helped",
        "carol",
        "1h",
        "Demo",
        "--as",
        "bob",
    )
    assert result.exit_code == 0, result.stderr
    assert "(pair, confirmed by you, waiting for carol)." in result.stdout


def test_several_helped(ledger: Path, run: Run) -> None:
    """--helped repeats; the order given is kept."""
    record = log(
        run,
        ledger,
        "--helper",
        "bob",
        "--helped",
        "carol",
        "--helped",
        "alice",
        "1h",
        "Onboarding on the deploy pipeline",
    )
    assert record["helped"] == ["carol", "alice"]
    assert record["id"].startswith("2026-03-10-bob-carol-")


def test_every_option(ledger: Path, run: Run) -> None:
    """--mode, --tag (repeated), --date and --request land in the record."""
    (ledger / "requests" / "2026-03-01-bob-q8x1z0.toml").write_text(REQUEST)
    record = log(
        run,
        ledger,
        "--helper",
        "alice",
        "--helped",
        "bob",
        "1h30",
        "Release script",
        "--mode",
        "taught",
        "--tag",
        "ci",
        "--tag",
        "release",
        "--date",
        "2026-03-03",
        "--request",
        "2026-03-01-bob-q8x1z0",
    )
    assert record["mode"] == "taught"
    assert record["tags"] == ["ci", "release"]
    assert record["date"] == datetime.date(2026, 3, 3)
    assert record["request"] == "2026-03-01-bob-q8x1z0"
    assert record["minutes"] == 90
    assert run("check", "--as-of", "2026-03-10").exit_code in (0, 1)


@pytest.mark.parametrize("mode", ["taught", "pair", "did", "advice"])
def test_every_mode(ledger: Path, run: Run, mode: str) -> None:
    """Each of the four modes is accepted."""
    record = log(
        run, ledger, "--helper", "alice", "--helped", "bob", "30m", "Review", "--mode", mode
    )
    assert record["mode"] == mode


def test_request_in_a_file_of_several(ledger: Path, run: Run) -> None:
    """--request finds a request in a file that holds many (for instance a packed year)."""
    second = REQUEST.replace("2026-03-01-bob-q8x1z0", "2026-03-02-carol-77aa01").replace(
        'by = "bob"', 'by = "carol"'
    )
    (ledger / "requests" / "2026.toml").write_text(REQUEST + "\n" + second)
    record = log(
        run,
        ledger,
        "--helper",
        "alice",
        "--helped",
        "carol",
        "30m",
        "Review",
        "--request",
        "2026-03-02-carol-77aa01",
    )
    assert record["request"] == "2026-03-02-carol-77aa01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--helper", "alice", "--helped", "dave", "30m", "Review"),
            "--helped: no member 'dave' in members.toml (members: alice, bob, carol)",
        ),
        (("--helper", "dave", "--helped", "bob", "30m", "Review"), "--helper: no member 'dave'"),
        (
            ("--helper", "alice", "--helped", "alice", "30m", "Review"),
            "the helper 'alice' is also among the helped",
        ),
        (
            (
                "--helper",
                "alice",
                "--helped",
                "bob",
                "--helped",
                "carol",
                "--helped",
                "alice",
                "30m",
                "Review",
            ),
            "the helper 'alice' is also among the helped",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "--helped", "bob", "30m", "Review"),
            "a helped person is named twice",
        ),
        (("--helper", "alice", "30m", "Review"), "--helped: name at least one person"),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--mode", "lecture"),
            "--mode: 'lecture' is not one of 'taught', 'pair', 'did' or 'advice'",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "2026-03-11"),
            "--date 2026-03-11 is in the future",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "2999-01-01"),
            "--date 2999-01-01 is in the future",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "someday"),
            "--date: cannot read the date 'someday'",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "a while", "Review"),
            "cannot read the duration 'a while'",
        ),
        (("--helper", "alice", "--helped", "bob", "0", "Review"), "between 1 and 1440"),
        (("--helper", "alice", "--helped", "bob", "25h", "Review"), "between 1 and 1440"),
        (("--helper", "alice", "--helped", "bob", "30m", "   "), "TOPIC: the text is empty"),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--tag", "Big Data"),
            "--tag: 'big data' is not allowed here",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--request", "2026-01-01-x"),
            "--request: no request '2026-01-01-x'",
        ),
        (
            ("--helper", "alice", "--helped", "bob", "30m", "Review", "--as", "dave"),
            "--as: no member 'dave'",
        ),
    ],
    ids=[
        "unknown-helped",
        "unknown-helper",
        "helper-helped",
        "helper-among-several",
        "helped-twice",
        "no-helped",
        "bad-mode",
        "tomorrow-iso",
        "far-future",
        "bad-date",
        "bad-duration",
        "zero-minutes",
        "too-long",
        "empty-topic",
        "bad-tag",
        "unknown-request",
        "unknown-actor",
    ],
)
def test_mistakes_write_nothing(
    ledger: Path, run: Run, args: tuple[str, ...], message: str
) -> None:
    """Every mistake is one sentence on stderr, exit 2, and no new file."""
    before = snapshot(ledger)
    result = run("log", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(ledger) == before


def test_log_refuses_help_after_a_member_left(ledger: Path, run: Run) -> None:
    """Help dated after someone left the team is refused, and nothing is written."""
    assert run("member", "leave", "carol", "--on", "2026-03-01").exit_code == 0
    before = snapshot(ledger)
    result = run(
        "log", "--helper", "alice", "--helped", "carol", "--date", "2026-03-05", "30m", "x"
    )
    assert result.exit_code == 2
    assert "carol left the team on 2026-03-01" in result.stderr
    assert snapshot(ledger) == before


def test_log_dated_tomorrow_is_in_the_future(ledger: Path, run: Run) -> None:
    """`--date tomorrow` is read, then refused as a day to come: help is logged once done."""
    result = run(
        "log", "--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "tomorrow"
    )
    assert result.exit_code == 2
    assert "--date 2026-03-11 is in the future" in result.stderr
