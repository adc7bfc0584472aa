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
from aidledger.model.records import Offer
from aidledger.model.values import format_minutes, plural
from aidledger.render.exchanges import short_ids
from aidledger.render.findings import TITLES, message
from aidledger.render.json_text import json_text
from aidledger.render.markdown import cell
from aidledger.render.terminal import minutes_value, period_text, plain, rounded, to_text

CONFIRM_HINT = "aidledger confirm ID --useful N"

# --- words shared by every format: plain text, escaped by each format -------------------------


def _skills(skills: Iterable[str]) -> str:
    return ", ".join(skills)


def _and(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def due_words(need: Need) -> str | None:
    """`due today`, `due in 3 days (2026-11-02)`, `2 days late (due 2026-10-28)`."""
    left, needed_by = need.days_left, need.request.needed_by
    if left is None or needed_by is None:
        return None
    if left == 0:
        return "due today"
    if left == 1:
        return f"due tomorrow ({needed_by})"
    if left > 1:
        return f"due in {left} days ({needed_by})"
    return f"{plural(-left, 'day')} late (due {needed_by})"


def _age(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def need_facts(need: Need) -> str:
    """Who asked and when, the skills, how urgent: `sam, 3 days ago; sql, review`."""
    request = need.request
    parts = [f"asked by {request.by} {_age(need.age_days)}"]
    if request.skills:
        parts.append(_skills(request.skills))
    due = due_words(need)
    if due is not None:
        parts.append(due)
    return "; ".join(parts)


def need_state(need: Need) -> str:
    """What the meeting does about it: who took it, or that nobody has yet."""
    request = need.request
    if request.status == "taken":
        return f"{request.taken_by} took it; is it on track?"
    if need.stale_days is not None:
        return f"nobody took it in {plural(need.stale_days, 'day')}: find someone, or drop it?"
    return "nobody has taken it yet"


SEVERITY_WORDS = {"fail": "pressing", "warn": "to watch", "info": "a note"}


def _skill_words(reasons: Sequence[Reason]) -> str | None:
    """Helping on the skill lately says more than listing it; learning it is named apart."""
    for kind in (HelpedOnSkill, LearnedSkill, ListsSkill):
        found = next((reason for reason in reasons if isinstance(reason, kind)), None)
        if isinstance(found, HelpedOnSkill):
            times = "once" if found.count == 1 else f"{found.count} times"
            return f"helped on {_and(found.skills)} {times} lately"
        if isinstance(found, LearnedSkill):
            return f"learning {_and(found.skills)}"
        if isinstance(found, ListsSkill):
            return f"lists {_and(found.skills)}"
    return None


def _time_words(reasons: Sequence[Reason]) -> str | None:
    for reason in reasons:
        if isinstance(reason, SpareTime):
            return f"{format_minutes(reason.spare_minutes)} free this week"
        if isinstance(reason, PastBudget):
            return "past their budget this week"
    return None


def _fairness_words(reasons: Sequence[Reason]) -> str | None:
    if any(isinstance(reason, ReceivedMore) for reason in reasons):
        return "has received more than given"
    if any(isinstance(reason, CarriesLittle) for reason in reasons):
        return "gives less than an equal share"
    if any(isinstance(reason, CarriesMuch) for reason in reasons):
        return "already gives more than an equal share"
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
        notes.append("nobody else is active in the team to ask")
    if match.nobody_skilled:
        notes.append(f"nobody lists or has lately helped on {_skills(match.skills)}")
    if match.past_budget_only:
        notes.append("everyone able to help is past their budget this week")
    return notes


def offer_words(offer: Offer) -> tuple[str, str]:
    """An offer's text, and its terms: `sql, data; 2h; until 2026-11-06`."""
    terms = []
    if offer.skills:
        terms.append(_skills(offer.skills))
    if offer.minutes is not None:
        terms.append(format_minutes(offer.minutes))
    if offer.until is not None:
        terms.append(f"until {offer.until}")
    return offer.text, "; ".join(terms)


def spare_words(item: OffersItem) -> str:
    """Who has time this week, the most first, and who has none left."""
    free = [
        f"{row.handle} {format_minutes(row.spare_minutes)}"
        for row in item.people
        if not row.over_budget
    ]
    none = [row.handle for row in item.people if row.over_budget]
    text = f"Spare time this week ({period_text(item.week)}): {', '.join(free) or 'nobody'}"
    if none:
        text += f"; no time left: {', '.join(none)}"
    return text + "."


def thanks_words(row: ThanksRow) -> tuple[str, str]:
    """`helped theo with`, the topic apart, then `(2026-10-27, taught, 45m): rated 5/5`."""
    return (
        f"helped {', '.join(row.helped)}",
        f"({row.date}, {row.mode}, {format_minutes(row.minutes)}): rated {row.useful}/5",
    )


# --- balance points ----------------------------------------------------------------------------

POINT_TITLES = {
    "one-way": "Help flows one way",
    "few-givers": "A few people give most of the help",
    "overload": "Helping eats into people's own work",
    "done-for": "Help is done for people rather than taught",
    "usefulness": "Help does not always meet the need",
    "left-out": "Someone is left out of the exchanges",
    "meeting": "The exchange meeting is overdue",
}
POINT_QUESTIONS = {
    "one-way": "What could go back the other way: what can those who mostly receive teach "
    "or review, and what would those who mostly give like to learn?",
    "few-givers": "Who else could take the next needs, and who could pair on the topics "
    "only a few cover?",
    "overload": "Which requests can go to someone else, and which repeated questions "
    "deserve a shared note or a session?",
    "done-for": "Who could teach or pair next time, so that the person helped drives and "
    "can do it alone the time after?",
    "usefulness": "Do we ask what the person needs, and check back afterwards?",
    "left-out": "What are they working on, and what could they ask for or offer?",
    "meeting": "Set the date of the next meeting now, and record it when it is held.",
}


@dataclass(frozen=True)
class Naming:
    """How a point names people: by handle, or, in a private agenda, by a count."""

    private: bool

    def people(self, handles: Sequence[str]) -> str:
        if self.private:
            return "1 person" if len(handles) == 1 else f"{len(handles)} people"
        return ", ".join(handles)

    def whose(self, handle: str) -> str:
        return "one person's" if self.private else f"{handle}'s"


def point_title(point: BalancePoint) -> str:
    fallback = TITLES.get(point.pattern, point.pattern)
    return POINT_TITLES.get(point.pattern, fallback[:1].upper() + fallback[1:])


def point_question(point: BalancePoint) -> str | None:
    return POINT_QUESTIONS.get(point.pattern)


def _balance_side(handles: dict[str, BalanceFacts], naming: Naming, gave: bool) -> str:
    facts = list(handles.values())
    given = sum(fact.logged_given_minutes for fact in facts)
    received = sum(fact.logged_received_minutes for fact in facts)
    figures = (
        f"gave {format_minutes(given)}, received {format_minutes(received)}"
        if gave
        else f"received {format_minutes(received)}, gave {format_minutes(given)}"
    )
    return f"{naming.people(list(handles))} ({figures} as logged)"


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
    parts = []
    if givers:
        parts.append(f"from {_balance_side(givers, naming, gave=True)}")
    if receivers:
        parts.append(f"towards {_balance_side(receivers, naming, gave=False)}")
    return [", ".join(parts)] if parts else []


def _over(window: Window) -> str:
    """`in the last 90 days`: the window of a finding, which ends on the agenda's day."""
    return f"in the last {window.days} days" if window.days else f"from {period_text(window)}"


def _finding_detail(finding: Finding, naming: Naming) -> str:
    """One finding's facts, as a clause about the system."""
    facts = finding.facts
    if isinstance(facts, ConcentrationFacts):
        who = naming.people(facts.leaders)
        return (
            f"{facts.share:.0%} of the help {_over(facts.window)} came from {who},"
            f" in a team of {facts.team_size}"
        )
    if isinstance(facts, PoolFacts):
        return (
            f"the help {_over(facts.window)} is worth {facts.effective_helpers:.1f} equal"
            f" helpers in a team of {facts.team_size}"
        )
    if isinstance(facts, ParticipationFacts):
        return (
            f"{facts.givers} of {facts.team_size} members gave help in the last {facts.days} days"
        )
    if isinstance(facts, OverloadFacts):
        basis = "their budget" if facts.own_budget else f"{facts.default_share:.0%} of a work week"
        return (
            f"{naming.people((facts.handle,))} spent {format_minutes(facts.minutes_per_week)} a"
            f" week helping over the last {facts.days} days, {facts.ratio:.1f}× {basis}"
        )
    if isinstance(facts, OverheadFacts):
        return (
            f"help took {format_minutes(facts.minutes_per_week)} a week over the last "
            f"{facts.days} days, {facts.share:.0%} of the team's working time"
        )
    if isinstance(facts, RepeatFacts):
        on = (
            facts.tag
            if facts.tag is not None
            else f"“{facts.topic}”"
            if facts.topic is not None
            else "one topic"
        )
        return (
            f"help on {on} came back {plural(facts.count, 'time')} in {facts.days} days, "
            f"for {naming.people((facts.handle,))}"
        )
    if isinstance(facts, ModeFacts):
        amount = f"{format_minutes(facts.did_minutes)} of {format_minutes(facts.minutes)}"
        if facts.side == "received":
            return (
                f"{facts.share:.0%} of the help {naming.people((facts.handle,))} received"
                f" {_over(facts.window)} was done for them ({amount})"
            )
        return (
            f"{facts.share:.0%} of the help {naming.people((facts.handle,))} gave"
            f" {_over(facts.window)} was doing the work for others ({amount})"
        )
    if isinstance(facts, UsefulnessFacts):
        whose = "the" if facts.handle is None else naming.whose(facts.handle)
        return f"{facts.good} of {facts.rated} ratings found {whose} help useful (4 or 5)"
    if isinstance(facts, MeetingFacts):
        promise = f"the charter promises one every {plural(facts.every_days, 'day')}"
        if facts.last is None:
            return f"none is recorded since {facts.since}; {promise}"
        return f"the last was on {facts.last}, {plural(facts.days, 'day')} ago; {promise}"
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
        clauses.append(
            f"{naming.people(isolated)} took part in no exchange, given or received,"
            f" in the last {days} days"
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
        return f"Need: {item.request.title} ({item.request.by})"
    if isinstance(item, OffersItem):
        return "Offers and spare time"
    if isinstance(item, ThanksItem):
        return f"Thanks ({plural(len(item.rows), 'exchange')})"
    if isinstance(item, BalancePoint):
        return f"Balance point: {point_title(item)}"
    return f"Help to settle ({plural(len(item.waiting), 'exchange')})"


def time_line(agenda: Agenda) -> str:
    """`15 minutes: 14 planned, 2 items left for next time.`"""
    left = (
        f", {plural(len(agenda.left), 'item')} left for next time"
        if agenda.left
        else ", nothing left for next time"
    )
    return f"{agenda.minutes} minutes: {agenda.planned_minutes} planned{left}."


def since_line(agenda: Agenda) -> str:
    """When the last meeting was, and the cadence the charter promises."""
    promise = f"the charter promises one every {plural(agenda.every_days, 'day')}"
    last = agenda.last_meeting
    if last is None:
        held = f"No meeting is recorded yet ({promise})"
    else:
        days = (agenda.as_of - last).days
        ago = "today" if days == 0 else f"{plural(days, 'day')} ago"
        held = f"The last meeting was on {last}, {ago} ({promise})"
    return f"{held}."


def boxes_line() -> str:
    return (
        f"Time boxes: {TIME_BOXES['need']} min per open need, {TIME_BOXES['point']} min per"
        f" balance point, {TIME_BOXES['offers']} min for offers, {TIME_BOXES['thanks']} min"
        f" for thanks, {TIME_BOXES['settle']} min to settle; needs first, then offers, thanks,"
        " settling, and balance points, the most severe first."
    )


def _section_minutes(items: Iterable[Item]) -> str:
    return f"{sum(item.minutes for item in items)} min"


def _sections(agenda: Agenda) -> list[tuple[str, Sequence[Item]]]:
    """The sections shown, each with its items: a section with none kept is left out."""
    sections: list[tuple[str, Sequence[Item]]] = []
    if agenda.needs or not any(isinstance(item, Need) for item in agenda.left):
        # With no need at all the section says so; needs all left for next time are listed
        # there.
        sections.append(("Open needs", agenda.needs))
    if agenda.offers is not None:
        sections.append(("Offers and spare time", (agenda.offers,)))
    if agenda.thanks is not None:
        sections.append((f"Thanks since {agenda.since}", (agenda.thanks,)))
    if agenda.points:
        sections.append(("Balance points to discuss", agenda.points))
    if agenda.settle is not None:
        sections.append(("Help to settle", (agenda.settle,)))
    return sections


def _title(agenda: Agenda) -> str:
    return f"{agenda.team}: exchange meeting of {agenda.as_of}"


NO_NEED = "No open request: ask who needs a hand."
POINTS_NOTE = "How help flows in the team: patterns to discuss, not verdicts on people."
PRIVATE_NOTE = (
    "How help flows in the team: patterns to discuss, not verdicts on people; names are left out."
)


def _points_note(agenda: Agenda) -> str:
    return PRIVATE_NOTE if agenda.private else POINTS_NOTE


def _settle_intro(item: SettleItem) -> str:
    return (
        f"Unconfirmed after {plural(item.days, 'day')}; each person confirms with `{CONFIRM_HINT}`:"
    )


def _waiting_words(one: Waiting) -> tuple[str, str]:
    """`bob to confirm`, and the exchange apart from its topic: `on 2026-10-05 (1h)`,
    which follow `alice helped with TOPIC`."""
    exchange = one.exchange
    return (
        f"{one.by} to confirm",
        f"on {exchange.date} ({format_minutes(exchange.minutes)})",
    )


def _short(item: SettleItem) -> dict[str, str]:
    return short_ids((one.exchange.id for one in item.waiting), item.known_ids)


# --- Markdown ----------------------------------------------------------------------------------


def _md_need(need: Need) -> list[str]:
    request = need.request
    lines = [
        f"- *{need.minutes} min* · **{cell(request.title)}** ({cell(need_facts(need))}):"
        f" {cell(need_state(need))}"
    ]
    match = need.match
    if match is not None:
        if match.helpers:
            suggested = "; ".join(
                f"**{cell(one.handle)}** ({cell(why(one))})" for one in match.helpers
            )
            lines.append(f"  - Suggested: {suggested}")
        if match.partner is not None:
            partner = match.partner
            lines.append(f"  - Pair with **{cell(partner.handle)}** ({cell(why(partner))})")
        lines += [f"  - {cell(note[:1].upper() + note[1:])}." for note in match_notes(need)]
    return lines


def _md_offers(item: OffersItem) -> list[str]:
    lines = []
    for offer in item.offers:
        text, terms = offer_words(offer)
        terms_text = f" ({cell(terms)})" if terms else ""
        lines.append(f"- {cell(offer.by)} offers “{cell(text)}”{terms_text}")
    lines.append(f"- {cell(spare_words(item))}")
    return lines


def _md_thanks(item: ThanksItem) -> list[str]:
    lines = []
    for row in item.rows:
        helped, rating = thanks_words(row)
        on = f" with *{cell(row.topic)}*" if row.topic is not None else ""
        lines.append(f"- **{cell(row.helper)}** {cell(helped)}{on} {cell(rating)}")
        if row.note is not None:
            lines.append(f"  > {cell(row.note)}")
    return lines


def _md_point(point: BalancePoint, private: bool) -> list[str]:
    facts = "; ".join(cell(clause) for clause in details(point, private))
    severity = SEVERITY_WORDS[point.severity]
    lines = [f"- *{point.minutes} min* · **{cell(point_title(point))}** ({severity}): {facts}."]
    question = point_question(point)
    if question is not None:
        lines.append(f"  *To discuss:* {cell(question)}")
    return lines


def _md_settle(item: SettleItem) -> list[str]:
    shortest = _short(item)
    lines = [_settle_intro(item), ""]
    for one in item.waiting:
        who, when = _waiting_words(one)
        exchange = one.exchange
        lines.append(
            f"- {cell(who)} `{shortest[exchange.id]}`: {cell(exchange.helper)} helped with"
            f" *{cell(exchange.topic)}* {cell(when)}"
        )
    return lines


def render_markdown(agenda: Agenda) -> str:
    """The agenda as a page for the team's notes: every field text escaped by `cell`."""
    lines = [f"# {cell(_title(agenda))}", "", cell(time_line(agenda))]
    lines += [cell(since_line(agenda)), ""]
    for number, (name, items) in enumerate(_sections(agenda), start=1):
        lines += [f"## {number}. {cell(name)} · {_section_minutes(items)}", ""]
        if name == "Open needs" and not items:
            lines += [NO_NEED, ""]
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
        lines += [f"## Left for next time ({len(agenda.left)})", ""]
        lines += [f"- *{item.minutes} min* · {cell(item_title(item))}" for item in agenda.left]
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
        lines += [plain(f"suggested: {one.handle} ({why(one)})") for one in match.helpers]
        if match.partner is not None:
            lines.append(plain(f"pair with: {match.partner.handle} ({why(match.partner)})"))
        lines += [plain(note, "yellow") for note in match_notes(need)]
    return lines


def _text_offers(item: OffersItem) -> list[Text]:
    lines = []
    for offer in item.offers:
        text, terms = offer_words(offer)
        lines.append(plain(f"{offer.by} offers “{text}”" + (f" ({terms})" if terms else "")))
    lines.append(plain(spare_words(item)))
    return lines


def _text_thanks(item: ThanksItem) -> list[Text]:
    lines = []
    for row in item.rows:
        helped, rating = thanks_words(row)
        on = f" with “{row.topic}”" if row.topic is not None else ""
        lines.append(plain(f"{row.helper} {helped}{on} {rating}"))
        if row.note is not None:
            lines.append(plain(f"  “{row.note}”", "italic"))
    return lines


def _text_point(point: BalancePoint, private: bool) -> list[Text]:
    title = Text.assemble(plain(point_title(point), "bold"), f" ({SEVERITY_WORDS[point.severity]})")
    lines = [title, plain("; ".join(details(point, private)) + ".")]
    question = point_question(point)
    if question is not None:
        lines.append(plain(f"to discuss: {question}", "dim"))
    return lines


def _text_settle(item: SettleItem) -> list[Text]:
    shortest = _short(item)
    lines = [plain(_settle_intro(item))]
    for one in item.waiting:
        who, when = _waiting_words(one)
        exchange = one.exchange
        lines.append(
            plain(
                f"{who} {shortest[exchange.id]}: {exchange.helper} helped with"
                f" “{exchange.topic}” {when}"
            )
        )
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
        table.add_row("", plain(NO_NEED))
    if items and isinstance(items[0], BalancePoint):
        table.add_row("", plain(_points_note(agenda), "dim"))
    for item in items:
        table.add_row(f"{item.minutes} min", Group(*_text_item(item, agenda.private)))
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
        parts += [Text(""), Text(f"Left for next time ({len(agenda.left)})", style="bold")]
        parts += [
            Padding(plain(f"{item_title(item)} · {item.minutes} min"), (0, 0, 0, 2))
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
