"""Benchmark of the one-folder bundle: its size on disk and its cold start to the first frame, beside a minimal
PySide6 + pyqtgraph app (one window, one plot of 3,600 points) built the same way (PyInstaller one-folder, the same
exclusions: packaging/bundle_config.py). Goal: within 1.5x of the minimal app on both.

    QT_QPA_PLATFORM=offscreen python packaging/bench_bundle.py [--runs 5] [--rebuild]

Builds dist/dyconsole (packaging/build.sh) when missing or with --rebuild, and the minimal app under
build/bench-minimal. "First frame": from starting the process to its screenshot of the shown window being on disk
(the console: `--screenshot PATH --quit-after 0`, the window grabbed on the first turn of its event loop; the minimal
app: the same grab right after show). The first run after dropping the page cache is the cold start (when the
machine lets us drop it; otherwise the first run, said so), then the median of the warm runs. On a busy machine the
wall-clock figures stretch; the CPU seconds of a whole warm run (start, first frame, quit; user + system, from the
children's rusage) are printed beside them as the figure that load does not inflate.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dist" / "dyconsole" / "dyconsole"
MINIMAL_DIR = ROOT / "build" / "bench-minimal"
GOAL = 1.5

MINIMAL_APP = '''"""The benchmark's minimal PySide6 + pyqtgraph app: one window, one plot, a screenshot, quit."""
import sys

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
plot = pg.PlotWidget(title="minimal")
plot.plot(np.arange(3600.0), np.cumsum(np.random.default_rng(1).normal(size=3600)))
plot.resize(1600, 900)
plot.show()
app.processEvents()
plot.grab().save(sys.argv[1])
plot.close()
del plot
'''

MINIMAL_SPEC = '''# the benchmark's minimal app, built like packaging/dyconsole.spec
import sys
sys.path.insert(0, {packaging!r})
import bundle_config

a = Analysis([{script!r}], hiddenimports=["PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"],
             excludes=bundle_config.excludes())
a.binaries = bundle_config.keep(a.binaries)
a.datas = bundle_config.keep(a.datas)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="minimal", console=True, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, upx=False, name="minimal")
'''


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_console(rebuild: bool) -> float | None:
    if APP.exists() and not rebuild:
        return None
    start = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True)
    return time.perf_counter() - start


def build_minimal(rebuild: bool) -> tuple[Path, float | None]:
    exe = MINIMAL_DIR / "dist" / "minimal" / "minimal"
    if exe.exists() and not rebuild:
        return exe, None
    shutil.rmtree(MINIMAL_DIR, ignore_errors=True)
    MINIMAL_DIR.mkdir(parents=True)
    script = MINIMAL_DIR / "minimal_app.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    spec = MINIMAL_DIR / "minimal.spec"
    spec.write_text(MINIMAL_SPEC.format(packaging=str(ROOT / "packaging"), script=str(script)), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(MINIMAL_DIR / "dist"), "--workpath", str(MINIMAL_DIR / "work"), str(spec)],
                   check=True)
    return exe, time.perf_counter() - start


def drop_page_cache() -> bool:
    """Empty the kernel's page cache (root on Linux), so the next start reads the bundle from disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def first_frame_s(command: list[str], shot: Path, env: dict[str, str], limit_s: float = 60.0) -> float:
    """Seconds from starting `command` to its screenshot being on disk."""
    shot.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < limit_s:
            if shot.exists() and shot.stat().st_size > 0:
                return time.perf_counter() - start
            if proc.poll() is not None and not shot.exists():
                raise RuntimeError(f"{command[0]} exited {proc.returncode} without a screenshot")
            time.sleep(0.005)
        raise RuntimeError(f"{command[0]}: no screenshot within {limit_s} s")
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def starts(command: list[str], shot: Path, env: dict[str, str], runs: int) -> tuple[float, bool, list[float], float]:
    """(cold start s, page cache dropped?, warm starts s, median CPU s of a warm run)."""
    dropped = drop_page_cache()
    cold = first_frame_s(command, shot, env)
    warm, cpu = [], []
    for _ in range(runs):
        before = _children_cpu_s()
        warm.append(first_frame_s(command, shot, env))
        cpu.append(_children_cpu_s() - before)
    return cold, dropped, warm, statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm starts of each app (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="build both apps again first")
    args = parser.parse_args()
    console_build = build_console(args.rebuild)
    minimal, minimal_build = build_minimal(args.rebuild)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   DYCONSOLE_DATA_DIR=str(tmp / "data"), XDG_CONFIG_HOME=str(tmp / "config"))
        shot = tmp / "frame.png"
        console_cmd = [str(APP), "--speed", "60", "--db", str(tmp / "s.sqlite3"), "--screenshot", str(shot),
                       "--quit-after", "0"]
        rows = {
            "dyconsole": (folder_size(APP.parent), console_build,
                          *starts(console_cmd, shot, env, args.runs)),
            "minimal PySide6+pyqtgraph": (folder_size(minimal.parent), minimal_build,
                                          *starts([str(minimal), str(shot)], shot, env, args.runs)),
        }
    print(f"one-folder bundles (PyInstaller), first frame offscreen at 1600x900; {args.runs} warm runs each")
    print(f"{'app':<28}{'size MB':>9}{'build s':>9}{'cold s':>9}{'warm median s':>15}{'warm min-max s':>16}"
          f"{'CPU s/run':>11}")
    for name, (size, build_s, cold, dropped, warm, cpu) in rows.items():
        build = f"{build_s:.0f}" if build_s is not None else "-"
        print(f"{name:<28}{size / 1e6:>9.1f}{build:>9}{cold:>8.2f}{'' if dropped else '*':<1}"
              f"{statistics.median(warm):>15.2f}{f'{min(warm):.2f}-{max(warm):.2f}':>16}{cpu:>11.2f}")
    ours, minimal_row = rows["dyconsole"], rows["minimal PySide6+pyqtgraph"]
    size_ratio = ours[0] / minimal_row[0]
    cold_ratio = ours[2] / minimal_row[2]
    warm_ratio = statistics.median(ours[4]) / statistics.median(minimal_row[4])
    cpu_ratio = ours[5] / minimal_row[5]
    print(f"dyconsole / minimal: size {size_ratio:.2f}x, cold start {cold_ratio:.2f}x, warm start {warm_ratio:.2f}x, "
          f"CPU {cpu_ratio:.2f}x (goal within {GOAL}x: "
          f"{'met' if max(size_ratio, cold_ratio, warm_ratio) <= GOAL else 'NOT met'}); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not (ours[3] and minimal_row[3]):
        print("* the page cache could not be dropped here: 'cold' is the first run, the files may be cached")
    return 0


if __name__ == "__main__":
    sys.exit(main())
