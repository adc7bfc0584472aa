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
from aidledger.i18n import N_, _, format_day, format_number, format_percent, ngettext, pgettext
from aidledger.model.values import format_minutes, signed_minutes
from aidledger.render.markdown import Markdown, cell
from aidledger.render.terminal import plain, rounded
from aidledger.render.text import printable, severity_label, severity_width

SEVERITY_STYLE = {"fail": "bold red", "warn": "yellow", "info": "cyan"}
# Pages about one person speak of what to do, not of a verdict on them. Shown with `_()`.
PERSONAL_SEVERITY = {
    "fail": N_("act now"),
    "warn": N_("needs attention"),
    "info": N_("note"),
}

# What each warning is about, for headings that group findings by pattern. Shown with `_()`.
TITLES = {
    "one-way-receiver": N_("help flows one way towards a person"),
    "one-way-giver": N_("help flows one way from a person"),
    "net-balance": N_("a balance far from even"),
    "concentration": N_("always the same helpers"),
    "shallow-pool": N_("few real helpers"),
    "low-participation": N_("a minority takes part"),
    "helper-overload": N_("help eats a person's own work"),
    "team-overhead": N_("help costs the team's own work"),
    "repeat-dependency": N_("the same help again and again"),
    "done-for-dependency": N_("work done for a person rather than taught"),
    "teaching-style": N_("doing rather than teaching"),
    "low-usefulness": N_("help that does not meet the need"),
    "unconfirmed": N_("help waiting for confirmation"),
    "isolated-member": N_("a member left out"),
    "stale-request": N_("requests nobody took"),
    "missed-meeting": N_("the exchange meeting is overdue"),
    "insufficient-data": N_("not judged yet, for lack of data"),
}


@dataclass(frozen=True)
class Voice:
    """Whom a page speaks to: the team, or one person as "you".

    Each sentence is written whole for each voice (`is_you` chooses between them); `name`
    and `people` only name people inside a list.
    """

    you: str | None = None

    def is_you(self, handle: str) -> bool:
        return handle == self.you

    def name(self, handle: str) -> str:
        # Translators: the person a page speaks to, as one name in a list of people.
        return pgettext("person", "you") if handle == self.you else handle

    def people(self, handles: Iterable[str]) -> str:
        return ", ".join(self.name(handle) for handle in handles)


TEAM = Voice()


def _percent(share: float) -> str:
    return format_percent(share)


def period_words(window: Window) -> str:
    """A period in a sentence: `from 2026-08-02 to 2026-10-30`."""
    since, until = window.since, window.until
    if since and until:
        # Translators: a period inside a sentence: "the help given from 2026-08-02 to ...".
        return _("from {since} to {until}").format(since=format_day(since), until=format_day(until))
    if since:
        return _("from {since} to today").format(since=format_day(since))
    if until:
        return _("from the start to {until}").format(until=format_day(until))
    return _("from the start to today")


def _as_logged(minutes: str, facts: BalanceFacts) -> str:
    """`+2h as logged since 2026-01-05`: a figure as logged, and from which day."""
    if facts.since:
        # Translators: {minutes} is a duration as the members logged it, without the
        # time-weighting, counted from the day {since}.
        return _("{minutes} as logged since {since}").format(
            minutes=minutes, since=format_day(facts.since)
        )
    # Translators: {minutes} is a duration as the members logged it, without the
    # time-weighting.
    return _("{minutes} as logged").format(minutes=minutes)


def _balance(facts: BalanceFacts) -> str:
    """Minutes given and received, time-weighted, next to the same as logged."""
    figures = {
        "given": format_minutes(facts.given_minutes),
        "received": format_minutes(facts.received_minutes),
        "days": facts.half_life_days,
        "logged_given": format_minutes(facts.logged_given_minutes),
        "logged_received": format_minutes(facts.logged_received_minutes),
    }
    if facts.since:
        # Translators: the end of a sentence, after "with". Durations; recent help weighs
        # more ("time-weighted", halved every {days} days); then the same as logged.
        return ngettext(
            "{given} given and {received} received time-weighted (half-life {days} day), "
            "{logged_given} and {logged_received} as logged since {since}",
            "{given} given and {received} received time-weighted (half-life {days} days), "
            "{logged_given} and {logged_received} as logged since {since}",
            facts.half_life_days,
        ).format(since=format_day(facts.since), **figures)
    # Translators: the end of a sentence, after "with". Durations; recent help weighs
    # more ("time-weighted", halved every {days} days); then the same as logged.
    return ngettext(
        "{given} given and {received} received time-weighted (half-life {days} day), "
        "{logged_given} and {logged_received} as logged",
        "{given} given and {received} received time-weighted (half-life {days} days), "
        "{logged_given} and {logged_received} as logged",
        facts.half_life_days,
    ).format(**figures)


def _one_way(finding: Finding, facts: BalanceFacts, voice: Voice) -> tuple[str, str]:
    who = facts.handle
    you = voice.is_you(facts.handle)
    figures = {"who": who, "share": _percent(facts.give_share), "balance": _balance(facts)}
    if finding.id == "one-way-receiver":
        if you:
            return (
                # Translators: {balance} is the end of the sentence, "3h given and ...".
                _(
                    "Help flows one way towards you: a smoothed give share of {share}, "
                    "with {balance}."
                ).format(**figures),
                _(
                    "Find something you can teach, review or pair on, and ask to be taught "
                    "rather than to have it done, so that the exchange goes both ways."
                ),
            )
        return (
            # Translators: {balance} is the end of the sentence, "3h given and ...".
            _(
                "Help flows one way towards {who}: a smoothed give share of {share}, "
                "with {balance}."
            ).format(**figures),
            _(
                "Find something {who} can teach, review or pair on, and prefer teaching over "
                "doing in the help {who} gets, so that the exchange goes both ways."
            ).format(who=who),
        )
    if you:
        return (
            # Translators: {balance} is the end of the sentence, "3h given and ...".
            _(
                "Help flows one way from you: a smoothed give share of {share}, with {balance}."
            ).format(**figures),
            _(
                "Think of what you would like to learn or hand over, and pair others on the "
                "topics you cover, so that the knowledge spreads."
            ),
        )
    return (
        # Translators: {balance} is the end of the sentence, "3h given and ...".
        _(
            "Help flows one way from {who}: a smoothed give share of {share}, with {balance}."
        ).format(**figures),
        _(
            "Ask what {who} would like to learn or hand over, and pair others on the topics "
            "{who} covers, so that the knowledge spreads."
        ).format(who=who),
    )


def _net_balance(facts: BalanceFacts, voice: Voice) -> tuple[str, str]:
    who = facts.handle
    figures = {
        "who": who,
        "net": signed_minutes(facts.net_minutes),
        "logged": _as_logged(signed_minutes(facts.logged_net_minutes), facts),
    }
    more_given = facts.net_minutes > 0
    if voice.is_you(facts.handle):
        if more_given:
            return (
                # Translators: {logged} is the same balance as logged, "+2h as logged".
                _(
                    "Your balance stands at {net} time-weighted ({logged}): more given than "
                    "received."
                ).format(**figures),
                _(
                    "Plan exchanges in the other direction: bring a need of your own to the "
                    "next exchange."
                ),
            )
        return (
            # Translators: {logged} is the same balance as logged, "-2h as logged".
            _(
                "Your balance stands at {net} time-weighted ({logged}): more received than given."
            ).format(**figures),
            _("Plan exchanges in the other direction: offer a skill at the next exchange."),
        )
    if more_given:
        return (
            # Translators: {logged} is the same balance as logged, "+2h as logged".
            _(
                "{who}'s balance stands at {net} time-weighted ({logged}): more given than "
                "received."
            ).format(**figures),
            _(
                "Plan exchanges in the other direction for {who}: let {who} bring a need to "
                "the next exchange."
            ).format(who=who),
        )
    return (
        # Translators: {logged} is the same balance as logged, "-2h as logged".
        _(
            "{who}'s balance stands at {net} time-weighted ({logged}): more received than given."
        ).format(**figures),
        _(
            "Plan exchanges in the other direction for {who}: ask {who} to offer a skill at "
            "the next exchange."
        ).format(who=who),
    )


def _concentration(facts: ConcentrationFacts, voice: Voice) -> tuple[str, str]:
    who = voice.people(facts.leaders)
    k = len(facts.leaders)
    # Translators: {period} is "from 2026-08-02 to 2026-10-30"; {who} the handles of the
    # largest givers, "alice, bob"; {size} the number of members.
    text = ngettext(
        "{share} of the help given {period} came from the largest giver ({who}), "
        "in a team of {size}.",
        "{share} of the help given {period} came from the {count} largest givers ({who}), "
        "in a team of {size}.",
        k,
    ).format(
        share=_percent(facts.share),
        period=period_words(facts.window),
        count=k,
        who=who,
        size=facts.team_size,
    )
    if voice.you in facts.leaders:
        step = _(
            "Let needs go to other people first at the regular exchange, and pair a second "
            "person with you on the topics only you cover."
        )
    else:
        step = _(
            "Route needs to other people first at the regular exchange, and pair a second "
            "person with {who} on the topics only they cover."
        ).format(who=who)
    return text, step


def _pool(facts: PoolFacts, voice: Voice) -> tuple[str, str]:
    return (
        # Translators: {helpers} is a number with a decimal, "2.4": the giving is spread as
        # if that many people gave equal shares.
        _(
            "The help given {period} is worth {helpers} equal helpers in a team of {size}: "
            "a few people carry the giving."
        ).format(
            period=period_words(facts.window),
            helpers=format_number(facts.effective_helpers, 1),
            size=facts.team_size,
        ),
        _(
            "At the next exchange, ask each person for one offer, and match needs to the "
            "people who have given least so far."
        ),
    )


def _participation(facts: ParticipationFacts, voice: Voice) -> tuple[str, str]:
    return (
        # Translators: {givers} members of the {size} active ones gave help; {share} is
        # the same as a percentage.
        ngettext(
            "{givers} of {size} active members gave help in the last {days} day ({share}).",
            "{givers} of {size} active members gave help in the last {days} days ({share}).",
            facts.days,
        ).format(
            givers=facts.givers,
            size=facts.team_size,
            days=facts.days,
            share=_percent(facts.share),
        ),
        _(
            "Make giving easy to start: at the next exchange, invite those who have not given "
            "yet to offer a short piece of advice or a review."
        ),
    )


def _overload(facts: OverloadFacts, voice: Voice) -> tuple[str, str]:
    you = voice.is_you(facts.handle)
    figures = {
        "who": facts.handle,
        "per_week": format_minutes(facts.minutes_per_week),
        "days": facts.days,
        "ratio": format_number(facts.ratio, 1),
        "share": format_percent(facts.default_share),
        "allowance": format_minutes(facts.allowance_minutes),
    }
    # Translators: {ratio} is a number with a decimal, "1.8"; {allowance} the duration of
    # the budget; {share} a percentage of a work week.
    if you and facts.own_budget:
        text = ngettext(
            "You spent {per_week} a week helping over the last {days} day, {ratio}× your "
            "budget ({allowance}).",
            "You spent {per_week} a week helping over the last {days} days, {ratio}× your "
            "budget ({allowance}).",
            facts.days,
        )
    elif you:
        text = ngettext(
            "You spent {per_week} a week helping over the last {days} day, {ratio}× "
            "{share} of a work week ({allowance}).",
            "You spent {per_week} a week helping over the last {days} days, {ratio}× "
            "{share} of a work week ({allowance}).",
            facts.days,
        )
    elif facts.own_budget:
        text = ngettext(
            "{who} spent {per_week} a week helping over the last {days} day, {ratio}× "
            "their budget ({allowance}).",
            "{who} spent {per_week} a week helping over the last {days} days, {ratio}× "
            "their budget ({allowance}).",
            facts.days,
        )
    else:
        text = ngettext(
            "{who} spent {per_week} a week helping over the last {days} day, {ratio}× "
            "{share} of a work week ({allowance}).",
            "{who} spent {per_week} a week helping over the last {days} days, {ratio}× "
            "{share} of a work week ({allowance}).",
            facts.days,
        )
    step = (
        _(
            "Protect your own work: let the next requests go to others, and turn repeated "
            "questions into a shared note or a teaching session."
        )
        if you
        else _(
            "Protect {who}'s own work: send the next requests to others, and turn "
            "repeated questions into a shared note or a teaching session."
        ).format(who=facts.handle)
    )
    return text.format(**figures), step


def _overhead(facts: OverheadFacts, voice: Voice) -> tuple[str, str]:
    return (
        ngettext(
            "Help took {per_week} a week over the last {days} day, {share} of the team's "
            "working time.",
            "Help took {per_week} a week over the last {days} days, {share} of the team's "
            "working time.",
            facts.days,
        ).format(
            per_week=format_minutes(facts.minutes_per_week),
            days=facts.days,
            share=_percent(facts.share),
        ),
        _(
            "Look for the help that repeats and fix its cause: documentation, automation, or "
            "a teaching session instead of many one-off fixes."
        ),
    )


def _repeat_subject(facts: RepeatFacts) -> str:
    """What the help was on: a tag, a topic, or one topic."""
    if facts.tag is not None:
        # Translators: what help was asked on, after "on": "helped 4 times on the tag ci".
        return _("the tag {tag}").format(tag=facts.tag)
    if facts.topic is not None:
        # Translators: what help was asked on, after "on": "helped 4 times on the topic
        # “flaky tests”".
        return _("the topic “{topic}”").format(topic=facts.topic)
    # Translators: what help was asked on, after "on": "helped 4 times on one topic".
    return _("one topic")


def _repeat(facts: RepeatFacts, voice: Voice) -> tuple[str, str]:
    figures = {
        "who": facts.handle,
        # Translators: how often a person was helped, inside "was helped {times} on".
        "times": ngettext("{count} time", "{count} times", facts.count).format(count=facts.count),
        "on": _repeat_subject(facts),
        "days": facts.days,
    }
    if voice.is_you(facts.handle):
        return (
            # Translators: {times} is "4 times"; {on} is "the tag ci", "the topic “x”" or
            # "one topic".
            ngettext(
                "You were helped {times} on {on} in the last {days} day.",
                "You were helped {times} on {on} in the last {days} days.",
                facts.days,
            ).format(**figures),
            # Translators: {on} is "the tag ci", "the topic “x”" or "one topic".
            _(
                "Turn your next request on {on} into a taught session or a pairing where you "
                "drive, so the need does not come back."
            ).format(**figures),
        )
    return (
        # Translators: {times} is "4 times"; {on} is "the tag ci", "the topic “x”" or
        # "one topic".
        ngettext(
            "{who} was helped {times} on {on} in the last {days} day.",
            "{who} was helped {times} on {on} in the last {days} days.",
            facts.days,
        ).format(**figures),
        # Translators: {on} is "the tag ci", "the topic “x”" or "one topic".
        _(
            "Turn the next request on {on} into a taught session or a pairing where {who} "
            "drives, so the need does not come back."
        ).format(**figures),
    )


def _mode(facts: ModeFacts, voice: Voice) -> tuple[str, str]:
    you = voice.is_you(facts.handle)
    figures = {
        "who": facts.handle,
        "share": _percent(facts.share),
        "period": period_words(facts.window),
        # Translators: minutes of help done for the person out of all the minutes,
        # "3h of 5h".
        "amount": _("{part} of {total}").format(
            part=format_minutes(facts.did_minutes), total=format_minutes(facts.minutes)
        ),
    }
    if facts.side == "received":
        if you:
            return (
                # Translators: {period} is "from 2026-08-02 to 2026-10-30"; {amount} "3h
                # of 5h".
                _(
                    "{share} of the help you received {period} was done for you rather than "
                    "taught or shared ({amount})."
                ).format(**figures),
                _(
                    "Next time, ask to pair at the keyboard or to be taught the steps, so you "
                    "can do it alone the time after."
                ),
            )
        return (
            # Translators: {period} is "from 2026-08-02 to 2026-10-30"; {amount} "3h of 5h".
            _(
                "{share} of the help {who} received {period} was done for them rather than "
                "taught or shared ({amount})."
            ).format(**figures),
            _(
                "Next time, pair with {who} at the keyboard or teach the steps, so {who} can "
                "do it alone the time after."
            ).format(**figures),
        )
    if you:
        return (
            # Translators: {period} is "from 2026-08-02 to 2026-10-30"; {amount} "3h of 5h".
            _(
                "{share} of the help you gave {period} was doing the work for others rather "
                "than teaching or pairing ({amount})."
            ).format(**figures),
            _("Take the time to teach: a slower, taught session now saves the same request later."),
        )
    return (
        # Translators: {period} is "from 2026-08-02 to 2026-10-30"; {amount} "3h of 5h".
        _(
            "{share} of the help {who} gave {period} was doing the work for others rather "
            "than teaching or pairing ({amount})."
        ).format(**figures),
        _(
            "Give {who} the time to teach: a slower, taught session now saves the same "
            "request later."
        ).format(**figures),
    )


def _usefulness(facts: UsefulnessFacts, voice: Voice) -> tuple[str, str]:
    figures = {
        "good": facts.good,
        "rated": facts.rated,
        "period": period_words(facts.window),
        "bound": _percent(facts.bound),
        "who": facts.handle,
    }
    if facts.handle is None:
        return (
            # Translators: {good} of the {rated} ratings gave 4 or 5; {bound} is the lowest
            # likely share of useful help, a percentage.
            _(
                "{good} of {rated} ratings {period} found the help useful (4 or 5); the "
                "cautious estimate of that share is {bound}."
            ).format(**figures),
            _(
                "Start each exchange by asking what the person needs and how they will know "
                "it worked; check back afterwards."
            ),
        )
    if voice.is_you(facts.handle):
        return (
            # Translators: {good} of the {rated} ratings found it useful; {bound} is the
            # lowest likely share of useful help, a percentage.
            _(
                "{good} of {rated} ratings of your help {period} found it useful; the "
                "cautious estimate of that share is {bound}."
            ).format(**figures),
            _(
                "Ask the people you helped what would have helped more; the charter's advice "
                "on how to help is a good start."
            ),
        )
    return (
        # Translators: {good} of the {rated} ratings found it useful; {bound} is the
        # lowest likely share of useful help, a percentage.
        _(
            "{good} of {rated} ratings of {who}'s help {period} found it useful; the "
            "cautious estimate of that share is {bound}."
        ).format(**figures),
        _(
            "Ask the people {who} helped what would have helped more; the charter's advice "
            "on how to help is a good start."
        ).format(**figures),
    )


def _unconfirmed(facts: UnconfirmedFacts, voice: Voice) -> tuple[str, str]:
    count = len(facts.exchanges)
    figures = {
        "count": count,
        "who": facts.handle,
        "handle": facts.handle,
        "days": facts.days,
        "oldest": facts.exchanges[0],
    }
    if voice.is_you(facts.handle):
        return (
            # Translators: {oldest} is the id of the oldest exchange.
            ngettext(
                "{count} exchange helping you is still unconfirmed after {days} days "
                "(oldest {oldest}).",
                "{count} exchanges helping you are still unconfirmed after {days} days "
                "(oldest {oldest}).",
                count,
            ).format(**figures),
            # Translators: {handle} is the person's handle, as the command needs it.
            _(
                "You can confirm with `aidledger confirm ID --useful N`; list them with "
                "`aidledger exchanges --member {handle} --unconfirmed`."
            ).format(**figures),
        )
    return (
        # Translators: {oldest} is the id of the oldest exchange.
        ngettext(
            "{count} exchange helping {who} is still unconfirmed after {days} days "
            "(oldest {oldest}).",
            "{count} exchanges helping {who} are still unconfirmed after {days} days "
            "(oldest {oldest}).",
            count,
        ).format(**figures),
        # Translators: {who} and {handle} are the same person's handle.
        _(
            "{who} can confirm with `aidledger confirm ID --useful N`; list them with "
            "`aidledger exchanges --member {handle} --unconfirmed`."
        ).format(**figures),
    )


def _isolation(facts: IsolationFacts, voice: Voice) -> tuple[str, str]:
    who = facts.handle
    if voice.is_you(facts.handle):
        return (
            ngettext(
                "You took part in no exchange, given or received, in the last {days} day.",
                "You took part in no exchange, given or received, in the last {days} days.",
                facts.days,
            ).format(days=facts.days),
            _("Bring one need or one offer of yours to the next exchange: a short one is enough."),
        )
    return (
        ngettext(
            "{who} took part in no exchange, given or received, in the last {days} day.",
            "{who} took part in no exchange, given or received, in the last {days} days.",
            facts.days,
        ).format(who=who, days=facts.days),
        _(
            "Check in with {who}: what {who} is working on, and what could be used or "
            "offered; bring it to the next exchange."
        ).format(who=who),
    )


def _request_name(request: StaleRequest) -> str:
    """A request by its title, or by its id when the title is left out."""
    if request.title is None:
        return request.id
    # Translators: the title of a help request, quoted.
    return _("“{title}”").format(title=request.title)


def _stale_request(request: StaleRequest, voice: Voice) -> str:
    """One waiting request, in a list: its name, who asked, how long ago."""
    # Translators: one item of a list of requests: {request} is its title or id, {who}
    # the person who asked (or "you"), {days} its age.
    return ngettext(
        "{request} by {who}, {days} day", "{request} by {who}, {days} days", request.age_days
    ).format(request=_request_name(request), who=voice.name(request.by), days=request.age_days)


def _stale(facts: StaleFacts, voice: Voice) -> tuple[str, str]:
    count = len(facts.requests)
    listed = "; ".join(_stale_request(request, voice) for request in facts.requests[:3])
    if count > 3:
        # Translators: {listed} names the first three requests; {more} is how many others.
        text = ngettext(
            "{count} request waited more than {days} days with nobody on it: {listed} and "
            "{more} more.",
            "{count} requests waited more than {days} days with nobody on them: {listed} and "
            "{more} more.",
            count,
        )
    else:
        # Translators: {listed} names the requests, "“title” by alice, 30 days".
        text = ngettext(
            "{count} request waited more than {days} days with nobody on it: {listed}.",
            "{count} requests waited more than {days} days with nobody on them: {listed}.",
            count,
        )
    return (
        text.format(count=count, days=facts.days, listed=listed, more=count - 3),
        _("Bring them to the next exchange: find someone with the skill, or agree to drop them."),
    )


def _missed_meeting(facts: MeetingFacts, voice: Voice) -> tuple[str, str]:
    # Translators: the end of a sentence about the last exchange meeting: "one" is a meeting.
    promise = ngettext(
        "the charter promises one every {count} day",
        "the charter promises one every {count} days",
        facts.every_days,
    ).format(count=facts.every_days)
    if facts.last is None:
        # Translators: {promise} is "the charter promises one every 14 days".
        text = ngettext(
            "No exchange meeting is recorded in the {days} day since {since}; {promise}.",
            "No exchange meeting is recorded in the {days} days since {since}; {promise}.",
            facts.days,
        ).format(days=facts.days, since=format_day(facts.since), promise=promise)
    else:
        # Translators: {promise} is "the charter promises one every 14 days".
        text = ngettext(
            "The last exchange meeting was on {last}, {days} day ago; {promise}.",
            "The last exchange meeting was on {last}, {days} days ago; {promise}.",
            facts.days,
        ).format(last=format_day(facts.last), days=facts.days, promise=promise)
    return (
        text,
        _(
            "Hold the next exchange meeting soon, even a short one, and record it with "
            "`aidledger meeting record`."
        ),
    )


# What a check lacks, by the kind of data and by which minimum is not met. `given in
# {days} days` is made with ngettext in `_too_few`.
_TOO_FEW = {
    # Translators: why a check could not judge, after a colon: {count} exchanges or
    # ratings, {minutes} a number of minutes; "given" and "received" are the help.
    ("given", "count"): N_("fewer than {count} exchanges given"),
    ("given", "minutes"): N_("less than {minutes} minutes given"),
    ("given", "both"): N_("fewer than {count} exchanges and less than {minutes} minutes given"),
    ("received", "count"): N_("fewer than {count} exchanges received"),
    ("received", "minutes"): N_("less than {minutes} minutes received"),
    ("received", "both"): N_(
        "fewer than {count} exchanges and less than {minutes} minutes received"
    ),
    ("exchanges", "count"): N_("fewer than {count} exchanges"),
    ("exchanges", "minutes"): N_("less than {minutes} minutes"),
    ("exchanges", "both"): N_("fewer than {count} exchanges and less than {minutes} minutes"),
    ("ratings", "count"): N_("fewer than {count} ratings in the window"),
    ("ratings", "minutes"): N_("less than {minutes} minutes in the window"),
    ("ratings", "both"): N_(
        "fewer than {count} ratings and less than {minutes} minutes in the window"
    ),
    ("helper-ratings", "count"): N_("fewer than {count} ratings as helper"),
    ("helper-ratings", "minutes"): N_("less than {minutes} minutes as helper"),
    ("helper-ratings", "both"): N_(
        "fewer than {count} ratings and less than {minutes} minutes as helper"
    ),
}


def _too_few(reason: TooFew) -> str:
    figures = {"count": reason.min_count, "minutes": reason.min_minutes, "days": reason.days}
    if reason.side != "given-recently":
        return _(_TOO_FEW[(reason.side, reason.short_of)]).format(**figures)
    days = reason.days or 0
    if reason.short_of == "count":
        text = ngettext(
            "fewer than {count} exchanges given in {days} day",
            "fewer than {count} exchanges given in {days} days",
            days,
        )
    elif reason.short_of == "minutes":
        text = ngettext(
            "less than {minutes} minutes given in {days} day",
            "less than {minutes} minutes given in {days} days",
            days,
        )
    else:
        text = ngettext(
            "fewer than {count} exchanges and less than {minutes} minutes given in {days} day",
            "fewer than {count} exchanges and less than {minutes} minutes given in {days} days",
            days,
        )
    return text.format(**figures)


def _small_team(reason: SmallTeam) -> str:
    figures = {
        # Translators: inside "{members} and {exchanges} in the last 90 days".
        "members": ngettext(
            "{count} active member", "{count} active members", reason.active
        ).format(count=reason.active),
        # Translators: inside "{members} and {exchanges} in the last 90 days".
        "exchanges": ngettext("{count} exchange", "{count} exchanges", reason.exchanges).format(
            count=reason.exchanges
        ),
        "members_needed": reason.members_needed,
        "exchanges_needed": reason.exchanges_needed,
        "days": reason.days,
    }
    # Translators: why team checks could not judge: {members} is "2 active members",
    # {exchanges} "5 exchanges"; they need {members_needed} members and
    # {exchanges_needed} exchanges.
    if reason.days is not None:
        return ngettext(
            "{members} and {exchanges} in the last {days} day; team checks need "
            "{members_needed} and {exchanges_needed}",
            "{members} and {exchanges} in the last {days} days; team checks need "
            "{members_needed} and {exchanges_needed}",
            reason.days,
        ).format(**figures)
    if reason.window is None:
        return _(
            "{members} and {exchanges} in the window; team checks need {members_needed} and "
            "{exchanges_needed}"
        ).format(**figures)
    # Translators: {period} is "from 2026-08-02 to 2026-10-30".
    return _(
        "{members} and {exchanges} in the window ({period}); team checks need "
        "{members_needed} and {exchanges_needed}"
    ).format(period=period_words(reason.window), **figures)


def shortfall_words(reason: Shortfall) -> str:
    """Why a check could not judge, in words: the end of a sentence, after a colon."""
    if isinstance(reason, TooFew):
        return _too_few(reason)
    if isinstance(reason, SmallTeam):
        return _small_team(reason)
    if isinstance(reason, ShortHistory):
        return ngettext(
            "less than {days} day of history", "less than {days} days of history", reason.days
        ).format(days=reason.days)
    if isinstance(reason, Newcomers):
        return ngettext(
            "members for less than {days} day", "members for less than {days} days", reason.days
        ).format(days=reason.days)
    if isinstance(reason, QuietTeam):
        return ngettext(
            "nobody logged an exchange in the last {days} day",
            "nobody logged an exchange in the last {days} days",
            reason.days,
        ).format(days=reason.days)
    if isinstance(reason, NoMeeting):
        return _("no exchange meeting is recorded yet, and the charter sets no meeting_every_days")
    raise TypeError(reason)


def _not_judged(finding: Finding, facts: NotJudged, voice: Voice) -> tuple[str, str]:
    step = (
        _(
            "Record each exchange meeting with `aidledger meeting record`; the check runs "
            "from the first one."
        )
        if isinstance(facts.reason, NoMeeting)
        else _("Keep logging help; the check runs once there is enough data.")
    )
    reason = shortfall_words(facts.reason)
    if finding.members:
        # Translators: {warning} is a warning id, "one-way-receiver"; {people} handles
        # ("you" for the reader); {reason} "fewer than 5 exchanges given".
        text = _("{warning} was not judged for {people}: {reason}.").format(
            warning=facts.warning, people=voice.people(finding.members), reason=reason
        )
    else:
        # Translators: {warning} is a warning id, "one-way-receiver"; {reason} why it could
        # not be judged, "less than 90 days of history".
        text = _("{warning} was not judged: {reason}.").format(warning=facts.warning, reason=reason)
    return text, step


_WORDS: dict[type, Callable[[Finding, Any, Voice], tuple[str, str]]] = {
    BalanceFacts: lambda finding, facts, voice: (
        _net_balance(facts, voice)
        if finding.id == "net-balance"
        else _one_way(finding, facts, voice)
    ),
    ConcentrationFacts: lambda finding, facts, voice: _concentration(facts, voice),
    PoolFacts: lambda finding, facts, voice: _pool(facts, voice),
    ParticipationFacts: lambda finding, facts, voice: _participation(facts, voice),
    OverloadFacts: lambda finding, facts, voice: _overload(facts, voice),
    OverheadFacts: lambda finding, facts, voice: _overhead(facts, voice),
    RepeatFacts: lambda finding, facts, voice: _repeat(facts, voice),
    ModeFacts: lambda finding, facts, voice: _mode(facts, voice),
    UsefulnessFacts: lambda finding, facts, voice: _usefulness(facts, voice),
    UnconfirmedFacts: lambda finding, facts, voice: _unconfirmed(facts, voice),
    IsolationFacts: lambda finding, facts, voice: _isolation(facts, voice),
    StaleFacts: lambda finding, facts, voice: _stale(facts, voice),
    MeetingFacts: lambda finding, facts, voice: _missed_meeting(facts, voice),
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
    line = Text()
    style = SEVERITY_STYLE[finding.severity]
    if personal:
        label = _(PERSONAL_SEVERITY[finding.severity])
        # Translators: a label before a warning id: "act now: ", "needs attention: ".
        line.append(plain(_("{label}: ").format(label=label), style=style))
    else:
        label = severity_label(finding.severity).ljust(severity_width())
        line.append(f"{label} ", style=style)
    # Translators: a warning id, "one-way-receiver", before its sentence.
    line.append(plain(_("{warning}: ").format(warning=finding.id), style="bold"))
    line.append(plain(text))
    next_step = plain(_("next step: {step}").format(step=step), style="dim")
    return [Padding(line, (0, 0, 0, indent)), Padding(next_step, (0, 0, 0, indent + 5))]
