"""One recorded session, loaded for review: `RecordedSession`, its KPI tiles at a replay cursor (`ReviewTiles`)
and `recorded_session(...)`, which assembles it from the records storage reads back (storage.recorded_session
does the reading: the room polls as core.review.room_columns.RoomColumns, with their stored derived figures).

It keeps the same series the live feed keeps (raw room fields + core.derived rows), the products as a
core.products.history.ProductHistory, the flow / audience snapshots, events, alerts and gaps; it implements the charts'
SeriesSource for the whole session and answers "what was it at time t" for every review tab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from dyconsole.core.derived import DERIVED_NAMES, ENTRIES, ONLINE_IS_ESTIMATE
from dyconsole.core.feed import Gap
from dyconsole.core.kpis import KpiTracker, Tile
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import AudienceSample, FlowSample, RoomSample, RoomStatus
from dyconsole.core.products.history import ProductHistory, ProductRow
from dyconsole.core.review.preview import SessionCharts
from dyconsole.core.review.room_columns import RoomColumns, with_derived
from dyconsole.core.roi_projection import SessionRoi7
from dyconsole.core.series import SeriesSet
from dyconsole.core.session_records import SessionEvent, SessionSummary, StoredAlert, VariantSlot

#: the series a reviewed session keeps: every derived metric and every raw room field (the funnel, the tiles and
#: the charts at any cursor are rebuilt from them; the room samples themselves are not kept)
REVIEW_SERIES: tuple[str, ...] = DERIVED_NAMES + tuple(n for n in ROOM_METRIC_NAMES if n not in DERIVED_NAMES)


def _latest_at(samples: Sequence[FlowSample] | Sequence[AudienceSample], times: np.ndarray, ts: float,
               key: Callable) -> dict:  # type: ignore[type-arg]
    """The latest sample of each key at or before `ts` (samples in time order)."""
    out: dict = {}  # type: ignore[type-arg]
    for s in samples[: int(np.searchsorted(times, ts, side="right"))]:
        out[key(s)] = s
    return out


@dataclass(slots=True)
class RecordedSession(SessionCharts):
    """One recorded session, loaded for review. Implements the charts' SeriesSource (whole session; the start,
    length and curves are SessionCharts', as the preview's)."""

    summary: SessionSummary
    series: SeriesSet
    products: ProductHistory
    flow: list[FlowSample]
    audience: list[AudienceSample]
    events: list[SessionEvent]
    alerts: list[StoredAlert]
    gaps: list[Gap]
    tiles: ReviewTiles | None = None  # the KPI tiles, primed at the end by recorded_session()
    roi7: SessionRoi7 | None = None  # the 7-day ROI, settled or projected (set by the loader from the database)
    slots: list[VariantSlot] = field(default_factory=list)  # the A/B slots it ran (set by the loader)
    shipments: list[Any] = field(default_factory=list)  # the shop's deliveries (core.delivery.Shipment; the loader)
    _flow_ts: np.ndarray = field(default_factory=lambda: np.empty(0))
    _audience_ts: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        self._flow_ts = np.array([s.ts for s in self.flow], dtype=np.float64)
        self._audience_ts = np.array([s.ts for s in self.audience], dtype=np.float64)

    def sample_at(self, ts: float) -> RoomSample | None:
        """The last good room sample at or before `ts`, rebuilt from the series."""
        i = self._last_good_index(ts)
        return None if i is None else self.sample_from_index(i)

    def _last_good_index(self, ts: float) -> int | None:
        buf = self.series[ENTRIES]
        n = int(np.searchsorted(buf.ts, ts, side="right"))
        good = np.flatnonzero(np.isfinite(buf.values[:n]))
        return int(good[-1]) if len(good) else None

    def sample_from_index(self, i: int) -> RoomSample:
        """Room poll `i` rebuilt from the series (a gap comes back with every value None)."""
        return next(self.polls_between(i, i + 1))[0]

    def polls_between(self, i0: int, i1: int) -> Iterator[tuple[RoomSample, dict[str, float | None]]]:
        """Room polls i0..i1-1 rebuilt from the series as (sample, derived row); a gap has every value None."""
        ts = self.series[ENTRIES].ts[i0:i1].tolist()
        raw = {n: self.series[n].values[i0:i1].tolist() for n in ROOM_METRIC_NAMES}
        derived = {n: self.series[n].values[i0:i1].tolist() for n in DERIVED_NAMES}
        room = self.summary.room_id
        for k, t in enumerate(ts):
            values = {n: (None if v[k] != v[k] else v[k]) for n, v in raw.items()}  # NaN -> None
            row = {n: (None if v[k] != v[k] else v[k]) for n, v in derived.items()}
            yield RoomSample(t, room, RoomStatus.LIVING, values), row

    def products_at(self, ts: float) -> list[ProductRow]:
        return self.products.at(ts)

    def flow_at(self, ts: float) -> dict[str, FlowSample]:
        return _latest_at(self.flow, self._flow_ts, ts, lambda s: s.by)

    def audience_at(self, ts: float) -> dict[tuple[str, str], AudienceSample]:
        return _latest_at(self.audience, self._audience_ts, ts, lambda s: (s.action_event, s.dimension))

    def minute(self, ts: float) -> float:
        return (ts - self.start) / 60.0


class ReviewTiles:
    """The KPI tiles at the replay cursor (core.kpis' tracker, fed forward; rebuilt when the cursor goes back)."""

    def __init__(self, session: RecordedSession) -> None:
        self.session = session
        self._reset()

    def _reset(self) -> None:
        self._tracker = KpiTracker(keep_s=3600.0)
        self._next = 0

    def prime(self) -> None:
        """Feed the tracker to the session's end (the cursor starts there): the polls of the last `keep_s` before
        the last good poll (all a tile's change looks back at), after the peak online of the polls before them;
        the same tiles as feeding every poll, without rebuilding them all."""
        self._reset()
        series = self.session.series
        n = len(series)
        good = np.zeros(n, dtype=bool)
        for name in ROOM_METRIC_NAMES:  # a poll is a gap when it has no value at all (core.derived.is_gap)
            good |= np.isfinite(series[name].values)
        last = np.flatnonzero(good)
        if len(last):
            ts = series[ENTRIES].ts
            i0 = int(np.searchsorted(ts, ts[last[-1]] - self._tracker.keep_s, side="left"))
            online = np.where(good[:i0], series["online"].values[:i0], np.nan)
            if np.isfinite(online).any():
                k = int(np.nanargmax(online))  # the first poll that reached the peak set it
                self._tracker.seed_peak(float(online[k]), bool(series[ONLINE_IS_ESTIMATE].values[k] == 1.0))
            for sample, row in self.session.polls_between(i0, n):
                self._tracker.push(sample, row)
        self._next = n

    def tiles_at(self, ts: float, change_min: float = 5.0) -> list[Tile]:
        buf = self.session.series[ENTRIES]
        n = int(np.searchsorted(buf.ts, ts, side="right"))
        if n < self._next:
            self._reset()
        for sample, row in self.session.polls_between(self._next, n):
            self._tracker.push(sample, row)  # a gap rebuilds as all-None: the tracker skips it
        self._next = n
        return self._tracker.tiles(change_min)


def recorded_session(summary: SessionSummary, room: RoomColumns, products: ProductHistory, flow: list[FlowSample],
                     audience: list[AudienceSample], events: list[SessionEvent], alerts: list[StoredAlert],
                     gaps: list[Gap]) -> RecordedSession:
    """A RecordedSession from a session's stored records: its room polls as columns (derived here only when they
    were stored without their derived figures), its product history and the rest as read back."""
    room = with_derived(room, summary.room_id)
    assert room.derived is not None
    series = SeriesSet(REVIEW_SERIES)
    for name in REVIEW_SERIES:  # whole columns at once: the buffers' fast path
        series[name].extend(room.ts, room.derived[name] if name in DERIVED_NAMES else room.raw[name])
    session = RecordedSession(summary, series, products, flow, audience, events, alerts, gaps)
    session.tiles = ReviewTiles(session)
    session.tiles.prime()
    return session
