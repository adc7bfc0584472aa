"""Turn a table of commit-trailer help events into an aidledger data folder.

Each row of the TSV files in shared/data is one commit trailer: `author` was helped by
`helper`. Trailers carry no duration, so this converter chooses one per trailer kind
(MINUTES below) and a mode that fits it (MODES below).
"""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import tomli_w

from aidledger.store.write import dump_records

MINUTES = {"Helped-by": 30, "Mentored-by": 60, "Reviewed-by": 20, "Co-authored-by": 60}
MODES = {
    "Helped-by": "advice",
    "Mentored-by": "taught",
    "Reviewed-by": "advice",
    "Co-authored-by": "pair",
}
REPOSITORY = Path(__file__).resolve().parents[1]


def read_events(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        rows = [
            row for row in csv.DictReader(stream, delimiter="\t") if row["author"] != row["helper"]
        ]
    return rows[:limit] if limit else rows


def write_folder(rows: list[dict[str, str]], root: Path, *, packed: bool = False) -> int:
    """Write a data folder for the events; one file per exchange, or one per year if packed."""
    if root.exists():
        shutil.rmtree(root)
    (root / "exchanges").mkdir(parents=True)
    (root / "requests").mkdir()
    (root / "aidledger.toml").write_text(
        tomli_w.dumps({"format_version": 1, "team": "Trailers", "storage": "toml"}),
        encoding="utf-8",
    )
    shutil.copy(REPOSITORY / "charters" / "default.toml", root / "charter.toml")
    # Each person joins on the day of their first exchange: help is never before joining.
    joined: dict[str, str] = {}
    for row in rows:
        for handle in (row["author"], row["helper"]):
            joined[handle] = min(joined.get(handle, row["date"]), row["date"])
    members = [
        {"handle": handle, "joined": date.fromisoformat(day)} for handle, day in joined.items()
    ]
    (root / "members.toml").write_text(dump_records("member", members, "toml"), encoding="utf-8")
    by_year: dict[str, list[dict[str, object]]] = defaultdict(list)
    for index, row in enumerate(rows):
        day = date.fromisoformat(row["date"])
        record: dict[str, object] = {
            "id": f"{row['date']}-{row['helper']}-{row['author']}-{index:06d}",
            "date": day,
            "helper": row["helper"],
            "helped": [row["author"]],
            "minutes": MINUTES.get(row["key"], 30),
            "topic": f"{row['key']} trailer",
            "mode": MODES.get(row["key"], "advice"),
            "source": f"trailer:{row['key']}",
            "confirmation": {"by": row["author"], "on": day},
        }
        if packed:
            by_year[f"{day:%Y}"].append(record)
        else:
            folder = root / "exchanges" / f"{day:%Y}" / f"{day:%m}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{record['id']}.toml").write_text(
                dump_records("exchange", [record], "toml"), encoding="utf-8"
            )
    for year, records in by_year.items():
        (root / "exchanges" / f"{year}.toml").write_text(
            dump_records("exchange", records, "toml"), encoding="utf-8"
        )
    return len(rows)
