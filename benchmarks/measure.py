"""Run one command and write its wall time and peak memory to a file: `measure.py OUT CMD...`.

bench.py runs every command through this small process (started with `python -I -S`, so
that it imports almost nothing) rather than directly: Linux counts in a child's peak
resident memory the size of the process it was forked from, and the benchmark's own
process is large. Here the floor is this process's few MiB, as `/usr/bin/time -v` has
its own. OUT receives "SECONDS KIBIBYTES"; the exit code is the command's.
"""

import os
import sys
import time


def main() -> int:
    report, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    child = os.fork()
    if child == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(child, 0)
    seconds = time.perf_counter() - start
    # ru_maxrss is in kibibytes on Linux and in bytes on macOS.
    kibibytes = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    with open(report, "w", encoding="utf-8") as stream:  # noqa: PTH123 (pathlib is not imported)
        stream.write(f"{seconds} {kibibytes}")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
