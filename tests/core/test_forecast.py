"""The forecasts' core, without a QApplication: the minute curve of a session, the live end forecast (its figure
between what is paid and the interval, the past's shape and level recovered, coverage of its 80% interval on a
known model), the plan by date (weekday effects recovered, interval from its own errors), the baselines, the
range report's forecast table, and the simulator's weekly pattern."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import MIN_SESSIONS, Curve, curve_from_samples, forecast_end
from dyconsole.core.forecast.planning import MIN_DAYS, naive_last, naive_weekday, next_days, plan_forecast
from dyconsole.core.history.report import forecast_table
from dyconsole.core.history.summary import SessionFigures
from dyconsole.core.model import RoomSample, RoomStatus

MONDAY = date(2026, 1, 5)


def _sample(ts: float, gmv: float | None, orders: float | None = 0.0) -> RoomSample:
    return RoomSample(ts, "r", RoomStatus.LIVING, {GMV: gmv, PAID_ORDERS: orders})


def test_curve_takes_the_last_value_at_each_minute_and_skips_gaps() -> None:
    samples = [_sample(30, 10, 1), _sample(70, 25, 2), _sample(100, None, None), _sample(130, 40, 3),
               _sample(185, 55, 4)]
    curve = curve_from_samples(samples, started_at=0)
    assert curve is not None
    # minutes 0..4 (the gap at 100 s skipped); the last minute is the end, the last good sample
    assert curve.gmv.tolist() == [0.0, 10.0, 25.0, 40.0, 55.0]
    assert curve.orders.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0] and curve.minutes == 4
    assert curve_from_samples([_sample(1, None, None)]) is None


def _linear(final: float, minutes: int = 60) -> Curve:
    t = np.arange(minutes + 1) / minutes
    return Curve(final * t, final * t / 100)


def test_live_forecast_reads_the_past_shape_and_never_falls_below_what_is_paid() -> None:
    curves = [_linear(f) for f in (9000, 10000, 11000, 12000)]
    half = forecast_end(GMV, 6000.0, 30, curves)
    assert half.value == pytest.approx(12000.0, rel=1e-6)  # every past session had half its end at minute 30
    assert half.low is not None and half.high is not None and half.low <= half.value <= half.high
    assert half.sessions == 4 and half.minute == 30 and half.so_far == 6000.0
    early = forecast_end(GMV, 0.0, 0, curves)  # nothing yet: the room's usual level, wide
    assert early.low < 9500 < 11500 < early.high  # type: ignore[operator]
    done = forecast_end(GMV, 15000.0, 90, curves)  # every past session had ended: the end is what is paid
    assert done.value == pytest.approx(15000.0) and done.low == done.high == done.value
    low_so_far = forecast_end(GMV, 20000.0, 2, curves)
    assert low_so_far.low is not None and low_so_far.low >= 20000.0
    assert forecast_end(PAID_ORDERS, 60.0, 30, curves).value == pytest.approx(120.0, rel=0.05)


def test_live_forecast_needs_enough_past_sessions() -> None:
    f = forecast_end(GMV, 100.0, 10, [_linear(1000)] * (MIN_SESSIONS - 1))
    assert f.value is None and f.low is None and f.sessions == MIN_SESSIONS - 1


def _random_curve(rng: np.random.Generator, minutes: int = 60) -> Curve:
    level = float(np.exp(rng.normal(np.log(10000), 0.3)))
    power = float(np.exp(rng.normal(0.0, 0.25)))  # front- or back-loaded sessions
    shape = (np.arange(minutes + 1) / minutes) ** power
    return Curve(level * shape, level * shape / 150)


def test_live_interval_covers_about_80_percent_on_a_known_model() -> None:
    rng = np.random.default_rng(7)
    hits = []
    for _ in range(400):
        past = [_random_curve(rng) for _ in range(30)]
        now = _random_curve(rng)
        minute = int(rng.integers(5, 55))
        f = forecast_end(GMV, float(now.gmv[minute]), minute, past)
        hits.append(f.low <= now.gmv[-1] <= f.high)  # type: ignore[operator]
    assert 0.74 <= np.mean(hits) <= 0.86


def _weekly_history(rng: np.random.Generator, weeks: int, effects: tuple[float, ...],
                    noise: float = 0.1) -> list[tuple[date, float]]:
    return [(MONDAY + timedelta(days=k), 10000 * effects[k % 7] * float(np.exp(rng.normal(0, noise))))
            for k in range(weeks * 7)]


def test_plan_recovers_the_weekday_pattern_with_its_interval() -> None:
    effects = (0.8, 0.8, 0.9, 1.0, 1.1, 1.5, 1.3)
    history = _weekly_history(np.random.default_rng(3), 8, effects)
    ahead = next_days(history[-1][0])
    assert [d.weekday() for d in ahead] == list(range(7))  # the history ends on a Sunday
    plan = plan_forecast(history, ahead)
    assert [f.day for f in plan] == ahead and all(f.days == 56 for f in plan)
    for f, effect in zip(plan, effects):
        assert f.low < f.value < f.high
        assert f.value == pytest.approx(10000 * effect, rel=0.12)
    assert plan[5].value / plan[0].value == pytest.approx(1.5 / 0.8, rel=0.15)


def test_plan_interval_coverage_and_it_beats_the_naive_baselines() -> None:
    rng = np.random.default_rng(11)
    effects = (0.8, 0.8, 0.9, 1.0, 1.1, 1.5, 1.3)
    hits, err, err_last, err_week = [], [], [], []
    for _ in range(30):
        history = _weekly_history(rng, 7, effects, noise=0.25)
        for k in range(35, 49):
            (f,) = plan_forecast(history[:k], [history[k][0]])
            truth = history[k][1]
            hits.append(f.low <= truth <= f.high)
            err.append(abs(f.value - truth))
            err_last.append(abs(naive_last(history[:k]) - truth))  # type: ignore[operator]
            err_week.append(abs(naive_weekday(history[:k], history[k][0]) - truth))  # type: ignore[operator]
    assert 0.74 <= np.mean(hits) <= 0.86
    assert np.mean(err) < np.mean(err_week) < np.mean(err_last)


def test_plan_needs_enough_days_and_the_baselines_read_the_right_days() -> None:
    history = [(MONDAY + timedelta(days=k), 100.0 + k) for k in range(MIN_DAYS - 1)]
    assert plan_forecast(history, [MONDAY + timedelta(days=30)]) == []
    assert naive_last(history) == 100.0 + MIN_DAYS - 2
    long = [(MONDAY + timedelta(days=k), float(k)) for k in range(1, 43)]  # 42 days: six of each weekday
    assert naive_weekday(long, MONDAY + timedelta(days=49)) == pytest.approx((21 + 28 + 35 + 42) / 4)


def _session(day: date, gmv: float) -> SessionFigures:
    ts = datetime(day.year, day.month, day.day, 20).timestamp()
    return SessionFigures(f"s{day}", "r", "douyin", "", ts, ts + 3600, "ended", {GMV: gmv, "session_count": 1.0})


def test_range_report_forecast_table_in_both_languages() -> None:
    sessions = [_session(MONDAY + timedelta(days=k), 1000.0 * (2 if k % 7 == 5 else 1) + 10 * k)
                for k in range(21)]
    last = MONDAY + timedelta(days=20)
    table = forecast_table(sessions, last, "zh")
    assert len(table.rows) == 7 and table.rows[0][1] == "周一" and "21" in table.caption
    by_weekday = {row[1]: row[2] for row in table.rows}
    assert by_weekday["周六"] > 1.35 * by_weekday["周五"]  # the doubled Saturday, shrunk: three Saturdays
    en = forecast_table(sessions, last, "en")
    assert [c.label for c in en.columns][:2] == ["Date", "Weekday"] and en.rows[5][1] == "Sat"
    few = forecast_table(sessions[:3], last, "en")
    assert few.rows == () and "needs 8" in few.caption


def test_simulator_weekly_pattern() -> None:
    from dyconsole.emulator.sim.config import SimConfig
    from dyconsole.emulator.sim.simulator import Simulator

    saturday_20h = datetime(2026, 1, 10, 20, tzinfo=timezone(timedelta(hours=8))).timestamp()
    weekly = (1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0)
    assert SimConfig(start_ts=saturday_20h, weekday_effect=weekly).arrivals_factor == 2.0
    assert SimConfig(start_ts=saturday_20h + 86400, weekday_effect=weekly).arrivals_factor == 1.0
    assert SimConfig(start_ts=saturday_20h).arrivals_factor == 1.0
    with pytest.raises(ValueError):
        SimConfig(weekday_effect=(1.0, 2.0))
    entries = []
    for effect in ((), weekly):
        sim = Simulator(SimConfig(seed=5, start_ts=saturday_20h, duration_s=900, weekday_effect=effect))
        sim.advance_to(saturday_20h + 899)
        entries.append(sim.room_stats()["total_live_watch_cnt"])
    assert entries[1] == pytest.approx(2 * entries[0], rel=0.15)
