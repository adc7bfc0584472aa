"""Keeping the files tidy and the history honest: `fmt`, `pack` and `verify`."""

from __future__ import annotations

import contextlib
import re
from enum import StrEnum
from typing import Annotated, Any

import typer

from aidledger.cli.common import (
    RootOption,
    choice,
    emit,
    emit_in_format,
    resolve_root,
    say,
    today,
)
from aidledger.errors import ExitCode, UsageError
from aidledger.render.text import printable


def _drop_comments_option(what: str) -> Any:
    return typer.Option(
        "--drop-comments", help=f"{what} files that hold comments too, losing the comments."
    )


def fmt(
    ctx: typer.Context,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing; list the files that would change and exit 1 if any would.",
        ),
    ] = False,
    drop_comments: Annotated[bool, _drop_comments_option("Rewrite")] = False,
    root: RootOption = None,
) -> None:
    """Rewrite the record files (exchanges/, requests/, offers/, meetings/) in the form
    aidledger writes them, TOML or YAML as each file already is.

    A file that holds comments is left as written and named, since the canonical form has
    no comments (pass --drop-comments to rewrite it anyway). If any file is invalid, its
    problems are listed and nothing is written. Running it twice changes nothing.
    """
    from aidledger.store.canonical import plan_format, rewrite
    from aidledger.store.load import display_path
    from aidledger.store.lock import edit_lock

    folder = resolve_root(ctx, root)
    # --check only reads, as in CI on a read-only checkout: it takes no lock.
    with contextlib.nullcontext() if check_only else edit_lock(folder):
        plan = plan_format(folder)
        to_rewrite = plan.to_rewrite + (plan.kept_for_comments if drop_comments else ())
        kept = () if drop_comments else plan.kept_for_comments
        if not check_only:
            rewrite(folder, to_rewrite)
    verb = "would be formatted" if check_only else "formatted"
    lines = [
        f"{'would format' if check_only else 'formatted'} {printable(display_path(item.path))}\n"
        for item in to_rewrite
    ]
    unchanged = plan.count - len(to_rewrite) - len(kept)
    summary = f"{_files(len(to_rewrite))} {verb}, {unchanged} already canonical"
    if kept:
        summary += f", {len(kept)} kept as written for their comments"
    emit("".join(lines) + summary + "\n")
    for item in kept:
        say(
            f"{display_path(item.path)}: holds comments, which formatting would lose;"
            " kept as written (--drop-comments formats it anyway)"
        )
    if check_only and to_rewrite:
        raise typer.Exit(ExitCode.WARNINGS_FAILED)


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


_YEAR = re.compile(r"^[0-9]{4}$")


def pack(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(metavar="YEAR", help="The year to pack, such as 2025.")],
    drop_comments: Annotated[bool, _drop_comments_option("Pack")] = False,
    root: RootOption = None,
) -> None:
    """Fold a year of exchange files (exchanges/YEAR/...) into one file, exchanges/YEAR.toml
    (or .yaml as the ledger stores), sorted by date and id; the folded files are removed.

    If exchanges/YEAR.toml is already there (packed before), the year's newer files are
    merged into it. Every report reads the same before and after.
    """
    from aidledger.model.values import plural
    from aidledger.store.canonical import plan_pack, write_pack
    from aidledger.store.load import display_path, load_team
    from aidledger.store.lock import edit_lock

    if not _YEAR.match(year):
        raise UsageError(f"YEAR: {year!r} is not a year such as 2025")
    folder = resolve_root(ctx, root)
    storage = load_team(folder).settings.storage
    with edit_lock(folder):
        packed = plan_pack(folder, int(year), storage, drop_comments=drop_comments)
        write_pack(folder, packed)
    into = "merged into" if packed.existing is not None else "into"
    emit(
        f"Packed {plural(len(packed.records), 'exchange')} from"
        f" {_files(len(packed.sources))} {into} {printable(display_path(packed.target))}.\n"
    )
    for path in packed.dropped_comments:
        say(f"{display_path(path)}: its comments were dropped (--drop-comments)")


class VerifyFormat(StrEnum):
    table = "table"
    json = "json"


def verify(
    ctx: typer.Context,
    output_format: Annotated[
        VerifyFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="table|json",
            parser=choice(VerifyFormat),
            help="Output format.",
        ),
    ] = VerifyFormat.table,
    root: RootOption = None,
) -> None:
    """Check in the git history that each confirmation was committed by the confirming
    member (an email of theirs in members.toml, in `emails` or `aliases`), and that no
    confirmed exchange had its helper, helped, minutes or date changed after it was
    confirmed.

    Lists what it cannot vouch for, with the reason. Exit 1 when the history contradicts a
    confirmation, 0 otherwise.
    """
    from aidledger.engine.verify import verify_confirmations
    from aidledger.render.verify import render_verify_json, render_verify_text
    from aidledger.store.git import exchange_history, require_repository
    from aidledger.store.load import EXCHANGES_DIR, load_ledger

    folder = resolve_root(ctx, root)
    require_repository(folder)
    ledger = load_ledger(folder, today())
    history = exchange_history(folder, EXCHANGES_DIR)
    result = verify_confirmations(ledger.exchange_records(), ledger.member_records(), history)
    emit_in_format(
        output_format.value,
        {"json": lambda: render_verify_json(result)},
        lambda output: render_verify_text(result),
    )
    if result.contradicted:
        raise typer.Exit(ExitCode.WARNINGS_FAILED)


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt)
    app.command("pack")(pack)
    app.command("verify")(verify)
