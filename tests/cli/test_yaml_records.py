"""YAML record files: written when aidledger.toml asks for them, read safely, confirmed in place."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import yaml

from aidledger.store.parse import load_yaml
from tests.cli.helpers import balance_json, by_handle, logged_id
from tests.conftest import Run

HAND_WRITTEN = """\
# Written by hand: `on` is a key and `no` is a topic, not booleans.
exchange:
  - id: 2026-03-02-alice-bob-y4m1l0
    date: 2026-03-02
    helper: alice
    helped: [bob]
    minutes: 45
    topic: no
    mode: taught
    confirmation:
      by: bob
      on: 2026-03-03
      useful: 4
  - id: 2026-03-03-bob-carol-y4m1l1
    date: 2026-03-03
    helper: bob
    helped: [carol]
    minutes: 30
    topic: Release notes
    mode: advice
"""


def yaml_ledger(root: Path) -> None:
    settings = root / "aidledger.toml"
    settings.write_text(settings.read_text().replace('storage = "toml"', 'storage = "yaml"'))


def test_new_records_in_yaml(ledger: Path, run: Run) -> None:
    """With storage = "yaml", log writes exchanges/YYYY/MM/<id>.yaml that reads back the same."""
    yaml_ledger(ledger)
    exchange_id = logged_id(
        run("log", "--helper", "alice", "--helped", "bob", "1h", "CI", "--date", "2026-03-02")
    )
    path = ledger / "exchanges" / "2026" / "03" / f"{exchange_id}.yaml"
    record = yaml.safe_load(path.read_text())["exchange"][0]
    assert record["minutes"] == 60
    assert record["helped"] == ["bob"]
    assert run("confirm", exchange_id, "--as", "bob", "--useful", "5").exit_code == 0
    confirmed = yaml.safe_load(path.read_text())["exchange"][0]
    assert confirmed["confirmation"] == {
        "by": "bob",
        "on": datetime.date(2026, 3, 10),
        "useful": 5,
        "by_email": "alice@example.org",  # alice's git identity acted as bob
    }
    assert run("check", "--as-of", "2026-03-10").exit_code in (0, 1)


def test_hand_written_yaml_is_read_as_written(ledger: Path, run: Run) -> None:
    """`on:` stays a key and `no` stays text (YAML 1.2 booleans), so the file is valid."""
    folder = ledger / "exchanges" / "2026" / "03"
    folder.mkdir(parents=True)
    (folder / "hand.yml").write_text(HAND_WRITTEN)
    check = run("check", "--as-of", "2026-03-10", "--format", "json")
    assert json.loads(check.stdout)["errors"] == []
    listed = json.loads(run("exchanges", "--format", "json").stdout)
    assert [exchange["topic"] for exchange in listed] == ["no", "Release notes"]
    rows = by_handle(balance_json(run))
    assert rows["bob"]["received_minutes"] == 45
    assert rows["carol"]["received_minutes"] == 30


def test_confirm_in_a_hand_written_yaml_file(ledger: Path, run: Run) -> None:
    """Confirming one exchange of a YAML file keeps the other's `on` a date and `no` text."""
    folder = ledger / "exchanges" / "2026" / "03"
    folder.mkdir(parents=True)
    path = folder / "hand.yml"
    path.write_text(HAND_WRITTEN)
    result = run("confirm", "2026-03-03-bob-carol-y4m1l1", "--as", "carol")
    assert result.exit_code == 0, result.stderr
    text = path.read_text()
    untouched = HAND_WRITTEN[: HAND_WRITTEN.index("  - id: 2026-03-03")]
    assert text.startswith(untouched)
    first, second = load_yaml(text)["exchange"]
    assert first["topic"] == "no"
    assert first["confirmation"] == {"by": "bob", "on": datetime.date(2026, 3, 3), "useful": 4}
    assert second["confirmation"] == {
        "by": "carol",
        "on": datetime.date(2026, 3, 10),
        "by_email": "alice@example.org",
    }
    assert json.loads(run("check", "--format", "json").stdout)["errors"] == []


def test_yaml_topic_with_a_line_separator_reads_back(ledger: Path, run: Run) -> None:
    """A topic holding NEL (U+0085) is written so that it reads back exactly."""
    yaml_ledger(ledger)
    topic = "Release\x85notes"
    exchange_id = logged_id(run("log", "--helper", "alice", "--helped", "bob", "30m", topic))
    listed = json.loads(run("exchanges", "--format", "json").stdout)
    assert [(exchange["id"], exchange["topic"]) for exchange in listed] == [(exchange_id, topic)]
