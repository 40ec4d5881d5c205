"""How the history adds a metric up over sessions (core.history): sums, pooled rates (never a mean of rates),
peaks, means of platform gauges; a session's base figures from its samples; the range presets; per-day totals,
best and worst, the weekday x hour pattern; the range report's tables. No Qt."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dyconsole.core.history.metrics import RANGE_METRIC_KEYS, range_metric, session_figures
from dyconsole.core.history.ranges import day_bounds, days, preset_range
from dyconsole.core.history.report import RangeOptions, build_range_report
from dyconsole.core.history.summary import SessionFigures, best_and_worst, per_day, totals, weekday_hour
from dyconsole.core import glossary
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.storage.loaders import RoomGapSample


def _session(sid: str, start: datetime, **figures: float | None) -> SessionFigures:
    return SessionFigures(sid, "r1", "douyin", sid, start.timestamp(), None, "ended",
                          {"session_count": 1.0, **figures})


A = _session("a", datetime(2026, 3, 2, 20), live_pay_order_gmv_alias=1000.0, total_live_watch_cnt=1000.0,
             live_pay_order_count_alias=10.0, length_s=3600.0, peak_online=300.0, ctr=0.02, stat_cost=500.0)
B = _session("b", datetime(2026, 3, 2, 14), live_pay_order_gmv_alias=300.0, total_live_watch_cnt=9000.0,
             live_pay_order_count_alias=9.0, length_s=1800.0, peak_online=800.0, ctr=0.04, stat_cost=None)
C = _session("c", datetime(2026, 3, 5, 20), live_pay_order_gmv_alias=None, total_live_watch_cnt=100.0,
             live_pay_order_count_alias=None, length_s=600.0, peak_online=None, ctr=None, stat_cost=100.0)


def test_every_history_metric_is_a_glossary_term() -> None:
    assert RANGE_METRIC_KEYS and all(k in glossary.TERMS for k in RANGE_METRIC_KEYS)
    assert range_metric("gmv").key == "live_pay_order_gmv_alias"  # aliases as the CLI takes them
    with pytest.raises(KeyError):
        range_metric("online_is_estimate")  # a flag is no figure of a session


def test_sums_pooled_rates_peaks_and_means() -> None:
    sessions = [A, B, C]
    got = totals(sessions, [range_metric(k) for k in (
        "gmv", "conversion_rate", "gmv_per_min", "peak_online", "ctr", "live_roi", "session_count")])
    assert got["live_pay_order_gmv_alias"] == 1300.0
    # pooled: 19 paid orders of 10 000 views where both are known (C has no orders): not (1% + 0.1%) / 2
    assert got["conversion_rate"] == pytest.approx(19 / 10_000)
    assert got["live_pay_order_gmv_alias"] / ((3600 + 1800) / 60) == pytest.approx(got["gmv_per_min"])
    assert got["peak_online"] == 800.0 and got["ctr"] == pytest.approx(0.03)
    assert got["live_roi"] == pytest.approx(1000.0 / 500.0)  # C spent but has no GMV figure: not in the pool
    assert got["session_count"] == 3.0
    assert totals([C], [range_metric("gmv")])["live_pay_order_gmv_alias"] is None  # nothing known is no zero


def test_session_figures_take_the_last_good_values() -> None:
    t0 = 1_800_000_000.0
    samples = [RoomSample(t0 + 5, "r1", RoomStatus.LIVING, {"live_pay_order_gmv_alias": 10.0,
                                                            "total_live_like_cnt": 4.0}),
               RoomSample(t0 + 10, "r1", RoomStatus.LIVING, {"live_pay_order_gmv_alias": 25.0,
                                                             "total_live_comment_cnt": 3.0}),
               RoomGapSample(t0 + 15, "r1", RoomStatus.LIVING, {}, "timeout")]
    f = session_figures(samples, t0, None, peak_online=42.0, alerts=2)
    assert f["live_pay_order_gmv_alias"] == 25.0 and f["length_s"] == 10.0  # to the last good sample
    assert f["interactions"] == 7.0 and f["peak_online"] == 42.0 and f["alert_count"] == 2.0
    assert f["stat_cost"] is None and f["session_count"] == 1.0


def test_presets_and_bounds() -> None:
    wednesday = date(2026, 3, 4)
    assert preset_range("this_week", wednesday) == (date(2026, 3, 2), wednesday)
    assert preset_range("last_7_days", wednesday) == (date(2026, 2, 26), wednesday)
    assert preset_range("last_30_days", wednesday)[0] == date(2026, 2, 3)
    assert preset_range("this_month", wednesday) == (date(2026, 3, 1), wednesday)
    lo, hi = day_bounds(date(2026, 3, 2), date(2026, 3, 2))
    assert lo <= A.started_at < hi and lo <= B.started_at < hi and not lo <= C.started_at < hi
    with pytest.raises(ValueError):
        day_bounds(date(2026, 3, 5), date(2026, 3, 4))
    assert len(days(date(2026, 2, 27), date(2026, 3, 2))) == 4


def test_per_day_best_worst_and_weekday_hour() -> None:
    gmv = range_metric("gmv")
    daily = per_day([A, B, C], gmv, date(2026, 3, 1), date(2026, 3, 5))
    assert [(d.day.day, d.value, d.sessions) for d in daily] == [
        (1, None, 0), (2, 1300.0, 2), (3, None, 0), (4, None, 0), (5, None, 1)]
    best, worst = best_and_worst([A, B, C], gmv, n=1)
    assert best == [A] and worst == [B]  # C has no GMV: neither
    assert best_and_worst([A], gmv, n=3) == ([A], [])  # never the same session in both
    cells = weekday_hour([A, B, C], gmv)
    assert (cells[0][20].mean, cells[0][20].sessions) == (1000.0, 1)  # Monday 20:00
    assert (cells[3][20].mean, cells[3][20].sessions) == (None, 1)  # Thursday: a session without GMV
    assert sum(c.sessions for row in cells for c in row) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_range_report_tables(lang: str) -> None:
    options = RangeOptions(date(2026, 3, 1), date(2026, 3, 5), ("gmv_per_min", "live_pay_order_gmv_alias"),
                           lang=lang)
    report = build_range_report([B, A, C], options)
    kpis = report.tables["kpis"][0].rows
    assert kpis[0][0] == glossary.label("session_count", lang) and kpis[0][1] == (3.0, "count")
    assert kpis[1][1][0] == pytest.approx(1300.0 / 90.0)
    assert len(report.tables["days"][0].rows) == 5 and len(report.tables["sessions"][0].rows) == 3
    assert [r[2] for r in report.tables["best"][0].rows] == ["a", "b"]  # ranked by GMV per minute
    assert {c.axis for c in report.charts} == {"date"} and len(report.charts) == 4
    assert report.label("report_title") == ("Date-range report" if lang == "en" else "区间数据报告")
    with pytest.raises(KeyError):
        RangeOptions(date(2026, 3, 1), date(2026, 3, 5), ("no_such",))
