"""Opening an 8-hour session for review (figures, not a test): python packaging/bench_review_open.py [hours]

Records a demo-room broadcast of `hours` (default 8) at the default poll intervals through the real Recorder
(5 s room polls = 5,760 rows for 8 h; products and flow every 30 s, audience every 2 min), then measures, offscreen:
- choosing the session -> its review window's charts first painted (load off the UI thread, then build + paint);
- how long the UI thread itself was busy in that time (the rest ran in the executor);
- the memory the loaded session takes (tracemalloc: retained and peak while loading; RSS growth);
- a redraw of the whole-session charts and a replay step (cost per frame once open);
- the sessions list's peak-online estimate (the demo room, like the official APIs, has no online count).
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from review_support import record_demo_session  # noqa: E402


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(hours: float) -> None:
    from PySide6.QtWidgets import QApplication

    from dyconsole.services.review.loader import ReviewLoader
    from dyconsole.storage.recorded_session import load_review
    from dyconsole.ui.review.window import ReviewWindow
    from dyconsole.ui.common.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        t0 = time.perf_counter()
        rec = record_demo_session(path, seed=1, minutes=hours * 60)
        print(f"recorded a {hours:g} h demo session in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB database)")

        # the sessions list estimates the peak online of a session without a real count once, then reads its cache
        from dyconsole.storage.db import open_for_reading
        from dyconsole.storage.sessions import list_sessions
        for label in ("first listing (estimates the peak online)", "next listing (cached)"):
            db = open_for_reading(path)
            t0 = time.perf_counter()
            listed = list_sessions(db)
            db.close()
            print(f"sessions list, {label}: {(time.perf_counter() - t0) * 1e3:.0f} ms "
                  f"(peak online {listed[0].peak_online:,.0f}, estimate: {listed[0].peak_online_is_estimate})")

        # the first load of the process: resident memory it adds while the session is held
        gc.collect()
        rss0 = _rss_mb()
        held = load_review(path, rec.session_id)
        print(f"process RSS growth holding the loaded session: +{_rss_mb() - rss0:.1f} MB")
        del held
        gc.collect()

        # warm-up (imports, first Qt paint) on a throwaway load, so the figures are the session's own
        warm = ReviewWindow(load_review(path, rec.session_id))
        warm.close()
        warm.deleteLater()
        app.processEvents()

        # time (untraced), then memory, of one load
        t0 = time.perf_counter()
        session = load_review(path, rec.session_id)
        print(f"load_review alone (what runs in the executor): {(time.perf_counter() - t0) * 1e3:.0f} ms for "
              f"{len(session.series)} room polls, {len(session.products.ts)} product polls x "
              f"{len(session.products.ids)} products")
        del session
        tracemalloc.start()
        session = load_review(path, rec.session_id)
        retained, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"memory of the loaded session: {retained / 1e6:.1f} MB retained, {peak / 1e6:.1f} MB peak while "
              f"loading (tracemalloc)")
        del session
        gc.collect()

        # choosing it -> first paint, through the executor as the launcher does
        loader = ReviewLoader(path)
        ui_busy = 0.0
        painted: list[float] = []
        windows: list[ReviewWindow] = []

        def on_loaded(loaded: object) -> None:
            nonlocal ui_busy
            u0 = time.perf_counter()
            w = ReviewWindow(loaded, "zh")  # type: ignore[arg-type]
            w.resize(1600, 900)
            w.show()
            w.repaint()
            app.processEvents()
            windows.append(w)
            painted.append(time.perf_counter())
            ui_busy += time.perf_counter() - u0

        loader.loaded.connect(on_loaded)
        chosen = time.perf_counter()
        loader.open(rec.session_id)
        ticks = 0
        while not painted:
            app.processEvents()
            time.sleep(0.001)
            ticks += 1
        print(f"choose -> first paint of the charts: {(painted[0] - chosen) * 1e3:.0f} ms "
              f"(UI thread busy {ui_busy * 1e3:.0f} ms of it; it kept handling events meanwhile: {ticks} loop turns)")
        w = windows[0]
        assert w.charts.redraw_count > 0
        n = 20
        t0 = time.perf_counter()
        for _ in range(n):
            w.charts.mark_dirty()
            w.redraw_tick()
        print(f"redraw of the whole-session charts: {(time.perf_counter() - t0) / n * 1e3:.1f} ms")
        w.seek(w.session.start + 3600)
        t0 = time.perf_counter()
        for _ in range(n):
            w.replay_tick()
            w.redraw_tick()
            w.refresh_text()
        print(f"replay step (cursor move, redraw, tiles and side panel): {(time.perf_counter() - t0) / n * 1e3:.1f} ms")
        w.close()
        w.deleteLater()
        loader.shutdown()
        app.processEvents()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 8.0)
