"""Benchmark (a script, not a test): the UI-thread cost of the click heat map per products poll. Prints the
figures; asserts nothing.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_product_heatmap.py [--products 60] [--hours 3] [--poll 5]

A broadcast of `--products` products polled every `--poll` broadcast seconds is appended to a ProductHistory (what
the live feed does, not timed); after each poll the shown heat map is told (`show_history`) and redrawn (`redraw`:
the new minutes taken in, the image, rows, outlines set), as the window's clock does while the tab is shown. The
cost is printed for the first hour and the last one (it must not grow with the length of the show: only the last
minutes are recomputed). Qt paints later; that paint is not counted (it depends on the screen).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.core.model import ProductSample  # noqa: E402
from dyconsole.core.products.history import CLICKS, IMPRESSIONS, ProductHistory  # noqa: E402
from dyconsole.ui.products.heatmap import ClickHeatMap  # noqa: E402

T0 = 1_800_000_000.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=60)
    ap.add_argument("--hours", type=float, default=3.0)
    ap.add_argument("--poll", type=float, default=5.0)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(1)
    n = args.products
    clicks, shows = np.zeros(n), np.zeros(n)
    history = ProductHistory()
    heat = ClickHeatMap("zh")
    heat.resize(600, 700)
    heat.show()
    app.processEvents()
    polls = int(args.hours * 3600 / args.poll)
    costs: list[float] = []
    for k in range(polls):
        ts = T0 + k * args.poll
        explained = (k * args.poll // 300) % n
        shows += rng.poisson(40, n)
        clicks += rng.poisson(2, n) + np.where(np.arange(n) == explained, 10, 0)
        history.append(ts, [ProductSample(ts, f"p{j}", f"商品{j}", "BEINGEXPLAIN" if j == explained else "UNEXPLAIN",
                                          j + 1, {CLICKS: float(clicks[j]), IMPRESSIONS: float(shows[j])})
                            for j in range(n)])
        started = time.perf_counter()
        heat.show_history(history)
        heat.redraw()
        costs.append(time.perf_counter() - started)
    per_hour = int(3600 / args.poll)
    for name, part in (("first hour", costs[:per_hour]), ("last hour", costs[-per_hour:])):
        ms = sorted(c * 1000 for c in part)
        print(f"{name:>10}: median {statistics.median(ms):.2f} ms  p95 {ms[int(0.95 * len(ms))]:.2f} ms  "
              f"max {ms[-1]:.2f} ms  ({n} products, a poll every {args.poll:g} s)")
    heat.close()


if __name__ == "__main__":
    main()
