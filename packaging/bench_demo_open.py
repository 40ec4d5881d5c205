"""The demo room's opening, from the window's side (figures, not a test):

    QT_QPA_PLATFORM=offscreen python packaging/bench_demo_open.py [--runs 3] [--against /work/main]

Each run is a fresh process opening the console window on the demo room (1x, opening DEMO_OPENS_AT_S into its
broadcast, recording into a temporary database, 1280x720 offscreen) and prints, from the process start:
- the first frame (the window shown);
- "every tile and chart has content": every visible tile shows a figure (not the placeholder) and every visible
  chart curve has drawn points, as the window's own clocks drew them (nothing forced);
- the catch-up's end (the room's history polled; the window draws it as it comes in, so the content is usually in
  before it), the room samples then held; the process CPU seconds at the content. A run ends once it has both.
Each tree first has one uncounted run that compiles its bytecode (into a temporary PYTHONPYCACHEPREFIX): an
installed app has its .pyc, and a run under PYTHONDONTWRITEBYTECODE would compile ~300 modules from source at every
start. Medians over `runs`; with `--against ROOT` the same runs of the tree at ROOT (e.g. main) alternate with this
tree's in the same minutes, each side's figures beside the other's. The load average is printed beside every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: real seconds a run may take before it is given up (its figures then say "never")
RUN_LIMIT_S = 60.0

#: the child: one opening of the window, its figures as one JSON line on stdout
ONE_RUN = r"""
import argparse, asyncio, json, resource, sys, time
T0 = time.monotonic()
import numpy as np
import qasync
from PySide6.QtWidgets import QApplication
from dyconsole.app import Console
from dyconsole.services.settings.app_settings import AppSettings
from dyconsole.ui.common.theme import apply_theme

limit = float(sys.argv[1])
app = QApplication.instance() or QApplication(sys.argv[:1])
apply_theme(app)
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
args = argparse.Namespace(source="demo", speed=1.0, seed=1, scenario=None, db=sys.argv[2], lang="zh",
                          screenshot=None, quit_after=None, window_size=(1280, 720))
console = Console(args, AppSettings(), "zh")
out = {}


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def has_content(w):
    tiles = w.tiles
    for key in tiles.visible_tiles():
        if tiles.tiles[key].value.text() in ("", "\u2014"):
            return False
    for panel in w.charts.panels:
        if not panel.plot.isVisible():
            continue
        for _key, curve in panel.visible_curves():
            _x, y = curve.getData()
            if y is None or not np.isfinite(np.asarray(y, dtype=float)).any():
                return False
    return True


async def main():
    run = asyncio.ensure_future(console.run())
    w = None
    while w is None or not w.isVisible():
        await asyncio.sleep(0)
        w = console._shown_window()
    out["first_frame_s"] = time.monotonic() - T0
    out["first_frame_cpu_s"] = cpu()
    while time.monotonic() - T0 < limit:
        w = console.window
        clock = console.parts.clock if console.parts is not None else None
        if "built_s" not in out and console.parts is not None:
            out["built_s"] = time.monotonic() - T0
        if "polling_s" not in out and console.parts is not None and console.polling is not None:
            out["polling_s"] = time.monotonic() - T0
        if "caught_up_s" not in out and clock is not None and not (clock.paused or clock.catching_up):
            out["caught_up_s"] = time.monotonic() - T0
            out["samples"] = len(console.feed.series)
        if "content_s" not in out and w is not None and has_content(w):
            out["content_s"] = time.monotonic() - T0
            out["content_cpu_s"] = cpu()
        if "content_s" in out and "caught_up_s" in out:
            break
        await asyncio.sleep(0.01)
    if console.window is not None:
        console.window.close()
    await run


try:
    loop.run_until_complete(main())
finally:
    asyncio.set_event_loop(None)
    loop.close()
print("BENCH " + json.dumps(out))
"""


def one_run(root: Path, pycache: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp, HOME=tmp, PYTHONPYCACHEPREFIX=str(pycache))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        done = subprocess.run([sys.executable, "-c", ONE_RUN, str(RUN_LIMIT_S), str(Path(tmp) / "bench.db")],
                              cwd=tmp, env=env, capture_output=True, text=True, timeout=RUN_LIMIT_S + 60)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            return dict(json.loads(line[6:]))
    raise RuntimeError(f"the run in {root} printed no figures:\n{done.stderr[-3000:]}")


def load() -> str:
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def _median(runs: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in runs if key in r]
    if not values:
        return "never"
    text = f"{statistics.median(values):.2f}"
    return text if len(values) == len(runs) else f"{text} ({len(runs) - len(values)} runs never)"


def report(name: str, runs: list[dict[str, float]], loads: list[str]) -> str:
    after = [r["content_s"] - r["first_frame_s"] for r in runs if "content_s" in r]
    gap = f" = first frame + {statistics.median(after):.2f} s" if after else ""
    return (f"{name}: first frame {_median(runs, 'first_frame_s')} s (CPU {_median(runs, 'first_frame_cpu_s')} s); "
            f"every tile and chart has content {_median(runs, 'content_s')} s{gap} "
            f"(CPU {_median(runs, 'content_cpu_s')} s); console built {_median(runs, 'built_s')} s, room polled from "
            f"{_median(runs, 'polling_s')} s, catch-up ended {_median(runs, 'caught_up_s')} s, "
            f"{_median(runs, 'samples')} room samples; load average {'/'.join(loads)} "
            f"(median of {len(runs)} runs, seconds from the process start)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, default=None, help="another tree (e.g. main) run alternately")
    a = parser.parse_args()
    sides = [("this tree", ROOT)] + ([(f"{a.against}", a.against)] if a.against is not None else [])
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in sides}
    loads: dict[str, list[str]] = {name: [] for name, _ in sides}
    caches = tempfile.TemporaryDirectory()
    pycache = {name: Path(caches.name) / str(i) for i, (name, _) in enumerate(sides)}
    for name, root in sides:
        one_run(root, pycache[name])  # uncounted: compiles the tree's bytecode
    for i in range(a.runs):
        for name, root in (sides if i % 2 == 0 else sides[::-1]):
            loads[name].append(load())
            runs[name].append(one_run(root, pycache[name]))
            print(f"  {name} run {i + 1}: {json.dumps(runs[name][-1])} (load {loads[name][-1]})", flush=True)
    for name, _ in sides:
        print(report(name, runs[name], loads[name]))
    caches.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
