"""A recorded session's room polls as numpy columns, what review builds its series from: `RoomColumns` (the poll
times, which polls failed, every raw room field and the derived figures of core.derived) and `with_derived`, which
derives those figures from the raw fields when the session was stored without them (recorded before schema 9,
imported, or recorded without the live feed's derived rows). Storage reads the columns (storage.loaders);
`room_columns(samples)` makes them of samples in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dyconsole.core.derived import DERIVED_NAMES, derive_rows
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import RoomSample, RoomStatus


@dataclass(frozen=True, slots=True)
class RoomColumns:
    """One value per room poll in each array, in time order; NaN = missing (a failed poll: NaN everywhere)."""

    ts: np.ndarray  # float64 broadcast times
    gap: np.ndarray  # bool: the poll failed
    raw: dict[str, np.ndarray]  # every ROOM_METRIC_NAMES field
    derived: dict[str, np.ndarray] | None  # every DERIVED_NAMES figure; None when they were not stored
    row_ids: np.ndarray | None = None  # storage's row of each poll (to store figures derived when opening)

    def __len__(self) -> int:
        return len(self.ts)

    def samples(self, room_id: str) -> list[RoomSample]:
        """The polls rebuilt as RoomSamples (a failed poll has every value None)."""
        raw = {n: [None if v != v else v for v in self.raw[n].tolist()] for n in ROOM_METRIC_NAMES}  # NaN -> None
        gaps = self.gap.tolist()
        return [RoomSample(t, room_id, RoomStatus.UNKNOWN if gaps[k] else RoomStatus.LIVING,
                           {n: (None if gaps[k] else raw[n][k]) for n in ROOM_METRIC_NAMES})
                for k, t in enumerate(self.ts.tolist())]


def room_columns(samples: Sequence[RoomSample]) -> RoomColumns:
    """Columns of room samples in memory, in time order (a sample with no value at all is a failed poll); no derived
    figures: `with_derived` adds them."""
    ts = np.array([s.ts for s in samples], dtype=np.float64)
    gap = np.array([all(v is None for v in s.values.values()) for s in samples], dtype=bool).reshape(len(samples))
    raw = {n: np.array([None if g else s.values.get(n) for s, g in zip(samples, gap)], dtype=np.float64)
           .reshape(len(samples)) for n in ROOM_METRIC_NAMES}
    return RoomColumns(ts, gap, raw, None)


def with_derived(columns: RoomColumns, room_id: str = "") -> RoomColumns:
    """The columns with their derived figures: as stored, else derived now from the raw fields (core.derived)."""
    if columns.derived is not None:
        return columns
    rows = derive_rows(columns.samples(room_id))
    derived = {n: np.array([r[n] for r in rows], dtype=np.float64).reshape(len(rows)) for n in DERIVED_NAMES}
    return RoomColumns(columns.ts, columns.gap, columns.raw, derived, columns.row_ids)
