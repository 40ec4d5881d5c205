"""Benchmark (a script, not a test): the UI-thread time of one product poll with 60 products in the live window.
Prints the figures; asserts nothing (the goal is under 5 ms).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_product_board.py [--products 60] [--warm-polls 240]

A MainWindow with the product attachment (ui.products.attachment: the board, the surge strip, and whatever other
product piece is plugged in there) is fed `--warm-polls` product polls (30 s apart: two hours at 240), then each
further poll is timed in its parts, as the UI thread pays them: the feed taking it (its product history), the
surge detector, the text clock's refresh of the board (board rows + the model's dataChanged), and a repaint of the
board's table. Median and 95th percentile of 50.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.core.clock import ManualClock  # noqa: E402
from dyconsole.core.feed import PollFanOut, ProductsPolled  # noqa: E402
from dyconsole.core.model import ProductSample  # noqa: E402
from dyconsole.services.live.feed import LiveFeed  # noqa: E402
from dyconsole.services.products.surge import SurgeWatch  # noqa: E402
from dyconsole.ui.main_window import MainWindow  # noqa: E402
from dyconsole.ui.products.attachment import BOARD_TAB_KEY, attach_products  # noqa: E402

POLL_S = 30.0
TIMED_POLLS = 50


def products_at(n: int, k: int, ts: float) -> list[ProductSample]:
    """Poll k of n products: counters growing at each product's own pace, one product explained at a time."""
    out = []
    for i in range(n):
        pace = 1.0 + (i % 7)
        out.append(ProductSample(ts, f"35{i:08d}", f"商品 {i} 连衣裙夏季新款", "BEINGEXPLAIN" if i == (k // 20) % n
                                 else "UNEXPLAIN", i + 1, {
            "live_product_show_cnt_alias": 400.0 * pace * k, "live_click_product_count_alias": 12.0 * pace * k,
            "live_pay_order_count_alias": float(int(0.6 * pace * k)),
            "live_pay_order_gmv_alias": 59.0 * int(0.6 * pace * k),
            "live_product_price": 59.0 + i, "live_product_Inventory": max(0.0, 3000.0 - 5.0 * pace * k),
            "live_product_explain_cnt": float(k // 20), "product_click_pay_ucnt_ratio": 0.05,
        }))
    return out


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--warm-polls", type=int, default=240)
    a = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock = ManualClock(1_800_000_000.0)
    feed = LiveFeed(clock)
    surge = SurgeWatch()
    polls = PollFanOut([feed])
    polls.add(surge)
    window = MainWindow(feed, "zh")
    products_ui = attach_products(window, feed, surge, None, "zh")
    window.resize(1920, 1080)
    window.show()
    products_ui.show_board()
    app.processEvents()
    for k in range(1, a.warm_polls + 1):
        clock.advance(POLL_S)
        polls.publish(ProductsPolled(clock.now(), products_at(a.products, k, clock.now())))
    window.refresh_text(force=True)
    app.processEvents()
    parts: dict[str, list[float]] = {"poll: feed (product history)": [], "poll: surge detector": [],
                                     "board refresh (rows, model)": [], "board repaint": []}
    feed_only = PollFanOut([feed])
    for k in range(a.warm_polls + 1, a.warm_polls + 1 + TIMED_POLLS):
        clock.advance(POLL_S)
        batch = products_at(a.products, k, clock.now())
        t0 = time.perf_counter()
        feed_only.publish(ProductsPolled(clock.now(), batch))
        t1 = time.perf_counter()
        surge.on_products(clock.now(), batch)
        t2 = time.perf_counter()
        products_ui.refresh_board()
        t3 = time.perf_counter()
        products_ui.board.table.viewport().repaint()
        t4 = time.perf_counter()
        for name, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            parts[name].append(dt)
    assert window.current_side_tab() == BOARD_TAB_KEY
    totals = [sum(p[i] for p in parts.values()) for i in range(TIMED_POLLS)]
    print(f"one product poll, {a.products} products, after {a.warm_polls} polls, the board shown (1920x1080):")
    for name, values in parts.items():
        print(f"  {name:30s} median {1e3 * statistics.median(values):6.2f} ms   p95 {1e3 * _pct(values, 0.95):6.2f} ms")
    print(f"  {'total UI-thread time':30s} median {1e3 * statistics.median(totals):6.2f} ms   "
          f"p95 {1e3 * _pct(totals, 0.95):6.2f} ms   (goal < 5 ms)")
    window.close()


if __name__ == "__main__":
    main()
