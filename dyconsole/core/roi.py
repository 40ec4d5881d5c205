"""The console's 7-day ROI of a session, from Doudian orders and ad spend.

    7-day ROI = (7-day sales - ad spend) / ad spend

7-day sales = the pay amounts of orders paid within the session, minus those refunded within 7 days of payment
(a cancelled order never counts). It is a NET return and is labelled differently from the platform's
live_pay_order_gmv_roi (GMV / cost, a gross multiple). Until 7 days have passed since the session ended the figure
is provisional (`final` is False): refunds may still come.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from dyconsole.core.model import OrderRecord, OrderState

SETTLE_WINDOW_S = 7 * 86_400.0
ROI_7D_ZH = "7日净ROI((7日销售额-消耗)/消耗)"
ROI_7D_EN = "7-day net ROI ((sales - spend) / spend)"


@dataclass(frozen=True, slots=True)
class Roi7d:
    paid_yuan: float  # pay amounts of orders paid within the session
    refunded_yuan: float  # of those, refunded within 7 days of payment
    sales_yuan: float  # paid - refunded
    ad_spend_yuan: float
    roi: float | None  # (sales - spend) / spend; None when there was no spend
    orders: int  # paid orders counted
    refunds: int
    final: bool  # 7 days have passed since the session ended: no refund can still change it
    zh: str = ROI_7D_ZH
    en: str = ROI_7D_EN


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
    """
    paid_fen = refunded_fen = 0
    n_orders = n_refunds = 0
    seen: set[str] = set()
    for o in orders:
        if o.order_id in seen:
            continue  # the same SKU order polled twice
        seen.add(o.order_id)
        if room_id is not None and o.room_id != room_id:
            continue
        if o.pay_time is None or not (session_start <= o.pay_time <= session_end):
            continue
        if o.state in (OrderState.CANCELLED, OrderState.CREATED):
            continue
        paid_fen += o.pay_amount_fen
        n_orders += 1
        if o.state is OrderState.REFUNDED and o.update_time - o.pay_time <= SETTLE_WINDOW_S:
            refunded_fen += o.pay_amount_fen
            n_refunds += 1
    paid, refunded = paid_fen / 100.0, refunded_fen / 100.0
    sales = paid - refunded
    spend = float(ad_spend_yuan)
    roi = (sales - spend) / spend if spend > 0 else None
    final = now >= session_end + SETTLE_WINDOW_S
    return Roi7d(paid, refunded, sales, spend, roi, n_orders, n_refunds, final)
