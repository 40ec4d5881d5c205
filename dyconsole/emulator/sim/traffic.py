"""Where viewers come from: organic arrival rates by traffic source (gentle waves, a warm-up at the start) and
the Qianchuan ad schedule on the paid sources (spend while campaigns run, CPM, clicks that enter the room).
Both are planned once from the seed for the whole broadcast; scenario events scale them per second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.core.metrics import FLOW_SOURCES, PAID_FLOW_SOURCES
from dyconsole.emulator.sim import config as C

N_SOURCES = len(FLOW_SOURCES)
PAID_IDX: tuple[int, ...] = tuple(i for i, s in enumerate(FLOW_SOURCES) if s in PAID_FLOW_SOURCES)
ORGANIC_IDX: tuple[int, ...] = tuple(i for i, s in enumerate(FLOW_SOURCES) if s not in PAID_FLOW_SOURCES)

#: typical share of organic arrivals by source (before seeded jitter)
_ORGANIC_SHARE = {
    "nature": 0.14, "video_to_live": 0.16, "homepage_hot": 0.30, "live_merge": 0.08, "homepage_fresh": 0.04,
    "homepage_follow": 0.10, "general_search": 0.06, "others_homepage": 0.04, "douyin_shopping_center": 0.04,
    "activity": 0.02, "ecom_other": 0.02,
}
#: how long viewers from a source tend to stay, relative to average
DWELL_FACTOR = np.array([1.0, 0.9, 0.85, 0.8, 1.0, 1.6, 1.25, 1.2, 1.1, 1.0, 0.75, 0.8, 1.0])
#: how likely viewers from a source are to buy, relative to average
SOURCE_BUY = np.array([1.0, 0.9, 0.85, 0.7, 0.9, 1.8, 1.5, 1.2, 1.3, 1.0, 1.1, 1.1, 1.0])


@dataclass(frozen=True)
class TrafficPlan:
    """Per broadcast second (rows) and source (columns): expected organic entries; ad spend (yuan/s) on the
    two paid sources; the CPM (yuan per 1000 ad impressions) of each paid source."""

    organic: np.ndarray  # (duration, N_SOURCES), zeros on the paid columns
    spend: np.ndarray  # (duration, 2): live_pc_qian_chuan, live_xiao_dian_qian_chuan
    cpm: tuple[float, float]
    base_rate: float  # organic entries per second at full strength

    def nominal_arrivals(self) -> float:
        """Mean expected arrivals per second over the broadcast, ads included."""
        paid = self.spend / np.array(self.cpm) * 1000.0 * C.AD_CTR
        return float(self.organic.sum(axis=1).mean() + paid.sum(axis=1).mean())


def plan_traffic(seed: int, duration_s: int, arrivals: float = 1.0) -> TrafficPlan:
    """`arrivals`: a factor on the organic arrivals (the weekly pattern of SimConfig.weekday_effect)."""
    rng = C.stream(seed, C.NS_SETUP, 2)
    t = np.arange(duration_s, dtype=float)
    base_rate = float(rng.uniform(6.0, 12.0)) * arrivals
    warmup = np.minimum(1.0, 0.3 + 0.7 * t / 600.0)  # the room fills during the first 10 minutes
    waves = np.ones(duration_s)
    for _ in range(3):  # organic recommendation waves: a few slow swings, never a cliff
        period = rng.uniform(900.0, 3000.0)
        waves += rng.uniform(0.05, 0.12) * np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi))
    shares = np.zeros(N_SOURCES)
    for name, share in _ORGANIC_SHARE.items():
        shares[FLOW_SOURCES.index(name)] = share * float(np.exp(rng.normal(0, 0.2)))
    shares /= shares.sum()
    organic = (base_rate * warmup * waves)[:, None] * shares[None, :]
    for j in ORGANIC_IDX:  # each source swings a little on its own
        period = rng.uniform(600.0, 2400.0)
        organic[:, j] *= 1.0 + 0.1 * np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi))
    spend = np.zeros((duration_s, 2))
    pc_rate = float(rng.uniform(0.8, 2.0))  # yuan per second while a PC campaign runs
    start = int(rng.uniform(0, 300))
    while start < duration_s:  # campaigns of 15-35 minutes with 3-12 minute pauses
        length = int(rng.uniform(900, 2100))
        spend[start:start + length, 0] = pc_rate * float(rng.uniform(0.7, 1.3))
        start += length + int(rng.uniform(180, 720))
    start = int(rng.uniform(600, 1800))
    while start < duration_s:  # 小店随心推 boosts: short and small
        length = int(rng.uniform(300, 900))
        spend[start:start + length, 1] = float(rng.uniform(0.2, 0.6))
        start += length + int(rng.uniform(900, 2400))
    cpm = (float(rng.uniform(30.0, 60.0)), float(rng.uniform(20.0, 45.0)))
    return TrafficPlan(organic=organic, spend=spend, cpm=cpm, base_rate=base_rate)


def surge_spend(plan: TrafficPlan, rows: slice, extra_factor: np.ndarray) -> np.ndarray:
    """Extra ad spend (yuan/s, per paid source) that brings `extra_factor` x the normal arrivals per second."""
    normal = plan.organic[rows].sum(axis=1) + (plan.spend[rows] / np.array(plan.cpm) * 1000 * C.AD_CTR).sum(axis=1)
    extra_arrivals = normal * extra_factor
    split = np.array([0.7, 0.3])
    return extra_arrivals[:, None] * split[None, :] / C.AD_CTR * np.array(plan.cpm)[None, :] / 1000.0


def sample_dwell(u_kind: np.ndarray, u_a: np.ndarray, u_b: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Seconds each arriving viewer would stay: 45% glance and go (mean ~25 s), the rest a long-tailed stay
    (median ~2.5 min), scaled by source. Uses exactly three uniforms per viewer."""
    quick = u_kind < 0.45
    glance = -25.0 * np.log1p(-u_a)
    z = np.sqrt(-2.0 * np.log1p(-u_a)) * np.cos(2 * np.pi * u_b)  # Box-Muller
    stay = np.exp(np.log(150.0) + 0.9 * z)
    dwell = np.where(quick, glance, stay) * DWELL_FACTOR[source]
    return np.clip(np.rint(dwell), 1, C.MAX_DWELL_S).astype(np.int64)
