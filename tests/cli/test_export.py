"""`aidledger export`: journals that hledger and beancount read with the figures of `balance`,
and CSV and JSON Lines with one exchange per row; hostile text never breaks any of them."""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aidledger.render.journal import beancount_component, hledger_text
from aidledger.render.text import printable
from tests.cli.helpers import balance_json, logged_id
from tests.conftest import EXAMPLE, EXAMPLE_LAST_DAY, REPOSITORY, Run
from tests.docs.markdown import code_blocks
from tests.docs.session import matches
from tests.tools import required_tool, tool_environment

ROOT = ("--root", str(EXAMPLE))
PERIODS = [
    ("--until", EXAMPLE_LAST_DAY),
    ("--since", "2026-08-01", "--until", "2026-10-30"),
    ("--period", "2026-09"),
]
HLEDGER_HOW = "apt-get install hledger; .ci/run installs it"
BEAN_CHECK_HOW = "pip install -e '.[test]' installs beancount"

# Topics anyone on the team could push in a file: journal syntax, quotes, line breaks that
# would start a fake transaction, a formula, a workflow command, controls and other scripts.
HOSTILE_TOPICS = (
    "semi; colon ;; and | pipe | twice",
    '"quoted" \\ backslash \\" end\\',
    "first line\n2026-03-01 * fake\n    given:bob  -1000 PMIN\n    received:carol",
    "(a code) then text",
    "* starred ! banged",
    '=HYPERLINK("https://example.org") ##[error]x ::warning::y',
    "Zoë ☕ 日本語 \u0007bell \u202ertl\u202c \x1b[2J",
    'option "title" "owned"',
)


def _hostile_file(root: Path) -> None:
    """One exchange per hostile topic, as a file anyone could push, with a team name to match."""
    tables = []
    for number, topic in enumerate(HOSTILE_TOPICS):
        helper, helped = ("alice", '"bob", "carol"') if number % 2 else ("bob", '"alice"')
        tables.append(
            "[[exchange]]\n"
            f'id = "2026-03-0{number + 1}-{helper}-x{number}hstl"\n'
            f"date = 2026-03-0{number + 1}\n"
            f'helper = "{helper}"\n'
            f"helped = [{helped}]\n"
            f"minutes = {15 * (number + 1)}\n"
            f"topic = {json.dumps(topic)}\n"
            'mode = "pair"\n'
            'tags = ["c++", "a/b"]\n'
        )
    (root / "exchanges" / "hostile.toml").write_text("\n".join(tables), encoding="utf-8")
    settings = root / "aidledger.toml"
    text = settings.read_text(encoding="utf-8").replace('"Testers"', '"Zoë; \\"team\\"\\n|x"')
    settings.write_text(text, encoding="utf-8")


def exported(run: Run, output_format: str, *args: str) -> str:
    result = run("export", "--format", output_format, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def balance_figures(document: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(given, received) person-minutes of each member who took part, from balance JSON."""
    return {
        member["handle"]: (member["given_minutes"], member["received_minutes"])
        for member in document["members"]
        if member["given_minutes"] or member["received_minutes"]
    }


def _add(figures: dict[str, tuple[int, int]], handle: str, given: int, received: int) -> None:
    before = figures.get(handle, (0, 0))
    figures[handle] = (before[0] + given, before[1] + received)


def hledger_figures(journal: str) -> dict[str, tuple[int, int]]:
    """What the real `hledger bal given received` shows, per handle (given shown negative)."""
    hledger = required_tool("hledger", HLEDGER_HOW)
    command = ["bal", "given", "received", "--flat", "--no-total", "-O", "csv"]
    completed = subprocess.run(
        [hledger, "-f", "-", "--strict", *command],
        input=journal,
        capture_output=True,
        text=True,
        check=False,
        env=tool_environment(),
    )
    assert completed.returncode == 0, completed.stderr
    figures: dict[str, tuple[int, int]] = {}
    for account, amount in list(csv.reader(io.StringIO(completed.stdout)))[1:]:
        side, handle = account.split(":", 1)
        number, commodity = amount.split()
        assert commodity == "PMIN"
        if side == "given":
            _add(figures, handle, -int(number), 0)
        else:
            assert side == "received"
            _add(figures, handle, 0, int(number))
    return figures


def hledger_counts(journal: str) -> dict[str, tuple[int, int]]:
    """Exchanges given and received per handle: the postings `hledger reg` lists per account."""
    hledger = required_tool("hledger", HLEDGER_HOW)
    completed = subprocess.run(
        [hledger, "-f", "-", "reg", "given", "received", "-O", "csv"],
        input=journal,
        capture_output=True,
        text=True,
        check=False,
        env=tool_environment(),
    )
    assert completed.returncode == 0, completed.stderr
    counts: dict[str, tuple[int, int]] = {}
    for row in csv.DictReader(io.StringIO(completed.stdout)):
        side, handle = row["account"].split(":", 1)
        _add(counts, handle, int(side == "given"), int(side == "received"))
    return counts


def balance_counts(document: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {
        member["handle"]: (member["given_count"], member["received_count"])
        for member in document["members"]
        if member["given_count"] or member["received_count"]
    }


def hledger_descriptions(journal: str) -> list[str]:
    """The description of each transaction, as hledger read it."""
    hledger = required_tool("hledger", HLEDGER_HOW)
    completed = subprocess.run(
        [hledger, "-f", "-", "print", "-O", "csv"],
        input=journal,
        capture_output=True,
        text=True,
        check=False,
        env=tool_environment(),
    )
    assert completed.returncode == 0, completed.stderr
    rows = list(csv.DictReader(io.StringIO(completed.stdout)))
    return list(dict.fromkeys(row["description"] for row in rows))


def bean_check(ledger: str, folder: Path) -> None:
    """The real `bean-check` accepts the ledger: no error, exit 0."""
    program = required_tool("bean-check", BEAN_CHECK_HOW)
    path = folder / "export.beancount"
    path.write_text(ledger, encoding="utf-8")
    completed = subprocess.run(
        [program, str(path)], capture_output=True, text=True, check=False, env=tool_environment()
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == completed.stderr == ""


def beancount_entries(ledger: str) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str]]]:
    """Per-handle figures and (payee, narration) of each transaction, as beancount loads them;
    accounts map back to handles through the `handle` metadata of their `open`."""
    from beancount import loader
    from beancount.core import data

    entries, errors, _ = loader.load_string(ledger)
    assert errors == []
    handles = {
        entry.account: entry.meta["handle"] for entry in entries if isinstance(entry, data.Open)
    }
    figures: dict[str, tuple[int, int]] = {}
    texts: list[tuple[str, str]] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        texts.append((str(entry.payee), str(entry.narration)))
        for posting in entry.postings:
            assert posting.units is not None and posting.units.number is not None
            assert posting.units.currency == "PMIN"
            minutes = int(posting.units.number)
            handle = handles[posting.account]
            assert posting.account.split(":")[-1] == beancount_component(handle)
            if posting.account.startswith("Income:Given:"):
                _add(figures, handle, -minutes, 0)
            else:
                _add(figures, handle, 0, minutes)
    return figures, texts


def _lines(jsonl: str) -> list[dict[str, Any]]:
    assert jsonl.endswith("\n") or jsonl == ""
    documents: list[dict[str, Any]] = [json.loads(line) for line in jsonl.splitlines()]
    return documents


def summed(rows: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Given and received person-minutes from export rows: `person_minutes` per helper,
    `minutes` per person credited."""
    figures: dict[str, tuple[int, int]] = {}
    for row in rows:
        _add(figures, row["helper"], int(row["person_minutes"]), 0)
        credited = row["credited"]
        for handle in credited.split(";") if isinstance(credited, str) else credited:
            _add(figures, handle, 0, int(row["minutes"]))
    return figures


# --- the example team, with the real tools ---------------------------------------------------


@pytest.mark.parametrize("period", PERIODS, ids=" ".join)
def test_hledger_balances_are_the_balance_figures(
    run: Run, monkeypatch: pytest.MonkeyPatch, period: tuple[str, ...]
) -> None:
    """`hledger bal given received` on the export shows each member's given (negated) and
    received person-minutes exactly as `aidledger balance --format json`, and `hledger reg`
    one posting per exchange given or received, as its counts."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    result = run(*ROOT, "export", "--format", "hledger", *period)
    assert result.exit_code == 0, result.stderr
    journal = result.stdout
    document = balance_json(run, *ROOT, *period)
    expected = balance_figures(document)
    assert expected
    assert hledger_figures(journal) == expected
    assert hledger_counts(journal) == balance_counts(document)


def test_beancount_export_passes_bean_check_with_the_balance_figures(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The real `bean-check` accepts the beancount export, whose accounts sum to `balance`."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    period = ("--since", "2026-08-01")
    result = run(*ROOT, "export", "--format", "beancount", *period)
    assert result.exit_code == 0, result.stderr
    bean_check(result.stdout, tmp_path)
    figures, _ = beancount_entries(result.stdout)
    assert figures == balance_figures(balance_json(run, *ROOT, *period))


def test_csv_and_jsonl_sum_to_the_balance_figures(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Summing `person_minutes` per helper and `minutes` per person credited, in either
    format, gives `balance`; one row per exchange counted, as many as `balance` counts."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    period = ("--period", "2026-Q3")
    document = balance_json(run, *ROOT, *period)
    lines = _lines(run(*ROOT, "export", "--format", "jsonl", *period).stdout)
    rows = list(
        csv.DictReader(io.StringIO(run(*ROOT, "export", "--format", "csv", *period).stdout))
    )
    assert len(lines) == len(rows) == document["team"]["exchanges"] > 0
    assert summed(lines) == summed(rows) == balance_figures(document)
    assert {line["team"] for line in lines} == {row["team"] for row in rows} == {"Riverside"}


def test_jsonl_lines_are_the_exchanges_json_items(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line is the item `exchanges --format json` lists, plus `team`, `credited` and
    `person_minutes`; the CSV's first columns are those of `exchanges --format csv`."""
    monkeypatch.setenv("AIDLEDGER_TODAY", EXAMPLE_LAST_DAY)
    period = ("--period", "2026-10")
    listed = json.loads(run(*ROOT, "exchanges", "--format", "json", *period).stdout)
    lines = _lines(run(*ROOT, "export", "--format", "jsonl", *period).stdout)
    assert [{key: line[key] for key in listed[0]} for line in lines] == listed
    assert list(lines[0])[len(listed[0]) :] == ["team", "credited", "person_minutes"]
    for line in lines:
        assert line["credited"] == line["helped"]  # the example counts unconfirmed help
        assert line["person_minutes"] == line["minutes"] * len(line["helped"])
    exchanges_csv = run(*ROOT, "exchanges", "--format", "csv", *period).stdout.splitlines()
    export_csv = run(*ROOT, "export", "--format", "csv", *period).stdout.splitlines()
    assert len(exchanges_csv) == len(export_csv)
    for mine, theirs in zip(export_csv, exchanges_csv, strict=True):
        assert mine.startswith(theirs + ",")


# --- what counts: the charter's count_unconfirmed ---------------------------------------------


@pytest.fixture
def group_ledger(ledger: Path, run: Run) -> Path:
    """alice helped bob and carol (bob confirmed), bob helped alice (unconfirmed), and carol
    thanked by alice: one exchange confirmed, one partly, one not at all."""
    group = logged_id(
        run("log", "--as", "alice", "--helped", "bob", "--helped", "carol", "1h", "Pairing",
            "--date", "2026-03-02")
    )  # fmt: skip
    assert run("confirm", group, "--as", "bob", "--useful", "4").exit_code == 0
    logged_id(
        run("log", "--as", "bob", "--helped", "alice", "30m", "Review", "--date", "2026-03-03")
    )
    logged_id(run("thanks", "carol", "45m", "Deploy", "--as", "alice", "--date", "2026-03-04"))
    return ledger


def _only_confirmed(root: Path) -> None:
    charter = root / "charter.toml"
    text = charter.read_text(encoding="utf-8")
    assert "count_unconfirmed = true" in text
    charter.write_text(text.replace("count_unconfirmed = true", "count_unconfirmed = false"))


@pytest.mark.parametrize("only_confirmed", [False, True], ids=["all", "confirmed-only"])
def test_every_format_counts_what_balance_counts(
    run: Run, group_ledger: Path, tmp_path: Path, only_confirmed: bool
) -> None:
    """Under either setting of count_unconfirmed, every format gives the figures of
    `balance`: a group exchange counts once per person helped, or per person who confirmed."""
    if only_confirmed:
        _only_confirmed(group_ledger)
    expected = balance_figures(balance_json(run))
    lines = _lines(exported(run, "jsonl"))
    rows = list(csv.DictReader(io.StringIO(exported(run, "csv"))))
    assert summed(lines) == summed(rows) == expected
    journal = exported(run, "hledger")
    ledger_text = exported(run, "beancount")
    assert hledger_figures(journal) == expected
    bean_check(ledger_text, tmp_path)
    assert beancount_entries(ledger_text)[0] == expected
    group = next(line for line in lines if line["topic"] == "Pairing")
    assert group["helped"] == ["bob", "carol"]
    assert group["credited"] == (["bob"] if only_confirmed else ["bob", "carol"])
    assert group["person_minutes"] == 60 * len(group["credited"])
    assert {line["topic"] for line in lines} == (
        {"Pairing", "Deploy"} if only_confirmed else {"Pairing", "Review", "Deploy"}
    )


def test_journals_flag_confirmed_help_cleared_and_the_rest_pending(
    run: Run, group_ledger: Path
) -> None:
    """`*` marks an exchange everyone counted has confirmed, `!` one still waiting."""
    journal = exported(run, "hledger")
    flags = {
        line.split(" | ", 1)[1].split("  ;")[0]: line.split()[1]
        for line in journal.splitlines()
        if line[:4].isdigit()
    }
    assert flags == {"Pairing": "!", "Review": "!", "Deploy": "*"}
    _only_confirmed(group_ledger)
    assert "2026-03-02 * (" in exported(run, "hledger")
    assert '2026-03-02 * "alice" "Pairing"' in exported(run, "beancount")


# --- hostile text -----------------------------------------------------------------------------


def test_hostile_topics_do_not_break_the_hledger_journal(run: Run, ledger: Path) -> None:
    """hledger reads every hostile topic as the description it is: one transaction each,
    the topic on one line with `;` as `,`, and the balances unchanged."""
    _hostile_file(ledger)
    journal = exported(run, "hledger")
    assert hledger_figures(journal) == balance_figures(balance_json(run))
    descriptions = hledger_descriptions(journal)
    assert len(descriptions) == len(HOSTILE_TOPICS)
    for description, topic in zip(descriptions, HOSTILE_TOPICS, strict=True):
        payee, _, text = description.partition(" | ")
        assert payee in ("alice", "bob")
        assert text == hledger_text(topic).replace("##[", "##\u200b[")
        assert ";" not in text


def test_hostile_topics_do_not_break_the_beancount_ledger(
    run: Run, ledger: Path, tmp_path: Path
) -> None:
    """bean-check accepts hostile topics and team names, and beancount reads each topic back
    exactly as one printable line: quotes and backslashes escaped, nothing else lost."""
    _hostile_file(ledger)
    ledger_text = exported(run, "beancount")
    bean_check(ledger_text, tmp_path)
    figures, texts = beancount_entries(ledger_text)
    assert figures == balance_figures(balance_json(run))
    assert [narration for _, narration in texts] == [
        printable(topic).replace("##[", "##\u200b[") for topic in HOSTILE_TOPICS
    ]
    options = [line for line in ledger_text.splitlines() if line.startswith("option")]
    assert options == ['option "title" "Zoë; \\"team\\" |x"', 'option "operating_currency" "PMIN"']


def test_hostile_topics_stay_data_in_csv_and_jsonl(run: Run, ledger: Path) -> None:
    """JSON Lines keep every topic exactly, one ASCII line each; CSV neutralises formulas."""
    _hostile_file(ledger)
    jsonl = exported(run, "jsonl")
    assert jsonl.isascii()
    assert "##[" not in jsonl
    lines = _lines(jsonl)
    assert [line["topic"] for line in lines] == list(HOSTILE_TOPICS)
    assert {line["team"] for line in lines} == {'Zoë; "team"\n|x'}
    rows = list(csv.DictReader(io.StringIO(exported(run, "csv"))))
    assert len(rows) == len(HOSTILE_TOPICS)
    formula = next(row["topic"] for row in rows if "HYPERLINK" in row["topic"])
    assert formula.startswith("'=")
    assert all("\n" not in value for row in rows for value in row.values())


# --- options ----------------------------------------------------------------------------------


def test_period_and_its_refusals_are_those_of_balance(run: Run, group_ledger: Path) -> None:
    """--period, --since and --until read as `balance` reads them, with the same refusals;
    the ledger is exported as it stood on --until."""
    lines = _lines(exported(run, "jsonl", "--period", "2026-03"))
    assert len(lines) == 3
    assert _lines(exported(run, "jsonl", "--since", "2026-03-03")) == lines[1:]
    # As `balance`, the ledger as it stood on --until: bob's confirmation came later.
    early = _lines(exported(run, "jsonl", "--until", "2026-03-02"))
    assert [line["id"] for line in early] == [lines[0]["id"]]
    assert lines[0]["confirmations"] and not early[0]["confirmations"]
    combined = run("export", "--format", "csv", "--period", "2026-03", "--since", "2026-03-01")
    assert combined.exit_code == 2
    assert "--period cannot be combined with --since" in combined.stderr
    future = run("export", "--format", "csv", "--until", "2026-04-01")
    assert future.exit_code == 2
    assert "in the future" in future.stderr
    reversed_period = run(
        "export", "--format", "jsonl", "--since", "2026-03-05", "--until", "2026-03-01"
    )
    assert reversed_period.exit_code == 2


def test_format_is_required_and_a_typo_names_the_nearest(run: Run, ledger: Path) -> None:
    """No --format, or a misspelt one, is a usage error (exit 2) that says what to write."""
    missing = run("export")
    assert missing.exit_code == 2
    assert "--format" in missing.stderr
    typo = run("export", "--format", "hleger")
    assert typo.exit_code == 2
    assert "hledger" in typo.stderr


def test_an_empty_period_exports_empty_valid_files(run: Run, ledger: Path, tmp_path: Path) -> None:
    """With nothing to export, each format is still valid: a header, declarations, or nothing."""
    assert exported(run, "jsonl") == ""
    assert exported(run, "csv").count("\n") == 1
    assert hledger_figures(exported(run, "hledger")) == {}
    bean_check(exported(run, "beancount"), tmp_path)


# --- handles as beancount accounts ------------------------------------------------------------

ODD_HANDLES = ("jean.luc", "jean_luc", "jean-luc", "jean-dot-luc", "9lives", "x.", "a_-.b")


def test_every_handle_is_a_distinct_beancount_account(tmp_path: Path) -> None:
    """Handles with `.`, `_`, `-`, a leading digit or a trailing mark become distinct
    accounts that bean-check accepts, each mapped back by its `handle` metadata."""
    from aidledger.engine.balance import compute_balances
    from aidledger.render.journal import render_beancount, render_hledger
    from tests.unit.make import exchange

    exchanges = [
        exchange(
            id=f"2026-03-0{number + 1}-x-y-odd{number:03d}",
            date=date(2026, 3, number + 1),
            helper=helper,
            helped=[ODD_HANDLES[(number + 1) % len(ODD_HANDLES)], "bob"],
            minutes=10 * (number + 1),
        )
        for number, helper in enumerate(ODD_HANDLES)
    ]
    components = [beancount_component(handle) for handle in ODD_HANDLES]
    assert len(set(components)) == len(ODD_HANDLES)
    ledger_text = render_beancount(exchanges, team="Odd", period="March")
    bean_check(ledger_text, tmp_path)
    balances = compute_balances(exchanges)
    expected = {
        member.handle: (int(member.given_minutes), int(member.received_minutes))
        for member in balances.members
    }
    assert beancount_entries(ledger_text)[0] == expected
    assert hledger_figures(render_hledger(exchanges, team="Odd", period="March")) == expected


# --- the hledger commands docs/exports.md suggests ----------------------------------------------


def test_the_documented_hledger_commands_run_and_show_what_the_page_shows(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every `hledger` line of docs/exports.md runs on the October export of the example,
    and `hledger bal given received` prints what the page shows."""
    hledger = required_tool("hledger", HLEDGER_HOW)
    monkeypatch.setenv("AIDLEDGER_TODAY", "2026-11-27")
    journal = run(*ROOT, "export", "--format", "hledger", "--period", "2026-10")
    assert journal.exit_code == 0, journal.stderr
    (tmp_path / "aid.journal").write_text(journal.stdout, encoding="utf-8")
    blocks = code_blocks(REPOSITORY / "docs" / "exports.md")
    commands = [
        shlex.split(line, comments=True)
        for block in blocks
        if block.language == "sh"
        for line in block.text.splitlines()
        if line.startswith("hledger ")
    ]
    assert len(commands) >= 5
    outputs = {}
    for words in commands:
        completed = subprocess.run(
            [hledger, *words[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env=tool_environment(),
        )
        assert completed.returncode == 0, f"{shlex.join(words)}: {completed.stderr}"
        outputs[shlex.join(words[1:])] = completed.stdout
    shown = next(
        block.text for block in blocks if block.language == "" and "given:kim" in block.text
    )
    assert matches(shown.strip("\n"), outputs["-f aid.journal bal given received"])
