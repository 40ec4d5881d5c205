"""Benchmark of the crash guarantee (prints figures; not a test): twenty SIGKILLs of `dyconsole record` in a row,
each resumed into the same session. Per cycle: polls reported committed, rows stored, integrity; at the end how
many cycles kept every committed poll (the test runs five: tests/integration/test_integ_kill_cycles.py).

Run: python tests/benchmarks/bench_kill_resume.py [KILLS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.support

from tests.support.kill_cycles import cycle_ok, kill_cycles  # noqa: E402


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        sid, cycles, last = kill_cycles(Path(tmp) / "k.db", kills)
        took = time.monotonic() - started
    for n, c in enumerate(cycles, 1):
        print(f"kill {n:2d}: {c.committed} committed, {c.stored_after - c.stored_before} stored "
              f"({c.stored_after} in all), integrity {c.integrity}, session {c.status}")
    good = sum(cycle_ok(c) for c in cycles)
    print(f"{good}/{len(cycles)} kills kept every committed poll (at most the one in flight more) with an intact "
          f"database; final resume of {sid} exit {last}; {took:.0f} s")


if __name__ == "__main__":
    main()
