"""Print what a simulated quarter looks like under two ways of choosing helpers.

`expert` always asks the top expert on the skill; `match` asks the first helper that
`aidledger match` suggests. The figures are the engine's own: the report's Gini of
giving, the top helper's share and the effective number of helpers, and the counts of
one-way and overload warnings `check` raises (see docs/matching.md).
Run with `.venv/bin/python benchmarks/matching_simulation.py [SEED]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.property.matching_simulation import SEED, figures


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else SEED
    print(figures(seed), end="")


if __name__ == "__main__":
    main()
