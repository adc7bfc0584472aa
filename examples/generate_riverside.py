"""Write the Riverside example team, a deterministic aidledger data folder.

Riverside is an eight-person product team followed from 2026-05-04 to 2026-10-30.
The data is built to tell a story (see riverside/README.md): maya carries too much,
theo leans on her, ines has dropped out, two healthy pairs help each other both
ways, and raj left at the end of August.

Usage:
    python examples/generate_riverside.py

Needs tomli_w and aidledger itself, whose writer lays out the record files as every
command writes them (so `aidledger fmt --check` passes on the example). The output
depends on nothing but the seed below: no clock, no environment. exchanges/,
requests/, offers/ and meetings/ are deleted and written again, so the script can be
re-run at will.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from aidledger.render.schema import schema_texts
from aidledger.store.schema_files import (
    SCHEMA_OF_TABLE,
    schema_directive,
    split_directive,
    write_schemas,
)
from aidledger.store.write import dump_records

SEED = 20261030
START = dt.date(2026, 5, 4)
AS_OF = dt.date(2026, 10, 30)
WINDOW_DAYS = 90
OVERLOAD_DAYS = 28
REPEAT_DAYS = 30

HERE = Path(__file__).resolve().parent
ROOT = HERE / "riverside"
CHARTER_TEMPLATE = HERE.parent / "charters" / "default.toml"

HANDLE_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ID_CHARS = string.ascii_lowercase + string.digits
MODES = ("taught", "pair", "did", "advice")


def day(month: int, dom: int) -> dt.date:
    return dt.date(2026, month, dom)


# --- The team ---------------------------------------------------------------------

MEMBERS: list[dict[str, Any]] = [
    {
        "handle": "maya",
        "name": "Maya Okafor",
        "emails": ["maya@riverside.example"],
        "skills": ["python", "deploy", "ci", "sql", "on-call", "architecture"],
        "budget_minutes_per_week": 120,
        "joined": START,
    },
    {
        "handle": "sam",
        "name": "Sam Whitfield",
        "emails": ["sam@riverside.example"],
        "skills": ["python", "testing", "ci", "review"],
        "budget_minutes_per_week": 180,
        "joined": START,
    },
    {
        "handle": "lena",
        "name": "Lena Vogel",
        "emails": ["lena@riverside.example", "lena.vogel@gmail.example"],
        "skills": ["frontend", "typescript", "testing", "review"],
        "joined": START,
    },
    {
        "handle": "omar",
        "name": "Omar Haddad",
        "emails": ["omar@riverside.example"],
        "skills": ["sql", "data", "python", "observability"],
        "budget_minutes_per_week": 150,
        "joined": START,
    },
    {
        "handle": "kim",
        "name": "Kim Nguyen",
        "emails": ["kim@riverside.example"],
        "skills": ["on-call", "observability", "docker", "security"],
        "joined": START,
    },
    {
        "handle": "raj",
        "name": "Raj Patel",
        "emails": ["raj@riverside.example"],
        "skills": ["api", "python", "performance"],
        "joined": START,
        "left": day(8, 31),
    },
    {
        "handle": "ines",
        "name": "Inès Duarte",
        "emails": ["ines@riverside.example"],
        "skills": ["design-system", "css", "accessibility"],
        "joined": START,
    },
    {
        "handle": "theo",
        "name": "Theo Brandt",
        "emails": ["theo@riverside.example"],
        "skills": ["frontend", "typescript"],
        "joined": day(7, 1),
    },
]
SPAN: dict[str, tuple[dt.date, dt.date]] = {
    m["handle"]: (m["joined"], m.get("left", AS_OF)) for m in MEMBERS
}
SKILLS: dict[str, list[str]] = {m["handle"]: m["skills"] for m in MEMBERS}

MEMBERS_HEADER = """\
# Riverside, a product team of eight: who we are, what we know, and how much time
# some of us can give to helping each week (budget_minutes_per_week).
# raj moved to another team at the end of August; theo joined in July.

"""

# Topics by tag: what a product team actually asks each other about.
TOPICS: dict[str, list[str]] = {
    "deploy": [
        "Deploying the notifications service",
        "Fixing a failed canary rollout",
        "Rolling back a bad release",
        "Helm values for the staging cluster",
        "Deploy secrets for the new environment",
        "Blue-green switch for the web app",
        "Database migration during a deploy",
        "Unsticking a deploy waiting on approvals",
    ],
    "ci": [
        "Flaky CI job on the web app",
        "Caching dependencies in CI",
        "Splitting the test stage into parallel jobs",
        "CI matrix for the Python services",
        "Why the lint job fails only in CI",
    ],
    "python": [
        "Typing the payments client",
        "Async retries with backoff",
        "Packaging the shared utilities library",
        "Profiling a slow import path",
        "Dataclasses versus pydantic models",
    ],
    "sql": [
        "Query plan for the monthly report",
        "Indexing the orders table",
        "Writing a safe schema migration",
        "Window functions for the churn report",
        "Deadlock in the invoice batch",
    ],
    "data": [
        "Backfilling the events table",
        "Data quality checks on the nightly export",
        "Modelling subscriptions in the warehouse",
    ],
    "frontend": [
        "State management in the settings page",
        "Layout bug in the checkout summary",
        "Lazy loading the dashboard charts",
        "Form validation on the signup flow",
        "Upgrading the component library",
    ],
    "typescript": [
        "Strict mode errors in the settings page",
        "Generic types for the API client",
        "Narrowing union types in reducers",
    ],
    "testing": [
        "Playwright tests for the checkout flow",
        "Mocking the payments API in tests",
        "Making the integration tests deterministic",
        "Fixtures for the reporting tests",
        "Test coverage for the export job",
    ],
    "review": [
        "Reviewing the refund endpoint",
        "Review of the feature-flag cleanup",
        "Reviewing the onboarding emails change",
        "Review of the search indexing job",
    ],
    "on-call": [
        "Triaging a paging alert",
        "Writing the incident summary",
        "Tuning alert thresholds",
        "Runbook for the queue backlog alert",
    ],
    "observability": [
        "Tracing a slow request end to end",
        "Dashboards for the checkout funnel",
        "Structured logging in the API",
        "Reading the new alerting dashboards",
    ],
    "docker": [
        "Slimming the API image",
        "Local stack with docker compose",
        "Multi-stage build for the worker",
    ],
    "security": [
        "Rotating the API keys",
        "Dependency audit findings",
        "Least-privilege roles for the worker",
    ],
    "api": [
        "Pagination for the orders API",
        "Versioning the public API",
        "Rate limiting the webhook endpoint",
    ],
    "performance": [
        "Load test for the search endpoint",
        "N+1 queries in the admin pages",
        "Memory growth in the worker",
    ],
    "architecture": [
        "Splitting the billing module",
        "Event design for order updates",
        "Where the notification logic should live",
    ],
}


# --- Records being built ----------------------------------------------------------


@dataclass
class Draft:
    """An exchange before its id, tags and confirmation are settled."""

    date: dt.date
    helper: str
    helped: list[str]
    minutes: int
    mode: str
    topic: str = ""
    tags: list[str] = field(default_factory=list)
    request: str = ""
    logged_by: str = ""
    source: str = ""
    fixed: bool = False
    id: str = ""
    confirmation: dict[str, object] | None = None


def random_suffix(rng: random.Random) -> str:
    return "".join(rng.choice(ID_CHARS) for _ in range(6))


# --- Who helps whom, and how often -------------------------------------------------

# Phases: the spring, the summer theo arrives, September, and the last 28 days.
PHASES = (
    (START, day(6, 30)),
    (day(7, 1), day(8, 31)),
    (day(9, 1), day(10, 2)),
    (day(10, 3), AS_OF),
)

HEALTHY = {"taught": 0.42, "pair": 0.36, "advice": 0.18, "did": 0.04}
MAYA_OTHERS = (
    {"taught": 0.35, "pair": 0.30, "advice": 0.20, "did": 0.15},
    {"taught": 0.30, "pair": 0.30, "advice": 0.20, "did": 0.20},
    {"taught": 0.30, "pair": 0.25, "advice": 0.15, "did": 0.30},
    {"taught": 0.25, "pair": 0.25, "advice": 0.15, "did": 0.35},
)
MAYA_THEO = (
    HEALTHY,
    {"taught": 0.25, "pair": 0.20, "advice": 0.10, "did": 0.45},
    {"taught": 0.15, "pair": 0.15, "advice": 0.15, "did": 0.55},
    {"taught": 0.10, "pair": 0.10, "advice": 0.15, "did": 0.65},
)


@dataclass(frozen=True)
class Flow:
    """A steady stream of help from one person to another, in exchanges per week."""

    helper: str
    helped: str
    rates: tuple[float, float, float, float]
    styles: tuple[dict[str, float], ...] = (HEALTHY,) * 4
    rushed: bool = False


FLOWS = (
    # maya helps everybody, more and more in a hurry.
    Flow("maya", "theo", (0, 1.0, 1.6, 3.0), MAYA_THEO, rushed=True),
    Flow("maya", "sam", (0.30, 0.25, 0.20, 0.35), MAYA_OTHERS, rushed=True),
    Flow("maya", "lena", (0.30, 0.25, 0.20, 0.35), MAYA_OTHERS, rushed=True),
    Flow("maya", "omar", (0.25, 0.20, 0.20, 0.30), MAYA_OTHERS, rushed=True),
    Flow("maya", "kim", (0.25, 0.20, 0.20, 0.30), MAYA_OTHERS, rushed=True),
    Flow("maya", "raj", (0.15, 0.15, 0, 0), MAYA_OTHERS, rushed=True),
    # The two healthy pairs.
    Flow("sam", "lena", (0.60, 0.55, 0.70, 0.70)),
    Flow("lena", "sam", (0.55, 0.55, 0.65, 0.65)),
    Flow("omar", "kim", (0.60, 0.55, 0.70, 0.70)),
    Flow("kim", "omar", (0.55, 0.50, 0.65, 0.65)),
    # Across the pairs.
    Flow("sam", "omar", (0.12, 0.12, 0.12, 0.12)),
    Flow("omar", "sam", (0.12, 0.12, 0.12, 0.12)),
    Flow("kim", "lena", (0.12, 0.12, 0.12, 0.12)),
    Flow("lena", "kim", (0.12, 0.12, 0.12, 0.12)),
    Flow("lena", "omar", (0.10, 0.10, 0.10, 0.10)),
    Flow("kim", "sam", (0.10, 0.10, 0.10, 0.10)),
    # raj, balanced until he leaves.
    Flow("raj", "kim", (0.35, 0.35, 0, 0)),
    Flow("raj", "lena", (0.25, 0.25, 0, 0)),
    Flow("raj", "sam", (0.20, 0.20, 0, 0)),
    Flow("omar", "raj", (0.35, 0.35, 0, 0)),
    Flow("sam", "raj", (0.20, 0.20, 0, 0)),
    Flow("lena", "raj", (0.15, 0.15, 0, 0)),
    # The others teach theo too, but not as much as maya does things for him.
    Flow("sam", "theo", (0, 0.20, 0.15, 0.10)),
    Flow("lena", "theo", (0, 0.25, 0.15, 0.10)),
    Flow("kim", "theo", (0, 0.15, 0.10, 0.10)),
    Flow("omar", "theo", (0, 0.10, 0.10, 0.10)),
)

# August is holiday season: everybody but maya helps less.
SUMMER_SLOWDOWN = {8: 0.7}


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def minutes_for(rng: random.Random, mode: str, rushed_late: bool) -> int:
    low, high = {
        "advice": (10, 30),
        "taught": (30, 75),
        "pair": (30, 90),
        "did": (45, 120) if rushed_late else (30, 90),
    }[mode]
    return rng.randrange(low, high + 1, 5)


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    current = start
    while current <= end:
        if current.weekday() < 5:
            days.append(current)
        current += dt.timedelta(days=1)
    return days


def mode_deck(rng: random.Random, weights: dict[str, float]) -> list[str]:
    """Twenty modes in the flow's proportions, shuffled: steadier than a die per exchange."""
    deck = [mode for mode, weight in weights.items() for _ in range(round(weight * 20))]
    rng.shuffle(deck)
    return deck


def flow_drafts(rng: random.Random) -> list[Draft]:
    """Steady exchanges: each flow accrues its weekly rate and spends it whole."""
    drafts = []
    credit = [rng.random() for _ in FLOWS]
    decks: dict[tuple[int, int], list[str]] = {}
    week = START
    while week <= AS_OF:
        week_days = weekdays(week, min(week + dt.timedelta(days=6), AS_OF))
        for phase, (phase_start, phase_end) in enumerate(PHASES):
            if not phase_start <= week <= phase_end:
                continue
            for index, flow in enumerate(FLOWS):
                rate = flow.rates[phase]
                if flow.helper != "maya":
                    rate *= SUMMER_SLOWDOWN.get(week.month, 1.0)
                credit[index] += rate
                count = int(credit[index])
                credit[index] -= count
                possible = [d for d in week_days if in_span(d, flow.helper, flow.helped)]
                for _ in range(count if possible else 0):
                    deck = decks.setdefault((index, phase), [])
                    if not deck:
                        deck.extend(mode_deck(rng, flow.styles[phase]))
                    mode = deck.pop()
                    drafts.append(
                        Draft(
                            date=rng.choice(possible),
                            helper=flow.helper,
                            helped=[flow.helped],
                            minutes=minutes_for(rng, mode, flow.rushed and phase >= 2),
                            mode=mode,
                        )
                    )
        week += dt.timedelta(days=7)
    return drafts


def in_span(date: dt.date, *handles: str) -> bool:
    return all(SPAN[h][0] <= date <= SPAN[h][1] for h in handles)


# --- Exchanges and requests written by hand ----------------------------------------


# The exchanges the story needs on exact days, one per line:
#   date helper>helped[,helped] minutes mode tags[,tag] [request] | topic
STORY_EXCHANGES = """
# ines takes part a little in the spring, then nothing after mid-July.
2026-05-07 maya>ines 45 taught frontend | Building the design-system package
2026-05-20 ines>lena 20 advice accessibility,css | Accessible focus states on the checkout form
2026-06-04 omar>ines 50 taught sql sql-views | The SQL views behind the reporting pages
2026-06-18 ines>raj 25 advice accessibility | Colour contrast in the admin dashboard
2026-07-09 sam>ines 40 pair testing,frontend | Snapshot tests for the design-system components
# Requests that were answered.
2026-05-13 sam>lena 75 pair testing,frontend playwright | Playwright setup for the checkout flow
2026-05-15 sam>lena 40 taught testing playwright | Writing the first checkout end-to-end test
2026-07-07 maya>theo 60 pair deploy first-deploy | First deploy of the notifications service
2026-07-08 maya>theo 45 did deploy first-deploy | Fixing the notifications service health check
2026-08-19 sam>kim 50 pair python,review retry-review | Retry logic in the payments client
2026-09-30 maya>lena 90 did ci ci-speed | Caching dependencies in the web app pipeline
2026-10-23 kim>theo 45 taught on-call runbook | The on-call runbook, first part
# Group sessions.
2026-06-24 sam>lena,kim 60 taught testing,python | Property-based testing with Hypothesis
2026-07-22 maya>theo,lena 60 taught release,deploy | Walkthrough of the release process
2026-09-23 kim>theo,sam 45 taught on-call | On-call handover and paging rules
2026-10-08 maya>theo,omar 60 did deploy | Hotfix deploy for the export job
# theo gives twice, small things; maya receives almost nothing.
2026-09-16 theo>lena 20 advice typescript | Strict mode errors in the settings page
2026-10-14 theo>sam 15 advice frontend | Browser devtools for a layout bug
2026-06-10 kim>maya 25 advice observability | Reading the new alerting dashboards
2026-09-03 omar>maya 30 advice sql | Query plan for the monthly report
"""


def parse_story(request_ids: dict[str, str]) -> list[Draft]:
    drafts = []
    for line in STORY_EXCHANGES.strip().splitlines():
        if line.startswith("#"):
            continue
        fields, topic = (part.strip() for part in line.split("|"))
        date, people, minutes, mode, tags, *request = fields.split()
        helper, helped = people.split(">")
        drafts.append(
            Draft(
                date=dt.date.fromisoformat(date),
                helper=helper,
                helped=helped.split(","),
                minutes=int(minutes),
                mode=mode,
                topic=topic,
                tags=tags.split(","),
                request=request_ids[request[0]] if request else "",
                fixed=True,
            )
        )
    return drafts


def story_records(rng: random.Random) -> tuple[list[Draft], list[dict[str, object]]]:
    """The exchanges and requests the story needs on exact days."""
    r = {
        key: f"{opened.isoformat()}-{by}-{random_suffix(rng)}"
        for key, opened, by in (
            ("playwright", day(5, 12), "lena"),
            ("sql-views", day(6, 2), "ines"),
            ("first-deploy", day(7, 6), "theo"),
            ("retry-review", day(8, 17), "kim"),
            ("flags", day(9, 8), "omar"),
            ("ci-speed", day(9, 28), "lena"),
            ("runbook", day(10, 20), "theo"),
            ("invoices-sql", day(10, 27), "sam"),
        )
    }
    drafts = parse_story(r)
    requests: list[dict[str, object]] = [
        {
            "id": r["playwright"],
            "opened": day(5, 12),
            "by": "lena",
            "title": "Set up Playwright for the checkout flow",
            "status": "done",
            "skills": ["frontend", "testing"],
            "detail": "We have no end-to-end test on checkout; I have never used Playwright.",
            "needed_by": day(5, 22),
            "taken_by": "sam",
            "closed": day(5, 15),
        },
        {
            "id": r["sql-views"],
            "opened": day(6, 2),
            "by": "ines",
            "title": "Understand the SQL views behind the reporting pages",
            "status": "done",
            "skills": ["sql"],
            "taken_by": "omar",
            "closed": day(6, 4),
        },
        {
            "id": r["first-deploy"],
            "opened": day(7, 6),
            "by": "theo",
            "title": "First deploy of the notifications service",
            "status": "done",
            "skills": ["deploy", "ci"],
            "detail": "My first deploy; I do not know the pipeline yet.",
            "needed_by": day(7, 10),
            "taken_by": "maya",
            "closed": day(7, 8),
        },
        {
            "id": r["retry-review"],
            "opened": day(8, 17),
            "by": "kim",
            "title": "Review the retry logic in the payments client",
            "status": "done",
            "skills": ["python", "review"],
            "taken_by": "sam",
            "closed": day(8, 19),
        },
        {
            "id": r["flags"],
            "opened": day(9, 8),
            "by": "omar",
            "title": "Pair on moving feature flags to the new service",
            "status": "dropped",
            "skills": ["python", "api"],
            "detail": "Dropped: the migration moved to next quarter.",
            "closed": day(9, 25),
        },
        {
            "id": r["ci-speed"],
            "opened": day(9, 28),
            "by": "lena",
            "title": "Speed up the web app CI pipeline",
            "status": "done",
            "skills": ["ci"],
            "detail": "The pipeline takes 25 minutes; most of it is installing dependencies.",
            "taken_by": "maya",
            "closed": day(9, 30),
        },
        {
            "id": r["runbook"],
            "opened": day(10, 20),
            "by": "theo",
            "title": "Walk me through the on-call runbook before my first shift",
            "status": "taken",
            "skills": ["on-call"],
            "detail": "My first on-call shift starts on Monday 2 November.",
            "needed_by": day(10, 30),
            "taken_by": "kim",
        },
        {
            "id": r["invoices-sql"],
            "opened": day(10, 27),
            "by": "sam",
            "title": "Second pair of eyes on the invoices SQL migration",
            "status": "open",
            "skills": ["sql", "review"],
            "detail": "The migration rewrites 2 million rows; I want a review before it runs.",
        },
    ]
    return drafts, requests


# --- Tags, topics, ids, confirmations -----------------------------------------------


def repeat_exempt(draft: Draft, tag: str) -> bool:
    """theo's deploy help is meant to repeat: it is the dependency the story shows."""
    return tag == "deploy" and "theo" in draft.helped


def too_close(placed: list[Draft], draft: Draft, tag: str, topic: str) -> bool:
    """Whether a tag would reach 3, or a topic repeat, for a helped person within 30 days."""
    for person in draft.helped:
        same_tag = 0
        for other in placed:
            if person not in other.helped:
                continue
            if abs((other.date - draft.date).days) > REPEAT_DAYS:
                continue
            if other.topic == topic:
                return True
            if tag in other.tags and not repeat_exempt(draft, tag):
                same_tag += 1
        if same_tag >= 2:
            return True
    return False


def choose_tags(rng: random.Random, placed: list[Draft], draft: Draft) -> None:
    """Pick a tag and topic the helper knows, without creating accidental repeat patterns."""
    maya_does_it = draft.helper == "maya" and "theo" in draft.helped and draft.mode == "did"
    if maya_does_it and rng.random() < 0.8:
        draft.tags = ["deploy"]
        draft.topic = rng.choice(TOPICS["deploy"])
        if rng.random() < 0.2 and not too_close(placed, draft, "ci", draft.topic):
            draft.tags.append("ci")
        return
    preferred = [t for t in SKILLS[draft.helper] if t in TOPICS and t != "deploy"]
    rng.shuffle(preferred)
    fallback = [t for t in TOPICS if t not in preferred and t != "deploy"]
    rng.shuffle(fallback)
    for tag in preferred + fallback:
        topics = TOPICS[tag][:]
        rng.shuffle(topics)
        for topic in topics:
            if not too_close(placed, draft, tag, topic):
                draft.tags = [tag]
                draft.topic = topic
                second = [t for t in SKILLS[draft.helper] if t in TOPICS and t != tag]
                if second and rng.random() < 0.3:
                    extra = rng.choice(second)
                    if extra != "deploy" and not too_close(placed, draft, extra, topic):
                        draft.tags.append(extra)
                return
    raise SystemExit(f"no tag fits the exchange {draft}")


# Usefulness ratings (helped people are mostly pleased, less so when it was done for
# them) and how many days later they confirm.
RATINGS_GOOD = {"5": 0.60, "4": 0.38, "3": 0.02}
RATINGS_DID = {"5": 0.30, "4": 0.40, "3": 0.25, "2": 0.05}
CONFIRM_DELAY = {"0": 0.35, "1": 0.35, "2": 0.15, "3": 0.10, "6": 0.05}


def confirm(rng: random.Random, draft: Draft) -> None:
    by = rng.choice(draft.helped)
    on = draft.date + dt.timedelta(days=int(weighted(rng, CONFIRM_DELAY)))
    while on.weekday() >= 5:
        on += dt.timedelta(days=1)
    on = min(on, AS_OF, SPAN[by][1])
    ratings = RATINGS_DID if draft.mode == "did" else RATINGS_GOOD
    draft.confirmation = {"by": by, "on": on, "useful": int(weighted(rng, ratings))}


def finish(rng: random.Random, drafts: list[Draft]) -> None:
    """Give every exchange its id, who logged it, where it came from and its confirmation."""
    used: set[str] = set()
    for draft in drafts:
        while True:
            candidate = (
                f"{draft.date.isoformat()}-{draft.helper}-{draft.helped[0]}-{random_suffix(rng)}"
            )
            if candidate not in used:
                break
        used.add(candidate)
        draft.id = candidate
        imported = draft.mode in ("taught", "pair") and rng.random() < 0.12
        if imported:
            draft.source = "git:" + "".join(rng.choice("0123456789abcdef") for _ in range(7))
            draft.logged_by = draft.helper
        else:
            draft.logged_by = draft.helped[0] if rng.random() < 0.55 else draft.helper
        confirm(rng, draft)
    # A few recent exchanges still wait for their confirmation.
    recent = [d for d in drafts if d.date >= day(10, 19) and d.helper != "theo"]
    for draft in rng.sample(recent, 4):
        draft.confirmation = None
        draft.logged_by = draft.helper
        draft.source = ""


def exchange_table(draft: Draft) -> dict[str, object]:
    table: dict[str, object] = {
        "id": draft.id,
        "date": draft.date,
        "helper": draft.helper,
        "helped": draft.helped,
        "minutes": draft.minutes,
        "topic": draft.topic,
        "mode": draft.mode,
    }
    if draft.tags:
        table["tags"] = draft.tags
    if draft.request:
        table["request"] = draft.request
    if draft.logged_by:
        table["logged_by"] = draft.logged_by
    if draft.source:
        table["source"] = draft.source
    if draft.confirmation is not None and len(draft.helped) > 1:
        # Group help: every person helped confirms it, on the same day and with the same
        # rating as the one drawn, each in their own entry.
        table["confirmations"] = [
            {
                **draft.confirmation,
                "by": person,
                "on": min(draft.confirmation["on"], SPAN[person][1]),
            }  # type: ignore[type-var]
            for person in draft.helped
        ]
    elif draft.confirmation is not None:
        table["confirmation"] = draft.confirmation
    return table


REQUEST_KEYS = (
    "id",
    "opened",
    "by",
    "title",
    "status",
    "skills",
    "detail",
    "needed_by",
    "taken_by",
    "closed",
    "exchanges",
)


def link_requests(requests: list[dict[str, object]], drafts: list[Draft]) -> None:
    for request in requests:
        answered = [d.id for d in drafts if d.request == request["id"]]
        if answered:
            request["exchanges"] = answered
        request_order = {k: request[k] for k in REQUEST_KEYS if k in request}
        request.clear()
        request.update(request_order)


# --- Checks: the example must be valid data and tell the intended story ------------


def validate(drafts: list[Draft], requests: list[dict[str, object]]) -> None:
    ids = {d.id for d in drafts}
    assert len(ids) == len(drafts)
    for d in drafts:
        assert ID_RE.match(d.id) and d.id.startswith(f"{d.date}-{d.helper}-{d.helped[0]}-")
        assert START <= d.date <= AS_OF, d
        assert d.helper not in d.helped and len(set(d.helped)) == len(d.helped), d
        assert all(HANDLE_RE.match(h) for h in [d.helper, *d.helped])
        assert in_span(d.date, d.helper, *d.helped), d
        assert 1 <= d.minutes <= 1440 and d.mode in MODES and d.topic, d
        assert d.logged_by in (d.helper, *d.helped)
        if d.confirmation is None:
            assert d.date >= AS_OF - dt.timedelta(days=13), d
        else:
            c = d.confirmation
            assert c["by"] in d.helped and d.date <= c["on"] <= AS_OF  # type: ignore[operator]
            assert in_span(c["on"], str(c["by"]))  # type: ignore[arg-type]
        for person in d.helped:
            for tag in d.tags:
                if repeat_exempt(d, tag):
                    continue
                near = [
                    o
                    for o in drafts
                    if person in o.helped
                    and tag in o.tags
                    and 0 <= (o.date - d.date).days <= REPEAT_DAYS - 1
                ]
                assert len(near) <= 2, (person, tag, d.date)
    for d in drafts:
        if "ines" in (d.helper, *d.helped):
            assert d.date < day(7, 15), d
    for r in requests:
        assert ID_RE.match(str(r["id"])) and r["by"] in SPAN
        for xid in r.get("exchanges", []):  # type: ignore[attr-defined]
            assert xid in ids


def check_story(drafts: list[Draft]) -> None:
    """Fail loudly if a change to the parameters breaks what the README promises."""
    window_start = AS_OF - dt.timedelta(days=WINDOW_DAYS - 1)
    overload_start = AS_OF - dt.timedelta(days=OVERLOAD_DAYS - 1)
    g_all, r_all = credits(drafts, START)
    g_win, r_win = credits(drafts, window_start)
    maya_all = g_all["maya"] / sum(g_all.values())
    maya_win = g_win["maya"] / sum(g_win.values())
    assert 0.35 <= maya_all <= 0.45 and maya_win > maya_all, (maya_all, maya_win)
    assert r_all["maya"] < 0.03 * g_all["maya"]
    maya_recent = [d for d in drafts if d.helper == "maya" and d.date >= overload_start]
    maya_week = sum(d.minutes for d in maya_recent) / 4
    assert maya_week > 2.2 * 120, maya_week
    theo_did = sum(
        d.minutes
        for d in drafts
        if "theo" in d.helped and d.date >= window_start and d.mode == "did"
    )
    assert theo_did / r_win["theo"] >= 0.55 and g_all["theo"] <= 60
    for handle in ("sam", "lena", "omar", "kim", "raj"):
        share = (g_win[handle] + 60) / (g_win[handle] + r_win[handle] + 120)
        assert 0.3 <= share <= 0.7, (handle, share)
    assert 3 <= sum(1 for d in drafts if d.confirmation is None) <= 6


# --- Writing -----------------------------------------------------------------------


def write(path: Path, text: str, schema: str) -> None:
    """Write a file of the data folder, with the directive to its schema on top, as the
    commands write it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    directive = schema_directive(ROOT, path, schema)
    path.write_text(directive + split_directive(text)[1], encoding="utf-8")


def write_records(path: Path, kind: str, records: list[dict[str, object]]) -> None:
    write(path, dump_records(kind, records, "toml"), SCHEMA_OF_TABLE[kind])


def write_folder(drafts: list[Draft], requests: list[dict[str, object]]) -> None:
    # The schemas editors read come first: each file written after points to its own.
    write_schemas(ROOT, schema_texts())
    settings = 'format_version = 1\nteam = "Riverside"\nstorage = "toml"\n'
    write(ROOT / "aidledger.toml", settings, "config")
    charter = CHARTER_TEMPLATE.read_text(encoding="utf-8")
    old_title = 'title = "Our mutual-aid charter"'
    new_title = 'title = "Riverside mutual-aid charter"'
    assert charter.count(old_title) == 1
    write(ROOT / "charter.toml", charter.replace(old_title, new_title), "charter")
    members = MEMBERS_HEADER + tomli_w.dumps({"member": MEMBERS})
    write(ROOT / "members.toml", members, "members")
    for folder in ("exchanges", "requests"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    for d in drafts:
        path = ROOT / "exchanges" / f"{d.date:%Y}" / f"{d.date:%m}" / f"{d.id}.toml"
        write_records(path, "exchange", [exchange_table(d)])
    for r in requests:
        write_records(ROOT / "requests" / f"{r['id']}.toml", "request", [r])


# --- Offers and meetings -------------------------------------------------------------

# The regular exchange meeting: every other Thursday from 2026-05-07, each recorded by
# the person who ran it (`aidledger meeting record`). The last is on 2026-10-22.
MEETING_EVERY_DAYS = 14
MEETING_HOSTS = ("maya", "sam", "lena", "omar", "kim")
MEETING_NOTES = {
    day(5, 7): "First exchange meeting: we write requests down before the meeting.",
    day(7, 2): "Welcome theo. kim offered to walk him through on-call later.",
    day(8, 13): "Summer: fewer requests, two people away.",
    day(8, 27): "Goodbye raj, who moves to the platform team.",
    day(10, 8): "maya to pair rather than do on deploys; theo to bring one question a week.",
    day(10, 22): "Asked who can take deploys off maya; omar and theo made offers.",
}

# Offers of help, as `aidledger offer` writes them: two still open on the last day, one
# whose `until` has passed, two closed by their people. The random parts of their ids
# come from a generator of their own, so that the exchanges do not change with them.
#   opened by minutes|- until|- closed|- skills | text
STORY_OFFERS = """
2026-09-14 sam 60 - 2026-10-05 testing,review | An hour a week for reviews of test code
2026-09-21 lena 90 2026-10-02 2026-10-01 frontend | Pairing on the new form components
2026-09-28 kim - 2026-10-09 - docker | Docker clinic: bring a broken Dockerfile
2026-10-19 omar 120 2026-11-06 - sql,data | 2h free for SQL and data questions
2026-10-22 theo 60 2026-11-13 - frontend,typescript | Pairing on TypeScript while I learn deploys
"""


def offer_records() -> list[dict[str, object]]:
    """The offers of STORY_OFFERS as `[[offer]]` tables."""
    rng = random.Random(SEED + 1)
    offers: list[dict[str, object]] = []
    for line in STORY_OFFERS.strip().splitlines():
        fields, text = line.split("|", 1)
        opened, by, minutes, until, closed, skills = fields.split()
        record: dict[str, object] = {
            "id": f"{opened}-{by}-{random_suffix(rng)}",
            "opened": dt.date.fromisoformat(opened),
            "by": by,
            "text": text.strip(),
            "skills": skills.split(","),
        }
        if minutes != "-":
            record["minutes"] = int(minutes)
        if until != "-":
            record["until"] = dt.date.fromisoformat(until)
        record["status"] = "open" if closed == "-" else "done"
        if closed != "-":
            record["closed"] = dt.date.fromisoformat(closed)
        assert in_span(record["opened"], by), record  # type: ignore[arg-type]
        offers.append(record)
    return offers


def meeting_records() -> list[dict[str, object]]:
    """A meeting every MEETING_EVERY_DAYS days from the first Thursday to AS_OF."""
    meetings: list[dict[str, object]] = []
    when = day(5, 7)
    while when <= AS_OF:
        number = len(meetings)
        host = MEETING_HOSTS[number % len(MEETING_HOSTS)]
        record: dict[str, object] = {"date": when}
        if when in MEETING_NOTES:
            record["notes"] = MEETING_NOTES[when]
        record["recorded_by"] = host
        meetings.append(record)
        when += dt.timedelta(days=MEETING_EVERY_DAYS)
    return meetings


def write_offers_and_meetings() -> None:
    for folder in ("offers", "meetings"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    for offer in offer_records():
        write_records(ROOT / "offers" / f"{offer['id']}.toml", "offer", [offer])
    for meeting in meeting_records():
        write_records(ROOT / "meetings" / f"{meeting['date']}.toml", "meeting", [meeting])


# --- Summary -----------------------------------------------------------------------


def credits(drafts: list[Draft], since: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """Given and received person-minutes, one credit per (helper, helped) pair."""
    given = dict.fromkeys(SPAN, 0)
    received = dict.fromkeys(SPAN, 0)
    for d in drafts:
        if d.date < since:
            continue
        for person in d.helped:
            given[d.helper] += d.minutes
            received[person] += d.minutes
    return given, received


def summary(drafts: list[Draft], requests: list[dict[str, object]]) -> str:
    window_start = AS_OF - dt.timedelta(days=WINDOW_DAYS - 1)
    overload_start = AS_OF - dt.timedelta(days=OVERLOAD_DAYS - 1)
    g_all, r_all = credits(drafts, START)
    g_win, r_win = credits(drafts, window_start)
    lines = [
        f"Riverside: {len(drafts)} exchanges, {len(requests)} requests, "
        f"{START} .. {AS_OF}; last {WINDOW_DAYS} days = {window_start} .. {AS_OF}",
        "",
        f"{'member':<8} {'given':>7} {'received':>9} {'given 90d':>10} {'recv 90d':>9}",
    ]
    for h in SPAN:
        lines.append(f"{h:<8} {g_all[h]:>7} {r_all[h]:>9} {g_win[h]:>10} {r_win[h]:>9}")
    lines.append(
        f"{'total':<8} {sum(g_all.values()):>7} {sum(r_all.values()):>9} "
        f"{sum(g_win.values()):>10} {sum(r_win.values()):>9}"
    )
    maya_recent = sum(d.minutes for d in drafts if d.helper == "maya" and d.date >= overload_start)
    maya_did = sum(
        d.minutes * len(d.helped)
        for d in drafts
        if d.helper == "maya" and d.date >= window_start and d.mode == "did"
    )
    theo_did = sum(
        d.minutes
        for d in drafts
        if "theo" in d.helped and d.date >= window_start and d.mode == "did"
    )
    deploy_dates = sorted(
        d.date for d in drafts if "theo" in d.helped and "deploy" in d.tags and d.mode == "did"
    )
    most_deploy = max(
        sum(1 for other in deploy_dates if 0 <= (other - first).days < REPEAT_DAYS)
        for first in deploy_dates
    )
    ines_last = max(d.date for d in drafts if "ines" in (d.helper, *d.helped))
    unconfirmed = sum(1 for d in drafts if d.confirmation is None)
    statuses = sorted({str(r["status"]) for r in requests})
    lines += [
        "",
        f"maya share of given minutes: {g_all['maya'] / sum(g_all.values()):.0%} overall, "
        f"{g_win['maya'] / sum(g_win.values()):.0%} in the last {WINDOW_DAYS} days",
        f"maya last {OVERLOAD_DAYS} days: {maya_recent} minutes = {maya_recent / 4:.0f}/week "
        f"= {maya_recent / 4 / 120:.1f} x her budget of 120; "
        f"'did' share of her given minutes in {WINDOW_DAYS} days: {maya_did / g_win['maya']:.0%}",
        f"theo: 'did' share of minutes received in {WINDOW_DAYS} days: "
        f"{theo_did / r_win['theo']:.0%}; most 'did' deploy exchanges in {REPEAT_DAYS} days: "
        f"{most_deploy}",
        f"ines: last exchange {ines_last}; unconfirmed exchanges: {unconfirmed}; "
        "requests: "
        + ", ".join(f"{s} {sum(1 for r in requests if r['status'] == s)}" for s in statuses),
    ]
    return "\n".join(lines)


def main() -> None:
    rng = random.Random(SEED)
    drafts, requests = story_records(rng)
    drafts += flow_drafts(rng)
    drafts.sort(key=lambda d: (d.date, not d.fixed, d.helper, d.helped))
    placed = [d for d in drafts if d.fixed]
    for draft in drafts:
        if not draft.fixed:
            choose_tags(rng, placed, draft)
            placed.append(draft)
    finish(rng, drafts)
    link_requests(requests, drafts)
    validate(drafts, requests)
    check_story(drafts)
    write_folder(drafts, requests)
    write_offers_and_meetings()
    print(summary(drafts, requests))


if __name__ == "__main__":
    main()
