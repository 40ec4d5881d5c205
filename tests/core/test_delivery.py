"""Delivery by region (core.delivery): address names to provinces, audience cities to regions, the Kaplan-Meier
median and p90 with orders still in transit, "not enough orders yet" below the threshold, the host's line in zh
and en; and on the demo shop (the emulator's wire format through the client's parser) the measured median days
per province match the simulator's truth within sampling error."""

from __future__ import annotations

import math
import random

import pytest

from dyconsole.core import glossary
from dyconsole.core.delivery import (DAY_S, MIN_DELIVERED, OTHER_REGION, Shipment, city_region, delivery_figure,
                                     host_line, province_key, region_rows, row_values, shares_by_region)
from tests.support.delivery_support import emulated_shipments, truth_days

Z999 = 3.29  # a two-sided 99.9% range: ~15 provinces all inside it with probability ~0.985


def _ship(i: int, province: str, days: float | None, transit_days: float = 0.0) -> Shipment:
    ship = 1_000_000.0 + i
    receipt = ship + days * DAY_S if days is not None else None
    return Shipment(str(i), province, "", ship, receipt, ship + transit_days * DAY_S if days is None else receipt)


def test_names_and_regions() -> None:
    assert province_key("江苏省") == "江苏" and province_key("新疆维吾尔自治区") == "新疆"
    assert province_key("北京市") == "北京" and province_key("内蒙古自治区") == "内蒙古" and province_key("") == ""
    assert province_key("广西壮族自治区") == "广西" and province_key("香港特别行政区") == "香港特别行政区"  # not a region here
    assert glossary.place_label("广西壮族自治区", "en") == glossary.place_label("广西", "en") == "Guangxi"
    assert city_region("杭州") == "浙江" and city_region("深圳市") == "广东" and city_region("其他") == OTHER_REGION
    assert shares_by_region({"广州": 3.0, "深圳": 1.0, "其他": 4.0}) == {"广东": 0.5, OTHER_REGION: 0.5}
    assert glossary.region_label("新疆", "en") == "Xinjiang" and glossary.region_label(OTHER_REGION, "zh") == "其他地区"
    for key in glossary.PROVINCE_NAMES:
        assert glossary.region_label(key, "en") != key


def _censored_sample(seed: int, n: int = 400) -> list[Shipment]:
    """n orders of true median 4 days (log-normal, sigma 0.3), each read 2-8 days after it shipped."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        days, seen = 4.0 * math.exp(0.3 * rng.gauss(0, 1)), rng.uniform(2.0, 8.0)
        out.append(_ship(i, "四川", days) if days <= seen else _ship(i, "四川", None, seen))
    return out


def test_orders_in_transit_do_not_pull_the_median_down() -> None:
    figures = [delivery_figure(_censored_sample(seed)) for seed in range(40)]
    covered = sum(f.median_low <= 4.0 <= (f.median_high or math.inf) for f in figures)
    assert covered >= 32  # a 90% range: 36 of 40 expected
    assert abs(sum(f.median for f in figures) / 40 - 4.0) < 0.05
    assert abs(sum(f.p90 for f in figures) / 40 - 4.0 * math.exp(0.3 * 1.2816)) < 0.15
    sample = _censored_sample(0)
    delivered_only = sorted(s.days()[0] for s in sample if s.receipt_time is not None)
    assert delivered_only[len(delivered_only) // 2] < 3.7  # counting only the arrived parcels promises too fast
    fig = figures[0]
    assert fig.in_transit > 0 and fig.delivered + fig.in_transit == 400


def test_not_enough_orders_below_the_threshold() -> None:
    few = [_ship(i, "西藏", 5.0) for i in range(MIN_DELIVERED - 1)] + [_ship(99, "西藏", None, 1.0)]
    (row,) = region_rows(few, None, None)
    assert not row.figure.enough and row.figure.median is None and row.figure.delivered == MIN_DELIVERED - 1
    assert row_values(row, "en")[3] == "Not enough orders yet" and row_values(row, "zh")[3] == "订单不足"
    enough = few + [_ship(100, "西藏", 5.0)]
    assert region_rows(enough, None, None)[0].figure.median == pytest.approx(5.0)


def test_the_host_line_names_next_day_and_slow_regions() -> None:
    shipments = []
    for k, (province, days) in enumerate((("江苏", 1.0), ("浙江", 0.9), ("上海", 1.0), ("湖北", 2.0),
                                          ("新疆", 5.1), ("西藏", 4.8))):
        shipments += [_ship(1000 * k + i, province, days) for i in range(MIN_DELIVERED)]
    rows = region_rows(shipments, {"杭州": 5.0, "武汉": 3.0, "其他": 2.0}, {"杭州": 1.0})
    assert host_line(rows, "zh") == "江浙沪次日达，其他地区约 2 天，新疆、西藏约 5 天"
    assert host_line(rows, "en") == ("Next-day delivery to Jiangsu, Zhejiang, Shanghai; elsewhere about 2 days; "
                                     "Xinjiang and Tibet about 5 days")
    assert rows[0].region == "浙江" and rows[0].viewer_share == 0.5 and rows[0].buyer_share == 1.0
    assert host_line(region_rows(shipments[:5], None, None), "en") == \
        "Not enough delivered orders yet to promise a delivery time."


def test_measured_median_days_match_the_simulators_truth() -> None:
    truth = truth_days()
    by_region: dict[str, list[Shipment]] = {}
    for s in emulated_shipments((1, 2, 3)):
        by_region.setdefault(province_key(s.province), []).append(s)
    inside = []
    for province, group in by_region.items():
        fig = delivery_figure(group, Z999)
        if fig.enough:
            inside.append((province, fig.median_low <= truth[province]["median"] <= (fig.median_high or math.inf)))
    assert len(inside) >= 5 and all(ok for _p, ok in inside), inside
