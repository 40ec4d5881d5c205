"""Below-the-norm rules: the category norm table, the room's own baseline, and the per-product variant."""

from __future__ import annotations

import math

import numpy as np
from tests.support.alert_testkit import T0, frame, product_frames

from dyconsole.core.alerts import (
    ANY_CATEGORY,
    EXAMPLE_NORMS,
    Baseline,
    NormRule,
    NormSource,
    NormTable,
    ProductFrame,
    ProductNormRule,
    default_rules,
    per_minute,
    replay,
)

TABLE = NormTable({ANY_CATEGORY: {"interaction_rate": 0.05}, "food": {"interaction_rate": 0.10}})


def test_norm_table_falls_back_to_any_category_and_edits_copy() -> None:
    assert TABLE.get("food", "interaction_rate") == 0.10
    assert TABLE.get("apparel", "interaction_rate") == 0.05
    assert TABLE.get(None, "interaction_rate") == 0.05
    assert TABLE.get("food", "gpm") is None
    edited = TABLE.with_value("food", "interaction_rate", None)
    assert edited.get("food", "interaction_rate") == 0.05 and TABLE.get("food", "interaction_rate") == 0.10
    assert "food" not in edited.categories()


def test_example_norms_cover_the_metrics_the_defaults_use() -> None:
    for category in EXAMPLE_NORMS.categories():
        assert EXAMPLE_NORMS.get(category, "product_click_rate") is not None


def test_category_norm_rule_uses_the_rooms_category_and_margin() -> None:
    rule = NormRule(id="n", name="互动率低", metric="interaction_rate", margin=0.8, recovery_margin=0.9)
    # food norm 0.10: fires below 0.08, resolves at >= 0.09
    values = [0.085, 0.079, 0.085, 0.089, 0.091]
    frames = [frame(i * 5.0, {"interaction_rate": v}, category="food") for i, v in enumerate(values)]
    events = replay([rule], frames, norms=TABLE)
    assert [(e.kind, e.ts - T0) for e in events] == [("fired", 5.0), ("resolved", 20.0)]
    fired = events[0]
    assert fired.reference == 0.10 and math.isclose(fired.threshold or 0, 0.08)
    assert "类目常模" in fired.message_zh and "80%" in fired.message_zh and "7.9%" in fired.message_zh
    assert "category norm" in fired.message_en
    # the same values in a category without its own row are judged against the fallback (0.05): no alert
    other = [frame(i * 5.0, {"interaction_rate": v}, category="apparel") for i, v in enumerate(values)]
    assert replay([rule], other, norms=TABLE) == []


def test_no_norm_known_pauses_the_rule() -> None:
    rule = NormRule(id="n", name="n", metric="gpm")
    assert replay([rule], [frame(0, {"gpm": 0.0})], norms=TABLE) == []


def test_per_minute_bins_and_marks_empty_minutes() -> None:
    out = per_minute([0, 30, 65, 200, 250], [1.0, 3.0, None, 5.0, 7.0])
    assert out[0] == 2.0 and math.isnan(out[1]) and math.isnan(out[2]) and out[3] == 5.0 and out[4] == 7.0
    assert len(per_minute([10.0], [1.0], minutes=3)) == 3


def test_baseline_is_the_median_of_past_sessions_at_that_minute() -> None:
    sessions = [[1.0, 10.0, 100.0], [2.0, 20.0], [3.0, np.nan, 300.0], [50.0]]
    b = Baseline.from_sessions({"online": sessions}, min_sessions=2, spread_min=0)
    assert b.value("online", 30) == 2.5  # median of 1, 2, 3, 50
    assert b.value("online", 60) == 15.0  # median of 10, 20
    assert b.value("online", 150) == 200.0  # median of 100, 300
    assert b.value("online", 200) is None  # beyond every session
    assert b.value("gpm", 0) is None and b.value("online", None) is None
    one = Baseline.from_sessions({"online": [[1.0, 2.0], [5.0]]}, min_sessions=2, spread_min=0)
    assert one.value("online", 0) == 3.0 and one.value("online", 60) is None  # only one session at minute 1


def test_baseline_spread_pools_neighbouring_minutes() -> None:
    b = Baseline.from_sessions({"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}, min_sessions=2, spread_min=1)
    assert b.value("x", 60) == 3.5  # median of 1..6


def test_baseline_rule_compares_with_the_same_broadcast_minute() -> None:
    baseline = Baseline.from_sessions({"online": [[100.0, 1000.0], [120.0, 1200.0]]}, spread_min=0)
    rule = NormRule(id="b", name="低于往场", metric="online", norm_source=NormSource.BASELINE, margin=0.5)
    frames = [frame(30, {"online": 80.0}), frame(90, {"online": 500.0})]  # 80 vs 110 ok; 500 vs 1100 low
    events = replay([rule], frames, baseline=baseline)
    assert [(e.kind, e.ts - T0, e.reference) for e in events] == [("fired", 90.0, 1100.0)]
    assert "往场同时段基线" in events[0].message_zh and "baseline" in events[0].message_en
    assert replay([rule], frames, baseline=None) == []  # no baseline: paused


def product_rule(**kw: object) -> ProductNormRule:
    base: dict[str, object] = dict(id="p", name="商品点击率低", margin=0.8, recovery_margin=0.9, window_s=60,
                                   min_impressions=100, min_evidence=0.0)
    base.update(kw)
    return ProductNormRule(**base)  # type: ignore[arg-type]


NORM = NormTable({ANY_CATEGORY: {"product_click_rate": 0.10}})


def test_product_rule_fires_per_product_and_names_it() -> None:
    # 10 impressions a poll; good: 1 click a poll (10%); bad: 0.5 a poll (5%)
    good = product_frames([1.0] * 30, 10.0, pid="good", title="好商品")
    bad = product_frames([0.5] * 30, 10.0, pid="bad", title="纯棉T恤")
    frames = [frame(g.ts - T0, {}, products=(g.products[0], b.products[0])) for g, b in zip(good, bad)]
    events = replay([product_rule()], frames, norms=NORM)
    assert [(e.kind, e.subject) for e in events] == [("fired", "bad")]
    e = events[0]
    assert e.subject_name == "纯棉T恤" and "纯棉T恤" in e.message_zh and "纯棉T恤" in e.message_en
    assert math.isclose(e.value or 0, 0.05) and e.ts - T0 == 60.0  # first full 60 s window with >= 100 impressions


def test_product_rule_needs_enough_impressions_and_recovers() -> None:
    few = product_frames([0.0] * 30, 1.0)  # 12 impressions a minute: never judged
    assert replay([product_rule()], few, norms=NORM) == []
    clicks = [0.0] * 20 + [2.0] * 30  # no clicks, then 20%
    events = replay([product_rule()], product_frames(clicks, 10.0), norms=NORM)
    assert [e.kind for e in events] == ["fired", "resolved"]
    assert "已恢复" in events[1].message_zh


def test_product_counter_reset_restarts_the_window() -> None:
    frames = product_frames([0.5] * 13, 10.0)
    reset = frame(65.0, {}, products=(ProductFrame("p1", "纯棉T恤", 0.0, 0.0),))
    # fires at 60; after the reset the window is empty: no new value, the alert stays (no resolve, no refire)
    events = replay([product_rule()], [*frames, reset, frame(70.0, {}, products=reset.products)], norms=NORM)
    assert [(e.kind, e.ts - T0) for e in events] == [("fired", 60.0)]


def test_product_rule_tolerates_the_noise_of_small_counts() -> None:
    # norm 10%, margin 80%: 6 clicks in 120 impressions (5%) could be bad luck at 8% (9.6 expected) ...
    marginal = product_frames([0.5] * 30, 10.0)
    assert replay([product_rule(min_evidence=4.0)], marginal, norms=NORM) == []
    assert replay([product_rule(min_evidence=0.0)], marginal, norms=NORM) != []
    # ... 3 clicks in 120 (2.5%) can hardly be: it fires with the same evidence threshold
    clear = product_frames([0.0, 0.0, 0.0, 1.0] * 8, 10.0)
    assert [e.kind for e in replay([product_rule(min_evidence=4.0)], clear, norms=NORM)] == ["fired"]


def test_shipped_product_rule_rarely_fires_for_a_product_at_the_norm() -> None:
    rng = np.random.default_rng(5)
    rule = [r for r in default_rules() if isinstance(r, ProductNormRule)][0]
    fired = 0
    for pid in range(10):
        # one broadcast hour at exactly the norm (8% of ~8 impressions a 5-s poll), per product
        clicks = imps = 0.0
        frames = []
        for k in range(720):
            n = rng.poisson(8)
            imps, clicks = imps + n, clicks + rng.binomial(n, 0.08)
            frames.append(frame(k * 5.0, {}, products=(ProductFrame(f"p{pid}", "x", clicks, imps),)))
        fired += sum(e.kind == "fired" for e in replay([rule], frames, norms=EXAMPLE_NORMS))
    assert fired <= 2  # calibration: about 1 in 20 product-hours


def test_product_frame_reads_the_product_sample_fields() -> None:
    from dyconsole.core.model import ProductSample

    sample = ProductSample(T0, "p9", "保温杯", "BEINGEXPLAIN", 1,
                           {"live_click_product_count_alias": 7.0, "live_product_show_cnt_alias": None})
    assert ProductFrame.from_sample(sample) == ProductFrame("p9", "保温杯", 7.0, None)
