"""`aidledger thanks` (help received, confirmed at once) and `aidledger confirm`."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path

import pytest

from tests.cli.helpers import exchange_files, exchange_record, log, logged_id, snapshot
from tests.conftest import Run

MARCH_10 = datetime.date(2026, 3, 10)


def test_thanks_is_confirmed_by_the_actor(ledger: Path, run: Run) -> None:
    """thanks records help the actor received, confirmed by them today, with --useful."""
    result = run(
        "thanks",
        "bob",
        "45m",
        "Reviewing my migration",
        "--mode",
        "advice",
        "--tag",
        "sql",
        "--date",
        "yesterday",
        "--useful",
        "4",
    )
    record = exchange_record(ledger, logged_id(result))
    assert record["helper"] == "bob"
    assert record["helped"] == ["alice"]
    assert record["minutes"] == 45
    assert record["mode"] == "advice"
    assert record["tags"] == ["sql"]
    assert record["date"] == datetime.date(2026, 3, 9)
    assert record["logged_by"] == "alice"
    assert record["confirmation"] == {"by": "alice", "on": MARCH_10, "useful": 4}
    assert "confirmed" in result.stdout
    assert "waiting" not in result.stdout


def test_thanks_without_useful(ledger: Path, run: Run) -> None:
    """--useful is optional; the confirmation then has no rating."""
    record = exchange_record(ledger, logged_id(run("thanks", "carol", "1h", "Pairing")))
    assert record["confirmation"] == {"by": "alice", "on": MARCH_10}
    assert record["mode"] == "pair"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("alice", "30m", "Review"), "you cannot thank yourself"),
        (("dave", "30m", "Review"), "no member 'dave'"),
        (("bob", "30m", "Review", "--useful", "9"), "--useful"),
        (("bob", "30m", "Review", "--useful", "0"), "--useful"),
        (("bob", "forever", "Review"), "cannot read the duration 'forever'"),
        (("bob", "30m", "Review", "--date", "2026-04-01"), "is in the future"),
        (("bob", "30m", "Review", "--mode", "magic"), "--mode: 'magic' is not one of"),
    ],
)
def test_thanks_mistakes_write_nothing(
    ledger: Path, run: Run, args: tuple[str, ...], message: str
) -> None:
    """Thanking oneself, an unknown helper or a rating outside 1-5: exit 2, nothing written."""
    before = snapshot(ledger)
    result = run("thanks", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert snapshot(ledger) == before


@pytest.fixture
def waiting(ledger: Path, run: Run) -> str:
    """An unconfirmed exchange: alice helped bob and carol, logged by alice."""
    result = run(
        "log",
        "--helper",
        "alice",
        "--helped",
        "bob",
        "--helped",
        "carol",
        "1h",
        "Pairing on the flaky test",
        "--date",
        "2026-03-04",
        "--tag",
        "ci",
    )
    return logged_id(result)


def exchange_path(root: Path, exchange_id: str) -> Path:
    return root / "exchanges" / exchange_id[:4] / exchange_id[5:7] / f"{exchange_id}.toml"


def test_confirm_by_a_helped_person(ledger: Path, run: Run, waiting: str) -> None:
    """A helped person of a group confirms with a rating; only their confirmation is added
    to the file, and the exchange waits for the other person helped."""
    before = exchange_record(ledger, waiting)
    result = run("confirm", waiting, "--useful", "5", "--as", "carol")
    assert result.exit_code == 0, result.stderr
    assert waiting in result.stdout
    assert "bob has not confirmed yet" in result.stdout
    after = exchange_record(ledger, waiting)
    # alice's git identity ran it, acting as carol: her email is kept beside carol's word.
    assert after.pop("confirmations") == [
        {"by": "carol", "on": MARCH_10, "useful": 5, "by_email": "alice@example.org"}
    ]
    assert after == before
    unconfirmed = json.loads(run("exchanges", "--unconfirmed", "--format", "json").stdout)
    assert [(row["id"], row["waiting_for"]) for row in unconfirmed] == [(waiting, ["bob"])]


def test_confirm_without_rating_by_git_identity(ledger: Path, run: Run) -> None:
    """The acting person comes from git; without --useful no rating is stored."""
    exchange_id = logged_id(
        run("log", "--helper", "bob", "--helped", "alice", "30m", "Review", "--as", "carol")
    )
    assert run("confirm", exchange_id).exit_code == 0
    assert exchange_record(ledger, exchange_id)["confirmation"] == {"by": "alice", "on": MARCH_10}


def test_confirm_by_a_unique_start_of_the_id(ledger: Path, run: Run, waiting: str) -> None:
    """A unique start of the id is enough."""
    assert run("confirm", waiting[:-3], "--as", "bob").exit_code == 0
    assert exchange_record(ledger, waiting)["confirmations"][0]["by"] == "bob"


@pytest.mark.parametrize("actor", ["alice", "dave"])
def test_confirm_by_someone_not_helped_is_refused(
    ledger: Path, run: Run, waiting: str, actor: str
) -> None:
    """The helper, or anyone not helped, is refused with exit 2; the file is unchanged."""
    if actor == "dave":
        assert run("member", "add", "dave").exit_code == 0
    path = exchange_path(ledger, waiting)
    before = path.read_bytes()
    result = run("confirm", waiting, "--useful", "5", "--as", actor)
    assert result.exit_code == 2
    assert f"{actor} cannot confirm {waiting}" in result.stderr
    assert "only the people helped (bob, carol) can" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("exchange_id", ["2026-03-04-alice-bob-zzzzzz", "nothing-like-it"])
def test_confirm_an_unknown_id(ledger: Path, run: Run, waiting: str, exchange_id: str) -> None:
    """An id that matches nothing is exit 2 with a hint: the nearest id when one is near,
    else how to list them."""
    before = snapshot(ledger)
    result = run("confirm", exchange_id, "--as", "bob")
    assert result.exit_code == 2
    assert f"no exchange {exchange_id!r}" in result.stderr
    if exchange_id.startswith("2026-03-04-alice-bob"):
        assert f"hint: did you mean {waiting!r}?" in result.stderr
    else:
        assert "aidledger exchanges --unconfirmed" in result.stderr
    assert snapshot(ledger) == before


def test_confirm_an_ambiguous_start(ledger: Path, run: Run) -> None:
    """A start of an id shared by two exchanges is refused, asking for more of it."""
    for _ in range(2):
        run("log", "--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "2026-03-05")
    result = run("confirm", "2026-03-05-alice-bob-", "--as", "bob")
    assert result.exit_code == 2
    assert "is the start of 2 exchange ids" in result.stderr


def test_confirm_bad_rating(ledger: Path, run: Run, waiting: str) -> None:
    """--useful outside 1-5 is a usage error; the file is unchanged."""
    before = snapshot(ledger)
    result = run("confirm", waiting, "--useful", "9", "--as", "bob")
    assert result.exit_code == 2
    assert snapshot(ledger) == before


PACKED = """\
# March, packed by hand.
[[exchange]]
id = "2026-03-02-alice-bob-aaaaaa"
date = 2026-03-02
helper = "alice"
helped = ["bob"]  # bob asked for it
minutes = 30
topic = "First"
mode = "pair"

[[exchange]]
id = "2026-03-03-carol-bob-bbbbbb"
date = 2026-03-03
helper = "carol"
helped = ["bob"]
minutes = 45
topic = "Second"
mode = "taught"
"""


def test_confirm_in_a_file_of_several(ledger: Path, run: Run) -> None:
    """Confirming in a packed file touches that table only: comments and blank lines stay."""
    path = ledger / "exchanges" / "2026" / "03.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PACKED)
    result = run("confirm", "2026-03-02-alice-bob-aaaaaa", "--useful", "3", "--as", "bob")
    assert result.exit_code == 0, result.stderr
    first_end = PACKED.index("[[exchange]]", PACKED.index("[[exchange]]") + 1)
    assert path.read_text() == (
        PACKED[:first_end]
        + '[exchange.confirmation]\nby = "bob"\non = 2026-03-10\nuseful = 3\n'
        + 'by_email = "alice@example.org"\n\n'
        + PACKED[first_end:]
    )
    second = run("confirm", "2026-03-03-carol-bob-bbbbbb", "--as", "bob")
    assert second.exit_code == 0, second.stderr
    first, last = tomllib.loads(path.read_text())["exchange"]
    assert first["confirmation"] == {
        "by": "bob",
        "on": MARCH_10,
        "useful": 3,
        "by_email": "alice@example.org",
    }
    assert last["confirmation"] == {"by": "bob", "on": MARCH_10, "by_email": "alice@example.org"}
    assert last["topic"] == "Second"
    assert exchange_files(ledger) == [path]
    assert run("check", "--as-of", "2026-03-10").exit_code == 0


def test_log_then_confirm_makes_it_count_as_confirmed(ledger: Path, run: Run) -> None:
    """After confirm, `exchanges --unconfirmed` no longer lists the exchange."""
    record = log(run, ledger, "--helper", "carol", "--helped", "bob", "20m", "Review")
    listed = run("exchanges", "--unconfirmed", "--format", "json").stdout
    assert record["id"] in listed
    assert run("confirm", record["id"], "--as", "bob").exit_code == 0
    assert record["id"] not in run("exchanges", "--unconfirmed", "--format", "json").stdout


def test_confirming_again_keeps_the_day_and_the_rating(ledger: Path, run: Run) -> None:
    """Confirming again keeps the first day and, without --useful, the rating."""
    exchange_id = logged_id(
        run("log", "--helper", "bob", "--helped", "carol", "--as", "alice", "30m", "Query")
    )
    assert run("confirm", exchange_id, "--as", "carol", "--useful", "5").exit_code == 0
    first = exchange_record(ledger, exchange_id)["confirmation"]
    assert run("confirm", exchange_id, "--as", "carol").exit_code == 0
    assert exchange_record(ledger, exchange_id)["confirmation"] == first


def test_each_helped_person_confirms_and_rates_group_help(ledger: Path, run: Run) -> None:
    """With two people helped, each confirms with their own rating; the first confirmation
    stands when the second comes, and only the exchange's own lines change."""
    exchange_id = logged_id(
        run("log", "--helped", "bob", "--helped", "carol", "--as", "alice", "1h", "Deploy")
    )
    path = exchange_path(ledger, exchange_id)
    assert run("confirm", exchange_id, "--as", "carol", "--useful", "5").exit_code == 0
    after_carol = path.read_text()
    result = run("confirm", exchange_id, "--as", "bob", "--useful", "3", "--note", "Saved a day")
    assert result.exit_code == 0, result.stderr
    assert "bob has not confirmed yet" not in result.stdout
    assert path.read_text().startswith(after_carol)
    record = exchange_record(ledger, exchange_id)
    assert [
        (given["by"], given.get("useful"), given.get("note")) for given in record["confirmations"]
    ] == [
        ("carol", 5, None),
        ("bob", 3, "Saved a day"),
    ]
    assert "confirmation" not in record
    document = json.loads(run("exchanges", "--format", "json").stdout)
    assert document[0]["confirmed"] is True and document[0]["waiting_for"] == []
    # Each rating counts as the rating of its own person: alice's mean is (3 + 5) / 2.
    report = json.loads(run("report", "--format", "json").stdout)
    alice = next(row for row in report["members"] if row["handle"] == "alice")
    assert alice["mean_useful"] == 4.0
    # Confirming again changes nothing but what is given anew.
    assert run("confirm", exchange_id, "--as", "carol").exit_code == 0
    assert exchange_record(ledger, exchange_id) == record


def test_a_group_confirmation_written_alone_moves_into_the_list(ledger: Path, run: Run) -> None:
    """A group exchange an older version confirmed with one `confirmation` table keeps
    working: it counts as that person's word, and the next person's confirmation moves
    both into `confirmations`."""
    exchange_id = logged_id(
        run("log", "--helped", "bob", "--helped", "carol", "--as", "alice", "1h", "Deploy")
    )
    path = exchange_path(ledger, exchange_id)
    path.write_text(
        path.read_text() + '\n[exchange.confirmation]\nby = "carol"\non = 2026-03-10\nuseful = 4\n'
    )
    assert run("check").exit_code == 0
    waiting = json.loads(run("exchanges", "--unconfirmed", "--format", "json").stdout)
    assert waiting[0]["waiting_for"] == ["bob"]
    assert run("confirm", exchange_id, "--as", "bob").exit_code == 0
    record = exchange_record(ledger, exchange_id)
    assert "confirmation" not in record
    assert [given["by"] for given in record["confirmations"]] == ["carol", "bob"]
    assert record["confirmations"][0]["useful"] == 4
    assert run("check").exit_code == 0


def test_confirmation_and_confirmations_together_are_refused(ledger: Path, run: Run) -> None:
    """A record holding both forms is an error on its line, not a guess."""
    exchange_id = logged_id(
        run("log", "--helped", "bob", "--helped", "carol", "--as", "alice", "1h", "Deploy")
    )
    path = exchange_path(ledger, exchange_id)
    path.write_text(
        path.read_text()
        + '\n[exchange.confirmation]\nby = "carol"\non = 2026-03-10\n'
        + '\n[[exchange.confirmations]]\nby = "bob"\non = 2026-03-10\n'
    )
    result = run("check")
    assert result.exit_code == 2
    line = path.read_text().splitlines().index("[[exchange.confirmations]]") + 1
    assert f"{path.relative_to(ledger)}:{line}: confirmations: " in result.stdout
    assert "either one `confirmation` or a list of `confirmations`" in result.stdout


def test_a_new_rating_says_the_one_it_replaces(ledger: Path, run: Run) -> None:
    """Confirming again with another rating says what it was: nothing changes silently."""
    exchange_id = logged_id(run("log", "--helped", "bob", "30m", "Query"))
    assert run("confirm", exchange_id, "--as", "bob", "--useful", "4").exit_code == 0
    result = run("confirm", exchange_id, "--as", "bob", "--useful", "1")
    assert result.exit_code == 0, result.stderr
    assert f"Confirmed {exchange_id}, rated 1/5 (was 4/5)." in result.stdout
    again = run("confirm", exchange_id, "--as", "bob")
    assert f"Confirmed {exchange_id}, rated 1/5." in again.stdout
