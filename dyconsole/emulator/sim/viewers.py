"""Every viewer who entered the room: arrival second, departure second, traffic source and city/gender/age
(growable numpy columns, 12 bytes a viewer; the buying propensity is a function of gender, age and source, worked
out for the viewers asked about), plus per-second histograms of departures, of "passed 60 s" and of
"passed 3 minutes", from which concurrent viewers are counted exactly.

A viewer is present at broadcast second s when arrival <= s < departure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.emulator.sim import audience as A
from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim import traffic as T
from dyconsole.emulator.sim.columns import grow_columns

_COLUMNS: dict[str, type] = {
    "arrival": np.int32, "departure": np.int32, "source": np.int8, "city": np.int8, "gender": np.int8,
    "age": np.int8,
}


@dataclass
class Histograms:
    """Counts per broadcast second (length duration + 1)."""

    departures: np.ndarray
    one_minute: np.ndarray  # viewers whose stay passes 60 s at that second
    long_start: np.ndarray  # viewers whose stay passes 3 minutes at that second
    long_end: np.ndarray  # departures of those viewers

    def copy(self) -> "Histograms":
        return Histograms(self.departures.copy(), self.one_minute.copy(), self.long_start.copy(),
                          self.long_end.copy())


def propensity(gender: np.ndarray, age: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Buying propensity (float32) by gender, age and traffic source."""
    return A.buy_propensity(gender, age) * T.SOURCE_BUY[source].astype(np.float32)


class ViewerStore:
    def __init__(self, duration_s: int) -> None:
        self.duration_s = duration_s
        self.n = 0
        self._cap = 4096
        self._cols = {name: np.zeros(self._cap, dtype=t) for name, t in _COLUMNS.items()}
        size = duration_s + 1
        self.hist = Histograms(*(np.zeros(size, dtype=np.int64) for _ in range(4)))

    def col(self, name: str) -> np.ndarray:
        """The live part of a column (a view)."""
        return self._cols[name][: self.n]

    def propensity(self, idx: np.ndarray) -> np.ndarray:
        """How likely viewers `idx` are to buy (float32), from their gender, age and traffic source."""
        c = self._cols
        return propensity(c["gender"][idx], c["age"][idx], c["source"][idx])

    def append(self, **columns: np.ndarray) -> np.ndarray:
        """Add viewers (all columns, same length); returns their indices."""
        k = len(columns["arrival"])
        self._cap = grow_columns(self._cols, self.n, self.n + k)
        for name in _COLUMNS:
            self._cols[name][self.n:self.n + k] = columns[name]
        idx = np.arange(self.n, self.n + k)
        self.n += k
        self.count(idx, +1)
        return idx

    def count(self, idx: np.ndarray, sign: int) -> None:
        """Add (+1) or remove (-1) the histogram entries of viewers `idx` as they stand."""
        if len(idx) == 0:
            return
        arr, dep = self._cols["arrival"][idx], self._cols["departure"][idx]
        size = self.duration_s + 1
        h = self.hist
        h.departures += sign * np.bincount(dep, minlength=size)
        m = dep > arr + C.ONE_MINUTE_S
        h.one_minute += sign * np.bincount(arr[m] + C.ONE_MINUTE_S, minlength=size)
        long_ = dep > arr + C.LONG_STAY_S
        h.long_start += sign * np.bincount(arr[long_] + C.LONG_STAY_S, minlength=size)
        h.long_end += sign * np.bincount(dep[long_], minlength=size)

    def set_departures(self, idx: np.ndarray, departures: np.ndarray) -> None:
        self.count(idx, -1)
        self._cols["departure"][idx] = departures
        self.count(idx, +1)

    def truncate(self, n: int, hist: Histograms) -> None:
        """Forget viewers from index n on and restore the histograms saved with n."""
        self.n = n
        self.hist = hist.copy()

    def present_at(self, second: int, among: np.ndarray) -> np.ndarray:
        """Those of `among` present at `second`."""
        arr, dep = self._cols["arrival"][among], self._cols["departure"][among]
        return among[(arr <= second) & (dep > second)]

    def undo_departures(self, idx: np.ndarray, old: np.ndarray) -> None:
        """Put back departures changed since a snapshot (the histograms are restored separately)."""
        self._cols["departure"][idx] = old
