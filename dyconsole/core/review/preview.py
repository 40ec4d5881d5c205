"""What the review charts paint first while the rest of a session loads: `ChartsPreview`, the session's summary and
the room columns the charts draw (as stored: the raw fields and the derived figures), nothing else.

It is the charts' SeriesSource over the same columns the full session keeps, decimated by the same SeriesSet.view,
so its curves are the full session's curves at the cursor's start position (the end: the whole session), point for
point; the full load (core.review.session.RecordedSession) replaces it and brings the cursor, replay, tiles, markers
and side panels. Storage reads it (storage.recorded_session.load_charts_preview).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.core.derived import ONLINE_IS_ESTIMATE
from dyconsole.core.series import SeriesSet
from dyconsole.core.session_records import SessionSummary



class SessionCharts:
    """What the review charts read of a session, over its `summary` and its room polls' `series` (a SeriesSet):
    shared by the preview and the whole session (core.review.session.RecordedSession), so both give the same start,
    length and curves."""

    __slots__ = ()
    summary: SessionSummary
    series: SeriesSet

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def start(self) -> float:
        """Broadcast time of minute 0: the session's start (else its first poll)."""
        if self.summary.started_at is not None:
            return float(self.summary.started_at)
        span = self.series.span()
        return span[0] if span else 0.0

    @property
    def end(self) -> float:
        """Broadcast time of the last room poll."""
        span = self.series.span()
        return span[1] if span else self.start

    @property
    def length_s(self) -> float | None:
        """The session's length as the sessions list gives it: start to its stored end (else its last poll)."""
        if self.summary.ended_at is not None:
            return max(0.0, float(self.summary.ended_at) - self.start)
        return self.end - self.start if self.span() else None

    @property
    def online_is_estimate(self) -> bool:
        """Whether the session's online figures are the console's estimate (its source had no real count; False
        when the column was not read)."""
        if ONLINE_IS_ESTIMATE not in self.series:
            return False
        return bool(np.any(self.series[ONLINE_IS_ESTIMATE].values == 1.0))

    def span(self) -> tuple[float, float] | None:
        return self.series.span()

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return self.series.view(name, t0, t1, max_points)


@dataclass(slots=True)
class ChartsPreview(SessionCharts):
    """A session's summary and the chart series of its room polls (gaps NaN), whole session."""

    summary: SessionSummary
    series: SeriesSet


def charts_preview(summary: SessionSummary, ts: np.ndarray, columns: dict[str, np.ndarray]) -> ChartsPreview:
    """A preview of the poll times `ts` and one array per series name (same length, NaN = no value)."""
    series = SeriesSet(tuple(columns))
    for name, values in columns.items():
        series[name].extend(ts, values)
    return ChartsPreview(summary, series)


class NoData:
    """The SeriesSource of charts that have no session yet: nothing to draw."""

    def span(self) -> tuple[float, float] | None:
        return None

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return np.empty(0), np.empty(0)
