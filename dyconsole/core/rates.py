"""Per-minute rates from cumulative counters over a sliding window of broadcast time.

A counter is cumulative for the room and never decreases. Over a window the rate is the counter's increase
divided by the time it took. The window never spans bad data: a missing value (a gap), a decrease (a counter
reset or a bad read), a step longer than the window, a timestamp going backwards, or a change of the counter's
basis (which fields a summed counter is made of) all start a new run, and until the new run covers
`min_span_s` the answer is None (missing), never 0 and never negative.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Hashable

DEFAULT_WINDOW_S = 60.0


@dataclass(frozen=True, slots=True)
class WindowDelta:
    """A counter's increase over `span_s` seconds of broadcast time (span_s > 0, delta >= 0)."""

    delta: float
    span_s: float

    @property
    def per_min(self) -> float:
        return self.delta / self.span_s * 60.0


class CounterWindow:
    """Incremental sliding window over one cumulative counter: push each sample in time order."""

    def __init__(self, window_s: float = DEFAULT_WINDOW_S, min_span_s: float | None = None) -> None:
        if window_s <= 0:
            raise ValueError("window_s must be > 0")
        self.window_s = float(window_s)
        self.min_span_s = float(window_s / 2 if min_span_s is None else min_span_s)
        self._points: deque[tuple[float, float]] = deque()
        self._basis: Hashable = None

    def reset(self) -> None:
        self._points.clear()

    def push(self, ts: float, value: float | None, basis: Hashable = None) -> WindowDelta | None:
        """Add the counter's value at `ts`; return its increase over the window ending at `ts`, or None."""
        if value is None or not math.isfinite(value):
            self._points.clear()
            return None
        pts = self._points
        if pts:
            last_t, last_v = pts[-1]
            if ts <= last_t or value < last_v or ts - last_t > self.window_s or basis != self._basis:
                pts.clear()
        self._basis = basis
        pts.append((float(ts), float(value)))
        while ts - pts[0][0] > self.window_s:
            pts.popleft()
        t0, v0 = pts[0]
        span = ts - t0
        if span < self.min_span_s or span <= 0:
            return None
        return WindowDelta(value - v0, span)


def rate_per_min(delta: WindowDelta | None) -> float | None:
    """Per-minute rate of a window delta; None stays None."""
    return None if delta is None else delta.per_min


def window_ratio(num: WindowDelta | None, den: WindowDelta | None) -> float | None:
    """num / den over the same window (e.g. paid orders per entry); None if either is missing or den is 0."""
    if num is None or den is None or den.delta <= 0:
        return None
    # both windows end now; when one restarted later its span is shorter: compare like with like
    if abs(num.span_s - den.span_s) > 1e-9:
        return None
    return num.delta / den.delta


def counter_rates(
    ts: list[float] | tuple[float, ...],
    values: list[float | None] | tuple[float | None, ...],
    window_s: float = DEFAULT_WINDOW_S,
    min_span_s: float | None = None,
) -> list[float | None]:
    """Batch form: the per-minute rate at every sample of one counter (same length as the input)."""
    if len(ts) != len(values):
        raise ValueError("ts and values must have the same length")
    win = CounterWindow(window_s, min_span_s)
    return [rate_per_min(win.push(t, v)) for t, v in zip(ts, values)]
