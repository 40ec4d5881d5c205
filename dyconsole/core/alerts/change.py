"""Abnormal-change detection for a rate given as numerator / denominator counts (conversion = paid orders /
entries, click rate = clicks / impressions, ...).

Method: the last `recent_s` seconds are compared with the `baseline_s` seconds before them. Counts are
modelled as Poisson with a rate per unit of denominator (k ~ Poisson(rate * n)); the evidence is the
likelihood-ratio statistic G = 2 * sum k_i * log(k_i / e_i) of "two rates" against "one shared rate" (e_i the
counts expected under the shared rate; G is about chi-square with 1 degree of freedom under no change). The
Poisson form holds even when the numerator can exceed the denominator and is conservative against the binomial
for large rates. Small counts are handled by not judging at all until enough events are expected
(`min_events`), and a statistically clear but tiny change is ignored (`min_relative_change`).

"Since when": the change point is estimated by the split of the whole compared span that maximizes the same
statistic (the classic single change-point likelihood scan).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.core.alerts.history import CounterHistory
from dyconsole.core.alerts.rules import ChangeDirection, ChangeRule


@dataclass(frozen=True, slots=True)
class ChangeAssessment:
    before: float  # rate over the baseline window
    after: float  # rate over the recent window
    relative_change: float  # (after - before) / before
    evidence: float  # G statistic
    detected: bool
    since_ts: float | None  # estimated change point (only when detected)


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x * log(y) with 0 * log(anything) = 0."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    safe = np.where(x > 0, y, 1.0)
    return np.where(x > 0, x * np.log(safe), 0.0)


def poisson_rate_g(
    k_before: np.ndarray | float, n_before: np.ndarray | float, k_after: np.ndarray | float, n_after: np.ndarray | float
) -> np.ndarray:
    """G statistic of two Poisson rates (k events per n exposure) against one shared rate. Vectorized."""
    k0, n0, k1, n1 = (np.asarray(v, dtype=float) for v in (k_before, n_before, k_after, n_after))
    total_n = n0 + n1
    rate = np.divide(k0 + k1, total_n, out=np.zeros_like(total_n), where=total_n > 0)
    e0, e1 = rate * n0, rate * n1
    g = 2.0 * (_xlogy(k0, np.divide(k0, e0, out=np.ones_like(e0), where=e0 > 0))
               + _xlogy(k1, np.divide(k1, e1, out=np.ones_like(e1), where=e1 > 0)))
    return np.maximum(g, 0.0)


def poisson_one_sample_g(k: float, expected: float) -> float:
    """G statistic of k observed events against `expected` (Poisson): how surprising k is at that rate."""
    if expected <= 0:
        return 0.0
    return float(max(0.0, 2.0 * (float(_xlogy(k, k / expected)) - (k - expected))))


def _in_direction(relative_change: float | np.ndarray, direction: ChangeDirection, min_rel: float) -> np.ndarray:
    rel = np.asarray(relative_change, dtype=float)
    if direction is ChangeDirection.DOWN:
        return rel <= -min_rel
    if direction is ChangeDirection.UP:
        return rel >= min_rel
    return np.abs(rel) >= min_rel


def change_point(history: CounterHistory, start_ts: float, direction: ChangeDirection) -> float | None:
    """The split time in [start_ts, newest] that best separates two rates (changes in `direction` only)."""
    ts, a, b = history.arrays(start_ts)
    if len(ts) < 3:
        return None
    k_before, n_before = a[1:-1] - a[0], b[1:-1] - b[0]
    k_after, n_after = a[-1] - a[1:-1], b[-1] - b[1:-1]
    g = poisson_rate_g(k_before, n_before, k_after, n_after)
    valid = (n_before > 0) & (n_after > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = (k_after / n_after - k_before / n_before) / (k_before / n_before)
    rel = np.nan_to_num(rel, nan=0.0, posinf=np.inf, neginf=-np.inf)
    valid &= _in_direction(rel, direction, 0.0) & (rel != 0)
    if not valid.any():
        return None
    best = int(np.argmax(np.where(valid, g, -1.0)))
    return float(ts[1 + best])


def _windows(history: CounterHistory, now_ts: float, rule: ChangeRule) -> tuple[float, float, float, float, float] | None:
    """(k_before, n_before, k_after, n_after, baseline_start_ts) or None when the history is too short."""
    split = history.index_at(now_ts - rule.recent_s)
    if split is None or split == len(history) - 1:
        return None
    start = history.index_at(now_ts - rule.recent_s - rule.baseline_s)
    start = 0 if start is None else start
    if start >= split:
        return None
    t0, a0, b0 = history.point(start)
    _, a_s, b_s = history.point(split)
    _, a1, b1 = history.point(len(history) - 1)
    return a_s - a0, b_s - b0, a1 - a_s, b1 - b_s, t0


def assess_change(history: CounterHistory, now_ts: float, rule: ChangeRule) -> ChangeAssessment | None:
    """Judge the recent window against the baseline window; None when there is too little data to judge."""
    windows = _windows(history, now_ts, rule)
    if windows is None:
        return None
    k0, n0, k1, n1, start_ts = windows
    if n0 <= 0 or n1 <= 0 or k0 < rule.min_events:
        return None
    before, after = k0 / n0, k1 / n1
    if before * n1 < rule.min_events:
        return None
    rel = (after - before) / before
    g = float(poisson_rate_g(k0, n0, k1, n1))
    detected = bool(_in_direction(rel, rule.direction, rule.min_relative_change)) and g >= rule.min_evidence
    since = change_point(history, start_ts, rule.direction) if detected else None
    return ChangeAssessment(before, after, rel, g, detected, since)


def recent_rate(history: CounterHistory, now_ts: float, rule: ChangeRule, reference: float) -> float | None:
    """The rate over the recent window, or None while fewer than `min_events` are expected at `reference`."""
    d = history.delta(now_ts - rule.recent_s)
    if d is None:
        return None
    k, n = d
    if n <= 0 or reference * n < rule.min_events:
        return None
    return k / n


def has_recovered(rate: float | None, reference: float, rule: ChangeRule) -> bool | None:
    """Back within half of `min_relative_change` of the rate before the change (None: cannot tell yet)."""
    if rate is None or reference <= 0:
        return None
    return abs(rate - reference) / reference < rule.min_relative_change / 2.0
