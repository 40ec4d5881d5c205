"""The product board's rows without Qt (core.products.board): list order, 讲解中, each product's funnel with its
weakest step judged against the room's, orders created from the shop's orders (never fewer than paid), stock-out and
low-stock warnings from the recent sales rate; and the surge listener (services.products.surge) recording each hint."""

from __future__ import annotations

from dyconsole.core.model import OrderRecord, OrderState, ProductSample
from dyconsole.core.products.board import StockLevel, board_rows, orders_created, recent_sales, stock_level
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.products.surge import SurgeHint
from dyconsole.services.products.surge import SURGE_EVENT, SurgeWatch, surge_detail, surge_payload

IMPR, CLICKS, PAID, GMV, STOCK = ("live_product_show_cnt_alias", "live_click_product_count_alias",
                                  "live_pay_order_count_alias", "live_pay_order_gmv_alias", "live_product_Inventory")


def _p(pid: str, position: int, impressions: float, clicks: float, paid: float, stock: float = 100.0,
       status: str = "UNEXPLAIN", ts: float = 0.0) -> ProductSample:
    return ProductSample(ts, pid, f"title {pid}", status, position,
                         {IMPR: impressions, CLICKS: clicks, PAID: paid, GMV: paid * 10.0, STOCK: stock})


def _order(pid: str, n: int) -> OrderRecord:
    return OrderRecord(f"o{pid}{n}", "r", pid, 1, 100, 100, 0.0, 0.0, None, OrderState.CREATED)


def test_rows_in_list_order_with_the_explained_product_and_the_weakest_step_against_the_room() -> None:
    products = [_p("c", 3, 1000, 100, 5), _p("a", 1, 1000, 10, 2, status="BEINGEXPLAIN"), _p("b", 2, 1000, 100, 40)]
    created = orders_created([_order("a", i) for i in range(3)] + [_order("b", i) for i in range(50)]
                             + [_order("c", i) for i in range(50)])
    rows = board_rows(products, created)
    assert [r.product_id for r in rows] == ["a", "b", "c"] and [r.explaining for r in rows] == [True, False, False]
    a, b, c = rows
    assert a.ctr == 0.01 and a.weakest == "clicks" and a.weakest_rate_term == "product_ctr"  # 1% vs the room's 7%
    assert c.orders == 50 and c.order_rate == 0.5 and c.pay_rate == 0.1 and c.weakest == "paid"
    assert b.weakest is None  # every step at or above the room's
    assert a.orders == 3 and a.pay_rate is not None and abs(a.pay_rate - 2 / 3) < 1e-9


def test_orders_never_fewer_than_paid_and_missing_without_the_shops_orders() -> None:
    products = [_p("a", 1, 1000, 100, 7)]
    assert board_rows(products, {"a": 3})[0].orders == 7
    row = board_rows(products, None)[0]
    assert row.orders is None and row.order_rate is None
    assert row.pay_rate == 0.07 and row.funnel.step("paid").from_key == "clicks"


def test_stock_warnings() -> None:
    assert stock_level(0) is StockLevel.OUT and stock_level(None) is StockLevel.UNKNOWN
    assert stock_level(5) is StockLevel.LOW and stock_level(500) is StockLevel.OK
    assert stock_level(100, sold_per_min=10.0) is StockLevel.LOW and stock_level(100, sold_per_min=1.0) is StockLevel.OK
    history = ProductHistory()
    for minute in range(12):
        history.append(60.0 * minute, [_p("a", 1, 100, 10, 4.0 * minute, ts=60.0 * minute),
                                        _p("b", 2, 100, 10, 0.0, ts=60.0 * minute)])
    sales = recent_sales(history)
    assert abs(sales["a"] - 4.0) < 1e-9 and sales["b"] == 0.0
    rows = board_rows([_p("a", 1, 100, 10, 44, stock=50), _p("b", 2, 100, 10, 0, stock=50),
                       _p("c", 3, 100, 10, 0, stock=0)], None, sales)
    assert [r.stock_level for r in rows] == [StockLevel.LOW, StockLevel.OK, StockLevel.OUT]


class _Log:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict, float | None]] = []

    def add_event(self, kind: str, payload: dict | None = None, ts: float | None = None) -> None:
        self.events.append((kind, payload or {}, ts))


class _Detector:
    active: list[str] = []

    def push(self, ts: float, _products: object) -> list[SurgeHint]:
        return [SurgeHint("p1", "连衣裙", ts, 12.5, 0.01, 0.05, True, ts - 60)] if ts == 120.0 else []


def test_the_surge_listener_records_each_hint_then_tells_its_subscribers() -> None:
    log = _Log()
    watch = SurgeWatch(log, _Detector())  # type: ignore[arg-type]
    told: list[tuple[str, int]] = []
    polls: list[int] = []
    watch.subscribe(lambda h: told.append((h.product_id, len(log.events))), lambda: polls.append(1))
    watch.on_products(60.0, [])
    watch.on_products(120.0, [])
    assert [(k, p["product_id"], ts) for k, p, ts in log.events] == [(SURGE_EVENT, "p1", 120.0)]
    assert told == [("p1", 1)] and len(polls) == 2  # recorded before anyone is told
    payload = log.events[0][1]
    assert payload == surge_payload(watch.hints[0]) and payload["rate_after"] == 0.05
    assert surge_detail(payload) == "连衣裙 ×5.0" and surge_detail({"product_id": "p9"}) == "p9"
