"""The live forecast of a broadcast's end: its final GMV and paid orders, with an 80% interval.

Two estimates of the final figure, combined by their precision in log space:
- from the shape of the room's past sessions: at elapsed minute t, session i had reached the share s_i(t) of its
  final figure (1 after it ended), so this broadcast's end is "so far / s(t)"; the spread of log(1/s_i(t)) over
  the past sessions is that estimate's uncertainty (wide early, narrow late);
- from the level of the room's past sessions: the spread of their log finals.
What the broadcast has done so far (entries x conversion x order value: the GMV and orders so far) moves the first
estimate; early on, with little so far and a wide shape spread, the room's usual level carries the forecast.
The end is never below what is already paid. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dyconsole.core.derived import GMV, PAID_ORDERS, is_gap
from dyconsole.core.model import RoomSample

#: z of the two-sided 80% interval of a normal
Z80 = 1.2816
#: fewest past sessions a forecast stands on
MIN_SESSIONS = 3
#: the figures forecast, by room field
FORECAST_FIELDS: tuple[str, ...] = (GMV, PAID_ORDERS)


@dataclass(frozen=True)
class Curve:
    """One past session's cumulative figures per elapsed minute (index = minute; the last entry is the end)."""

    gmv: np.ndarray
    orders: np.ndarray

    def series(self, field: str) -> np.ndarray:
        return self.gmv if field == GMV else self.orders

    @property
    def minutes(self) -> int:
        return len(self.gmv) - 1


@dataclass(frozen=True)
class EndForecast:
    """The forecast end of one figure: `value` (median) and its 80% interval, from `sessions` past sessions at
    elapsed `minute` with `so_far` done; `value` None when the room has too few past sessions."""

    field: str
    value: float | None
    low: float | None
    high: float | None
    sessions: int
    minute: int
    so_far: float | None = None


def curve_from_samples(samples: Sequence[RoomSample], started_at: float | None = None) -> Curve | None:
    """The cumulative GMV and orders at each whole minute since the start (the last value at or before it; gaps
    skipped), ending at the last good sample; None without one."""
    good = [s for s in samples if not is_gap(s) and s.get(GMV) is not None]
    if not good:
        return None
    t0 = good[0].ts if started_at is None else started_at
    ts = np.array([s.ts - t0 for s in good])
    gmv = np.maximum.accumulate(np.array([float(s.get(GMV) or 0.0) for s in good]))
    orders = np.maximum.accumulate(np.array([float(s.get(PAID_ORDERS) or 0.0) for s in good]))
    end = max(0, int(np.ceil(ts[-1] / 60.0)))
    idx = np.searchsorted(ts, np.arange(end + 1) * 60.0, side="right") - 1
    at = np.where(idx >= 0, idx, 0)
    before = idx < 0
    g, o = gmv[at], orders[at]
    g[before], o[before] = 0.0, 0.0
    g[-1], o[-1] = gmv[-1], orders[-1]
    return Curve(g, o)


def _log_spread(values: np.ndarray) -> tuple[float, float]:
    """Mean and predictive variance (sample variance x (1 + 1/n)) of log values."""
    n = len(values)
    var = float(values.var(ddof=1)) if n > 1 else 0.0
    return float(values.mean()), var * (1.0 + 1.0 / n)


def forecast_end(field: str, so_far: float | None, minute: int, curves: Sequence[Curve]) -> EndForecast:
    """The forecast final `field` of a broadcast that has `so_far` at elapsed `minute`, from the past `curves`."""
    usable = [c for c in curves if c.series(field)[-1] > 0]
    n = len(usable)
    if n < MIN_SESSIONS:
        return EndForecast(field, None, None, None, n, minute, so_far)
    finals = np.array([c.series(field)[-1] for c in usable])
    level_mean, level_var = _log_spread(np.log(finals))
    mean, var = level_mean, level_var
    if so_far is not None and so_far > 0 and minute > 0:
        reached = np.array([c.series(field)[min(minute, c.minutes)] for c in usable]) / finals
        reached = reached[reached > 0]
        if len(reached) >= MIN_SESSIONS:
            shape_mean, shape_var = _log_spread(-np.log(reached))
            shape_mean += float(np.log(so_far))
            if shape_var <= 1e-12:  # every past session had ended by now: the end is what is paid
                mean, var = shape_mean, 0.0
            else:
                weight_shape, weight_level = 1.0 / shape_var, 1.0 / max(level_var, 1e-12)
                mean = (shape_mean * weight_shape + level_mean * weight_level) / (weight_shape + weight_level)
                var = 1.0 / (weight_shape + weight_level)
    sd = float(np.sqrt(var))
    floor = max(0.0, so_far or 0.0)
    value = max(floor, float(np.exp(mean)))
    low = max(floor, float(np.exp(mean - Z80 * sd)))
    high = max(floor, float(np.exp(mean + Z80 * sd)))
    return EndForecast(field, value, low, high, n, minute, so_far)
