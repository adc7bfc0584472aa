"""`aidledger import git`: commit trailers become exchanges, once, with every trailer left
out accounted for; and the hook that does it after each commit and merge."""

from __future__ import annotations

import io
import os
import shlex
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import exchange_files, snapshot
from tests.cli.replay import expected_imports, read_rows, replay, write_members
from tests.conftest import Run, git

BOB = "Bob Builder <bob@example.org>"
ALICE = "Alice Martin <alice@example.org>"


def commit(
    repo: Path, message: str, *, author: str = ALICE, day: str = "2026-02-03", **env: str
) -> str:
    """An empty commit by `author` on `day`; its full id."""
    name, _, email = author.partition(" <")
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email.rstrip(">"),
        "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00",
        **env,
    }
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", message],
        cwd=repo,
        check=True,
        env=environment,
    )
    return git(repo, "rev-parse", "HEAD").strip()


def records(root: Path) -> list[dict[str, Any]]:
    found = []
    for path in exchange_files(root):
        found += tomllib.loads(path.read_text(encoding="utf-8"))["exchange"]
    return found


def imported(run: Run, *args: str) -> str:
    result = run("import", "git", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- trailers into exchanges ----------------------------------------------------------------


def test_a_helped_by_trailer_becomes_help_from_the_named_person_to_the_author(
    ledger: Path, run: Run
) -> None:
    """Helped-by: bob in alice's commit is 30 minutes of advice from bob to alice, on the
    author date, sourced to the full commit id; alice, importing, is the one helped, so it
    is logged by her and confirmed at once, as `log` does."""
    sha = commit(ledger, f"Fix the cache key\n\nHelped-by: {BOB}\n")
    output = imported(run)
    assert "Imported 1 exchange:" in output
    assert f"2026-02-03  bob helped alice  30m advice  Helped-by in {sha[:12]}" in output
    [record] = records(ledger)
    assert record["id"] == f"2026-02-03-bob-alice-{sha[:12]}"
    assert (record["helper"], record["helped"], str(record["date"])) == (
        "bob",
        ["alice"],
        "2026-02-03",
    )
    assert (record["minutes"], record["mode"], record["topic"]) == (
        30,
        "advice",
        "Fix the cache key",
    )
    assert record["source"] == f"git:{sha}"
    assert record["logged_by"] == "alice"
    assert record["confirmation"] == {"by": "alice", "on": record["confirmation"]["on"]}
    assert run("check").exit_code == 0


def test_help_to_someone_else_waits_for_their_confirmation(ledger: Path, run: Run) -> None:
    """Bob's commit thanking alice, imported by alice: logged by her, not confirmed."""
    commit(ledger, f"Speed up the build\n\nHelped-by: {ALICE}\n", author=BOB)
    imported(run)
    [record] = records(ledger)
    assert (record["helper"], record["helped"]) == ("alice", ["bob"])
    assert "confirmation" not in record


def test_as_names_who_logs_the_import(ledger: Path, run: Run) -> None:
    """--as bob: logged by bob, and confirmed where bob is the one helped."""
    commit(ledger, f"Docs\n\nHelped-by: {ALICE}\n", author=BOB)
    imported(run, "--as", "bob")
    [record] = records(ledger)
    assert record["logged_by"] == "bob"
    assert record["confirmation"]["by"] == "bob"


@pytest.mark.parametrize(
    ("key", "minutes", "mode"),
    [("Helped-by", 30, "advice"), ("Co-authored-by", 60, "pair"), ("Mentored-by", 60, "taught")],
)
def test_default_trailers(ledger: Path, run: Run, key: str, minutes: int, mode: str) -> None:
    """Each default trailer key has its mode and minutes."""
    commit(ledger, f"Work\n\n{key}: {BOB}\n")
    imported(run)
    [record] = records(ledger)
    assert (record["minutes"], record["mode"]) == (minutes, mode)


def test_trailer_keys_are_read_whatever_their_case(ledger: Path, run: Run) -> None:
    """git's trailer keys are case-insensitive: `helped-BY` counts as Helped-by."""
    commit(ledger, f"Work\n\nhelped-BY: {BOB}\n")
    imported(run)
    assert len(records(ledger)) == 1


def test_reviewed_by_counts_only_when_asked(ledger: Path, run: Run) -> None:
    """Reviewed-by is off by default, and the output says how to count it."""
    commit(ledger, f"Work\n\nReviewed-by: {BOB}\n")
    output = imported(run, "--dry-run")
    assert output.startswith("Nothing new: read 1 commit, 0 trailers counted.")
    assert "1 Reviewed-by trailer not counted: add --trailer Reviewed-by=advice:15m" in output
    imported(run, "--trailer", "Reviewed-by=advice:15m")
    [record] = records(ledger)
    assert (record["minutes"], record["mode"]) == (15, "advice")


def test_a_trailer_option_changes_or_turns_off_a_default(ledger: Path, run: Run) -> None:
    """--trailer KEY=MODE:DURATION replaces a default; KEY=off ignores the key."""
    commit(ledger, f"Work\n\nCo-authored-by: {BOB}\nHelped-by: Carol <carol@example.org>\n")
    run("member", "set", "carol", "--email", "carol@example.org")
    imported(run, "--trailer", "co-authored-by=did:1h30", "--trailer", "Helped-by=off")
    [record] = records(ledger)
    assert (record["helper"], record["minutes"], record["mode"]) == ("bob", 90, "did")


def test_one_exchange_per_person_named(ledger: Path, run: Run) -> None:
    """Two co-authors are two exchanges of one commit; a helper named twice is one."""
    run("member", "set", "carol", "--email", "carol@example.org")
    commit(
        ledger,
        f"Pair\n\nCo-authored-by: {BOB}\nCo-authored-by: Carol <carol@example.org>\n"
        f"Helped-by: {BOB}\n",
    )
    output = imported(run)
    assert sorted(record["helper"] for record in records(ledger)) == ["bob", "carol"]
    assert "1 repeating a helper of the same commit" in output


def test_a_range_reads_only_its_commits(ledger: Path, run: Run) -> None:
    """REVISION-RANGE is read as git log reads it."""
    commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    first = git(ledger, "rev-parse", "HEAD").strip()
    commit(ledger, f"Two\n\nCo-authored-by: {BOB}\n", day="2026-02-04")
    imported(run, f"{first}..HEAD")
    assert [record["topic"] for record in records(ledger)] == ["Two"]


# --- idempotence ----------------------------------------------------------------------------


def test_importing_twice_adds_nothing(ledger: Path, run: Run) -> None:
    """The same range imported again writes no file and says there is nothing new."""
    commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    imported(run)
    before = snapshot(ledger)
    output = imported(run)
    assert output.startswith("Nothing new: read 1 commit, 1 trailer counted; 1 already imported.")
    assert snapshot(ledger) == before


def test_an_amended_or_rebased_commit_is_not_imported_twice(ledger: Path, run: Run) -> None:
    """Amending a commit gives it a new id but keeps its author date, subject and trailers:
    importing again finds the same help and adds nothing."""
    commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    imported(run)
    git(
        ledger,
        "commit",
        "-q",
        "--amend",
        "--allow-empty",
        "-m",
        f"One\n\nBody.\n\nHelped-by: {BOB}\n",
    )
    output = imported(run)
    assert output.startswith("Nothing new:")
    assert "1 copied from an imported commit (amended, rebased or cherry-picked)" in output
    assert len(records(ledger)) == 1


def test_a_hand_written_short_commit_id_counts_as_imported(ledger: Path, run: Run) -> None:
    """An exchange logged by hand with `source = "git:<7 hex>"` for the same helper and
    helped is that trailer's exchange: importing does not add a second."""
    sha = commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    path = ledger / "exchanges" / "2026" / "02" / "2026-02-03-bob-alice-handed.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        '[[exchange]]\nid = "2026-02-03-bob-alice-handed"\ndate = 2026-02-03\nhelper = "bob"\n'
        f'helped = ["alice"]\nminutes = 45\ntopic = "Cache"\nmode = "taught"\n'
        f'source = "git:{sha[:7]}"\n',
        encoding="utf-8",
    )
    assert "1 already imported" in imported(run)
    assert len(records(ledger)) == 1


def test_dry_run_writes_nothing(ledger: Path, run: Run) -> None:
    """--dry-run lists what would be imported and writes no file."""
    sha = commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    before = snapshot(ledger)
    output = imported(run, "--dry-run")
    assert output.startswith("Would import 1 exchange (dry run: nothing written):")
    assert sha[:12] in output
    assert snapshot(ledger) == before


def test_an_empty_repository_has_nothing_to_import(ledger: Path, run: Run) -> None:
    """No commit yet: nothing new, exit 0."""
    assert imported(run).startswith("Nothing new: read 0 commits")


# --- trailers left out ----------------------------------------------------------------------


def test_self_trailers_are_skipped_and_counted(ledger: Path, run: Run) -> None:
    """An author naming themselves (another spelling of their own email) is no help."""
    commit(ledger, "Solo\n\nHelped-by: Alice <ALICE@example.org>\n")
    output = imported(run)
    assert (
        output
        == "Nothing new: read 1 commit, 1 trailer counted; 1 naming the commit's own author.\n"
    )
    assert records(ledger) == []


def test_unknown_people_are_listed_with_the_command_to_add_them(ledger: Path, run: Run) -> None:
    """Someone not in members.toml is never dropped silently: the output gives the exact
    `member add` command, and once it is run the trailer imports."""
    commit(ledger, "Docs\n\nHelped-by: Dana Scully <dana@fbi.example>\n", day="2026-02-10")
    output = imported(run)
    assert "Not members (1 trailer not imported): 1 person; add them with:" in output
    command = (
        "aidledger member add dana --name 'Dana Scully' --email dana@fbi.example"
        " --joined 2026-02-10"
    )
    assert f"  {command}  # 1 trailer\n" in output
    assert "aliases" in output
    assert run(*shlex.split(command)[1:]).exit_code == 0
    assert "Imported 1 exchange" in imported(run)
    assert run("check").exit_code == 0


def test_an_unknown_author_is_listed_too(ledger: Path, run: Run) -> None:
    """The commit's author must be a member as well."""
    commit(ledger, f"Work\n\nHelped-by: {BOB}\n", author="Eve Stranger <eve@elsewhere.example>")
    output = imported(run)
    assert "aidledger member add eve --name 'Eve Stranger' --email eve@elsewhere.example" in output


def test_aliases_map_other_names_and_addresses(ledger: Path, run: Run) -> None:
    """A member's `aliases` match a trailer by email ("Name <email>" or a bare email) or,
    for a trailer with no email, by name; case is ignored."""
    members = ledger / "members.toml"
    text = members.read_text(encoding="utf-8")
    text = text.replace(
        'handle = "bob"\n', 'handle = "bob"\naliases = ["Bobby <BOB@old.example>", "The Builder"]\n'
    )
    members.write_text(text, encoding="utf-8")
    commit(ledger, "One\n\nHelped-by: Robert <bob@old.example>\n")
    commit(ledger, "Two\n\nHelped-by: the  builder\n", day="2026-02-04")
    imported(run)
    assert [record["helper"] for record in records(ledger)] == ["bob", "bob"]


def test_members_off_the_team_that_day_are_skipped_with_a_reason(ledger: Path, run: Run) -> None:
    """Help before someone joined or after they left is not imported, and is listed; the
    data stays valid."""
    commit(ledger, f"Early\n\nHelped-by: {BOB}\n", day="2025-12-01")
    run("member", "leave", "bob", "--on", "2026-02-01")
    commit(ledger, f"Late\n\nHelped-by: {BOB}\n", day="2026-02-20")
    output = imported(run)
    assert "  1 trailer on 2025-12-01, before bob joined the team (2026-01-05); commit" in output
    assert "  1 trailer on 2026-02-20, after bob left the team (2026-02-01); commit" in output
    assert records(ledger) == []
    assert run("check").exit_code == 0


def test_commits_dated_in_the_future_are_skipped(ledger: Path, run: Run) -> None:
    """A commit dated after today (and its day of grace) would make the data invalid."""
    commit(ledger, f"Ahead\n\nHelped-by: {BOB}\n", day="2026-06-01")
    assert "  1 trailer on 2026-06-01, in the future; commit" in imported(run)
    assert records(ledger) == []


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_trailer_text_cannot_break_parsing_or_output(ledger: Path, run: Run) -> None:
    """Escape sequences in the subject and in trailer values are removed whole, a value
    folded over several lines is one value, and the trailers after it still count."""
    message = (
        "Fix \x1b[2J\x1b]52;c;aGk=\x07the \x1b[31mcache\n\n"
        "A body that talks about Helped-by: nobody <n@example.org> in its text.\n\n"
        "Co-authored-by: Eve \x1b[31mRed\x1b[0m\n"
        "  Folded <eve@example.org>\n"
        f"Helped-by: {BOB}\n"
        "Helped-by: ::error::Mallory <mallory@example.org>\n"
    )
    commit(ledger, message)
    commit(ledger, f"Two\n\nHelped-by: {BOB}\n", author="Zed \x1b]0;pwned\x07Q <z@example.org>")
    result = run("import", "git")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\n::" not in result.stdout
    assert "--name 'Eve Red Folded' --email eve@example.org" in result.stdout
    assert "--name 'Zed Q' --email z@example.org" in result.stdout
    [record] = records(ledger)
    assert record["helper"] == "bob"
    assert record["topic"] == "Fix the cache"
    assert run("check").exit_code == 0


def test_a_huge_subject_is_cut_to_a_topic(ledger: Path, run: Run) -> None:
    """A subject too long for a topic is cut, not refused."""
    commit(ledger, "x" * 500 + f"\n\nHelped-by: {BOB}\n")
    imported(run)
    [record] = records(ledger)
    assert len(record["topic"]) == 200 and record["topic"].endswith("…")


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--trailer", "Reviewed-by"], "error: --trailer: cannot read 'Reviewed-by'"),
        (["--trailer", "Reviewed-by=review:15m"], "error: --trailer: cannot read"),
        (["--trailer", "Reviewed-by=advice:forever"], "cannot read the duration 'forever'"),
        (["no-such-branch..HEAD"], "error: cannot read the revision range 'no-such-branch..HEAD'"),
        (["--", "--all"], "error: '--all' is not a revision range"),
        (["--install"], "error: --install writes the hook: give it with --hook"),
        (["--hook", "HEAD"], "its own range; the range 'HEAD' does not go with it"),
        (["--hook", "--dry-run"], "its own range; --dry-run does not go with it"),
    ],
)
def test_mistakes_are_sentences_with_exit_2(
    ledger: Path, run: Run, args: list[str], message: str
) -> None:
    """A bad --trailer, a bad range or options that do not go together: exit 2, a sentence,
    nothing written."""
    commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    before = snapshot(ledger)
    result = run("import", "git", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ledger) == before


def test_outside_a_git_repository_is_a_sentence(ledger_outside_git: Path, run: Run) -> None:
    """A ledger that is not in git has no trailers to read: exit 2, saying so."""
    result = run("import", "git")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_the_ledger_must_be_valid(ledger: Path, run: Run) -> None:
    """Nothing is imported into a ledger with problems; they are listed."""
    commit(ledger, f"One\n\nHelped-by: {BOB}\n")
    (ledger / "members.toml").write_text("[[member]]\nhandle = 'Bad Handle'\n", encoding="utf-8")
    result = run("import", "git")
    assert result.exit_code == 2
    assert "members.toml" in result.stderr
    assert records(ledger) == []


# --- progress -------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long import draws a progress bar on a terminal, and nothing when output is not one."""
    from aidledger.cli import imports

    items: list[Any] = list(range(imports.PROGRESS_FROM))
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(imports._progress(items)) == items
    assert quiet.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", _Terminal())
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert list(imports._progress(items)) == items
    assert "Importing" in terminal.getvalue()


# --- the hook -------------------------------------------------------------------------------


def test_hook_prints_a_script_for_commits_and_merges(ledger: Path, run: Run) -> None:
    """--hook prints a shell script: the commit just made, or the commits a merge brought."""
    script = imported(run, "--hook", "--trailer", "Reviewed-by=advice:15m")
    assert script.startswith("#!/bin/sh\n")
    assert 'post-merge) range="ORIG_HEAD..HEAD"' in script
    assert 'range="HEAD^!"' in script
    assert 'aidledger import git "$range" --trailer Reviewed-by=advice:15m || true' in script
    assert "--root" not in script


def test_hook_names_a_data_folder_below_the_top(git_repo: Path, run: Run) -> None:
    """A ledger in `aid/` of a code repository: the hook, run at the top, gives --root aid."""
    assert run("init", "aid", "--team", "T").exit_code == 0
    result = run("--root", "aid", "import", "git", "--hook")
    assert result.exit_code == 0, result.stderr
    assert 'aidledger --root aid import git "$range" || true' in result.stdout


def test_hook_install_writes_both_hooks_once(ledger: Path, run: Run) -> None:
    """--install writes post-commit and post-merge, executable; again, it changes nothing."""
    output = imported(run, "--hook", "--install")
    assert output == "Installed .git/hooks/post-commit.\nInstalled .git/hooks/post-merge.\n"
    for name in ("post-commit", "post-merge"):
        path = ledger / ".git" / "hooks" / name
        assert path.stat().st_mode & stat.S_IXUSR
        assert path.read_text(encoding="utf-8") == imported(run, "--hook")
    assert "is this hook already; nothing was changed" in imported(run, "--hook", "--install")


def test_hook_install_never_overwrites_another_hook(ledger: Path, run: Run) -> None:
    """An existing different hook is refused with a sentence, and neither hook is written."""
    hooks = ledger / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "post-merge").write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = run("import", "git", "--hook", "--install")
    assert result.exit_code == 2
    assert "error: .git/hooks/post-merge is already there and not this hook" in result.stderr
    assert (hooks / "post-merge").read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    assert not (hooks / "post-commit").exists()


def test_the_installed_hook_imports_each_commit(ledger: Path, run: Run) -> None:
    """With the hook installed and aidledger on PATH, a commit's trailers are imported as it
    is made, and a merge imports what it brought without repeating anything."""
    imported(run, "--hook", "--install")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {"PATH": path, "AIDLEDGER_TODAY": "2026-03-10"}
    commit(ledger, f"One\n\nHelped-by: {BOB}\n", **env)
    assert [record["topic"] for record in records(ledger)] == ["One"]
    subprocess.run(
        ["git", "commit", "-q", "--amend", "--allow-empty", "-m", f"One\n\nHelped-by: {BOB}\n"],
        cwd=ledger,
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    assert len(records(ledger)) == 1
    git(ledger, "checkout", "-q", "-b", "topic")
    commit(ledger, f"Two\n\nCo-authored-by: {BOB}\n", day="2026-02-04", **env)
    git(ledger, "checkout", "-q", "-")
    subprocess.run(
        ["git", "merge", "-q", "--no-edit", "topic"],
        cwd=ledger,
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    assert sorted(record["topic"] for record in records(ledger)) == ["One", "Two"]


# --- real histories -------------------------------------------------------------------------

# Slices of the real histories, kept in the repository so that every machine replays them.
SLICES = Path(__file__).resolve().parents[1] / "fixtures" / "trailers"


@pytest.mark.parametrize(
    ("name", "rows"), [("git-project-trailers.tsv", 400), ("tldr-trailers.tsv", 300)]
)
def test_a_slice_of_a_real_history_imports_once(
    git_repo: Path, run: Run, monkeypatch: pytest.MonkeyPatch, name: str, rows: int
) -> None:
    """Real trailers replayed as commits import one exchange per counted trailer that does
    not name its author; importing again adds nothing; the data is valid after it."""
    monkeypatch.setenv("AIDLEDGER_TODAY", "2026-11-27")
    assert run("init", "--team", "Replay").exit_code == 0
    events = read_rows(SLICES / name, rows)
    replay(git_repo, events)
    write_members(git_repo, events)
    output = imported(run)
    expected = expected_imports(events)
    assert expected > 100
    assert output.startswith(f"Imported {expected} exchanges:")
    assert "Not members" not in output and "Not imported" not in output
    assert len(exchange_files(git_repo)) == expected
    assert imported(run).startswith("Nothing new:")
    assert len(exchange_files(git_repo)) == expected
    assert run("check").exit_code in (0, 1)  # warnings may fail; the data is valid
