"""How the exchange meeting's agenda reads: a Markdown page to paste in the team's notes,
a terminal page, or JSON.

The engine hands over the items as facts (`engine.agenda`); the functions here word them
once, as plain text, and each format escapes that text its own way at the edge. Balance
points speak of the system, never of a person's worth; in a private agenda they name
nobody, by counting people instead ("1 person").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidledger.engine.agenda import (
    TIME_BOXES,
    Agenda,
    BalancePoint,
    Item,
    Need,
    OffersItem,
    SettleItem,
    ThanksItem,
    Waiting,
)
from aidledger.engine.findings import (
    BalanceFacts,
    ConcentrationFacts,
    Finding,
    IsolationFacts,
    MeetingFacts,
    ModeFacts,
    OverheadFacts,
    OverloadFacts,
    ParticipationFacts,
    PoolFacts,
    RepeatFacts,
    UsefulnessFacts,
)
from aidledger.engine.matching import (
    CarriesLittle,
    CarriesMuch,
    HelpedOnSkill,
    LearnedSkill,
    ListsSkill,
    PastBudget,
    Reason,
    ReceivedMore,
    SpareTime,
    Suggestion,
)
from aidledger.engine.report import ThanksRow
from aidledger.engine.window import Window
from aidledger.i18n import (
    N_,
    _,
    format_day,
    format_list,
    format_number,
    format_percent,
    ngettext,
    pgettext,
)
from aidledger.model.records import Offer
from aidledger.model.values import format_minutes
from aidledger.render.exchanges import short_ids
from aidledger.render.findings import TITLES, message
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.terminal import minutes_value, period_text, plain, rounded, to_text
from aidledger.render.text import mode_label

CONFIRM_HINT = "aidledger confirm ID --useful N"

# --- words shared by every format: plain text, escaped by each format -------------------------


def _skills(skills: Iterable[str]) -> str:
    return ", ".join(skills)


def _clauses(parts: Iterable[str]) -> str:
    """Clauses one after the other: `a; b; c`."""
    # Translators: the separator between clauses of a list, "a; b; c" (a space before it
    # in French).
    return pgettext("separator", "; ").join(parts)


def _minutes_box(minutes: int) -> str:
    """A time box: `5 min`."""
    # Translators: a meeting's time box in minutes, as in "5 min".
    return _("{minutes} min").format(minutes=minutes)


def due_words(need: Need) -> str | None:
    """`due today`, `due in 3 days (2026-11-02)`, `2 days late (due 2026-10-28)`."""
    left, needed_by = need.days_left, need.request.needed_by
    if left is None or needed_by is None:
        return None
    if left == 0:
        return _("due today")
    day = format_day(needed_by)
    if left == 1:
        return _("due tomorrow ({day})").format(day=day)
    if left > 1:
        return ngettext("due in {count} day ({day})", "due in {count} days ({day})", left).format(
            count=left, day=day
        )
    return ngettext("{count} day late (due {day})", "{count} days late (due {day})", -left).format(
        count=-left, day=day
    )


def _asked_by(by: str, days: int) -> str:
    """`asked by sam 3 days ago`."""
    if days == 0:
        return _("asked by {who} today").format(who=by)
    if days == 1:
        return _("asked by {who} yesterday").format(who=by)
    return ngettext(
        "asked by {who} {count} day ago", "asked by {who} {count} days ago", days
    ).format(who=by, count=days)


def need_facts(need: Need) -> str:
    """Who asked and when, the skills, how urgent: `sam, 3 days ago; sql, review`."""
    request = need.request
    parts = [_asked_by(request.by, need.age_days)]
    if request.skills:
        parts.append(_skills(request.skills))
    due = due_words(need)
    if due is not None:
        parts.append(due)
    return _clauses(parts)


def need_state(need: Need) -> str:
    """What the meeting does about it: who took it, or that nobody has yet."""
    request = need.request
    if request.status == "taken":
        # Translators: {who} is the member who took the request.
        return _("{who} took it; is it on track?").format(who=request.taken_by)
    if need.stale_days is not None:
        return ngettext(
            "nobody took it in {count} day: find someone, or drop it?",
            "nobody took it in {count} days: find someone, or drop it?",
            need.stale_days,
        ).format(count=need.stale_days)
    return _("nobody has taken it yet")


# Translators: how pressing a balance point is, after its title: "(pressing)".
SEVERITY_WORDS = {"fail": N_("pressing"), "warn": N_("to watch"), "info": N_("a note")}


def _skill_words(reasons: Sequence[Reason]) -> str | None:
    """Helping on the skill lately says more than listing it; learning it is named apart."""
    for kind in (HelpedOnSkill, LearnedSkill, ListsSkill):
        found = next((reason for reason in reasons if isinstance(reason, kind)), None)
        if isinstance(found, HelpedOnSkill):
            # Translators: {skills} is a list of skills, "sql and review".
            return ngettext(
                "helped on {skills} once lately",
                "helped on {skills} {count} times lately",
                found.count,
            ).format(skills=format_list(found.skills), count=found.count)
        if isinstance(found, LearnedSkill):
            return _("learning {skills}").format(skills=format_list(found.skills))
        if isinstance(found, ListsSkill):
            # Translators: "lists" is a verb: the person lists these skills as theirs.
            return _("lists {skills}").format(skills=format_list(found.skills))
    return None


def _time_words(reasons: Sequence[Reason]) -> str | None:
    for reason in reasons:
        if isinstance(reason, SpareTime):
            return _("{duration} free this week").format(
                duration=format_minutes(reason.spare_minutes)
            )
        if isinstance(reason, PastBudget):
            return _("past their budget this week")
    return None


def _fairness_words(reasons: Sequence[Reason]) -> str | None:
    if any(isinstance(reason, ReceivedMore) for reason in reasons):
        return _("has received more than given")
    if any(isinstance(reason, CarriesLittle) for reason in reasons):
        return _("gives less than an equal share")
    if any(isinstance(reason, CarriesMuch) for reason in reasons):
        return _("already gives more than an equal share")
    return None


def why(suggestion: Suggestion) -> str:
    """A suggestion's reasons in a few words: the skill, the time, the fairness
    (`aidledger match` gives them in full)."""
    parts = (
        _skill_words(suggestion.reasons),
        _time_words(suggestion.reasons),
        _fairness_words(suggestion.reasons),
    )
    return ", ".join(part for part in parts if part is not None)


def match_notes(need: Need) -> list[str]:
    """What to know about an open need's suggestions as a whole."""
    match = need.match
    if match is None:
        return []
    notes = []
    if not match.helpers:
        notes.append(_("nobody else is active in the team to ask"))
    if match.nobody_skilled:
        notes.append(
            _("nobody lists or has lately helped on {skills}").format(skills=_skills(match.skills))
        )
    if match.past_budget_only:
        notes.append(_("everyone able to help is past their budget this week"))
    return notes


def offer_words(offer: Offer) -> tuple[str, str]:
    """An offer's text, and its terms: `sql, data; 2h; until 2026-11-06`."""
    terms = []
    if offer.skills:
        terms.append(_skills(offer.skills))
    if offer.minutes is not None:
        terms.append(format_minutes(offer.minutes))
    if offer.until is not None:
        # Translators: how long an offer stands, "until 2026-11-06".
        terms.append(_("until {day}").format(day=format_day(offer.until)))
    return offer.text, _clauses(terms)


def offer_line(by: str, text: str, terms: str) -> str:
    """`alice offers “text” (terms)`, the fields escaped by the caller."""
    if terms:
        # Translators: {who} offers help; {offer} is the offer's own text, {terms} its
        # skills, time and end date.
        return _("{who} offers “{offer}” ({terms})").format(who=by, offer=text, terms=terms)
    return _("{who} offers “{offer}”").format(who=by, offer=text)


def spare_words(item: OffersItem) -> str:
    """Who has time this week, the most first, and who has none left."""
    free = [
        f"{row.handle} {format_minutes(row.spare_minutes)}"
        for row in item.people
        if not row.over_budget
    ]
    none = [row.handle for row in item.people if row.over_budget]
    people = ", ".join(free) or _("nobody")
    if none:
        # Translators: {people} is a list of "handle duration", {busy} a list of handles.
        return _("Spare time this week ({period}): {people}; no time left: {busy}.").format(
            period=period_text(item.week), people=people, busy=", ".join(none)
        )
    # Translators: {people} is a list of "handle duration", or "nobody".
    return _("Spare time this week ({period}): {people}.").format(
        period=period_text(item.week), people=people
    )


def thanks_line(row: ThanksRow, helper: str, helped: str, topic: str | None) -> str:
    """`alice helped theo with “topic” (2026-10-27, taught, 45m): rated 5/5`, the fields
    given already escaped and marked by the caller's format."""
    values = {
        "helper": helper,
        "helped": helped,
        "day": format_day(row.date),
        "mode": mode_label(row.mode),
        "duration": format_minutes(row.minutes),
        "useful": row.useful,
    }
    if topic is not None:
        # Translators: {helper} helped {helped} (people); {mode} is how ("taught",
        # "pair"...); {useful} a rating out of 5.
        return _(
            "{helper} helped {helped} with {topic} ({day}, {mode}, {duration}): rated {useful}/5"
        ).format(topic=topic, **values)
    # Translators: {helper} helped {helped} (people); {mode} is how ("taught", "pair"...);
    # {useful} a rating out of 5.
    return _("{helper} helped {helped} ({day}, {mode}, {duration}): rated {useful}/5").format(
        **values
    )


# --- balance points ----------------------------------------------------------------------------

POINT_TITLES = {
    "one-way": N_("Help flows one way"),
    "few-givers": N_("A few people give most of the help"),
    "overload": N_("Helping eats into people's own work"),
    "done-for": N_("Help is done for people rather than taught"),
    "usefulness": N_("Help does not always meet the need"),
    "left-out": N_("Someone is left out of the exchanges"),
    "meeting": N_("The exchange meeting is overdue"),
}
POINT_QUESTIONS = {
    "one-way": N_(
        "What could go back the other way: what can those who mostly receive teach "
        "or review, and what would those who mostly give like to learn?"
    ),
    "few-givers": N_(
        "Who else could take the next needs, and who could pair on the topics only a few cover?"
    ),
    "overload": N_(
        "Which requests can go to someone else, and which repeated questions "
        "deserve a shared note or a session?"
    ),
    "done-for": N_(
        "Who could teach or pair next time, so that the person helped drives and "
        "can do it alone the time after?"
    ),
    "usefulness": N_("Do we ask what the person needs, and check back afterwards?"),
    "left-out": N_("What are they working on, and what could they ask for or offer?"),
    "meeting": N_("Set the date of the next meeting now, and record it when it is held."),
}


@dataclass(frozen=True)
class Naming:
    """How a point names people: by handle, or, in a private agenda, by a count."""

    private: bool

    def people(self, handles: Sequence[str]) -> str:
        if self.private:
            return ngettext("{count} person", "{count} people", len(handles)).format(
                count=len(handles)
            )
        return ", ".join(handles)


def point_title(point: BalancePoint) -> str:
    title = POINT_TITLES.get(point.pattern)
    if title is not None:
        return _(title)
    fallback = _(TITLES[point.pattern]) if point.pattern in TITLES else point.pattern
    return fallback[:1].upper() + fallback[1:]


def point_question(point: BalancePoint) -> str | None:
    question = POINT_QUESTIONS.get(point.pattern)
    return None if question is None else _(question)


def _balance_side(handles: dict[str, BalanceFacts], naming: Naming, gave: bool) -> str:
    facts = list(handles.values())
    given = format_minutes(sum(fact.logged_given_minutes for fact in facts))
    received = format_minutes(sum(fact.logged_received_minutes for fact in facts))
    people = naming.people(list(handles))
    if gave:
        # Translators: {people} are members, or "2 people" in a private agenda.
        return _("{people} (gave {given}, received {received} as logged)").format(
            people=people, given=given, received=received
        )
    # Translators: {people} are members, or "2 people" in a private agenda.
    return _("{people} (received {received}, gave {given} as logged)").format(
        people=people, given=given, received=received
    )


def _one_way(findings: Sequence[Finding], naming: Naming) -> list[str]:
    givers: dict[str, BalanceFacts] = {}
    receivers: dict[str, BalanceFacts] = {}
    for finding in findings:
        facts = finding.facts
        if not isinstance(facts, BalanceFacts):
            continue
        gives = finding.id == "one-way-giver" or (
            finding.id == "net-balance" and facts.net_minutes > 0
        )
        (givers if gives else receivers).setdefault(facts.handle, facts)
    if givers and receivers:
        # Translators: help flows from {givers} towards {receivers}; each is people with
        # their figures in parentheses.
        text = _("from {givers}, towards {receivers}").format(
            givers=_balance_side(givers, naming, gave=True),
            receivers=_balance_side(receivers, naming, gave=False),
        )
    elif givers:
        # Translators: help flows from {givers}: people with their figures in parentheses.
        text = _("from {givers}").format(givers=_balance_side(givers, naming, gave=True))
    elif receivers:
        # Translators: help flows towards {receivers}: people with their figures.
        text = _("towards {receivers}").format(
            receivers=_balance_side(receivers, naming, gave=False)
        )
    else:
        return []
    return [text]


def _over(window: Window) -> str:
    """`in the last 90 days`: the window of a finding, which ends on the agenda's day."""
    if window.days:
        return _("in the last {days} days").format(days=window.days)
    # Translators: {period} is "2026-08-02 to 2026-10-30".
    return _("from {period}").format(period=period_text(window))


def _promise(every_days: int) -> str:
    """`the charter promises one every 14 days`: the meeting's cadence."""
    return ngettext(
        "the charter promises one every {count} day",
        "the charter promises one every {count} days",
        every_days,
    ).format(count=every_days)


def _meeting_detail(facts: MeetingFacts) -> str:
    promise = _promise(facts.every_days)
    if facts.last is None:
        # Translators: no exchange meeting is recorded since {day}; {promise} is "the charter
        # promises one every 14 days".
        return _("none is recorded since {day}; {promise}").format(
            day=format_day(facts.since), promise=promise
        )
    # Translators: the last exchange meeting; {promise} is "the charter promises one every
    # 14 days".
    return ngettext(
        "the last was on {day}, {count} day ago; {promise}",
        "the last was on {day}, {count} days ago; {promise}",
        facts.days,
    ).format(day=format_day(facts.last), count=facts.days, promise=promise)


def _usefulness_detail(facts: UsefulnessFacts, naming: Naming) -> str:
    values = {"good": facts.good, "rated": facts.rated}
    if facts.handle is None:
        return _("{good} of {rated} ratings found the help useful (4 or 5)").format(**values)
    if naming.private:
        return _("{good} of {rated} ratings found one person's help useful (4 or 5)").format(
            **values
        )
    # Translators: {who} is the member whose help was rated.
    return _("{good} of {rated} ratings found {who}'s help useful (4 or 5)").format(
        who=facts.handle, **values
    )


def _repeat_detail(facts: RepeatFacts, naming: Naming) -> str:
    values = {"count": facts.count, "days": facts.days, "who": naming.people((facts.handle,))}
    if facts.tag is None and facts.topic is None:
        # Translators: {who} is the member helped, or "1 person" in a private agenda.
        return ngettext(
            "help on one topic came back {count} time in {days} days, for {who}",
            "help on one topic came back {count} times in {days} days, for {who}",
            facts.count,
        ).format(**values)
    on = facts.tag if facts.tag is not None else f"“{facts.topic}”"
    # Translators: {on} is a tag or a quoted topic; {who} the member helped, or "1 person"
    # in a private agenda.
    return ngettext(
        "help on {on} came back {count} time in {days} days, for {who}",
        "help on {on} came back {count} times in {days} days, for {who}",
        facts.count,
    ).format(on=on, **values)


def _finding_detail(finding: Finding, naming: Naming) -> str:
    """One finding's facts, as a clause about the system."""
    facts = finding.facts
    if isinstance(facts, ConcentrationFacts):
        # Translators: {over} is "in the last 90 days"; {who} members, or "2 people".
        return _("{share} of the help {over} came from {who}, in a team of {size}").format(
            share=format_percent(facts.share),
            over=_over(facts.window),
            who=naming.people(facts.leaders),
            size=facts.team_size,
        )
    if isinstance(facts, PoolFacts):
        # Translators: {over} is "in the last 90 days"; {helpers} a number such as 2.5.
        return _("the help {over} is worth {helpers} equal helpers in a team of {size}").format(
            over=_over(facts.window),
            helpers=format_number(facts.effective_helpers, 1),
            size=facts.team_size,
        )
    if isinstance(facts, ParticipationFacts):
        return _("{givers} of {size} members gave help in the last {days} days").format(
            givers=facts.givers, size=facts.team_size, days=facts.days
        )
    if isinstance(facts, OverloadFacts):
        values = {
            "who": naming.people((facts.handle,)),
            "duration": format_minutes(facts.minutes_per_week),
            "days": facts.days,
            "ratio": format_number(facts.ratio, 1),
        }
        if facts.own_budget:
            # Translators: {who} is a member, or "1 person"; {ratio} a number, "1.5".
            return _(
                "{who} spent {duration} a week helping over the last {days} days,"
                " {ratio}× their budget"
            ).format(**values)
        # Translators: {who} is a member, or "1 person"; {ratio} a number, "1.5"; {share} a
        # percentage.
        return _(
            "{who} spent {duration} a week helping over the last {days} days,"
            " {ratio}× {share} of a work week"
        ).format(share=format_percent(facts.default_share), **values)
    if isinstance(facts, OverheadFacts):
        return _(
            "help took {duration} a week over the last {days} days,"
            " {share} of the team's working time"
        ).format(
            duration=format_minutes(facts.minutes_per_week),
            days=facts.days,
            share=format_percent(facts.share),
        )
    if isinstance(facts, RepeatFacts):
        return _repeat_detail(facts, naming)
    if isinstance(facts, ModeFacts):
        values = {
            "share": format_percent(facts.share),
            "who": naming.people((facts.handle,)),
            "over": _over(facts.window),
            "did": format_minutes(facts.did_minutes),
            "total": format_minutes(facts.minutes),
        }
        if facts.side == "received":
            # Translators: {who} is a member, or "1 person"; {over} is "in the last 90
            # days"; {did} of {total} are durations.
            return _(
                "{share} of the help {who} received {over} was done for them ({did} of {total})"
            ).format(**values)
        # Translators: {who} is a member, or "1 person"; {over} is "in the last 90 days";
        # {did} of {total} are durations.
        return _(
            "{share} of the help {who} gave {over} was doing the work for others ({did} of {total})"
        ).format(**values)
    if isinstance(facts, UsefulnessFacts):
        return _usefulness_detail(facts, naming)
    if isinstance(facts, MeetingFacts):
        return _meeting_detail(facts)
    return message(finding)


def details(point: BalancePoint, private: bool) -> list[str]:
    """The facts of a point, one clause each, as plain text; people named only when the
    agenda is not private."""
    naming = Naming(private)
    if point.pattern == "one-way":
        return _one_way(point.findings, naming)
    isolated = [
        finding.facts.handle
        for finding in point.findings
        if isinstance(finding.facts, IsolationFacts)
    ]
    clauses = [
        _finding_detail(finding, naming)
        for finding in point.findings
        if not isinstance(finding.facts, IsolationFacts)
    ]
    if isolated:
        days = next(
            finding.facts.days
            for finding in point.findings
            if isinstance(finding.facts, IsolationFacts)
        )
        # Translators: {who} is one or more members, or "2 people" in a private agenda.
        clauses.append(
            ngettext(
                "{who} took part in no exchange, given or received, in the last {days} days",
                "{who} took part in no exchange, given or received, in the last {days} days",
                len(isolated),
            ).format(who=naming.people(isolated), days=days)
        )
    return clauses


# --- items, as one line each, for the left-for-next-time list and JSON ------------------------


def item_kind(item: Item) -> str:
    if isinstance(item, Need):
        return "need"
    if isinstance(item, OffersItem):
        return "offers"
    if isinstance(item, ThanksItem):
        return "thanks"
    if isinstance(item, BalancePoint):
        return "point"
    return "settle"


def item_title(item: Item) -> str:
    """What an item is about, in a few words: a need by its title."""
    if isinstance(item, Need):
        # Translators: an open request for help, {title} by {who}.
        return _("Need: {title} ({who})").format(title=item.request.title, who=item.request.by)
    if isinstance(item, OffersItem):
        return _("Offers and spare time")
    if isinstance(item, ThanksItem):
        count = len(item.rows)
        return ngettext("Thanks ({count} exchange)", "Thanks ({count} exchanges)", count).format(
            count=count
        )
    if isinstance(item, BalancePoint):
        return _("Balance point: {title}").format(title=point_title(item))
    count = len(item.waiting)
    return ngettext(
        "Help to settle ({count} exchange)", "Help to settle ({count} exchanges)", count
    ).format(count=count)


def time_line(agenda: Agenda) -> str:
    """`15 minutes: 14 planned, 2 items left for next time.`"""
    if agenda.left:
        count = len(agenda.left)
        # Translators: the meeting's length, the minutes planned, the items left out.
        return ngettext(
            "{minutes} minutes: {planned} planned, {count} item left for next time.",
            "{minutes} minutes: {planned} planned, {count} items left for next time.",
            count,
        ).format(minutes=agenda.minutes, planned=agenda.planned_minutes, count=count)
    # Translators: the meeting's length and the minutes planned.
    return _("{minutes} minutes: {planned} planned, nothing left for next time.").format(
        minutes=agenda.minutes, planned=agenda.planned_minutes
    )


def since_line(agenda: Agenda) -> str:
    """When the last meeting was, and the cadence the charter promises."""
    promise = _promise(agenda.every_days)
    last = agenda.last_meeting
    if last is None:
        # Translators: {promise} is "the charter promises one every 14 days".
        return _("No meeting is recorded yet ({promise}).").format(promise=promise)
    days = (agenda.as_of - last).days
    if days == 0:
        # Translators: {promise} is "the charter promises one every 14 days".
        return _("The last meeting was on {day}, today ({promise}).").format(
            day=format_day(last), promise=promise
        )
    # Translators: {promise} is "the charter promises one every 14 days".
    return ngettext(
        "The last meeting was on {day}, {count} day ago ({promise}).",
        "The last meeting was on {day}, {count} days ago ({promise}).",
        days,
    ).format(day=format_day(last), count=days, promise=promise)


def boxes_line() -> str:
    # Translators: the time boxes of the meeting, each a number of minutes.
    return _(
        "Time boxes: {need} min per open need, {point} min per balance point, {offers} min"
        " for offers, {thanks} min for thanks, {settle} min to settle; needs first, then"
        " offers, thanks, settling, and balance points, the most severe first."
    ).format(
        need=TIME_BOXES["need"],
        point=TIME_BOXES["point"],
        offers=TIME_BOXES["offers"],
        thanks=TIME_BOXES["thanks"],
        settle=TIME_BOXES["settle"],
    )


def _section_minutes(items: Iterable[Item]) -> str:
    return _minutes_box(sum(item.minutes for item in items))


def _sections(agenda: Agenda) -> list[tuple[str, Sequence[Item]]]:
    """The sections shown, each with its items: a section with none kept is left out. Only
    the open needs' section may have no item, and then says so."""
    sections: list[tuple[str, Sequence[Item]]] = []
    if agenda.needs or not any(isinstance(item, Need) for item in agenda.left):
        # With no need at all the section says so; needs all left for next time are listed
        # there.
        sections.append((_("Open needs"), agenda.needs))
    if agenda.offers is not None:
        sections.append((_("Offers and spare time"), (agenda.offers,)))
    if agenda.thanks is not None:
        sections.append(
            (_("Thanks since {day}").format(day=format_day(agenda.since)), (agenda.thanks,))
        )
    if agenda.points:
        sections.append((_("Balance points to discuss"), agenda.points))
    if agenda.settle is not None:
        sections.append((_("Help to settle"), (agenda.settle,)))
    return sections


def _title(agenda: Agenda) -> str:
    # Translators: {team} is the team's name.
    return _("{team}: exchange meeting of {day}").format(
        team=agenda.team, day=format_day(agenda.as_of)
    )


def _left_title(agenda: Agenda) -> str:
    # Translators: a heading; {count} is the number of items left out.
    return _("Left for next time ({count})").format(count=len(agenda.left))


NO_NEED = N_("No open request: ask who needs a hand.")
POINTS_NOTE = N_("How help flows in the team: patterns to discuss, not verdicts on people.")
PRIVATE_NOTE = N_(
    "How help flows in the team: patterns to discuss, not verdicts on people; names are left out."
)


def _points_note(agenda: Agenda) -> str:
    return _(PRIVATE_NOTE) if agenda.private else _(POINTS_NOTE)


def _settle_intro(item: SettleItem) -> str:
    return ngettext(
        "Unconfirmed after {count} day; each person confirms with `{command}`:",
        "Unconfirmed after {count} days; each person confirms with `{command}`:",
        item.days,
    ).format(count=item.days, command=CONFIRM_HINT)


def _waiting_line(one: Waiting, short_id: str, who: str, helper: str, topic: str) -> str:
    """`bob to confirm ID: alice helped with TOPIC on 2026-10-05 (1h)`, the fields given
    already escaped and marked by the caller's format."""
    exchange = one.exchange
    # Translators: {who} has to confirm the exchange {id}, in which {helper} helped them.
    return _("{who} to confirm {id}: {helper} helped with {topic} on {day} ({duration})").format(
        who=who,
        id=short_id,
        helper=helper,
        topic=topic,
        day=format_day(exchange.date),
        duration=format_minutes(exchange.minutes),
    )


def _short(item: SettleItem) -> dict[str, str]:
    return short_ids((one.exchange.id for one in item.waiting), item.known_ids)


# --- Markdown ----------------------------------------------------------------------------------


def _md_need(need: Need) -> list[str]:
    request = need.request
    # Translators: an open request in the agenda: its title, (who asked, when, skills,
    # due date), then what the meeting does about it.
    line = _("{title} ({facts}): {state}").format(
        title=f"**{cell(request.title)}**",
        facts=cell(need_facts(need)),
        state=cell(need_state(need)),
    )
    lines = [f"- *{_minutes_box(need.minutes)}* · {line}"]
    match = need.match
    if match is not None:
        if match.helpers:
            helpers = _clauses(
                f"**{cell(one.handle)}** ({cell(why(one))})" for one in match.helpers
            )
            # Translators: {helpers} is a list of members, each with why in parentheses.
            suggested = _("Suggested: {helpers}").format(helpers=helpers)
            lines.append(f"  - {suggested}")
        if match.partner is not None:
            partner = match.partner
            pair = _("Pair with {who} ({why})").format(
                who=f"**{cell(partner.handle)}**", why=cell(why(partner))
            )
            lines.append(f"  - {pair}")
        lines += [f"  - {cell(note[:1].upper() + note[1:])}." for note in match_notes(need)]
    return lines


def _md_offers(item: OffersItem) -> list[str]:
    lines = []
    for offer in item.offers:
        text, terms = offer_words(offer)
        lines.append(f"- {offer_line(cell(offer.by), cell(text), cell(terms) if terms else '')}")
    lines.append(f"- {cell(spare_words(item))}")
    return lines


def _md_thanks(item: ThanksItem) -> list[str]:
    lines = []
    for row in item.rows:
        topic = f"*{cell(row.topic)}*" if row.topic is not None else None
        line = thanks_line(row, f"**{cell(row.helper)}**", cell(", ".join(row.helped)), topic)
        lines.append(f"- {line}")
        if row.note is not None:
            lines.append(f"  > {cell(row.note)}")
    return lines


def _md_point(point: BalancePoint, private: bool) -> list[str]:
    facts = _clauses(cell(clause) for clause in details(point, private))
    severity = _(SEVERITY_WORDS[point.severity])
    # Translators: a balance point in the agenda: its title, (how pressing), its facts.
    line = _("{title} ({severity}): {facts}.").format(
        title=f"**{cell(point_title(point))}**", severity=severity, facts=facts
    )
    lines = [f"- *{_minutes_box(point.minutes)}* · {line}"]
    question = point_question(point)
    if question is not None:
        # Translators: a label, before the question the meeting discusses.
        label = _("To discuss:")
        lines.append(f"  *{label}* {cell(question)}")
    return lines


def _md_settle(item: SettleItem) -> list[str]:
    shortest = _short(item)
    lines = [_settle_intro(item), ""]
    for one in item.waiting:
        exchange = one.exchange
        line = _waiting_line(
            one,
            f"`{shortest[exchange.id]}`",
            cell(one.by),
            cell(exchange.helper),
            f"*{cell(exchange.topic)}*",
        )
        lines.append(f"- {line}")
    return lines


def render_markdown(agenda: Agenda) -> str:
    """The agenda as a page for the team's notes: every field text escaped by `cell`."""
    lines = [f"# {cell(_title(agenda))}", "", cell(time_line(agenda))]
    lines += [cell(since_line(agenda)), ""]
    for number, (name, items) in enumerate(_sections(agenda), start=1):
        lines += [f"## {number}. {cell(name)} · {_section_minutes(items)}", ""]
        if not items:
            lines += [_(NO_NEED), ""]
            continue
        if isinstance(items[0], BalancePoint):
            lines += [_points_note(agenda), ""]
        for item in items:
            if isinstance(item, Need):
                lines += _md_need(item)
            elif isinstance(item, OffersItem):
                lines += _md_offers(item)
            elif isinstance(item, ThanksItem):
                lines += _md_thanks(item)
            elif isinstance(item, BalancePoint):
                lines += _md_point(item, agenda.private)
            else:
                lines += _md_settle(item)
        lines.append("")
    if agenda.left:
        lines += [f"## {_left_title(agenda)}", ""]
        lines += [
            f"- *{_minutes_box(item.minutes)}* · {cell(item_title(item))}" for item in agenda.left
        ]
        lines.append("")
    lines += [f"*{cell(boxes_line())}*", ""]
    return "\n".join(lines)


# --- terminal ----------------------------------------------------------------------------------


def _text_need(need: Need) -> list[Text]:
    request = need.request
    lines = [
        Text.assemble(plain(request.title, "bold"), " (", plain(need_facts(need)), ")"),
        plain(need_state(need)),
    ]
    match = need.match
    if match is not None:
        lines += [
            # Translators: {who} is a member suggested to help, {why} the reasons.
            plain(_("suggested: {who} ({why})").format(who=one.handle, why=why(one)))
            for one in match.helpers
        ]
        if match.partner is not None:
            partner = match.partner
            # Translators: {who} is a member suggested to pair, {why} the reasons.
            pair = _("pair with: {who} ({why})").format(who=partner.handle, why=why(partner))
            lines.append(plain(pair))
        lines += [plain(note, "yellow") for note in match_notes(need)]
    return lines


def _text_offers(item: OffersItem) -> list[Text]:
    lines = []
    for offer in item.offers:
        text, terms = offer_words(offer)
        lines.append(plain(offer_line(offer.by, text, terms)))
    lines.append(plain(spare_words(item)))
    return lines


def _text_thanks(item: ThanksItem) -> list[Text]:
    lines = []
    for row in item.rows:
        topic = f"“{row.topic}”" if row.topic is not None else None
        lines.append(plain(thanks_line(row, row.helper, ", ".join(row.helped), topic)))
        if row.note is not None:
            lines.append(plain(f"  “{row.note}”", "italic"))
    return lines


def _text_point(point: BalancePoint, private: bool) -> list[Text]:
    severity = _(SEVERITY_WORDS[point.severity])
    title = Text.assemble(plain(point_title(point), "bold"), f" ({severity})")
    lines = [title, plain(_clauses(details(point, private)) + ".")]
    question = point_question(point)
    if question is not None:
        lines.append(plain(_("to discuss: {question}").format(question=question), "dim"))
    return lines


def _text_settle(item: SettleItem) -> list[Text]:
    shortest = _short(item)
    lines = [plain(_settle_intro(item))]
    for one in item.waiting:
        exchange = one.exchange
        line = _waiting_line(
            one, shortest[exchange.id], one.by, exchange.helper, f"“{exchange.topic}”"
        )
        lines.append(plain(line))
    return lines


def _text_item(item: Item, private: bool) -> list[Text]:
    if isinstance(item, Need):
        return _text_need(item)
    if isinstance(item, OffersItem):
        return _text_offers(item)
    if isinstance(item, ThanksItem):
        return _text_thanks(item)
    if isinstance(item, BalancePoint):
        return _text_point(item, private)
    return _text_settle(item)


def _text_section(agenda: Agenda, number: int, name: str, items: Sequence[Item]) -> Table:
    table = Table(
        title=f"{number}. {name} · {_section_minutes(items)}",
        title_justify="left",
        title_style="bold",
        box=None,
        pad_edge=False,
        show_header=False,
    )
    table.add_column("min", justify="right", no_wrap=True)
    table.add_column("item")
    if not items:
        table.add_row("", plain(_(NO_NEED)))
    if items and isinstance(items[0], BalancePoint):
        table.add_row("", plain(_points_note(agenda), "dim"))
    for item in items:
        table.add_row(_minutes_box(item.minutes), Group(*_text_item(item, agenda.private)))
    return table


def render_table(agenda: Agenda, *, width: int = 100, color: bool = False) -> str:
    """The agenda for a terminal: each section a table of items with their time box."""
    parts: list[RenderableType] = [
        plain(_title(agenda), "bold underline"),
        plain(time_line(agenda)),
        plain(since_line(agenda)),
    ]
    for number, (name, items) in enumerate(_sections(agenda), start=1):
        parts += [Text(""), _text_section(agenda, number, name, items)]
    if agenda.left:
        parts += [Text(""), Text(_left_title(agenda), style="bold")]
        parts += [
            Padding(plain(f"{item_title(item)} · {_minutes_box(item.minutes)}"), (0, 0, 0, 2))
            for item in agenda.left
        ]
    parts += [Text(""), plain(boxes_line(), "dim")]
    return to_text(*parts, width=width, color=color)


# --- JSON --------------------------------------------------------------------------------------


def _suggestion_document(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "handle": suggestion.handle,
        "score": rounded(suggestion.score),
        "past_budget": suggestion.past_budget,
        "why": why(suggestion),
    }


def _need_document(need: Need) -> dict[str, Any]:
    request, match = need.request, need.match
    return {
        "id": request.id,
        "by": request.by,
        "title": request.title,
        "skills": list(request.skills),
        "status": request.status,
        "taken_by": request.taken_by,
        "opened": request.opened.isoformat(),
        "needed_by": request.needed_by.isoformat() if request.needed_by else None,
        "age_days": need.age_days,
        "days_left": need.days_left,
        "stale_days": need.stale_days,
        "helpers": [_suggestion_document(one) for one in match.helpers] if match else [],
        "partner": _suggestion_document(match.partner) if match and match.partner else None,
        "notes": match_notes(need),
        "time_box": need.minutes,
    }


def _offers_document(item: OffersItem) -> dict[str, Any]:
    return {
        "week": {
            "since": item.week.since.isoformat() if item.week.since else None,
            "until": item.week.until.isoformat() if item.week.until else None,
        },
        "offers": [
            {
                "id": offer.id,
                "by": offer.by,
                "text": offer.text,
                "skills": list(offer.skills),
                "minutes": offer.minutes,
                "until": offer.until.isoformat() if offer.until else None,
            }
            for offer in item.offers
        ],
        "people": [
            {"handle": row.handle, "spare_minutes": minutes_value(row.spare_minutes)}
            for row in item.people
        ],
        "time_box": item.minutes,
    }


def _thanks_document(item: ThanksItem) -> dict[str, Any]:
    return {
        "exchanges": [
            {
                "id": row.id,
                "date": row.date.isoformat(),
                "helper": row.helper,
                "helped": list(row.helped),
                "minutes": row.minutes,
                "mode": row.mode,
                "topic": row.topic,
                "useful": row.useful,
                "note": row.note,
            }
            for row in item.rows
        ],
        "time_box": item.minutes,
    }


def _point_document(point: BalancePoint, private: bool) -> dict[str, Any]:
    members = [] if private else list(dict.fromkeys(m for f in point.findings for m in f.members))
    return {
        "pattern": point.pattern,
        "title": point_title(point),
        "severity": point.severity,
        "warnings": list(point.warnings),
        "members": members,
        "details": details(point, private),
        "question": point_question(point),
        "time_box": point.minutes,
    }


def _settle_document(item: SettleItem) -> dict[str, Any]:
    shortest = _short(item)
    return {
        "days": item.days,
        "exchanges": [
            {
                "by": one.by,
                "id": one.exchange.id,
                "short_id": shortest[one.exchange.id],
                "date": one.exchange.date.isoformat(),
                "helper": one.exchange.helper,
                "topic": one.exchange.topic,
                "minutes": one.exchange.minutes,
            }
            for one in item.waiting
        ],
        "time_box": item.minutes,
    }


def agenda_document(agenda: Agenda) -> dict[str, Any]:
    """The stable JSON shape of `aidledger agenda --format json`."""
    return {
        "team": agenda.team,
        "as_of": agenda.as_of.isoformat(),
        "since": agenda.since.isoformat(),
        "last_meeting": agenda.last_meeting.isoformat() if agenda.last_meeting else None,
        "meeting_every_days": agenda.every_days,
        "minutes": agenda.minutes,
        "planned_minutes": agenda.planned_minutes,
        "private": agenda.private,
        "time_boxes": dict(TIME_BOXES),
        "needs": [_need_document(need) for need in agenda.needs],
        "offers": _offers_document(agenda.offers) if agenda.offers else None,
        "thanks": _thanks_document(agenda.thanks) if agenda.thanks else None,
        "points": [_point_document(point, agenda.private) for point in agenda.points],
        "settle": _settle_document(agenda.settle) if agenda.settle else None,
        "left": [
            {"kind": item_kind(item), "title": item_title(item), "time_box": item.minutes}
            for item in agenda.left
        ],
    }


def render_json(agenda: Agenda) -> str:
    return json_text(agenda_document(agenda))
