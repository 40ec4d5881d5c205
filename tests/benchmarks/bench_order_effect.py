"""Benchmark (a script, not a test): the measured effect of applying the suggested order, graded against the
demo room's truth.

For seeds 1-5 the demo simulator runs 30 broadcast minutes; every 30 s its product list (and room stats) go
through the same parse path the console uses (sources.parse) into an AppealModel and a ProductHistory. At minute
30 the console's suggestion (core.products.suggest_order over its own appeal fit) is applied to the room
(Simulator.set_product_order, what POST /_emulator/product-order does); the broadcast goes on for 60 minutes.

TRUE uplift: the same seed run twice, with and without the change (the simulator is seeded: the audience is the
same, only the products' draws differ): GMV over minutes 30-90 with minus without, from the room's own GMV.
The expected-GMV truth (emulator/sim/truth.expected_gmv_rate: the order's expected GMV at the room's nominal
audience) is printed beside it as the uplift in expectation. ESTIMATE: core.products.effect.measure_change on what
the console saw (the product polls of the run with the change only), with its 90% interval. Printed: true vs
estimated, whether the interval covers the truth (goal: 4 of 5 seeds), and its width.

Run: python tests/benchmarks/bench_order_effect.py [--by appeal|expected_gmv]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from dyconsole.core.derived import ENTRIES, GMV
from dyconsole.core.products import AppealModel, suggest_order
from dyconsole.core.products.change_log import OrderChange
from dyconsole.core.products.effect import measure_change
from dyconsole.core.products.history import ProductHistory
from dyconsole.emulator.sim import SimConfig, Simulator
from dyconsole.sources.parse import products as parse_products

SEEDS = (1, 2, 3, 4, 5)
CHANGE_MIN = 30
AFTER_MIN = 60
POLL_S = 30


def broadcast(seed: int, by: str, change: bool) -> tuple[Simulator, ProductHistory, OrderChange | None, list[float],
                                                         list[float], float]:
    """One run: (simulator, product history, the change made, entries times, entries, truth uplift rate/min)."""
    sim = Simulator(SimConfig(seed=seed, duration_s=3 * 3600))
    start = sim.config.start_ts
    model, history = AppealModel(), ProductHistory()
    ts_list: list[float] = []
    entries: list[float] = []
    made: OrderChange | None = None
    expected_gain = 0.0
    for t in range(0, (CHANGE_MIN + AFTER_MIN) * 60 + 1, POLL_S):
        sim.advance_to(start + t)
        samples = parse_products(start + t, sim.products())
        history.append(start + t, samples)
        stats = sim.room_stats()
        ts_list.append(start + t)
        entries.append(float(stats[ENTRIES]))
        if t <= CHANGE_MIN * 60:
            model.push(start + t, samples)
        if t == CHANGE_MIN * 60:
            plan = suggest_order(samples, model.estimate(), by=by)  # type: ignore[arg-type]
            old = tuple(s.product_id for s in samples)
            new = tuple(p.product_id for p in plan)
            expected_gain = sim.truth.expected_gmv_rate(new) - sim.truth.expected_gmv_rate(old)
            if change:
                sim.set_product_order(list(new))
            made = OrderChange(start + t, old, new)
    return sim, history, made, ts_list, entries, expected_gain



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--by", choices=("appeal", "expected_gmv"), default="appeal")
    args = parser.parse_args()
    print(f"suggested order (by {args.by}) applied at minute {CHANGE_MIN}; GMV uplift over the next {AFTER_MIN} "
          f"minutes, yuan; estimate = core.products.effect on the console's polls, 90% interval")
    print(f"{'seed':>4} {'n':>3} | {'true':>9} {'expected':>9} | {'estimate':>9} {'low':>9} {'high':>9} "
          f"{'width':>9} | covers  ({'s':>4})")
    covered, widths = 0, []
    for seed in SEEDS:
        t0 = time.perf_counter()
        with_sim, history, change, ts, entries, expected_rate = broadcast(seed, args.by, change=True)
        without_sim, *_ = broadcast(seed, args.by, change=False)
        assert change is not None
        at_change = _gmv_at(seed, CHANGE_MIN)
        true = (float(with_sim.room_stats()[GMV]) - at_change) - (float(without_sim.room_stats()[GMV]) - at_change)
        effect = measure_change(history, change, entries=(np.array(ts), np.array(entries)))
        gmv = effect.room["gmv"]
        minutes = effect.minutes_after
        est, low, high = gmv.uplift * minutes, (gmv.low or 0.0) * minutes, (gmv.high or 0.0) * minutes
        ok = not gmv.too_early and low <= true <= high
        covered += ok
        widths.append(high - low)
        print(f"{seed:>4} {len(change.new_order):>3} | {true:9.0f} {expected_rate * AFTER_MIN:9.0f} | {est:9.0f} "
              f"{low:9.0f} {high:9.0f} {high - low:9.0f} | {'yes' if ok else 'NO ':>6}  "
              f"({time.perf_counter() - t0:4.1f})")
    print(f"covered: {covered} of {len(SEEDS)} seeds (goal 4 of 5: {'met' if covered >= 4 else 'NOT met'}); "
          f"mean interval width {np.mean(widths):.0f} yuan")


def _gmv_at(seed: int, minute: int) -> float:
    sim = Simulator(SimConfig(seed=seed, duration_s=3 * 3600))
    sim.advance_to(sim.config.start_ts + minute * 60)
    return float(sim.room_stats()[GMV])


if __name__ == "__main__":
    main()
