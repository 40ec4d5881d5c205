"""The simulator's per-second record, kept in constant memory: running totals of every per-second column up to the
chunk being stepped, that chunk's rows, and the few per-second columns the ground truth reads whole (entries,
concurrent, long stay, spend: 32 bytes a broadcast second).

The totals are folded row by row in time order, the order in which numpy's `sum(axis=0)` of the whole table adds
them, so every figure is the same to the last bit as summing a whole-broadcast table (the simulator's outputs stay
identical for a seed). A chunk may be stepped in parts and re-stepped from its start (engine snapshots): its rows
are only folded into the totals once the next chunk begins.
"""

from __future__ import annotations

import numpy as np

#: per-second columns kept whole (the ground truth reads them per second or sums them as a column)
KEPT: tuple[str, ...] = ("entries", "concurrent", "long_stay", "spend")


class SecondTally:
    def __init__(self, columns: tuple[str, ...], chunk_s: int, duration_s: int, n_sources: int,
                 n_products: int) -> None:
        self.col = {name: i for i, name in enumerate(columns)}
        self._chunk_s = chunk_s
        self._c0 = 0  # first broadcast second of the rows held
        self._rows = np.zeros((chunk_s, len(columns)))
        self._rows_source = np.zeros((chunk_s, n_sources), dtype=np.int64)
        self._rows_impressions = np.zeros((chunk_s, n_products), dtype=np.int32)
        self._rows_clicks = np.zeros((chunk_s, n_products), dtype=np.int32)
        self._done = np.zeros(len(columns))  # sums of every second before _c0
        self._done_source = np.zeros(n_sources, dtype=np.int64)
        self._done_impressions = np.zeros(n_products, dtype=np.int64)
        self._done_clicks = np.zeros(n_products, dtype=np.int64)
        self._kept = np.zeros((duration_s, len(KEPT)))
        self._kept_index = [self.col[name] for name in KEPT]

    def begin_chunk(self, c0: int) -> None:
        """The chunk from `c0` is about to be stepped: fold the rows of the chunk before it into the totals."""
        if c0 == self._c0:
            return
        k = c0 - self._c0
        assert 0 < k <= self._chunk_s, (self._c0, c0)
        self._done = _fold(self._done, self._rows[:k])
        self._done_source += self._rows_source[:k].sum(axis=0)
        self._done_impressions += self._rows_impressions[:k].sum(axis=0)
        self._done_clicks += self._rows_clicks[:k].sum(axis=0)
        self._c0 = c0

    def write(self, c0: int, c1: int, sec: np.ndarray, source: np.ndarray, impressions: np.ndarray,
              clicks: np.ndarray) -> None:
        """The rows of broadcast seconds [c0, c1) of the chunk being stepped."""
        lo, hi = c0 - self._c0, c1 - self._c0
        self._rows[lo:hi] = sec
        self._rows_source[lo:hi] = source
        self._rows_impressions[lo:hi] = impressions
        self._rows_clicks[lo:hi] = clicks
        self._kept[c0:c1] = sec[:, self._kept_index]

    def sums(self, e: int) -> np.ndarray:
        """Each per-second column summed over broadcast seconds [0, e)."""
        return _fold(self._done, self._rows[:self._held(e)])

    def source_sums(self, e: int) -> np.ndarray:
        return self._done_source + self._rows_source[:self._held(e)].sum(axis=0)

    def product_sums(self, e: int) -> tuple[np.ndarray, np.ndarray]:
        """Product impressions and clicks over [0, e), per product."""
        k = self._held(e)
        return (self._done_impressions + self._rows_impressions[:k].sum(axis=0),
                self._done_clicks + self._rows_clicks[:k].sum(axis=0))

    def column(self, name: str, e: int) -> np.ndarray:
        """A kept column's values for broadcast seconds [0, e) (a view)."""
        return self._kept[:e, KEPT.index(name)]

    def value(self, name: str, second: int) -> float:
        """One kept column's value at a broadcast second."""
        return float(self._kept[second, KEPT.index(name)])

    def _held(self, e: int) -> int:
        k = e - self._c0
        assert 0 <= k <= self._chunk_s, (self._c0, e)
        return k


def _fold(total: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`total` plus each row in turn (a new array): the association of a whole table's sum over its rows."""
    out = total.copy()
    for row in rows:
        out += row
    return out
