"""Help requests: `ask`, `requests`, `take`, `drop` and `done`, and `log --request`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aidledger.cli.common import (
    FIELD_OPTIONS,
    AsOption,
    NoCacheOption,
    Output,
    RootOption,
    TableFormat,
    acting,
    check_order,
    editing,
    emit,
    emit_in_format,
    find_by_id,
    hint_unknown,
    known_member,
    lowercase,
    optional_date,
    resolve_root,
    still_member,
    today,
)
from aidledger.cli.record import (
    ModeOption,
    UsefulOption,
    _keyboard_email,
    new_exchange,
    say_written,
    write_exchange,
)
from aidledger.cli.views import FormatOption
from aidledger.errors import UsageError
from aidledger.i18n import _, format_day, ngettext, pgettext

if TYPE_CHECKING:
    from aidledger.engine.requests import Changes
    from aidledger.model.ledger import Ledger, Located
    from aidledger.model.records import Exchange, Member, Request

IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The request's id (or a unique start of it).")
]
SkillOption = Annotated[
    list[str] | None,
    typer.Option(
        "--skill", metavar="SKILL", help="A skill it needs (repeatable).", show_default=False
    ),
]


def ask(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The need, in one line.")],
    detail: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="More about it.", show_default=False),
    ] = None,
    skill: SkillOption = None,
    needed_by: Annotated[
        str | None,
        typer.Option(
            "--needed-by",
            metavar="DATE",
            help="When it is needed: YYYY-MM-DD, today, tomorrow, a weekday (friday: the"
            " next one), or +7d / in 7 days.",
            show_default=False,
        ),
    ] = None,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Ask the team for help: write a request and print its id."""
    from aidledger.model.records import Request
    from aidledger.render.requests import asked
    from aidledger.store.load import display_path, load_team, record_from_input
    from aidledger.store.write import random_suffix, write_new_request

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    actor = acting(team.members, as_handle, folder)
    day = today()
    still_member(actor, day, "--as" if as_handle else pgettext("role", "you"))
    needed = optional_date(needed_by, "--needed-by", ahead=True)
    if needed is not None and needed < day:
        raise UsageError(
            _("--needed-by {needed} is in the past (today is {today})").format(
                needed=needed.isoformat(), today=format_day(day)
            )
        )
    fields = {
        "id": f"{day:%Y-%m-%d}-{actor.handle}-{random_suffix()}",
        "opened": day,
        "by": actor.handle,
        "title": title,
        "status": "open",
        "skills": lowercase(skill),
        "detail": detail,
        "needed_by": needed,
    }
    request = record_from_input(
        Request, {key: value for key, value in fields.items() if value is not None}, FIELD_OPTIONS
    )
    path = write_new_request(folder, request, team.settings.storage)
    emit(asked(request))
    emit(_("Wrote {file}").format(file=display_path(path)) + "\n")


def requests(
    ctx: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only those still to be met: open or taken.")
    ] = False,
    mine: Annotated[bool, typer.Option("--mine", help="Only those you asked for or took.")] = False,
    skill: Annotated[
        list[str] | None,
        typer.Option(
            "--skill",
            metavar="SKILL",
            help="Only those that need this skill (repeatable: any of them).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = TableFormat.table,
    as_handle: AsOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """List the team's requests for help, oldest first; the filters combine."""
    from aidledger.engine.requests import select_requests
    from aidledger.render import requests as render
    from aidledger.store.load import load_ledger

    folder = resolve_root(ctx, root)
    ledger = load_ledger(folder, today(), use_cache=not no_cache)
    member = None
    if mine:
        actor = acting(ledger.member_records(), as_handle, folder)
        member = actor.handle
    selected = select_requests(
        ledger.iter_requests(), unmet_only=open_only, member=member, skills=lowercase(skill)
    )
    if not selected:
        asked = (name for request in ledger.iter_requests() for name in request.skills)
        # Translators: {word} is the skill given with --skill, quoted.
        hint_unknown(lowercase(skill), asked, _("no request needs the skill {word}"))

    def table(output: Output) -> str:
        known = [
            *(located.record.id for located in ledger.exchanges),
            *(located.record.id for located in ledger.requests),
        ]
        return render.render_table(
            selected, width=output.width, color=output.color, known_ids=known
        )

    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_json(selected),
            TableFormat.csv: lambda: render.render_csv(selected),
            TableFormat.markdown: lambda: render.render_markdown(selected),
        },
        table,
    )


def find_request(ledger: Ledger, prefix: str, option: str | None = None) -> Located[Request]:
    """The one request whose id is `prefix` or starts with it, or a sentence saying why not
    (after the option that gave the id, if one did)."""
    return find_by_id(
        ledger.requests,
        prefix,
        kind="request",
        listing=_("list them with `aidledger requests`"),
        option=option,
        elsewhere={"an exchange": [located.record.id for located in ledger.exchanges]},
    )


def _change(folder: Path, located: Located[Request], changes: Changes) -> Request:
    """Write the changes into the request's own lines; the request as it now stands."""
    from aidledger.engine.requests import applied
    from aidledger.store.write import update_record

    update_record(folder, Path(located.origin.path), "request", located.record.id, changes)
    return applied(located.record, changes)


def take(
    ctx: typer.Context,
    request_id: IdArgument,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Take a request: it is yours to answer. Prints the charter's advice on how to help."""
    from aidledger.engine import requests as steps
    from aidledger.render.requests import advice, taken

    with editing(ctx, root, as_handle) as now:
        actor = now.actor
        still_member(actor, today(), "--as" if as_handle else pgettext("role", "you"))
        located = find_request(now.ledger, request_id)
        request = _change(now.folder, located, steps.take(located.record, actor.handle))
    emit(taken(request, located.origin.path))
    emit(advice(now.ledger.charter.charter.advice, Output.detect().width))


def drop(
    ctx: typer.Context,
    request_id: IdArgument,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Withdraw a request you asked for and that is still to be met."""
    from aidledger.engine import requests as steps
    from aidledger.render.requests import dropped

    with editing(ctx, root, as_handle) as now:
        located = find_request(now.ledger, request_id)
        change = steps.drop(located.record, now.actor.handle, today())
        request = _change(now.folder, located, change)
    emit(dropped(request, located.origin.path))


def done(
    ctx: typer.Context,
    request_id: IdArgument,
    duration: Annotated[
        str | None,
        typer.Argument(
            metavar="DURATION",
            help="The help that met it, logged in the same step: 45m, 1h30...",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Argument(metavar="TOPIC", help="What the help was about.", show_default=False),
    ] = None,
    helper: Annotated[
        str | None,
        typer.Option(
            metavar="HANDLE",
            help="Who helped; default: who took it, else you.",
            show_default=False,
        ),
    ] = None,
    mode: ModeOption = "pair",
    useful: UsefulOption = None,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Close a request as done; with DURATION TOPIC, log the help that met it in the same step
    (confirmed at once when you asked for it)."""

    if (duration is None) != (topic is None):
        raise UsageError(
            _("give both DURATION and TOPIC to log the help, or neither"),
            # Translators: a command; only the topic in quotes may be translated.
            hint=_('for instance `aidledger done ID 45m "Fixed the release script"`'),
        )
    if duration is not None and topic is not None:
        check_order(
            None,
            duration,
            usage="aidledger done ID DURATION TOPIC",
            # Translators: a command; only the topic in quotes may be translated.
            example=_('aidledger done 2026-11-25-bob 45m "Fixed the release script"'),
            topic_text=topic,
        )
    with editing(ctx, root, as_handle) as now:
        folder, ledger, actor = now.folder, now.ledger, now.actor
        located = find_request(ledger, request_id)
        exchange = None
        if duration is not None and topic is not None:
            help_given = _Help(duration, topic, helper, mode, useful)
            exchange = _help_that_met(folder, ledger, located.record, actor, help_given)
        else:
            _refuse_without_help(helper=helper, mode=mode, useful=useful)
        _close(folder, located, actor.handle, exchange, ledger.settings.storage)


@dataclass(frozen=True)
class _Help:
    """The help `done` logs, as typed: DURATION TOPIC and its options."""

    duration: str
    topic: str
    helper: str | None
    mode: str
    useful: int | None


def _help_that_met(
    folder: Path, ledger: Ledger, request: Request, actor: Member, given: _Help
) -> Exchange:
    """The exchange `done` logs: from the helper to the requester, tagged with the request's
    skills, confirmed at once when the requester is the one closing it."""
    from aidledger.engine.requests import may_close
    from aidledger.store.git import git_user_email

    # Refusals about the request itself (closed, not yours to close) come first.
    someone_else = actor.handle if actor.handle != request.by else None
    may_close(request, actor.handle, helper=given.helper or request.taken_by or someone_else)
    helper_member = _helper(ledger, request, actor, given.helper)
    confirmation: dict[str, Any] | None = None
    if actor.handle == request.by:
        confirmation = {"by": actor.handle, "on": today(), "useful": given.useful}
    elif given.useful is not None:
        raise UsageError(
            # Translators: {requester} is the handle of the person who asked for help.
            _("--useful: only {requester}, who was helped, rates the help").format(
                requester=request.by
            ),
            # Translators: {requester} is the handle of the person who asked for help.
            hint=_("{requester} can rate it with `aidledger confirm ID --useful N`").format(
                requester=request.by
            ),
        )
    day = today()
    return new_exchange(
        day=day,
        helper=still_member(helper_member, day, "--helper").handle,
        helped=(still_member(_member(ledger, request.by), day, _("the requester")).handle,),
        duration=given.duration,
        topic=given.topic,
        mode=given.mode,
        tags=request.skills,
        request=request.id,
        logged_by=actor.handle,
        logged_email=_keyboard_email(actor, git_user_email(folder)),
        confirmation=confirmation,
    )


def _refuse_without_help(*, helper: str | None, mode: str, useful: int | None) -> None:
    given = [
        name
        for name, value in (("--helper", helper), ("--mode", mode != "pair"), ("--useful", useful))
        if value
    ]
    if given:
        # Translators: {options} are options as typed: `--helper, --mode`.
        message = ngettext(
            "{options} describe the help logged with DURATION TOPIC; give those too",
            "{options} describe the help logged with DURATION TOPIC; give those too",
            len(given),
        )
        raise UsageError(message.format(options=", ".join(given)))


def _member(ledger: Ledger, handle: str) -> Member:
    return known_member(ledger.member_records(), handle, _("the requester"))


def _helper(ledger: Ledger, request: Request, actor: Member, helper: str | None) -> Member:
    """Who helped: --helper, else who took the request, else the acting person."""
    if helper is not None:
        return known_member(ledger.member_records(), helper, "--helper")
    if request.taken_by is not None:
        return known_member(ledger.member_records(), request.taken_by, "taken_by")
    if actor.handle == request.by:
        raise UsageError(
            _("{id} was not taken: say who helped you with --helper HANDLE").format(id=request.id),
            hint=_('for instance `aidledger done {id} 45m "..." --helper HANDLE`').format(
                id=request.id
            ),
        )
    return actor


def _close(
    folder: Path,
    located: Located[Request],
    actor: str,
    exchange: Exchange | None,
    storage: str,
) -> None:
    """Close the request as done, writing the exchange first when there is one."""
    from aidledger.engine import requests as steps
    from aidledger.render.requests import closed

    helper = exchange.helper if exchange is not None else None
    changes = steps.close(
        located.record,
        actor,
        today(),
        helper=helper,
        exchange_id=exchange.id if exchange is not None else None,
    )
    if exchange is None:
        request = _change(folder, located, changes)
    else:
        request = _with_exchange(folder, storage, located, exchange, changes)
    emit(closed(request, located.origin.path))


def _with_exchange(
    folder: Path, storage: str, located: Located[Request], exchange: Exchange, changes: Changes
) -> Request:
    """Write the exchange, then the request that lists it; if the request cannot be written,
    the exchange is taken back, so that a failure writes nothing."""
    path = write_exchange(folder, storage, exchange)
    try:
        request = _change(folder, located, changes)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    say_written(exchange, path)
    return request


def answer_request(
    folder: Path,
    storage: str,
    request_id: str,
    make_exchange: Callable[[str], Exchange],
    *,
    done: bool,
) -> None:
    """`log --request`: write the exchange linked to the request, and move the request on
    (taken by the helper, or done with `done`), under the lock."""
    from aidledger.engine import requests as steps
    from aidledger.render.requests import answered
    from aidledger.store.load import load_ledger
    from aidledger.store.lock import edit_lock

    with edit_lock(folder):
        ledger = load_ledger(folder, today())
        located = find_request(ledger, request_id, "--request")
        exchange = make_exchange(located.record.id)
        changes = steps.answer(located.record, exchange.id, exchange.helper, today(), done=done)
        request = _with_exchange(folder, storage, located, exchange, changes)
    emit(answered(request, located.record, located.origin.path))


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("requests")(requests)
    app.command("take")(take)
    app.command("drop")(drop)
    app.command("done")(done)
