"""The viewers of the room: arrival second, departure second, traffic source and city/gender/age (growable numpy
columns, 12 bytes a row; the buying propensity is a function of gender, age and source, worked out for the viewers
asked about), plus per-second histograms of departures, of "passed 60 s" and of "passed 3 minutes", from which
concurrent viewers are counted exactly.

Memory stays flat over a long broadcast: `compact(before, keep)` drops the rows of viewers who left before a
second (nothing can change them any more) except those `keep` names (buyers), folding what the readouts still need
into tallies: their numbers by source/city/gender/age and the total and count of their stays. A viewer keeps its
index (the order in which viewers entered: `n` so far) for life; rows are positions in the columns (`gid` maps them
to indices), stable between two compactions.

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

#: code columns whose counts outlive the rows (audience breakdowns by who entered, flow by source)
_CODES: tuple[str, ...] = ("source", "city", "gender", "age")


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
        self.n = 0  # viewers so far (indices 0..n-1)
        self.rows = 0  # rows held
        self._cap = 4096
        self._cols = {name: np.zeros(self._cap, dtype=t) for name, t in _COLUMNS.items()}
        self._cols["gid"] = np.zeros(self._cap, dtype=np.int64)
        size = duration_s + 1
        self.hist = Histograms(*(np.zeros(size, dtype=np.int64) for _ in range(4)))
        self._gone_codes = {name: np.zeros(0, dtype=np.int64) for name in _CODES}
        self._gone_stay = 0  # total stay (s) of the viewers compacted away
        self._gone_count = 0

    def col(self, name: str) -> np.ndarray:
        """A column of the rows held (a view); "gid" gives each row's viewer index."""
        return self._cols[name][: self.rows]

    def values(self, name: str, gids: np.ndarray) -> np.ndarray:
        """A column's values for viewers by index (they must be held: buyers always are)."""
        rows = np.searchsorted(self.col("gid"), gids)
        return self.col(name)[rows]

    def code_counts(self, name: str, minlength: int) -> np.ndarray:
        """How many viewers ever entered, by their code in column `name` (source, city, gender, age)."""
        held = np.bincount(self.col(name).astype(np.int64), minlength=minlength)
        gone = self._gone_codes[name]
        held[:len(gone)] += gone
        return held

    def gone_stays(self, by: int) -> tuple[int, int]:
        """(total stay in seconds, count) of the viewers who left by broadcast second `by`."""
        arrival, departure = self.col("arrival"), self.col("departure")
        gone = departure <= by
        return (int((departure[gone].astype(np.int64) - arrival[gone]).sum()) + self._gone_stay,
                int(gone.sum()) + self._gone_count)

    def propensity(self, rows: np.ndarray) -> np.ndarray:
        """How likely the viewers of `rows` are to buy (float32), from their gender, age and traffic source."""
        c = self._cols
        return propensity(c["gender"][rows], c["age"][rows], c["source"][rows])

    def append(self, **columns: np.ndarray) -> np.ndarray:
        """Add viewers (all columns, same length); returns their rows."""
        k = len(columns["arrival"])
        self._cap = grow_columns(self._cols, self.rows, self.rows + k)
        for name in _COLUMNS:
            self._cols[name][self.rows:self.rows + k] = columns[name]
        self._cols["gid"][self.rows:self.rows + k] = np.arange(self.n, self.n + k)
        rows = np.arange(self.rows, self.rows + k)
        self.n += k
        self.rows += k
        self.count(rows, +1)
        return rows

    def compact(self, before: int, keep: np.ndarray) -> None:
        """Drop the rows of viewers who left by broadcast second `before`, except the viewer indices in `keep`."""
        arrival, departure, gid = self.col("arrival"), self.col("departure"), self.col("gid")
        drop = (departure <= before) & ~np.isin(gid, keep)
        if not drop.any():
            return
        for name in _CODES:
            counts = np.bincount(self.col(name)[drop].astype(np.int64))
            gone = self._gone_codes[name]
            if len(counts) > len(gone):
                gone = np.concatenate([gone, np.zeros(len(counts) - len(gone), dtype=np.int64)])
            gone[:len(counts)] += counts
            self._gone_codes[name] = gone
        self._gone_stay += int((departure[drop].astype(np.int64) - arrival[drop]).sum())
        self._gone_count += int(drop.sum())
        kept = ~drop
        n_kept = int(kept.sum())
        for name, arr in self._cols.items():
            arr[:n_kept] = arr[:self.rows][kept]
        self.rows = n_kept

    def count(self, rows: np.ndarray, sign: int) -> None:
        """Add (+1) or remove (-1) the histogram entries of the viewers of `rows` as they stand."""
        if len(rows) == 0:
            return
        arr, dep = self._cols["arrival"][rows], self._cols["departure"][rows]
        size = self.duration_s + 1
        h = self.hist
        h.departures += sign * np.bincount(dep, minlength=size)
        m = dep > arr + C.ONE_MINUTE_S
        h.one_minute += sign * np.bincount(arr[m] + C.ONE_MINUTE_S, minlength=size)
        long_ = dep > arr + C.LONG_STAY_S
        h.long_start += sign * np.bincount(arr[long_] + C.LONG_STAY_S, minlength=size)
        h.long_end += sign * np.bincount(dep[long_], minlength=size)

    def set_departures(self, rows: np.ndarray, departures: np.ndarray) -> None:
        self.count(rows, -1)
        self._cols["departure"][rows] = departures
        self.count(rows, +1)

    def truncate(self, n: int, hist: Histograms) -> None:
        """Forget viewers from index n on and restore the histograms saved with n (no compaction in between)."""
        self.rows = int(np.searchsorted(self.col("gid"), n))
        self.n = n
        self.hist = hist.copy()

    def present_rows(self, second: int) -> np.ndarray:
        """The rows of the viewers present at `second`."""
        arr, dep = self.col("arrival"), self.col("departure")
        return np.nonzero((arr <= second) & (dep > second))[0]

    def undo_departures(self, rows: np.ndarray, old: np.ndarray) -> None:
        """Put back departures changed since a snapshot (the histograms are restored separately)."""
        self._cols["departure"][rows] = old
