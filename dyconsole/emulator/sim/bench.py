"""Speed figures for the demo room (prints them; tests never time anything):
`python -m dyconsole.emulator.sim.bench`."""

from __future__ import annotations

import time
from typing import Callable

from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.simulator import Simulator


def _timed(label: str, fn: Callable[[], object], repeat: int = 1) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    per_call = (time.perf_counter() - t0) / repeat
    print(f"{label:<58} {per_call * 1000:9.2f} ms")
    return per_call


def main() -> None:
    start = SimConfig().start_ts
    for seed in (1, 2, 3):
        sim = Simulator(SimConfig(seed=seed))
        _timed(f"seed {seed}: whole 3 h broadcast in one advance_to", lambda: sim.advance_to(start + 3 * 3600))
        stats = sim.room_stats()
        print(f"    {len(sim.products())} products, {int(stats['total_live_watch_cnt'])} views, "
              f"{int(stats['live_pay_order_count_alias'])} paid orders, GMV {stats['live_pay_order_gmv_alias']:.0f} yuan, "
              f"cost {stats['stat_cost']:.0f} yuan, mean concurrent {sim.truth.concurrent.mean():.0f}")
    sim = Simulator(SimConfig(seed=1))

    def stepwise() -> None:
        for t in range(0, 3 * 3600 + 1, 5):
            sim.advance_to(start + t)

    _timed("seed 1: 3 h broadcast advanced every 5 broadcast seconds", stepwise)
    _timed("room_stats() at the end", sim.room_stats, 50)
    _timed("products() at the end", sim.products, 50)
    _timed("orders() at the end", sim.orders, 10)
    _timed("audience('ENTER', 'CITY') at the end", lambda: sim.audience("ENTER", "CITY"), 50)


if __name__ == "__main__":
    main()
