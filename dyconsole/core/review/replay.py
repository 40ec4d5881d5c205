"""A recorded session seen up to a replay cursor (broadcast time): `ReplaySource`, what the review charts draw
from (the whole session when the cursor is at the end, so the charts' "follow live" follows a replay). The KPI
tiles at the cursor are core.review.session.ReviewTiles."""

from __future__ import annotations

import numpy as np

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
