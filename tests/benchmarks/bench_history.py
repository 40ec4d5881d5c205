"""Benchmark (a script, not a test): the date-range history on several weeks of broadcasts, graded against the
demo room's truth.

30 demo broadcasts (seeds 1-30) of 30 minutes each, one every ~1.4 days over six weeks at 14:00, 19:00 or 20:00,
recorded through the real Recorder (tests.support.review_support, default poll intervals). Then the history of the
whole range is loaded as the view loads it (storage.session_figures.load_range): the first time every session is
summed up from its samples and cached (what a database recorded before the history existed costs once), then again
from the cache (what every later look costs), and once more for the last 7 days.

Graded against the simulator (each broadcast rebuilt from its seed and run to its end): the range's GMV total and
paid orders against the simulator's own room totals at each session's last poll (they must agree exactly: the
history adds what was recorded),
and each session's peak online (the console's Little's-law estimate: the demo room serves no real count) against the
true peak of concurrent viewers, as the median and 90th percentile of the relative error.

Run: python tests/benchmarks/bench_history.py [--sessions N] [--minutes M]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from tests.support.review_support import record_demo_session

from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.feed import PollIntervals
from dyconsole.core.history.metrics import range_metric
from dyconsole.core.history.ranges import day_bounds
from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.simulator import Simulator
from dyconsole.storage.db import open_db
from dyconsole.storage.session_figures import load_range

HOURS = (14, 19, 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args()
    today = date.today()
    first_day = today - timedelta(days=42)
    starts = [datetime.combine(first_day + timedelta(days=round(k * 42 / args.sessions)),
                               datetime.min.time()).replace(hour=HOURS[k % 3]).timestamp()
              for k in range(args.sessions)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.sqlite3"
        t0 = time.perf_counter()
        for k, start in enumerate(starts):
            record_demo_session(path, seed=k + 1, minutes=args.minutes, start=start, title=f"场次{k + 1}")
        print(f"recorded {args.sessions} sessions x {args.minutes} min in {time.perf_counter() - t0:.1f} s")

        db = open_db(path)
        try:
            lo, hi = day_bounds(first_day, today)
            t0 = time.perf_counter()
            sessions = load_range(db, lo, hi)
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = load_range(db, lo, hi)
            cached = time.perf_counter() - t0
            t0 = time.perf_counter()
            week = load_range(db, *day_bounds(today - timedelta(days=6), today))
            weekly = time.perf_counter() - t0
        finally:
            db.close()
        assert [s.figures for s in again] == [s.figures for s in sessions]
        print(f"load the range ({len(sessions)} sessions): first {first * 1000:.0f} ms (summed up from the samples "
              f"and cached), then {cached * 1000:.1f} ms from the cache; last 7 days ({len(week)}) {weekly * 1000:.1f} ms")

    true_gmv = true_orders = 0.0
    errors = []
    step = int(PollIntervals().room)
    for k, start in enumerate(starts):
        sim = Simulator(SimConfig(seed=k + 1, start_ts=start, duration_s=args.minutes * 60, title=f"场次{k + 1}",
                                  room_id="7300000000000000001"))
        sim.advance_to(start + (args.minutes * 60 - 1) // step * step)  # the last poll the recorder wrote
        stats = sim.room_stats()
        true_gmv += stats[GMV]
        true_orders += stats[PAID_ORDERS]
        peak = sessions[k].figures.get("peak_online")
        truth = float(np.max(sim.truth.concurrent))
        if peak is not None and truth > 0:
            errors.append(abs(peak - truth) / truth)
    gmv = range_metric("gmv").total([s.figures for s in sessions])
    orders = range_metric("paid_orders").total([s.figures for s in sessions])
    print(f"GMV over the range: history {gmv:,.2f} vs simulator {true_gmv:,.2f}; "
          f"paid orders {orders:,.0f} vs {true_orders:,.0f}")
    e = np.array(errors)
    print(f"peak online (estimate) vs true peak concurrent, {len(e)} sessions: median relative error "
          f"{np.median(e):.1%}, 90th percentile {np.percentile(e, 90):.1%}")


if __name__ == "__main__":
    main()
