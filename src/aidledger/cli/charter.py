"""The charter in use: `charter show`, `charter sign` and `charter diff`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aidledger.cli.common import (
    AsOfOption,
    AsOption,
    Output,
    RootOption,
    acting,
    choice,
    emit,
    emit_in_format,
    optional_date,
    resolve_root,
    still_member,
    today,
)
from aidledger.errors import RefusedError, UsageError
from aidledger.i18n import N_, _, format_day

if TYPE_CHECKING:
    from aidledger.model.charter import Charter

charter_app = typer.Typer(
    help="Read the team's charter, sign it, and see what changed in it.", no_args_is_help=True
)


class CharterFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


FormatOption = Annotated[
    CharterFormat, typer.Option("--format", parser=choice(CharterFormat), help="Output format.")
]

# What `charter diff` compares with when it compares with the working copy.
WORKING_COPY = N_("the working copy")


def show(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    output_format: FormatOption = CharterFormat.table,
    root: RootOption = None,
) -> None:
    """Print the charter: principles, advice on how to help, every rule and warning level in
    force (defaults included, saying which the team set), dated changes, and who signed
    which version. A day to come (--as-of) shows the changes that will be in force then."""
    from aidledger.engine.charter_terms import charter_terms
    from aidledger.render import charter as render
    from aidledger.store.load import load_charter, load_team

    folder = resolve_root(ctx, root)
    day = optional_date(as_of, "--as-of") or today()
    terms = charter_terms(load_charter(folder), day, load_team(folder).members)
    emit_in_format(
        output_format,
        {
            CharterFormat.json: lambda: render.render_show_json(terms),
            CharterFormat.markdown: lambda: render.render_show_markdown(terms),
        },
        lambda output: render.render_show_text(terms, width=output.width, color=output.color),
    )


def sign(
    ctx: typer.Context,
    as_handle: AsOption = None,
    root: RootOption = None,
) -> None:
    """Sign the version of the charter in force, today, as yourself (or --as HANDLE).

    The signature is appended to charter.toml as a [[signature]] table; every other byte
    of the file is kept. Signing the same version twice is refused; once the charter
    changes, its new version can be signed."""
    from aidledger.engine.charter_on import charter_version
    from aidledger.engine.charter_terms import signed_already
    from aidledger.model.charter import Signature
    from aidledger.store.charter_file import append_signature
    from aidledger.store.load import load_charter, load_team
    from aidledger.store.lock import edit_lock

    folder = resolve_root(ctx, root)
    day = today()
    # Read, decide and write under the lock: a signature made meanwhile is seen.
    with edit_lock(folder):
        team = load_team(folder)
        actor = acting(team.members, as_handle, folder)
        still_member(actor, day, "signer")
        charter = load_charter(folder)
        version = charter_version(charter)
        earlier = signed_already(charter, actor.handle)
        if earlier is not None:
            raise RefusedError(
                _(
                    "{handle} already signed version {version} of the charter,"
                    " on {day}; nothing was written"
                ).format(handle=actor.handle, version=version, day=format_day(earlier.on)),
                hint=_("a new signature is needed only once the charter changes"),
            )
        append_signature(folder, Signature(handle=actor.handle, on=day, version=version))
    emit(
        _("{handle} signed version {version} of the charter on {day}.").format(
            handle=actor.handle, version=version, day=format_day(day)
        )
        + "\n"
    )


def _charter_at(folder: Path, commit: str, label: str) -> Charter | None:
    from aidledger.store.git import file_at
    from aidledger.store.load import CHARTER_FILE, check_charter_text

    text = file_at(folder, commit, CHARTER_FILE)
    return None if text is None else check_charter_text(text, f"{label}:{CHARTER_FILE}")


def _named(folder: Path, revision: str) -> tuple[Charter, str]:
    """The charter in the commit `revision` names, and how to name it."""
    from aidledger.store.git import commit_of
    from aidledger.store.load import CHARTER_FILE

    commit = commit_of(folder, revision)
    if commit is None:
        raise UsageError(
            _("{revision} names no commit of this repository").format(revision=repr(revision)),
            hint=_("give a commit, a branch or a tag, as `git log --oneline` shows them"),
        )
    charter = _charter_at(folder, commit, revision)
    if charter is None:
        raise UsageError(
            _("{revision} holds no {file} in this folder").format(
                revision=revision, file=CHARTER_FILE
            )
        )
    return charter, revision


def _by_default(folder: Path, current: Charter) -> tuple[Charter, str]:
    """HEAD's charter when the working copy changed it; else the charter before the last
    commit that changed it (itself when that commit added it)."""
    from aidledger.store.git import changed_since_head, commit_of, last_commit_changing
    from aidledger.store.git import short_commit as short
    from aidledger.store.load import CHARTER_FILE

    head = commit_of(folder, "HEAD")
    if head is None:
        raise UsageError(_("the repository has no commit yet: there is no charter to compare with"))
    at_head = _charter_at(folder, head, "HEAD")
    if at_head is None:
        raise UsageError(
            _("{file} is not committed yet: there is no charter to compare with").format(
                file=CHARTER_FILE
            ),
            hint=_("commit {file}; `charter diff` then shows what changes in it").format(
                file=CHARTER_FILE
            ),
        )
    if changed_since_head(folder, CHARTER_FILE):
        return at_head, "HEAD"
    last = last_commit_changing(folder, CHARTER_FILE) or head
    parent = commit_of(folder, f"{last}^")
    before = _charter_at(folder, parent, short(folder, parent)) if parent else None
    if parent is None or before is None:
        # Translators: names the commit that added the charter file.
        return current, _("{commit}, where it was added").format(commit=short(folder, last))
    return before, short(folder, parent)


def diff(
    ctx: typer.Context,
    revision: Annotated[
        str | None,
        typer.Argument(
            metavar="REV",
            help=(
                "A commit, branch or tag. Default: HEAD when charter.toml has uncommitted"
                " changes, else the commit before the last one that changed it."
            ),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = CharterFormat.table,
    root: RootOption = None,
) -> None:
    """Show what changed in the charter's text, rules and warning levels since a git
    revision, up to the working copy."""
    from aidledger.engine.charter_terms import charter_diff
    from aidledger.render import charter as render
    from aidledger.store.git import require_repository
    from aidledger.store.load import load_charter

    folder = resolve_root(ctx, root)
    require_repository(folder)
    current = load_charter(folder)
    before, label = (
        _named(folder, revision) if revision is not None else _by_default(folder, current)
    )
    compared = charter_diff(before, current)
    working_copy = _(WORKING_COPY)

    def table(output: Output) -> str:
        return render.render_diff_text(
            compared, label, working_copy, width=output.width, color=output.color
        )

    emit_in_format(
        output_format,
        {
            CharterFormat.json: lambda: render.render_diff_json(compared, label, working_copy),
            CharterFormat.markdown: lambda: render.render_diff_markdown(
                compared, label, working_copy
            ),
        },
        table,
    )


def register(app: typer.Typer) -> None:
    charter_app.command("show")(show)
    charter_app.command("sign")(sign)
    charter_app.command("diff")(diff)
    app.add_typer(charter_app, name="charter")
