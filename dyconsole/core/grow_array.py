"""A 1-D numpy array that grows by appends at amortised O(1) (the series' times and values, the pyramid's levels,
the runs of gaps)."""

from __future__ import annotations

import numpy as np


class GrowArray:
    """An amortised-growth 1-D numpy array: its capacity grows by a quarter (at least 16), so it holds at most a
    quarter more than its data, and an append still costs O(1) amortised."""

    def __init__(self, dtype: type = np.float64, capacity: int = 256) -> None:
        self.data = np.empty(capacity, dtype=dtype)
        self.n = 0

    def _reserve(self, extra: int) -> None:
        need = self.n + extra
        if need > len(self.data):
            cap = max(need, len(self.data) + len(self.data) // 4 + 16)
            new = np.empty(cap, dtype=self.data.dtype)
            new[: self.n] = self.data[: self.n]
            self.data = new

    def append(self, v: float) -> None:
        if self.n == len(self.data):
            self._reserve(1)
        self.data[self.n] = v
        self.n += 1

    def extend(self, vs: np.ndarray) -> None:
        self._reserve(len(vs))
        self.data[self.n : self.n + len(vs)] = vs
        self.n += len(vs)

    @property
    def view(self) -> np.ndarray:
        return self.data[: self.n]
