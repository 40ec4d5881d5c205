"""Benchmark (a script, not a test): median append and view times of a SeriesBuffer after 1 h and 8 h of 1 Hz
data. The design promise is that both stay about equal: cost follows the screen width, not the broadcast length.

Run: python tests/benchmarks/bench_series.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from dyconsole.core.series import SeriesBuffer

VIEW_POINTS = 2000  # ~2 points per pixel of a 1000-pixel-wide chart
REPEATS = 400


def _filled(hours: float) -> tuple[SeriesBuffer, np.ndarray]:
    n = int(hours * 3600)
    rng = np.random.default_rng(1)
    values = np.cumsum(rng.normal(size=n)) + 1000.0
    values[rng.integers(0, n, n // 500)] = np.nan  # occasional failed polls
    buf = SeriesBuffer("online")
    ts = np.arange(n, dtype=float)
    buf.extend(ts, values)
    return buf, ts


def _median_us(fn, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def main() -> None:
    print(f"{'session':>8} {'append µs':>10} {'view all µs':>12} {'view last 1h µs':>16} {'points':>7}")
    for hours in (1, 8):
        buf, ts = _filled(hours)
        t_next = [float(ts[-1])]

        def append() -> None:
            t_next[0] += 1.0
            buf.append(t_next[0], 1000.0)

        append_us = _median_us(append, 4000)
        end = t_next[0]
        view_all = _median_us(lambda: buf.view(0.0, end, VIEW_POINTS))
        view_hour = _median_us(lambda: buf.view(end - 3600.0, end, VIEW_POINTS))
        points = len(buf.view(0.0, end, VIEW_POINTS)[0])
        print(f"{hours:>6} h {append_us:>10.1f} {view_all:>12.1f} {view_hour:>16.1f} {points:>7}")


if __name__ == "__main__":
    main()
