"""Setting a ledger up: `init` and the `member` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    FIELD_OPTIONS,
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
from aidledger.i18n import _, format_day, pgettext
from aidledger.model.values import MINUTES_PER_WEEK, parse_duration

member_app = typer.Typer(
    help="Add, list and change members, and mark those who left.", no_args_is_help=True
)

if TYPE_CHECKING:
    from aidledger.model.records import Member


def init(
    team: Annotated[str, typer.Option(metavar="NAME", help="The team's name.")],
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the ledger (created if needed).")
    ] = Path(),
    charter: Annotated[
        str,
        typer.Option(
            metavar="TEMPLATE",
            help="Charter template (default, small-team, strict; in French the French one,"
            " or fr/default, fr/small-team, fr/strict by name) or a path.",
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
    storage: Annotated[
        str,
        typer.Option(
            metavar="toml|yaml",
            help="Format of the request and exchange files that commands write."
            " The settings, charter and members files are TOML either way.",
        ),
    ] = "toml",
) -> None:
    """Create a ledger: aidledger.toml, charter.toml, members.toml, requests/, exchanges/,
    and the schemas editors read in .aidledger/schema/."""
    from aidledger.model.records import Settings
    from aidledger.render.schema import schema_texts
    from aidledger.store.init import charter_template, create_ledger
    from aidledger.store.load import check_charter_text, record_from_input

    if not team.strip():
        raise UsageError(_("--team: the team's name cannot be empty"))
    if storage not in ("toml", "yaml"):
        raise UsageError(
            _("--storage: no storage format {storage!r}; choose toml or yaml").format(
                storage=storage
            )
        )
    first_day = past_day(
        started, "--started", _("a ledger starts today or on a day that has passed")
    )
    # The settings as they will be read back, so that init never writes a folder that fails.
    record_from_input(
        Settings,
        {"format_version": 1, "team": team, "started": first_day, "storage": storage},
        FIELD_OPTIONS,
    )
    text = charter_template(charter)
    check_charter_text(text, charter)
    made = create_ledger(directory, team.strip(), text, first_day, storage, schemas=schema_texts())
    # Translators: {team} is the team's name, {directory} the folder; the files follow.
    created = _("Created a ledger for {team} in {directory}:")
    emit(created.format(team=team.strip(), directory=directory) + "\n")
    emit("".join(f"  {path}\n" for path in made))
    # Translators: HANDLE and the options stay as they are; 'Full Name' and the email are
    # examples to replace.
    emit(_("Next: aidledger member add HANDLE --name 'Full Name' --email you@example.org") + "\n")


AliasOption = Annotated[
    list[str] | None,
    typer.Option(
        "--alias",
        metavar="TEXT",
        help="A name or email seen in commit trailers, e.g. 'Al M. <al@old.example>'"
        " (repeatable); `import git` maps it to this member.",
    ),
]


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
    alias: AliasOption = None,
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
    from aidledger.model.records import Member
    from aidledger.store.load import load_team, record_from_input
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import add_member

    folder = resolve_root(ctx, root)
    fields: dict[str, object] = {
        "handle": handle,
        "name": name,
        "emails": tuple(email or ()),
        "skills": lowercase(skill),
        "aliases": tuple(alias or ()),
        "budget_minutes_per_week": (
            parse_duration(budget, minimum=0, maximum=MINUTES_PER_WEEK, option="--budget")
            if budget
            else None
        ),
        "joined": past_day(joined, "--joined", _("add people when they join")),
    }
    member = record_from_input(
        Member, {key: value for key, value in fields.items() if value is not None}, FIELD_OPTIONS
    )
    # Read and append under the lock, so that two people added at once are both kept.
    with edit_lock(folder):
        team = load_team(folder)
        if team.member(handle) is not None:
            raise RefusedError(
                _("member {handle!r} is already in members.toml; nothing was changed").format(
                    handle=handle
                )
            )
        _refuse_taken_emails(member, team.members)
        add_member(folder, member)
    emit(_("Added {handle}.").format(handle=member.handle) + "\n")


def _refuse_taken_emails(member: Member, members: tuple[Member, ...]) -> None:
    """An email names one member: git's email is how aidledger knows who is acting."""
    owners = {address.lower(): other.handle for other in members for address in other.emails}
    for address in member.emails:
        owner = owners.get(address.lower())
        if owner is not None:
            if owner == member.handle:
                message = _(
                    "--email: {address} is given twice; an email belongs to one member only;"
                    " nothing was changed"
                )
            else:
                # Translators: {owner} is the handle of the member who has the email.
                message = _(
                    "--email: {address} is already {owner}'s email; an email belongs to one"
                    " member only; nothing was changed"
                )
            raise RefusedError(message.format(address=address, owner=owner))
        owners[address.lower()] = member.handle


@member_app.command("set")
def member_set(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member to change.")],
    name: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Full name.", show_default=False)
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option(
            metavar="EMAIL", help="Email (repeatable); the emails given replace the old ones."
        ),
    ] = None,
    skill: Annotated[
        list[str] | None,
        typer.Option(
            metavar="SKILL", help="A skill (repeatable); the skills given replace the old ones."
        ),
    ] = None,
    alias: AliasOption = None,
    budget: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help="Help they can give per week, e.g. 2h or 90m.",
            show_default=False,
        ),
    ] = None,
    no_budget: Annotated[
        bool, typer.Option("--no-budget", help="Remove their weekly budget.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Change a member's name, emails, skills, aliases or budget (comments in the file are
    kept); each list given replaces the old one."""
    from aidledger.cli.common import known_member
    from aidledger.model.records import Member
    from aidledger.store.load import MEMBERS_FILE, load_team, record_from_input
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import update_record

    if budget is not None and no_budget:
        raise UsageError(_("--budget and --no-budget cannot be given together"))
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = name
    if email:
        changes["emails"] = tuple(email)
    if skill:
        changes["skills"] = lowercase(skill)
    if alias:
        changes["aliases"] = tuple(alias)
    if budget is not None:
        changes["budget_minutes_per_week"] = parse_duration(
            budget, minimum=0, maximum=MINUTES_PER_WEEK, option="--budget"
        )
    if no_budget:
        changes["budget_minutes_per_week"] = None
    if not changes:
        raise UsageError(
            _("nothing to change: give --name, --email, --skill, --alias, --budget or --no-budget")
        )
    folder = resolve_root(ctx, root)
    with edit_lock(folder):
        team = load_team(folder)
        member = known_member(team.members, handle, "member set")
        fields = {**member.model_dump(exclude_none=True), **changes}
        changed = record_from_input(
            Member,
            {key: value for key, value in fields.items() if value is not None},
            FIELD_OPTIONS,
        )
        others = tuple(other for other in team.members if other.handle != handle)
        _refuse_taken_emails(changed, others)
        if changed == member:
            emit(
                _("{handle} already has these values; nothing was changed.").format(handle=handle)
                + "\n"
            )
            return
        update_record(
            folder,
            folder / MEMBERS_FILE,
            "member",
            handle,
            {key: _plain(value) for key, value in changes.items()},
        )
    names = {
        "name": pgettext("member field", "name"),
        "emails": pgettext("member field", "emails"),
        "skills": pgettext("member field", "skills"),
        "aliases": pgettext("member field", "aliases"),
        "budget_minutes_per_week": pgettext("member field", "budget"),
    }
    changed_names = ", ".join(names.get(key, key) for key in changes)
    # Translators: {fields} are the member's fields changed: `name, emails`.
    emit(_("Changed {fields} of {handle}.").format(fields=changed_names, handle=handle) + "\n")


def _plain(value: object) -> object:
    """A value as members.toml holds it: lists, not tuples."""
    return list(value) if isinstance(value, tuple) else value


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
    """Mark a member as gone: their history still counts, they are no longer warned about.

    Run again with another day to move the day they left.
    """
    from aidledger.cli.common import known_member
    from aidledger.store.load import load_team
    from aidledger.store.lock import edit_lock
    from aidledger.store.write import set_member_left

    folder = resolve_root(ctx, root)
    left = optional_date(on, "--on") or today()
    with edit_lock(folder):
        member = known_member(load_team(folder).members, handle, "member leave")
        if left < member.joined:
            raise UsageError(
                _("--on {left} is before {handle} joined ({joined})").format(
                    left=left.isoformat(), handle=handle, joined=format_day(member.joined)
                )
            )
        _refuse_before_last_exchange(folder, handle, left)
        if member.left == left:
            emit(
                _("{handle} already left on {left}; nothing was changed.").format(
                    handle=handle, left=format_day(left)
                )
                + "\n"
            )
            return
        set_member_left(folder, handle, left)
    if member.left is not None:
        # Translators: {before} is the day they had left on, until this command.
        said = _("{handle} left on {left} (instead of {before}).").format(
            handle=handle, left=format_day(left), before=format_day(member.left)
        )
    else:
        said = _("{handle} left on {left}.").format(handle=handle, left=format_day(left))
    emit(said + "\n")


def _refuse_before_last_exchange(folder: Path, handle: str, left: date) -> None:
    """Help given or received after leaving would make the data invalid: refuse that day.

    Exchanges are read one by one, not checked together, so a day that already makes
    the data invalid can still be moved.
    """
    from aidledger.errors import DataError
    from aidledger.store.load import read_ledger

    ledger, problems = read_ledger(folder)
    if ledger is None:
        raise DataError(tuple(sorted(problems)))
    theirs = [
        located
        for located in ledger.exchanges
        if handle == located.record.helper or handle in located.record.helped
    ]
    last = max(theirs, key=lambda located: located.record.date, default=None)
    if last is not None and left < last.record.date:
        raise UsageError(
            # Translators: {origin} is the file (and line) of the exchange.
            _(
                "--on {left} is before {handle}'s last exchange, on {day} ({origin});"
                " nothing was changed"
            ).format(
                left=left.isoformat(),
                handle=handle,
                day=format_day(last.record.date),
                origin=last.origin,
            ),
            # Translators: {day} is typed after --on: keep it as it is (YYYY-MM-DD).
            hint=_("a member leaves on the day of their last exchange or later: --on {day}").format(
                day=last.record.date.isoformat()
            ),
        )


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(member_app, name="member")
