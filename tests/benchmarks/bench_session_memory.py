"""Benchmark (a script, not a test): what the window keeps for a whole session, per broadcast hour, at the demo room's
real poll rates (a room poll every 5 s into the live feed's 26 chart series, a products poll of 34 products every
30 s into the product history, which the appeal fit reads: it keeps no rows of its own, and is fitted once at the
end here, as the window's worker refits it on the history frozen), measured without the window, the demo room or the
machine's load in the way: the bytes those structures hold (tracemalloc) and the process's RSS, hour by hour over
`--hours`, and the slope over the second half (the goal of issue 15 is <= 0.5 MB per broadcast hour for the whole
window; bench_memory_start.py measures that end to end).

Run: python tests/benchmarks/bench_session_memory.py [--hours 12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tracemalloc

import numpy as np

from dyconsole.core.derived import AD_COST, DERIVED_NAMES, ENTRIES, GMV, PAID_ORDERS
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS
from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import AppealModel
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.series import SeriesSet

ROOM_POLL_S, PRODUCTS_POLL_S, PRODUCTS = 5.0, 30.0, 34
RAW_SERIES = (GMV, AD_COST, ENTRIES, PAID_ORDERS)  # as services.live.feed keeps them


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _slope(points: list[tuple[float, float]]) -> float:
    mh, mv = statistics.fmean(h for h, _ in points), statistics.fmean(v for _, v in points)
    return sum((h - mh) * (v - mv) for h, v in points) / sum((h - mh) ** 2 for h, _ in points)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=12.0)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    names = DERIVED_NAMES + RAW_SERIES
    series, history, appeal = SeriesSet(names), ProductHistory(), AppealModel()
    tracemalloc.start(6)
    t0, level = 1_700_000_000.0, {n: 100.0 for n in names}
    counters = np.zeros((PRODUCTS, len(PRODUCT_NUMERIC_FIELDS)))
    traced: list[tuple[float, float]] = []
    rss: list[tuple[float, float]] = []
    polls = int(args.hours * 3600 / ROOM_POLL_S)
    for i in range(polls + 1):
        ts = t0 + i * ROOM_POLL_S
        gap = rng.random() < 0.01  # a failed poll now and then: a gap
        series.append(ts, {} if gap else {n: level[n] + rng.normal() for n in names})
        if i % int(PRODUCTS_POLL_S / ROOM_POLL_S) == 0:
            counters += rng.poisson(3.0, counters.shape)
            order = rng.permutation(PRODUCTS)
            history_samples = [ProductSample(ts, f"p{j}", f"product {j}", "UNEXPLAIN", int(order[j]) + 1,
                                             dict(zip(PRODUCT_NUMERIC_FIELDS, counters[j].tolist())))
                               for j in range(PRODUCTS)]
            history.append(ts, history_samples)
        if i % int(3600 / ROOM_POLL_S / 4) == 0:  # four figures an hour
            hour = i * ROOM_POLL_S / 3600
            traced.append((hour, tracemalloc.get_traced_memory()[0] / 1e6))
            rss.append((hour, _rss_mb()))
    appeal.estimate_from(history.frozen())  # what the fit keeps once fitted on the whole session
    held = _held_by(tracemalloc.take_snapshot())
    half = args.hours / 2
    t_slope = _slope([p for p in traced if p[0] >= half])
    r_slope = _slope([p for p in rss if p[0] >= half])
    print(f"{args.hours:g} h at a room poll every {ROOM_POLL_S:g} s ({len(series)} polls x {len(names)} series) and a "
          f"products poll every {PRODUCTS_POLL_S:g} s ({len(history)} polls x {PRODUCTS} products): held "
          f"{traced[-1][1]:.1f} MB at the end; second half {t_slope:+.3f} MB per broadcast hour held (tracemalloc), "
          f"RSS {r_slope:+.3f} MB per broadcast hour ({rss[0][1]:.0f} -> {rss[-1][1]:.0f} MB); "
          f"load average {os.getloadavg()[0]:.1f}")
    print("held at the end: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in held.items()))


#: where an allocation was made from -> what holds it
_OWNERS = (("series.py", "chart series"), ("history.py", "product history"), ("appeal.py", "appeal fit"))


def _held_by(snap: tracemalloc.Snapshot) -> dict[str, int]:
    out = dict.fromkeys([o for _, o in _OWNERS] + ["other"], 0)
    imports = [tracemalloc.Filter(False, f"<frozen importlib.{m}>", all_frames=True)
               for m in ("_bootstrap", "_bootstrap_external")]  # modules the fit imports: not the session's
    for st in snap.filter_traces(imports).statistics("traceback"):
        files = [f.filename for f in st.traceback]
        owner = next((o for name, o in _OWNERS if any(f.endswith(name) for f in files)), "other")
        out[owner] += st.size
    return out


if __name__ == "__main__":
    main()
