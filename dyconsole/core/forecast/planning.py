"""The next broadcasts' GMV by date, with weekday seasonality, from the room's own session history.

Model, in log GMV per broadcast day: a level (the exponentially weighted mean of the deseasonalised past, recent
days weighing more) plus the day's weekday effect (the mean deviation of that weekday's days, shrunk toward none
when the weekday has few days). The 80% interval comes from the model's own one-step-ahead errors on the history
(each past day forecast from the days before it), so it is as wide as the model has actually been wrong. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import numpy as np

from dyconsole.core.forecast.live import Z80

#: fewest broadcast days a plan stands on
MIN_DAYS = 8
#: a weekday's effect is its deviations' sum / (its days + SHRINK): few days, small effect
SHRINK = 2.0
#: the level's half-life, in broadcast days
HALF_LIFE = 20.0
#: how many days a plan looks ahead
AHEAD_DAYS = 7
#: one-step errors needed before the interval is read from them (else the fit's spread, widened)
MIN_ERRORS = 6


@dataclass(frozen=True)
class DayForecast:
    """A day's forecast GMV (median) with its 80% interval, from `days` past broadcast days."""

    day: date
    value: float
    low: float
    high: float
    days: int


def _fit(days: Sequence[date], logs: np.ndarray) -> tuple[float, np.ndarray]:
    """(level, weekday effects Monday first) of the log GMV of `days`."""
    weekdays = np.array([d.weekday() for d in days])
    effects = np.zeros(7)
    for _ in range(2):  # level and effects, each with the other taken out
        weights = 0.5 ** ((len(logs) - 1 - np.arange(len(logs))) / HALF_LIFE)
        level = float(np.average(logs - effects[weekdays], weights=weights))
        dev = logs - level
        for w in range(7):
            mine = dev[weekdays == w]
            effects[w] = float(mine.sum() / (len(mine) + SHRINK)) if len(mine) else 0.0
    return level, effects


def _one_step_errors(days: Sequence[date], logs: np.ndarray) -> np.ndarray:
    out = []
    for k in range(MIN_DAYS, len(logs)):
        level, effects = _fit(days[:k], logs[:k])
        out.append(logs[k] - (level + effects[days[k].weekday()]))
    return np.array(out)


def plan_forecast(history: Sequence[tuple[date, float]], ahead: Sequence[date]) -> list[DayForecast]:
    """The forecast GMV of each day of `ahead`, from the (day, GMV) of past broadcast days (any order; days with
    no GMV are left out). Empty when there are fewer than MIN_DAYS."""
    past = sorted((d, v) for d, v in history if v is not None and v > 0)
    if len(past) < MIN_DAYS:
        return []
    days = [d for d, _ in past]
    logs = np.log(np.array([v for _, v in past], dtype=float))
    level, effects = _fit(days, logs)
    errors = _one_step_errors(days, logs)
    if len(errors) >= MIN_ERRORS:
        lo_q, hi_q = np.quantile(errors, [0.1, 0.9])
        lo_off, hi_off = float(lo_q), float(hi_q)
    else:
        resid = logs - (level + effects[[d.weekday() for d in days]])
        sd = float(resid.std(ddof=1)) * 1.5  # in-sample errors understate: widened
        lo_off, hi_off = -Z80 * sd, Z80 * sd
    out = []
    for day in ahead:
        mid = level + float(effects[day.weekday()])
        out.append(DayForecast(day, float(np.exp(mid)), float(np.exp(mid + lo_off)), float(np.exp(mid + hi_off)),
                               len(past)))
    return out


def next_days(last: date, n: int = AHEAD_DAYS) -> list[date]:
    """The `n` days after `last`."""
    return [last + timedelta(days=k) for k in range(1, n + 1)]


def naive_last(history: Sequence[tuple[date, float]]) -> float | None:
    """Baseline: the same as the last broadcast day."""
    past = sorted((d, v) for d, v in history if v is not None and v > 0)
    return past[-1][1] if past else None


def naive_weekday(history: Sequence[tuple[date, float]], day: date, n: int = 4) -> float | None:
    """Baseline: the mean of the last `n` broadcast days on `day`'s weekday (None without one)."""
    same = [v for d, v in sorted(history) if v is not None and v > 0 and d.weekday() == day.weekday()][-n:]
    return float(np.mean(same)) if same else None
