"""Lenient but honest payload parsing: strings and nulls handled, unreadable values missing (None), never 0."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.metrics import FLOW_SOURCES, ROOM_METRIC_NAMES
from dyconsole.core.model import OrderState, RoomStatus
from dyconsole.sources import parse
from dyconsole.sources.orders import mask_buyer, order_state, sku_orders


@pytest.mark.parametrize("raw,expected", [
    (12, 12.0), (12.5, 12.5), ("12", 12.0), (" 12.5 ", 12.5), ("-3", -3.0), ("1e3", 1000.0), ("1,234", 1234.0),
    ("1,234,567.5", 1234567.5), (0, 0.0), ("0", 0.0),
    (None, None), ("", None), ("N/A", None), ("12%", None), ("1.2万", None), ("12,34", None), ("1,2345", None),
    (True, None), (False, None), (float("nan"), None), (float("inf"), None), ("nan", None), ([1], None),
    ({"v": 1}, None),
])
def test_to_number(raw: object, expected: float | None) -> None:
    assert parse.to_number(raw) == expected


def test_integers_and_ids() -> None:
    assert parse.to_int("1990") == 1990 and parse.to_int(12.5) is None and parse.to_int("x") is None
    assert parse.to_id(7_123_456_789_012_345_678) == "7123456789012345678" and parse.to_id(None) == ""
    assert parse.to_id(12.0) == "12" and parse.to_id(" r1 ") == "r1"


def test_times() -> None:
    assert parse.to_epoch(1_700_000_000) == 1_700_000_000
    assert parse.to_epoch(1_700_000_000_123) == pytest.approx(1_700_000_000.123)
    assert parse.to_epoch("2023-11-15 06:13:20") == 1_700_000_000  # Shanghai local = 22:13:20 UTC the day before
    assert parse.to_epoch(0) is None and parse.to_epoch("soon") is None and parse.to_epoch(None) is None
    assert parse.shanghai_date(1_700_000_000) == "2023-11-15"
    assert parse.shanghai_date(1_699_977_599) == "2023-11-14"  # 23:59:59 in Shanghai


def test_room_sample_keeps_missing_values_missing() -> None:
    record = {"room_id": 123, "room_status": "living", "total_live_watch_cnt": "1,500",
              "live_pay_order_gmv_alias": None, "stat_cost": "abc", "ctr": "0.05", "online_user_cnt": 42}
    sample = parse.room_sample(10.0, record)
    assert sample.room_id == "123" and sample.status is RoomStatus.LIVING and sample.ts == 10.0
    assert set(sample.values) == set(ROOM_METRIC_NAMES)
    assert sample.get("total_live_watch_cnt") == 1500 and sample.get("ctr") == 0.05
    assert sample.get("online_user_cnt") == 42
    for name in ("live_pay_order_gmv_alias", "stat_cost", "total_live_comment_cnt"):
        assert sample.get(name) is None
    assert not any(v == 0 for v in sample.values.values())


def test_room_info_and_unknown_status() -> None:
    info = parse.room_info({"room_id": "r", "room_title": "t", "room_status": "WEIRD", "start_time": "1700000000"})
    assert info is not None and info.status is RoomStatus.UNKNOWN and info.start_time == 1_700_000_000
    assert parse.room_info({"room_title": "no id"}) is None


def test_products_keep_list_positions() -> None:
    records = [{"productId": 11, "title": "a", "live_product_price": "9.9", "explain_status": "beingexplain"},
               {"title": "no id"},
               {"productId": "13", "live_product_Inventory": None}]
    items = parse.products(5.0, records)
    assert [(p.product_id, p.position) for p in items] == [("11", 1), ("13", 3)]
    assert items[0].values["live_product_price"] == 9.9 and items[0].explain_status == "BEINGEXPLAIN"
    assert items[1].values["live_product_Inventory"] is None and items[1].values["live_product_price"] is None


def test_flow_and_audience() -> None:
    flow = parse.flow(1.0, "AllEcomFlowSource", {"nature": "120", "live_pc_qian_chuan": None})
    assert set(flow.values) == set(FLOW_SOURCES)
    assert flow.values["nature"] == 120 and flow.values["live_pc_qian_chuan"] is None
    assert flow.values["activity"] is None
    aud = parse.audience(1.0, "PAY", "GENDER", {"gender": [{"gender_type": "男", "value": "0.4"},
                                                           {"gender_type": "女", "value": None},
                                                           {"gender_type": "", "value": 0.1}, "junk"]})
    assert dict(aud.values) == {"男": 0.4}


def test_order_states_masks_and_unreadable_orders() -> None:
    assert order_state(105, 0) is OrderState.PAID and order_state("4", None) is OrderState.CANCELLED
    assert order_state(5, 0) is OrderState.SETTLED and order_state(105, 12) is OrderState.REFUNDED
    assert order_state(1, None) is OrderState.CREATED and order_state(None, None) is OrderState.CREATED
    salt = b"s"
    assert mask_buyer("buyer-1", salt) == mask_buyer("buyer-1", salt) != mask_buyer("buyer-2", salt)
    assert mask_buyer("buyer-1", salt) != mask_buyer("buyer-1", b"other") and mask_buyer("", salt) == ""
    shops = [{"doudian_open_id": "buyer-1", "order_status": 105, "pay_amount": 500, "sku_order_list": [
        {"order_id": "a1", "item_num": "2", "pay_amount": "1990", "order_amount": 2990, "create_time": 100,
         "update_time": 200, "pay_time": 0},
        {"order_id": "a2", "item_num": 1, "pay_amount": None, "order_amount": 10, "create_time": 100},
        {"order_id": "a3", "item_num": 1, "pay_amount": "19.9", "order_amount": 10, "create_time": 100}]},
        "junk"]
    records, skipped = sku_orders(shops, salt)
    assert skipped == 3 and len(records) == 1
    rec = records[0]
    assert (rec.order_id, rec.item_num, rec.pay_amount_fen, rec.pay_time, rec.state) == \
        ("a1", 2, 1990, None, OrderState.PAID)
    assert rec.buyer_mask and "buyer" not in rec.buyer_mask and not math.isnan(rec.update_time)


def test_orders_keep_province_city_and_delivery_times_only() -> None:
    """Of the masked address only the province (short name) and city reach the record; never the receiver, the
    phone, the town, the street or the detail."""
    shop = {"doudian_open_id": "b", "mask_post_receiver": "林**", "mask_post_tel": "138****0917",
            "sku_order_list": [{
                "order_id": "x1", "item_num": 1, "pay_amount": 100, "order_amount": 100, "create_time": 100,
                "pay_time": 110, "ship_time": 200, "logistics_receipt_time": 0, "exp_ship_time": 300,
                "mask_post_addr": {"province": {"id": "65", "name": "新疆维吾尔自治区"},
                                   "city": {"id": "6501", "name": "乌鲁木齐市"}, "town": {"id": "1", "name": "**区"},
                                   "street": {"id": "2", "name": "****街道"}, "detail": "**路*****号"}}]}
    (rec,), skipped = sku_orders([shop], b"s")
    assert skipped == 0 and (rec.province, rec.city) == ("新疆", "乌鲁木齐")
    assert (rec.ship_time, rec.receipt_time, rec.exp_ship_time) == (200.0, None, 300.0)
    for masked in ("林**", "138****0917", "**区", "****街道", "**路*****号"):
        assert masked not in repr(rec)
    (bare,), _ = sku_orders([{"sku_order_list": [{"order_id": "x2", "item_num": 1, "pay_amount": 1,
                                                  "order_amount": 1, "create_time": 1}]}], b"s")
    assert (bare.province, bare.city, bare.ship_time, bare.receipt_time) == ("", "", None, None)
