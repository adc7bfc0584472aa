"""Recording help: `log`, `thanks` and `confirm`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aidledger.cli.common import (
    FIELD_OPTIONS,
    AsOption,
    RootOption,
    acting,
    acting_member,
    check_order,
    emit,
    find_by_id,
    known_member,
    lowercase,
    past_day,
    resolve_root,
    still_member,
    today,
)
from aidledger.errors import RefusedError, UsageError
from aidledger.i18n import _, format_list, ngettext
from aidledger.model.values import MODES, Mode, format_minutes, parse_duration
from aidledger.model.words import CHOICE_LIKENESS, did_you_mean
from aidledger.render.text import mode_label

ModeOption = Annotated[
    str,
    typer.Option(
        "--mode",
        metavar="MODE",
        help=f"How the help was given: {', '.join(MODES)}.",
    ),
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATE", help="Day of the help; default: today.", show_default=False
    ),
]
UsefulOption = Annotated[
    int | None,
    typer.Option(
        "--useful",
        metavar="1-5",
        min=1,
        max=5,
        help="How useful it was, 1 to 5.",
        show_default=False,
    ),
]
NoteOption = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEXT",
        help="What the help changed for you (shown with the thanks).",
        show_default=False,
    ),
]
AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--request",
        metavar="ID",
        help="The request this help answers (or a unique start of its id): it is taken"
        " by the helper, unless already taken or done.",
        show_default=False,
    ),
]
DoneOption = Annotated[
    bool, typer.Option("--done", help="With --request: the help met it; close it as done.")
]
DurationArgument = Annotated[
    str, typer.Argument(metavar="DURATION", help="45, 45m, 1h, 1h30, 1.5h or 90min.")
]
TopicArgument = Annotated[str, typer.Argument(metavar="TOPIC", help="What the help was about.")]

# What `logged_email` says when git has no email to tell who ran the command.
UNKNOWN_EMAIL = "unknown"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")

if TYPE_CHECKING:
    from aidledger.model.records import Confirmation, Exchange, Member


def _mode(text: str) -> Mode:
    for mode in MODES:
        if text == mode:
            return mode
    modes = format_list([repr(mode) for mode in MODES], "or")
    refused = _("{value} is not one of {choices}").format(value=repr(text), choices=modes)
    raise UsageError(
        _("{option}: {message}").format(option="--mode", message=refused),
        hint=did_you_mean(text, MODES, CHOICE_LIKENESS),
    )


def _record(folder: Path, storage: str, **values: Any) -> Exchange:
    """Check the command-line values (those `new_exchange` takes), then write the new
    exchange and print its summary."""
    _check_request(folder, values.get("request"))
    exchange = new_exchange(**values)
    say_written(exchange, write_exchange(folder, storage, exchange))
    return exchange


def new_exchange(
    *,
    day: date,
    helper: str,
    helped: tuple[str, ...],
    duration: str,
    topic: str,
    mode: str,
    tags: list[str] | tuple[str, ...] | None,
    request: str | None,
    logged_by: str | None,
    logged_email: str | None,
    confirmation: dict[str, Any] | None,
) -> Exchange:
    """The exchange the command-line values describe, with a new id; nothing written yet.

    `confirmation` is the word of the one person helped, or, for a group, of the person
    helped who logs it: written in `confirmations`, as `confirm` writes it for a group."""
    from aidledger.model.records import Exchange
    from aidledger.store.load import record_from_input
    from aidledger.store.write import random_suffix

    fields = {
        "id": f"{day:%Y-%m-%d}-{helper}-{helped[0]}-{random_suffix()}",
        "date": day,
        "helper": helper,
        "helped": helped,
        "minutes": parse_duration(duration),
        "topic": topic,
        "mode": _mode(mode),
        "tags": lowercase(list(tags or ())),
        "request": request,
        "logged_by": logged_by,
        "logged_email": logged_email,
        "confirmation": confirmation if len(helped) == 1 else None,
        "confirmations": [confirmation] if confirmation and len(helped) > 1 else None,
    }
    return record_from_input(
        Exchange, {key: value for key, value in fields.items() if value is not None}, FIELD_OPTIONS
    )


def write_exchange(folder: Path, storage: str, exchange: Exchange) -> Path:
    """Write a new exchange's file; the path written."""
    from aidledger.store.write import write_new_exchange

    return write_new_exchange(folder, exchange, storage)


def say_written(exchange: Exchange, path: Path) -> None:
    """Print a new exchange's summary: its id first, then the file that holds it."""
    from aidledger.store.load import display_path

    emit(_summary(exchange))
    emit(_("Wrote {file}").format(file=display_path(path)) + "\n")


def _check_request(folder: Path, request_id: str | None) -> None:
    if request_id is None:
        return
    from aidledger.store.load import request_ids

    if request_id not in request_ids(folder):
        raise UsageError(
            _("--request: no request {request!r} in requests/").format(request=request_id)
        )


def _keyboard_email(actor: Member | None, email: str | None) -> str | None:
    """The git email to write beside `logged_by` when `logged_by` alone does not say who typed;
    `email` is git's user.email (`git_user_email`).

    None when git's email is the acting member's own. Otherwise (acting `--as` someone
    else, or with no acting member at all) git's email, or UNKNOWN_EMAIL when git has none.
    """
    if email is None or not _EMAIL.fullmatch(email):
        return UNKNOWN_EMAIL
    if actor is not None and email.lower() in (address.lower() for address in actor.emails):
        return None
    return email


def _summary(exchange: Exchange) -> str:
    waiting = exchange.waiting_for
    if not waiting:
        # Translators: {duration} is a duration (1h30), {helper} and {helped} handles,
        # {topic} what the help was about, {mode} how it was given (pair, taught...).
        text = _(
            "Logged {duration} of help from {helper} to {helped} on {topic!r} ({mode}, confirmed)."
        )
    elif exchange.given_confirmations:
        # Translators: {duration} is a duration (1h30), {helper} and {helped} handles,
        # {topic} what the help was about, {mode} how it was given (pair, taught...),
        # {waiting} the handles of those still to confirm.
        text = _(
            "Logged {duration} of help from {helper} to {helped} on {topic!r} ({mode},"
            " confirmed by you, waiting for {waiting})."
        )
    else:
        # Translators: {duration} is a duration (1h30), {helper} and {helped} handles,
        # {topic} what the help was about, {mode} how it was given (pair, taught...).
        text = _(
            "Logged {duration} of help from {helper} to {helped} on {topic!r} ({mode},"
            " waiting for confirmation)."
        )
    said = text.format(
        duration=format_minutes(exchange.minutes),
        helper=exchange.helper,
        helped=", ".join(exchange.helped),
        topic=exchange.topic,
        mode=mode_label(exchange.mode),
        waiting=", ".join(waiting),
    )
    return f"{exchange.id}\n{said}\n"


def log(
    ctx: typer.Context,
    duration: DurationArgument,
    topic: TopicArgument,
    helper: Annotated[
        str | None,
        typer.Option(metavar="HANDLE", help="Who helped; default: you.", show_default=False),
    ] = None,
    helped: Annotated[
        list[str] | None,
        typer.Option(
            metavar="HANDLE",
            help="Who was helped (repeatable; at least one, required).",
            show_default=False,
        ),
    ] = None,
    mode: ModeOption = "pair",
    tag: TagOption = None,
    on: DateOption = None,
    request: AnswersOption = None,
    done: DoneOption = False,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Record an exchange and print its id (confirmed at once if you are the one helped)."""
    from aidledger.store.git import git_user_email
    from aidledger.store.load import load_team

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    check_order(
        None,
        duration,
        handles=[member.handle for member in team.members],
        usage="aidledger log DURATION TOPIC --helped HANDLE",
        # Translators: a command; only the topic in quotes may be translated.
        example=_('aidledger log 30m "Review of the CI pipeline" --helped priya'),
        topic_text=topic,
    )
    # Asked once: it tells who acts (without --as) and who typed the command.
    git_email = git_user_email(folder)
    actor = acting_member(
        team.members, as_handle, folder, required=helper is None, git_email=git_email
    )
    helper_member = known_member(team.members, helper, "--helper") if helper else actor
    assert helper_member is not None
    if not helped:
        raise UsageError(_("--helped: name at least one person who was helped"))
    day = past_day(on, "--date", _("log help once it has happened"))
    still_member(helper_member, day, "--helper")
    helped_members = [
        still_member(known_member(team.members, handle, "--helped"), day, "--helped")
        for handle in helped
    ]
    # The person helped who logs the help gives their word with it; in a group, only theirs.
    confirmation = None
    if actor is not None and actor.handle in (member.handle for member in helped_members):
        confirmation = {"by": actor.handle, "on": today()}
    values: dict[str, Any] = {
        "day": day,
        "helper": helper_member.handle,
        "helped": tuple(member.handle for member in helped_members),
        "duration": duration,
        "topic": topic,
        "mode": mode,
        "tags": tag,
        "logged_by": actor.handle if actor else None,
        "logged_email": _keyboard_email(actor, git_email),
        "confirmation": confirmation,
    }
    _record_or_answer(folder, team.settings.storage, values, request, done=done)


def _record_or_answer(
    folder: Path, storage: str, values: dict[str, Any], request: str | None, *, done: bool
) -> None:
    """Write the new exchange; with a request, link it and move the request on."""
    if done and request is None:
        raise UsageError(_("--done closes the request named by --request; give --request ID"))
    if request is None:
        _record(folder, storage, request=None, **values)
        return
    from aidledger.cli.requests import answer_request

    answer_request(
        folder,
        storage,
        request,
        lambda request_id: new_exchange(request=request_id, **values),
        done=done,
    )


def thanks(
    ctx: typer.Context,
    helper: Annotated[str, typer.Argument(metavar="HELPER", help="Who helped you.")],
    duration: DurationArgument,
    topic: TopicArgument,
    mode: ModeOption = "pair",
    tag: TagOption = None,
    on: DateOption = None,
    useful: UsefulOption = None,
    note: NoteOption = None,
    request: AnswersOption = None,
    done: DoneOption = False,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Record help you received; it is confirmed by you at once."""
    from aidledger.store.git import git_user_email
    from aidledger.store.load import load_team

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    check_order(
        helper,
        duration,
        handles=[member.handle for member in team.members],
        usage="aidledger thanks HELPER DURATION TOPIC",
        # Translators: a command; only the topic in quotes may be translated.
        example=_('aidledger thanks priya 30m "Review of the CI pipeline"'),
        topic_text=topic,
    )
    git_email = git_user_email(folder)
    actor = acting(team.members, as_handle, folder, git_email=git_email)
    day = past_day(on, "--date", _("log help once it has happened"))
    helper_member: Member = still_member(
        known_member(team.members, helper, "helper"), day, "helper"
    )
    if helper_member.handle == actor.handle:
        raise UsageError(_("you cannot thank yourself: the helper must be someone else"))
    values: dict[str, Any] = {
        "day": day,
        "helper": helper_member.handle,
        "helped": (actor.handle,),
        "duration": duration,
        "topic": topic,
        "mode": mode,
        "tags": tag,
        "logged_by": actor.handle,
        "logged_email": _keyboard_email(actor, git_email),
        "confirmation": {"by": actor.handle, "on": today(), "useful": useful, "note": note},
    }
    _record_or_answer(folder, team.settings.storage, values, request, done=done)


def confirm(
    ctx: typer.Context,
    exchange_id: Annotated[
        str, typer.Argument(metavar="ID", help="The exchange's id (or a unique start of it).")
    ],
    useful: UsefulOption = None,
    note: NoteOption = None,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Confirm help you received, optionally rating how useful it was."""
    from aidledger.store.lock import edit_lock

    folder = resolve_root(ctx, root)
    # Read, decide and write under the lock: a confirmation made meanwhile is seen.
    with edit_lock(folder):
        exchange, useful, waiting, before = _confirm(folder, exchange_id, useful, note, as_handle)
    if useful is None:
        said = _("Confirmed {id}.")
    elif before is not None and before != useful:
        # Translators: {useful} and {before} are ratings from 1 to 5, new and former.
        said = _("Confirmed {id}, rated {useful}/5 (was {before}/5).")
    else:
        # Translators: {useful} is a rating from 1 to 5.
        said = _("Confirmed {id}, rated {useful}/5.")
    said = said.format(id=exchange.id, useful=useful, before=before)
    if waiting:
        # Translators: {people} are the handles of those helped who have still to confirm.
        still = ngettext(
            "{people} has not confirmed yet.", "{people} have not confirmed yet.", len(waiting)
        )
        said += " " + still.format(people=", ".join(waiting))
    emit(said + "\n")


def _confirm(
    folder: Path, exchange_id: str, useful: int | None, note: str | None, as_handle: str | None
) -> tuple[Exchange, int | None, list[str], int | None]:
    """Write the acting person's confirmation of the exchange `exchange_id` names; the
    exchange, the rating kept, who of a group has still to confirm, and the rating the
    person had given before, if any."""
    from aidledger.model.records import Confirmation
    from aidledger.store.git import git_user_email
    from aidledger.store.load import load_ledger, record_from_input
    from aidledger.store.write import update_record

    ledger = load_ledger(folder, today())
    git_email = git_user_email(folder)
    actor = acting(ledger.member_records(), as_handle, folder, git_email=git_email)
    located = find_by_id(
        ledger.exchanges,
        exchange_id,
        kind="exchange",
        listing=_("list them with `aidledger exchanges --unconfirmed`"),
    )
    exchange = located.record
    if actor.handle not in exchange.helped:
        raise RefusedError(
            # Translators: {helped} are the handles of the people helped.
            _("{handle} cannot confirm {id}: only the people helped ({helped}) can").format(
                handle=actor.handle, id=exchange.id, helped=", ".join(exchange.helped)
            )
        )
    earlier = exchange.confirmation_of(actor.handle)
    on = max(today(), exchange.date)
    if earlier is not None:
        # Confirming again keeps the first day, and the rating and note unless new ones
        # are given.
        on = earlier.on
        useful = earlier.useful if useful is None else useful
        note = earlier.note if note is None else note
    fields = {
        "by": actor.handle,
        "on": on,
        "useful": useful,
        "by_email": _keyboard_email(actor, git_email),
        "note": note,
    }
    confirmation = record_from_input(
        Confirmation,
        {key: value for key, value in fields.items() if value is not None},
        FIELD_OPTIONS,
    )
    update_record(
        folder,
        Path(located.origin.path),
        "exchange",
        exchange.id,
        _confirmation_changes(exchange, confirmation),
    )
    waiting = [handle for handle in exchange.waiting_for if handle != actor.handle]
    return exchange, useful, waiting, earlier.useful if earlier is not None else None


def _confirmation_changes(exchange: Exchange, confirmation: Confirmation) -> dict[str, Any]:
    """The fields to write for one more (or a renewed) confirmation.

    One helped person: the single `confirmation` table, as always. A group: every helped
    person's confirmation in a list, `confirmations`, in the order they were given (a new
    one is added at the end, so the file's diff is the lines added); a single
    `confirmation` an older version wrote for a group moves into that list.
    """
    if len(exchange.helped) == 1:
        return {"confirmation": confirmation.model_dump(exclude_none=True)}
    listed = [
        confirmation if earlier.by == confirmation.by else earlier
        for earlier in exchange.given_confirmations
    ]
    if exchange.confirmation_of(confirmation.by) is None:
        listed.append(confirmation)
    return {
        "confirmation": None,
        "confirmations": [given.model_dump(exclude_none=True) for given in listed],
    }


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("thanks")(thanks)
    app.command("confirm")(confirm)
