"""Benchmark of the live console (a script, not a test: it prints figures).

1. Median redraw time of the live view (MainWindow at 1280x720 offscreen: every chart panel, redraw + paint) with
   1 h and with 8 h of 1 Hz history, for the 30-minute window and the whole broadcast. The cost must not grow
   with the history: the views are decimated to the plots' pixel width.
2. Event-loop lag while the demo room runs at 60x through the whole stack (emulator in-process, clients, poller,
   recorder, feed, window): a task asks to sleep 20 ms again and again and measures how late it wakes
   (median / p99 / max), from the window's first moment through its opening (the window built, the catch-up of the
   room's history) and then for --lag-seconds at 60x; the goal is read from the part at 60x. The room polls
   delivered are counted at 60x, as packaging/bench_polls.py counts them: the catch-up polls a room sample every
   catch-up step (CATCH_UP_STEP_S broadcast s) by design (counted against one due every 5 s, the whole run read
   ~80%).

Each goal of issue 15 is printed beside its anchor measured in the same run (ratios are what count on a shared
machine):
- paints per live redraw (new data every tick, so the y ranges move): goal 1, for a whole redraw (redraw_tick,
  every panel at once) and per panel for the window's clock (redraw_in_turns: a panel a loop turn, each turn
  followed by one paint of that panel's rectangle);
- live redraw incl. paint, 8 h history, whole broadcast, new data every tick, against raw pyqtgraph drawing the same
  points tick by tick (the arrays the console drew in that tick) with the same pens on the same number of plots,
  the two alternating tick for tick: goal <= 1.1x (raw pyqtgraph repainting one frozen frame is printed beside it
  for reference);
- per tick (append one poll to every series + redraw + paint), whole broadcast, against pglive 0.9.1 on the same
  stream: goal: the console ahead (pglive is a benchmark-only dependency; its metadata pins pyqtgraph < 0.14, which
  the console cannot use, so install it with `pip install --no-deps pglive==0.9.1`; without it that line says so);
- event-loop lag p99 at 60x with the in-process demo room, against one 60 Hz frame (16.7 ms): goal p99 <= 16 ms;
  beside it the machine's load, the UI thread's own CPU ms per piece of work (paints, redraws, loop callbacks), the
  same lag less the UI thread's waits for a core (Linux: what an idle PC would show), and where the CPU went (the
  UI thread, the process's other threads: their GIL is waited for, the UI thread's garbage collections): on a
  loaded machine the lag is mostly waiting for a core. `--demo-room process` serves the window's demo room from a
  child process instead (bench_demo_child.py: a benchmark's option, not the product), to weigh the emulator thread's
  GIL against the lag; the CPU line then adds the child's share.

Usage: QT_QPA_PLATFORM=offscreen python packaging/bench_live_view.py [--lag-seconds 60] [--only redraw|lag]
       [--demo-room thread|process]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DYCONSOLE_DATA_DIR", tempfile.mkdtemp(prefix="dyconsole-bench-"))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.commands.demo_clock import CATCH_UP_STEP_S  # noqa: E402
from dyconsole.core.clock import ManualClock  # noqa: E402
from dyconsole.core.feed import PollIntervals  # noqa: E402
from dyconsole.services.live.feed import SERIES_NAMES, LiveFeed  # noqa: E402
from dyconsole.ui.main_window import MainWindow  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: tests.support
from tests.support.paint_counter import PaintCounter  # noqa: E402

REDRAWS = 40
FRAME_MS = 1000.0 / 60.0


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


def _append_poll(feed: LiveFeed, i: int) -> None:
    """One more 1 Hz value in every series (the values swing, so the y ranges move)."""
    ts = np.array([feed.clock.now() + 1.0])
    for name in SERIES_NAMES:
        feed.series[name].extend(ts, np.array([1000.0 + 400.0 * ((i * 7) % 11)]))
    feed.clock.set(float(ts[0]))
    feed.version += 1
    feed.series_version += 1


def _live_window(app: QApplication, hours: float) -> tuple[LiveFeed, MainWindow]:
    feed = _filled_feed(hours)
    window = MainWindow(feed, "zh")
    window.resize(1280, 720)
    window.show()
    window.charts.set_window_preset(3)
    app.processEvents()
    return feed, window


def _close(app: QApplication, window: object) -> None:
    window.close()  # type: ignore[attr-defined]
    window.deleteLater()  # type: ignore[attr-defined]
    app.processEvents()


def _visible_panels(window: MainWindow) -> int:
    return sum(1 for p in window.charts.panels if p.plot.isVisible())


def _redraw_in_turns(app: QApplication, window: MainWindow) -> None:
    """A live redraw as the window's clock does it (MainWindow.redraw_in_turns: a panel a loop turn), each turn
    and its paint run to the end."""
    window.redraw_in_turns()
    while window.charts.redrawing:
        app.processEvents()
    app.processEvents()  # the last panel's paint


def bench_paints_per_redraw(app: QApplication, ticks: int = 20) -> tuple[float, float]:
    """(paints of the chart area per panel redrawn in the window's redraw in turns, the same per whole redraw
    (redraw_tick: every panel at once)), new data every tick, the window left to paint as a screen does."""
    feed, window = _live_window(app, 1.0)
    counter = PaintCounter()
    window.charts.graphics.viewport().installEventFilter(counter)
    for i in range(ticks):
        _append_poll(feed, i)
        _redraw_in_turns(app, window)
        for _ in range(3):
            app.processEvents()
    per_panel = counter.paints / (ticks * _visible_panels(window))
    counter.paints = 0
    for i in range(ticks):
        _append_poll(feed, i)
        window.redraw_tick()
        for _ in range(3):
            app.processEvents()
    _close(app, window)
    return per_panel, counter.paints / ticks


def _raw_plots(app: QApplication, window: MainWindow) -> tuple[object, list[list[object]]]:
    """Raw pyqtgraph beside the console: a GraphicsLayoutWidget of the chart area's size with as many plots and
    curves, the same pens, pyqtgraph's defaults otherwise (date axes, auto-range in the paint)."""
    import pyqtgraph as pg

    raw = pg.GraphicsLayoutWidget()
    raw.resize(window.charts.graphics.size())
    plots = []
    for row, panel in enumerate(window.charts.panels):
        plot = raw.addPlot(row=row, col=0, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        plots.append([plot.plot(pen=c.opts["pen"], antialias=False) for _k, c in panel.visible_curves()])
    raw.show()
    app.processEvents()
    return raw, plots


def _raw_draw(raw: object, plots: list[list[object]],
              frame: list[list[tuple[np.ndarray, np.ndarray]]]) -> tuple[float, float]:
    """The anchor: raw pyqtgraph given the frame's arrays, then ONE paint of the whole chart area (a repaint of the
    view: pyqtgraph's follow-up paint, its auto-range decided in this one, falls in the next loop turn, untimed, as
    the console's whole redraw's follow-up does)."""
    started, cpu = time.perf_counter(), time.thread_time()
    for items, data in zip(plots, frame):
        for item, (x, y) in zip(items, data):
            item.setData(x, y, connect="finite")  # type: ignore[attr-defined]
    raw.viewport().repaint()  # type: ignore[attr-defined]
    return time.perf_counter() - started, time.thread_time() - cpu


def _raw_draw_per_plot(raw: object, plots: list[list[object]],
                       frame: list[list[tuple[np.ndarray, np.ndarray]]]) -> tuple[float, float]:
    """For reference, not the anchor: raw pyqtgraph drawn as the window's clock draws, a plot at a time, each plot
    given its arrays and then a paint of that plot's rectangle only (five paints), all timed: what painting in
    pieces costs pyqtgraph itself (each paint's setup, the scene walked once per paint)."""
    view = raw.viewport()  # type: ignore[attr-defined]
    started, cpu = time.perf_counter(), time.thread_time()
    for items, data in zip(plots, frame):
        for item, (x, y) in zip(items, data):
            item.setData(x, y, connect="finite")  # type: ignore[attr-defined]
        plot = items[0].getViewBox().parentItem() if items else None  # type: ignore[attr-defined]
        if plot is not None:
            view.repaint(raw.mapFromScene(plot.sceneBoundingRect()).boundingRect())  # type: ignore[attr-defined]
    return time.perf_counter() - started, time.thread_time() - cpu


def _ms(times: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and UI-thread CPU ms, leaving out the first quarter (warm-up)."""
    kept = times[len(times) // 4:]
    return statistics.median(w for w, _ in kept) * 1000.0, statistics.median(c for _, c in kept) * 1000.0


def bench_raw_same_points(app: QApplication) -> tuple[tuple[float, float], ...]:
    """(the console's live redraw incl. paint, the same redrawn in turns, raw pyqtgraph drawing the same points
    (one paint of the whole area), raw pyqtgraph repainting one frozen frame, raw pyqtgraph drawing the same
    points a plot at a time (a paint of each plot's rectangle), its whole paint of them again alongside), each
    (median wall ms, median UI-thread CPU ms), 8 h history, whole broadcast, new data every tick. The CPU time is
    what the ratio is read from: on a loaded machine the wall time is mostly waiting for a core.

    The anchor is raw pyqtgraph given, tick by tick, the very arrays the console drew in that tick (so its view
    ranges and axes move as the console's do), alternating tick for tick with the console so that the load of a
    shared machine falls on both alike. The frozen frame (the last tick's arrays drawn again and again: ranges and
    axes never move, pyqtgraph's caches all hit) is printed for reference: it is no live redraw; so is a second raw
    chart area given the same arrays tick by tick and painted a plot at a time (what painting in pieces costs
    pyqtgraph itself), the like of the console's redraw in turns."""
    feed, window = _live_window(app, 8.0)
    raw, plots = _raw_plots(app, window)
    console, turns, replay = [], [], []
    frames = []
    frame: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for i in range(2 * REDRAWS):
        _append_poll(feed, i)
        started, cpu = time.perf_counter(), time.thread_time()
        if i % 2 == 0:
            window.redraw_tick()
            window.charts.graphics.viewport().repaint()
        else:
            _redraw_in_turns(app, window)
        (console if i % 2 == 0 else turns).append((time.perf_counter() - started, time.thread_time() - cpu))
        frame = [[c.getData() for _k, c in p.visible_curves()] for p in window.charts.panels]
        replay.append(_raw_draw(raw, plots, frame))
        frames.append(frame)
        app.processEvents()
    # the reference in pieces: a second raw chart area given the same frames, a plot at a time, alternating frame by
    # frame with the anchor's whole paint of them again (after the loop above, which it leaves as it was)
    raw_pieces, pieces_plots = _raw_plots(app, window)
    _close(app, window)
    whole_again, per_plot = [], []
    for frame in frames:
        whole_again.append(_raw_draw(raw, plots, frame))
        app.processEvents()
        per_plot.append(_raw_draw_per_plot(raw_pieces, pieces_plots, frame))
        app.processEvents()
    _close(app, raw_pieces)
    frozen = []
    for _ in range(REDRAWS):
        frozen.append(_raw_draw(raw, plots, frame))
        app.processEvents()
    _close(app, raw)
    return _ms(console), _ms(turns), _ms(replay), _ms(frozen), _ms(per_plot), _ms(whole_again)


def bench_tick_vs_pglive(app: QApplication, hours: float = 8.0, ticks: int = 30) -> tuple[float, float | None]:
    """(the console, pglive) per tick: one poll appended to every series, redraw, paint; whole broadcast after
    `hours` of history. pglive: five stacked LivePlotWidgets of the same size, one DataConnector a series."""
    feed, window = _live_window(app, hours)
    console = []
    for i in range(ticks):
        started = time.perf_counter()
        _append_poll(feed, i)
        window.redraw_tick()
        window.charts.graphics.viewport().repaint()
        console.append(time.perf_counter() - started)
        app.processEvents()
    size = window.charts.graphics.size()
    pens = [[c.opts["pen"] for _k, c in p.visible_curves()] for p in window.charts.panels]
    _close(app, window)
    try:
        from pglive.sources.data_connector import DataConnector
        from pglive.sources.live_plot import LiveLinePlot
        from pglive.sources.live_plot_widget import LivePlotWidget
    except ImportError:
        return statistics.median(console) * 1000.0, None
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    history = _filled_feed(hours)
    names = iter(SERIES_NAMES)
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    connectors = []
    widgets = []
    for panel_pens in pens:
        widget = LivePlotWidget()
        widgets.append(widget)
        layout.addWidget(widget)
        for pen in panel_pens:
            curve = LiveLinePlot(pen=pen, antialias=False, connect="finite")
            widget.addItem(curve)
            connector = DataConnector(curve)
            series = history.series[next(names)]
            x, y = np.array(series.ts), np.array(series.values)
            connector.cb_set_data(list(y), list(x))
            connectors.append(connector)
    host.resize(size)
    host.show()
    app.processEvents()
    times = []
    t = float(x[-1])
    for i in range(ticks):
        started = time.perf_counter()
        t += 1.0
        for connector in connectors:
            connector.cb_append_data_point(1000.0 + 400.0 * ((i * 7) % 11), t)
        for widget in widgets:
            widget.viewport().repaint()  # the paint itself (a repaint of the host does not reach the plots' views)
        times.append(time.perf_counter() - started)
        app.processEvents()
    _close(app, host)
    return statistics.median(console) * 1000.0, statistics.median(times) * 1000.0


def _waited_for_a_core_s() -> float | None:
    """Seconds this thread has waited, runnable, for a core (Linux's schedstat; None elsewhere)."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


async def _lag(console: object, seconds: float, period_s: float = 0.02,
               net: list[float] | None = None, until: object = None) -> list[float]:
    """Event-loop lags (ms) for `seconds` (or, `until` given, until it returns True, `seconds` at most); `net` takes
    each lag less the time the UI thread waited for a core meanwhile (what an idle PC would have shown: the UI
    thread's own work and its waits for the GIL), where the OS says it (Linux)."""
    lags: list[float] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end and not (until is not None and until()):  # type: ignore[operator]
        asked, waited = loop.time(), _waited_for_a_core_s()
        await asyncio.sleep(period_s)
        lag = max(0.0, loop.time() - asked - period_s)
        lags.append(lag * 1000.0)
        after = _waited_for_a_core_s()
        if net is not None and waited is not None and after is not None:
            net.append(max(0.0, lag - (after - waited)) * 1000.0)
    return lags


class CpuShares:
    """Where the lag run's CPU went: the UI thread's, the process's other threads' (the demo room's emulator, the
    workers: while one holds the GIL the UI thread waits for it, however idle the cores), and the UI thread's garbage
    collections (count, total and longest ms); and each lag less the UI thread's waits for a core (`net_lags`)."""

    def __init__(self) -> None:
        import gc
        import threading

        self.gc_ms: list[float] = []
        self.net_lags: list[float] = []  # each lag less the UI thread's wait for a core meanwhile (Linux)
        self._started = 0.0
        self._gc = gc
        main = threading.main_thread()

        def timed(phase: str, _info: dict) -> None:  # type: ignore[type-arg]
            if threading.current_thread() is not main or self._wall is None:
                return
            if phase == "start":
                self._started = time.perf_counter()
            else:
                self.gc_ms.append((time.perf_counter() - self._started) * 1000.0)

        self._callback = timed
        self._wall: float | None = None
        self.percent: tuple[float, float] = (0.0, 0.0)
        self.child_cpu_s: Callable[[], float | None] | None = None  # the demo room's child process (--demo-room)
        self.child_percent: float | None = None
        gc.callbacks.append(timed)

    def start(self) -> None:
        self._ui, self._all, self._wall = time.thread_time(), time.process_time(), time.perf_counter()
        self._child = self.child_cpu_s() if self.child_cpu_s is not None else None

    def stop(self) -> None:
        """`percent`: (UI thread, the process's other threads) CPU as % of one core over the run."""
        assert self._wall is not None
        wall = time.perf_counter() - self._wall
        ui = time.thread_time() - self._ui
        others = time.process_time() - self._all - ui
        self._wall = None
        self._gc.callbacks.remove(self._callback)
        self.percent = 100.0 * ui / wall, 100.0 * others / wall
        child = self.child_cpu_s() if self.child_cpu_s is not None else None
        if child is not None and self._child is not None:
            self.child_percent = 100.0 * (child - self._child) / wall


class UiStretches:
    """The UI thread's CPU ms of each piece of work the lag run does on it (a chart paint, a redraw: the redraw
    clock's tick with its first panel and each next panel's turn, the text clock, an event-loop callback: a poll's
    handling, a client's answer), while `on`; a piece run inside another is part of it, not a piece of its own. A
    loaded machine stretches the event-loop lag with waits for a core; this is what the console itself holds the
    thread for."""

    def __init__(self) -> None:
        import asyncio.events
        import threading

        import pyqtgraph as pg

        self.on = False
        self.cpu_ms: list[float] = []
        main = threading.main_thread()

        self._depth = 0

        def timed(fn):  # type: ignore[no-untyped-def]
            def run(*args, **kwargs):  # type: ignore[no-untyped-def]
                if not self.on or self._depth or threading.current_thread() is not main:
                    return fn(*args, **kwargs)
                started = time.thread_time()
                self._depth += 1
                try:
                    return fn(*args, **kwargs)
                finally:
                    self._depth -= 1
                    self.cpu_ms.append((time.thread_time() - started) * 1000.0)
            return run

        # the redraw clock's slots (redraw_in_turns, _next_panel) are bound as the window is built, after this
        self._patched = [(pg.GraphicsView, "paintEvent"), (MainWindow, "redraw_tick"), (MainWindow, "redraw_in_turns"),
                         (MainWindow, "_next_panel"), (MainWindow, "refresh_text"), (asyncio.events.Handle, "_run")]
        self._originals = [getattr(owner, name) for owner, name in self._patched]
        for (owner, name), fn in zip(self._patched, self._originals):
            setattr(owner, name, timed(fn))

    def restore(self) -> None:
        for (owner, name), fn in zip(self._patched, self._originals):
            setattr(owner, name, fn)


@dataclass
class LagRun:
    """What bench_lag measured: the event-loop lags (ms) of the opening (from the window's first moment until the
    demo room's history is polled: the window built, its first frames, the catch-up) and of the `seconds` at 60x
    after it; the room samples and gaps in all; the room polls at 60x (delivered, due) and in the catch-up
    (delivered, broadcast seconds: a sample every ~CATCH_UP_STEP_S by design); the UI thread's CPU ms of each
    piece of work at 60x."""

    opening: list[float]
    live: list[float]
    samples: int
    gaps: int
    polls: tuple[int, float]
    catch_up: tuple[int, float]
    work: list[float]


def bench_lag(seconds: float, shares: CpuShares | None = None, demo_room: str | None = None) -> LagRun:
    """The console window on the demo room at 60x: its event-loop lags through the opening, then for `seconds`
    at 60x; `shares` takes where the CPU went in those `seconds`."""
    import qasync

    from dyconsole.app import Console
    from dyconsole.services.settings.app_settings import AppSettings

    app = QApplication.instance()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    args = argparse.Namespace(source="demo", speed=60.0, seed=1, scenario=None, db=None, lang="zh",
                              screenshot=None, quit_after=None)
    if demo_room == "process":
        from bench_demo_child import use_child_room

        use_child_room()
    console = Console(args, AppSettings(), "zh")
    counted: dict[str, object] = {}
    stretches = UiStretches()

    def at_speed() -> bool:
        """The window's clocks run: the history is polled and drawn (the console runs at 60x)."""
        window = console.window
        return window is not None and window.redraw_timer.isActive()

    async def main() -> None:
        run = asyncio.ensure_future(console.run())
        while console.window is None:
            await asyncio.sleep(0.01)
        console.window.resize(1280, 720)
        clock = console.feed.clock
        counted["opening"] = await _lag(console, 60.0, until=at_speed)
        span = console.feed.span()
        counted["catch_up"] = (len(console.feed.series), span[1] - span[0] if span is not None else 0.0)
        first_samples, started = len(console.feed.series), clock.now()
        stretches.on = True
        if shares is not None:
            room = console.demo_room
            shares.child_cpu_s = getattr(room.transport if room is not None else None, "cpu_s", None)
            shares.start()
        counted["live"] = await _lag(console, seconds, net=shares.net_lags if shares is not None else None)
        if shares is not None:
            shares.stop()
        stretches.on = False
        counted["polls"] = (len(console.feed.series) - first_samples, (clock.now() - started) / PollIntervals().room)
        console.window.close()
        await run

    try:
        loop.run_until_complete(main())
    finally:
        stretches.restore()
        asyncio.set_event_loop(None)
        loop.close()
    return LagRun(counted["opening"], counted["live"], len(console.feed.series),  # type: ignore[arg-type]
                  console.feed.gaps, counted["polls"], counted["catch_up"], stretches.cpu_ms)  # type: ignore[arg-type]


def bench_redraws(app: QApplication) -> None:
    """The redraw figures and the redraw goals, printed."""
    print(f"redraw of the live view (5 panels, 12 series, 1280x720 offscreen), median of {REDRAWS}:")
    for hours in (1.0, 8.0):
        for preset, label in ((1, "30 min window"), (3, "whole broadcast")):
            print(f"  {hours:>3.0f} h history, {label:<16}: {bench_redraw(app, hours, preset):6.1f} ms")
    print("goals of issue 15, each beside its anchor measured in this run:")
    per_panel, paints = bench_paints_per_redraw(app)
    print(f"  paints per live redraw (y ranges moving): {paints:.2f}   anchor: 1   goal: 1 (a whole redraw, every "
          f"panel at once: redraw_tick)")
    print(f"  paints per panel redrawn by the window's clock (a panel a loop turn, each painting its own rectangle): "
          f"{per_panel:.2f}   goal: 1")
    load = os.getloadavg()[0]
    (ours, ours_cpu), (turns, turns_cpu), (raw, raw_cpu), (frozen, frozen_cpu), (_pieces, pieces_cpu), \
        (_again, again_cpu) = bench_raw_same_points(app)
    print(f"  (load average while measured: {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the "
          "anchor, raw pyqtgraph, is painted WHOLE: one paint of the chart area a tick, as the console's whole redraw "
          "line)")
    print(f"  live redraw incl. paint, 8 h, whole broadcast, UI-thread CPU: {ours_cpu:6.1f} ms   raw pyqtgraph, the "
          f"same points tick by tick: {raw_cpu:6.1f} ms   ratio {ours_cpu / raw_cpu:.2f}x   goal <= 1.10x")
    print(f"    wall: {ours:6.1f} ms vs {raw:6.1f} ms ({ours / raw:.2f}x); for reference, raw pyqtgraph repainting one "
          f"frozen frame, nothing moving: CPU {frozen_cpu:6.1f} ms ({ours_cpu / frozen_cpu:.2f}x), wall {frozen:6.1f} ms")
    print(f"  the same, redrawn as the window's clock does (a panel a loop turn, each with the paint of its own "
          f"rectangle; the turns summed), UI-thread CPU: {turns_cpu:6.1f} ms   raw pyqtgraph: {raw_cpu:6.1f} ms   "
          f"ratio {turns_cpu / raw_cpu:.2f}x   goal <= 1.10x; wall {turns:6.1f} ms")
    print(f"    for reference (not the anchor), raw pyqtgraph drawn in pieces too, the same frames after the run above "
          f"(a plot at a time, a paint of each plot's rectangle, summed): CPU {pieces_cpu:6.1f} ms, "
          f"{pieces_cpu / again_cpu:.2f}x its whole paint of them alternating with it ({again_cpu:.1f} ms)")
    tick, pglive = bench_tick_vs_pglive(app)
    if pglive is None:
        print(f"  per tick (append + redraw + paint), 8 h, whole broadcast: {tick:6.1f} ms   pglive: not installed "
              "(pip install --no-deps pglive==0.9.1)")
    else:
        print(f"  per tick (append + redraw + paint), 8 h, whole broadcast: {tick:6.1f} ms   pglive 0.9.1, same stream: "
              f"{pglive:6.1f} ms   the console {pglive / tick:.2f}x faster   goal > 1x")


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def _print_lag(run: LagRun, seconds: float, shares: CpuShares, demo_room: str = "thread") -> None:
    """The lag run's figures, printed."""
    lags = sorted(run.opening + run.live)
    where = "on its own thread" if demo_room == "thread" else "in a child process (bench_demo_child)"
    print(f"  event-loop lag, demo room at 60x {where}, from the window's first moment (its opening and the "
          f"catch-up of the room's history included) and {seconds:.0f} s real at 60x ({run.samples} room samples, "
          f"{run.gaps} gaps): median {statistics.median(lags):.1f} ms, p99 {_p99(lags):.1f} ms, max {lags[-1]:.1f} ms"
          f"   anchor: one 60 Hz frame {FRAME_MS:.1f} ms")
    live = sorted(run.live)
    print(f"    of which at 60x, {seconds:.0f} s real after the catch-up: median {statistics.median(live):.1f} ms, p99 "
          f"{_p99(live):.1f} ms, max {live[-1]:.1f} ms   goal p99 <= 16 ms; the opening ({len(run.opening)} waits): "
          f"p99 {_p99(run.opening or [0.0]):.1f} ms, max {max(run.opening or [0.0]):.1f} ms")
    work = sorted(run.work)
    over = sum(1 for w in work if w > FRAME_MS)
    print(f"  the UI thread's own work at 60x (CPU ms of each paint, redraw, text refresh, loop callback; "
          f"{len(work)} pieces): p99 {_p99(work):.1f} ms, max {work[-1]:.1f} ms, "
          f"{over} longer than a frame ({100.0 * over / max(1, len(work)):.2f}%)")
    if shares.net_lags:
        net = sorted(shares.net_lags)
        print(f"  the same lag at 60x less the UI thread's waits for a core meanwhile (what an idle PC would show: the "
              f"UI thread's own work and its waits for the GIL): median {statistics.median(net):.1f} ms, p99 "
              f"{_p99(net):.1f} ms, max {net[-1]:.1f} ms   goal p99 <= 16 ms")
    ui, others = shares.percent
    gc_ms = sorted(shares.gc_ms) or [0.0]
    print(f"  CPU at 60x, % of one core: UI thread {ui:.0f}%, the process's other threads {others:.0f}% (while one "
          f"holds the GIL the UI thread waits)"
          + (f", the demo room's child process {shares.child_percent:.0f}%" if shares.child_percent is not None else "")
          + f"; garbage collections on the UI "
          f"thread: {len(shares.gc_ms)}, {sum(gc_ms):.0f} ms in all, longest {gc_ms[-1]:.1f} ms")
    delivered, due = run.polls
    history, history_s = run.catch_up
    print(f"  room polls delivered in the window at 60x (after the catch-up): {100.0 * delivered / max(1.0, due):.0f}% "
          f"of those due   goal 100%; the catch-up: {history} room samples for {history_s:.0f} broadcast s (one every "
          f"~{CATCH_UP_STEP_S:.0f} s by design, not counted as due: counted so, the whole run's share read "
          f"{100.0 * (delivered + history) / max(1.0, due + history_s / PollIntervals().room):.0f}%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lag-seconds", type=float, default=60.0)
    parser.add_argument("--only", choices=("redraw", "lag"), help="only the redraw figures, or only the lag run")
    parser.add_argument("--demo-room", choices=("thread", "process"), default="thread",
                        help="where the window's demo room is served: on a thread of the window's process (the "
                        "product), or in a child process (bench_demo_child: issue 15's GIL hypothesis)")
    opts = parser.parse_args()
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("dyconsole-bench")
    from dyconsole.ui.common.theme import apply_theme

    apply_theme(app)  # the look the operator gets (antialiased text, fonts) costs what it costs
    if opts.only != "lag":
        bench_redraws(app)
    if opts.only == "redraw":
        return 0
    shares = CpuShares()
    run = bench_lag(opts.lag_seconds, shares, opts.demo_room)
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    _print_lag(run, opts.lag_seconds, shares, opts.demo_room)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
