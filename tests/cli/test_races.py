"""Real processes at once: parallel writers lose nothing; a killed writer leaves no trace in git."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from aidledger.store.load import read_ledger
from tests.cli.helpers import TODAY
from tests.conftest import git

WRITERS = 8
PER_WRITER = 5
# A writer that stops here is in the middle of its write: its temporary file is written
# and not yet renamed.
STALLED_WRITE = """
import os, sys, time
def stall(descriptor):
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)
os.fsync = stall
sys.argv = ["aidledger", *sys.argv[1:]]
from aidledger.cli.app import main
main()
"""


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "aidledger", *args]


def words(*args: str) -> list[str]:
    return list(args)


def environment() -> dict[str, str]:
    return {**os.environ, "AIDLEDGER_TODAY": TODAY, "NO_COLOR": "1"}


def writers(root: Path, scripts: list[list[list[str]]]) -> list[str]:
    """Run each script in a process of its own, all at once; the lines they printed.

    A script is a list of aidledger commands, run one after the other in its process (one
    process per command would spend the test's time starting Python).
    """
    loop = (
        "import sys\n"
        "from aidledger.cli.app import app\n"
        "for words in sys.argv[1:]:\n"
        "    try:\n"
        "        app(words.split('\\x1f'), prog_name='aidledger')\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", loop, *("\x1f".join(words) for words in script)],
            cwd=root,
            env=environment(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    outputs = []
    for process in processes:
        stdout, _ = process.communicate(timeout=60)
        outputs += stdout.splitlines()
    return outputs


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command("check"), cwd=root, env=environment(), capture_output=True, text=True, check=False
    )


def member_handles(root: Path) -> list[str]:
    text = (root / "members.toml").read_text(encoding="utf-8")
    return [member["handle"] for member in tomllib.loads(text)["member"]]


def packed_exchanges(count: int) -> str:
    """A packed TOML file of `count` exchanges from alice to bob, with CRLF and comments."""
    tables = [
        f'# exchange {number}\r\n[[exchange]]\r\nid = "2026-03-02-alice-bob-p{number:05d}"\r\n'
        'date = 2026-03-02\r\nhelper = "alice"\r\nhelped = ["bob"]\r\nminutes = 15\r\n'
        'topic = "Review"  # short\r\nmode = "pair"\r\n'
        for number in range(count)
    ]
    return "# Packed by hand.\r\n\r\n" + "\r\n".join(tables)


def assert_nothing_stray(root: Path) -> None:
    """Every file reads, and git sees no temporary file."""
    ledger, problems = read_ledger(root, use_cache=False)
    assert ledger is not None
    assert problems == ()
    status = git(root, "status", "--porcelain", "--untracked-files=all")
    assert ".tmp" not in status, status


def test_parallel_member_add_keeps_everyone(ledger: Path) -> None:
    """8 processes adding members at once: every "Added" is true, and nobody is lost."""
    handles = [f"w{writer}-{turn}" for writer in range(WRITERS) for turn in range(PER_WRITER)]
    scripts = [
        [words("member", "add", f"w{writer}-{turn}") for turn in range(PER_WRITER)]
        for writer in range(WRITERS)
    ]
    outputs = writers(ledger, scripts)
    assert sorted(outputs) == sorted(f"Added {handle}." for handle in handles)
    assert sorted(member_handles(ledger)) == sorted(["alice", "bob", "carol", *handles])
    assert_nothing_stray(ledger)


def test_parallel_confirm_in_a_packed_file_keeps_every_confirmation(ledger: Path) -> None:
    """8 processes confirming records of one packed file: every confirmation printed is kept."""
    path = ledger / "exchanges" / "2026" / "packed.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(packed_exchanges(WRITERS * PER_WRITER).encode())
    ids = [f"2026-03-02-alice-bob-p{number:05d}" for number in range(WRITERS * PER_WRITER)]
    scripts = [
        [
            words("confirm", ids[writer * PER_WRITER + turn], "--as", "bob")
            for turn in range(PER_WRITER)
        ]
        for writer in range(WRITERS)
    ]
    outputs = writers(ledger, scripts)
    assert sorted(outputs) == sorted(f"Confirmed {exchange_id}." for exchange_id in ids)
    text = path.read_bytes().decode()
    tables = tomllib.loads(text)["exchange"]
    assert [table["confirmation"]["by"] for table in tables] == ["bob"] * len(ids)
    assert text.count("# exchange ") == len(ids)
    assert "\n" not in text.replace("\r\n", "")
    assert_nothing_stray(ledger)


def test_parallel_log_keeps_every_exchange(ledger: Path) -> None:
    """8 processes logging at once, with no lock: every id printed has its file."""
    scripts = [
        [
            words("log", "--helper", "alice", "--helped", "bob", "20m", f"Topic {writer}-{turn}")
            for turn in range(PER_WRITER)
        ]
        for writer in range(WRITERS)
    ]
    outputs = writers(ledger, scripts)
    ids = [line for line in outputs if line.startswith("2026-")]
    assert len(ids) == WRITERS * PER_WRITER, outputs
    files = sorted(path.stem for path in (ledger / "exchanges").rglob("*.toml"))
    assert files == sorted(ids)
    assert_nothing_stray(ledger)


def stalled_writer(root: Path, *args: str) -> subprocess.Popen[str]:
    """A command stopped in the middle of its write, until it is killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_WRITE, *args],
        cwd=root,
        # Without the cache, the first file written is the one the command means to write.
        env={**environment(), "AIDLEDGER_NO_CACHE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line == "writing\n", line + process.stderr.read()
    return process


@pytest.mark.parametrize(
    "args",
    [
        ("member", "add", "dora"),
        ("member", "leave", "carol"),
        ("log", "--helper", "alice", "--helped", "bob", "30m", "Review"),
        ("confirm", "2026-03-02-alice-bob-p00001", "--as", "bob"),
    ],
    ids=["member-add", "member-leave", "log", "confirm"],
)
def test_a_writer_killed_mid_write_leaves_nothing_for_git(
    ledger: Path, args: tuple[str, ...]
) -> None:
    """SIGKILL in the middle of a write: the old file stands, git sees no temporary file, and
    `check` removes it with a line on stderr."""
    packed = ledger / "exchanges" / "2026" / "packed.toml"
    packed.parent.mkdir(parents=True)
    packed.write_bytes(packed_exchanges(3).encode())
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "start")
    process = stalled_writer(ledger, *args)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert git(ledger, "status", "--porcelain", "--untracked-files=all") == ""
    left = list((ledger / ".aidledger" / "tmp").iterdir())
    assert len(left) == 1
    check = run_check(ledger)
    assert f"check: removed .aidledger/tmp/{left[0].name}" in check.stderr
    assert list((ledger / ".aidledger" / "tmp").iterdir()) == []
    assert_nothing_stray(ledger)


def test_writers_killed_at_random_moments_leave_every_file_whole(ledger: Path) -> None:
    """Writers of every kind, killed at random moments: every file still reads, git sees no
    temporary file, and every member whose "Added" was printed is there."""
    packed = ledger / "exchanges" / "2026" / "packed.toml"
    packed.parent.mkdir(parents=True)
    packed.write_bytes(packed_exchanges(WRITERS).encode())
    chances = random.Random(7)
    processes = []
    for writer in range(WRITERS):
        kind = writer % 3
        args: tuple[str, ...]
        if kind == 0:
            args = ("member", "add", f"k{writer}")
        elif kind == 1:
            args = ("confirm", f"2026-03-02-alice-bob-p{writer:05d}", "--as", "bob")
        else:
            args = ("log", "--helper", "alice", "--helped", "bob", "30m", "Review")
        processes.append(
            subprocess.Popen(
                command(*args),
                cwd=ledger,
                env=environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        )
    started = time.monotonic()
    for process, delay in zip(
        processes, sorted(chances.uniform(0.1, 0.8) for _ in processes), strict=True
    ):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        process.send_signal(signal.SIGKILL)
    printed = "".join(process.communicate(timeout=10)[0] for process in processes)
    added = [line.split()[1].rstrip(".") for line in printed.splitlines() if "Added" in line]
    assert set(added) <= set(member_handles(ledger))
    assert_nothing_stray(ledger)
    check = run_check(ledger)
    assert check.returncode in (0, 1), check.stderr
    temporary = ledger / ".aidledger" / "tmp"
    assert not temporary.exists() or list(temporary.iterdir()) == []
