"""A simulated quarter of requests on a generated team, answered under two policies.

Policy `expert` always asks the top expert: the person who lists the skill and has given
the most help on it so far (then the one with the most skills). Policy `match` asks the
first helper `aidledger match` suggests. Every request is answered by one exchange; at
the end the engine's own warnings and report figures are read, so both policies are
judged by what `aidledger check` and `aidledger report` would say of the team.

Everything is drawn from one seeded generator: the same seed gives the same quarter.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from aidledger.engine.context import Context, make_context
from aidledger.engine.matching import match_request
from aidledger.engine.report import team_report
from aidledger.engine.rules import evaluate
from aidledger.model.charter import Charter
from aidledger.model.records import Exchange, Member, Request
from aidledger.model.values import Mode

Policy = Literal["expert", "match"]
POLICIES: tuple[Policy, ...] = ("expert", "match")
SEED = 2026
SKILLS = ("python", "sql", "ci", "frontend", "security", "data", "deploy", "testing")
QUARTER_START = date(2026, 7, 1)
QUARTER_DAYS = 90
JOINED = date(2026, 1, 5)
ONE_WAY = ("one-way-receiver", "one-way-giver")
MODES: tuple[Mode, ...] = ("taught", "pair", "did", "advice")


@dataclass(frozen=True)
class Team:
    """The generated members, and the requests of the quarter (each asked on its day)."""

    members: tuple[Member, ...]
    requests: tuple[Request, ...]
    minutes: dict[str, int]
    modes: dict[str, Mode]


@dataclass(frozen=True)
class Outcome:
    """What the engine says of the team at the end of the quarter under one policy."""

    policy: Policy
    exchanges: int
    gini: float | None
    top_share: float
    effective_helpers: float | None
    one_way_warnings: int
    concentration: str | None
    overload_warnings: int


def generate_team(seed: int = SEED, size: int = 12, experts: int = 3) -> Team:
    """A team of `size`: `experts` who list most skills, the others two or three each."""
    rng = random.Random(seed)
    members = []
    for index in range(size):
        handle = f"m{index + 1:02d}"
        if index < experts:
            skills = rng.sample(SKILLS, 6)
            budget: int | None = 120
        else:
            skills = rng.sample(SKILLS, rng.choice((2, 3)))
            budget = rng.choice((None, 90, 180))
        members.append(
            Member(
                handle=handle,
                skills=tuple(sorted(skills)),
                budget_minutes_per_week=budget,
                joined=JOINED,
            )
        )
    requests = []
    minutes: dict[str, int] = {}
    modes: dict[str, Mode] = {}
    for offset in range(QUARTER_DAYS):
        day = QUARTER_START + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for number in range(rng.choice((1, 1, 2, 2, 3))):
            requester = rng.choice(members).handle
            request_id = f"{day.isoformat()}-{requester}-r{number}"
            requests.append(
                Request(
                    id=request_id,
                    opened=day,
                    by=requester,
                    title="A hand needed",
                    skills=(rng.choice(SKILLS),),
                )
            )
            minutes[request_id] = rng.choice((30, 45, 60, 90))
            modes[request_id] = rng.choice(MODES)
    return Team(tuple(members), tuple(requests), minutes, modes)


def _charter() -> Charter:
    return Charter.model_validate({"charter": {"title": "Simulated team"}})


def top_expert(members: Sequence[Member], exchanges: Sequence[Exchange], request: Request) -> str:
    """Policy `expert`: who lists the skill and has given most help on it, then most skills."""
    skill = request.skills[0]
    experience = {member.handle: 0 for member in members}
    for exchange in exchanges:
        if skill in exchange.tags:
            experience[exchange.helper] += 1
    candidates = [member for member in members if member.handle != request.by]
    best = min(
        candidates,
        key=lambda member: (
            skill not in member.skills,
            -experience[member.handle],
            -len(member.skills),
            member.handle,
        ),
    )
    return best.handle


def first_suggestion(context: Context, request: Request) -> str:
    """Policy `match`: the first helper `aidledger match` suggests."""
    return match_request(context, request, top=1).helpers[0].handle


def _context(members: Sequence[Member], exchanges: Sequence[Exchange], day: date) -> Context:
    return make_context(members, exchanges, (), _charter(), day)


def simulate(policy: Policy, team: Team | None = None) -> Outcome:
    """Answer every request of the quarter under `policy`; the engine judges the end."""
    team = team or generate_team()
    exchanges: list[Exchange] = []
    for request in team.requests:
        if policy == "expert":
            helper = top_expert(team.members, exchanges, request)
        else:
            context = make_context(team.members, exchanges, (request,), _charter(), request.opened)
            helper = first_suggestion(context, request)
        exchanges.append(
            Exchange(
                id=f"{request.id}-{helper}",
                date=request.opened,
                helper=helper,
                helped=(request.by,),
                minutes=team.minutes[request.id],
                topic=request.title,
                mode=team.modes[request.id],
                tags=request.skills,
                request=request.id,
            )
        )
    end = QUARTER_START + timedelta(days=QUARTER_DAYS - 1)
    return judge(policy, _context(team.members, exchanges, end))


def judge(policy: Policy, context: Context) -> Outcome:
    """The report's figures and the warnings of `check` on the quarter's last day."""
    findings = evaluate(context)
    report = team_report("Simulated team", context, findings)
    given = [row.given_minutes for row in report.members if row.active]
    concentration = next(
        (finding.severity for finding in findings if finding.id == "concentration"), None
    )
    return Outcome(
        policy=policy,
        exchanges=report.exchanges,
        gini=report.gini,
        top_share=max(given) / report.total_minutes if report.total_minutes else 0.0,
        effective_helpers=report.effective_helpers,
        one_way_warnings=sum(1 for finding in findings if finding.id in ONE_WAY and finding.judged),
        concentration=concentration,
        overload_warnings=sum(
            1 for finding in findings if finding.id == "helper-overload" and finding.judged
        ),
    )


HEADER = (
    f"{'policy':<8} {'gini':>5} {'top share':>9} {'helpers':>7} {'one-way':>7}"
    f" {'overload':>8}  concentration"
)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def figures(seed: int = SEED) -> str:
    """Both policies' figures as the benchmark prints them (and docs/matching.md shows)."""
    team = generate_team(seed)
    lines = [
        f"A simulated quarter: {len(team.members)} members, {len(team.requests)} requests,"
        f" seed {seed}",
        HEADER,
    ]
    for policy in POLICIES:
        outcome = simulate(policy, team)
        lines.append(
            f"{policy:<8} {_ratio(outcome.gini):>5} {outcome.top_share:>9.0%}"
            f" {_ratio(outcome.effective_helpers):>7} {outcome.one_way_warnings:>7}"
            f" {outcome.overload_warnings:>8}  {outcome.concentration or 'none'}"
        )
    return "\n".join(lines) + "\n"
