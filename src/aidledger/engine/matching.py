"""Who could answer an open request: helpers ranked by a fair score, each with its reasons.

The score balances three things, each a number from 0 to 1, and names a fourth apart:

- skill fit: the request's skills the person lists, and recent help they gave on them;
- spare time: how much of this week's allowance and offers is still free
  (`engine.capacity`, the allowance the `helper-overload` warning holds people to);
- fairness: how much more they received than they gave (the decayed balances of the
  one-way warnings), and how small a share of the team's help they already carry;
- growth is not in the score: someone taught the skill recently is named apart, as a
  partner to pair with the first helper.

Nobody past their budget is suggested while someone with the skill has time; the
requester and people who left never are. Every suggestion carries its reasons as typed
facts; the renderers word them. Ties are broken by handle, so the same data and the same
day always give the same suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from aidledger.engine.balance import compute_balances
from aidledger.engine.capacity import DEFAULT_BUDGET_SHARE, Capacity, capacities
from aidledger.engine.context import Context
from aidledger.engine.window import Window
from aidledger.model.records import Exchange, Member, Request

# How much each part weighs in the score: the skill first, then fairness, then time.
SKILL_WEIGHT = 0.45
FAIRNESS_WEIGHT = 0.35
SPARE_WEIGHT = 0.20
# Of a skill's fit: listing it, and having helped on it lately (full at EVIDENCE_FULL times).
LISTED_FIT = 0.6
EVIDENCE_FIT = 0.4
EVIDENCE_FULL = 3
# A person carrying LOAD_CEILING times an equal share of the team's help scores 0 on load.
LOAD_CEILING = 2.0
# Modes in which the person helped learns the skill: a pairing partner was taught it.
LEARNING_MODES = ("taught", "pair")
DEFAULT_TOP = 3


# --- the reasons of a suggestion, as facts ---------------------------------------------------


@dataclass(frozen=True)
class ListsSkill:
    """The person lists these of the request's skills in members.toml."""

    skills: tuple[str, ...]


@dataclass(frozen=True)
class HelpedOnSkill:
    """The person gave help tagged with these skills `count` times in the last `days` days."""

    skills: tuple[str, ...]
    count: int
    days: int


@dataclass(frozen=True)
class LearnedSkill:
    """The person was taught (or paired on) these skills `count` times in the last `days`."""

    skills: tuple[str, ...]
    count: int
    days: int


@dataclass(frozen=True)
class SpareTime:
    """Time still free this week: the allowance plus standing offers, less help given.

    `own_budget` is False when the allowance is DEFAULT_BUDGET_SHARE of the work week.
    """

    spare_minutes: float
    allowance_minutes: float
    offered_minutes: int
    own_budget: bool
    default_share: float
    week: Window


@dataclass(frozen=True)
class PastBudget:
    """The person already gave their allowance (and offers) this week: suggested only
    because nobody able to help has time left."""

    given_minutes: int
    allowance_minutes: float
    offered_minutes: int
    own_budget: bool
    week: Window


@dataclass(frozen=True)
class ReceivedMore:
    """The person received more than they gave (decayed person-minutes)."""

    given_minutes: float
    received_minutes: float
    half_life_days: int
    # The first day counted for them (the ledger's start or the day they joined), as in
    # the one-way warnings; None when every day counts.
    since: date | None = None


@dataclass(frozen=True)
class CarriesLittle:
    """The person carries less than an equal share of the team's help in the window."""

    share: float
    equal_share: float
    window_days: int


@dataclass(frozen=True)
class CarriesMuch:
    """The person already carries more than an equal share of the team's help."""

    share: float
    equal_share: float
    window_days: int


Reason = (
    ListsSkill
    | HelpedOnSkill
    | LearnedSkill
    | SpareTime
    | PastBudget
    | ReceivedMore
    | CarriesLittle
    | CarriesMuch
)


@dataclass(frozen=True)
class Suggestion:
    """One person suggested for a request: the score, its parts, and the reasons."""

    handle: str
    score: float
    skill_fit: float
    fairness: float
    spare: float
    past_budget: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class RequestMatch:
    """The helpers suggested for one request, best first, and a partner to pair with.

    `nobody_skilled` says that nobody lists or has lately helped on the request's skills,
    so anyone with time was considered; `past_budget_only` that everyone able to help is
    past their budget, so those suggested are too. `title` is free text.
    """

    request_id: str
    by: str
    title: str
    skills: tuple[str, ...]
    helpers: tuple[Suggestion, ...]
    partner: Suggestion | None
    nobody_skilled: bool
    past_budget_only: bool


# --- the figures each part of the score reads -------------------------------------------------


def _tagged(exchanges: Iterable[Exchange], skills: tuple[str, ...]) -> list[Exchange]:
    wanted = set(skills)
    return [exchange for exchange in exchanges if wanted & set(exchange.tags)]


def _skills_in(exchanges: Iterable[Exchange], skills: tuple[str, ...]) -> tuple[str, ...]:
    seen = {tag for exchange in exchanges for tag in exchange.tags}
    return tuple(skill for skill in skills if skill in seen)


@dataclass(frozen=True)
class _Figures:
    """What scoring reads of the context, computed once for every request."""

    context: Context
    capacities: dict[str, Capacity]
    window_given: dict[str, float]
    window_total: float

    @classmethod
    def of(cls, context: Context) -> _Figures:
        balances = compute_balances(context.in_window, context.members)
        given = {balance.handle: balance.given_minutes for balance in balances.members}
        week = {row.handle: row for row in capacities(context)}
        return cls(context, week, given, balances.total_minutes)

    def given_on(self, handle: str, skills: tuple[str, ...]) -> list[Exchange]:
        mine = (exchange for exchange in self.context.in_window if exchange.helper == handle)
        return _tagged(mine, skills)

    def learned(self, handle: str, skills: tuple[str, ...]) -> list[Exchange]:
        taught = (
            exchange
            for exchange in self.context.in_window
            if handle in exchange.helped and exchange.mode in LEARNING_MODES
        )
        return _tagged(taught, skills)


# --- scoring ----------------------------------------------------------------------------------


def _skill_part(
    figures: _Figures, member: Member, skills: tuple[str, ...]
) -> tuple[float, list[Reason]]:
    """Per skill: LISTED_FIT for listing it, up to EVIDENCE_FIT for help given on it lately."""
    if not skills:
        return 0.0, []
    days = figures.context.charter.rules.window_days
    listed = tuple(skill for skill in skills if skill in member.skills)
    shown = figures.given_on(member.handle, skills)
    fit = 0.0
    for skill in skills:
        count = len(_tagged(shown, (skill,)))
        fit += LISTED_FIT * (skill in listed) + EVIDENCE_FIT * min(1.0, count / EVIDENCE_FULL)
    reasons: list[Reason] = []
    if listed:
        reasons.append(ListsSkill(listed))
    if shown:
        reasons.append(HelpedOnSkill(_skills_in(shown, skills), len(shown), days))
    return fit / len(skills), reasons


def _fairness_part(figures: _Figures, handle: str) -> tuple[float, list[Reason]]:
    """Half for having received more than given, half for carrying little of the team's help."""
    context = figures.context
    balance = context.decayed_balances.of(handle)
    reciprocity = 1.0 - balance.give_share
    equal = 1.0 / max(1, len(context.active))
    share = (
        figures.window_given.get(handle, 0.0) / figures.window_total if figures.window_total else 0
    )
    spread = 1.0 - min(1.0, share / (LOAD_CEILING * equal))
    reasons: list[Reason] = []
    if balance.received_minutes > balance.given_minutes:
        reasons.append(
            ReceivedMore(
                balance.given_minutes,
                balance.received_minutes,
                context.charter.rules.half_life_days,
                context.starts.get(handle),
            )
        )
    days = context.charter.rules.window_days
    if figures.window_total and share < equal:
        reasons.append(CarriesLittle(share, equal, days))
    elif share > equal:
        reasons.append(CarriesMuch(share, equal, days))
    return 0.5 * reciprocity + 0.5 * spread, reasons


def _time_part(figures: _Figures, handle: str) -> tuple[float, Reason]:
    """The share of this week's allowance and offers still free (engine.capacity)."""
    week = figures.capacities[handle]
    if week.over_budget:
        return 0.0, PastBudget(
            week.given_minutes,
            week.allowance_minutes,
            week.offered_minutes,
            week.own_budget,
            week.week,
        )
    spare = week.spare_minutes / (week.allowance_minutes + week.offered_minutes)
    reason = SpareTime(
        week.spare_minutes,
        week.allowance_minutes,
        week.offered_minutes,
        week.own_budget,
        DEFAULT_BUDGET_SHARE,
        week.week,
    )
    return spare, reason


def _suggestion(figures: _Figures, member: Member, skills: tuple[str, ...]) -> Suggestion:
    fit, skill_reasons = _skill_part(figures, member, skills)
    fairness, fairness_reasons = _fairness_part(figures, member.handle)
    spare, time_reason = _time_part(figures, member.handle)
    score = SKILL_WEIGHT * fit + FAIRNESS_WEIGHT * fairness + SPARE_WEIGHT * spare
    return Suggestion(
        handle=member.handle,
        score=score,
        skill_fit=fit,
        fairness=fairness,
        spare=spare,
        past_budget=isinstance(time_reason, PastBudget),
        reasons=(*skill_reasons, time_reason, *fairness_reasons),
    )


def _best_first(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    return sorted(suggestions, key=lambda suggestion: (-suggestion.score, suggestion.handle))


def _candidates(context: Context, request: Request) -> list[Member]:
    """Active members other than the requester: who could be asked at all."""
    return [member for member in context.active if member.handle != request.by]


def _partner(
    figures: _Figures, request: Request, helpers: tuple[Suggestion, ...]
) -> Suggestion | None:
    """The best-scored person taught the request's skills lately, with time, not a helper."""
    if not request.skills or not helpers:
        return None
    days = figures.context.charter.rules.window_days
    first = helpers[0].handle
    learners = []
    for member in _candidates(figures.context, request):
        learned = figures.learned(member.handle, request.skills)
        if member.handle == first or not learned:
            continue
        suggestion = _suggestion(figures, member, request.skills)
        if suggestion.past_budget:
            continue
        reason = LearnedSkill(_skills_in(learned, request.skills), len(learned), days)
        learners.append(replace(suggestion, reasons=(reason, *suggestion.reasons)))
    ranked = _best_first(learners)
    return ranked[0] if ranked else None


def _match(figures: _Figures, request: Request, top: int) -> RequestMatch:
    scored = [
        _suggestion(figures, member, request.skills)
        for member in _candidates(figures.context, request)
    ]
    able = [suggestion for suggestion in scored if suggestion.skill_fit > 0]
    nobody_skilled = not able
    able = able or scored
    with_time = [suggestion for suggestion in able if not suggestion.past_budget]
    past_budget_only = bool(able) and not with_time
    helpers = tuple(_best_first(with_time or able)[:top])
    return RequestMatch(
        request_id=request.id,
        by=request.by,
        title=request.title,
        skills=request.skills,
        helpers=helpers,
        partner=_partner(figures, request, helpers),
        nobody_skilled=nobody_skilled and bool(request.skills),
        past_budget_only=past_budget_only,
    )


def match_request(context: Context, request: Request, top: int = DEFAULT_TOP) -> RequestMatch:
    """The `top` helpers for one request as the ledger stood on `context.as_of`."""
    return _match(_Figures.of(context), request, top)


def open_requests(context: Context) -> tuple[Request, ...]:
    """The requests open on `context.as_of`, oldest first."""
    return tuple(
        sorted(
            (request for request in context.requests if request.status == "open"),
            key=lambda request: (request.opened, request.id),
        )
    )


def match_open_requests(context: Context, top: int = DEFAULT_TOP) -> tuple[RequestMatch, ...]:
    """The `top` helpers for every open request, oldest request first."""
    figures = _Figures.of(context)
    return tuple(_match(figures, request, top) for request in open_requests(context))
