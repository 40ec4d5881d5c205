"""The live feed: the console's in-memory view of the room being watched, fed by the poller.

`LiveFeed` is a `core.feed.PollFanOut` listener of every poll event (`fanout.add(feed)`). Taking a poll costs
little and never draws: a room sample and its derived metrics (per-minute rates, the online estimate..., derived
once by the fan-out) are appended to the session's series buffers; a products poll is appended to the session's
product history (`product_history`, a core.products.history.ProductHistory: the per-product series, per-minute
counter gains and explanation state the product board reads) and replaces the latest list; an orders poll updates
the latest orders (`orders`, bounded: RECENT_ORDERS) and the per-product count of the session's orders
(`orders_created`); other kinds replace the latest snapshot of their kind; then `version` moves on so the window's
timers know there is something new. A failed room poll is appended as a gap (NaN), so charts break there instead
of drawing zeros. The charts pull decimated views through `span()` / `view()` (the `ui.live_charts.SeriesSource`
protocol).
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
from PySide6.QtCore import QObject, Signal

from dyconsole.core.clock import Clock
from dyconsole.core.derived import AD_COST, DERIVED_NAMES, ENTRIES, GMV, PAID_ORDERS
from dyconsole.core.kpis import KpiTracker
from dyconsole.core.model import (
    AudienceSample,
    ConnectionState,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    SourceHealth,
)
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.series import SeriesSet
from dyconsole.services.settings.app_settings import CHANGE_WINDOW_LIMITS

if TYPE_CHECKING:  # the poll events are imported with the poller, after the console's first frame (`poll_handlers`)
    from dyconsole.core.feed import Gap, PollHandlers

log = logging.getLogger(__name__)

#: how much tile history the feed keeps: enough for the longest change window the settings allow
KPI_HISTORY_S = CHANGE_WINDOW_LIMITS[1] * 60.0

#: the cumulative room counters kept as series beside the derived metrics (the charts draw GMV and ad spend as
#: running totals); each series costs a little on every poll, so only what is drawn is kept
RAW_SERIES: tuple[str, ...] = (GMV, AD_COST, ENTRIES, PAID_ORDERS)
#: orders kept as records (the latest by arrival); every order is in the database, and per-product counts
#: (`orders_created`) cover the whole session: a 12 h broadcast's thousands of records do not pile up in the window
RECENT_ORDERS = 200
#: every series the feed keeps for the whole session
SERIES_NAMES: tuple[str, ...] = DERIVED_NAMES + RAW_SERIES


class LiveFeed(QObject):
    """The room as the console sees it now, plus the whole session's series. A listener of every poll event."""

    room_info_changed = Signal(object)  # RoomInfo
    health_changed = Signal(object)  # SourceHealth
    gap_recorded = Signal(object)  # Gap

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.series = SeriesSet(SERIES_NAMES)
        self.kpis = KpiTracker(keep_s=KPI_HISTORY_S)
        self.version = 0  # moves on with every change the window shows
        self.series_version = 0  # moves on when the series (what the charts draw) change
        self.room_info: RoomInfo | None = None
        self.health: SourceHealth | None = None
        self.latest_sample: RoomSample | None = None  # the last good room sample
        self.latest_derived: dict[str, float | None] = dict.fromkeys(DERIVED_NAMES)
        self.products: list[ProductSample] = []  # the latest products poll, as the source listed it
        self.product_history = ProductHistory()  # every products poll of the session
        self.flow: dict[str, FlowSample] = {}
        self.audience: dict[tuple[str, str], AudienceSample] = {}
        self.orders: OrderedDict[str, OrderRecord] = OrderedDict()  # the latest RECENT_ORDERS, oldest first
        self.orders_created: Counter[str] = Counter()  # orders created per product, every order of the session
        self._order_ids: set[str] = set()
        self.gaps = 0

    # --- what the window reads -----------------------------------------------------------------------------------
    def value(self, name: str) -> float | None:
        """The latest value of a derived metric or a raw room field (None when missing)."""
        if name in self.latest_derived:
            return self.latest_derived[name]
        if self.latest_sample is None:
            return None
        return self.latest_sample.get(name)

    def data_age_s(self) -> float | None:
        """Broadcast seconds since the last good room sample (None before the first)."""
        if self.latest_sample is None:
            return None
        return max(0.0, self.clock.now() - self.latest_sample.ts)

    def span(self) -> tuple[float, float] | None:
        return self.series.span()

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return self.series.view(name, t0, t1, max_points)

    # --- the polls -------------------------------------------------------------------------------------------------
    def poll_handlers(self) -> PollHandlers:
        """Every poll event (core.feed.PollListener), each to its on_* method (a core.feed.PollSink)."""
        from dyconsole.core.feed import every_poll  # its ten event classes: not needed before the first frame

        return every_poll(self)

    def on_room_info(self, info: RoomInfo) -> None:
        self.room_info = info
        self.version += 1
        self.room_info_changed.emit(info)

    def on_room(self, sample: RoomSample, derived: Mapping[str, float | None]) -> None:
        ts = self._in_order(sample.ts)
        row = dict(derived)
        self.series.append(ts, {**{n: sample.get(n) for n in RAW_SERIES}, **row})
        self.latest_derived = row
        self.latest_sample = sample
        self.kpis.push(sample, row)
        self.series_version += 1
        if self.health is None:  # the poller reports changes of state only; a good sample means ok until then
            self.health = SourceHealth(ConnectionState.OK, last_ok_ts=sample.ts)
        self.version += 1

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None:
        self.products = list(products)
        self.product_history.append(ts, products)
        self.version += 1

    def on_flow(self, sample: FlowSample) -> None:
        self.flow[sample.by] = sample
        self.version += 1

    def on_audience(self, sample: AudienceSample) -> None:
        self.audience[(sample.action_event, sample.dimension)] = sample
        self.version += 1

    def on_orders(self, ts: float, orders: Sequence[OrderRecord]) -> None:
        for order in orders:
            if order.order_id not in self._order_ids:
                self._order_ids.add(order.order_id)
                self.orders_created[order.product_id] += 1
            self.orders[order.order_id] = order
            self.orders.move_to_end(order.order_id)
        while len(self.orders) > RECENT_ORDERS:
            self.orders.popitem(last=False)  # the recorder has it in the database
        if orders:
            self.version += 1

    @property
    def order_count(self) -> int:
        """Orders seen in the session (each once, whatever its updates)."""
        return len(self._order_ids)

    def on_gap(self, gap: Gap) -> None:
        self.gaps += 1
        if gap.kind == "room":
            ts = self._in_order(gap.ts)
            self.series.append(ts, {})  # NaN everywhere: a break in every chart
            self.series_version += 1
            # the tiles keep the last known figures; the status strip shows the data growing old
            self.version += 1
        self.gap_recorded.emit(gap)

    def on_health(self, health: SourceHealth) -> None:
        self.health = health
        self.version += 1
        self.health_changed.emit(health)

    def _in_order(self, ts: float) -> float:
        """Series need non-decreasing time: a late answer is filed at the last known time."""
        span = self.series.span()
        return ts if span is None or ts >= span[1] else span[1]
