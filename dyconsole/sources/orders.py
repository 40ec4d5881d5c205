"""Doudian orders (`order/searchList`) into `OrderRecord`s: one record per SKU order, amounts in fen, the buyer
masked before anything leaves the client, the state from order_status / after_sale_status, and for delivery the
masked address's province and city only with the ship / logistics receipt times.

Statuses (Doudian open platform): order_status 1 awaiting payment, 105 paid, 2 preparing, 101 part shipped,
3 shipped, 4 cancelled, 5 completed; after_sale_status 12 = after-sale (refund) succeeded.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Iterable, Mapping

from dyconsole.core.delivery import province_key
from dyconsole.core.model import OrderRecord, OrderState
from dyconsole.sources.parse import to_epoch, to_id, to_int

log = logging.getLogger(__name__)

ORDER_STATES: dict[int, OrderState] = {
    1: OrderState.CREATED,
    105: OrderState.PAID,
    2: OrderState.PAID,
    101: OrderState.PAID,
    3: OrderState.PAID,
    4: OrderState.CANCELLED,
    5: OrderState.SETTLED,
}
REFUND_DONE: frozenset[int] = frozenset({12})
BUYER_MASK_CHARS = 16


def mask_buyer(buyer_id: str, salt: bytes) -> str:
    """A stable pseudonym of a buyer (the same buyer -> the same mask, for repurchase), not reversible without
    the salt. "" when there is no buyer id."""
    if not buyer_id:
        return ""
    return hmac.new(salt, buyer_id.encode(), hashlib.sha256).hexdigest()[:BUYER_MASK_CHARS]


def order_state(order_status: Any, after_sale_status: Any) -> OrderState:
    if to_int(after_sale_status) in REFUND_DONE:
        return OrderState.REFUNDED
    status = to_int(order_status)
    return ORDER_STATES.get(status, OrderState.CREATED) if status is not None else OrderState.CREATED


def _after_sale(record: Mapping[str, Any]) -> Any:
    info = record.get("after_sale_info")
    if isinstance(info, Mapping):
        return info.get("after_sale_status")
    return record.get("after_sale_status")


def sku_orders(shop_orders: Iterable[Any], salt: bytes) -> tuple[list[OrderRecord], int]:
    """The SKU orders of a page of shop orders, and how many were skipped as unreadable (no id, no amounts,
    no times: an order with an unreadable amount is left out rather than counted as 0)."""
    records: list[OrderRecord] = []
    skipped = 0
    for shop in shop_orders:
        if not isinstance(shop, Mapping):
            skipped += 1
            continue
        buyer = mask_buyer(to_id(shop.get("doudian_open_id") or shop.get("buyer_id")), salt)
        skus = shop.get("sku_order_list")
        for sku in skus if isinstance(skus, list) else ():
            record = _sku(sku, shop, buyer) if isinstance(sku, Mapping) else None
            if record is None:
                skipped += 1
            else:
                records.append(record)
    if skipped:
        log.debug("skipped %d unreadable order lines", skipped)
    return records, skipped


def _sku(sku: Mapping[str, Any], shop: Mapping[str, Any], buyer: str) -> OrderRecord | None:
    def field(name: str) -> Any:
        value = sku.get(name)
        return shop.get(name) if value is None else value

    order_id = to_id(sku.get("order_id"))
    # amounts are the SKU's own: the shop order's totals cover all its SKUs and must not stand in for one
    pay_amount, order_amount = to_int(sku.get("pay_amount")), to_int(sku.get("order_amount"))
    create_time, update_time = to_epoch(field("create_time")), to_epoch(field("update_time"))
    item_num = to_int(sku.get("item_num"))
    if not order_id or pay_amount is None or order_amount is None or create_time is None or item_num is None:
        return None
    return OrderRecord(
        order_id=order_id,
        room_id=to_id(sku.get("room_id")),
        product_id=to_id(sku.get("product_id")),
        item_num=item_num,
        pay_amount_fen=pay_amount,
        order_amount_fen=order_amount,
        create_time=create_time,
        update_time=update_time if update_time is not None else create_time,
        pay_time=to_epoch(field("pay_time")),
        state=order_state(field("order_status"), _after_sale(sku)),
        buyer_mask=buyer,
        province=province_key(_place(field("mask_post_addr"), "province")),
        city=_place(field("mask_post_addr"), "city").removesuffix("市"),
        ship_time=_when(field("ship_time")), receipt_time=_when(field("logistics_receipt_time")),
        exp_ship_time=_when(field("exp_ship_time")),
    )


def _place(address: Any, part: str) -> str:
    """The name of one part (province, city) of `mask_post_addr`; "" when missing. Only these two parts are ever
    read: the town, street, detail, receiver and phone stay in the answer."""
    if not isinstance(address, Mapping):
        return ""
    value = address.get(part)
    name = value.get("name") if isinstance(value, Mapping) else value
    return str(name).strip()[:20] if isinstance(name, (str, int)) else ""


def _when(value: Any) -> float | None:
    """A delivery time (unix seconds); 0 or missing is "not yet"."""
    ts = to_epoch(value)
    return ts if ts else None
