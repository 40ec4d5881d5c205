"""The metric over one slot comes from the counters' increases after washout; gaps and resets add nothing."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dyconsole.core.experiments.plan import AB_METRICS
from dyconsole.core.experiments.slot_metric import consecutive_slot_values, slot_value


def room(minutes: int = 20, entries_per_min: float = 100.0, orders_per_min: float = 2.0, price: float = 50.0):
    ts = np.arange(0, minutes * 60 + 1, 10.0)
    m = ts / 60.0
    cols = {
        "total_live_watch_cnt": entries_per_min * m,
        "live_pay_order_count_alias": orders_per_min * m,
        "live_pay_order_gmv_alias": orders_per_min * price * m,
        "live_click_product_count_alias": 10 * m,
        "live_product_show_cnt_alias": 200 * m,
        "total_live_like_cnt": 30 * m, "total_live_comment_cnt": 5 * m,
        "total_live_share_cnt": 1 * m, "total_live_follow_cnt": 4 * m,
        "avg_dwell_s": np.full(ts.shape, 90.0),
    }
    return ts, cols


def test_each_metric_matches_the_rates_the_counters_were_built_from() -> None:
    ts, cols = room()
    got = {k: slot_value(k, ts, cols, 0.0, 600.0, 120.0) for k in AB_METRICS}
    assert got["gpm"] == pytest.approx(2 * 50 / 100 * 1000)
    assert got["conversion_rate"] == pytest.approx(0.02)
    assert got["paid_orders_per_min"] == pytest.approx(2.0)
    assert got["product_click_rate"] == pytest.approx(0.05)
    assert got["interaction_rate"] == pytest.approx(0.40)
    assert got["avg_dwell_s"] == pytest.approx(90.0)


def test_washout_excludes_the_first_minutes() -> None:
    ts, cols = room()
    # orders run at 10/min in the first 3 minutes of the slot (carry-over), 2/min after
    extra = np.clip(ts - 600, 0, 180) / 60 * 8
    cols["live_pay_order_count_alias"] = cols["live_pay_order_count_alias"] + extra
    assert slot_value("paid_orders_per_min", ts, cols, 600.0, 1200.0, 180.0) == pytest.approx(2.0)
    assert slot_value("paid_orders_per_min", ts, cols, 600.0, 1200.0, 0.0) > 3.0


def test_a_gap_or_a_reset_adds_nothing_and_never_a_negative() -> None:
    ts, cols = room()
    orders = cols["live_pay_order_count_alias"].copy()
    orders[40:43] = np.nan  # a gap of 30 s
    orders[50:] -= 20  # a counter reset (bad read)
    cols["live_pay_order_count_alias"] = orders
    v = slot_value("paid_orders_per_min", ts, cols, 0.0, 1200.0, 0.0)
    assert v == pytest.approx(2.0)


def test_too_little_data_is_none() -> None:
    ts, cols = room()
    assert slot_value("gpm", ts, cols, 0.0, 600.0, 590.0) is None  # washout leaves one sample
    cols["total_live_watch_cnt"] = np.zeros_like(ts)
    assert slot_value("conversion_rate", ts, cols, 0.0, 600.0, 60.0) is None  # no entries
    cols2 = dict(room()[1])
    cols2["live_pay_order_count_alias"] = np.where(ts > 100, np.nan, cols2["live_pay_order_count_alias"])
    assert slot_value("paid_orders_per_min", ts, cols2, 0.0, 600.0, 0.0) is None  # mostly a gap


def test_click_rate_falls_back_to_entries_without_impressions() -> None:
    ts, cols = room()
    del cols["live_product_show_cnt_alias"]
    assert slot_value("product_click_rate", ts, cols, 0.0, 600.0, 0.0) == pytest.approx(0.10)
    with pytest.raises(KeyError):
        slot_value("online", ts, cols, 0.0, 600.0, 0.0)
    assert not math.isnan(slot_value("interaction_rate", ts, cols, 0, 600, 0) or math.nan)


def test_consecutive_slots_cut_a_session_as_a_plan_would() -> None:
    ts, cols = room(minutes=30)
    extra = np.clip(ts - 600, 0, 600) / 60 * 3.0  # 3 more orders a minute in the second 10 minutes
    cols["live_pay_order_count_alias"] = cols["live_pay_order_count_alias"] + extra
    got = consecutive_slot_values("paid_orders_per_min", ts, cols, 0.0, 600.0, 60.0)
    assert got == pytest.approx([2.0, 5.0, 2.0])
    assert len(consecutive_slot_values("gpm", ts, cols, 0.0, 600.0, 60.0, n_slots=2)) == 2
