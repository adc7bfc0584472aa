"""Generate a synthetic aidledger data folder for the benchmark, the same for the same seed.

The team has 50 members over ten years (2016 to 2025). Giving is unequal, as in real
teams: a helper is drawn with Zipf-like weights (the member ranked k gives in proportion
to 1/k^1.1), so the top five give about half of the help; the helped are drawn evenly.
One exchange in twenty helps two people at once and carries a list of confirmations;
one in twenty is left unconfirmed. Each exchange is its own file,
`exchanges/YYYY/MM/<id>.toml`, written by the store's own writer (`dump_records`), as
`aidledger log` writes it. A folder is made once and re-used while its `synthetic.json`
names the same generator version, size and seed.
Run alone with `.venv/bin/python benchmarks/synthetic.py SIZE FOLDER`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import string
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from aidledger.store.write import dump_records

# Bump when the generated data changes, so that cached folders are made again.
GENERATOR_VERSION = 1
SEED = 20261201
MEMBERS = 50
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2025, 12, 31)
ZIPF_EXPONENT = 1.1
REPOSITORY = Path(__file__).resolve().parents[1]
STAMP_FILE = "synthetic.json"

# fmt: off
_HANDLES = (
    "ada", "alan", "anna", "ben", "bo", "cara", "chen", "dana", "dev", "eli",
    "emma", "femi", "gus", "hana", "ian", "ines", "ivo", "jade", "jon", "kai",
    "kim", "lea", "leo", "lin", "liv", "max", "mei", "mia", "nia", "noor",
    "ola", "omar", "pau", "raj", "ren", "rui", "sam", "sara", "tao", "tess",
    "theo", "uma", "val", "vera", "wen", "xia", "yara", "yusuf", "zoe", "zola",
)
# fmt: on
_TOPICS = (
    "Reviewing a pull request",
    "Debugging a flaky test",
    "Setting up the development environment",
    "Writing a migration",
    "Triaging a paging alert",
    "Profiling a slow endpoint",
    "Packaging the shared library",
    "Explaining the deployment pipeline",
    "Pairing on a refactor",
    "Drafting a design document",
)
_TAGS = ("python", "ci", "on-call", "review", "docs", "sql", "frontend", "infra")
_MINUTES = (15, 20, 30, 45, 60, 90, 120)
_MODES = ("taught", "pair", "did", "advice")
_SUFFIX = string.ascii_lowercase + string.digits


def handles() -> list[str]:
    """The 50 members' handles, in order of how much they give (the first gives most)."""
    return list(_HANDLES[:MEMBERS])


def _exchange(rng: random.Random, index: int, team: list[str], weights: list[float]) -> Any:
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
    helper = rng.choices(team, weights)[0]
    others = [handle for handle in team if handle != helper]
    helped = rng.sample(others, 2 if rng.random() < 0.05 else 1)
    suffix = "".join(rng.choices(_SUFFIX, k=6))
    record: dict[str, Any] = {
        "id": f"{day:%Y-%m-%d}-{helper}-{helped[0]}-{suffix}{index % 10}",
        "date": day,
        "helper": helper,
        "helped": helped,
        "minutes": rng.choice(_MINUTES),
        "topic": rng.choice(_TOPICS),
        "mode": rng.choice(_MODES),
        "tags": [rng.choice(_TAGS)],
        "logged_by": helper,
    }
    if rng.random() >= 0.05:
        on = min(day + timedelta(days=rng.randrange(4)), LAST_DAY)
        confirmations = [{"by": person, "on": on, "useful": rng.randint(3, 5)} for person in helped]
        if len(confirmations) == 1:
            record["confirmation"] = confirmations[0]
        else:
            record["confirmations"] = confirmations
    return record


def _write_settings(root: Path, team: list[str]) -> None:
    settings = {"format_version": 1, "team": "Synthetic", "storage": "toml", "started": FIRST_DAY}
    (root / "aidledger.toml").write_text(tomli_w.dumps(settings), encoding="utf-8")
    shutil.copy(REPOSITORY / "charters" / "default.toml", root / "charter.toml")
    members = [{"handle": handle, "joined": FIRST_DAY} for handle in team]
    (root / "members.toml").write_text(dump_records("member", members, "toml"), encoding="utf-8")
    (root / "requests").mkdir()


def generate(root: Path, exchanges: int, seed: int = SEED) -> None:
    """Write a data folder of `exchanges` exchanges at `root` (emptied first)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    team = handles()
    _write_settings(root, team)
    rng = random.Random(seed)
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, MEMBERS + 1)]
    folders: set[Path] = set()
    # Files look written an hour ago, as a ledger's history is: the record cache does not
    # keep entries for files changed in the last two seconds.
    an_hour_ago = time.time() - 3600
    for index in range(exchanges):
        record = _exchange(rng, index, team, weights)
        folder = root / "exchanges" / f"{record['date']:%Y}" / f"{record['date']:%m}"
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        path = folder / f"{record['id']}.toml"
        path.write_text(dump_records("exchange", [record], "toml"), encoding="utf-8")
        os.utime(path, (an_hour_ago, an_hour_ago))
    for path in (root / "aidledger.toml", root / "charter.toml", root / "members.toml"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    stamp = {"generator": GENERATOR_VERSION, "exchanges": exchanges, "seed": seed}
    # Written last: a folder whose generation was interrupted is never re-used.
    (root / STAMP_FILE).write_text(json.dumps(stamp), encoding="utf-8")


def is_current(root: Path, exchanges: int, seed: int = SEED) -> bool:
    """True when `root` holds a finished folder of this generator, size and seed."""
    try:
        stamp = json.loads((root / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(stamp == {"generator": GENERATOR_VERSION, "exchanges": exchanges, "seed": seed})


def ensure(root: Path, exchanges: int, seed: int = SEED) -> bool:
    """Make the folder unless a current one is there; True when it was made now."""
    if is_current(root, exchanges, seed):
        return False
    generate(root, exchanges, seed)
    return True


if __name__ == "__main__":
    generate(Path(sys.argv[2]), int(sys.argv[1]))
