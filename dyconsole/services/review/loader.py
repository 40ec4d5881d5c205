"""Offline review: a recorded session loaded into series buffers (off the UI thread), the replay cursor and the
sessions catalog the browser lists and edits (the comparison of two sessions is services.compare).

- `load_review(path, session_id)` reads one session and builds a `RecordedSession`: the same series the live feed
  keeps (raw room fields + core.derived rows), products as compact arrays, flow / audience snapshots, events,
  alerts and gaps. It opens its own connection, so it can run in a worker thread; `ReviewLoader` runs it in an
  executor and hands the result back as a Qt signal (queued to the UI thread).
- `ReplaySource` is what the review charts draw from: the session clipped at a cursor (the whole session when the
  cursor is at the end), so LiveCharts' "follow live" follows a replay.
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
from PySide6.QtCore import QObject, Signal

from dyconsole.core.derived import DERIVED_NAMES, ENTRIES, derive_rows
from dyconsole.core.feed import Gap
from dyconsole.core.kpis import KpiTracker, Tile
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import AudienceSample, FlowSample, ProductSample, RoomSample, RoomStatus
from dyconsole.core.series import SeriesSet
from dyconsole.storage.alert_store import StoredAlert, load_alerts
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.errors import StorageError  # noqa: F401  (re-exported: the UI names it)
from dyconsole.storage.session_edit import delete_session, session_totals, set_session_notes
from dyconsole.storage.sessions import (
    SessionEvent,
    SessionSummary,
    get_session,
    list_sessions,
    load_audience_samples,
    load_events,
    load_flow_samples,
    load_gaps,
    load_product_samples,
    load_room_samples,
)

log = logging.getLogger(__name__)

#: the series a reviewed session keeps: every derived metric and every raw room field (the funnel, the tiles and
#: the charts at any cursor are rebuilt from them; the room samples themselves are not kept)
REVIEW_SERIES: tuple[str, ...] = DERIVED_NAMES + tuple(n for n in ROOM_METRIC_NAMES if n not in DERIVED_NAMES)

PRODUCT_COLUMNS: tuple[str, ...] = ("live_product_price", "live_click_product_count_alias",
                                    "live_pay_order_count_alias", "live_pay_order_gmv_alias")


@dataclass(frozen=True, slots=True)
class ProductRow:
    """One product as the review table shows it at a moment (None = not reported)."""

    product_id: str
    title: str
    price: float | None
    clicks: float | None
    orders: float | None
    gmv: float | None


def _f(v: float) -> float | None:
    return None if not math.isfinite(v) else float(v)


@dataclass(slots=True)
class ProductHistory:
    """Every product poll as arrays [poll, product] of PRODUCT_COLUMNS (NaN where a product was not listed)."""

    ids: list[str]
    titles: dict[str, str]
    ts: np.ndarray  # one per product poll
    values: np.ndarray  # shape (polls, products, len(PRODUCT_COLUMNS))

    @classmethod
    def build(cls, samples: Sequence[ProductSample]) -> "ProductHistory":
        ids: dict[str, int] = {}
        titles: dict[str, str] = {}
        times: dict[float, int] = {}
        for s in samples:
            ids.setdefault(s.product_id, len(ids))
            times.setdefault(s.ts, len(times))
            if s.title:
                titles[s.product_id] = s.title
        values = np.full((len(times), len(ids), len(PRODUCT_COLUMNS)), np.nan)
        for s in samples:
            row = values[times[s.ts], ids[s.product_id]]
            for k, name in enumerate(PRODUCT_COLUMNS):
                v = s.values.get(name)
                if v is not None:
                    row[k] = v
        return cls(list(ids), titles, np.array(list(times), dtype=np.float64), values)

    def at(self, ts: float) -> list[ProductRow]:
        """The products of the last poll at or before `ts`, by GMV (largest first)."""
        i = int(np.searchsorted(self.ts, ts, side="right")) - 1
        if i < 0:
            return []
        rows = [ProductRow(pid, self.titles.get(pid, pid), *(_f(v) for v in self.values[i, j]))
                for j, pid in enumerate(self.ids) if not np.all(np.isnan(self.values[i, j]))]
        return sorted(rows, key=lambda r: -(r.gmv or 0.0))


def _latest_at(samples: Sequence[FlowSample] | Sequence[AudienceSample], times: np.ndarray, ts: float,
               key: Callable) -> dict:  # type: ignore[type-arg]
    """The latest sample of each key at or before `ts` (samples in time order)."""
    out: dict = {}  # type: ignore[type-arg]
    for s in samples[: int(np.searchsorted(times, ts, side="right"))]:
        out[key(s)] = s
    return out


@dataclass(slots=True)
class RecordedSession:
    """One recorded session, loaded for review. Implements the charts' SeriesSource (whole session)."""

    summary: SessionSummary
    series: SeriesSet
    products: ProductHistory
    flow: list[FlowSample]
    audience: list[AudienceSample]
    events: list[SessionEvent]
    alerts: list[StoredAlert]
    gaps: list[Gap]
    tiles: "ReviewTiles | None" = None  # the KPI tiles, primed at the end by load_review
    _flow_ts: np.ndarray = field(default_factory=lambda: np.empty(0))
    _audience_ts: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        self._flow_ts = np.array([s.ts for s in self.flow], dtype=np.float64)
        self._audience_ts = np.array([s.ts for s in self.audience], dtype=np.float64)

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def start(self) -> float:
        """Broadcast time of minute 0: the session's start (else its first sample)."""
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
        """Whether the session's online figures are the console's estimate (its source had no real count)."""
        flags = self.series["online_is_estimate"].values
        return bool(np.any(flags == 1.0))

    def span(self) -> tuple[float, float] | None:
        return self.series.span()

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return self.series.view(name, t0, t1, max_points)

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


def load_review(path: Path | str, session_id: str) -> RecordedSession:
    """Read one session from the database at `path` into a RecordedSession (raises StorageError). Opens and closes
    its own connection: safe to call from a worker thread."""
    db = open_for_reading(path)
    try:
        summary = get_session(db, session_id)
        samples = load_room_samples(db, session_id)
        products = load_product_samples(db, session_id)
        flow = load_flow_samples(db, session_id)
        audience = load_audience_samples(db, session_id)
        events = load_events(db, session_id)
        alerts = load_alerts(db, session_id)
        gaps = load_gaps(db, session_id)
    finally:
        db.close()
    rows = derive_rows(samples)
    series = SeriesSet(REVIEW_SERIES)
    ts = np.array([s.ts for s in samples], dtype=np.float64)
    raw = [s.values for s in samples]
    for name in REVIEW_SERIES:  # whole columns at once (None -> NaN): the buffers' fast path
        source = rows if name in DERIVED_NAMES else raw
        series[name].extend(ts, np.array([r.get(name) for r in source], dtype=np.float64))
    session = RecordedSession(summary, series, ProductHistory.build(products), flow, audience, events, alerts, gaps)
    session.tiles = ReviewTiles(session)
    session.tiles.prime(samples, rows)
    return session


class ReviewLoader(QObject):
    """Opens sessions off the UI thread: `open(session_id)` returns at once; `loaded(RecordedSession)` or
    `failed(session_id, message)` arrives later on the UI thread."""

    loaded = Signal(object)
    failed = Signal(str, str)

    def __init__(self, path: Path | str, executor: concurrent.futures.Executor | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._own = executor is None
        self._executor = executor or concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="review")

    def open(self, session_id: str) -> concurrent.futures.Future:  # type: ignore[type-arg]
        future = self._executor.submit(load_review, self.path, session_id)
        future.add_done_callback(lambda f: self._done(session_id, f))
        return future

    def _done(self, session_id: str, future: concurrent.futures.Future) -> None:  # type: ignore[type-arg]
        # runs in the worker thread: a signal emitted here is queued to the receivers on the UI thread
        exc = future.exception()
        if exc is None:
            self.loaded.emit(future.result())
        elif isinstance(exc, StorageError):
            self.failed.emit(session_id, str(exc))
        else:
            log.error("opening session %s failed", session_id, exc_info=exc)
            self.failed.emit(session_id, repr(exc))

    def shutdown(self) -> None:
        if self._own:
            self._executor.shutdown(wait=True)


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


# --- the sessions catalog -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SessionRow:
    """One line of the sessions browser."""

    summary: SessionSummary
    views: float | None
    alerts: int

    @property
    def length_s(self) -> float | None:
        s = self.summary
        return s.ended_at - s.started_at if s.started_at is not None and s.ended_at is not None else None

    @property
    def conversion(self) -> float | None:
        orders = self.summary.orders
        return orders / self.views if orders is not None and self.views else None


class SessionsCatalog:
    """The recorded sessions of one database, for the browser: list, annotate, delete (each call opens and closes
    its own short connection; raises StorageError)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def rows(self) -> list[SessionRow]:
        db = open_for_reading(self.path)
        try:
            totals = session_totals(db)
            out = []
            for s in list_sessions(db):
                t = totals.get(s.id)
                out.append(SessionRow(s, t.views if t else None, t.alerts if t else 0))
            return out
        finally:
            db.close()

    def set_notes(self, session_id: str, notes: str) -> None:
        db = open_for_reading(self.path)
        try:
            set_session_notes(db, session_id, notes)
        finally:
            db.close()

    def delete(self, session_id: str) -> None:
        db = open_for_reading(self.path)
        try:
            delete_session(db, session_id)
        finally:
            db.close()

