"""Conversion against stay: how the room converted while more or fewer of its viewers had stayed past 3 minutes.

The APIs give no stay per buyer, only the room's counters, so the relationship is read over the broadcast: it is cut
into buckets of `BUCKET_S` (5 minutes); each bucket has its mean estimated share of viewers past 3 minutes
(core.estimate, the `long_stay_share` derived metric), its viewer-minutes (the online figure x minutes) and the paid
orders it gained. Two readings of those buckets:

- `StayBand`: the buckets in thirds by share (low / middle / high), each with paid orders per 1000 viewer-minutes and
  a 90% interval (Poisson on its orders);
- `StayLift`: orders per viewer-minute as a straight line in the share, rate = a + b x share, fitted by least squares
  weighted by viewer-minutes. (a + b) / a is how many times a viewer past 3 minutes buys what a newcomer buys; its
  90% range comes from resampling the buckets (a fixed seed, so the same session always reads the same).

Both are associations over one broadcast (an ad surge brings newcomers and may change what sells): labelled so.
Pure: no Qt, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dyconsole.core.estimate import Z90
BUCKET_S = 300.0
#: fewer buckets than this (with orders and a share) give no relationship
MIN_BUCKETS = 6
_RESAMPLES = 400
_SEED = 12


@dataclass(frozen=True, slots=True)
class StayBucket:
    start: float
    share: float  # mean estimated share past 3 minutes
    viewer_min: float
    orders: float


@dataclass(frozen=True, slots=True)
class StayBand:
    """One third of the broadcast's buckets, by their share past 3 minutes."""

    band: str  # low / mid / high
    share_low: float
    share_high: float
    minutes: float
    viewer_min: float
    orders: float
    rate: float  # paid orders per 1000 viewer-minutes
    rate_low: float
    rate_high: float


@dataclass(frozen=True, slots=True)
class StayLift:
    """A viewer past 3 minutes buys `lift` times what a newcomer buys (range: 90%, resampled buckets)."""

    lift: float
    low: float
    high: float
    buckets: int
    reason: str = ""  # why the lift is NaN: flat / steep / falls


def stay_buckets(ts: Sequence[float], online: Sequence[float | None], share: Sequence[float | None],
                 paid_orders: Sequence[float | None], bucket_s: float = BUCKET_S) -> list[StayBucket]:
    """Buckets of `bucket_s` over the polls (cumulative paid orders; None where unknown). A bucket needs an
    online figure, a share and two order counts to count."""
    if not ts:
        return []
    t = np.asarray(ts, dtype=float)
    on, sh, orders = (np.asarray([np.nan if v is None else v for v in col], dtype=float)
                      for col in (online, share, paid_orders))
    key = np.floor((t - t[0]) / bucket_s)
    out: list[StayBucket] = []
    for k in np.unique(key):
        m = key == k
        good = np.isfinite(orders[m])
        if good.sum() < 2 or not np.isfinite(on[m]).any() or not np.isfinite(sh[m]).any():
            continue
        o, tt = orders[m][good], t[m][good]
        # the orders gained from the bucket's edge: the last count of the bucket before (continuity)
        prev = np.flatnonzero((key < k) & np.isfinite(orders))
        base, t0 = (orders[prev[-1]], t[prev[-1]]) if len(prev) else (o[0], tt[0])
        minutes = (tt[-1] - t0) / 60.0
        if minutes <= 0:
            continue
        gained = max(0.0, float(o[-1] - base))
        out.append(StayBucket(float(t[0] + k * bucket_s), float(np.nanmean(sh[m])),
                              float(np.nanmean(on[m])) * minutes, gained))
    return out


def stay_bands(buckets: Sequence[StayBucket], bucket_s: float = BUCKET_S) -> list[StayBand]:
    """The buckets in thirds by share (low, mid, high); empty with fewer than MIN_BUCKETS buckets."""
    good = sorted((b for b in buckets if b.viewer_min > 0), key=lambda b: b.share)
    if len(good) < MIN_BUCKETS:
        return []
    bands: list[StayBand] = []
    for name, part in zip(("low", "mid", "high"), np.array_split(np.arange(len(good)), 3)):
        chosen = [good[i] for i in part]
        vm = sum(b.viewer_min for b in chosen)
        n = sum(b.orders for b in chosen)
        spread = Z90 * math.sqrt(max(n, 1.0))
        bands.append(StayBand(name, chosen[0].share, chosen[-1].share, len(chosen) * bucket_s / 60.0, vm, n,
                              1000.0 * n / vm, 1000.0 * max(0.0, n - spread) / vm, 1000.0 * (n + spread) / vm))
    return bands


def _line(share: np.ndarray, rate: np.ndarray, weight: np.ndarray) -> tuple[float, float] | None:
    """(a, b) of rate = a + b x share, weighted least squares; None without spread in the share."""
    if np.ptp(share) <= 0:
        return None
    x = np.column_stack([np.ones_like(share), share]) * np.sqrt(weight)[:, None]
    (a, b), *_ = np.linalg.lstsq(x, rate * np.sqrt(weight), rcond=None)
    return float(a), float(b)


def _lift(share: np.ndarray, rate: np.ndarray, weight: np.ndarray) -> float | None:
    line = _line(share, rate, weight)
    if line is None or line[0] <= 0:
        return None
    return (line[0] + line[1]) / line[0]


def stay_lift(buckets: Sequence[StayBucket]) -> StayLift | None:
    """The fitted lift of a viewer past 3 minutes over a newcomer, with its 90% range; None with too few buckets; a
    lift of NaN when the buckets cannot say, with the reason: `flat` (no spread in the share), `steep` (the line
    says newcomers never buy: conversion rose with the share, but how many times more a long viewer buys cannot be
    read) or `falls` (the line says viewers past 3 minutes never buy: conversion fell with the share, too steeply
    for a multiple; a negative one was shown before). The range's ends are never below 0."""
    good = [b for b in buckets if b.viewer_min > 0]
    if len(good) < MIN_BUCKETS:
        return None
    share = np.array([b.share for b in good])
    weight = np.array([b.viewer_min for b in good])
    rate = np.array([b.orders for b in good]) / weight
    line = _line(share, rate, weight)
    if line is None or line[0] <= 0:
        reason = "steep" if line is not None and line[1] > 0 else "flat"
        return StayLift(math.nan, math.nan, math.nan, len(good), reason)
    central = (line[0] + line[1]) / line[0]
    if central <= 0:  # conversion fell so steeply with the share that the line has long viewers buying nothing
        return StayLift(math.nan, math.nan, math.nan, len(good), "falls")
    rng = np.random.default_rng(_SEED)
    draws = []
    for _ in range(_RESAMPLES):
        i = rng.integers(0, len(good), len(good))
        v = _lift(share[i], rate[i], weight[i])
        if v is not None:
            draws.append(v)
    if len(draws) < _RESAMPLES // 2:
        return StayLift(central, math.nan, math.nan, len(good))
    low, high = np.percentile(draws, [5.0, 95.0])
    # a resample's line can leave long viewers buying less than nothing: no one buys fewer than 0 times as much
    return StayLift(central, max(0.0, float(low)), max(0.0, float(high)), len(good))


def stay_relationship(ts: Sequence[float], online: Sequence[float | None], share: Sequence[float | None],
                      paid_orders: Sequence[float | None]) -> tuple[list[StayBand], StayLift | None]:
    """The bands and the lift of one broadcast's polls (see the module doc)."""
    buckets = stay_buckets(ts, online, share, paid_orders)
    return stay_bands(buckets), stay_lift(buckets)
