"""Offers, skills and meetings: `offer`, `offers`, `skills`, `meeting record` and `meetings`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from aidledger.cli.common import (
    FIELD_OPTIONS,
    AsOfOption,
    AsOption,
    NoCacheOption,
    RootOption,
    TableFormat,
    acting,
    acting_member,
    choice,
    editing,
    emit,
    emit_in_format,
    find_by_id,
    lowercase,
    optional_date,
    optional_past_day,
    past_day,
    resolve_root,
    still_member,
    today,
)
from aidledger.errors import RefusedError, UsageError
from aidledger.i18n import _, format_day, pgettext
from aidledger.model.values import format_minutes, parse_duration

if TYPE_CHECKING:
    from aidledger.engine.context import Context
    from aidledger.model.ledger import Located
    from aidledger.model.records import Offer


class OfferGroup(TyperGroup):
    """`offer TEXT` is short for `offer add TEXT`: anything that is not one of the group's
    own commands (`add`, `done`) or a help option is the text of a new offer."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


offer_app = typer.Typer(
    cls=OfferGroup,
    help="Offer your help for a while (`aidledger offer TEXT`, short for `offer add TEXT`),"
    " and close the offer with `offer done ID`.",
    no_args_is_help=True,
)
meeting_app = typer.Typer(
    help="Record that the regular exchange meeting took place.", no_args_is_help=True
)

SkillOption = Annotated[
    list[str] | None,
    typer.Option(
        "--skill", metavar="SKILL", help="A skill offered (repeatable).", show_default=False
    ),
]
FormatOption = Annotated[
    TableFormat, typer.Option("--format", parser=choice(TableFormat), help="Output format.")
]


class SkillsFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _reading_context(folder: Path, as_of: str | None, no_cache: bool) -> Context:
    """The ledger as it stands on `--as-of` (today by default), read and validated."""
    from aidledger.engine.context import ledger_context
    from aidledger.store.load import load_ledger

    why = _("offers and skills are read as they stood")
    day = optional_past_day(as_of, "--as-of", why) or today()
    ledger = load_ledger(folder, today(), use_cache=not no_cache)
    return ledger_context(ledger, day)


# --- offer add / offer done -----------------------------------------------------------------


@offer_app.command("add")
def offer_add(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help='What you offer, e.g. "2h for SQL reviews".')
    ],
    skill: SkillOption = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes",
            metavar="DURATION",
            help="Time offered: 45m, 2h, 1h30; it adds to your spare time while the offer holds.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="Last day the offer holds (YYYY-MM-DD, tomorrow, a weekday such as friday,"
            " or +7d); default: until you close it.",
            show_default=False,
        ),
    ] = None,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Offer your help for a while and print the offer's id: `aidledger offer "2h free for
    SQL reviews" --skill sql --minutes 2h --until 2026-12-04`."""
    from aidledger.model.records import Offer
    from aidledger.store.load import display_path, load_team, record_from_input
    from aidledger.store.write import random_suffix, write_new_offer

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    actor = acting(team.members, as_handle, folder)
    day = today()
    still_member(actor, day, "offer")
    last_day = optional_date(until, "--until", ahead=True)
    if last_day is not None and last_day < day:
        raise UsageError(
            _("--until {until} has passed (today is {today}); an offer looks ahead").format(
                until=last_day.isoformat(), today=format_day(day)
            )
        )
    fields = {
        "id": f"{day:%Y-%m-%d}-{actor.handle}-{random_suffix()}",
        "opened": day,
        "by": actor.handle,
        "text": text,
        "skills": lowercase(skill),
        "minutes": parse_duration(minutes, option="--minutes") if minutes is not None else None,
        "until": last_day,
    }
    offer = record_from_input(
        Offer, {key: value for key, value in fields.items() if value is not None}, FIELD_OPTIONS
    )
    path = write_new_offer(folder, offer, team.settings.storage)
    wrote = _("Wrote {file}").format(file=display_path(path))
    emit(f"{offer.id}\n{_offer_summary(offer)}\n{wrote}\n")


def _offer_summary(offer: Offer) -> str:
    details = [format_minutes(offer.minutes)] if offer.minutes is not None else []
    if offer.until is not None:
        # Translators: a detail of an offer: the last day it holds.
        details.append(_("until {day}").format(day=format_day(offer.until)))
    if offer.skills:
        # Translators: a detail of an offer: the skills offered.
        details.append(_("skills {skills}").format(skills=", ".join(offer.skills)))
    if not details:
        # Translators: {by} is who offers, {text} what they offer.
        return _("Offered by {by}: {text!r}.").format(by=offer.by, text=offer.text)
    # Translators: {by} is who offers, {text} what they offer, {details} its time, last day
    # and skills: `2h; until 2026-12-04; skills sql`.
    return _("Offered by {by}: {text!r} ({details}).").format(
        by=offer.by, text=offer.text, details=pgettext("separator", "; ").join(details)
    )


@offer_app.command("done")
def offer_done(
    ctx: typer.Context,
    offer_id: Annotated[
        str, typer.Argument(metavar="ID", help="The offer's id (or a unique start of it).")
    ],
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Close an offer you made: it no longer adds to your spare time."""
    from aidledger.store.write import update_record

    with editing(ctx, root, as_handle) as now:
        folder, actor = now.folder, now.actor
        located = _named_offer(now.ledger.offers, offer_id)
        offer = located.record
        if offer.by != actor.handle:
            raise RefusedError(
                # Translators: {handle} is who tries to close it, {by} who made it.
                _("{handle} cannot close {id}: only {by}, who made the offer, can").format(
                    handle=actor.handle, id=offer.id, by=offer.by
                )
            )
        if offer.status == "done":
            closed_on = format_day(offer.closed) if offer.closed is not None else str(None)
            raise RefusedError(
                _("{id} was already closed on {day}; nothing was changed").format(
                    id=offer.id, day=closed_on
                )
            )
        closed = max(today(), offer.opened)
        update_record(
            folder,
            Path(located.origin.path),
            "offer",
            offer.id,
            {"status": "done", "closed": closed},
        )
    emit(_("Closed offer {id} on {day}.").format(id=offer.id, day=format_day(closed)) + "\n")


def _named_offer(offers: tuple[Located[Offer], ...], offer_id: str) -> Located[Offer]:
    """The offer an id, or a unique start of one, names."""
    return find_by_id(
        offers, offer_id, kind="offer", listing=_("list them with `aidledger offers --open`")
    )


# --- offers ---------------------------------------------------------------------------------


def offers(
    ctx: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only offers that still hold: open, not past --until.")
    ] = False,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own offers.")] = False,
    output_format: FormatOption = TableFormat.table,
    as_of: AsOfOption = None,
    as_handle: AsOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """List the offers of help, oldest first, as they stand today (or --as-of a day)."""
    from aidledger.render import offers as render

    folder = resolve_root(ctx, root)
    context = _reading_context(folder, as_of, no_cache)
    shown = context.standing_offers if open_only else context.offers
    if mine:
        actor = acting(context.members, as_handle, folder)
        shown = tuple(offer for offer in shown if offer.by == actor.handle)
    day = context.as_of
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_offers_json(shown, day),
            TableFormat.csv: lambda: render.render_offers_csv(shown, day),
            TableFormat.markdown: lambda: render.render_offers_markdown(shown, day),
        },
        lambda output: render.render_offers_table(
            shown,
            day,
            [offer.id for offer in context.offers],
            width=output.width,
            color=output.color,
        ),
    )


# --- skills ---------------------------------------------------------------------------------


def skills(
    ctx: typer.Context,
    output_format: Annotated[
        SkillsFormat,
        typer.Option("--format", parser=choice(SkillsFormat), help="Output format."),
    ] = SkillsFormat.table,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Who can help with what: each skill's people with their spare time this week and when
    they last helped on it, and the skills asked for that nobody has."""
    from aidledger.engine.capacity import skills_view
    from aidledger.render import skills as render

    context = _reading_context(resolve_root(ctx, root), as_of, no_cache)
    view = skills_view(context)
    emit_in_format(
        output_format,
        {
            SkillsFormat.json: lambda: render.render_json(view),
            SkillsFormat.markdown: lambda: render.render_markdown(view),
        },
        lambda output: render.render_table(view, width=output.width, color=output.color),
    )


# --- meetings -------------------------------------------------------------------------------


@meeting_app.command("record")
def meeting_record(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Day of the meeting; default: today.", show_default=False
        ),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option(
            "--notes", metavar="TEXT", help="A few words on what was agreed.", show_default=False
        ),
    ] = None,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Record that the exchange meeting took place, in meetings/DATE.toml."""
    from aidledger.model.records import Meeting
    from aidledger.store.load import display_path, load_team, meeting_dates, record_from_input
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import write_new_meeting

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    day = past_day(on, "--date", _("record a meeting once it has taken place"))
    actor = acting_member(team.members, as_handle, folder, required=False)
    fields = {"date": day, "notes": notes, "recorded_by": actor.handle if actor else None}
    meeting = record_from_input(
        Meeting, {key: value for key, value in fields.items() if value is not None}, FIELD_OPTIONS
    )
    with edit_lock(folder):
        held = meeting_dates(folder)
        if day in held:
            raise RefusedError(
                _("a meeting on {day} is already recorded in {file}; nothing was written").format(
                    day=format_day(day), file=held[day]
                ),
                hint=_("change its notes with your editor, or record another day with --date"),
            )
        path = write_new_meeting(folder, meeting, team.settings.storage)
    recorded = _("Recorded the meeting of {day}.").format(day=format_day(day))
    wrote = _("Wrote {file}").format(file=display_path(path))
    emit(f"{recorded}\n{wrote}\n")


def meetings(
    ctx: typer.Context,
    output_format: FormatOption = TableFormat.table,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """List the exchange meetings held, oldest first, and the cadence the charter promises."""
    from aidledger.render import offers as render

    context = _reading_context(resolve_root(ctx, root), as_of, no_cache)
    held = context.meetings
    every = context.charter.rules.meeting_every_days
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_meetings_json(held, every),
            TableFormat.csv: lambda: render.render_meetings_csv(held),
            TableFormat.markdown: lambda: render.render_meetings_markdown(held),
        },
        lambda output: render.render_meetings_table(
            held, every, context.as_of, width=output.width, color=output.color
        ),
    )


def register(app: typer.Typer) -> None:
    app.add_typer(offer_app, name="offer")
    app.command("offers")(offers)
    app.command("skills")(skills)
    app.add_typer(meeting_app, name="meeting")
    app.command("meetings")(meetings)
