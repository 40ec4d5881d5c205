"""Funnel (stage rates, missing stages, where most is lost, the seed relation) and the 7-day net ROI."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.funnel import DEFAULT_NORMS, STAGES, session_funnel, window_funnel
from dyconsole.core.model import OrderRecord, OrderState, RoomSample, RoomStatus
from dyconsole.core.roi import ROI_7D_EN, SETTLE_WINDOW_S, roi_7d

FULL = {
    "total_live_show_cnt": 100_000.0,
    "total_live_watch_cnt": 20_000.0,
    "live_product_show_cnt_alias": 30_000.0,
    "live_click_product_count_alias": 1_500.0,
    "live_create_order_count_alias": 300.0,
    "live_pay_order_count_alias": 240.0,
    "live_pay_order_gmv_alias": 24_000.0,
}


def _s(ts: float, values: dict[str, float | None]) -> RoomSample:
    return RoomSample(ts, "r", RoomStatus.LIVING, values)


def test_rates_from_the_previous_stage_and_the_seed_relation() -> None:
    f = session_funnel(_s(0, FULL))
    assert [s.key for s in f.steps] == [s.key for s in STAGES]
    assert f.steps[0].rate is None
    assert f.step("entries").rate == pytest.approx(0.2)
    assert f.step("clicks").rate == pytest.approx(0.05) and f.step("clicks").from_key == "product_impressions"
    seed = f.seed
    assert seed.ctr == pytest.approx(0.05) and seed.purchase_rate == pytest.approx(0.2)
    assert seed.pay_rate == pytest.approx(0.8) and seed.aov == pytest.approx(100.0)
    assert seed.product_impressions * seed.ctr * seed.purchase_rate * seed.pay_rate == pytest.approx(240.0)
    assert seed.paid_orders * seed.aov == pytest.approx(seed.gmv)


def test_where_most_is_lost_relative_to_norms_or_raw() -> None:
    f = session_funnel(_s(0, FULL))
    # step / norm: entries 0.2/0.15, impressions 1.5/1, clicks 0.05/0.10 = 0.5, orders 0.2/0.12, paid 0.8/0.85
    assert f.worst_key == "clicks" and f.worst_vs_norm == pytest.approx(0.5)
    raw = session_funnel(_s(0, FULL), norms=None)
    assert raw.worst_key == "clicks" and raw.worst_vs_norm == pytest.approx(0.05)
    bad_pay = dict(FULL, live_pay_order_count_alias=150.0)  # 0.5 / 0.85 ~ 0.59 still better than clicks
    assert session_funnel(_s(0, bad_pay)).worst_key == "clicks"
    worse_pay = dict(FULL, live_pay_order_count_alias=90.0)  # 0.3 / 0.85 ~ 0.35
    assert session_funnel(_s(0, worse_pay)).worst_key == "paid"
    assert set(DEFAULT_NORMS) == {s.key for s in STAGES[1:]}


def test_missing_stages_show_missing_and_the_next_rate_skips_them() -> None:
    values = dict(FULL, total_live_show_cnt=None, live_product_show_cnt_alias=None)
    f = session_funnel(_s(0, values))
    assert f.step("impressions").count is None and f.step("entries").rate is None
    clicks = f.step("clicks")
    assert clicks.from_key == "entries" and clicks.rate == pytest.approx(1500 / 20000)
    assert f.step("product_impressions").from_key is None
    assert f.seed.ctr is None and f.seed.product_impressions is None
    assert f.worst_key == "paid"  # clicks (0.075 per entry) skip a stage: no norm of their own to judge by
    nothing = session_funnel(_s(0, {}))
    assert nothing.worst_key is None and all(s.count is None for s in nothing.steps)


def test_window_funnel_uses_counter_increases_and_refuses_resets() -> None:
    a = _s(100.0, {k: v / 2 for k, v in FULL.items()})
    b = _s(200.0, FULL)
    f = window_funnel(a, b)
    assert f.window == (100.0, 200.0)
    assert f.step("entries").count == 10_000.0 and f.seed.gmv == 12_000.0
    assert window_funnel(b, a).window == (100.0, 200.0)
    reset = _s(300.0, dict(FULL, live_pay_order_count_alias=5.0))
    w = window_funnel(b, reset)
    assert w.step("paid").count is None and w.step("orders").count == 0.0


def _order(i: int, pay: float | None, fen: int, state: OrderState, update: float | None = None) -> OrderRecord:
    return OrderRecord(f"o{i}", "r", "p", 1, fen, fen, 0.0, update if update is not None else (pay or 0.0), pay,
                       state)


def test_roi_7d_nets_refunds_within_7_days_and_says_when_final() -> None:
    start, end = 1000.0, 5000.0
    orders = [
        _order(1, 1100.0, 10_000, OrderState.PAID),
        _order(2, 2000.0, 20_000, OrderState.SETTLED),
        _order(3, 3000.0, 5_000, OrderState.REFUNDED, update=3000.0 + 86_400),  # refunded in time: deducted
        _order(4, 3000.0, 7_000, OrderState.REFUNDED, update=3000.0 + SETTLE_WINDOW_S + 1),  # too late
        _order(5, 6000.0, 99_999, OrderState.PAID),  # paid after the session
        _order(6, None, 50_000, OrderState.CANCELLED),
        _order(1, 1100.0, 10_000, OrderState.PAID),  # polled twice
    ]
    r = roi_7d(orders, ad_spend_yuan=200.0, session_start=start, session_end=end, now=end + 3600)
    assert r.paid_yuan == pytest.approx(420.0) and r.refunded_yuan == pytest.approx(50.0)
    assert r.sales_yuan == pytest.approx(370.0) and r.orders == 4 and r.refunds == 1
    assert r.roi == pytest.approx((370.0 - 200.0) / 200.0)
    assert not r.final and r.en == ROI_7D_EN and "GMV" not in r.en
    assert roi_7d(orders, 200.0, start, end, now=end + SETTLE_WINDOW_S).final
    none = roi_7d(orders, 0.0, start, end, now=end)
    assert none.roi is None and not math.isnan(none.sales_yuan)
