"""Where a growing series holds NaN (its gaps), kept as runs: what a decimated view finds its breaks from
(core.decimate). Samples are rarely NaN, so a few numbers a run instead of a count per sample."""

from __future__ import annotations

import numpy as np

from dyconsole.core.grow_array import GrowArray


class NanRuns:
    """Where a growing series holds NaN, as runs (start, length), in order: what the gaps of a view are found
    from. `count(i)`: the NaN samples among the first i; `first_at_or_after(i)`: the first NaN at index >= i."""

    def __init__(self) -> None:
        self._start, self._end = GrowArray(np.int64, 16), GrowArray(np.int64, 16)  # runs [start, end)
        self._before = GrowArray(np.int64, 16)  # NaN samples in the runs before each run
        self.seen = 0  # samples scanned

    def __len__(self) -> int:
        return self._start.n

    def scan(self, values: np.ndarray) -> None:
        """Take in the samples after those already seen."""
        n = len(values)
        if n <= self.seen:
            return
        nan = np.isnan(values[self.seen:n])
        if nan.any():
            edges = np.flatnonzero(np.diff(np.concatenate(([False], nan, [False])).view(np.int8)))
            starts, ends = edges[0::2] + self.seen, edges[1::2] + self.seen
            if self._end.n and starts[0] == self._end.data[self._end.n - 1]:  # the last run goes on
                self._end.data[self._end.n - 1] = ends[0]
                starts, ends = starts[1:], ends[1:]
            if len(starts):
                last = self._end.n - 1
                total = int(self._before.data[last] + self._end.data[last] - self._start.data[last]) if last >= 0 \
                    else 0
                lengths = ends - starts
                self._before.extend(total + np.concatenate(([0], np.cumsum(lengths)[:-1])))
                self._start.extend(starts)
                self._end.extend(ends)
        self.seen = n

    def count(self, i: np.ndarray | int) -> np.ndarray:
        """NaN samples among raw indices [0, i) for each i."""
        i = np.asarray(i, dtype=np.int64)
        start = self._start.view
        r = np.searchsorted(start, i, side="left") - 1  # the last run starting before i
        if not len(start):
            return np.zeros(i.shape, dtype=np.int64)
        rr = np.maximum(r, 0)
        inside = np.minimum(i, self._end.view[rr]) - start[rr]
        return np.where(r >= 0, self._before.view[rr] + inside, 0)

    def first_at_or_after(self, i: np.ndarray) -> np.ndarray:
        """The first NaN index >= i for each i (each must have one: count(j) > count(i) for some j)."""
        r = np.searchsorted(self._end.view, i, side="right")  # the first run ending after i
        return np.maximum(self._start.view[r], i)

    def as_counts(self) -> np.ndarray:
        """count(i) for every i in 0..seen (what a reader given a per-sample count wants; tests)."""
        return self.count(np.arange(self.seen + 1))
