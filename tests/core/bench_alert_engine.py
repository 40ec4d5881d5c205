"""Benchmark and calibration of the alert engine (prints figures, asserts nothing).

    python tests/core/bench_alert_engine.py

1. Cost of `AlertEngine.evaluate` per frame with the shipped rules and 30 products (a room poll every 5 s).
2. Replay of a 4-hour session ("try on a past session").
3. The default conversion-change rule on synthetic binomial data (15 entries a 5-s poll = 180 a minute):
   false alarms on a flat 3% and detection delay of a drop 3% -> 1%, for a few settings of recent_s and
   min_evidence (how the defaults were chosen).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.support

from tests.support.alert_testkit import ENTRIES, PAID, T0, binomial_room  # noqa: E402

from dyconsole.core.alerts import (  # noqa: E402
    EXAMPLE_NORMS,
    AlertEngine,
    ChangeRule,
    MetricFrame,
    ProductFrame,
    default_rules,
    replay,
)


def session(hours: float, products: int, seed: int = 1) -> list[MetricFrame]:
    rng = np.random.default_rng(seed)
    frames = []
    entries = paid = 0.0
    clicks = np.zeros(products)
    imps = np.zeros(products)
    for i in range(int(hours * 3600 / 5)):
        n = rng.poisson(15)
        entries += n
        paid += rng.binomial(n, 0.03)
        imps += rng.poisson(8, products)
        clicks += rng.binomial(8, 0.08, products)
        prods = tuple(ProductFrame(f"p{j}", f"商品{j}", float(clicks[j]), float(imps[j])) for j in range(products))
        frames.append(MetricFrame(T0 + i * 5, i * 5.0, {"online": float(rng.normal(80, 20)), PAID: paid,
                                                        ENTRIES: entries}, products=prods, data_age_s=2.0))
    return frames


def main() -> None:
    frames = session(4, 30)
    engine = AlertEngine(default_rules(), EXAMPLE_NORMS)
    t = time.perf_counter()
    for f in frames:
        engine.evaluate(f)
    dt = time.perf_counter() - t
    print(f"evaluate: {dt / len(frames) * 1e6:.0f} us per frame (4 shipped rules, 30 products, {len(frames)} frames)")
    t = time.perf_counter()
    events = replay(default_rules(), frames, EXAMPLE_NORMS)
    print(f"replay of a 4-hour session: {time.perf_counter() - t:.2f} s, {len(events)} events")

    seeds = 40
    for recent_s, evidence in [(300, 12), (300, 16), (600, 12), (600, 14), (600, 16)]:
        rule = ChangeRule(id="c", name="c", numerator=(PAID,), denominator=(ENTRIES,))
        rule = replace(rule, recent_s=float(recent_s), min_evidence=float(evidence))
        false_alarms = sum(
            sum(e.kind == "fired" for e in replay([rule], binomial_room(s, [(4 * 3600, 0.03)]))) for s in range(seeds)
        )
        delays = []
        for s in range(seeds):
            ev = replay([rule], binomial_room(1000 + s, [(3600, 0.03), (7200, 0.01)]))
            fired = [e.ts - T0 - 3600 for e in ev if e.kind == "fired" and e.ts - T0 >= 3600]
            delays.append(fired[0] if fired else np.inf)
        found = np.isfinite(delays)
        print(f"change rule recent_s={recent_s} min_evidence={evidence}: {false_alarms} false alarms in "
              f"{4 * seeds} h of flat 3%; drop 3%->1% found {found.sum()}/{seeds}, delay median "
              f"{np.median(np.asarray(delays)[found]):.0f} s, max {np.max(np.asarray(delays)[found]):.0f} s")


if __name__ == "__main__":
    main()
