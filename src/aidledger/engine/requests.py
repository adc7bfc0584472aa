"""Help requests as pure decisions: which requests a list shows, and what each step changes.

Each step (`take`, `drop`, `close`, `answer`) reads a request as it stands and returns the
fields to change in its file (None removes one), or refuses with a sentence. The command
line writes the changes into the request's own lines, so each step is a small diff.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from aidledger.errors import RefusedError
from aidledger.i18n import _, format_day
from aidledger.model.records import Request

# The fields a step sets, by name; None removes the field.
Changes = dict[str, Any]

# A request is still to be met while it is open or taken.
UNMET = ("open", "taken")


def is_unmet(request: Request) -> bool:
    """Open or taken: nobody has closed it yet."""
    return request.status in UNMET


def select_requests(
    requests: Iterable[Request],
    *,
    unmet_only: bool = False,
    member: str | None = None,
    skills: tuple[str, ...] = (),
) -> list[Request]:
    """The requests that pass every filter given, oldest first.

    `member` keeps those the member asked for or took; `skills` keeps those that need any
    of them.
    """
    return sorted(
        (
            request
            for request in requests
            if not (unmet_only and not is_unmet(request))
            and (member is None or member in (request.by, request.taken_by))
            and (not skills or set(skills) & set(request.skills))
        ),
        key=lambda request: (request.opened, request.id),
    )


def named_by(ids: Iterable[str], prefix: str) -> list[str]:
    """The ids `prefix` names: itself when it is one, else every id that starts with it."""
    known = sorted(set(ids))
    if prefix in known:
        return [prefix]
    return [name for name in known if name.startswith(prefix)]


def _closed_sentence(request: Request) -> str:
    """The refusal of a step on a request that is closed already."""
    if request.status == "dropped":
        text = _("{id} is already dropped (closed on {day}); nothing was changed")
    else:
        text = _("{id} is already done (closed on {day}); nothing was changed")
    closed = format_day(request.closed) if request.closed is not None else str(None)
    return text.format(id=request.id, day=closed)


def take(request: Request, taker: str) -> Changes:
    """`taker` takes an open request: it becomes theirs to answer."""
    if taker == request.by:
        # Translators: {handle} is the person who asked, and who tries to take it.
        message = _(
            "{handle} asked for {id}: you cannot take your own request; nothing was changed"
        )
        raise RefusedError(
            message.format(handle=taker, id=request.id),
            hint=_("someone else takes it; `aidledger drop` withdraws it"),
        )
    if request.status == "taken":
        if request.taken_by == taker:
            message = _(
                "{id} is already taken by {handle} (you took it already); nothing was changed"
            )
        else:
            message = _("{id} is already taken by {handle} (ask them first); nothing was changed")
        raise RefusedError(message.format(id=request.id, handle=request.taken_by))
    if not is_unmet(request):
        raise RefusedError(_closed_sentence(request))
    return {"status": "taken", "taken_by": taker}


def _closing_day(request: Request, day: date) -> date:
    # A request opened by a writer a day ahead in time must not close before it opened.
    return max(day, request.opened)


def drop(request: Request, actor: str, day: date) -> Changes:
    """The requester withdraws a request that is still to be met."""
    if actor != request.by:
        # Translators: {actor} tries to drop the request; {asker} asked for it.
        message = _("{actor} cannot drop {id}: only {asker}, who asked, can; nothing was changed")
        raise RefusedError(message.format(actor=actor, id=request.id, asker=request.by))
    if not is_unmet(request):
        raise RefusedError(_closed_sentence(request))
    return {"status": "dropped", "closed": _closing_day(request, day)}


def may_close(request: Request, actor: str, *, helper: str | None = None) -> None:
    """Refuse, with a sentence, unless `actor` may close the request now.

    Those involved close it: the requester, the person who took it, or the person whose
    help (`helper`, the exchange logged in the same step) met it; and only while it is
    still to be met.
    """
    if not is_unmet(request):
        raise RefusedError(_closed_sentence(request))
    involved = {request.by, request.taken_by, helper} - {None}
    if actor not in involved:
        if request.taken_by:
            # Translators: {actor} tries to close the request; {asker} asked for it and
            # {taker} took it.
            message = _(
                "{actor} cannot close {id}: only {asker}, who asked or {taker}, who took it,"
                " can, or whoever logs the help that met it; nothing was changed"
            )
        else:
            # Translators: {actor} tries to close the request; {asker} asked for it.
            message = _(
                "{actor} cannot close {id}: only {asker}, who asked, can,"
                " or whoever logs the help that met it; nothing was changed"
            )
        # Translators: DURATION and TOPIC are what to type, as the command's usage names them.
        hint = _("log your help with it: `aidledger done {id} DURATION TOPIC`")
        raise RefusedError(
            message.format(actor=actor, id=request.id, asker=request.by, taker=request.taken_by),
            hint=hint.format(id=request.id),
        )
    if helper is not None and helper == request.by:
        raise RefusedError(_own_help(request))


def close(
    request: Request,
    actor: str,
    day: date,
    *,
    helper: str | None = None,
    exchange_id: str | None = None,
) -> Changes:
    """The request is met: done on `day`, with the exchange that answered it if one is given
    (see `may_close` for who may close it)."""
    may_close(request, actor, helper=helper)
    changes: Changes = {"status": "done", "closed": _closing_day(request, day)}
    if exchange_id is not None:
        changes["exchanges"] = [*request.exchanges, exchange_id]
    return changes


def _own_help(request: Request) -> str:
    # Translators: {handle} asked for the request and is also the helper.
    message = _("{handle} asked for {id}: their own help cannot answer it; nothing was written")
    return message.format(handle=request.by, id=request.id)


def answer(request: Request, exchange_id: str, helper: str, day: date, *, done: bool) -> Changes:
    """Help logged with `--request` answers it: the exchange is listed, and the request moves
    on, to taken by the helper (when open), or to done with `done`.

    A done request only lists the new exchange (follow-up help); a dropped one is refused.
    """
    if request.status == "dropped":
        closed = format_day(request.closed) if request.closed is not None else str(None)
        message = _("{id} was dropped on {day}: help cannot answer it; nothing was written")
        raise RefusedError(
            message.format(id=request.id, day=closed),
            hint=_("log the help without --request"),
        )
    if helper == request.by:
        raise RefusedError(_own_help(request))
    changes: Changes = {"exchanges": [*request.exchanges, exchange_id]}
    if request.status == "done":
        return changes
    if done:
        changes.update(status="done", closed=_closing_day(request, day))
    elif request.status == "open":
        changes.update(status="taken", taken_by=helper)
    return changes


def applied(request: Request, changes: Changes) -> Request:
    """The request as it stands once `changes` are written (a removed field takes its default)."""
    fields = request.model_dump()
    fields.update(changes)
    return Request.model_validate(
        {key: value for key, value in fields.items() if value is not None}
    )
