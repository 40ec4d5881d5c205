"""The simulator's memory stays flat over a long broadcast: viewers who left (and bought nothing) are folded into
tallies, the per-second table is running totals; what the readouts say is unchanged by it (the counts still add
up to every viewer who entered, buyers stay addressable)."""

from __future__ import annotations

import numpy as np

from dyconsole.emulator.scenarios import load_scenario
from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.simulator import Simulator


def test_a_long_broadcast_holds_only_present_viewers_and_buyers() -> None:
    sim = Simulator(SimConfig(seed=5, duration_s=4 * 3600), load_scenario("viewer-drop"))
    o = sim._origin
    held: list[int] = []
    for hour in (1, 2, 3, 4):
        sim.advance_to(o + hour * 3600 - 7)
        held.append(sim._engine.viewers.rows)
    v = sim._engine.viewers
    stats = sim.room_stats()
    assert v.n == stats["total_live_watch_cnt"] > 100_000
    # rows held: those present at the last chunk start, those since, and buyers; never the whole audience
    assert max(held) < v.n / 20, (held, v.n)
    buyers = np.unique(sim._engine.orders.col("buyer"))
    assert len(buyers) > 50 and np.array_equal(v.values("gid", buyers), buyers)
    for dimension in ("CITY", "GENDER", "AGE"):
        assert sum(n for _, n in sim.audience("ENTER", dimension)) == v.n
    assert sum(n for _, n in sim.audience("PAY", "GENDER")) == len(np.unique(
        sim._engine.orders.col("buyer")[(sim._engine.orders.col("pay") <= sim._now) & ~sim._engine.orders.col("repurchase")]))
    flow = sim.flow("AllEcomFlowSource")
    assert sum(flow.values()) == v.n
    total, count = v.gone_stays(sim._engine.elapsed)
    assert 60 < sim.truth.dwell_mean_s() == total / count < 600


def test_the_per_second_record_does_not_grow_with_the_broadcast() -> None:
    short = Simulator(SimConfig(seed=2, duration_s=3600))
    long_ = Simulator(SimConfig(seed=2, duration_s=12 * 3600))
    for sim in (short, long_):
        sim.advance_to(sim._origin + 1800)
    t_short, t_long = short._engine.tally, long_._engine.tally
    whole = {name: arr.nbytes for name, arr in vars(t_long).items() if isinstance(arr, np.ndarray)}
    part = {name: arr.nbytes for name, arr in vars(t_short).items() if isinstance(arr, np.ndarray)}
    grown = {name for name in whole if whole[name] != part[name]}
    assert grown == {"_kept"}  # only the 4 columns the ground truth reads per second
    assert whole["_kept"] == 12 * 3600 * 4 * 8
