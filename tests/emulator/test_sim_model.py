"""The demo room's model behaves like a live room: Little's law on the truth, a funnel that only narrows,
counters that never go back, stock that never goes negative, orders that settle after the show, and
fields named and shaped as the APIs name them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dyconsole.core.metrics import FLOW_SOURCES, ROOM_COUNTERS, ROOM_METRIC_NAMES
from dyconsole.emulator.scenarios import ScenarioEvent
from dyconsole.emulator.sim import SimConfig, Simulator

START = SimConfig().start_ts
HOUR = 3600


@pytest.fixture(scope="module")
def full_show() -> Simulator:
    """A whole 3-hour broadcast, the default room."""
    sim = Simulator(SimConfig(seed=11))
    sim.advance_to(START + 3 * HOUR)
    return sim


def test_littles_law_holds_on_the_ground_truth(full_show: Simulator) -> None:
    truth = full_show.truth
    window = slice(3600, 7200)  # a steady hour, well past the warm-up
    mean_concurrent = float(np.mean(truth.concurrent[window]))
    arrival_rate = float(np.mean(truth.entries[window]))
    # Little's law L = lambda * W; W is the realised mean stay of everyone who left. Tolerance 10%: the arrival
    # rate swings gently within the hour and stays are long-tailed.
    assert mean_concurrent == pytest.approx(arrival_rate * truth.dwell_mean_s(), rel=0.10)


def test_a_normal_show_is_a_mid_size_room_without_a_cliff(full_show: Simulator) -> None:
    conc = full_show.truth.concurrent
    assert 300 <= np.mean(conc[1800:]) <= 5000
    minute = conc[: len(conc) // 60 * 60].reshape(-1, 60).mean(axis=1)[10:]
    assert np.min(minute[1:] / minute[:-1]) > 0.8  # no minute loses a fifth of the room
    gmv = full_show.room_stats()["live_pay_order_gmv_alias"]
    assert 10_000 <= gmv <= 300_000


def test_the_funnel_only_narrows(full_show: Simulator) -> None:
    s = full_show.room_stats()
    assert s["total_live_show_cnt"] >= s["total_live_watch_cnt"] >= s["live_watch_one_minute_count"]
    assert s["live_product_show_cnt_alias"] >= s["live_click_product_count_alias"] >= s["live_click_cart_count_alias"]
    assert s["live_click_cart_count_alias"] >= s["live_create_order_count_alias"] >= s["live_pay_order_count_alias"]
    assert s["live_pay_order_count_alias"] > 0 and s["click_cnt"] >= s["convert_cnt"]
    for p in full_show.products():
        assert p["live_product_show_cnt_alias"] >= p["live_click_product_count_alias"] >= p["live_pay_order_count_alias"]


def test_counters_never_decrease_and_stock_never_goes_negative() -> None:
    sim = Simulator(SimConfig(seed=12, duration_s=HOUR), scenario=None)
    previous = sim.room_stats()
    rng = np.random.default_rng(0)
    t = 0.0
    while t < HOUR + 9 * 86_400:
        t += float(rng.uniform(1, 400)) if t < HOUR else float(rng.uniform(3600, 86_400))
        sim.advance_to(START + t)
        now = sim.room_stats()
        for name in ROOM_COUNTERS:
            assert now[name] >= previous[name], (name, t)
        assert all(p["live_product_Inventory"] >= 0 for p in sim.products())
        previous = now


def test_a_viral_product_sells_out_exactly_its_stock() -> None:
    sim = Simulator(SimConfig(seed=13, duration_s=2 * HOUR, n_products=5))
    sim.advance_to(START)
    first = sim.products()[0]
    sim.apply_event(ScenarioEvent("viral_product", 0, 2 * HOUR, 20.0, first["productId"]))
    sim.advance_to(START + 2 * HOUR)
    after = {p["productId"]: p for p in sim.products()}
    assert after[first["productId"]]["live_product_Inventory"] == 0
    sold = sum(o.item_num for o in sim.orders() if o.product_id == first["productId"] and not o.is_repurchase)
    assert sold == first["live_product_Inventory"]  # every unit, and not one more


def test_settlement_refunds_and_repurchase_continue_after_the_end(full_show: Simulator) -> None:
    sim = Simulator(SimConfig(seed=11, duration_s=HOUR))
    sim.advance_to(START + HOUR)
    at_end = sim.room_stats()
    assert sim.status == "FINISH" and at_end["online_user_cnt"] == 0
    assert at_end["live_order_settle_amount_7d"] == 0  # nothing settles within the hour of the show
    sim.advance_to(START + HOUR + 4 * 86_400)
    mid = sim.room_stats()
    sim.advance_to(START + HOUR + 9 * 86_400)
    late = sim.room_stats()
    assert 0 < mid["live_order_settle_amount_7d"] < late["live_order_settle_amount_7d"]
    assert late["live_order_refund_amount_7d"] > 0
    assert late["live_pay_order_gmv_alias"] >= late["live_order_settle_amount_7d"] + late["live_order_refund_amount_7d"] - 0.01
    orders = sim.orders()
    assert {o.order_status for o in orders if not o.is_repurchase} <= {4, 5}  # all settled, refunded or cancelled
    assert any(o.is_repurchase for o in orders)
    assert all(o.create_time >= START + HOUR for o in orders if o.is_repurchase)


def test_viewers_past_three_minutes_convert_more(full_show: Simulator) -> None:
    rates = full_show.truth.order_rate_by_stay()
    assert rates["over_3min"] > 2 * rates["under_3min"] > 0


def test_room_stats_fields_and_gauges(full_show: Simulator) -> None:
    s = full_show.room_stats()
    assert list(s) == list(ROOM_METRIC_NAMES)
    assert s["live_pay_order_gmv_roi"] == pytest.approx(s["live_pay_order_gmv_alias"] / s["stat_cost"], abs=0.01)
    assert s["total_live_pay_order_gpm"] == pytest.approx(
        s["live_pay_order_gmv_alias"] * 1000 / s["total_live_watch_cnt"], abs=0.01)
    assert 0 < s["ctr"] < 1 and s["cpm_platform"] > 0


def test_online_user_cnt_is_the_true_concurrent_count() -> None:
    sim = Simulator(SimConfig(seed=14, duration_s=HOUR))
    sim.advance_to(START + 1234)
    assert sim.status == "LIVING"
    assert sim.room_stats()["online_user_cnt"] == sim.truth.concurrent[-1] > 0


def test_flow_audience_products_and_orders_are_shaped_like_the_apis(full_show: Simulator) -> None:
    entries = full_show.flow("AllEcomFlowSource")
    assert list(entries) == list(FLOW_SOURCES)
    assert sum(entries.values()) == full_show.room_stats()["total_live_watch_cnt"]
    assert entries["live_pc_qian_chuan"] > 0
    gmv = full_show.flow("AllEcomGmvSource")
    assert sum(gmv.values()) == pytest.approx(full_show.room_stats()["live_pay_order_gmv_alias"], abs=0.1)
    with pytest.raises(ValueError):
        full_show.flow("Nope")
    for event in ("ENTER", "PAY"):
        cities = full_show.audience(event, "CITY")
        assert len(cities) == 16 and cities[-1][0] == "其他"
        assert {g for g, _ in full_show.audience(event, "GENDER")} == {"MALE", "FEMALE", "UNKNOWN"}
        assert [a for a, _ in full_show.audience(event, "AGE")][0] == "AGE_18_23"
    assert sum(n for _, n in full_show.audience("ENTER", "AGE")) == full_show.room_stats()["total_live_watch_cnt"]
    with pytest.raises(ValueError):
        full_show.audience("LEAVE", "CITY")
    products = full_show.products()
    assert 20 <= len(products) <= 60
    assert [p["productId"] for p in products] == full_show.product_order()
    assert all(isinstance(p["productId"], str) and p["title"] for p in products)
    orders = full_show.orders()
    assert len({o.order_id for o in orders}) == len(orders)
    assert all(isinstance(o.pay_amount, int) and o.theme_type in ("0", "1") for o in orders)


def test_room_info_times_and_status() -> None:
    sim = Simulator(SimConfig(seed=15, duration_s=600))
    sim.advance_to(START - 5)
    assert sim.status == "PREPARE" and sim.elapsed_s == 0
    sim.advance_to(START + 10)
    info = sim.room_info()
    assert info["room_status"] == "LIVING" and info["end_time"] == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", info["start_time"])
    assert info["start_time"] == "2025-12-29 17:20:00"  # 1_767_000_000 in Asia/Shanghai
    sim.advance_to(START + 700)
    assert sim.room_info()["end_time"] == "2025-12-29 17:30:00" and sim.status == "FINISH"


def test_pay_audience_counts_paying_users_once(full_show: Simulator) -> None:
    paid_buyers = {o.buyer_id for o in full_show.orders() if not o.is_repurchase and o.pay_time is not None}
    for dimension in ("CITY", "GENDER", "AGE"):
        assert sum(n for _, n in full_show.audience("PAY", dimension)) == len(paid_buyers)


def test_a_product_order_set_after_the_show_is_kept() -> None:
    sim = Simulator(SimConfig(seed=16, duration_s=300))
    sim.advance_to(START + 400)
    order = list(reversed(sim.product_order()))
    sim.set_product_order(order)
    assert sim.product_order() == order == [p["productId"] for p in sim.products()]


def test_the_seed_chooses_20_to_60_products() -> None:
    sizes = [len(Simulator(SimConfig(seed=seed, duration_s=60)).product_order()) for seed in range(30)]
    assert min(sizes) >= 20 and max(sizes) <= 60 and len(set(sizes)) > 5


def test_order_lifecycle_unpaid_orders_cancel_and_paid_ones_ship() -> None:
    sim = Simulator(SimConfig(seed=17, duration_s=1800))
    sim.advance_to(START + 1800)
    fresh = sim.orders()
    assert all(o.order_status == 1 for o in fresh if o.pay_time is None and o.create_time + 1800 > START + 1800)
    # payment comes within two minutes of ordering or never
    unpaid = [o for o in fresh if o.pay_time is None and o.create_time < START + 1800 - 120]
    assert unpaid
    sim.advance_to(START + 1800 + 2 * 86_400)
    later = {o.order_id: o for o in sim.orders()}
    for o in unpaid:
        now = later[o.order_id]
        assert (now.order_status, now.after_sale_status, now.update_time) == (4, 0, o.create_time + 1800)
    paid = [later[o.order_id] for o in fresh if o.pay_time is not None]
    assert paid and all(o.order_status in (3, 4) and o.update_time > o.pay_time for o in paid)
    assert all(o.pay_amount == o.order_amount > 0 and o.item_num >= 1 for o in later.values())


def test_order_ids_are_unique_per_broadcast_and_stable_when_rebuilt() -> None:
    from dyconsole.emulator.sim import SimConfig, Simulator

    def ids(start: float) -> list[str]:
        sim = Simulator(SimConfig(seed=3, start_ts=start, duration_s=1800, n_products=20))
        sim.advance_to(start + 1800)
        return [o.order_id for o in sim.orders()]

    first, again, next_day = ids(1_767_000_000.0), ids(1_767_000_000.0), ids(1_767_086_400.0)
    assert first and first == again  # a resumed recording rebuilds the same broadcast: the same ids
    assert not set(first) & set(next_day)  # the same seed broadcast again: no id reused
    assert all(len(i) == 19 and i.isdigit() for i in first + next_day)


def test_orders_chosen_by_time_before_they_are_built_are_those_the_full_list_filtered_gives() -> None:
    """An order search asks for the orders created or last updated within some minutes: the room chooses them by
    their times (update times worked out for all orders at once, as each order's state gives it) before building any,
    the same orders in the same order as building every order and filtering."""
    sim = Simulator(SimConfig(seed=11, duration_s=HOUR))
    for now in (START + HOUR // 2, START + HOUR + 3 * 86_400):
        sim.advance_to(now)
        every = sim.orders()
        store = sim._engine.orders
        idx = np.arange(store.n)
        assert store.update_times(idx, sim._now).tolist() == [store.state_at(i, sim._now)[2] for i in range(store.n)]
        for created, updated in (((None, None), (now - 600, now)), ((START, START + 900), (None, None)),
                                 ((START + 300, None), (None, now - 3600)), ((None, None), (None, None))):
            want = [o for o in every if (created[0] is None or o.create_time >= created[0])
                    and (created[1] is None or o.create_time <= created[1])
                    and (updated[0] is None or o.update_time >= updated[0])
                    and (updated[1] is None or o.update_time <= updated[1])]
            assert sim.orders(created, updated) == want
        if now < START + HOUR:  # mid-show: the last 10 minutes' updates are some of the orders
            assert 0 < len(sim.orders(updated=(now - 600, now))) < len(every)
