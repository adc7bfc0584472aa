"""Issue 6 through the CLI: one unit of help, the ledger as of a day, `started`, refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.cli.helpers import logged_id
from tests.conftest import Run

LATER = "2026-03-30"


def _log(run: Run, *args: str, env: dict[str, str] | None = None) -> str:
    return logged_id(run("log", *args, env=env))


def _json(run: Run, *args: str, env: dict[str, str] | None = None) -> Any:
    result = run(*args, "--format", "json", env=env)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _group_help(run: Run) -> None:
    """An hour taught to bob and carol together, then an hour done for bob."""
    _log(run, "--helper", "alice", "--helped", "bob", "--helped", "carol", "1h", "Deploys",
         "--mode", "taught", "--tag", "deploy", "--date", "2026-03-05")  # fmt: skip
    _log(run, "--helper", "alice", "--helped", "bob", "1h", "Hotfix", "--mode", "did",
         "--tag", "deploy", "--tag", "ci", "--date", "2026-03-06")  # fmt: skip


def test_group_help_is_person_minutes_and_records_everywhere(ledger: Path, run: Run) -> None:
    """1h taught to two and 1h done for one: 3h given in 2 exchanges, 67% taught, everywhere."""
    _group_help(run)
    period = ("--since", "2026-03-01", "--until", "2026-03-10")
    statement = _json(run, "statement", "alice", *period)
    assert (statement["given_minutes"], statement["given_count"]) == (180, 2)
    assert sum(topic["minutes"] for topic in statement["topics"]) == 180
    assert statement["modes_given"]["taught"] == 120
    assert statement["modes_given"]["did"] == 60
    report = {row["handle"]: row for row in _json(run, "report", *period)["members"]}
    assert report["alice"]["given_minutes"] == 180
    assert report["alice"]["given_count"] == 2
    assert report["alice"]["taught_or_paired_share"] == round(120 / 180, 4)
    balance = {row["handle"]: row for row in _json(run, "balance", *period)["members"]}
    assert (balance["alice"]["given_minutes"], balance["alice"]["given_count"]) == (180, 2)
    assert (balance["bob"]["received_minutes"], balance["bob"]["received_count"]) == (120, 2)
    page = run("statement", "alice", *period).stdout
    assert "3h in 2 exchanges" in page
    assert "taught 67%" in page


def test_a_new_team_is_not_told_everyone_is_isolated(ledger: Path, run: Run) -> None:
    """Members who joined months before `started` are watched from `started` only."""
    quiet = _json(run, "check")["warnings"]
    assert not [finding for finding in quiet if finding["id"] == "isolated-member"]
    assert "nobody logged an exchange" in json.dumps(quiet)
    _log(run, "--helper", "alice", "--helped", "bob", "30m", "Setup")
    day_one = _json(run, "check")["warnings"]
    assert not [finding for finding in day_one if finding["id"] == "isolated-member"]
    newcomers = [
        finding for finding in day_one if finding["facts"].get("warning") == "isolated-member"
    ]
    assert newcomers and newcomers[0]["members"] == ["carol"]
    later = _json(run, "check", env={"AIDLEDGER_TODAY": "2026-04-20"})["warnings"]
    isolated = [finding for finding in later if finding["id"] == "isolated-member"]
    assert [finding["members"] for finding in isolated] == [["carol"]]


def test_a_replayed_check_sees_what_the_check_saw_that_day(ledger: Path, run: Run) -> None:
    """Confirmed later, help still shows as unconfirmed when the check is replayed for its day."""
    exchange = _log(run, "--helper", "alice", "--helped", "bob", "45m", "Query plans")
    assert run("confirm", exchange, "--as", "bob", env={"AIDLEDGER_TODAY": LATER}).exit_code == 0
    replayed = _json(run, "check", "--as-of", "2026-03-28", env={"AIDLEDGER_TODAY": LATER})
    unconfirmed = [finding for finding in replayed["warnings"] if finding["id"] == "unconfirmed"]
    assert [finding["facts"]["exchanges"] for finding in unconfirmed] == [[exchange]]
    today = _json(run, "check", env={"AIDLEDGER_TODAY": LATER})["warnings"]
    assert not [finding for finding in today if finding["id"] == "unconfirmed"]


def test_the_skip_reason_names_the_minutes_when_minutes_are_short(ledger: Path, run: Run) -> None:
    """3 short exchanges received: done-for-dependency waits for 60 minutes, and says so."""
    for topic in ("One", "Two", "Three"):
        _log(run, "--helper", "alice", "--helped", "bob", "10m", topic, "--mode", "did")
    warnings = _json(run, "check")["warnings"]
    (note,) = [
        finding for finding in warnings if finding["facts"].get("warning") == "done-for-dependency"
    ]
    assert note["members"] == ["bob"]
    assert note["message"].endswith("was not judged for bob: less than 60 minutes received.")
    assert note["facts"]["reason"]["short_of"] == "minutes"


def test_future_days_are_refused_as_a_sentence(ledger: Path, run: Run) -> None:
    """--as-of and --until after today are usage errors, never evaluated in the future."""
    for args in (
        ("check", "--as-of", "2026-03-11"),
        ("report", "--as-of", "2026-03-11"),
        ("statement", "alice", "--until", "2026-03-11"),
        ("balance", "--until", "2026-03-11"),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "2026-03-11 is in the future (today is 2026-03-10)" in result.stderr, args


def test_me_speaks_to_the_person(ledger: Path, run: Run) -> None:
    """`me` says "you", and names severities as what to do; JSON keeps the ids."""
    _group_help(run)
    page = run("me", "--as", "bob").stdout
    assert "you received" in page or "you gave" in page
    assert "them" not in page


def test_no_cache_reads_afresh_and_writes_nothing(ledger: Path, run: Run) -> None:
    """--no-cache on a reading command leaves no record cache behind; without it, one is kept."""
    _group_help(run)
    for path in (ledger / "exchanges").rglob("*.toml"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # old enough for the cache to keep
    for args in (("check",), ("report",), ("balance",), ("exchanges",), ("me", "--as", "bob")):
        assert run(*args, "--no-cache").exit_code in (0, 1), args
    cache = ledger / ".aidledger" / "records.pickle"
    assert not cache.exists()
    assert run("check").exit_code in (0, 1)
    assert cache.exists()


def test_back_dated_thanks_did_not_exist_before_they_were_written(ledger: Path, run: Run) -> None:
    """A thanks written on 03-30 for help on 03-12 is absent from the ledger as of 03-28."""
    env = {"AIDLEDGER_TODAY": LATER}
    result = run("thanks", "alice", "45m", "Query plans", "--date", "2026-03-12", "--as", "bob",
                 env=env)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    replayed = _json(run, "check", "--as-of", "2026-03-28", env=env)["warnings"]
    assert not [finding for finding in replayed if finding["id"] == "unconfirmed"]
    before = _json(run, "exchanges", "--until", "2026-03-28", env=env)
    assert before == []
    assert len(_json(run, "exchanges", env=env)) == 1


def test_a_single_perfect_rating_never_fails_usefulness(ledger: Path, run: Run) -> None:
    """With min_count = 0, one 5/5 rating has a low cautious bound, but cannot fail alone."""
    charter = ledger / "charter.toml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(
        text.replace("[warnings.low-usefulness]\n", "[warnings.low-usefulness]\nmin_count = 0\n"),
        encoding="utf-8",
    )
    assert run("thanks", "alice", "30m", "Review", "--useful", "5", "--as", "bob").exit_code == 0
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    found = [w for w in json.loads(result.stdout)["warnings"] if w["id"] == "low-usefulness"]
    assert {finding["severity"] for finding in found} == {"warn"}  # the team's and alice's


def test_a_statement_before_joining_is_a_sentence(ledger: Path, run: Run) -> None:
    """A statement for a day before the person joined says so, rather than an empty page."""
    result = run("statement", "alice", "--until", "2026-01-01")
    assert result.exit_code == 2
    assert "alice joined the team on 2026-01-05, after 2026-01-01" in result.stderr


def test_every_reading_command_takes_no_cache(ledger: Path, run: Run) -> None:
    """statement, graph and show read afresh with --no-cache too, and keep no cache."""
    exchange = _log(run, "--helper", "alice", "--helped", "bob", "30m", "Review")
    for path in (ledger / "exchanges").rglob("*.toml"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    for args in (("statement", "alice"), ("graph",), ("show", exchange)):
        assert run(*args, "--no-cache").exit_code == 0, args
    assert not (ledger / ".aidledger" / "records.pickle").exists()
