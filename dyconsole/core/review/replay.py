"""A recorded session seen up to a replay cursor (broadcast time): `ReplaySource`, what the review charts draw
from (the whole session when the cursor is at the end, so the charts' "follow live" follows a replay), and
`ReviewTiles`, the KPI tiles at the cursor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from dyconsole.core.derived import ENTRIES
from dyconsole.core.kpis import KpiTracker, Tile
from dyconsole.core.model import RoomSample

if TYPE_CHECKING:
    from dyconsole.core.review.session import RecordedSession


class ReplaySource:
    """A RecordedSession seen up to a cursor (broadcast time): what the review charts draw from."""

    def __init__(self, session: RecordedSession) -> None:
        self.session = session
        self.cursor = session.end

    @property
    def at_end(self) -> bool:
        return self.cursor >= self.session.end

    def span(self) -> tuple[float, float] | None:
        span = self.session.span()
        if span is None:
            return None
        return span[0], max(span[0], min(span[1], self.cursor))

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return self.session.view(name, t0, min(t1, self.cursor), max_points)


class ReviewTiles:
    """The KPI tiles at the replay cursor (core.kpis' tracker, fed forward; rebuilt when the cursor goes back)."""

    def __init__(self, session: RecordedSession) -> None:
        self.session = session
        self._reset()

    def _reset(self) -> None:
        self._tracker = KpiTracker(keep_s=3600.0)
        self._next = 0

    def prime(self, samples: Sequence[RoomSample], rows: Sequence[dict[str, float | None]]) -> None:
        """Feed the whole session from the samples it was loaded from (the cursor starts at the end)."""
        self._reset()
        for sample, row in zip(samples, rows):
            self._tracker.push(sample, row)
        self._next = len(samples)

    def tiles_at(self, ts: float, change_min: float = 5.0) -> list[Tile]:
        buf = self.session.series[ENTRIES]
        n = int(np.searchsorted(buf.ts, ts, side="right"))
        if n < self._next:
            self._reset()
        for sample, row in self.session.polls_between(self._next, n):
            self._tracker.push(sample, row)  # a gap rebuilds as all-None: the tracker skips it
        self._next = n
        return self._tracker.tiles(change_min)
