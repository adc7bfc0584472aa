"""How a finding reads: sentences built from its facts, in JSON and in a terminal.

The engine hands over facts; these functions are the only place that words them. A
`Voice` says whom a page speaks to: the team (every person by handle), or one person,
addressed as "you" (`aidledger me`). Durations are written one way everywhere
(`43h30`), and a time-weighted figure always stands next to the same figure as logged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from typing import Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from aidledger.engine.findings import (
    BalanceFacts,
    ConcentrationFacts,
    Facts,
    Finding,
    IsolationFacts,
    MeetingFacts,
    ModeFacts,
    Newcomers,
    NoMeeting,
    NotJudged,
    OverheadFacts,
    OverloadFacts,
    ParticipationFacts,
    PoolFacts,
    QuietTeam,
    RepeatFacts,
    Shortfall,
    ShortHistory,
    SmallTeam,
    StaleFacts,
    StaleRequest,
    TooFew,
    UnconfirmedFacts,
    UsefulnessFacts,
)
from aidledger.engine.window import Window
from aidledger.model.values import format_minutes, plural, signed_minutes
from aidledger.render.markdown import Markdown, cell
from aidledger.render.terminal import period_text, plain, rounded
from aidledger.render.text import printable

SEVERITY_STYLE = {"fail": "bold red", "warn": "yellow", "info": "cyan"}
# Pages about one person speak of what to do, not of a verdict on them.
PERSONAL_SEVERITY = {"fail": "act now", "warn": "needs attention", "info": "note"}

# What each warning is about, for headings that group findings by pattern.
TITLES = {
    "one-way-receiver": "help flows one way towards a person",
    "one-way-giver": "help flows one way from a person",
    "net-balance": "a balance far from even",
    "concentration": "always the same helpers",
    "shallow-pool": "few real helpers",
    "low-participation": "a minority takes part",
    "helper-overload": "help eats a person's own work",
    "team-overhead": "help costs the team's own work",
    "repeat-dependency": "the same help again and again",
    "done-for-dependency": "work done for a person rather than taught",
    "teaching-style": "doing rather than teaching",
    "low-usefulness": "help that does not meet the need",
    "unconfirmed": "help waiting for confirmation",
    "isolated-member": "a member left out",
    "stale-request": "requests nobody took",
    "missed-meeting": "the exchange meeting is overdue",
    "insufficient-data": "not judged yet, for lack of data",
}


@dataclass(frozen=True)
class Voice:
    """Whom a page speaks to: the team, or one person as "you"."""

    you: str | None = None

    def name(self, handle: str) -> str:
        return "you" if handle == self.you else handle

    def starting(self, handle: str) -> str:
        """The name at the start of a sentence."""
        name = self.name(handle)
        return name[:1].upper() + name[1:] if handle == self.you else name

    def possessive(self, handle: str) -> str:
        return "your" if handle == self.you else f"{handle}'s"

    def verb(self, handle: str, third: str, second: str) -> str:
        return second if handle == self.you else third

    def people(self, handles: Iterable[str]) -> str:
        return ", ".join(self.name(handle) for handle in handles)


TEAM = Voice()


def _percent(share: float) -> str:
    return f"{share:.0%}"


def period_words(window: Window) -> str:
    """A period in a sentence: `from 2026-08-02 to 2026-10-30`."""
    return f"from {period_text(window)}"


def _balance(facts: BalanceFacts, voice: Voice) -> str:
    """Minutes given and received, time-weighted, next to the same as logged."""
    return (
        f"{format_minutes(facts.given_minutes)} given and "
        f"{format_minutes(facts.received_minutes)} received time-weighted (half-life "
        f"{facts.half_life_days} days), {format_minutes(facts.logged_given_minutes)} and "
        f"{format_minutes(facts.logged_received_minutes)} {_as_logged(facts)}"
    )


def _as_logged(facts: BalanceFacts) -> str:
    """`as logged since 2026-01-05`: the figures as logged, and from which day."""
    return f"as logged since {facts.since}" if facts.since else "as logged"


def _one_way(finding: Finding, facts: BalanceFacts, voice: Voice) -> tuple[str, str]:
    who = voice.name(facts.handle)
    you = facts.handle == voice.you
    if finding.id == "one-way-receiver":
        return (
            f"Help flows one way towards {who}: a smoothed give share of "
            f"{_percent(facts.give_share)}, with {_balance(facts, voice)}.",
            "Find something you can teach, review or pair on, and ask to be taught rather "
            "than to have it done, so that the exchange goes both ways."
            if you
            else f"Find something {who} can teach, review or pair on, and prefer teaching over "
            f"doing in the help {who} gets, so that the exchange goes both ways.",
        )
    return (
        f"Help flows one way from {who}: a smoothed give share of {_percent(facts.give_share)}, "
        f"with {_balance(facts, voice)}.",
        "Think of what you would like to learn or hand over, and pair others on the topics "
        "you cover, so that the knowledge spreads."
        if you
        else f"Ask what {who} would like to learn or hand over, and pair others on the topics "
        f"{who} covers, so that the knowledge spreads.",
    )


def _net_balance(facts: BalanceFacts, voice: Voice) -> tuple[str, str]:
    who = voice.name(facts.handle)
    direction = "given than received" if facts.net_minutes > 0 else "received than given"
    if facts.handle == voice.you:
        mine = (
            "bring a need of your own to the next exchange."
            if facts.net_minutes > 0
            else "offer a skill at the next exchange."
        )
        return (
            f"Your balance stands at {signed_minutes(facts.net_minutes)} time-weighted "
            f"({signed_minutes(facts.logged_net_minutes)} {_as_logged(facts)}): more {direction}.",
            f"Plan exchanges in the other direction: {mine}",
        )
    step = (
        f"let {who} bring a need to the next exchange."
        if facts.net_minutes > 0
        else f"ask {who} to offer a skill at the next exchange."
    )
    return (
        f"{facts.handle}'s balance stands at "
        f"{signed_minutes(facts.net_minutes)} time-weighted "
        f"({signed_minutes(facts.logged_net_minutes)} {_as_logged(facts)}): more {direction}.",
        f"Plan exchanges in the other direction for {who}: {step}",
    )


def _concentration(facts: ConcentrationFacts, voice: Voice) -> tuple[str, str]:
    who = voice.people(facts.leaders)
    k = len(facts.leaders)
    largest = "the largest giver" if k == 1 else f"the {k} largest givers"
    step = (
        "Let needs go to other people first at the regular exchange, and pair a second person "
        "with you on the topics only you cover."
        if voice.you in facts.leaders
        else "Route needs to other people first at the regular exchange, and pair a second "
        f"person with {who} on the topics only they cover."
    )
    return (
        f"{_percent(facts.share)} of the help given {period_words(facts.window)} came from "
        f"{largest} ({who}), in a team of {facts.team_size}.",
        step,
    )


def _pool(facts: PoolFacts, voice: Voice) -> tuple[str, str]:
    return (
        f"The help given {period_words(facts.window)} is worth {facts.effective_helpers:.1f} "
        f"equal helpers in a team of {facts.team_size}: a few people carry the giving.",
        "At the next exchange, ask each person for one offer, and match needs to the "
        "people who have given least so far.",
    )


def _participation(facts: ParticipationFacts, voice: Voice) -> tuple[str, str]:
    return (
        f"{facts.givers} of {facts.team_size} active members gave help in the last "
        f"{facts.days} days ({_percent(facts.share)}).",
        "Make giving easy to start: at the next exchange, invite those who have not given "
        "yet to offer a short piece of advice or a review.",
    )


def _overload(facts: OverloadFacts, voice: Voice) -> tuple[str, str]:
    basis = (
        f"{voice.verb(facts.handle, 'their', 'your')} budget"
        if facts.own_budget
        else f"{facts.default_share:.0%} of a work week"
    )
    return (
        f"{voice.starting(facts.handle)} spent {format_minutes(facts.minutes_per_week)} a week "
        f"helping over the last {facts.days} days, {facts.ratio:.1f}× {basis} "
        f"({format_minutes(facts.allowance_minutes)}).",
        "Protect your own work: let the next requests go to others, and turn repeated "
        "questions into a shared note or a teaching session."
        if facts.handle == voice.you
        else f"Protect {facts.handle}'s own work: send the next requests to others, and turn "
        "repeated questions into a shared note or a teaching session.",
    )


def _overhead(facts: OverheadFacts, voice: Voice) -> tuple[str, str]:
    return (
        f"Help took {format_minutes(facts.minutes_per_week)} a week over the last "
        f"{facts.days} days, {_percent(facts.share)} of the team's working time.",
        "Look for the help that repeats and fix its cause: documentation, automation, or a "
        "teaching session instead of many one-off fixes.",
    )


def _repeat(facts: RepeatFacts, voice: Voice) -> tuple[str, str]:
    if facts.tag is not None:
        on = f"the tag {facts.tag}"
    elif facts.topic is not None:
        on = f"the topic “{facts.topic}”"
    else:
        on = "one topic"
    who = voice.name(facts.handle)
    return (
        f"{voice.starting(facts.handle)} {voice.verb(facts.handle, 'was', 'were')} helped "
        f"{plural(facts.count, 'time')} on {on} in the last {facts.days} days.",
        f"Turn {'your' if facts.handle == voice.you else 'the'} next request on {on} into a "
        f"taught session or a pairing where {who} {voice.verb(facts.handle, 'drives', 'drive')}, "
        "so the need does not come back.",
    )


def _mode(facts: ModeFacts, voice: Voice) -> tuple[str, str]:
    who = voice.name(facts.handle)
    amount = f"{format_minutes(facts.did_minutes)} of {format_minutes(facts.minutes)}"
    if facts.side == "received":
        return (
            f"{_percent(facts.share)} of the help {who} received {period_words(facts.window)} "
            f"was done for {'you' if facts.handle == voice.you else 'them'} rather than "
            f"taught or shared ({amount}).",
            "Next time, ask to pair at the keyboard or to be taught the steps, so you can do "
            "it alone the time after."
            if facts.handle == voice.you
            else f"Next time, pair with {who} at the keyboard or teach the steps, so {who} can "
            "do it alone the time after.",
        )
    return (
        f"{_percent(facts.share)} of the help {who} gave {period_words(facts.window)} was "
        f"doing the work for others rather than teaching or pairing ({amount}).",
        "Take the time to teach: a slower, taught session now saves the same request later."
        if facts.handle == voice.you
        else f"Give {who} the time to teach: a slower, taught session now saves the same "
        "request later.",
    )


def _usefulness(facts: UsefulnessFacts, voice: Voice) -> tuple[str, str]:
    estimate = f"the cautious estimate of that share is {_percent(facts.bound)}"
    if facts.handle is None:
        return (
            f"{facts.good} of {facts.rated} ratings {period_words(facts.window)} found the "
            f"help useful (4 or 5); {estimate}.",
            "Start each exchange by asking what the person needs and how they will know it "
            "worked; check back afterwards.",
        )
    return (
        f"{facts.good} of {facts.rated} ratings of {voice.possessive(facts.handle)} help "
        f"{period_words(facts.window)} found it useful; {estimate}.",
        f"Ask the people {voice.name(facts.handle)} helped what would have helped more; the "
        "charter's advice on how to help is a good start.",
    )


def _unconfirmed(facts: UnconfirmedFacts, voice: Voice) -> tuple[str, str]:
    count = len(facts.exchanges)
    who = voice.name(facts.handle)
    return (
        f"{plural(count, 'exchange')} helping {who} {'are' if count != 1 else 'is'} still "
        f"unconfirmed after {facts.days} days (oldest {facts.exchanges[0]}).",
        f"{voice.starting(facts.handle)} can confirm with `aidledger confirm ID --useful N`; list "
        f"them with `aidledger exchanges --member {facts.handle} --unconfirmed`.",
    )


def _isolation(facts: IsolationFacts, voice: Voice) -> tuple[str, str]:
    who = voice.name(facts.handle)
    return (
        f"{voice.starting(facts.handle)} took part in no exchange, given or received, in the last "
        f"{facts.days} days.",
        "Bring one need or one offer of yours to the next exchange: a short one is enough."
        if facts.handle == voice.you
        else f"Check in with {who}: what {who} is working on, and what could be used or "
        "offered; bring it to the next exchange.",
    )


def _request_name(request: StaleRequest) -> str:
    """A request by its title, or by its id when the title is left out."""
    return f"“{request.title}”" if request.title is not None else request.id


def _stale(facts: StaleFacts, voice: Voice) -> tuple[str, str]:
    count = len(facts.requests)
    listed = "; ".join(
        f"{_request_name(request)} by {voice.name(request.by)}, {request.age_days} days"
        for request in facts.requests[:3]
    )
    more = f" and {count - 3} more" if count > 3 else ""
    return (
        f"{plural(count, 'request')} waited more than {facts.days} days with nobody on "
        f"{'them' if count != 1 else 'it'}: {listed}{more}.",
        "Bring them to the next exchange: find someone with the skill, or agree to drop them.",
    )


def _missed_meeting(facts: MeetingFacts, voice: Voice) -> tuple[str, str]:
    promise = f"the charter promises one every {plural(facts.every_days, 'day')}"
    if facts.last is None:
        text = (
            f"No exchange meeting is recorded in the {plural(facts.days, 'day')} since "
            f"{facts.since}; {promise}."
        )
    else:
        text = (
            f"The last exchange meeting was on {facts.last}, {plural(facts.days, 'day')} ago; "
            f"{promise}."
        )
    return (
        text,
        "Hold the next exchange meeting soon, even a short one, and record it with "
        "`aidledger meeting record`.",
    )


_SIDES = {
    "given": "given",
    "received": "received",
    "exchanges": "",
    "ratings": "in the window",
    "helper-ratings": "as helper",
}


def shortfall_words(reason: Shortfall) -> str:
    """Why a check could not judge, in words."""
    if isinstance(reason, TooFew):
        things = "ratings" if reason.side in ("ratings", "helper-ratings") else "exchanges"
        what = (
            f"given in {reason.days} days"
            if reason.side == "given-recently"
            else _SIDES[reason.side]
        )
        lacking = []
        if reason.short_of in ("count", "both"):
            lacking.append(f"fewer than {reason.min_count} {things}")
        if reason.short_of in ("minutes", "both"):
            lacking.append(f"less than {reason.min_minutes} minutes")
        return f"{' and '.join(lacking)} {what}".rstrip()
    if isinstance(reason, SmallTeam):
        period = (
            f"the last {reason.days} days"
            if reason.days is not None
            else "the window"
            if reason.window is None
            else f"the window ({period_words(reason.window)})"
        )
        return (
            f"{plural(reason.active, 'active member')} and "
            f"{plural(reason.exchanges, 'exchange')} in {period}; team checks need "
            f"{reason.members_needed} and {reason.exchanges_needed}"
        )
    if isinstance(reason, ShortHistory):
        return f"less than {reason.days} days of history"
    if isinstance(reason, Newcomers):
        return f"members for less than {reason.days} days"
    if isinstance(reason, QuietTeam):
        return f"nobody logged an exchange in the last {reason.days} days"
    if isinstance(reason, NoMeeting):
        return "no exchange meeting is recorded yet, and the charter sets no meeting_every_days"
    raise TypeError(reason)


def _not_judged(finding: Finding, facts: NotJudged, voice: Voice) -> tuple[str, str]:
    who = f" for {voice.people(finding.members)}" if finding.members else ""
    step = (
        "Record each exchange meeting with `aidledger meeting record`; the check runs from "
        "the first one."
        if isinstance(facts.reason, NoMeeting)
        else "Keep logging help; the check runs once there is enough data."
    )
    return (f"{facts.warning} was not judged{who}: {shortfall_words(facts.reason)}.", step)


_WORDS: dict[type, Callable[[Finding, Any, Voice], tuple[str, str]]] = {
    BalanceFacts: lambda finding, facts, voice: (
        _net_balance(facts, voice)
        if finding.id == "net-balance"
        else _one_way(finding, facts, voice)
    ),
    ConcentrationFacts: lambda _, facts, voice: _concentration(facts, voice),
    PoolFacts: lambda _, facts, voice: _pool(facts, voice),
    ParticipationFacts: lambda _, facts, voice: _participation(facts, voice),
    OverloadFacts: lambda _, facts, voice: _overload(facts, voice),
    OverheadFacts: lambda _, facts, voice: _overhead(facts, voice),
    RepeatFacts: lambda _, facts, voice: _repeat(facts, voice),
    ModeFacts: lambda _, facts, voice: _mode(facts, voice),
    UsefulnessFacts: lambda _, facts, voice: _usefulness(facts, voice),
    UnconfirmedFacts: lambda _, facts, voice: _unconfirmed(facts, voice),
    IsolationFacts: lambda _, facts, voice: _isolation(facts, voice),
    StaleFacts: lambda _, facts, voice: _stale(facts, voice),
    MeetingFacts: lambda _, facts, voice: _missed_meeting(facts, voice),
    NotJudged: _not_judged,
}


def words(finding: Finding, voice: Voice = TEAM) -> tuple[str, str]:
    """The message and the suggestion of a finding, in the page's voice."""
    return _WORDS[type(finding.facts)](finding, finding.facts, voice)


def with_field_text(finding: Finding, change: Callable[[str], str]) -> Finding:
    """The finding with the field text its sentences quote (a topic, a tag, request titles)
    passed through `change`: how each format escapes it in words aidledger writes."""
    facts = finding.facts
    if isinstance(facts, RepeatFacts):
        topic = None if facts.topic is None else change(facts.topic)
        tag = None if facts.tag is None else change(facts.tag)
        return replace(finding, facts=replace(facts, topic=topic, tag=tag))
    if isinstance(facts, StaleFacts):
        requests = tuple(
            replace(request, title=None if request.title is None else change(request.title))
            for request in facts.requests
        )
        return replace(finding, facts=replace(facts, requests=requests))
    return finding


def markdown_words(finding: Finding, voice: Voice = TEAM) -> tuple[Markdown, Markdown]:
    """The message and the suggestion as Markdown: field text escaped, code spans kept."""
    text, step = words(with_field_text(finding, cell), voice)
    return Markdown(text), Markdown(step)


def message(finding: Finding, voice: Voice = TEAM) -> str:
    return words(finding, voice)[0]


def suggestion(finding: Finding, voice: Voice = TEAM) -> str:
    return words(finding, voice)[1]


def _kebab(name: str) -> str:
    return "".join(f"-{char.lower()}" if char.isupper() else char for char in name).lstrip("-")


def facts_document(value: Any) -> Any:
    """Facts as JSON: a `kind` for the facts and the reason, then every field.

    Dates are ISO text; whole figures are integers and others keep four decimals.
    """
    if isinstance(value, Window):
        return {
            "since": value.since.isoformat() if value.since else None,
            "until": value.until.isoformat() if value.until else None,
        }
    if is_dataclass(value) and not isinstance(value, type):
        document: dict[str, Any] = {}
        if not isinstance(value, StaleRequest):
            document["kind"] = _kebab(type(value).__name__).removesuffix("-facts")
        for item in fields(value):
            document[item.name] = facts_document(getattr(value, item.name))
        return document
    if isinstance(value, tuple):
        return [facts_document(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else rounded(value)
    return value


def finding_document(finding: Finding, voice: Voice = TEAM) -> dict[str, Any]:
    text, step = words(finding, voice)
    facts: Facts = finding.facts
    return {
        "id": finding.id,
        "severity": finding.severity,
        "members": list(finding.members),
        "value": rounded(finding.value),
        "threshold": rounded(finding.threshold),
        "message": text,
        "suggestion": step,
        "scope": finding.scope,
        "facts": facts_document(facts),
    }


def finding_lines(
    finding: Finding, indent: int, voice: Voice = TEAM, *, personal: bool = False
) -> list[RenderableType]:
    """A finding and its next step, each wrapped under its own indent.

    Pages about one person (`personal`) name the severity as what to do about it.
    """
    text, step = words(with_field_text(finding, printable), voice)
    label = PERSONAL_SEVERITY[finding.severity] if personal else finding.severity
    line = Text()
    style = SEVERITY_STYLE[finding.severity]
    line.append(f"{label}: " if personal else f"{label:<4} ", style=style)
    line.append(f"{finding.id}: ", style="bold")
    line.append(plain(text))
    next_step = plain(f"next step: {step}", style="dim")
    return [Padding(line, (0, 0, 0, indent)), Padding(next_step, (0, 0, 0, indent + 5))]
