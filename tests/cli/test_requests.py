"""Help requests through the CLI: ask, list, take, drop and done, and `log --request`.

Every step is a small diff of the request's own file; a refusal is a sentence, exits 2
and writes nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import TODAY, exchange_files, exchange_record, logged_id, snapshot
from tests.conftest import Result, Run, git

REQUEST_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9._-]+-[a-z0-9]{6}$")


def asked_id(result: Result) -> str:
    """The id `ask` printed on its first line."""
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert REQUEST_ID.match(first), result.stdout
    return first


def ask(run: Run, *args: str) -> str:
    return asked_id(run("ask", *args))


def request_file(root: Path, request_id: str) -> Path:
    return root / "requests" / f"{request_id}.toml"


def request_record(root: Path, request_id: str) -> dict[str, Any]:
    tables = tomllib.loads(request_file(root, request_id).read_text(encoding="utf-8"))["request"]
    assert len(tables) == 1
    record: dict[str, Any] = tables[0]
    return record


def listed(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("requests", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: list[dict[str, Any]] = json.loads(result.stdout)
    return document


def refused(result: Result, *words: str) -> None:
    """A refusal: exit 2, sentences on stderr naming `words`, no traceback, nothing on stdout."""
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# --- ask ------------------------------------------------------------------------------------


def test_ask_writes_one_request_file_and_prints_its_id(ledger: Path, run: Run) -> None:
    """`ask` writes requests/<id>.toml with the acting person as requester, status open."""
    result = run(
        "ask",
        "Need a hand with the release script",
        "--detail",
        "It fails on tags with a slash.",
        "--skill",
        "CI",
        "--skill",
        "python",
        "--needed-by",
        "2026-03-20",
        "--as",
        "bob",
    )
    request_id = asked_id(result)
    assert request_id.startswith(f"{TODAY}-bob-")
    assert f"Wrote requests/{request_id}.toml" in result.stdout
    assert request_record(ledger, request_id) == {
        "id": request_id,
        "opened": tomllib.loads(f"d = {TODAY}")["d"],
        "by": "bob",
        "title": "Need a hand with the release script",
        "status": "open",
        "skills": ["ci", "python"],
        "detail": "It fails on tags with a slash.",
        "needed_by": tomllib.loads("d = 2026-03-20")["d"],
    }
    assert run("check").exit_code == 0


def test_ask_defaults_to_the_git_user(ledger: Path, run: Run) -> None:
    """Without --as, the requester is the member with git's email."""
    request_id = ask(run, "Review my first migration")
    assert request_record(ledger, request_id)["by"] == "alice"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("A need", "--needed-by", "2026-03-01"), ("--needed-by 2026-03-01 is in the past",)),
        (("A need", "--needed-by", "soon"), ("--needed-by", "tomorrow", "+7d")),
        (("A need", "--needed-by", "yesterday"), ("is in the past",)),
        (("A need", "--skill", "Not a tag!"), ("--skill: ",)),
        (("x" * 201,), ("TITLE: 201 characters",)),
        (("A need", "--as", "zoe"), ("no member 'zoe'",)),
    ],
)
def test_ask_refuses_bad_values_and_writes_nothing(
    ledger: Path, run: Run, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    """A bad date, skill, title or person is a sentence; no file is written."""
    before = snapshot(ledger)
    refused(run("ask", *args), *words)
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("needed_by", "day"),
    [("friday", "2026-03-13"), ("tomorrow", "2026-03-11"), ("in 7 days", "2026-03-17")],
)
def test_ask_reads_a_day_ahead_in_words(ledger: Path, run: Run, needed_by: str, day: str) -> None:
    """`--needed-by friday` is the next Friday; `tomorrow` and `in 7 days` count from today."""
    assert TODAY == "2026-03-10"  # a Tuesday
    request_id = ask(run, "A need", "--needed-by", needed_by)
    assert request_record(ledger, request_id)["needed_by"] == tomllib.loads(f"d = {day}")["d"]


def test_ask_hints_at_days_ahead(ledger: Path, run: Run) -> None:
    """An unreadable --needed-by is hinted with what works for a day to come."""
    result = run("ask", "A need", "--needed-by", "someday")
    refused(result, "--needed-by: cannot read the date 'someday'", "friday", "in 7 days")
    assert "days back" not in result.stderr


# --- take, drop, done -------------------------------------------------------------------------


def test_take_is_a_small_diff_and_prints_the_charters_advice(ledger: Path, run: Run) -> None:
    """Taking changes `status` and adds `taken_by`, nothing else; the advice is shown."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    git(ledger, "add", "-A")
    git(ledger, "commit", "-q", "-m", "ask")
    result = run("take", request_id[:12])
    assert result.exit_code == 0, result.stderr
    assert f"Took {request_id}: 'Need a hand', asked by bob." in result.stdout
    assert "How to help, from the charter:" in result.stdout
    assert "- Prefer teaching and pairing." in result.stdout
    diff = git(ledger, "diff", "-U0", "--", f"requests/{request_id}.toml")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == ['-status = "open"', '+status = "taken"', '+taken_by = "alice"']


def test_take_prints_no_advice_heading_when_the_charter_has_none(ledger: Path, run: Run) -> None:
    """A charter without advice: taking works and prints no empty heading."""
    charter = ledger / "charter.toml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(re.sub(r"(?ms)^advice = \[.*?^\]\n", "", text), encoding="utf-8")
    request_id = ask(run, "Need a hand", "--as", "bob")
    result = run("take", request_id)
    assert result.exit_code == 0, result.stderr
    assert "How to help" not in result.stdout


def test_take_refusals(ledger: Path, run: Run) -> None:
    """Your own request, one already taken (naming who has it), a closed one: refused."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    refused(run("take", request_id, "--as", "bob"), "cannot take your own request")
    assert run("take", request_id, "--as", "carol").exit_code == 0
    before = snapshot(ledger)
    refused(run("take", request_id), "already taken by carol")
    refused(run("take", request_id, "--as", "carol"), "you took it already")
    assert snapshot(ledger) == before
    assert run("drop", request_id, "--as", "bob").exit_code == 0
    refused(run("take", request_id), "already dropped")


def test_drop_only_by_the_requester(ledger: Path, run: Run) -> None:
    """Only the requester drops; dropping sets status and closed; twice is refused."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    before = snapshot(ledger)
    refused(run("drop", request_id), "only bob, who asked, can")
    assert snapshot(ledger) == before
    result = run("drop", request_id, "--as", "bob")
    assert result.exit_code == 0, result.stderr
    assert f"Dropped {request_id}" in result.stdout
    record = request_record(ledger, request_id)
    assert record["status"] == "dropped"
    assert str(record["closed"]) == TODAY
    refused(run("drop", request_id, "--as", "bob"), "already dropped")
    assert run("check").exit_code == 0


def test_ask_take_done_in_three_commands(ledger: Path, run: Run) -> None:
    """Ask, take, then done with a duration: the exchange is logged, linked both ways, and
    the request is done; the ledger checks clean."""
    request_id = ask(run, "Release script fails", "--skill", "ci", "--as", "bob")
    assert run("take", request_id).exit_code == 0
    result = run("done", request_id, "45m", "Fixed the release script", "--mode", "taught")
    exchange_id = logged_id(result)
    assert f"Closed {request_id} as done" in result.stdout
    exchange = exchange_record(ledger, exchange_id)
    assert exchange["helper"] == "alice"
    assert exchange["helped"] == ["bob"]
    assert exchange["request"] == request_id
    assert exchange["mode"] == "taught"
    assert exchange["tags"] == ["ci"]
    assert "confirmation" not in exchange
    record = request_record(ledger, request_id)
    assert record["status"] == "done"
    assert record["taken_by"] == "alice"
    assert record["exchanges"] == [exchange_id]
    assert run("check").exit_code == 0


def test_done_by_the_requester_confirms_the_help_at_once(ledger: Path, run: Run) -> None:
    """The requester closing it logs the taker's help, confirmed by them, with the rating."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    assert run("take", request_id, "--as", "carol").exit_code == 0
    result = run("done", request_id, "30m", "Pairing on it", "--useful", "5", "--as", "bob")
    exchange = exchange_record(ledger, logged_id(result))
    assert exchange["helper"] == "carol"
    assert exchange["logged_by"] == "bob"
    assert exchange["confirmation"]["by"] == "bob"
    assert exchange["confirmation"]["useful"] == 5
    assert "(pair, confirmed)" in result.stdout


def test_done_by_the_requester_of_an_untaken_request_names_the_helper(
    ledger: Path, run: Run
) -> None:
    """Nobody took it: the requester says who helped with --helper."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    before = snapshot(ledger)
    refused(run("done", request_id, "30m", "Help", "--as", "bob"), "--helper HANDLE")
    assert snapshot(ledger) == before
    result = run("done", request_id, "30m", "Help", "--as", "bob", "--helper", "carol")
    assert exchange_record(ledger, logged_id(result))["helper"] == "carol"
    refused(run("done", request_id, "--as", "bob"), "already done")
    refused(run("done", request_id, "30m", "Again", "--as", "bob"), "already done")


def test_done_without_help_closes_only(ledger: Path, run: Run) -> None:
    """`done ID` alone closes the request and logs nothing."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    result = run("done", request_id, "--as", "bob")
    assert result.exit_code == 0, result.stderr
    assert exchange_files(ledger) == []
    record = request_record(ledger, request_id)
    assert (record["status"], "exchanges" in record) == ("done", False)


def test_done_by_a_helper_of_an_open_request_logs_their_help(ledger: Path, run: Run) -> None:
    """Someone who helped closes an open request with their help; the requester confirms later."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    result = run("done", request_id, "20m", "Quick advice", "--mode", "advice", "--as", "carol")
    exchange_id = logged_id(result)
    assert exchange_record(ledger, exchange_id)["helper"] == "carol"
    assert request_record(ledger, request_id)["exchanges"] == [exchange_id]
    assert "taken_by" not in request_record(ledger, request_id)
    assert run("confirm", exchange_id[:20], "--as", "bob", "--useful", "4").exit_code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("45m",), ("both DURATION and TOPIC",)),
        (("--useful", "4"), ("--useful", "DURATION TOPIC")),
        (("--helper", "carol"), ("--helper",)),
        (("45m", "Help", "--useful", "4"), ("only bob, who was helped, rates",)),
        (("45m", "Help", "--mode", "teached"), ("--mode", "did you mean 'taught'?")),
        (("later", "Help"), ("later",)),
    ],
)
def test_done_refuses_bad_values_and_writes_nothing(
    ledger: Path, run: Run, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    """Half of the help, a rating by the helper, a bad mode or duration: nothing written."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    assert run("take", request_id).exit_code == 0
    before = snapshot(ledger)
    refused(run("done", request_id, *args), *words)
    assert snapshot(ledger) == before


def test_done_refused_to_someone_not_involved(ledger: Path, run: Run) -> None:
    """A request taken by carol is closed by bob or carol, not by alice."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    assert run("take", request_id, "--as", "carol").exit_code == 0
    before = snapshot(ledger)
    refused(run("done", request_id), "alice cannot close", "carol, who took it")
    refused(run("done", request_id, "1h", "Help"), "alice cannot close")
    assert snapshot(ledger) == before


def test_a_failed_request_write_takes_the_exchange_back(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the request's file cannot be changed, the exchange written before it is removed."""
    from aidledger.errors import StoreError

    request_id = ask(run, "Need a hand", "--as", "bob")
    assert run("take", request_id).exit_code == 0
    before = snapshot(ledger)

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("requests/x.toml: cannot write (disk full); nothing was written")

    monkeypatch.setattr("aidledger.store.write.update_record", broken)
    refused(run("done", request_id, "1h", "Help"), "disk full")
    assert snapshot(ledger) == before


# --- ids ------------------------------------------------------------------------------------


def test_ids_are_taken_by_any_unique_start(ledger: Path, run: Run) -> None:
    """A unique start names a request; an ambiguous one lists the ids; a typo is named."""
    first = ask(run, "First", "--as", "bob")
    second = ask(run, "Second", "--as", "bob")
    refused(run("take", f"{TODAY}-bob"), "is the start of 2 request ids", first, second)
    shared = next(index for index, (a, b) in enumerate(zip(first, second, strict=True)) if a != b)
    unique = first[: shared + 1]
    assert run("take", unique).exit_code == 0
    refused(run("take", "nope"), "no request 'nope'", "aidledger requests")
    typo = first[:-1] + ("a" if first[-1] != "a" else "b")
    refused(run("drop", typo, "--as", "bob"), f"did you mean {first!r}?")


def test_an_exchange_id_is_not_a_request(ledger: Path, run: Run) -> None:
    """Giving an exchange's id to `take` says that it names an exchange."""
    exchange_id = logged_id(run("log", "30m", "Review", "--helped", "bob"))
    refused(run("take", exchange_id), "names an exchange")


# --- log --request --------------------------------------------------------------------------


def test_log_with_a_request_links_and_takes_it(ledger: Path, run: Run) -> None:
    """`log --request` lists the exchange in the request and moves it to taken by the helper."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    result = run("log", "30m", "Pairing", "--helped", "bob", "--request", request_id[:-2])
    exchange_id = logged_id(result)
    assert f"Request {request_id} is now taken by alice." in result.stdout
    assert exchange_record(ledger, exchange_id)["request"] == request_id
    record = request_record(ledger, request_id)
    assert (record["status"], record["taken_by"], record["exchanges"]) == (
        "taken",
        "alice",
        [exchange_id],
    )
    result = run("log", "15m", "Follow-up", "--helped", "bob", "--request", request_id, "--done")
    second = logged_id(result)
    assert f"Request {request_id} is now done." in result.stdout
    record = request_record(ledger, request_id)
    assert (record["status"], record["exchanges"]) == ("done", [exchange_id, second])
    result = run("log", "10m", "Later", "--helped", "bob", "--request", request_id)
    assert "was done already; it lists this help too" in result.stdout
    assert len(request_record(ledger, request_id)["exchanges"]) == 3
    assert run("check").exit_code == 0


def test_thanks_with_a_request_closes_the_need_it_met(ledger: Path, run: Run) -> None:
    """The requester thanking for the help on their request moves it on, as `log` does:
    `--done` closes it, and the exchange is confirmed by them with their rating."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    result = run(
        "thanks",
        "alice",
        "45m",
        "Pairing",
        "--request",
        request_id,
        "--done",
        "--useful",
        "5",
        "--as",
        "bob",
    )
    exchange_id = logged_id(result)
    assert f"Request {request_id} is now done." in result.stdout
    assert exchange_record(ledger, exchange_id)["confirmation"]["useful"] == 5
    record = request_record(ledger, request_id)
    assert (record["status"], record["exchanges"]) == ("done", [exchange_id])
    refused(run("thanks", "alice", "10m", "More", "--done", "--as", "bob"), "--request")
    assert run("check").exit_code == 0


def test_log_with_a_request_stops_the_stale_request_warning(ledger: Path, run: Run) -> None:
    """A need met through `log --request` is no longer reported as stale."""
    request_id = ask(run, "Old need", "--as", "bob")
    old = {"AIDLEDGER_TODAY": "2026-04-30"}
    assert "stale-request" in run("check", "--format", "json", env=old).stdout
    result = run("log", "30m", "Help", "--helped", "bob", "--request", request_id, env=old)
    assert result.exit_code == 0, result.stderr
    assert "stale-request" not in run("check", "--format", "json", env=old).stdout


def test_log_request_refusals_write_nothing(ledger: Path, run: Run) -> None:
    """--done without --request, an unknown or dropped request, the requester's own help."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    before = snapshot(ledger)
    refused(run("log", "30m", "Help", "--helped", "bob", "--done"), "--done", "--request")
    refused(run("log", "30m", "Help", "--helped", "bob", "--request", "nope"), "no request")
    refused(
        run("log", "30m", "Help", "--helper", "bob", "--helped", "carol", "--request", request_id),
        "bob asked for",
    )
    assert snapshot(ledger) == before
    assert run("drop", request_id, "--as", "bob").exit_code == 0
    before = snapshot(ledger)
    refused(run("log", "30m", "Help", "--helped", "bob", "--request", request_id), "was dropped")
    assert snapshot(ledger) == before


# --- requests (the list) --------------------------------------------------------------------


def _three(run: Run) -> tuple[str, str, str]:
    first = ask(run, "CI cache", "--skill", "ci", "--as", "bob")
    second = ask(run, "SQL plan", "--skill", "sql", "--as", "carol")
    third = ask(run, "Old thing", "--as", "bob")
    assert run("take", second).exit_code == 0
    assert run("drop", third, "--as", "bob").exit_code == 0
    return first, second, third


def test_requests_filters_combine(ledger: Path, run: Run) -> None:
    """--open keeps open and taken; --mine what you asked for or took; --skill any of them."""
    first, second, third = _three(run)

    def ids(*args: str) -> list[str]:
        return [row["id"] for row in listed(run, *args)]

    assert ids() == sorted([first, second, third])
    assert ids("--open") == sorted([first, second])
    assert ids("--mine") == [second]
    assert ids("--mine", "--as", "bob") == sorted([first, third])
    assert ids("--mine", "--open", "--as", "bob") == [first]
    assert ids("--skill", "SQL") == [second]
    assert ids("--skill", "sql", "--skill", "ci") == sorted([first, second])


def test_requests_json_holds_every_field(ledger: Path, run: Run) -> None:
    """JSON: machine values, every field, nulls for what is not set."""
    _, second, _ = _three(run)
    row = next(row for row in listed(run) if row["id"] == second)
    assert row == {
        "id": second,
        "opened": TODAY,
        "by": "carol",
        "title": "SQL plan",
        "status": "taken",
        "skills": ["sql"],
        "detail": None,
        "needed_by": None,
        "taken_by": "alice",
        "closed": None,
        "exchanges": [],
    }


def test_requests_table_shows_short_ids_and_fits_80_columns(ledger: Path, run: Run) -> None:
    """The table shows each id by a unique start, the status in words, within 80 columns."""
    first, _, _ = _three(run)
    result = run("requests", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 requests"
    assert all(len(line) <= 80 for line in lines)
    assert "taken by alice" in result.stdout
    assert re.search(r"\bdropped\b", result.stdout)
    assert first not in result.stdout
    assert first[: len(TODAY) + 4] in result.stdout


def test_requests_with_none_says_so(ledger: Path, run: Run) -> None:
    """No request: the table says `0 requests`, JSON is an empty list, CSV the header."""
    assert run("requests").stdout.startswith("0 requests")
    assert listed(run) == []
    assert run("requests", "--format", "csv").stdout.startswith("id,opened,by,title,status")


def test_requests_refuses_an_unknown_format(ledger: Path, run: Run) -> None:
    """--format takes table, json, csv or markdown."""
    result = run("requests", "--format", "jsn")
    assert result.exit_code == 2
    assert "did you mean 'json'?" in result.stderr


# --- YAML ledgers ---------------------------------------------------------------------------


def test_a_yaml_ledger_keeps_requests_in_yaml(git_repo: Path, run: Run) -> None:
    """With `storage = "yaml"`, requests and the exchanges of `done` are YAML files, edited
    in place; the whole flow checks clean."""
    assert run("init", "--team", "Y", "--storage", "yaml").exit_code == 0
    for handle in ("alice", "bob"):
        email = ["--email", f"{handle}@example.org"]
        assert run("member", "add", handle, *email, "--joined", "2026-01-05").exit_code == 0
    request_id = ask(run, "Need a hand", "--skill", "ci", "--as", "bob")
    path = git_repo / "requests" / f"{request_id}.yaml"
    assert path.exists()
    assert run("take", request_id).exit_code == 0
    result = run("done", request_id, "1h", "Done together")
    exchange_id = logged_id(result)
    import yaml

    record = yaml.safe_load(path.read_text(encoding="utf-8"))["request"][0]
    assert (record["status"], record["taken_by"], record["exchanges"]) == (
        "done",
        "alice",
        [exchange_id],
    )
    assert (git_repo / "exchanges" / "2026" / "03" / f"{exchange_id}.yaml").exists()
    assert run("check").exit_code == 0


def test_comments_in_a_request_file_are_kept(ledger: Path, run: Run) -> None:
    """A hand-written comment in a request file survives take and done."""
    request_id = ask(run, "Need a hand", "--as", "bob")
    path = request_file(ledger, request_id)
    path.write_text("# Asked at the Monday meeting\n" + path.read_text(encoding="utf-8"), "utf-8")
    assert run("take", request_id).exit_code == 0
    assert run("done", request_id).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# Asked at the Monday meeting\n")
