"""The first hour on the streaming-room PC: the window shows at once (its first frame does not wait for the room),
then the demo room opens some minutes into its broadcast with that history polled (recorded, charted) in a
catch-up, then runs at the chosen speed (1x by default); the history's catch-up raises no false "no data" alert,
and is as dense on a loaded PC (the catch-up is paced by the polls)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from tests.live.test_live_window import drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.commands.demo_clock import CATCH_UP_STEP_S, DEMO_OPENS_AT_S
from dyconsole.core.alerts.defaults import NO_DATA_ID
from dyconsole.core.clock import CatchUpClock
from dyconsole.core.rates import DEFAULT_WINDOW_S
from dyconsole.sources.qianchuan import ROOM_USER

#: two epoch times (~1.8e9 s as float64) a step apart differ from the step by up to ~2.4e-7 s (seen: 28.00000024)
EPOCH_ROUNDING_S = 1e-6

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_room_opens_with_its_history_drawn_then_runs_at_1x(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: w.isVisible(), timeout_s=30.0)
        clock = c.parts.clock
        assert isinstance(clock, CatchUpClock)
        seen["shown_before_history"] = clock.paused or clock.catching_up  # the first frame did not wait for it
        await until(lambda: not (clock.paused or clock.catching_up), timeout_s=30.0)
        # once caught up, the room is DEMO_OPENS_AT_S into its broadcast and runs at 1x from there
        assert not clock.catching_up and clock.speed == 1.0
        start = c.feed.room_info.start_time
        on_air = clock.now() - start
        seen["on_air"] = on_air
        first, last = c.feed.series.span()
        seen["span"] = (first - start, last - first)
        seen["samples"] = len(c.feed.series)
        w.redraw_tick()
        x, y = w.charts.panels[0].curves["online"].getData()
        seen["drawn"] = (float(np.nanmin(x)) - start, int(np.isfinite(np.asarray(y, dtype=float)).sum()))
        w.refresh_text(force=True)
        seen["gmv_tile"] = w.tiles.tiles["gmv"].value.text()
        seen["no_data"] = [r for r in c.parts.alerts.records if r.event.rule_id == NO_DATA_ID]

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=DEMO_OPENS_AT_S)  # the plain demo room
    assert seen["shown_before_history"] is True
    on_air = float(seen["on_air"])  # type: ignore[arg-type]
    assert DEMO_OPENS_AT_S <= on_air < DEMO_OPENS_AT_S + 60
    offset, span = seen["span"]  # type: ignore[misc]
    assert offset < 60 and span > 0.9 * DEMO_OPENS_AT_S  # the history from the room's first minute
    assert int(seen["samples"]) >= 20  # type: ignore[call-overload]
    first_drawn, finite = seen["drawn"]  # type: ignore[misc]
    assert first_drawn < 0.5 * DEMO_OPENS_AT_S and finite >= 10
    assert str(seen["gmv_tile"]).startswith("¥")
    assert seen["no_data"] == []


def test_on_a_loaded_pc_the_history_is_as_dense(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The catch-up is paced by the room's polls: on a PC where each room poll costs the UI thread 0.15 real s (~700
    broadcast s at the catch-up's speed, unpaced, before the loop even turns) the history still has a room sample
    at least every CATCH_UP_STEP_S, so every sample past the first minute has its per-minute rates (one sample 30 to
    60 s before it); and the catch-up still ends level."""
    opens_at_s = 600.0
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        feed = c.feed
        taken = feed.on_room

        def loaded(*args: object) -> None:  # the feed takes each room poll on a loaded PC
            time.sleep(0.15)
            taken(*args)

        feed.on_room = loaded  # type: ignore[method-assign]
        w = c.window
        # the window shows at once; its clocks start when the console stops waiting for the history
        await until(lambda: w.isVisible() and w.redraw_timer.isActive(), timeout_s=30.0)
        seen["caught_up"] = not c.parts.clock.catching_up  # it stopped waiting because the catch-up ended level
        start = feed.room_info.start_time
        ts = np.array(feed.series[feed.series.names[0]].ts, dtype=float)  # every room sample's time
        seen["ts"] = ts[ts <= start + opens_at_s] - start
        rates = np.array(feed.series["entries_per_min"].values, dtype=float)
        seen["rates"] = rates[(ts >= start + DEFAULT_WINDOW_S) & (ts <= start + opens_at_s)]

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=opens_at_s)
    history = seen["ts"]
    assert seen["caught_up"]
    assert isinstance(history, np.ndarray) and history[0] < 2 * CATCH_UP_STEP_S
    assert history[-1] > opens_at_s - 2 * CATCH_UP_STEP_S
    assert np.diff(history).max() <= CATCH_UP_STEP_S + EPOCH_ROUNDING_S < DEFAULT_WINDOW_S / 2, np.diff(history)
    rates = seen["rates"]
    assert isinstance(rates, np.ndarray) and len(rates) and np.isfinite(rates).all(), rates


def _unfilled(w) -> tuple[list[str], int, list[str]]:  # type: ignore[no-untyped-def]
    """The window's visible tiles showing no figure, its visible chart curves, and those with no point drawn."""
    empty_tiles = [k for k in w.tiles.visible_tiles() if w.tiles.tiles[k].value.text() in ("", "—")]
    curves = [(k, curve.getData()) for p in w.charts.panels if p.plot.isVisible() for k, curve in p.visible_curves()]
    empty_curves = [k for k, (_x, y) in curves if y is None or not np.isfinite(np.asarray(y, dtype=float)).any()]
    return empty_tiles, len(curves), empty_curves


def test_the_history_is_drawn_as_it_loads(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The window has content from the history's first minutes on, not once the whole history is in: while the
    catch-up still runs every tile shows a figure and every chart curve its points, the hint and the status strip
    still say the history is loading; the alerts and the window's live clocks wait for its end."""
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: c.parts is not None, timeout_s=30.0)
        clock = c.parts.clock
        await until(lambda: not clock.catching_up or (not _unfilled(w)[0] and not _unfilled(w)[2]), timeout_s=30.0)
        seen["catching_up"] = clock.catching_up and not clock.paused
        seen["unfilled"] = _unfilled(w)
        seen["drawn_samples"], seen["of"] = len(c.feed.series), DEMO_OPENS_AT_S / CATCH_UP_STEP_S
        seen["hint"] = (w.history_hint.isVisible(), w.status.age_label.text() == w.history_hint.text())
        seen["progress"] = re.fullmatch(r"Loading the room's history: (\d+) of its first 20 minutes…",
                                        w.history_hint.text())
        seen["live_clocks"] = (w.redraw_timer.isActive(), w.text_timer.isActive(), c.parts.alerts.tick_timer.isActive())

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=DEMO_OPENS_AT_S)
    assert seen["catching_up"] is True, seen  # drawn before the history was all in
    empty_tiles, curves, empty_curves = seen["unfilled"]  # type: ignore[misc]
    assert empty_tiles == [] and curves >= 5 and empty_curves == []
    assert int(seen["drawn_samples"]) < 0.8 * float(seen["of"])  # type: ignore[call-overload, arg-type]
    assert seen["hint"] == (True, True)
    progress = seen["progress"]  # how much of it is in, in whole broadcast minutes
    assert isinstance(progress, re.Match) and 1 <= int(progress.group(1)) < 20, progress
    assert seen["live_clocks"] == (False, False, False)


def test_the_history_is_drawn_as_the_clocks_start(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The moment the catch-up is over the window draws the history: every tile shows a figure and every chart curve
    its points when its clocks start (not a redraw or text clock period later), and that history is the recorded
    one (in the database, from the room's first minute)."""
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        w = c.window

        def drawn() -> None:  # at the signal, before any clock ticks
            clock = c.parts.clock
            seen["caught_up"] = not (clock.paused or clock.catching_up)
            seen["empty_tiles"], seen["curves"], seen["empty_curves"] = _unfilled(w)
            x, _y = w.charts.panels[0].curves["online"].getData()
            seen["first_drawn"] = float(np.nanmin(x)) - c.feed.room_info.start_time
            seen["drawn_samples"] = len(c.feed.series)

        w.clocks_started.connect(drawn)
        await until(lambda: "curves" in seen, timeout_s=30.0)
        ordering = c.parts.ordering  # the history's products fitted as it is drawn (none while it was caught up)
        seen["suggested"] = ordering._fitting or ordering.report is not None
        rows = c.recorder.db.execute(
            "SELECT COUNT(*), MIN(ts) FROM room_samples WHERE session_id = ?", [c.recorder.session_id]).fetchone()
        seen["recorded"] = (int(rows[0]), float(rows[1]) - c.feed.room_info.start_time)

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=600.0)
    assert seen["caught_up"] is True and seen["suggested"] is True
    assert seen["empty_tiles"] == []
    assert int(seen["curves"]) >= 5 and seen["empty_curves"] == []  # type: ignore[call-overload]
    assert float(seen["first_drawn"]) < 2 * CATCH_UP_STEP_S  # type: ignore[arg-type]
    recorded, first_recorded = seen["recorded"]  # type: ignore[misc]
    assert recorded >= int(seen["drawn_samples"]) >= 600.0 / (2 * CATCH_UP_STEP_S)  # type: ignore[call-overload]
    assert first_recorded < 2 * CATCH_UP_STEP_S


def test_the_history_is_recorded_in_batches_with_its_products_a_minute_apart(  # type: ignore[no-untyped-def]
        qloop, tmp_path) -> None:
    """The catch-up costs fewer real seconds: the recorder writes the history's polls in batches (a few transactions,
    not one a poll) and the room's data kinds (products, traffic, audience, orders) are polled a minute apart
    while its room samples keep their density; the products tab still has the history's products."""
    opens_at_s = 600.0
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        await until(lambda: c.parts is not None, timeout_s=30.0)
        commits: list[str] = []
        c.recorder.db.conn.set_trace_callback(lambda s: commits.append(s) if s == "COMMIT" else None)
        clock = c.parts.clock
        await until(lambda: not (clock.paused or clock.catching_up), timeout_s=30.0)
        seen["commits"] = len(commits)
        seen["samples"] = len(c.feed.series)
        c.recorder.db.conn.set_trace_callback(None)
        await until(lambda: c.window.redraw_timer.isActive(), timeout_s=30.0)
        start = c.feed.room_info.start_time
        rows = c.recorder.db.execute("SELECT DISTINCT ts FROM product_samples WHERE session_id = ? ORDER BY ts",
                                     [c.recorder.session_id]).fetchall()
        seen["products"] = [r[0] - start for r in rows if r[0] - start <= opens_at_s]
        seen["recorded"] = c.recorder.db.execute("SELECT COUNT(*) FROM room_samples WHERE session_id = ?",
                                                 [c.recorder.session_id]).fetchone()[0]

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=opens_at_s)
    samples = int(seen["samples"])  # type: ignore[call-overload]
    assert samples >= opens_at_s / (2 * CATCH_UP_STEP_S)
    assert int(seen["commits"]) < samples / 2  # type: ignore[call-overload]  (it was one a poll: ~2.5 a sample)
    assert int(seen["recorded"]) >= samples  # type: ignore[call-overload]  (written once caught up)
    products = np.array(seen["products"], dtype=float)
    # a column about a minute apart from the first minutes (every 30 s before: twice as many requests)
    assert opens_at_s / 120 <= len(products) <= opens_at_s / 60 + 1 and products[0] < 120, products


def test_while_the_history_loads_the_window_says_so(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """From the first frame until the history is drawn the charts and the status strip say the room's history is
    loading (the tiles and charts are still empty: never a room that looks dead without a reason); then the hint
    goes and the figures show."""
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: w.isVisible(), timeout_s=30.0)
        box, charts = w.history_hint.geometry(), w.charts.rect()
        seen["first"] = (w.history_hint.isVisible(), w.history_hint.text(), w.status.age_label.text(),
                         charts.contains(box) and abs(box.center().x() - charts.center().x()) <= 1
                         and box.top() == charts.height() // 2)  # a box in the charts' middle
        await until(lambda: w.redraw_timer.isActive(), timeout_s=30.0)
        seen["drawn"] = (w.history_hint.isVisible(), w.status.age_label.text())

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=600.0)
    visible, hint, age, fitted = seen["first"]  # type: ignore[misc]
    assert visible and fitted and hint == "Loading the room's history: its first 10 minutes…" and age == hint
    visible, age = seen["drawn"]  # type: ignore[misc]
    assert not visible and age.startswith("Data age")


#: a fresh process opening the console on the demo room: which thread imports the demo room's modules, and whether
#: they were imported before the first frame
_IMPORTS_RUN = r"""
import argparse, asyncio, importlib.abc, json, sys, threading
WATCHED = ("dyconsole.emulator.demo", "dyconsole.emulator.sim", "starlette")
importers = {}


class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name in WATCHED:
            importers.setdefault(name, threading.current_thread().name)
        return None


sys.meta_path.insert(0, Watch())
import qasync
from PySide6.QtWidgets import QApplication
from dyconsole.app import Console
from dyconsole.services.settings.app_settings import AppSettings

app = QApplication(sys.argv[:1])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
console = Console(argparse.Namespace(source="demo", speed=1.0, seed=1, scenario=None, db=sys.argv[1], lang="en",
                                     screenshot=None, quit_after=None, window_size=(1280, 720),
                                     demo_opens_at_s=300.0), AppSettings(), "en")
out = {}


async def main():
    run = asyncio.ensure_future(console.run())
    while console._shown_window() is None or not console._shown_window().isVisible():
        await asyncio.sleep(0)
    out["at_first_frame"] = sorted(importers)
    for _ in range(3000):
        if console.window is not None and console.window.redraw_timer.isActive():
            break
        await asyncio.sleep(0.01)
    out["importers"] = importers
    out["samples"] = len(console.feed.series)
    console.window.close()
    await run


loop.run_until_complete(main())
print("RESULT " + json.dumps(out))
"""


def test_the_demo_rooms_modules_are_imported_on_a_thread_of_their_own_after_the_first_frame(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The emulator, its simulator and starlette (a third of a second from source) are imported on a thread of their
    own from the first frame on, while the UI thread builds the recording and the features, not by the UI thread
    (it built the demo room's wiring among the features, and the room only once they were all built)."""
    done = subprocess.run([sys.executable, "-c", _IMPORTS_RUN, str(tmp_path / "s.sqlite3")], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"))
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    out = json.loads(lines[0][len("RESULT "):])
    assert out["at_first_frame"] == []  # the first frame does not wait for them
    assert out["importers"] == {name: "dyconsole-demo-room-import"
                                for name in ("dyconsole.emulator.demo", "dyconsole.emulator.sim", "starlette")}
    assert out["samples"] >= 300.0 / CATCH_UP_STEP_S  # and the room's history was polled


def test_the_history_is_polled_a_step_at_a_time_with_no_request_held_by_its_rate_limit(  # type: ignore[no-untyped-def]
        qloop, tmp_path) -> None:
    """The catch-up runs as fast as the room is polled (its speed is no floor: CATCH_UP_REAL_S at best), a room sample
    every CATCH_UP_STEP_S: no request of the history waits for its rate limit (the clients' windows were widened
    with the clock's speed, and the room's polls then waited for broadcast time the catch-up held for a room poll:
    at CATCH_UP_REAL_S 0.25, the catch-up never ended)."""
    opens_at_s = 600.0
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        clock = c.parts.clock
        assert isinstance(clock, CatchUpClock)
        await until(lambda: not (clock.paused or clock.catching_up), timeout_s=30.0)
        source = c.source
        seen["waited"] = {**source.qianchuan.http.limiter.waited, **source.doudian.http.limiter.waited}
        start = c.feed.room_info.start_time
        ts = np.array(c.feed.series[c.feed.series.names[0]].ts, dtype=float)
        seen["ts"] = ts[ts <= start + opens_at_s] - start
        seen["skipped"] = sum(c.polling.poller.skipped.values())

    drive(qloop, tmp_path, scenario, speed=1.0, demo_opens_at_s=opens_at_s)
    # the room's polls, which the catch-up clock waits for, never wait for their rate limit (with the old limiter
    # they all did, each for ~97 broadcast s). Only an audience poll may: its six requests (2 events x 3 dimensions)
    # exceed its 3 QPS, so when the clock holds for a room poll (a loaded machine: CI) while they are sent, the
    # fourth waits until the clock moves on; once at most per audience poll (a poll a minute: ~11 in the history)
    waited = dict(seen["waited"])  # type: ignore[call-overload]
    assert set(waited) <= {ROOM_USER} and waited.get(ROOM_USER, 0) <= opens_at_s / 60 + 1, waited
    history = seen["ts"]
    assert isinstance(history, np.ndarray) and np.diff(history).max() <= CATCH_UP_STEP_S + EPOCH_ROUNDING_S, \
        np.diff(history)
    assert len(history) >= opens_at_s / CATCH_UP_STEP_S - 1
    assert seen["skipped"] == 0
