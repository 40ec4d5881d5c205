"""A short history of a pair of cumulative counters (e.g. paid orders and entries, or a product's clicks and
impressions), for counts over sliding windows of broadcast time.

Counts over a window are differences of cumulative values, so a gap in polling does not lose events (the
difference across the gap is still the true count). A counter that goes down is a reset (a new session or a
source that restarted): the history restarts from that point rather than producing negative counts.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np


class CounterHistory:
    """(ts, a, b) points of two cumulative counters, kept for `horizon_s` broadcast seconds (plus one older point)."""

    def __init__(self, horizon_s: float) -> None:
        self.horizon_s = float(horizon_s)
        self._ts: list[float] = []
        self._a: list[float] = []
        self._b: list[float] = []

    def __len__(self) -> int:
        return len(self._ts)

    @property
    def newest_ts(self) -> float | None:
        return self._ts[-1] if self._ts else None

    @property
    def oldest_ts(self) -> float | None:
        return self._ts[0] if self._ts else None

    def add(self, ts: float, a: float, b: float) -> None:
        """Append a point. An older timestamp is ignored; the same timestamp replaces; a decrease restarts."""
        if self._ts:
            if ts < self._ts[-1]:
                return
            if a < self._a[-1] or b < self._b[-1]:
                self.clear()
            elif ts == self._ts[-1]:
                self._a[-1], self._b[-1] = a, b
                return
        self._ts.append(ts)
        self._a.append(a)
        self._b.append(b)
        self._prune()

    def clear(self) -> None:
        self._ts.clear()
        self._a.clear()
        self._b.clear()

    def _prune(self) -> None:
        cutoff = self._ts[-1] - self.horizon_s
        keep_from = bisect_right(self._ts, cutoff) - 1  # keep the last point at or before the cutoff
        if keep_from > 64:  # prune in chunks: amortized O(1) per add
            del self._ts[:keep_from], self._a[:keep_from], self._b[:keep_from]

    def index_at(self, ts: float) -> int | None:
        """Index of the latest point at or before `ts`, or None when the history does not reach back that far."""
        i = bisect_right(self._ts, ts) - 1
        return i if i >= 0 else None

    def delta(self, since_ts: float, until_ts: float | None = None) -> tuple[float, float] | None:
        """Counts (da, db) between the points at or before `since_ts` and `until_ts` (default: the newest)."""
        if not self._ts:
            return None
        i = self.index_at(since_ts)
        j = len(self._ts) - 1 if until_ts is None else self.index_at(until_ts)
        if i is None or j is None or j < i:
            return None
        return self._a[j] - self._a[i], self._b[j] - self._b[i]

    def point(self, index: int) -> tuple[float, float, float]:
        return self._ts[index], self._a[index], self._b[index]

    def arrays(self, since_ts: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The points from the one at or before `since_ts` (default: all) as arrays (ts, a, b)."""
        i = 0
        if since_ts is not None:
            found = self.index_at(since_ts)
            i = 0 if found is None else found
        return np.asarray(self._ts[i:]), np.asarray(self._a[i:]), np.asarray(self._b[i:])
