"""Memory over a long broadcast and the start to the first frame, each beside its goal (figures, not a test):

    QT_QPA_PLATFORM=offscreen python packaging/bench_memory_start.py [--hours 12] [--speed 600] [--runs 3] [--start-only]
                                                                      [--window-only]

- RSS of `dyconsole record` (demo room) over `hours` broadcast hours at `speed`, sampled from /proc with the
  broadcast time the recording has reached (read from its database): the slope (MB per broadcast hour, least squares)
  over the second half. Goal: <= 0.5 MB per hour (flat).
- The same for the window (demo room, its broadcast lengthened to `hours` for the run, recording as it does).
- Cold start to the first frame, from source: `python -m dyconsole --screenshot P --quit-after 0` (the window grabbed
  as it first shows; wall-clock to the PNG on disk, CPU of the whole run) beside the minimal
  PySide6 + pyqtgraph app of packaging/bench_bundle.py (one plot of 3,600 points, grabbed right after show), median
  of `runs` each, alternating, after one uncounted run of each that compiles their bytecode (into a temporary
  PYTHONPYCACHEPREFIX: an installed app has its .pyc; a run under PYTHONDONTWRITEBYTECODE would compile the
  console's 300 modules on every start and time the compiler). Goal: within 1.3x of the minimal window.
  A second line times both to their whole PNG on disk (its IEND chunk written) and gives the CPU seconds spent by
  then (all threads, from /proc/PID/task/*/schedstat; Linux): the first line's wall stops at the file's first bytes,
  which the console's busier picture writes early in its encoding (zlib flushes 8 KB blocks) and the minimal's one
  block only at the end; its CPU is the whole run's, exit included.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_bundle import MINIMAL_APP  # noqa: E402
from bench_bundle import first_frame_s as bundle_first_frame_s  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RSS_GOAL_MB_PER_H = 0.5
START_GOAL = 1.3
#: runs the window with its demo broadcast lengthened to argv[1] seconds (the window's demo is 3 h otherwise)
LONG_WINDOW = """
import runpy, sys
import dyconsole.commands.demo_wiring as wiring
wiring.demo_connection.__kwdefaults__["duration_s"] = float(sys.argv[1])
sys.argv = ['dyconsole'] + sys.argv[2:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, IndexError):
        return None


def _broadcast_h(db: Path) -> float | None:
    if not db.exists():
        return None
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            lo, hi = con.execute("SELECT min(ts), max(ts) FROM room_samples").fetchone()
    except sqlite3.Error:
        return None
    return None if lo is None else (hi - lo) / 3600.0


def rss_track(command: list[str], db: Path, env: dict[str, str], limit_s: float) -> list[tuple[float, float]]:
    """(broadcast hour, RSS MB) every half second while `command` runs."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    points: list[tuple[float, float]] = []
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < limit_s:
            time.sleep(0.5)
            rss, hour = _rss_mb(proc.pid), _broadcast_h(db)
            if rss and hour is not None:  # a process on its way out reads 0
                points.append((hour, rss))
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(30)
    return points


def slope(points: list[tuple[float, float]], from_h: float) -> tuple[float, float, float, int]:
    """Least-squares MB per hour over the points from `from_h` on; also RSS at the first and last of them."""
    pts = [(h, r) for h, r in points if h >= from_h]
    if len(pts) < 3:
        raise SystemExit(f"too few samples past hour {from_h:g} ({len(pts)}): the run was too short")
    mh, mr = statistics.fmean(h for h, _ in pts), statistics.fmean(r for _, r in pts)
    num = sum((h - mh) * (r - mr) for h, r in pts)
    den = sum((h - mh) ** 2 for h, _ in pts)
    return num / den, pts[0][1], pts[-1][1], len(pts)


def say_rss(label: str, points: list[tuple[float, float]], hours: float) -> None:
    reached = max(h for h, _ in points)
    per_h, first, last, n = slope(points, reached / 2)
    verdict = "met" if per_h <= RSS_GOAL_MB_PER_H else "NOT met"
    print(f"RSS, {label}: {points[0][1]:.0f} MB at the start -> {last:.0f} MB at broadcast hour {reached:.1f} of "
          f"{hours:g}; second half ({n} samples from {first:.0f} MB): {per_h:+.2f} MB per broadcast hour "
          f"(goal <= {RSS_GOAL_MB_PER_H} : {verdict}); load average {os.getloadavg()[0]:.1f}")


def _children_cpu_s() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def first_frame_s(command: list[str], shot: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds from starting `command` to its first frame on disk (polled, as bench_bundle does; closing
    the window and exiting come after it), and the CPU seconds of the whole run (load does not inflate them as
    much)."""
    c0 = _children_cpu_s()
    wall = bundle_first_frame_s(command, shot, env, limit_s=120.0)  # waits for the process's exit before returning
    return wall, _children_cpu_s() - c0


PNG_END = b"IEND\xaeB`\x82"  # the last chunk of a PNG, with its CRC


def _cpu_now_s(pid: int) -> float | None:
    """CPU seconds `pid` has run so far, all its threads (Linux schedstat; None elsewhere or once it has gone)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def _png_whole(shot: Path) -> bool:
    try:
        with shot.open("rb") as f:
            f.seek(-len(PNG_END), os.SEEK_END)
            return f.read() == PNG_END
    except OSError:
        return False


def whole_png_s(command: list[str], shot: Path, env: dict[str, str], limit_s: float = 120.0
                ) -> tuple[float, float | None]:
    """Wall-clock seconds from starting `command` to its whole PNG on disk, and the CPU seconds it had spent by then
    (polled every 2 ms; closing and exiting come after)."""
    shot.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < limit_s:
            if _png_whole(shot):
                wall = time.perf_counter() - start
                return wall, _cpu_now_s(proc.pid)
            if proc.poll() is not None and not _png_whole(shot):
                raise RuntimeError(f"{command[0]} exited {proc.returncode} without a whole screenshot")
            time.sleep(0.002)
        raise RuntimeError(f"{command[0]}: no screenshot within {limit_s} s")
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=12.0)
    ap.add_argument("--speed", type=float, default=600.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--start-only", action="store_true", help="only the cold start (not the two RSS runs)")
    ap.add_argument("--window-only", action="store_true", help="only the window's RSS run")
    args = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    seconds = int(args.hours * 3600)
    real_s = seconds / args.speed
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        if args.window_only:
            window_rss(d, env, seconds, real_s, args)
            return
        # cold start first, while the machine is least disturbed by this script
        minimal = d / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        start_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        start_env["PYTHONPYCACHEPREFIX"] = str(d / "pycache")
        app_times, min_times, app_whole, min_whole = [], [], [], []
        for i in range(-1, args.runs):  # run -1 compiles the bytecode, uncounted
            app = [sys.executable, "-m", "dyconsole", "--db", str(d / f"s{i}.db"), "--screenshot", str(d / "app.png"),
                   "--quit-after", "0"]
            app_times.append(first_frame_s(app, d / "app.png", start_env))
            mini = [sys.executable, str(minimal), str(d / "min.png")]
            min_times.append(first_frame_s(mini, d / "min.png", start_env))
            app[4] = str(d / f"w{i}.db")
            app_whole.append(whole_png_s(app, d / "app.png", start_env))
            min_whole.append(whole_png_s(mini, d / "min.png", start_env))
        app_times, min_times, app_whole, min_whole = app_times[1:], min_times[1:], app_whole[1:], min_whole[1:]
        a, m = (statistics.median(t for t, _ in app_times), statistics.median(t for t, _ in min_times))
        ac, mc = (statistics.median(c for _, c in app_times), statistics.median(c for _, c in min_times))
        print(f"cold start to the first frame (from source, median of {args.runs}): console {a:.2f} s, minimal "
              f"PySide6 + pyqtgraph window {m:.2f} s: {a / m:.2f}x (goal <= {START_GOAL}x: "
              f"{'met' if a / m <= START_GOAL else 'NOT met'}); CPU a run {ac:.2f} s vs {mc:.2f} s ({ac / mc:.2f}x)")
        aw, mw = statistics.median(t for t, _ in app_whole), statistics.median(t for t, _ in min_whole)
        cpus = [c for _, c in app_whole + min_whole]
        cpu = "CPU by then not read (no /proc schedstat)"
        if all(c is not None for c in cpus):
            acw, mcw = statistics.median(c for _, c in app_whole), statistics.median(c for _, c in min_whole)
            cpu = f"CPU by then {acw:.2f} s vs {mcw:.2f} s ({acw / mcw:.2f}x)"
        print(f"to the whole PNG on disk (median of {args.runs}): console {aw:.2f} s, minimal {mw:.2f} s: "
              f"{aw / mw:.2f}x; {cpu}; load average {os.getloadavg()[0]:.1f}")

        if args.start_only:
            return
        db = d / "record.db"
        points = rss_track([sys.executable, "-m", "dyconsole", "record", "--source", "demo", "--speed",
                            f"{args.speed:g}", "--duration", str(seconds), "--db", str(db)], db, env, real_s * 3 + 60)
        say_rss(f"`record` demo at {args.speed:g}x", points, args.hours)
        window_rss(d, env, seconds, real_s, args)


def window_rss(d: Path, env: dict[str, str], seconds: int, real_s: float, args: argparse.Namespace) -> None:
    db = d / "window.db"
    points = rss_track([sys.executable, "-c", LONG_WINDOW, str(seconds), "--source", "demo", "--speed",
                        f"{args.speed:g}", "--db", str(db), "--screenshot", str(d / "w.png"), "--quit-after",
                        f"{real_s:g}"], db, env, real_s * 3 + 60)
    say_rss(f"the window, demo at {args.speed:g}x", points, args.hours)


if __name__ == "__main__":
    main()
