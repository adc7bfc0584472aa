"""Setting a ledger up: `init` and the `member` commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    RootOption,
    TableFormat,
    emit,
    emit_in_format,
    lowercase,
    optional_date,
    past_day,
    resolve_root,
    today,
)
from aidledger.errors import RefusedError, UsageError
from aidledger.model.values import MINUTES_PER_WEEK, parse_duration

member_app = typer.Typer(help="Add, list and mark members who left.", no_args_is_help=True)

if TYPE_CHECKING:
    pass


def init(
    team: Annotated[str, typer.Option(metavar="NAME", help="The team's name.")],
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the ledger (created if needed).")
    ] = Path(),
    charter: Annotated[
        str,
        typer.Option(
            metavar="TEMPLATE", help="Charter template (default, small-team, strict) or a path."
        ),
    ] = "default",
    started: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Day the team starts its ledger; warnings about a person ignore days"
            " before it. Default: today.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a ledger: aidledger.toml, charter.toml, members.toml, requests/, exchanges/."""
    from aidledger.store.init import charter_template, create_ledger
    from aidledger.store.load import check_charter_text

    if not team.strip():
        raise UsageError("--team: the team's name cannot be empty")
    first_day = past_day(started, "--started", "a ledger starts today or on a day that has passed")
    text = charter_template(charter)
    check_charter_text(text, charter)
    made = create_ledger(directory, team.strip(), text, first_day)
    emit(f"Created a ledger for {team.strip()} in {directory}:\n")
    emit("".join(f"  {path}\n" for path in made))
    emit("Next: aidledger member add HANDLE --name 'Full Name' --email you@example.org\n")


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    handle: Annotated[
        str, typer.Argument(metavar="HANDLE", help="Short lowercase name, e.g. alice.")
    ],
    name: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Full name.", show_default=False)
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option(metavar="EMAIL", help="Email (repeatable); matches git's user.email."),
    ] = None,
    skill: Annotated[
        list[str] | None, typer.Option(metavar="SKILL", help="A skill to offer (repeatable).")
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help="Help they can give per week, e.g. 2h or 90m.",
            show_default=False,
        ),
    ] = None,
    joined: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Day they joined; default: today.", show_default=False),
    ] = None,
    root: RootOption = None,
) -> None:
    """Add a member to members.toml (comments and order in the file are kept)."""
    from aidledger.store.load import load_team
    from aidledger.store.write import add_member

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    if team.member(handle) is not None:
        raise RefusedError(f"member {handle!r} is already in members.toml; nothing was changed")
    fields: dict[str, object] = {
        "handle": handle,
        "name": name,
        "emails": tuple(email or ()),
        "skills": lowercase(skill),
        "budget_minutes_per_week": (
            parse_duration(budget, minimum=0, maximum=MINUTES_PER_WEEK) if budget else None
        ),
        "joined": past_day(joined, "--joined", "add people when they join"),
    }
    from aidledger.model.records import Member
    from aidledger.store.load import record_from_input

    member = record_from_input(
        Member, {key: value for key, value in fields.items() if value is not None}
    )
    add_member(folder, member)
    emit(f"Added {member.handle}.\n")


@member_app.command("list")
def member_list(
    ctx: typer.Context,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """List the members, with their skills, budget and dates."""
    from aidledger.render import members as render
    from aidledger.store.load import load_team

    team = load_team(resolve_root(ctx, root))
    emit_in_format(
        output_format,
        {
            TableFormat.json: lambda: render.render_json(team.members),
            TableFormat.csv: lambda: render.render_csv(team.members),
            TableFormat.markdown: lambda: render.render_markdown(team.members),
        },
        lambda output: render.render_table(team.members, width=output.width, color=output.color),
    )


@member_app.command("leave")
def member_leave(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member who leaves.")],
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Day they leave; default: today.", show_default=False),
    ] = None,
    root: RootOption = None,
) -> None:
    """Mark a member as gone: their history still counts, they are no longer warned about."""
    from aidledger.cli.common import known_member
    from aidledger.store.load import load_team
    from aidledger.store.write import set_member_left

    folder = resolve_root(ctx, root)
    team = load_team(folder)
    member = known_member(team.members, handle, "member leave")
    left = optional_date(on, "--on") or today()
    if left < member.joined:
        raise UsageError(f"--on {left} is before {handle} joined ({member.joined})")
    if member.left is not None:
        raise RefusedError(f"{handle} already left on {member.left}; nothing was changed")
    set_member_left(folder, handle, left)
    emit(f"{handle} left on {left}.\n")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(member_app, name="member")
