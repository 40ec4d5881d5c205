"""The console's 7-day ROI of a session, from Doudian orders and ad spend.

    7-day ROI = (7-day sales - ad spend) / ad spend

7-day sales = the pay amounts of the orders paid within the session, minus those refunded within 7 days of
payment (a cancelled order never counts), plus the same buyers' repurchases: orders of a buyer of the session
(matched on the masked buyer id, never the raw one) paid after the session and up to the cut-off, 7 days after
its end, net of those refunded by the cut-off. It is a NET return and is labelled differently from the
platform's live_pay_order_gmv_roi (GMV / cost, a gross multiple). Until the cut-off has passed the figure is
provisional (`final` is False): refunds and repurchases may still come. Amounts are summed in fen (integers),
so a settled figure is exact to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from dyconsole.core.model import OrderRecord, OrderState

SETTLE_WINDOW_S = 7 * 86_400.0
ROI_7D_ZH = "7日净ROI((7日销售额-消耗)/消耗)"
ROI_7D_EN = "7-day net ROI ((sales - spend) / spend)"
_NOT_PAID = (OrderState.CANCELLED, OrderState.CREATED)


@dataclass(frozen=True, slots=True)
class Roi7d:
    paid_yuan: float  # pay amounts of orders paid within the session
    refunded_yuan: float  # of those, refunded within 7 days of payment
    sales_yuan: float  # paid - refunded + net repurchases
    ad_spend_yuan: float
    roi: float | None  # (sales - spend) / spend; None when there was no spend
    orders: int  # paid orders counted
    refunds: int
    final: bool  # the cut-off (7 days after the session) has passed: no refund or repurchase can change it
    zh: str = ROI_7D_ZH
    en: str = ROI_7D_EN
    repurchase_yuan: float = 0.0  # the session's buyers' later orders, net of their refunds by the cut-off
    repurchases: int = 0  # repurchase orders counted (refunded ones included)
    sales_fen: int = 0  # sales_yuan in fen, exact

    @property
    def net_factor(self) -> float | None:
        """7-day sales per yuan paid in the session (1 - refund share + repurchase share)."""
        return self.sales_yuan / self.paid_yuan if self.paid_yuan > 0 else None


def _unique(orders: Iterable[OrderRecord]) -> list[OrderRecord]:
    """One record per order id (the same SKU order polled twice: the last one read wins)."""
    by_id: dict[str, OrderRecord] = {}
    for o in orders:
        by_id[o.order_id] = o
    return list(by_id.values())


def roi_7d(
    orders: Iterable[OrderRecord],
    ad_spend_yuan: float,
    session_start: float,
    session_end: float,
    now: float,
    room_id: str | None = None,
) -> Roi7d:
    """7-day ROI of the session [session_start, session_end] as known at `now` (broadcast epoch seconds).

    An order counts when it was paid within the session (and belongs to `room_id`, when given). A REFUNDED
    order whose refund (its update_time) came within 7 days of payment is deducted; a later refund is not.
    A repurchase is an order of a buyer of the session (non-empty masked id, any room of the shop) paid after the
    session's end and by the cut-off (session_end + 7 days); refunded by the cut-off, it is deducted.
    """
    cutoff = session_end + SETTLE_WINDOW_S
    paid_fen = refunded_fen = repurchase_fen = 0
    n_orders = n_refunds = n_repurchases = 0
    buyers: set[str] = set()
    later: list[OrderRecord] = []
    for o in _unique(orders):
        if o.pay_time is None or o.state in _NOT_PAID:
            continue
        if session_end < o.pay_time <= cutoff:
            later.append(o)
            continue
        if room_id is not None and o.room_id != room_id:
            continue
        if not (session_start <= o.pay_time <= session_end):
            continue
        paid_fen += o.pay_amount_fen
        n_orders += 1
        if o.buyer_mask:
            buyers.add(o.buyer_mask)
        if o.state is OrderState.REFUNDED and o.update_time - o.pay_time <= SETTLE_WINDOW_S:
            refunded_fen += o.pay_amount_fen
            n_refunds += 1
    for o in later:
        if o.buyer_mask not in buyers:
            continue
        n_repurchases += 1
        if not (o.state is OrderState.REFUNDED and o.update_time <= cutoff):
            repurchase_fen += o.pay_amount_fen
    sales_fen = paid_fen - refunded_fen + repurchase_fen
    sales = sales_fen / 100.0
    spend = float(ad_spend_yuan)
    roi = (sales - spend) / spend if spend > 0 else None
    return Roi7d(paid_fen / 100.0, refunded_fen / 100.0, sales, spend, roi, n_orders, n_refunds, now >= cutoff,
                 repurchase_yuan=repurchase_fen / 100.0, repurchases=n_repurchases, sales_fen=sales_fen)
