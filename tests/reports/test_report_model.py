"""The pure report model: resampling rules, metric checks, section contents and the zh/en text table (no Qt)."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.derived import derive_rows
from dyconsole.core.model import FlowSample, ProductSample, RoomSample, RoomStatus
from dyconsole.core.report_builtin_sections import SECTIONS, top_products, traffic_rows
from dyconsole.core.report_model import REPORT_METRICS, ReportOptions, UnknownMetrics, build_report, check_metrics
from dyconsole.core.report_text import TEXT, format_value, tr
from dyconsole.core.report_types import ReportInputs, SessionMeta
from dyconsole.core.resample import LAST, MAX, MEAN, aggregation, resample

T0 = 1_800_000_000.0  # a multiple of 15 minutes


def _room(ts: float, **values: float | None) -> RoomSample:
    return RoomSample(ts, "r", RoomStatus.LIVING, values)


def _gap(ts: float) -> RoomSample:
    return RoomSample(ts, "r", RoomStatus.LIVING, {"total_live_watch_cnt": None})


def test_aggregation_rules() -> None:
    assert aggregation("total_live_watch_cnt") == LAST  # a counter: the value at the end of the bucket
    assert aggregation("ctr") == LAST  # the platform's cumulative gauge
    assert aggregation("gpm") == LAST and aggregation("live_roi") == LAST
    assert aggregation("entries_per_min") == MEAN and aggregation("conversion_rate") == MEAN
    assert aggregation("online") == MEAN and aggregation("online_is_estimate") == MAX
    with pytest.raises(KeyError):
        aggregation("bogus")


def test_resample_takes_last_counter_and_mean_rate_per_bucket() -> None:
    samples = [_room(T0 + 10, total_live_watch_cnt=100.0), _room(T0 + 50, total_live_watch_cnt=130.0),
               _room(T0 + 70, total_live_watch_cnt=150.0), _gap(T0 + 125), _room(T0 + 200, total_live_watch_cnt=None, stat_cost=1.0),
               _room(T0 + 230, total_live_watch_cnt=210.0)]
    rows = [{"entries_per_min": v} for v in (None, 40.0, 20.0, None, 30.0, 60.0)]
    table = resample(samples, rows, ["total_live_watch_cnt", "entries_per_min"], 1)
    assert table.ts == (T0, T0 + 60, T0 + 120, T0 + 180)
    assert table.columns["total_live_watch_cnt"] == (130.0, 150.0, None, 210.0)  # a gap bucket stays empty
    assert table.columns["entries_per_min"] == (40.0, 20.0, None, 45.0)
    five = resample(samples, rows, ["total_live_watch_cnt", "entries_per_min"], 5)
    assert five.ts == (T0,) and five.columns["total_live_watch_cnt"] == (210.0,)
    assert five.columns["entries_per_min"] == (pytest.approx((40 + 20 + 30 + 60) / 4),)


def test_resample_per_poll_and_bad_granularity() -> None:
    samples = [_room(T0 + 5, stat_cost=1.5), _gap(T0 + 10)]
    rows = derive_rows(samples)
    raw = resample(samples, rows, ["stat_cost"], None)
    assert raw.ts == (T0 + 5, T0 + 10) and raw.columns["stat_cost"] == (1.5, None)
    with pytest.raises(ValueError):
        resample(samples, rows, ["stat_cost"], 7)
    assert len(resample([], [], ["stat_cost"], 15)) == 0


def test_empty_minutes_between_polls_are_rows_of_none() -> None:
    samples = [_room(T0 + 1, stat_cost=1.0), _room(T0 + 3 * 60 + 1, stat_cost=4.0)]
    table = resample(samples, derive_rows(samples), ["stat_cost"], 1)
    assert table.columns["stat_cost"] == (1.0, None, None, 4.0)


def test_unknown_metrics_are_listed_with_the_valid_ones() -> None:
    assert check_metrics(["online", "stat_cost", "online"]) == ("online", "stat_cost")
    with pytest.raises(UnknownMetrics) as info:
        check_metrics(["online", "gross", "bogus"])
    assert info.value.unknown == ("gross", "bogus")
    assert "live_pay_order_gmv_alias" in str(info.value) and "gpm" in str(info.value)
    with pytest.raises(ValueError):
        ReportOptions(metrics=("nope",))
    with pytest.raises(ValueError):
        ReportOptions(granularity_min=2)
    with pytest.raises(ValueError):
        ReportOptions(sections=("kpis", "weather"))


def test_every_report_word_has_zh_and_en() -> None:
    for key, (zh, en) in TEXT.items():
        assert zh and en, key
    assert tr("page_of", "zh", page=2, pages=5) == "第 2 / 5 页"
    assert tr("page_of", "en", page=2, pages=5) == "Page 2 of 5"
    for section in SECTIONS:
        assert tr(section, "zh") != tr(section, "en")


def test_formatting_follows_the_unit_and_marks_missing() -> None:
    assert format_value(12345.0, "count") == "1.23万" and format_value(12345.0, "count", "en") == "12.3K"
    assert format_value(0.1234, "ratio") == "12.3%" and format_value(1234.5, "yuan") == "¥1,234.5"
    assert format_value(None, "yuan") == "—" and format_value(3.456, "multiple") == "3.46"


def test_top_products_uses_each_products_latest_sample() -> None:
    def p(ts: float, pid: str, gmv: float, paid: float) -> ProductSample:
        return ProductSample(ts, pid, f"商品{pid}", "", None,
                             {"live_pay_order_gmv_alias": gmv, "live_pay_order_count_alias": paid})
    products = [p(1, "a", 900.0, 9), p(2, "a", 100.0, 1), p(1, "b", 50.0, 5), p(2, "b", 500.0, 6), p(2, "c", 500.0, 7)]
    assert [x.product_id for x in top_products(products, 2)] == ["c", "b"]
    assert [x.values["live_pay_order_gmv_alias"] for x in top_products(products, 10)] == [500.0, 500.0, 100.0]


def test_traffic_shares_come_from_the_latest_polls() -> None:
    flow = [FlowSample(1, "AllEcomFlowSource", {"nature": 1.0, "homepage_hot": 1.0}),
            FlowSample(2, "AllEcomFlowSource", {"nature": 30.0, "homepage_hot": 10.0, "activity": 0.0}),
            FlowSample(2, "AllEcomGmvSource", {"nature": 100.0, "homepage_hot": 300.0})]
    rows = traffic_rows(flow)
    assert rows == [("nature", 30.0, 0.75, 100.0, 0.25), ("homepage_hot", 10.0, 0.25, 300.0, 0.75)]


def test_report_sections_follow_the_options() -> None:
    samples = [_room(T0 + 60 * i, total_live_watch_cnt=100.0 * i, live_pay_order_count_alias=float(i),
                     live_pay_order_gmv_alias=50.0 * i, stat_cost=10.0 * i) for i in range(1, 31)]
    inputs = ReportInputs(SessionMeta("s1", "r", "测试场", T0, T0 + 1800, "ended"), samples)
    full = build_report(inputs, ReportOptions(metrics=("live_pay_order_gmv_alias",), granularity_min=5))
    assert set(full.tables) == set(SECTIONS) - {"charts"} and len(full.charts) == 1
    assert full.series.columns["live_pay_order_gmv_alias"][0] == 50.0 * 4  # last poll of 00:00-00:05
    assert full.funnel is not None and full.funnel.step("paid").count == 30.0
    kpis = dict(full.tables["kpis"][0].rows)
    assert kpis["成交金额"] == (1500.0, "yuan") and kpis["直播时长"] == (1800.0, "seconds")
    assert full.tables["alerts"][0].rows == () and full.tables["alerts"][0].caption == "无"
    small = build_report(inputs, ReportOptions(sections=("funnel",), lang="en"))
    assert set(small.tables) == {"funnel"} and small.charts == []
    assert small.tables["funnel"][0].title == "Conversion funnel"
    rate, unit = small.tables["funnel"][0].rows[-1][2]
    assert unit == "ratio" and math.isclose(rate, 30 / 3000)  # no orders-created stage: from entries


def test_small_rates_keep_two_decimals_and_per_entry_is_a_multiple() -> None:
    assert format_value(0.0017, "ratio") == "0.17%" and format_value(0.0017, "ratio", "en") == "0.17%"
    assert format_value(0.0456, "ratio") == "4.6%"
    assert format_value(8.63, "per_entry") == "人均 8.6 次" and format_value(8.63, "per_entry", "en") == "8.6 per entry"
    assert format_value(None, "per_entry") == "—"


def test_funnel_product_impressions_are_per_entry_not_a_conversion() -> None:
    # each viewer sees several products: 8.5 product impressions per entry is no 850% conversion
    samples = [_room(T0 + 60 * i, total_live_show_cnt=1000.0 * i, total_live_watch_cnt=100.0 * i,
                     live_product_show_cnt_alias=850.0 * i, live_click_product_count_alias=20.0 * i,
                     live_create_order_count_alias=4.0 * i, live_pay_order_count_alias=3.0 * i) for i in range(1, 11)]
    inputs = ReportInputs(SessionMeta("s1", "r", "测试场", T0, T0 + 600, "ended"), samples)
    table = build_report(inputs, ReportOptions(sections=("funnel",))).tables["funnel"][0]
    rows = {r[0]: r for r in table.rows}
    assert table.caption == "流失最多的环节：商品曝光 → 点击（2.4%）"  # clicks per impression: 2.35% vs a 10% norm
    stage, count, (rate, unit), overall = rows["商品曝光"]
    assert (count, unit, overall) == (8500.0, "per_entry", None) and rate == pytest.approx(8.5)
    _s, _c, (click_rate, click_unit), click_overall = rows["点击"]
    assert click_unit == "ratio" and click_rate == pytest.approx(200 / 8500)
    assert click_overall == pytest.approx(200 / 1000)  # of the entries


def test_kpi_counts_are_whole_numbers_even_when_estimated() -> None:
    # no online_user_cnt: the online tiles are the estimate, labelled and shown without decimals
    samples = [_room(T0 + 5 * i, total_live_watch_cnt=40.0 * i, live_watch_one_minute_count=max(0.0, 22.0 * (i - 12)),
                     live_pay_order_gmv_alias=10.0 * i) for i in range(1, 200)]
    inputs = ReportInputs(SessionMeta("s1", "r", "测试场", T0, T0 + 1000, "ended"), samples)
    kpis = dict(build_report(inputs, ReportOptions(sections=("kpis",))).tables["kpis"][0].rows)
    peak, unit = kpis["最高在线(估算)"]
    rows = derive_rows(samples)
    assert unit == "count" and peak == round(max(r["online"] for r in rows if r["online"] is not None))
    assert all(float(v).is_integer() for v, u in kpis.values() if u == "count" and v is not None)
