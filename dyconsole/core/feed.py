"""What a poll produces and who receives it: the poll kinds and their intervals, the typed poll events, and the
one `PollFanOut` that hands every event to its listeners (the live feed, the recorder, the alert monitor, the
record verb's progress lines...). No I/O, no Qt.

The poller (sources) publishes what it polled; the fan-out derives each room sample ONCE (it owns the
`core.derived.Deriver`: a room sample becomes `RoomPolled(sample, derived)`, a room gap restarts the rates) and
delivers every event, in registration order, to the listeners that declared its type. A listener declares what it
takes in `poll_handlers()` (event type -> handler; `every_poll(sink)` for a `PollSink` that takes them all) and
joins with `fanout.add(listener)`; a single handler joins with `fanout.subscribe(EventType, handler, name)`. One
error policy: a handler that raises is logged once per failure with the listener's name and counted (`failures`);
the other listeners and the poller go on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence, TypeVar, Union

from dyconsole.core.derived import DERIVED_NAMES, Deriver
from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
    SourceHealth,
)
from dyconsole.core.poll_intervals import POLL_KINDS, PollIntervals  # noqa: F401  (the poll kinds, here as before)

log = logging.getLogger(__name__)


# --- the events ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RoomInfoChanged:
    """The room was found, or its status (or title) changed."""

    info: RoomInfo


@dataclass(frozen=True, slots=True)
class RoomPolled:
    """One room poll: the sample and its derived metrics (per-minute rates, online...), derived once."""

    sample: RoomSample
    derived: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class ProductsPolled:
    """The product list at `ts`, in list order."""

    ts: float
    products: Sequence[ProductSample]


@dataclass(frozen=True, slots=True)
class FlowPolled:
    """The room's traffic by source."""

    sample: FlowSample


@dataclass(frozen=True, slots=True)
class AudiencePolled:
    """The room's audience by one dimension (city, gender, age) for one action."""

    sample: AudienceSample


@dataclass(frozen=True, slots=True)
class OrdersPolled:
    """The shop's orders updated since the last orders poll (they overlap: receivers dedupe by order id)."""

    ts: float
    orders: Sequence[OrderRecord]


@dataclass(frozen=True, slots=True)
class Gap:
    """A poll that yielded no data: stored as a gap, never as zeros."""

    kind: str  # one of POLL_KINDS
    ts: float
    error: str


@dataclass(frozen=True, slots=True)
class HealthChanged:
    """The connection's state (ok / degraded / down), or the error shown with it, changed."""

    health: SourceHealth


@dataclass(frozen=True, slots=True)
class PollsSkipped:
    """The poller fell behind: `skipped` polls came due and could not be made in time (the machine, or the source,
    cannot keep up) since the last such event; `total` is every skipped poll of the run so far; `by_kind` the new
    ones per poll kind."""

    ts: float
    skipped: int
    total: int
    by_kind: tuple[tuple[str, int], ...]

    def summary(self) -> str:
        """'1 poll skipped (room 1), 12 in all' (the command line's and the log's words; the window says its own)."""
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.by_kind)
        return f"{self.skipped} poll{'' if self.skipped == 1 else 's'} skipped ({kinds}), {self.total} in all"

    def payload(self) -> dict[str, Any]:
        """What a recording keeps of it (the session event POLLS_SKIPPED_EVENT)."""
        return {"skipped": self.skipped, "total": self.total, "by_kind": dict(self.by_kind)}


#: the session event of a `PollsSkipped`: the review knows where the recording fell behind
POLLS_SKIPPED_EVENT = "polls_skipped"


PollEvent = Union[RoomInfoChanged, RoomPolled, ProductsPolled, FlowPolled, AudiencePolled, OrdersPolled, Gap,
                  HealthChanged, PollsSkipped]
#: what the poller publishes: the events, except that a room poll comes as its bare sample (the fan-out derives it)
PollResult = Union[PollEvent, RoomSample]
EVENT_TYPES: tuple[type, ...] = (RoomInfoChanged, RoomPolled, ProductsPolled, FlowPolled, AudiencePolled,
                                 OrdersPolled, Gap, HealthChanged, PollsSkipped)

E = TypeVar("E")
#: event type -> the listener's handler of it
PollHandlers = Mapping[type, Callable[[Any], None]]


class PollListener(Protocol):
    """Anything that takes polls: it declares the event types it takes and their handlers."""

    def poll_handlers(self) -> PollHandlers: ...


class PollSink(Protocol):
    """A listener of every kind of poll through one method a kind (the live feed, the recorder): `every_poll(sink)`
    are its handlers."""

    def on_room_info(self, info: RoomInfo) -> None: ...

    def on_room(self, sample: RoomSample, derived: Mapping[str, float | None]) -> None: ...

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None: ...

    def on_flow(self, sample: FlowSample) -> None: ...

    def on_audience(self, sample: AudienceSample) -> None: ...

    def on_orders(self, ts: float, orders: Sequence[OrderRecord]) -> None: ...

    def on_gap(self, gap: Gap) -> None: ...

    def on_health(self, health: SourceHealth) -> None: ...


def every_poll(sink: PollSink) -> PollHandlers:
    """The handlers of a sink that takes every poll event (each one looks its method up when it is called)."""
    return {
        RoomInfoChanged: lambda e: sink.on_room_info(e.info),
        RoomPolled: lambda e: sink.on_room(e.sample, e.derived),
        ProductsPolled: lambda e: sink.on_products(e.ts, e.products),
        FlowPolled: lambda e: sink.on_flow(e.sample),
        AudiencePolled: lambda e: sink.on_audience(e.sample),
        OrdersPolled: lambda e: sink.on_orders(e.ts, e.orders),
        Gap: lambda e: sink.on_gap(e),
        HealthChanged: lambda e: sink.on_health(e.health),
    }


class PollPublisher(Protocol):
    """What the poller publishes into (a PollFanOut)."""

    def publish(self, result: PollResult) -> None: ...


# --- the fan-out --------------------------------------------------------------------------------------------------
class PollFanOut:
    """Derives each room sample once and delivers every poll event to the listeners that take it, in order."""

    def __init__(self, listeners: Iterable[PollListener] = (), deriver: Deriver | None = None) -> None:
        self.deriver = deriver if deriver is not None else Deriver()
        self._handlers: dict[type, list[tuple[str, Callable[[Any], None]]]] = {}
        self.failures: dict[str, int] = {}  # listener name -> handler failures so far
        for listener in listeners:
            self.add(listener)

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    def subscribe(self, event_type: type[E], handler: Callable[[E], None], name: str) -> None:
        """Deliver every `event_type` event to `handler` (after the handlers subscribed before it)."""
        if event_type not in EVENT_TYPES:
            raise TypeError(f"not a poll event: {event_type!r}")
        self._handlers.setdefault(event_type, []).append((name, handler))

    def add(self, listener: PollListener, name: str | None = None) -> None:
        """Subscribe every handler the listener declares, under its name (default: its class name)."""
        name = name or type(listener).__name__
        for event_type, handler in listener.poll_handlers().items():
            self.subscribe(event_type, handler, name)

    def takes(self, event_type: type) -> list[str]:
        """The names of the listeners of `event_type`, in delivery order."""
        return [name for name, _ in self._handlers.get(event_type, ())]

    def publish(self, result: PollResult) -> None:
        """Deliver one poll result. A bare room sample is derived here and delivered as `RoomPolled`; a room gap
        restarts the derived rates (a rate never spans a gap)."""
        event: PollEvent
        if isinstance(result, RoomSample):
            event = RoomPolled(result, self._derive(result))
        else:
            event = result
            if isinstance(event, Gap) and event.kind == "room":
                self._derive(RoomSample(event.ts, "", RoomStatus.UNKNOWN, {}))
        for name, handler in self._handlers.get(type(event), ()):
            try:
                handler(event)
            except Exception:  # noqa: BLE001 - one listener's failure must not starve the others or the poller
                self.failures[name] = self.failures.get(name, 0) + 1
                log.exception("poll listener %s failed on %s", name, type(event).__name__)

    def _derive(self, sample: RoomSample) -> Mapping[str, float | None]:
        try:
            return MappingProxyType(self.deriver.push(sample))
        except Exception:  # noqa: BLE001 - a fault in deriving costs the derived figures, not the poll
            self.failures["deriver"] = self.failures.get("deriver", 0) + 1
            log.exception("deriving the room sample at %s failed", sample.ts)
            return MappingProxyType(dict.fromkeys(DERIVED_NAMES))
