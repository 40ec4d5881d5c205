"""Normalized snapshot types: what one poll of each endpoint yields, independent of the wire format.

A value that could not be read is `None` (missing), never 0. Times are epoch seconds of the broadcast clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping


class RoomStatus(str, Enum):
    PREPARE = "PREPARE"
    LIVING = "LIVING"
    PAUSE = "PAUSE"
    FINISH = "FINISH"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def parse(cls, raw: object) -> "RoomStatus":
        try:
            return cls(str(raw).upper())
        except ValueError:
            return cls.UNKNOWN


@dataclass(frozen=True, slots=True)
class RoomInfo:
    room_id: str
    title: str
    status: RoomStatus
    aweme_id: str = ""
    aweme_name: str = ""
    start_time: float | None = None
    end_time: float | None = None


@dataclass(frozen=True, slots=True)
class RoomSample:
    """One poll of the room's cumulative stats. `values` maps API field names (core.metrics) to numbers."""

    ts: float
    room_id: str
    status: RoomStatus
    values: Mapping[str, float | None]

    def get(self, name: str) -> float | None:
        return self.values.get(name)


@dataclass(frozen=True, slots=True)
class ProductSample:
    ts: float
    product_id: str
    title: str
    explain_status: str  # BEINGEXPLAIN / HASEXPLAIN / UNEXPLAIN / "" when missing
    position: int | None  # 1-based place in the live product list, when known
    values: Mapping[str, float | None]  # core.metrics.PRODUCT_NUMERIC_FIELDS


@dataclass(frozen=True, slots=True)
class FlowSample:
    """Traffic by source: `by` is AllEcomFlowSource (viewers) or AllEcomGmvSource (GMV)."""

    ts: float
    by: str
    values: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class AudienceSample:
    ts: float
    action_event: str  # ENTER / PAY
    dimension: str  # CITY / GENDER / AGE
    values: Mapping[str, float]  # label -> value


class OrderState(str, Enum):
    CREATED = "created"
    PAID = "paid"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"
    SETTLED = "settled"


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One SKU order from Doudian `order/searchList`. Amounts are fen (integers), as the API sends them."""

    order_id: str
    room_id: str
    product_id: str
    item_num: int
    pay_amount_fen: int
    order_amount_fen: int
    create_time: float
    update_time: float
    pay_time: float | None
    state: OrderState
    buyer_mask: str = ""  # masked per-user identifier, never the raw one
    # delivery (core.delivery): the masked address's province and city only (never a name, phone or street), and
    # the official SDK's ship / logistics receipt / promised ship times (None: not yet, or not sent)
    province: str = ""
    city: str = ""
    ship_time: float | None = None
    receipt_time: float | None = None
    exp_ship_time: float | None = None


class ConnectionState(str, Enum):
    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class SourceHealth:
    state: ConnectionState
    last_error: str = ""
    last_ok_ts: float | None = None
    changed_at: float | None = None


@dataclass(slots=True)
class Snapshot:
    """Everything the console knows about the room at one moment (latest of each kind)."""

    room: RoomSample | None = None
    products: list[ProductSample] = field(default_factory=list)
    flow: dict[str, FlowSample] = field(default_factory=dict)
    audience: dict[tuple[str, str], AudienceSample] = field(default_factory=dict)
