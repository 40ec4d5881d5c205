"""A plan's metric over one slot, after washout, from the recorded room samples: the same columns the recorder
stores (the API's cumulative counters, core.metrics) and the derived values of core.derived (`avg_dwell_s`).

Ratios and rates are taken from the counters' increases within [start + washout, end): GMV per 1k entries
(`gpm`) = GMV increase / entries increase x 1000, conversion = paid-order increase / entries increase, product click
rate = clicks / product impressions (entries when the source has no impressions), interaction rate = (likes +
comments + shares + follows) / entries, paid orders / min = paid-order increase / minutes covered. A step between
two samples counts only when both are present and the counter did not go down (a gap or a reset adds nothing, never
a negative). The average stay is the mean of the derived `avg_dwell_s` over the window. None when the window holds
too little: fewer than two steps, under half the window covered, or no entries for a ratio.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from dyconsole.core.derived import (
    ENTRIES, GMV, INTERACTION_COUNTERS, PAID_ORDERS, PRODUCT_CLICKS, PRODUCT_SHOWS, derive_rows)
from dyconsole.core.model import RoomSample

#: the least share of the counted window the samples must cover
MIN_COVERAGE = 0.5


def _increase(ts: np.ndarray, col: np.ndarray | None) -> tuple[float, float] | None:
    """(increase, seconds covered) of a cumulative counter over the samples given; None when no valid step."""
    if col is None or col.size < 2:
        return None
    a, b = col[:-1], col[1:]
    ok = np.isfinite(a) & np.isfinite(b) & (b >= a)
    if not ok.any():
        return None
    return float((b - a)[ok].sum()), float(np.diff(ts)[ok].sum())


def _summed(columns: Mapping[str, np.ndarray], names: tuple[str, ...], sel: np.ndarray) -> np.ndarray | None:
    present = [np.asarray(columns[n], dtype=float)[sel] for n in names if n in columns]
    present = [p for p in present if np.isfinite(p).any()]
    if not present:
        return None
    return np.sum(present, axis=0)  # a sample missing any present counter is a gap (NaN)


def slot_value(metric: str, ts: np.ndarray, columns: Mapping[str, np.ndarray], start: float, end: float,
               washout_s: float) -> float | None:
    """The plan's `metric` (a key of core.experiments.plan.AB_METRICS) over [start + washout_s, end); None when the
    samples there are too few. Raises KeyError for a metric that is no A/B metric."""
    t0 = start + washout_s
    ts = np.asarray(ts, dtype=float)
    sel = (ts >= t0) & (ts < end)
    if sel.sum() < 3 or end <= t0:
        return None
    t = ts[sel]

    def col(name: str) -> np.ndarray | None:
        return np.asarray(columns[name], dtype=float)[sel] if name in columns else None

    if metric == "avg_dwell_s":
        v = col("avg_dwell_s")
        v = v[np.isfinite(v)] if v is not None else None
        return float(v.mean()) if v is not None and v.size >= 2 else None
    counted = {
        "gpm": (GMV, ENTRIES, 1000.0),
        "conversion_rate": (PAID_ORDERS, ENTRIES, 1.0),
        "paid_orders_per_min": (PAID_ORDERS, None, 60.0),
    }
    if metric in counted:
        num_name, den_name, scale = counted[metric]
        num = _increase(t, col(num_name))
    elif metric == "product_click_rate":
        shows = col(PRODUCT_SHOWS)
        has_shows = shows is not None and np.isfinite(shows).any()
        num, den_name, scale = _increase(t, col(PRODUCT_CLICKS)), PRODUCT_SHOWS if has_shows else ENTRIES, 1.0
    elif metric == "interaction_rate":
        num, den_name, scale = _increase(t, _summed(columns, INTERACTION_COUNTERS, sel)), ENTRIES, 1.0
    else:
        raise KeyError(f"{metric} is no A/B metric")
    if num is None or num[1] < MIN_COVERAGE * (end - t0):
        return None
    if den_name is None:
        return num[0] / num[1] * scale if num[1] > 0 else None
    den = _increase(t, col(den_name))
    if den is None or den[0] <= 0 or den[1] < MIN_COVERAGE * (end - t0):
        return None
    return num[0] / den[0] * scale


def sample_columns(samples: Sequence[RoomSample]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The (ts, columns) slot_value reads, from room samples in time order: every counter a slot metric uses (NaN
    where missing: a gap) and the derived `avg_dwell_s` (core.derived, computed again as a session is read back)."""
    names = (ENTRIES, GMV, PAID_ORDERS, PRODUCT_CLICKS, PRODUCT_SHOWS, *INTERACTION_COUNTERS)
    ts = np.array([s.ts for s in samples], dtype=float)
    cols = {n: np.array([np.nan if s.get(n) is None else s.get(n) for s in samples], dtype=float) for n in names}
    rows = derive_rows(samples)
    cols["avg_dwell_s"] = np.array([np.nan if r["avg_dwell_s"] is None else r["avg_dwell_s"] for r in rows],
                                   dtype=float)
    return ts, cols


def consecutive_slot_values(metric: str, ts: np.ndarray, columns: Mapping[str, np.ndarray], start: float,
                            slot_s: float, washout_s: float, n_slots: int | None = None) -> list[float | None]:
    """The metric over consecutive slots of `slot_s` from `start` (a past session cut as a plan would cut it, for
    the planner's noise; or a plan's slots switched on time): as many whole slots as the samples cover, or
    `n_slots`. A poll exactly at a boundary closes the slot before it (and is the next one's start)."""
    ts = np.asarray(ts, dtype=float)
    if n_slots is None:
        n_slots = int((ts[-1] - start) // slot_s) if ts.size else 0
    return [slot_value(metric, ts, columns, start + i * slot_s, start + (i + 1) * slot_s + 1e-6, washout_s)
            for i in range(max(0, n_slots))]
