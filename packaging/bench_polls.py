"""Benchmark: are the room polls delivered at 60x? (a script, not a test: it prints figures)

Issue 15's goal: `record` and the window deliver 100% of the room polls at 60x, and say so when the machine cannot
keep up. For each, over the same stretch of real time:
- due: the room ticks of the stretch (broadcast span / the room interval, 5 s);
- delivered: the room samples that arrived, and the longest wait between two of them (broadcast seconds; 5 when
  every poll is answered on time, more where one was skipped or answered late);
- said: the polls the poller counted as skipped (what `record` prints and the window's status bar shows).
`record`: `dyconsole record --source demo --speed 60` as a subprocess, its database read afterwards. The window: the
console on the demo room at 60x (offscreen, 1280x720), measured once the room's history catch-up is over.

Usage: QT_QPA_PLATFORM=offscreen python packaging/bench_polls.py [--seconds 30] [--speed 60]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DYCONSOLE_DATA_DIR", tempfile.mkdtemp(prefix="dyconsole-bench-"))

from dyconsole.core.feed import PollIntervals  # noqa: E402

ROOM_S = PollIntervals().room


def _line(what: str, ts: list[float], due: float, skipped: int) -> str:
    longest = max((b - a for a, b in zip(ts, ts[1:])), default=math.nan)
    return (f"  {what}: {len(ts)} room samples for {due:.0f} due ({100.0 * len(ts) / due:.1f}%), longest wait "
            f"{longest:.1f} s; {skipped} polls said skipped   goal 100%")


def bench_record(seconds: float, speed: float) -> str:
    duration = seconds * speed
    with tempfile.TemporaryDirectory(prefix="dyconsole-bench-polls-") as tmp:
        db = Path(tmp) / "record.db"
        proc = subprocess.run([sys.executable, "-m", "dyconsole", "record", "--source", "demo", "--speed",
                               f"{speed:g}", "--duration", f"{duration:g}", "--db", str(db)],
                              capture_output=True, text=True, env={**os.environ, "DYCONSOLE_DATA_DIR": tmp})
        if proc.returncode != 0:
            return f"  `record` failed (exit {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}"
        with sqlite3.connect(db) as con:
            ts = [r[0] for r in con.execute("SELECT ts FROM room_samples WHERE is_gap = 0 ORDER BY ts")]
        closing = re.search(r"closed after \d+ polls, (\d+) skipped", proc.stderr)
        skipped = int(closing.group(1)) if closing else 0
        return _line(f"`record` at {speed:g}x, {duration:.0f} broadcast s", ts, duration / ROOM_S, skipped)


def bench_window(seconds: float, speed: float) -> str:
    import qasync
    from PySide6.QtWidgets import QApplication

    from dyconsole.app import Console
    from dyconsole.services.settings.app_settings import AppSettings
    from dyconsole.ui.common.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    args = argparse.Namespace(source="demo", speed=speed, seed=1, scenario=None, db=None, lang="zh",
                              screenshot=None, quit_after=None)
    console = Console(args, AppSettings(), "zh")
    out: list[str] = []

    async def main() -> None:
        run = asyncio.ensure_future(console.run())
        while console.window is None or console.polling is None:
            await asyncio.sleep(0.01)
        console.window.resize(1280, 720)
        clock, poller = console.feed.clock, console.polling.poller
        while getattr(clock, "catching_up", False):  # the history's catch-up polls on purpose every ~15 s
            await asyncio.sleep(0.05)
        t0, skipped0 = clock.now(), poller.skipped["room"]
        await asyncio.sleep(seconds)
        t1 = clock.now()
        series = console.feed.series
        ts = [float(t) for t in series[series.names[0]].ts if t0 <= t < t1]
        out.append(_line(f"the window at {speed:g}x, {t1 - t0:.0f} broadcast s", ts, (t1 - t0) / ROOM_S,
                         poller.skipped["room"] - skipped0))
        console.window.close()
        await run

    try:
        loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return out[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="real seconds of each run")
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--window-only", action="store_true")
    opts = parser.parse_args()
    print(f"room polls delivered at {opts.speed:g}x ({opts.seconds:g} real s each; load average "
          f"{os.getloadavg()[0]:.1f}):")
    if not opts.window_only:
        print(bench_record(opts.seconds, opts.speed), flush=True)
    print(bench_window(opts.seconds, opts.speed), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
