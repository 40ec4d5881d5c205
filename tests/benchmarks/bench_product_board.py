"""Benchmark (a script, not a test): the UI-thread time of one products poll with 60 products in the console as the
composition root wires it. Prints the figures; asserts nothing (the goal is under 5 ms).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_product_board.py [--products 60] [--warm-polls 280]

The console's parts are built by `dyconsole.app.Console` itself (the feed, the recorder on a scratch database, the
alerts, the surge watch, the ordering service, the window with the product board, surge strip, order panel and
click heat map), with the console's theme and zh words, at 1920x1080, recording a session. `--warm-polls` products polls (30 s apart, the default poll
interval: 2 h 20 at 280) go through the console's own fan-out, then each further poll is timed in the parts the UI
thread pays, as they come:

1. the fan-out's products listeners, each timed where the fan-out calls it (live feed, recorder, surge watch,
   ordering service, heat map...);
2. what the workers send back (surge hints, appeal reports), delivered from the event loop: the workers are let
   finish first (their own time is not the UI thread's; the next poll is 30 s away);
3. the text clock's refresh of the side tab shown (the board: rows and model; the heat map: its new minutes);
4. the paint of what changed (the event loop's pending paint requests, as Qt would serve them next frame).

Half the timed polls are taken with the board shown, half with the heat map shown (one side tab shows at a time).
Median and 95th percentile of each part, by the wall clock and by the UI thread's own CPU time (the wall clock also
counts the time other processes hold the cores: on a shared 2-core box it swings with their load). Then the goal's
figure: the board and heat map update (every part but the recorder's SQLite write, which is the storage's cost of a
poll, not the board's), the recorder's write alone, and their total.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.app import Console  # noqa: E402
from dyconsole.core.feed import PollFanOut, ProductsPolled, RoomInfoChanged  # noqa: E402
from dyconsole.core.model import ProductSample, RoomInfo, RoomStatus  # noqa: E402
from dyconsole.services.settings.app_settings import AppSettings  # noqa: E402
from dyconsole.ui.common.i18n import install_translator  # noqa: E402
from dyconsole.ui.common.theme import apply_theme  # noqa: E402
from dyconsole.ui.products.attachment import BOARD_TAB_KEY, HEAT_TAB_KEY  # noqa: E402

POLL_S = 30.0
RECORDER = "Recorder"  # the recorder's listener name: its SQLite write is printed apart from the board's cost
TIMED_POLLS = 40  # per side tab
T0 = 1_800_000_000.0


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


def time_listeners(polls: PollFanOut, spent: dict[str, float], cpu_spent: dict[str, float]) -> list[str]:
    """Wrap each products listener of the console's fan-out so its time lands in `spent` (name -> s of the last
    poll; wall clock) and `cpu_spent` (the UI thread's CPU time). Returns the names in delivery order. (Reaches
    into the fan-out: a benchmark's licence, so that no listener the composition root adds can be missed.)"""
    handlers: list[tuple[str, Callable[[Any], None]]] = polls._handlers[ProductsPolled]  # noqa: SLF001

    def timed(name: str, handler: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(event: Any) -> None:
            started, started_cpu = time.perf_counter(), time.thread_time()
            try:
                handler(event)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
                cpu_spent[name] = cpu_spent.get(name, 0.0) + time.thread_time() - started_cpu
        return run

    handlers[:] = [(name, timed(name, handler)) for name, handler in handlers]
    return [name for name, _ in handlers]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--warm-polls", type=int, default=280)
    a = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)  # the console's look (its stylesheet changes what a paint costs) and words, as `run` sets them
    install_translator(app, "zh_CN")
    scratch = tempfile.TemporaryDirectory()
    args = argparse.Namespace(source="demo", speed=1.0, seed=1, scenario=None, db=str(Path(scratch.name) / "b.db"),
                              lang="zh", screenshot=None, quit_after=None)
    console = Console(args, AppSettings(), "zh")
    parts = console.parts = console._build()  # noqa: SLF001 - the composition root's own wiring, not started
    window = parts.window
    assert window is not None
    polls: PollFanOut = parts.watch.sink  # type: ignore[assignment]
    window.resize(1920, 1080)
    window.show()
    parts.product_ui.show_board()
    app.processEvents()
    polls.publish(RoomInfoChanged(RoomInfo("bench-room", "bench", RoomStatus.LIVING)))  # a session is recorded
    spent: dict[str, float] = {}
    cpu_spent: dict[str, float] = {}
    names = time_listeners(polls, spent, cpu_spent)

    workers = [w for w in (getattr(parts.surge, "_work", None), getattr(parts.ordering, "_work", None),
                           getattr(parts.ordering, "_effect_work", None)) if w is not None]

    def settle() -> None:
        """Let the workers finish (not the UI thread's time; the next poll is 30 s away). The poll's work starts on
        the workers once the UI thread is idle (when_idle: a zero timer), which it is now: started here as the
        event loop would (the rest of a pending event loop run is timed below). Each worker runs its work in order,
        so a no-op submitted last is done when all before it are (its outcome is ignored by its owner)."""
        for work in workers:
            future = work.submit("bench.settle", lambda: None)
            work.flush()
            future.result(timeout=10.0)

    ts = T0
    for k in range(1, a.warm_polls + 1):
        ts += POLL_S
        polls.publish(ProductsPolled(ts, products_at(a.products, k, ts)))
        if k % 20 == 0:
            settle()
            app.processEvents()
            window.refresh_text(force=True)
    settle()
    app.processEvents()
    refresh = {BOARD_TAB_KEY: parts.product_ui.refresh_board, HEAT_TAB_KEY: parts.product_ui.refresh_heat}
    k = a.warm_polls
    for tab in (BOARD_TAB_KEY, HEAT_TAB_KEY):
        window.show_side_tab(tab)
        window.widen_side_panel(760)
        app.processEvents()
        wall: dict[str, list[float]] = {f"listener: {name}": [] for name in names}
        wall.update({"worker results delivered": [], f"refresh: {tab} tab": [], "paint of what changed": []})
        cpu: dict[str, list[float]] = {name: [] for name in wall}
        for _ in range(TIMED_POLLS):
            k += 1
            ts += POLL_S
            spent.clear()
            cpu_spent.clear()
            polls.publish(ProductsPolled(ts, products_at(a.products, k, ts)))
            settle()
            marks = [(time.perf_counter(), time.thread_time())]
            app.processEvents()  # queued worker outcomes (and whatever the listeners asked to repaint)
            marks.append((time.perf_counter(), time.thread_time()))
            refresh[tab]()
            marks.append((time.perf_counter(), time.thread_time()))
            app.processEvents()  # the paint of what the refresh changed
            marks.append((time.perf_counter(), time.thread_time()))
            for name in names:
                wall[f"listener: {name}"].append(spent.get(name, 0.0))
                cpu[f"listener: {name}"].append(cpu_spent.get(name, 0.0))
            for n, name in enumerate(list(wall)[len(names):]):
                wall[name].append(marks[n + 1][0] - marks[n][0])
                cpu[name].append(marks[n + 1][1] - marks[n][1])
        assert window.current_side_tab() == tab
        hours = k * POLL_S / 3600
        print(f"one products poll, {a.products} products, polls {k - TIMED_POLLS + 1}-{k} (to {hours:.1f} h), "
              f"the {tab} tab shown (1920x1080), UI thread (wall clock; CPU time of the UI thread beside it):")
        for name in wall:
            print(f"  {name:34s} median {1e3 * statistics.median(wall[name]):6.2f} ms   "
                  f"p95 {1e3 * _pct(wall[name], 0.95):6.2f} ms   CPU median {1e3 * statistics.median(cpu[name]):6.2f} ms")
        recorder = [n for n in wall if n == f"listener: {RECORDER}"]
        for label, keep in ((f"board + heat update, without the recorder's write (goal < 5 ms)",
                             [n for n in wall if n not in recorder]),
                            ("the recorder's write (storage, not the board)", recorder),
                            ("total", list(wall))):
            w = [sum(wall[n][i] for n in keep) for i in range(TIMED_POLLS)]
            c = [sum(cpu[n][i] for n in keep) for i in range(TIMED_POLLS)]
            print(f"  {label}: median {1e3 * statistics.median(w):.2f} ms (p95 {1e3 * _pct(w, 0.95):.2f}), "
                  f"CPU median {1e3 * statistics.median(c):.2f} ms")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
          f"(the wall clock counts the time other processes take the cores; the CPU time does not)")
    window.close()
    parts.ordering.shutdown()
    if parts.recorder is not None:
        parts.recorder.close()
    scratch.cleanup()


if __name__ == "__main__":
    main()
