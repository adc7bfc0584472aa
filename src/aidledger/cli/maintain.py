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
from aidledger.i18n import _, ngettext
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
    line = _("would format {file}") if check_only else _("formatted {file}")
    lines = [line.format(file=printable(display_path(item.path))) + "\n" for item in to_rewrite]
    emit("".join(lines) + _format_summary(plan.count, len(to_rewrite), len(kept), check_only))
    for item in kept:
        say(
            _(
                "{file}: holds comments, which formatting would lose;"
                " kept as written (--drop-comments formats it anyway)"
            ).format(file=display_path(item.path))
        )
    if check_only and to_rewrite:
        raise typer.Exit(ExitCode.WARNINGS_FAILED)


def _format_summary(count: int, changed: int, kept: int, check_only: bool) -> str:
    """`2 files formatted, 5 already canonical, 1 kept as written for their comments`."""
    if check_only:
        done = ngettext(
            "{count} file would be formatted", "{count} files would be formatted", changed
        )
    else:
        done = ngettext("{count} file formatted", "{count} files formatted", changed)
    unchanged = count - changed - kept
    parts = [
        done.format(count=changed),
        # Translators: files already in the form aidledger writes.
        ngettext("{count} already canonical", "{count} already canonical", unchanged).format(
            count=unchanged
        ),
    ]
    if kept:
        parts.append(
            ngettext(
                "{count} kept as written for their comments",
                "{count} kept as written for their comments",
                kept,
            ).format(count=kept)
        )
    return ", ".join(parts) + "\n"


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
    from aidledger.store.canonical import plan_pack, write_pack
    from aidledger.store.load import display_path, load_team
    from aidledger.store.lock import edit_lock

    if not _YEAR.match(year):
        raise UsageError(_("YEAR: {year} is not a year such as 2025").format(year=repr(year)))
    folder = resolve_root(ctx, root)
    storage = load_team(folder).settings.storage
    with edit_lock(folder):
        packed = plan_pack(folder, int(year), storage, drop_comments=drop_comments)
        write_pack(folder, packed)
    count = len(packed.records)
    files = ngettext("{count} file", "{count} files", len(packed.sources)).format(
        count=len(packed.sources)
    )
    if packed.existing is not None:
        # Translators: {files} is "3 files"; {target} the file they were merged into.
        text = ngettext(
            "Packed {count} exchange from {files} merged into {target}.",
            "Packed {count} exchanges from {files} merged into {target}.",
            count,
        )
    else:
        # Translators: {files} is "3 files"; {target} the file made of them.
        text = ngettext(
            "Packed {count} exchange from {files} into {target}.",
            "Packed {count} exchanges from {files} into {target}.",
            count,
        )
    target = printable(display_path(packed.target))
    emit(text.format(count=count, files=files, target=target) + "\n")
    for path in packed.dropped_comments:
        say(
            _("{file}: its comments were dropped (--drop-comments)").format(file=display_path(path))
        )


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
