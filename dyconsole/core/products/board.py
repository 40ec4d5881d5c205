"""The live product board's rows, without Qt: every product of the latest products poll in its list position, with
its figures (impressions, clicks, CTR, orders created, order and pay conversion, paid orders, GMV, price, stock),
its own funnel (core.funnel with the product stages: impressions -> clicks -> orders -> paid) whose weakest step is
judged against the room's (the same step over all the room's products), and a stock warning.

Orders created per product come from the shop's orders (core.model.OrderRecord, all states); a paid count ahead of
the last orders poll means at least as many were created, so orders = max(orders seen, paid). Without any order
(no shop connection) the orders stage is missing and the paid step is judged from clicks, as core.funnel does for a
missing stage. Stock: out (售罄) at 0; low when few units are left or they would sell out soon at the product's
recent sales rate (`recent_sales`, from core.products.history).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Iterable, Mapping, Sequence

import numpy as np

from dyconsole.core.funnel import Funnel, FunnelStage, build_funnel, judge_steps
from dyconsole.core.model import OrderRecord, ProductSample
from dyconsole.core.products.appeal import CLICKS, EXPLAINING, IMPRESSIONS
from dyconsole.core.products.history import GMV, ProductHistory
from dyconsole.core.products.ordering import ORDERS as PAID, PRICE, STOCK

#: a product's funnel: the room funnel's stage keys (their glossary labels), the product's own counters
ORDERS_CREATED = "live_create_order_count_alias"
PRODUCT_STAGES: tuple[FunnelStage, ...] = (
    FunnelStage("product_impressions", IMPRESSIONS),
    FunnelStage("clicks", CLICKS),
    FunnelStage("orders", ORDERS_CREATED),
    FunnelStage("paid", PAID),
)
#: the rate column (glossary key) showing each funnel step of a product
STEP_RATE_TERMS: dict[str, str] = {"clicks": "product_ctr", "orders": "product_order_rate", "paid": "product_pay_rate"}
#: a step is judged only from this many of its previous stage (fewer says nothing about the product)
MIN_JUDGED_BASE = 30.0
#: low stock: this many units or fewer, or sold out within LOW_STOCK_MINUTES at the recent rate
LOW_STOCK_UNITS = 10.0
LOW_STOCK_MINUTES = 15.0
#: the window of the recent sales rate
SALES_WINDOW_S = 600.0


class StockLevel(str, Enum):
    OK = "ok"
    LOW = "low"
    OUT = "out"  # 售罄
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One product as the board shows it (None = not known)."""

    product_id: str
    title: str
    position: int | None
    explaining: bool
    impressions: float | None
    clicks: float | None
    ctr: float | None
    orders: float | None  # orders created
    order_rate: float | None  # orders created / clicks
    paid: float | None
    pay_rate: float | None  # paid / orders created (paid / clicks when orders are unknown: see funnel)
    gmv: float | None
    price: float | None
    stock: float | None
    stock_level: StockLevel
    weakest: str | None  # the funnel step (stage key) furthest below the room's, None when none is below it
    counts: Mapping[str, float | None] = field(default_factory=dict, compare=False, repr=False)  # the stages' counts
    judged_by: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)  # the steps' room norms

    @property
    def funnel(self) -> Funnel:
        """Its funnel (made when asked: the board shows the selected product's), the weakest step marked only when
        below the room's."""
        funnel = build_funnel(self.counts, self.gmv, self.judged_by, stages=PRODUCT_STAGES)
        return funnel if funnel.worst_key == self.weakest else replace(funnel, worst_key=None, worst_vs_norm=None)

    @property
    def weakest_rate_term(self) -> str | None:
        """The glossary key of the rate column showing the weakest step."""
        return STEP_RATE_TERMS.get(self.weakest or "")


def stock_level(stock: float | None, sold_per_min: float | None = None) -> StockLevel:
    """Out at 0 or below; low at LOW_STOCK_UNITS or fewer, or when the recent rate sells it out within
    LOW_STOCK_MINUTES."""
    if stock is None:
        return StockLevel.UNKNOWN
    if stock <= 0:
        return StockLevel.OUT
    if stock <= LOW_STOCK_UNITS or (sold_per_min is not None and sold_per_min > 0
                                    and stock / sold_per_min <= LOW_STOCK_MINUTES):
        return StockLevel.LOW
    return StockLevel.OK


def orders_created(orders: Iterable[OrderRecord]) -> dict[str, int]:
    """Orders created per product (every state: a cancelled or refunded order was created too)."""
    return dict(Counter(o.product_id for o in orders))


def recent_sales(history: ProductHistory, window_s: float = SALES_WINDOW_S) -> dict[str, float]:
    """Paid orders per minute over the last `window_s` of the history, per product (those with a known gain)."""
    if len(history) < 2:
        return {}
    ts = history.ts
    i1 = len(ts) - 1
    i0 = max(0, int(np.searchsorted(ts, ts[i1] - window_s, side="left")))
    span_min = (ts[i1] - ts[i0]) / 60.0
    if span_min <= 0:
        return {}
    gained = (history.field(PAID, i1, i1 + 1)[0] - history.field(PAID, i0, i0 + 1)[0]) / span_min
    return {pid: float(g) for pid, g in zip(history.ids, gained.tolist()) if np.isfinite(g) and g >= 0}


def _ratio(num: float | None, den: float | None) -> float | None:
    return num / den if num is not None and den else None


def _counts(p: ProductSample, created: Mapping[str, int] | None) -> dict[str, float | None]:
    v = p.values.get
    paid = v(PAID)
    orders: float | None = None
    if created is not None:
        orders = float(max(created.get(p.product_id, 0), paid or 0))
    return {IMPRESSIONS: v(IMPRESSIONS), CLICKS: v(CLICKS), ORDERS_CREATED: orders, PAID: paid}


def room_norms(counts: Sequence[Mapping[str, float | None]]) -> dict[str, float]:
    """Each product funnel step's rate over all the room's products: the norm a product's step is judged by."""
    totals = {s.field: sum(c.get(s.field) or 0.0 for c in counts) for s in PRODUCT_STAGES}
    known = {s.field: any(c.get(s.field) is not None for c in counts) for s in PRODUCT_STAGES}
    norms: dict[str, float] = {}
    for prev, stage in zip(PRODUCT_STAGES, PRODUCT_STAGES[1:]):
        rate = _ratio(totals[stage.field], totals[prev.field])
        if known[stage.field] and known[prev.field] and rate:
            norms[stage.key] = rate
    return norms


def _judged(norms: Mapping[str, float], counts: Mapping[str, float | None]) -> dict[str, float]:
    """The norms of the steps with enough of their previous stage to say something about this product."""
    out = {}
    for prev, stage in zip(PRODUCT_STAGES, PRODUCT_STAGES[1:]):
        if stage.key in norms and (counts.get(prev.field) or 0.0) >= MIN_JUDGED_BASE:
            out[stage.key] = norms[stage.key]
    return out


def board_rows(products: Sequence[ProductSample], created: Mapping[str, int] | None = None,
               sold_per_min: Mapping[str, float] | None = None) -> list[BoardRow]:
    """The board of one products poll, in list position order (those without a place last, as listed).
    `created`: orders created per product (`orders_created`; None when the shop's orders are not watched);
    `sold_per_min`: recent paid orders per minute (`recent_sales`), for the low-stock warning."""
    listed = sorted(enumerate(products), key=lambda ip: (ip[1].position is None, ip[1].position or 0, ip[0]))
    counts = [_counts(p, created) for _, p in listed]
    norms = room_norms(counts)
    rows = []
    for (_, p), c in zip(listed, counts):
        judged_by = _judged(norms, c)
        steps, worst = judge_steps(c, judged_by, PRODUCT_STAGES)
        ctr, order_rate, pay_rate = (rate for _, rate, _ in steps[1:])
        stock = p.values.get(STOCK)
        rows.append(BoardRow(
            p.product_id, p.title or p.product_id, p.position, p.explain_status == EXPLAINING,
            c[IMPRESSIONS], c[CLICKS], ctr, c[ORDERS_CREATED], order_rate, c[PAID], pay_rate, p.values.get(GMV),
            p.values.get(PRICE), stock, stock_level(stock, (sold_per_min or {}).get(p.product_id)),
            worst[1] if worst is not None and worst[0] < 1.0 else None, c, judged_by))  # below the room's only
    return rows
