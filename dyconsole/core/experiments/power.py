"""How many slots a plan needs, or the smallest effect it can detect, for the sequential verdict the console
actually gives (core.experiments.analysis: Lai's t-mixture confidence sequence on the adjacent-pair log-ratios,
looked at after every pair). A fixed-sample formula would overstate the power of a test that may be looked at any
time, so power is the chance, computed by simulation (fixed seed: the same answer every time), that the confidence
sequence excludes "no effect" at some look up to the plan's last pair, with the noise taken PLANNING_MARGIN
larger than measured (see there). The noise is the room's own: how the metric
varies between adjacent slots of its cached sessions (`slot_noise`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Sequence

import numpy as np

from dyconsole.core.experiments.confseq import first_exclusion

#: the noise is taken this much larger when planning: a broadcast's slot-to-slot changes are not normal (heavier
#: tails, drift steps at the start) and the fitted-model benchmark (tests/benchmarks/bench_ab.py) fell 3-4 points
#: short of the promised 80% without it
PLANNING_MARGIN = 1.1
#: simulated experiments per power figure, and the most pairs simulated (beyond it the count is extrapolated)
N_SIM = 4000
MAX_PAIRS = 150


def slot_noise(sessions_values: Sequence[Sequence[float | None]]) -> float:
    """The standard deviation of log(next slot / this slot) over adjacent slots of the same variant in past
    sessions (each inner sequence: one session's consecutive slot values of the metric). It is the noise of one
    pair's log-ratio when there is no effect, drift included. NaN when fewer than 3 adjacent positive pairs."""
    ratios: list[float] = []
    for values in sessions_values:
        vals = list(values)
        for a, b in zip(vals, vals[1:]):
            if a is not None and b is not None and a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b):
                ratios.append(math.log(b / a))
    if len(ratios) < 3:
        return math.nan
    return float(np.std(ratios, ddof=1))


@lru_cache(maxsize=256)
def _first_exclusion(theta: float, alpha: float) -> np.ndarray:
    rng = np.random.default_rng(20231101)  # common random numbers: power is smooth and monotone in theta
    x = rng.standard_normal((N_SIM, MAX_PAIRS)) + theta
    fe = first_exclusion(x, 0.0, alpha)
    fe.setflags(write=False)
    return fe


def _round_theta(theta: float) -> float:
    """theta on a 2% geometric grid (shared cache entries; the power curve moves far less than that between)."""
    if theta <= 0:
        return 0.0
    return float(math.exp(round(math.log(theta) / 0.02) * 0.02))


def power_at(pairs: int, theta: float, alpha: float = 0.05) -> float:
    """The chance the verdict is decisive within `pairs` pairs for a standardised effect theta (effect in noise sd)."""
    fe = _first_exclusion(_round_theta(abs(theta)), alpha)
    return float(((fe > 0) & (fe <= pairs)).mean())


def _check(noise: float, power: float, alpha: float) -> None:
    if not (math.isfinite(noise) and noise > 0):
        raise ValueError("the slot noise must be a positive number (not enough past slots?)")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must be between 0 and 1")


def slots_needed(effect: float, noise: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Slots (an even number: pairs of A and B) for the verdict to detect a relative `effect` (0.1 = 10%) with
    chance `power`, given the slot noise. Past MAX_PAIRS pairs the count is extrapolated as 1/effect^2 (about)."""
    _check(noise, power, alpha)
    if effect <= -1 or effect == 0:
        raise ValueError("effect must be a relative change other than 0 and above -100%")
    theta = abs(math.log1p(effect)) / (noise * PLANNING_MARGIN)
    fe = _first_exclusion(_round_theta(theta), alpha)
    hit = np.sort(fe[fe > 0])
    k = math.ceil(power * fe.size)
    if hit.size >= k:
        return 2 * max(2, int(hit[k - 1]))
    # not reached within MAX_PAIRS: scale from an effect that is reached (n grows as 1/theta^2)
    ref = max(theta, 0.05)
    while True:
        ref *= 1.5
        fe_ref = _first_exclusion(_round_theta(ref), alpha)
        hit_ref = np.sort(fe_ref[fe_ref > 0])
        if hit_ref.size >= k:
            return 2 * math.ceil(int(hit_ref[k - 1]) * (ref / theta) ** 2)


def detectable_effect(n_slots: int, noise: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """The smallest relative increase (0.1 = 10%) the plan's `n_slots` detect with chance `power` (inf when the
    plan has fewer than two pairs)."""
    _check(noise, power, alpha)
    pairs = min(n_slots // 2, MAX_PAIRS)
    if pairs < 2:
        return math.inf
    lo, hi = 0.0, 1.0
    while power_at(pairs, hi, alpha) < power:
        lo, hi = hi, hi * 2
        if hi > 64:
            return math.inf
    for _ in range(18):
        mid = (lo + hi) / 2
        if power_at(pairs, mid, alpha) >= power:
            hi = mid
        else:
            lo = mid
    return math.expm1(hi * noise * PLANNING_MARGIN)
