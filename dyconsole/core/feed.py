"""What a poll produces and who receives it: the contract between the poller (sources), the recorder (storage),
the live feed (services) and the alert engine. Pure protocol definitions; no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    SourceHealth,
)

#: the kinds of poll the poller runs, each on its own interval
POLL_KINDS: tuple[str, ...] = ("room", "products", "flow", "audience", "orders")


@dataclass(frozen=True, slots=True)
class PollIntervals:
    """Broadcast seconds between polls of each kind (settings; defaults suit the real APIs' QPS limits)."""

    room: float = 5.0
    products: float = 30.0
    flow: float = 30.0
    audience: float = 120.0
    orders: float = 60.0

    def of(self, kind: str) -> float:
        return float(getattr(self, kind))


@dataclass(frozen=True, slots=True)
class Gap:
    """A poll that yielded no data: stored as a gap, never as zeros."""

    kind: str  # one of POLL_KINDS
    ts: float
    error: str


class PollSink(Protocol):
    """Receives every poll result in order. Implementations must not block (they run on the event loop)."""

    def on_room_info(self, info: RoomInfo) -> None: ...

    def on_room(self, sample: RoomSample) -> None: ...

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None: ...

    def on_flow(self, sample: FlowSample) -> None: ...

    def on_audience(self, sample: AudienceSample) -> None: ...

    def on_orders(self, ts: float, orders: Sequence[OrderRecord]) -> None: ...

    def on_gap(self, gap: Gap) -> None: ...

    def on_health(self, health: SourceHealth) -> None: ...
