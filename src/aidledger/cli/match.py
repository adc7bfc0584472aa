"""`aidledger match`: the best helpers for each open request, or for one, and why."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    NoCacheOption,
    RootOption,
    choice,
    emit_in_format,
    past_day,
    resolve_root,
    today,
)
from aidledger.errors import UsageError
from aidledger.i18n import _, format_day

if TYPE_CHECKING:
    from aidledger.engine.context import Context
    from aidledger.model.ledger import Ledger
    from aidledger.model.records import Request


class MatchFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


MAX_TOP = 20


def find_request(ledger: Ledger, prefix: str) -> str:
    """The id of the one request whose id is `prefix` or starts with it."""
    from aidledger.cli.requests import find_request as find

    return find(ledger, prefix).record.id


def _open_request(context: Context, request_id: str) -> Request:
    """The request as it stood on the context's day, refused unless it was open then."""
    request = next((found for found in context.requests if found.id == request_id), None)
    day = format_day(context.as_of)
    if request is None:
        raise UsageError(
            _("request {id} was not opened yet on {day}").format(id=request_id, day=day)
        )
    if request.status != "open":
        if request.status == "taken":
            # Translators: {who} is the handle of the member who took the request.
            text = _("request {id} is taken by {who} on {day}; only open requests are matched")
        elif request.status == "done":
            text = _("request {id} is done on {day}; only open requests are matched")
        else:
            text = _("request {id} is dropped on {day}; only open requests are matched")
        raise UsageError(
            text.format(id=request_id, who=request.taken_by, day=day),
            hint=_("run `aidledger match` to see every open request"),
        )
    return request


def match(
    ctx: typer.Context,
    request_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="One open request's id (or a unique start of it); every open request if left out.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            min=1,
            max=MAX_TOP,
            help=f"How many helpers to suggest for each request, 1 to {MAX_TOP}.",
        ),
    ] = 3,
    output_format: Annotated[
        MatchFormat, typer.Option("--format", parser=choice(MatchFormat), help="Output format.")
    ] = MatchFormat.table,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
    root: RootOption = None,
) -> None:
    """Suggest helpers for open requests, each with its reasons: skill, spare time this
    week, and fairness (who received more than they gave, who carries little of the help);
    someone taught the skill lately is named to pair with. Never the requester."""
    from aidledger.engine.context import ledger_context
    from aidledger.engine.matching import match_open_requests, match_request
    from aidledger.render import match as render
    from aidledger.store.load import load_ledger

    day = past_day(as_of, "--as-of", _("helpers are matched on a day that has come"))
    ledger = load_ledger(resolve_root(ctx, root), today(), use_cache=not no_cache)
    context = ledger_context(ledger, day)
    if request_id is None:
        matches = match_open_requests(context, top)
    else:
        request = _open_request(context, find_request(ledger, request_id))
        matches = (match_request(context, request, top),)
    emit_in_format(
        output_format,
        {
            MatchFormat.json: lambda: render.render_json(matches, day),
            MatchFormat.markdown: lambda: render.render_markdown(matches, day),
        },
        lambda output: render.render_table(matches, day, width=output.width, color=output.color),
    )


def register(app: typer.Typer) -> None:
    app.command("match")(match)
