"""Series buffers for the charts: the whole session kept in memory, drawn at screen resolution.

A `SeriesBuffer` holds timestamps (broadcast epoch seconds, non-decreasing) and values (NaN = gap, never 0) in
amortised-growth numpy arrays, with a min/max pyramid (core.decimate) updated on every append, so
`view(t0, t1, max_points)` costs the same after 8 hours as after 1. A `SeriesSet` is named buffers fed from one
poll at a time: they share one time axis (`TimeAxis`, the timestamps kept once for the whole set, not once a
series). A buffer of a set reads the first len(buffer) timestamps of the axis; appended alone it still works: at
the axis's end it lengthens the axis, behind it it must bring the timestamp the axis already holds there, else it
takes a copy of the axis for itself from then on (the set's other buffers are not affected: an axis only grows).
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

import numpy as np

from dyconsole.core.decimate import MinMaxPyramid, decimated_view
from dyconsole.core.grow_array import GrowArray


def _as_float(v: float | None) -> float:
    if v is None:
        return math.nan
    f = float(v)
    return f if math.isfinite(f) else math.nan


class TimeAxis:
    """Timestamps shared by the buffers of a SeriesSet: appended only, never changed once written."""

    def __init__(self, ts: np.ndarray | None = None) -> None:
        self._t = GrowArray()
        if ts is not None and len(ts):
            self._t.extend(ts)

    def __len__(self) -> int:
        return self._t.n

    def head(self, n: int) -> np.ndarray:
        """The first n timestamps (a view)."""
        return self._t.data[:n]

    def at(self, i: int) -> float:
        return float(self._t.data[i])

    def append(self, ts: float) -> None:
        self._t.append(ts)

    def extend(self, ts: np.ndarray) -> None:
        self._t.extend(ts)


class SeriesBuffer:
    """One metric over the whole session: append in time order, view decimated. `axis` is the time axis it
    shares with the other buffers of its set (None: a time axis of its own)."""

    def __init__(self, name: str = "", axis: TimeAxis | None = None) -> None:
        self.name = name
        self._axis = axis if axis is not None else TimeAxis()
        self._v = GrowArray()
        self._pyramid = MinMaxPyramid()

    def __len__(self) -> int:
        return self._v.n

    @property
    def _t(self) -> np.ndarray:
        return self._axis.head(self._v.n)

    @property
    def ts(self) -> np.ndarray:
        """The timestamps (a read-only view; do not keep it across appends)."""
        out = self._t
        out.flags.writeable = False
        return out

    def shares_axis_with(self, other: SeriesBuffer) -> bool:
        """Whether the two buffers read their timestamps from one time axis (memory: one axis per set)."""
        return self._axis is other._axis

    def _take_ts(self, t: np.ndarray) -> None:
        """Put timestamps t (already checked to be in order) after this buffer's: on the shared axis where it
        already holds them or ends here, else on a copy of the axis of its own."""
        n, axis = self._v.n, self._axis
        m = min(len(t), len(axis) - n)  # how many of t the axis already has a timestamp for
        if m == 1 and axis.at(n) == t[0] or m > 1 and np.array_equal(axis.head(n + m)[n:], t[:m]):
            if len(t) > m:  # then the axis ends at n + m: lengthen it
                axis.extend(t[m:])
            return
        if m <= 0:
            axis.extend(t)
            return
        self._axis = TimeAxis(axis.head(n))  # diverges from the set's axis: its own from now on
        self._axis.extend(t)

    @property
    def values(self) -> np.ndarray:
        out = self._v.view
        out.flags.writeable = False
        return out

    def append(self, ts: float, value: float | None) -> None:
        """Add one point; None (or a non-finite number) is a gap. Timestamps must not go backwards."""
        n, axis, t = self._v.n, self._axis, float(ts)
        if n and t < axis.at(n - 1):
            raise ValueError(f"{self.name}: timestamp {ts} is before the last one {axis.at(n - 1)}")
        if len(axis) == n:
            axis.append(t)
        elif axis.at(n) != t:
            self._take_ts(np.array([t]))
        self._append_value(value)

    def _append_value(self, value: float | None) -> None:
        """The value at the axis's next timestamp (SeriesSet.append put it there for the whole set)."""
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
        n = self._v.n
        if np.any(np.diff(t) < 0) or (n and t[0] < self._axis.at(n - 1)):
            raise ValueError(f"{self.name}: timestamps must not go backwards")
        self._take_ts(t)
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
        return self._axis.at(i), float(v[i])

    def value_at(self, ts: float) -> float | None:
        """The value of the last point at or before `ts` (None if none, or if that point is a gap)."""
        i = int(np.searchsorted(self._t, ts, side="right")) - 1
        if i < 0:
            return None
        v = float(self._v.data[i])
        return v if math.isfinite(v) else None

    def index_range(self, t0: float, t1: float) -> tuple[int, int]:
        t = self._t
        return int(np.searchsorted(t, t0, side="left")), int(np.searchsorted(t, t1, side="right"))

    def view(self, t0: float, t1: float, max_points: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        """Points with t0 <= ts <= t1, decimated to about `max_points` (2 per pixel bucket: its min and max in
        time order; a gap stays a NaN break). Returns fresh arrays (x, y)."""
        i0, i1 = self.index_range(t0, t1)
        return decimated_view(self._t, self._v.view, self._pyramid, i0, i1, max(2, int(max_points)))


class SeriesSet:
    """Named series fed together, one poll at a time (the shared time axis of a chart panel)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._axis = TimeAxis()
        self._buffers: dict[str, SeriesBuffer] = {n: SeriesBuffer(n, self._axis) for n in names}
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
        n, axis, t = len(self._axis), self._axis, float(ts)
        if all(len(b) == n and b._axis is axis for b in self._buffers.values()):  # the usual case: in step
            if n and t < axis.at(n - 1):
                raise ValueError(f"timestamp {ts} is before the last one {axis.at(n - 1)}")
            axis.append(t)
            for name, buf in self._buffers.items():
                buf._append_value(values.get(name))
            return
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
