"""`init --storage yaml`: a ledger whose records are YAML, from the first exchange on."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import yaml

from tests.cli.helpers import logged_id
from tests.conftest import Run


def _yaml_ledger(run: Run) -> None:
    assert run("init", "--team", "Testers", "--storage", "yaml").exit_code == 0
    for handle in ("alice", "bob", "carol"):
        added = run(
            "member", "add", handle, "--email", f"{handle}@example.org", "--joined", "2026-01-05"
        )
        assert added.exit_code == 0, added.stderr


def test_init_writes_yaml_storage(git_repo: Path, run: Run) -> None:
    """aidledger.toml says storage = "yaml"; the settings, charter and members stay TOML."""
    _yaml_ledger(run)
    settings = tomllib.loads((git_repo / "aidledger.toml").read_text(encoding="utf-8"))
    assert settings["storage"] == "yaml"
    assert (git_repo / "charter.toml").is_file()
    members = tomllib.loads((git_repo / "members.toml").read_text(encoding="utf-8"))
    assert [member["handle"] for member in members["member"]] == ["alice", "bob", "carol"]


def test_init_refuses_an_unknown_storage(git_repo: Path, run: Run) -> None:
    """--storage json is a usage error, exit 2, and nothing is written."""
    result = run("init", "--team", "Testers", "--storage", "json")
    assert result.exit_code == 2
    assert "choose toml or yaml" in result.stderr
    assert not (git_repo / "aidledger.toml").exists()


def test_log_thanks_confirm_check_end_to_end(git_repo: Path, run: Run) -> None:
    """In a YAML ledger, log and thanks write .yaml files; confirm edits them; check passes."""
    _yaml_ledger(run)
    logged = logged_id(
        run("log", "--helper", "alice", "--helped", "bob", "1h", "CI", "--date", "2026-03-02")
    )
    thanked = logged_id(run("thanks", "carol", "30m", "Review", "--date", "2026-03-03"))
    files = sorted(
        path.name for path in (git_repo / "exchanges").rglob("*.*") if path.stem != ".gitkeep"
    )
    assert files == sorted([f"{logged}.yaml", f"{thanked}.yaml"])
    assert not list((git_repo / "exchanges").rglob("*.toml"))
    confirmed = run("confirm", logged, "--as", "bob", "--useful", "5")
    assert confirmed.exit_code == 0, confirmed.stderr
    path = git_repo / "exchanges" / "2026" / "03" / f"{logged}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["exchange"][0]
    assert record["confirmation"]["useful"] == 5
    check = run("check", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["errors"] == []


def test_group_help_confirmed_by_each_person_in_yaml(git_repo: Path, run: Run) -> None:
    """In a YAML ledger, each person of a group confirms in `confirmations`; the first
    person's lines stay as written when the second confirms."""
    _yaml_ledger(run)
    logged = logged_id(
        run("log", "--helped", "bob", "--helped", "carol", "1h", "CI: the cache", "--as", "alice")
    )
    path = git_repo / "exchanges" / "2026" / "03" / f"{logged}.yaml"
    assert run("confirm", logged, "--as", "carol", "--useful", "4").exit_code == 0
    first = path.read_text(encoding="utf-8")
    assert run("confirm", logged, "--as", "bob", "--note", "It: works").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(first)
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["exchange"][0]
    assert [
        (given["by"], given.get("useful"), given.get("note")) for given in record["confirmations"]
    ] == [
        ("carol", 4, None),
        ("bob", None, "It: works"),
    ]
    listed = json.loads(run("exchanges", "--format", "json").stdout)
    assert listed[0]["confirmed"] is True
    assert run("check").exit_code == 0
