"""The concurrent-online estimate against the demo room's ground truth.

A 3 h demo broadcast is polled every 5 s (a few polls fail and are recorded as gaps); the console never sees
online_user_cnt, only the two counters the real API has. After a 15-minute warm-up the median absolute
percentage error of `online` (the estimate) vs the simulator's true concurrent count must stay under 10%.

Why 10%: with the calibrated dwell model (Weibull k = 0.7) and the 120 s stay-share window seeds 1-3 give 5.8%,
6.2% and 5.5% (p95 13-14%); the plain exponential model gives ~35% on the same runs. 10% leaves room for seed-to-seed spread
while still failing if the calibration, the lag of the 60-s counter or the non-steady (convolution) form breaks.
"""

from __future__ import annotations

import numpy as np
import pytest

from dyconsole.core.derived import derive_rows
from dyconsole.core.estimate import EXPONENTIAL, estimate_series
from dyconsole.core.metrics import REAL_ONLINE
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.emulator.sim import SimConfig, Simulator

POLL_S = 5
WARM_UP_S = 900
BOUND = 0.10


@pytest.fixture(scope="module")
def demo_broadcast() -> tuple[list[RoomSample], np.ndarray]:
    cfg = SimConfig(seed=1)
    sim = Simulator(cfg)
    samples: list[RoomSample] = []
    truth: list[float] = []
    for k in range(1, cfg.duration_s // POLL_S):
        ts = cfg.start_ts + POLL_S * k
        sim.advance_to(ts)
        stats = sim.room_stats()
        truth.append(float(sim.truth.concurrent[-1]))
        if k % 97 == 0:  # a failed poll: a gap sample
            values: dict[str, float | None] = dict.fromkeys(stats)
        else:
            values = {name: v for name, v in stats.items() if name != REAL_ONLINE}
        samples.append(RoomSample(ts, cfg.room_id, RoomStatus.LIVING, values))
    return samples, np.asarray(truth)


def _mdape(samples: list[RoomSample], truth: np.ndarray, estimates: list[float | None]) -> float:
    start = samples[0].ts - POLL_S
    errs = [
        abs(e - t) / t
        for s, t, e in zip(samples, truth, estimates)
        if e is not None and s.ts - start >= WARM_UP_S and t > 0
    ]
    assert len(errs) > 0.9 * len(samples) * (1 - WARM_UP_S / 10_800)
    return float(np.median(errs))


def test_estimate_error_vs_true_concurrent(demo_broadcast: tuple[list[RoomSample], np.ndarray]) -> None:
    samples, truth = demo_broadcast
    rows = derive_rows(samples)
    good = [r for r in rows if r["online"] is not None]
    assert good and all(r["online_is_estimate"] == 1.0 for r in good)
    assert rows[0]["online"] is None  # too little data at the start: no estimate, no made-up figure
    mdape = _mdape(samples, truth, [r["online"] for r in rows])
    print(f"\nonline estimate vs truth, 3 h demo at {POLL_S} s: median abs error {mdape:.1%}")
    assert mdape < BOUND


def test_the_exponential_model_is_the_worse_calibration(demo_broadcast: tuple[list[RoomSample], np.ndarray]) -> None:
    samples, truth = demo_broadcast
    ests = estimate_series(
        [s.ts for s in samples],
        [s.get("total_live_watch_cnt") for s in samples],
        [s.get("live_watch_one_minute_count") for s in samples],
        EXPONENTIAL,
    )
    mdape = _mdape(samples, truth, [e.online if e else None for e in ests])
    print(f"\nexponential dwell model: median abs error {mdape:.1%}")
    assert mdape > BOUND
