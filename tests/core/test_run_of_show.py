"""The run of show's rules (core.run_of_show) and conversion against stay (core.dwell) on made-up polls whose answer
is known: segments cut where the product, the A/B slot or the topic changes, each counting from the poll before
(minutes add up; entries, orders and GMV are the counters' gains); a gap keeps the last counters; best and worst by
GMV per minute; the Wilson range holds the conversion; the bands and the lift recover a room built with a known
lift."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dyconsole.core.dwell import stay_bands, stay_buckets, stay_lift
from dyconsole.core.run_of_show import Labeller, RunOfShow, SegmentLabel, mark_best_worst
from dyconsole.core.session_records import SessionEvent, VariantSlot


def _push(run: RunOfShow, ts: float, label: SegmentLabel, entries: float | None, orders: float | None,
          gmv: float | None, share: float | None = 0.3) -> None:
    values = {"total_live_watch_cnt": entries, "live_pay_order_count_alias": orders, "live_pay_order_gmv_alias": gmv}
    run.push(ts, label, values, {"avg_dwell_s": 100.0, "long_stay_share": share})


def test_segments_cut_at_each_change_and_count_from_the_poll_before() -> None:
    run = RunOfShow()
    a, b = SegmentLabel("p1", "Coat"), SegmentLabel("p2", "Scarf")
    for i in range(5):
        _push(run, 60.0 * i, a, 100.0 * i, 2.0 * i, 50.0 * i)
    _push(run, 300.0, b, 700.0, 8.0, 400.0)
    _push(run, 360.0, b, None, None, None)  # a gap: nothing moves
    _push(run, 420.0, b, 900.0, 10.0, 700.0)
    segs = run.segments()
    assert [s.label.product for s in segs] == ["Coat", "Scarf"]
    first, second = segs
    assert (first.start, first.end, first.entries, first.paid_orders, first.gmv) == (0.0, 240.0, 400.0, 8.0, 200.0)
    assert (second.start, second.end, second.entries, second.paid_orders, second.gmv) == (240.0, 420.0, 500.0, 2.0, 500.0)
    assert first.minutes + second.minutes == pytest.approx(7.0)
    assert second.conversion == pytest.approx(2.0 / 500.0)
    low, high = second.conversion_range()
    assert low < second.conversion < high < 0.02
    assert (second.mark, first.mark) == ("best", "worst")  # 500/3 min beats 200/4 min


def test_a_first_poll_of_its_own_is_no_segment() -> None:
    run = RunOfShow()
    _push(run, 0.0, SegmentLabel(), 0.0, 0.0, 0.0)  # no products poll yet
    _push(run, 60.0, SegmentLabel("p1", "Coat"), 100.0, 1.0, 10.0)
    segs = run.segments()
    assert [(s.label.product, s.start, s.end, s.entries) for s in segs] == [("Coat", 0.0, 60.0, 100.0)]


def test_no_best_or_worst_without_two_ranked_segments_that_differ() -> None:
    run = RunOfShow()
    _push(run, 0.0, SegmentLabel("p1"), 0.0, 0.0, 0.0)
    _push(run, 600.0, SegmentLabel("p1"), 100.0, 1.0, 10.0)
    _push(run, 630.0, SegmentLabel("p2"), 110.0, 1.0, 10.0)  # half a minute: not ranked
    assert [s.mark for s in mark_best_worst(run.segments())] == ["", ""]


def test_labeller_reads_slots_and_topics() -> None:
    slots = [VariantSlot("B", 200.0, 300.0), VariantSlot("A", 100.0, 200.0)]
    events = [SessionEvent(150.0, "topic", {"topic": " Q&A "}), SessionEvent(250.0, "topic", {"topic": ""}),
              SessionEvent(120.0, "note", {"text": "x"})]
    lab = Labeller(slots, events)
    assert [lab.variant_at(t) for t in (50.0, 100.0, 199.0, 200.0, 300.0)] == [None, "A", "A", "B", None]
    assert [lab.topic_at(t) for t in (100.0, 150.0, 249.0, 250.0)] == [None, "Q&A", "Q&A", None]
    lab.add_topic(400.0, "Giveaway")
    label = lab.label(410.0, [("p1", "Coat"), ("p2", "Hat")])
    assert label == SegmentLabel("p1,p2", "Coat / Hat", None, "Giveaway")


def test_bands_and_lift_recover_a_known_lift() -> None:
    """Orders per viewer-minute = r (1 + (L - 1) share): a viewer past 3 minutes buys L = 3 times a newcomer."""
    rng = np.random.default_rng(5)
    ts, online, share, orders = [], [], [], []
    total = 0.0
    for k in range(36 * 30):  # 3 h polled every 10 s
        t = 10.0 * k
        s = 0.25 + 0.2 * math.sin(t / 1500.0)
        rate = 0.002 * (1 + 2.0 * s) * 10_000 * 10 / 60.0  # 10 000 viewers online
        total += rng.poisson(rate)
        ts.append(t), online.append(10_000.0), share.append(s), orders.append(total)
    buckets = stay_buckets(ts, online, share, orders)
    assert len(buckets) == 36
    bands = stay_bands(buckets)
    assert [b.band for b in bands] == ["low", "mid", "high"]
    assert bands[0].rate < bands[1].rate < bands[2].rate
    lift = stay_lift(buckets)
    assert lift is not None and lift.low < 3.0 < lift.high and lift.lift == pytest.approx(3.0, rel=0.2)
    assert stay_lift(buckets[:5]) is None  # too few stretches
    flat = [b.__class__(b.start, 0.3, b.viewer_min, b.orders) for b in buckets]
    assert math.isnan(stay_lift(flat).lift) and stay_lift(flat).reason == "flat"  # unreadable, not made up
    # orders only where the share is high: the line leaves newcomers buying nothing
    steep = [b.__class__(b.start, b.share, b.viewer_min, b.orders if b.share > 0.3 else 0.0) for b in buckets]
    assert math.isnan(stay_lift(steep).lift) and stay_lift(steep).reason == "steep"
    # orders only where the share is low: the line leaves viewers past 3 minutes buying less than nothing
    falls = [b.__class__(b.start, b.share, b.viewer_min, b.orders if b.share < 0.2 else 0.0) for b in buckets]
    assert math.isnan(stay_lift(falls).lift) and stay_lift(falls).reason == "falls"  # never a negative multiple
    # a weak fall: a multiple under 1, its range's ends never below 0
    noise = np.random.default_rng(9)
    weak = [b.__class__(b.start, b.share, b.viewer_min, float(noise.poisson(b.viewer_min * (0.01 - 0.006 * b.share))))
            for b in buckets]  # orders a viewer-minute 0.01 - 0.006 x share: the multiple (a + b) / a is 0.4
    lift = stay_lift(weak)
    assert lift is not None and 0 < lift.lift < 1 and 0 <= lift.low <= lift.lift <= lift.high


def test_the_report_says_why_a_falling_conversion_has_no_multiple() -> None:
    from dyconsole.core.dwell import StayLift
    from dyconsole.core.run_of_show_report import lift_caption

    falls = StayLift(math.nan, math.nan, math.nan, 12, "falls")
    assert lift_caption(falls, "en").startswith("Conversion fell as the share past 3 minutes rose")
    assert lift_caption(falls, "zh").startswith("成交随超3分钟占比上升而下降")
