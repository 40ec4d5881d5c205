"""Benchmark of the live console (a script, not a test: it prints figures).

1. Median redraw time of the live view (MainWindow at 1280x720 offscreen: every chart panel, redraw + paint) with
   1 h and with 8 h of 1 Hz history, for the 30-minute window and the whole broadcast. The cost must not grow
   with the history: the views are decimated to the plots' pixel width.
2. Event-loop lag while the demo room runs at 60x through the whole stack (emulator in-process, clients, poller,
   recorder, feed, window): a task asks to sleep 20 ms again and again and measures how late it wakes
   (median / p99 / max).

Usage: QT_QPA_PLATFORM=offscreen python packaging/bench_live_view.py [--lag-seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DYCONSOLE_DATA_DIR", tempfile.mkdtemp(prefix="dyconsole-bench-"))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.core.clock import ManualClock  # noqa: E402
from dyconsole.services.live.feed import SERIES_NAMES, LiveFeed  # noqa: E402
from dyconsole.ui.main_window import MainWindow  # noqa: E402

REDRAWS = 40


def _filled_feed(hours: float) -> LiveFeed:
    """A live feed whose series hold `hours` of 1 Hz history (random walks, with a few gaps)."""
    n = int(hours * 3600)
    clock = ManualClock(1_700_000_000.0)
    feed = LiveFeed(clock)
    ts = clock.now() + np.arange(n, dtype=float)
    rng = np.random.default_rng(7)
    for name in SERIES_NAMES:
        values = 1000.0 + np.cumsum(rng.normal(0.0, 5.0, n))
        values[rng.integers(0, n, 20)] = np.nan
        feed.series[name].extend(ts, values)
    clock.set(float(ts[-1]))
    feed.version += 1
    feed.series_version += 1
    return feed


def bench_redraw(app: QApplication, hours: float, preset: int) -> float:
    feed = _filled_feed(hours)
    window = MainWindow(feed, "zh")
    window.resize(1280, 720)
    window.show()
    window.charts.set_window_preset(preset)
    app.processEvents()
    times = []
    for _ in range(REDRAWS):
        window.charts.mark_dirty()
        started = time.perf_counter()
        window.redraw_tick()
        window.charts.graphics.viewport().repaint()  # include the paint, as the screen would
        times.append(time.perf_counter() - started)
    window.close()
    window.deleteLater()
    app.processEvents()
    return statistics.median(times) * 1000.0


async def _lag(console: object, seconds: float, period_s: float = 0.02) -> list[float]:
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        asked = loop.time()
        await asyncio.sleep(period_s)
        lags.append(max(0.0, loop.time() - asked - period_s) * 1000.0)
    return lags


def bench_lag(seconds: float) -> tuple[list[float], int, int]:
    import qasync

    from dyconsole.app import Console
    from dyconsole.services.settings.app_settings import AppSettings

    app = QApplication.instance()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    args = argparse.Namespace(source="demo", speed=60.0, seed=1, scenario=None, db=None, lang="zh",
                              screenshot=None, quit_after=None)
    console = Console(args, AppSettings(), "zh")

    async def main() -> list[float]:
        run = asyncio.ensure_future(console.run())
        while console.window is None:
            await asyncio.sleep(0.01)
        console.window.resize(1280, 720)
        lags = await _lag(console, seconds)
        console.window.close()
        await run
        return lags

    try:
        lags = loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return lags, len(console.feed.series), console.feed.gaps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lag-seconds", type=float, default=20.0)
    opts = parser.parse_args()
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("dyconsole-bench")
    from dyconsole.ui.common.theme import apply_theme

    apply_theme(app)  # the look the operator gets (antialiased text, fonts) costs what it costs
    print(f"redraw of the live view (5 panels, 12 series, 1280x720 offscreen), median of {REDRAWS}:")
    for hours in (1.0, 8.0):
        for preset, label in ((1, "30 min window"), (3, "whole broadcast")):
            print(f"  {hours:>3.0f} h history, {label:<16}: {bench_redraw(app, hours, preset):6.1f} ms")
    lags, samples, gaps = bench_lag(opts.lag_seconds)
    lags.sort()
    p99 = lags[min(len(lags) - 1, int(0.99 * len(lags)))]
    print(f"event-loop lag, demo room at 60x for {opts.lag_seconds:.0f} s real ({samples} room samples, {gaps} gaps): "
          f"median {statistics.median(lags):.1f} ms, p99 {p99:.1f} ms, max {lags[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
