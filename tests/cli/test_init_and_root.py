"""`aidledger init`, and how every command finds the data folder."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path

import pytest

from aidledger.store.files import PRIVATE_IGNORE
from tests.cli.helpers import COMMITTED_PRIVATE_FILES, private_files_git_sees, snapshot
from tests.conftest import REPOSITORY, Run, git

CHARTERS = REPOSITORY / "charters"
# The first line of every charter.toml init writes: where editors find its schema.
CHARTER_DIRECTIVE = "#:schema .aidledger/schema/charter.schema.json\n"


def test_init_creates_the_data_folder(git_repo: Path, run: Run) -> None:
    """init lays out aidledger.toml, charter.toml, members.toml, requests/ and exchanges/."""
    result = run("init", "--team", "Platform team")
    assert result.exit_code == 0, result.stderr
    settings = tomllib.loads((git_repo / "aidledger.toml").read_text())
    assert settings == {
        "format_version": 1,
        "team": "Platform team",
        "storage": "toml",
        "started": datetime.date(2026, 3, 10),
    }
    assert (git_repo / "charter.toml").read_text() == (
        CHARTER_DIRECTIVE + (CHARTERS / "default.toml").read_text()
    )
    members = tomllib.loads((git_repo / "members.toml").read_text())
    assert members.get("member", []) == []
    assert (git_repo / "requests").is_dir()
    assert (git_repo / "exchanges").is_dir()
    assert "aidledger member add" in result.stdout


def test_init_in_a_named_folder(git_repo: Path, run: Run) -> None:
    """init DIR makes the folder, and the ledger there is usable with --root."""
    result = run("init", "aid/ledger", "--team", "Platform team")
    assert result.exit_code == 0, result.stderr
    folder = git_repo / "aid" / "ledger"
    assert (folder / "aidledger.toml").is_file()
    assert not (git_repo / "aidledger.toml").exists()
    assert run("--root", str(folder), "member", "list").exit_code == 0


@pytest.mark.parametrize("charter", ["default", "strict"])
def test_init_refuses_an_existing_ledger(git_repo: Path, run: Run, charter: str) -> None:
    """A second init exits 2 and changes nothing, not even a hand-edited file."""
    assert run("init", "--team", "Platform team").exit_code == 0
    members = git_repo / "members.toml"
    members.write_text(members.read_text() + "# edited by hand\n")
    before = snapshot(git_repo)
    result = run("init", "--team", "Another team", "--charter", charter)
    assert result.exit_code == 2
    assert "already" in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(git_repo) == before


@pytest.mark.parametrize("template", ["default", "small-team", "strict"])
def test_init_with_a_template(git_repo: Path, run: Run, template: str) -> None:
    """--charter NAME copies that template from charters/."""
    result = run("init", "--team", "Platform team", "--charter", template)
    assert result.exit_code == 0, result.stderr
    expected = CHARTER_DIRECTIVE + (CHARTERS / f"{template}.toml").read_text()
    assert (git_repo / "charter.toml").read_text() == expected


def test_init_with_a_charter_path(git_repo: Path, tmp_path: Path, run: Run) -> None:
    """--charter PATH copies a team's own charter file as it is."""
    own = tmp_path / "our-charter.toml"
    own.write_text('# Ours.\n[charter]\ntitle = "Our charter"\n\n[rules]\nwindow_days = 60\n')
    result = run("init", "--team", "Platform team", "--charter", str(own))
    assert result.exit_code == 0, result.stderr
    assert (git_repo / "charter.toml").read_text() == CHARTER_DIRECTIVE + own.read_text()


def test_init_with_an_unknown_template(git_repo: Path, run: Run) -> None:
    """An unknown template is a sentence naming the templates; nothing is created."""
    before = snapshot(git_repo)
    result = run("init", "--team", "Platform team", "--charter", "anarchy")
    assert result.exit_code == 2
    assert "no charter template 'anarchy'" in result.stderr
    assert all(name in result.stderr for name in ("default", "small-team", "strict"))
    assert "Traceback" not in result.stderr
    assert snapshot(git_repo) == before
    assert not (git_repo / "aidledger.toml").exists()


def test_init_with_an_invalid_charter_file(git_repo: Path, tmp_path: Path, run: Run) -> None:
    """A charter file with a mistake is refused with its line; nothing is created."""
    own = tmp_path / "our-charter.toml"
    own.write_text('[charter]\ntitle = "Ours"\n\n[rules]\nwindow_days = "ninety"\n')
    result = run("init", "--team", "Platform team", "--charter", str(own))
    assert result.exit_code == 2
    assert ":5: rules.window_days: expected a whole number" in result.stderr
    assert not (git_repo / "aidledger.toml").exists()
    assert not (git_repo / "charter.toml").exists()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-01-05", datetime.date(2026, 1, 5)),
        ("yesterday", datetime.date(2026, 3, 9)),
        ("4w", datetime.date(2026, 2, 10)),
        ("today", datetime.date(2026, 3, 10)),
    ],
)
def test_init_started_option(git_repo: Path, run: Run, text: str, day: datetime.date) -> None:
    """--started takes any date the one date parser reads, up to today, and writes it."""
    result = run("init", "--team", "Platform team", "--started", text)
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads((git_repo / "aidledger.toml").read_text())["started"] == day
    assert run("member", "list").exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "--started: cannot read the date '2026-02-30'"),
        ("soon", "--started: cannot read the date 'soon'"),
        ("1066-10-14", "--started: the date '1066-10-14': 1066-10-14 is out of range"),
        ("2026-03-11", "--started 2026-03-11 is in the future (today is 2026-03-10); "),
        ("2999-01-01", "--started 2999-01-01 is in the future (today is 2026-03-10); "),
    ],
)
def test_init_refuses_a_bad_started_day(git_repo: Path, run: Run, text: str, message: str) -> None:
    """A --started that cannot be read, or after today, is a sentence, exit 2, nothing made."""
    before = snapshot(git_repo)
    result = run("init", "--team", "Platform team", "--started", text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(git_repo) == before


def _set_started(root: Path, line: str) -> None:
    settings = root / "aidledger.toml"
    kept = [row for row in settings.read_text().splitlines() if not row.startswith("started")]
    settings.write_text("\n".join([*kept, line]) + "\n")


def test_a_folder_without_started_keeps_working(ledger: Path, run: Run) -> None:
    """A ledger made before `started` existed is read as before."""
    _set_started(ledger, "")
    assert "started" not in (ledger / "aidledger.toml").read_text()
    assert run("member", "list").exit_code == 0
    assert run("check").exit_code in (0, 1)


def test_a_start_day_after_tomorrow_is_a_problem_in_aidledger_toml(ledger: Path, run: Run) -> None:
    """`started` beyond the day of grace is reported in aidledger.toml, exit 2."""
    _set_started(ledger, "started = 2026-03-12")
    result = run("check")
    assert result.exit_code == 2
    assert (
        "aidledger.toml:6: the start date 2026-03-12 is in the future (today is 2026-03-10)"
        in result.stdout
    )


def test_a_start_day_of_tomorrow_is_accepted(ledger: Path, run: Run) -> None:
    """A writer one day ahead may write tomorrow's date as `started`."""
    _set_started(ledger, "started = 2026-03-11")
    assert run("check").exit_code in (0, 1)


def test_root_is_found_from_a_subfolder(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From deep inside the repository, commands find the ledger above and write there."""
    deep = ledger / "src" / "service"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run(
        "log", "--helper", "alice", "--helped", "bob", "30m", "Review", "--date", "2026-03-02"
    )
    assert result.exit_code == 0, result.stderr
    assert len(list((ledger / "exchanges" / "2026" / "03").glob("*.toml"))) == 1
    assert not (deep / "exchanges").exists()


def _handles(result_stdout: str) -> list[str]:
    return [member["handle"] for member in json.loads(result_stdout)]


def test_root_option(
    ledger: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--root works before the command and after it, from outside the ledger."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    before = run("--root", str(ledger), "member", "list", "--format", "json")
    after = run("member", "list", "--format", "json", "--root", str(ledger))
    assert before.exit_code == after.exit_code == 0
    assert _handles(before.stdout) == _handles(after.stdout) == ["alice", "bob", "carol"]


def test_root_variable(
    ledger: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AIDLEDGER_ROOT points to the ledger from anywhere; --root wins over it."""
    monkeypatch.chdir(tmp_path)
    result = run("member", "list", "--format", "json", env={"AIDLEDGER_ROOT": str(ledger)})
    assert result.exit_code == 0, result.stderr
    assert _handles(result.stdout) == ["alice", "bob", "carol"]
    overridden = run(
        "member",
        "list",
        "--format",
        "json",
        "--root",
        str(ledger),
        env={"AIDLEDGER_ROOT": str(tmp_path)},
    )
    assert overridden.exit_code == 0, overridden.stderr


def test_root_variable_without_a_ledger(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AIDLEDGER_ROOT naming a folder with no ledger says how to make one."""
    monkeypatch.chdir(tmp_path)
    result = run("balance", env={"AIDLEDGER_ROOT": str(tmp_path)})
    assert result.exit_code == 2
    assert "aidledger init" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("balance",),
        ("check",),
        ("exchanges",),
        ("member", "list"),
        ("member", "add", "dora"),
        ("log", "--helper", "alice", "--helped", "bob", "30m", "Review"),
        ("thanks", "alice", "30m", "Review", "--as", "bob"),
        ("confirm", "2026-03-02-alice-bob-abc123"),
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_no_root_names_init(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """Outside any ledger, every command exits 2 with a sentence naming `aidledger init`."""
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert "aidledger init" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_init_that_cannot_finish_leaves_nothing_behind(git_repo: Path, run: Run) -> None:
    """A file where exchanges/ should go stops init before it writes anything."""
    target = git_repo / "team"
    target.mkdir()
    (target / "exchanges").write_text("", encoding="utf-8")
    result = run("init", "team", "--team", "T")
    assert result.exit_code == 2
    assert "is a file, where a folder is needed" in result.stderr
    assert sorted(path.name for path in target.iterdir()) == ["exchanges"]


def test_init_refuses_a_hand_written_charter_in_the_way(git_repo: Path, run: Run) -> None:
    """An existing charter.toml is never silently kept or overwritten."""
    (git_repo / "charter.toml").write_text("# ours\n", encoding="utf-8")
    result = run("init", "--team", "T", "--charter", "strict")
    assert result.exit_code == 2
    assert "charter.toml already exists" in result.stderr
    assert (git_repo / "charter.toml").read_text(encoding="utf-8") == "# ours\n"
    assert not (git_repo / "aidledger.toml").exists()


def test_init_keeps_its_temporary_files_where_git_does_not_look(git_repo: Path, run: Run) -> None:
    """init writes through `.aidledger/tmp/`, which git ignores, and leaves no file beside."""
    assert run("init", "--team", "Testers").exit_code == 0
    assert (git_repo / ".aidledger" / ".gitignore").read_bytes() == PRIVATE_IGNORE
    status = git(git_repo, "status", "--porcelain", "--untracked-files=all")
    assert private_files_git_sees(status) == COMMITTED_PRIVATE_FILES
    assert ".tmp" not in status
