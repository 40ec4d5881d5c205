"""Series buffers for the charts: the whole session kept in memory, drawn at screen resolution.

A `SeriesBuffer` holds timestamps (broadcast epoch seconds, non-decreasing) and values (NaN = gap, never 0) in
amortised-growth numpy arrays, with a min/max pyramid (core.decimate) updated on every append, so
`view(t0, t1, max_points)` costs the same after 8 hours as after 1. A `SeriesSet` is named buffers fed from one
poll at a time (one shared time axis).
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

import numpy as np

from dyconsole.core.decimate import GrowArray, MinMaxPyramid, decimated_view


def _as_float(v: float | None) -> float:
    if v is None:
        return math.nan
    f = float(v)
    return f if math.isfinite(f) else math.nan


class SeriesBuffer:
    """One metric over the whole session: append in time order, view decimated."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._ts = GrowArray()
        self._v = GrowArray()
        self._pyramid = MinMaxPyramid()

    def __len__(self) -> int:
        return self._ts.n

    @property
    def ts(self) -> np.ndarray:
        """The timestamps (a read-only view; do not keep it across appends)."""
        out = self._ts.view
        out.flags.writeable = False
        return out

    @property
    def values(self) -> np.ndarray:
        out = self._v.view
        out.flags.writeable = False
        return out

    def append(self, ts: float, value: float | None) -> None:
        """Add one point; None (or a non-finite number) is a gap. Timestamps must not go backwards."""
        n = self._ts.n
        if n and ts < self._ts.data[n - 1]:
            raise ValueError(f"{self.name}: timestamp {ts} is before the last one {self._ts.data[n - 1]}")
        self._ts.append(float(ts))
        self._v.append(_as_float(value))
        self._pyramid.update(self._v.view)

    def extend(self, ts: Sequence[float] | np.ndarray, values: Iterable[float | None] | np.ndarray) -> None:
        """Add many points at once (opening a stored session): same result as appending them one by one."""
        t = np.asarray(ts, dtype=np.float64)
        v = np.array([_as_float(x) for x in values], dtype=np.float64) if not isinstance(values, np.ndarray) \
            else np.where(np.isfinite(values), values, np.nan).astype(np.float64)
        if len(t) != len(v):
            raise ValueError("ts and values must have the same length")
        if len(t) == 0:
            return
        if np.any(np.diff(t) < 0) or (self._ts.n and t[0] < self._ts.data[self._ts.n - 1]):
            raise ValueError(f"{self.name}: timestamps must not go backwards")
        self._ts.extend(t)
        self._v.extend(v)
        self._pyramid.update(self._v.view)

    def last(self) -> tuple[float, float] | None:
        """The last point with a finite value, or None."""
        v = self._v.view
        idx = np.flatnonzero(np.isfinite(v[-1:])) if len(v) else np.empty(0, dtype=np.int64)
        i = len(v) - 1 if len(idx) else -1
        if i < 0:
            finite = np.flatnonzero(np.isfinite(v))
            if len(finite) == 0:
                return None
            i = int(finite[-1])
        return float(self._ts.data[i]), float(v[i])

    def value_at(self, ts: float) -> float | None:
        """The value of the last point at or before `ts` (None if none, or if that point is a gap)."""
        i = int(np.searchsorted(self._ts.view, ts, side="right")) - 1
        if i < 0:
            return None
        v = float(self._v.data[i])
        return v if math.isfinite(v) else None

    def index_range(self, t0: float, t1: float) -> tuple[int, int]:
        t = self._ts.view
        return int(np.searchsorted(t, t0, side="left")), int(np.searchsorted(t, t1, side="right"))

    def view(self, t0: float, t1: float, max_points: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        """Points with t0 <= ts <= t1, decimated to about `max_points` (2 per pixel bucket: its min and max in
        time order; a gap stays a NaN break). Returns fresh arrays (x, y)."""
        i0, i1 = self.index_range(t0, t1)
        return decimated_view(self._ts.view, self._v.view, self._pyramid, i0, i1, max(2, int(max_points)))


class SeriesSet:
    """Named series fed together, one poll at a time (the shared time axis of a chart panel)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._buffers: dict[str, SeriesBuffer] = {n: SeriesBuffer(n) for n in names}
        if not self._buffers:
            raise ValueError("a SeriesSet needs at least one name")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._buffers)

    def __getitem__(self, name: str) -> SeriesBuffer:
        return self._buffers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._buffers

    def __len__(self) -> int:
        return len(next(iter(self._buffers.values())))

    def append(self, ts: float, values: Mapping[str, float | None]) -> None:
        """One poll: every buffer gets a point at `ts` (a name missing from `values` is a gap)."""
        for name, buf in self._buffers.items():
            buf.append(ts, values.get(name))

    def extend_rows(self, ts: Sequence[float], rows: Sequence[Mapping[str, float | None]]) -> None:
        for name, buf in self._buffers.items():
            buf.extend(ts, [r.get(name) for r in rows])

    def span(self) -> tuple[float, float] | None:
        ts = next(iter(self._buffers.values())).ts
        return (float(ts[0]), float(ts[-1])) if len(ts) else None

    def view(self, name: str, t0: float, t1: float, max_points: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        return self._buffers[name].view(t0, t1, max_points)
