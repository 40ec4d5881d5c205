"""The concurrent-online estimate against the demo room's ground truth.

A 3 h demo broadcast is polled every 5 s (a few polls fail and are recorded as gaps); the console never sees
online_user_cnt, only the two counters the real API has. After a 15-minute warm-up the median absolute
percentage error of `online` (the estimate) vs the simulator's true concurrent count must stay under 10%, and the
estimated share of viewers past 3 minutes within 10 percentage points of the true share.

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
def demo_broadcast(
        broadcast_truth: tuple[list[RoomSample], np.ndarray, np.ndarray]) -> tuple[list[RoomSample], np.ndarray]:
    samples, truth, _ = broadcast_truth
    return samples, truth


@pytest.fixture(scope="module")
def long_share_truth(
        broadcast_truth: tuple[list[RoomSample], np.ndarray, np.ndarray]) -> tuple[list[RoomSample], np.ndarray]:
    samples, _, long_share = broadcast_truth
    return samples, long_share


@pytest.fixture(scope="module")
def broadcast_truth() -> tuple[list[RoomSample], np.ndarray, np.ndarray]:
    """The polls, the true concurrent count and the true share past 3 minutes at each poll."""
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
    share = sim.truth.long_share()
    long_share = np.array([share[int(s.ts - cfg.start_ts) - 1] for s in samples])
    return samples, np.asarray(truth), long_share


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


def test_share_past_3_minutes_vs_truth(long_share_truth: tuple[list[RoomSample], np.ndarray]) -> None:
    """The estimated share of viewers past 3 minutes (long_stay_share) within 10 percentage points of the simulator's
    true share, median over the broadcast after the warm-up (seed 1 gives ~2.6; bench_dwell.py prints seeds 1-5),
    and its range holding the truth on most polls."""
    samples, truth = long_share_truth
    rows = derive_rows(samples)
    start = samples[0].ts - POLL_S
    pairs = [(r, t) for s, r, t in zip(samples, rows, truth)
             if s.ts - start >= WARM_UP_S and r["long_stay_share"] is not None and np.isfinite(t)]
    assert len(pairs) > 0.9 * len(samples) * (1 - WARM_UP_S / 10_800)
    errors = [abs(r["long_stay_share"] - t) for r, t in pairs]
    inside = [r["long_stay_share_low"] <= t <= r["long_stay_share_high"] for r, t in pairs]
    print(f"\nshare past 3 min vs truth: median abs error {np.median(errors) * 100:.1f} pp, "
          f"range holds it {np.mean(inside):.0%}")
    assert np.median(errors) < 0.10
    assert np.mean(inside) > 0.8
    assert all(r["long_stay_share_low"] <= r["long_stay_share"] <= r["long_stay_share_high"] for r, _ in pairs)
    # the exponential dwell model misreads it: the shape is what the share rests on
    est = estimate_series([s.ts for s in samples], [s.get("total_live_watch_cnt") for s in samples],
                          [s.get("live_watch_one_minute_count") for s in samples], EXPONENTIAL)
    exp_err = [abs(e.long_share - t) for s, e, t in zip(samples, est, truth)
               if e is not None and e.long_share is not None and s.ts - start >= WARM_UP_S and np.isfinite(t)]
    assert np.median(exp_err) > np.median(errors)
