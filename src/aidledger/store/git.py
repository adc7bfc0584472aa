"""The only caller of git: the identity of the person at the keyboard, files as they
stood in a commit (for `charter diff`), and commits' trailers and hooks (for `import git`)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from aidledger.errors import StoreError, UsageError
from aidledger.i18n import N_, _

if TYPE_CHECKING:
    # Imported where used: `thanks` asks git for an email only, and should not pay for them.
    from aidledger.engine.trailers import Commit, Trailer
    from aidledger.engine.verify import History, Revision


def git_user_email(folder: Path) -> str | None:
    """`git config user.email` as seen from `folder`, or None when git or the setting is absent."""
    try:
        completed = subprocess.run(
            ["git", "config", "user.email"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    email = completed.stdout.strip()
    return email if completed.returncode == 0 and email else None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git in `folder` with a list of arguments (never a shell); failure is a sentence."""
    try:
        return subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise StoreError(_("cannot run git: {error}").format(error=error)) from None


def is_tracked(folder: Path, name: str) -> bool:
    """Whether git tracks the file `name` of `folder`; False outside git, or without git."""
    try:
        return _git(folder, "ls-files", "--error-unmatch", "--", name).returncode == 0
    except StoreError:
        return False


def require_repository(folder: Path) -> None:
    """Nothing when `folder` is inside a git work tree; a sentence otherwise."""
    completed = _git(folder, "rev-parse", "--is-inside-work-tree")
    if completed.returncode != 0 or completed.stdout.strip() != b"true":
        raise UsageError(
            _("{folder} is not inside a git repository").format(folder=folder),
            hint=_("run it where the ledger is kept in git (`git init`, then commit the files)"),
        )


def commit_of(folder: Path, revision: str) -> str | None:
    """The full id of the commit `revision` names (`HEAD`, `main~2`, a tag), or None."""
    if not revision or revision.startswith("-"):
        return None
    completed = _git(
        folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    commit = completed.stdout.decode("ascii", "replace").strip()
    return commit if completed.returncode == 0 and commit else None


def short_commit(folder: Path, commit: str) -> str:
    """A commit's abbreviated id, as `git log --oneline` shows it."""
    completed = _git(folder, "rev-parse", "--short", "--end-of-options", commit)
    short = completed.stdout.decode("ascii", "replace").strip()
    return short if completed.returncode == 0 and short else commit[:7]


def file_at(folder: Path, commit: str, name: str) -> str | None:
    """The text of `name` (relative to `folder`) in `commit`, or None when it has no such
    file; `git show COMMIT:./NAME`."""
    completed = _git(folder, "show", f"{commit}:./{name}")
    if completed.returncode != 0:
        return None
    try:
        return completed.stdout.decode("utf-8")
    except UnicodeDecodeError:
        # Translators: {name} is a file, {commit} a short commit id.
        raise StoreError(
            _("{name} in {commit} is not UTF-8 text").format(name=name, commit=commit[:7])
        ) from None


def last_commit_changing(folder: Path, name: str) -> str | None:
    """The latest commit of HEAD's history that changed `name`, or None."""
    completed = _git(folder, "log", "-1", "--format=%H", "HEAD", "--", name)
    commit = completed.stdout.decode("ascii", "replace").strip()
    return commit if completed.returncode == 0 and commit else None


def changed_since_head(folder: Path, name: str) -> bool:
    """Whether the working copy of `name` differs from HEAD's (staged or not)."""
    return _git(folder, "diff", "--quiet", "HEAD", "--", name).returncode != 0


# One commit of `git log`: fields apart by NUL, which no commit message can hold (git
# refuses it), each commit ended by a NUL and git's newline. Trailers are unfolded, so
# that each is one line whatever its value spans; the author is the one .mailmap names.
_LOG_FIELDS = ("%H", "%aN", "%aE", "%aI", "%s", "%(trailers:only=true,unfold=true)")
_LOG_FORMAT = "%x00".join(_LOG_FIELDS) + "%x00"
_COMMIT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_RANGE_HINT = N_(
    "give a revision or a range git log reads, for instance HEAD, main..topic or v1.0.."
)


def read_commits(folder: Path, revisions: str) -> list[Commit]:
    """The commits of `revisions` (`HEAD`, `main..topic`, `v1.0..`), oldest first, with their
    trailers; a range git cannot read is a sentence."""
    require_repository(folder)
    if not revisions.strip() or revisions.startswith("-"):
        raise UsageError(
            _("{revisions} is not a revision range").format(revisions=repr(revisions)),
            hint=_(_RANGE_HINT),
        )
    if revisions == "HEAD" and commit_of(folder, "HEAD") is None:
        return []  # a repository with no commit yet has nothing to import
    completed = _git(
        folder,
        "log",
        "--reverse",
        "--no-color",
        f"--format={_LOG_FORMAT}",
        "--end-of-options",
        revisions,
        "--",
    )
    if completed.returncode != 0:
        said = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        # Translators: git's exit status, said when git printed no reason.
        exit_status = _("exit {code}").format(code=completed.returncode)
        reason = said[0].removeprefix("fatal: ") if said else exit_status
        raise UsageError(
            # Translators: {reason} is git's own message, in English.
            _("cannot read the revision range {revisions}: {reason}").format(
                revisions=repr(revisions), reason=reason
            ),
            hint=_(_RANGE_HINT),
        )
    return parse_log(completed.stdout.decode("utf-8", "replace"))


def parse_log(text: str) -> list[Commit]:
    """The commits of `git log --format=_LOG_FORMAT`'s output."""
    from aidledger.engine.trailers import Commit, day_of

    parts = text.split("\0")
    if parts.pop().strip():
        raise StoreError(_("cannot read git log's output: it does not end as expected"))
    width = len(_LOG_FIELDS)
    if len(parts) % width:
        raise StoreError(
            _("cannot read git log's output: a commit has a field too many or too few")
        )
    commits = []
    for start in range(0, len(parts), width):
        sha, name, email, authored, subject, trailers = parts[start : start + width]
        sha = sha.strip()
        if not _COMMIT_ID.match(sha):
            raise StoreError(
                _("cannot read git log's output: {sha} is no commit id").format(sha=repr(sha[:40]))
            )
        commits.append(
            Commit(
                sha=sha,
                author_name=name,
                author_email=email,
                authored=day_of(authored),
                subject=subject,
                trailers=tuple(_trailers(trailers)),
            )
        )
    return commits


def _trailers(text: str) -> list[Trailer]:
    from aidledger.engine.trailers import Trailer

    found = []
    for line in text.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            found.append(Trailer(key.strip(), value.strip()))
    return found


def top_level(folder: Path) -> Path:
    """The top folder of the work tree `folder` is in, where git runs hooks."""
    completed = _git(folder, "rev-parse", "--show-toplevel")
    return Path(completed.stdout.decode("utf-8", "surrogateescape").strip())


def hooks_folder(folder: Path) -> Path:
    """The repository's hooks folder (`core.hooksPath` when set), as git finds it."""
    require_repository(folder)
    completed = _git(folder, "rev-parse", "--git-path", "hooks")
    path = Path(completed.stdout.decode("utf-8", "surrogateescape").strip())
    return path if path.is_absolute() else folder / path


# --- the history of the exchanges, for `verify` ---------------------------------------------

_NO_BLOB = "0" * 40
_RECORD_SUFFIXES = (".toml", ".yaml", ".yml")


def _git_with_input(folder: Path, data: bytes, *args: str) -> bytes:
    """Run git in `folder` with `data` on its standard input; its output, or a sentence."""
    try:
        completed = subprocess.run(
            ["git", *args], cwd=folder, input=data, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise StoreError(_("cannot run git: {error}").format(error=error)) from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        # Translators: {command} is a git command (`cat-file`), {message} git's own words.
        raise StoreError(
            _("git {command} failed: {message}").format(command=args[0], message=message)
        )
    return completed.stdout


def _git_output(folder: Path, *args: str) -> bytes:
    """The output of a git command that must succeed, or a sentence with git's own words."""
    completed = _git(folder, *args)
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        # Translators: {command} is a git command (`cat-file`), {message} git's own words.
        raise StoreError(
            _("git {command} failed: {message}").format(command=args[0], message=message)
        )
    return completed.stdout


def _decoded(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")


def _is_record_name(name: str) -> bool:
    """A record file as the reader finds them: TOML or YAML, no hidden part on its way."""
    return name.endswith(_RECORD_SUFFIXES) and not any(
        part.startswith(".") for part in name.split("/")
    )


def _raw_entries(chunk: bytes) -> list[tuple[tuple[str, ...], str, str]]:
    """The `--raw -z` entries of one commit (or of `git diff`): the blob of each parent,
    the blob after, and the path from the top of the work tree.

    An entry reads `:mode... blob... status` then the path, each ended by NUL; a merge's
    combined entries start with one colon per parent.
    """
    parts = chunk.split(b"\0")
    entries = []
    index = 0
    while index + 1 < len(parts):
        meta = parts[index].strip(b"\n").decode("ascii", "replace")
        if not meta.startswith(":"):
            index += 1
            continue
        parents = len(meta) - len(meta.lstrip(":"))
        words = meta[parents:].split()
        blobs = words[parents + 1 : 2 * parents + 2]
        entries.append((tuple(blobs[:parents]), blobs[parents], _decoded(parts[index + 1])))
        index += 2
    return entries


def _blobs(folder: Path, names: set[str]) -> dict[str, bytes]:
    """The content of each blob, read by one `git cat-file --batch`."""
    wanted = sorted(name for name in names if name != _NO_BLOB)
    if not wanted:
        return {}
    output = _git_with_input(
        folder, "".join(f"{name}\n" for name in wanted).encode(), "cat-file", "--batch"
    )
    found: dict[str, bytes] = {}
    position = 0
    while position < len(output):
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        position = header_end + 1
        if len(header) == 3:  # `<id> <type> <size>`; `<id> missing` has no content
            size = int(header[2])
            if header[1] == b"blob":
                found[header[0].decode("ascii")] = output[position : position + size]
            position += size + 1
    return found


def _records_in(data: bytes | None, name: str) -> dict[str, dict[str, Any]] | None:
    """The raw exchanges of one file's text by id; None when it cannot be read as one."""
    from aidledger.store.parse import ParseError, parse_file

    if data is None:
        return {}
    try:
        parsed = parse_file(data.decode("utf-8"), name, "exchange")
    except (UnicodeDecodeError, ParseError):
        return None
    return {
        table.fields["id"]: table.fields
        for table in parsed.tables
        if isinstance(table.fields.get("id"), str)
    }


def _changes(
    commit: str | None,
    email: str | None,
    befores: list[dict[str, dict[str, Any]]],
    after: dict[str, dict[str, Any]],
    tracked: Callable[[str], bool] = lambda record_id: True,
) -> Iterator[tuple[str, Revision]]:
    """The exchanges a commit changed: those whose version after it is not the version in
    any of its parents (a merge only changes what it resolved by hand)."""
    from aidledger.engine.verify import Revision

    for record_id in sorted(set(after).union(*befores)):
        now = after.get(record_id)
        if any(before.get(record_id) == now for before in befores):
            continue
        before = befores[0].get(record_id)
        yield record_id, Revision(commit, email, before, now, tracked(record_id))


def _gather(
    entries: list[tuple[tuple[str, ...], str, str]],
    contents: Callable[[str], bytes | None],
    parents: int,
) -> tuple[list[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]:
    """The records of the changed files before (per parent) and after; an unreadable version
    leaves its file out on both sides."""
    befores: list[dict[str, dict[str, Any]]] = [{} for _parent in range(parents)]
    after: dict[str, dict[str, Any]] = {}
    for olds, new, name in entries:
        if not _is_record_name(name):
            continue
        versions = [_records_in(contents(blob), name) for blob in olds]
        now = _records_in(contents(new), name)
        if now is None or any(version is None for version in versions):
            continue
        for index, version in enumerate(versions):
            befores[index].update(version or {})
        after.update(now)
    return befores, after


def _commits(folder: Path, exchanges: str) -> list[tuple[str, int, str, list[Any]]]:
    """HEAD's commits that touch `exchanges`, oldest first: id, number of parents, author
    email, and the raw entries of the files they changed (for a merge, those it resolved)."""
    log = _git_output(
        folder, "log", "HEAD", "--topo-order", "--reverse", "--no-renames", "--raw",
        "--no-abbrev", "-z", "--cc", "--format=%x01%H %P%x02%ae", "--", exchanges,
    )  # fmt: skip
    commits = []
    for chunk in log.split(b"\x01")[1:]:
        header, _nul, rest = chunk.partition(b"\0")
        ids, _mark, email = _decoded(header).partition("\x02")
        commit, *parents = ids.split()
        commits.append((commit, len(parents), email.strip(), _raw_entries(rest)))
    return commits


def _working_files(folder: Path, exchanges: str, has_head: bool) -> list[tuple[str, str, bool]]:
    """The files under `exchanges` whose working copy is not HEAD's: each with its blob in
    HEAD (none when new) and whether git knows it at all."""
    if has_head:
        diff = _git_output(
            folder, "diff", "HEAD", "--no-renames", "--raw", "--no-abbrev", "-z", "--", exchanges
        )
        changed = [(olds[0], name, True) for olds, _blob, name in _raw_entries(diff)]
    else:
        index = _git_output(folder, "ls-files", "-z", "--full-name", "--", exchanges)
        changed = [(_NO_BLOB, _decoded(name), True) for name in index.split(b"\0") if name]
    others = _git_output(folder, "ls-files", "--others", "-z", "--full-name", "--", exchanges)
    return changed + [(_NO_BLOB, _decoded(name), False) for name in others.split(b"\0") if name]


def _read_working(top: Path, name: str) -> bytes | None:
    try:
        return (top / name).read_bytes()
    except OSError:
        return None


def exchange_history(folder: Path, exchanges: str) -> History:
    """Every change to every exchange under `folder/exchanges` in HEAD's history, oldest
    first, then the working tree's changes not committed, as revisions by exchange id."""
    from aidledger.engine.verify import History

    top = top_level(folder)
    has_head = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD").returncode == 0
    commits = _commits(folder, exchanges) if has_head else []
    working = _working_files(folder, exchanges, has_head)
    blobs = _blobs(
        folder,
        {
            blob
            for *_commit, entries in commits
            for olds, new, _name in entries
            for blob in (*olds, new)
        }
        | {blob for blob, _name, _known in working},
    )
    revisions: dict[str, list[Revision]] = {}
    for commit, parents, email, entries in commits:
        befores, after = _gather(entries, blobs.get, max(parents, 1))
        for record_id, revision in _changes(commit, email, befores, after):
            revisions.setdefault(record_id, []).append(revision)
    # The working tree as one more change, whose author is not known yet.
    files = {name: _read_working(top, name) for _blob, name, _known in working}
    befores, after = _gather(
        [((blob,), name, name) for blob, name, _known in working],
        lambda key: files.get(key) if key in files else blobs.get(key),
        1,
    )
    untracked = {name for _blob, name, known in working if not known}
    where = {
        record_id: name
        for name in untracked
        for record_id in (_records_in(files.get(name), name) or {})
    }
    for record_id, revision in _changes(
        None, None, befores, after, lambda record_id: record_id not in where
    ):
        revisions.setdefault(record_id, []).append(revision)
    return History({key: tuple(value) for key, value in revisions.items()}, len(commits))


# --- hooks, for `import git --hook --install` -----------------------------------------------

HookState = Literal["absent", "same", "different"]


def hook_state(path: Path, script: str) -> HookState:
    """Whether the hook at `path` is missing, is `script` already, or is another one."""
    try:
        held = path.read_bytes()
    except FileNotFoundError:
        return "absent"
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot read the hook ({reason})").format(reason=error.strerror)
        ) from None
    return "same" if held == script.encode("utf-8") else "different"


def write_hook(path: Path, script: str) -> None:
    """Write a new executable hook; never over a file already there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o755)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(script.encode("utf-8"))
    except FileExistsError:
        raise StoreError(
            _("{path} appeared meanwhile; nothing was written over it").format(path=path)
        ) from None
    except OSError as error:
        raise StoreError(
            f"{path}: " + _("cannot write the hook ({reason})").format(reason=error.strerror)
        ) from None
