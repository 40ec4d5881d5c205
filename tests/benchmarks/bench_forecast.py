"""Benchmark (a script, not a test): the forecasts graded against the demo room's truth on simulated histories.

ROOMS simulated rooms, each with one broadcast a day for WEEKS weeks (seeds differ per broadcast: the traffic,
the catalog and the conversion change from one to the next), the simulator given a weekly pattern
(SimConfig.weekday_effect: Friday to Sunday busier). Each broadcast is run minute by minute; its cumulative GMV and
paid orders at each minute are the curve the console reads from a recorded session (core.forecast.live.Curve).

- Planning (core.forecast.planning.plan_forecast): every broadcast day after the first four weeks is forecast from
  the days before it (a rolling origin); graded: how often the 80% interval holds the day's true GMV, and the mean
  absolute error beside the naive baselines (the last broadcast's GMV; the mean of the last 4 same weekdays).
- Live (core.forecast.live.forecast_end): every broadcast after the first ten, at 25%, 50% and 75% of its length,
  forecast from the room's earlier broadcasts (the last 30) and what it has done so far; graded the same way on its
  final GMV and paid orders, beside the same baselines.
The grade: coverage between 75% and 85%, error below both baselines. Exit 1 when a grade fails.

Run: python tests/benchmarks/bench_forecast.py [--rooms N] [--weeks W] [--minutes M]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone

import numpy as np

from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import Curve, forecast_end
from dyconsole.core.forecast.planning import naive_last, naive_weekday, plan_forecast
from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.simulator import Simulator

WEEKLY = (0.85, 0.8, 0.9, 0.95, 1.15, 1.4, 1.25)  # Monday first
SHANGHAI = timezone(timedelta(hours=8))


def simulate(seed: int, start: float, minutes: int) -> Curve:
    sim = Simulator(SimConfig(seed=seed, start_ts=start, duration_s=minutes * 60, weekday_effect=WEEKLY))
    gmv, orders = [0.0], [0.0]
    for m in range(1, minutes + 1):
        sim.advance_to(start + m * 60 - (1 if m == minutes else 0))
        stats = sim.room_stats()
        gmv.append(float(stats[GMV]))
        orders.append(float(stats[PAID_ORDERS]))
    return Curve(np.array(gmv), np.array(orders))


def grade(name: str, truth: list[float], fc: list[tuple[float, float, float]], baselines: dict[str, list[float]],
          ) -> bool:
    t = np.array(truth)
    value, low, high = (np.array(x) for x in zip(*fc))
    coverage = float(np.mean((low <= t) & (t <= high)))
    mae = float(np.mean(np.abs(value - t)))
    line = f"{name}: n={len(t)}  80% interval coverage {coverage:.1%}  MAE {mae:,.1f}"
    ok = 0.75 <= coverage <= 0.85
    for bname, b in baselines.items():
        bmae = float(np.mean(np.abs(np.array(b) - t)))
        line += f"  | {bname} MAE {bmae:,.1f}"
        ok = ok and mae < bmae
    print(line + ("  OK" if ok else "  FAIL"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=8)
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args()
    os.environ["TZ"] = "Asia/Shanghai"  # the console's days are local days; the simulator's weekdays Shanghai's
    time.tzset()
    t0 = time.perf_counter()
    first = date(2026, 1, 5)  # a Monday
    plan_truth, plan_fc, plan_last, plan_week = [], [], [], []
    live: dict[str, tuple[list, list, list, list]] = {GMV: ([], [], [], []), PAID_ORDERS: ([], [], [], [])}
    n_days = args.weeks * 7
    for room in range(args.rooms):
        days = [first + timedelta(days=k) for k in range(n_days)]
        curves = [simulate(1000 * (room + 1) + k, datetime(d.year, d.month, d.day, 20, tzinfo=SHANGHAI).timestamp(),
                           args.minutes) for k, d in enumerate(days)]
        history = [(d, float(c.gmv[-1])) for d, c in zip(days, curves)]
        for k in range(28, n_days):
            (f,) = plan_forecast(history[:k], [days[k]])
            plan_truth.append(history[k][1])
            plan_fc.append((f.value, f.low, f.high))
            plan_last.append(naive_last(history[:k]))
            plan_week.append(naive_weekday(history[:k], days[k]))
        for k in range(10, n_days):
            past = curves[max(0, k - 30):k]
            for field, (truth, fc, last, week) in live.items():
                series = [(d, float(c.series(field)[-1])) for d, c in zip(days[:k], curves[:k])]
                for share in (0.25, 0.5, 0.75):
                    minute = int(args.minutes * share)
                    f = forecast_end(field, float(curves[k].series(field)[minute]), minute, past)
                    truth.append(float(curves[k].series(field)[-1]))
                    fc.append((f.value, f.low, f.high))
                    last.append(naive_last(series))
                    week.append(naive_weekday(series, days[k]))
    print(f"simulated {args.rooms} rooms x {n_days} broadcasts x {args.minutes} min "
          f"(weekly pattern {WEEKLY}) in {time.perf_counter() - t0:.1f} s")
    ok = grade("planning GMV, next broadcast", plan_truth, plan_fc,
               {"last session": plan_last, "mean of last 4 same weekdays": plan_week})
    for field, name in ((GMV, "live end GMV"), (PAID_ORDERS, "live end paid orders")):
        truth, fc, last, week = live[field]
        ok = grade(f"{name} (at 25/50/75%)", truth, fc,
                   {"last session": last, "mean of last 4 same weekdays": week}) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
