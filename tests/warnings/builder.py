"""Small data folders for the warning tests, and the issue's formulas computed by hand.

A `Team` collects members, exchanges, requests and charter overrides, then writes a data
folder (`aidledger.toml`, `charter.toml` from `charters/default.toml`, `members.toml`,
`exchanges/`, `requests/`). `check_json` runs `aidledger check --format json` on it
through the CLI and returns the exit code and the warnings.

The formulas below (decay weight, smoothed give share, Wilson lower bound) are written
from the table of issue 3, not imported from the engine, so that the tests compare the
tool against the contract.
"""

from __future__ import annotations

import json
import math
import random
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
import tomli_w

from tests.conftest import REPOSITORY, Run

AS_OF = date(2026, 6, 30)
HALF_LIFE_DAYS = 90
DEFAULT_JOINED = date(2026, 5, 1)  # 60 days before AS_OF: too short for low-participation
LONG_AGO = date(2026, 1, 5)  # enough history for low-participation
DEFAULT_CHARTER = REPOSITORY / "charters" / "default.toml"
WORK_MINUTES_PER_WEEK = 2100
WILSON_Z = 1.6449  # the lower end of a two-sided 90% interval

Layout = Literal["monthly", "single", "yearly", "shuffled"]


def ago(days: int) -> date:
    """The day `days` days before AS_OF (0 is AS_OF itself)."""
    return AS_OF - timedelta(days=days)


def weight(day: date) -> float:
    """Issue 3: an exchange of age a days weighs 2^(-a/H)."""
    return float(2.0 ** (-(AS_OF - day).days / HALF_LIFE_DAYS))


def give_share(given: float, received: float) -> float:
    """Issue 3: p = (G + 60) / (G + R + 120)."""
    return (given + 60) / (given + received + 120)


def wilson(good: int, total: int, z: float = WILSON_Z) -> float:
    """The lower end of the Wilson score interval of good/total."""
    share = good / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


@dataclass
class Team:
    """A ledger under construction; every method returns the team, so calls chain."""

    joined: date = DEFAULT_JOINED
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    meetings: list[date] = field(default_factory=list)

    def member(
        self,
        handle: str,
        *,
        joined: date | None = None,
        left: date | None = None,
        budget: int | None = None,
    ) -> Team:
        record: dict[str, Any] = {"handle": handle, "joined": joined or self.joined}
        if budget is not None:
            record["budget_minutes_per_week"] = budget
        if left is not None:
            record["left"] = left
        self.members[handle] = record
        return self

    def give(
        self,
        helper: str,
        helped: str | Sequence[str],
        minutes: int,
        *,
        on: date,
        mode: str = "taught",
        topic: str | None = None,
        tags: Sequence[str] = (),
        useful: int | None = None,
        confirmed: bool = True,
    ) -> Team:
        """One exchange; its topic is unique unless given, so nothing repeats by accident."""
        people = [helped] if isinstance(helped, str) else list(helped)
        for handle in (helper, *people):
            if handle not in self.members:
                self.member(handle)
        number = len(self.exchanges) + 1
        record: dict[str, Any] = {
            "id": f"{on.isoformat()}-{helper}-{people[0]}-x{number:05d}",
            "date": on,
            "helper": helper,
            "helped": people,
            "minutes": minutes,
            "topic": topic or f"Topic number {number}",
            "mode": mode,
        }
        if tags:
            record["tags"] = list(tags)
        if confirmed or useful is not None:
            confirmation: dict[str, Any] = {"by": people[0], "on": on}
            if useful is not None:
                confirmation["useful"] = useful
            record["confirmation"] = confirmation
        self.exchanges.append(record)
        return self

    def request(
        self,
        by: str,
        *,
        opened: date,
        status: str = "open",
        taken_by: str | None = None,
        closed: date | None = None,
    ) -> Team:
        if by not in self.members:
            self.member(by)
        record: dict[str, Any] = {
            "id": f"{opened.isoformat()}-{by}-r{len(self.requests) + 1:05d}",
            "opened": opened,
            "by": by,
            "title": f"Need a hand with thing {len(self.requests) + 1}",
            "status": status,
        }
        if taken_by is not None:
            record["taken_by"] = taken_by
        if closed is not None:
            record["closed"] = closed
        self.requests.append(record)
        return self

    def meeting(self, *days: date) -> Team:
        """Exchange meetings held on these days (`meetings/<date>.toml`)."""
        self.meetings += days
        return self

    def disable(self, *warning_ids: str) -> Team:
        for warning_id in warning_ids:
            self.overrides.setdefault(warning_id, {})["enabled"] = False
        return self

    def levels(self, warning_id: str, **levels: float | bool) -> Team:
        self.overrides.setdefault(warning_id, {}).update(levels)
        return self

    def charter(self) -> dict[str, Any]:
        """charters/default.toml with this team's rule and warning overrides laid over it."""
        document = tomllib.loads(DEFAULT_CHARTER.read_text(encoding="utf-8"))
        document["rules"].update(self.rules)
        for warning_id, values in self.overrides.items():
            document["warnings"].setdefault(warning_id, {}).update(values)
        return document

    def write(self, root: Path, layout: Layout = "monthly", seed: int = 0) -> Path:
        """The data folder; `layout` decides how exchanges are spread over files."""
        root.mkdir(parents=True, exist_ok=True)
        _dump(root / "aidledger.toml", {"format_version": 1, "team": "T", "storage": "toml"})
        _dump(root / "charter.toml", self.charter())
        _dump(root / "members.toml", {"member": list(self.members.values())})
        write_exchanges(root, self.exchanges, layout, seed)
        for record in self.requests:
            _dump(root / "requests" / f"{record['id']}.toml", {"request": [record]})
        for day in self.meetings:
            _dump(root / "meetings" / f"{day.isoformat()}.toml", {"meeting": [{"date": day}]})
        return root


def _dump(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")


def write_exchanges(
    root: Path, exchanges: Sequence[dict[str, Any]], layout: Layout, seed: int = 0
) -> None:
    """Exchanges as the tool writes them (one per file by month), packed, or shuffled."""
    folder = root / "exchanges"
    if layout == "monthly":
        for record in exchanges:
            day: date = record["date"]
            path = folder / f"{day.year}" / f"{day.month:02d}" / f"{record['id']}.toml"
            _dump(path, {"exchange": [record]})
    elif layout == "single":
        _dump(folder / "all.toml", {"exchange": list(reversed(exchanges))})
    elif layout == "yearly":
        years: dict[int, list[dict[str, Any]]] = {}
        for record in exchanges:
            years.setdefault(record["date"].year, []).append(record)
        for year, records in years.items():
            _dump(folder / f"{year}.toml", {"exchange": records[::-1]})
    else:
        shuffled = list(exchanges)
        random.Random(seed).shuffle(shuffled)
        for start in range(0, len(shuffled), 3):
            # File names in an order unrelated to the dates: z-, y-, x-...
            name = f"{chr(ord('z') - start // 3 % 26)}-{start:04d}.toml"
            _dump(folder / "packed" / name, {"exchange": shuffled[start : start + 3]})


@dataclass(frozen=True)
class Report:
    """What `aidledger check --format json` said."""

    exit_code: int
    document: dict[str, Any]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.document["warnings"]
        return found

    def all(self, warning_id: str) -> list[dict[str, Any]]:
        return [finding for finding in self.warnings if finding["id"] == warning_id]

    def find(self, warning_id: str, members: Iterable[str] | None = None) -> dict[str, Any]:
        """The one finding with this id (and these members, in any order); fails the test
        if there is not exactly one."""
        wanted = None if members is None else sorted(members)
        found = [
            finding
            for finding in self.all(warning_id)
            if wanted is None or sorted(finding["members"]) == wanted
        ]
        assert len(found) == 1, f"expected one {warning_id} {wanted or ''}: {self.summary()}"
        return found[0]

    def absent(self, warning_id: str) -> bool:
        return not self.all(warning_id)

    def skipped(self, warning_id: str) -> list[dict[str, Any]]:
        """The insufficient-data notes that name the check `warning_id`."""
        return [
            finding
            for finding in self.all("insufficient-data")
            if finding["message"].startswith(f"{warning_id} was not judged")
        ]

    @property
    def fails(self) -> list[dict[str, Any]]:
        return [finding for finding in self.warnings if finding["severity"] == "fail"]

    def summary(self) -> str:
        return "; ".join(
            f"{finding['severity']} {finding['id']} {finding['members']} {finding['value']}"
            for finding in self.warnings
        )


def check_json(run: Run, root: Path, as_of: date = AS_OF) -> Report:
    """`aidledger check --root ROOT --as-of AS_OF --format json`, parsed; exit 0 or 1 only."""
    result = run("check", "--root", str(root), "--as-of", as_of.isoformat(), "--format", "json")
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["errors"] == []
    return Report(result.exit_code, document)


def exit_code_for(report: Report) -> int:
    """The exit code the design asks for: 1 when any warning fails, 0 otherwise."""
    return 1 if report.fails else 0


Severity = Literal["warn", "fail"] | None


@dataclass(frozen=True)
class Expect:
    """What a scenario should produce for the warning under test; None severity: nothing."""

    severity: Severity
    members: tuple[str, ...] = ()
    value: float | None = None
    threshold: float | None = None


NOTHING = Expect(None)
Build = Callable[[], tuple["Team", Expect]]


def assert_outcome(report: Report, warning_id: str, expected: Expect) -> None:
    """The warning is there with the expected severity, members and value, or absent.

    The exit code is 1 exactly when it fails, and no other warning fails, so that the
    scenario shows this warning's own effect on `check`.
    """
    others = [finding for finding in report.fails if finding["id"] != warning_id]
    assert others == [], f"another warning fails: {report.summary()}"
    if expected.severity is None:
        assert report.absent(warning_id), report.summary()
        assert report.exit_code == 0, report.summary()
        return
    finding = report.find(warning_id, expected.members)
    assert finding["severity"] == expected.severity, report.summary()
    if expected.value is not None:
        assert finding["value"] == pytest.approx(expected.value, abs=1e-4)
    if expected.threshold is not None:
        assert finding["threshold"] == pytest.approx(expected.threshold, abs=1e-4)
    assert report.exit_code == (1 if expected.severity == "fail" else 0), report.summary()
    assert report.exit_code == exit_code_for(report)


def rounds(team: Team, counts: dict[str, int], everyone: Sequence[str], minutes: int = 60) -> Team:
    """Each helper gives `counts[helper]` exchanges of `minutes` in the last 27 days.

    The helped person turns round `everyone` (skipping the helper), so help is spread and
    every member takes part; no exchange falls outside a 28-day window.
    """
    turn = 0
    number = 0
    for helper, count in counts.items():
        for _ in range(count):
            while everyone[turn % len(everyone)] == helper:
                turn += 1
            team.give(helper, everyone[turn % len(everyone)], minutes, on=ago(1 + number % 27))
            turn += 1
            number += 1
    return team
