"""Benchmark (a script, not a test): the product click-surge hint (core.products.surge) against the demo room's
truth. Prints the figures; asserts nothing.

    python tests/benchmarks/bench_product_surge.py [--seeds 1-10] [--normal-hours 3] [--evidence 14] [--pending 0]

The simulator (the demo room's model, seeded) is read every `POLL_S` broadcast seconds and its product list goes
through the console's own parser (sources.parse.products) into the detector, as a product poll would.

- viral-product: one product (the truth: the simulator's event and its target) becomes 6x as appealing at
  10 min. Delay = product polls after the true onset until the hint for that product (1 = the first poll
  after the onset); "-" = not within the run. Hints for other products during the run are counted too.
- normal broadcast (no scenario): every hint is counted, per hour of broadcast.
- what the first two polls after the onset hold (`Oracle`): the viral product's clicks there against what its true
  click-through before the onset (the simulator's appeal) expects, the Poisson p of that, and how many false hints
  an hour a test firing at that p would raise on the room: the best any test could do, so a seed that needs many
  is beyond reach within two polls, whatever the test.

Both with the impressions the demo room serves and without them (a real source may not serve them: then the
exposure is the other products' clicks, within a position band).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

from dyconsole.core.derived import PRODUCT_SHOWS  # noqa: E402
from dyconsole.core.products.appeal import CLICKS, EXPLAINING  # noqa: E402
from dyconsole.core.model import ProductSample  # noqa: E402
from dyconsole.core.products.surge import SURGE_RULE, SURGE_WINDOWS, SurgeDetector, SurgeHint  # noqa: E402
from dyconsole.emulator.scenarios import load_scenario  # noqa: E402
from dyconsole.emulator.sim import SimConfig, Simulator  # noqa: E402
from dyconsole.emulator.sim.config import BASE_CTR, EXPLAIN_CTR_BOOST  # noqa: E402
from dyconsole.sources.parse import products as parse_products  # noqa: E402

POLL_S = 30.0
START = SimConfig().start_ts
VIRAL_RUN_S = 1800.0  # covers the onset at 10 min and 20 minutes of the surge
#: a viral product is "within reach" in two polls when the best test catching it raises at most this many false
#: hints an hour (5x today's rate)
REACH_FALSE_PER_HOUR = 5.0


@dataclass
class Run:
    hints: list[SurgeHint]
    hours: float
    onset_ts: float | None = None
    target: str | None = None
    oracle: "Oracle | None" = None


@dataclass
class Oracle:
    """What the first two polls after the true onset hold for the viral product, judged as the best possible test
    would: knowing the product's true click-through before the onset (the simulator's appeal), so with no baseline
    to estimate. `p` = P(at least `clicks` | `expected`), Poisson; `budget` = the p-value a test may use per product
    and poll to raise at most one false hint an hour on that room (1 / (products x polls an hour)): a seed whose
    `p` is above it cannot be caught within two polls by any test at that false-hint rate: `false_per_hour` is what a
    test firing at that p raises an hour on the same room (about; neighbouring polls' tests are not independent)."""

    clicks: float
    impressions: float
    expected: float
    p: float
    budget: float

    @property
    def false_per_hour(self) -> float:
        return self.p / self.budget


def poisson_tail(k: float, mu: float) -> float:
    """P(X >= k), X ~ Poisson(mu)."""
    k = int(round(k))
    if k <= 0:
        return 1.0
    term = total = math.exp(-mu)
    for i in range(1, k):
        term *= mu / i
        total += term
    return max(0.0, 1.0 - total)


def oracle(sim: Simulator, polls: list[tuple[float, list[ProductSample]]], target: str, onset: float) -> Oracle:
    appeal = sim.truth.appeal[target]  # before the scenario's effect
    after = [(ts, next((p for p in ps if p.product_id == target), None)) for ts, ps in polls]
    before = [x for x in after if x[0] <= onset][-1:]
    first = [x for x in after if x[0] > onset][:2]
    chain = before + first
    clicks = impressions = expected = 0.0
    for (_, a), (_, b) in zip(chain, chain[1:]):
        assert a is not None and b is not None
        dk = b.values[CLICKS] - a.values[CLICKS]
        dn = b.values[PRODUCT_SHOWS] - a.values[PRODUCT_SHOWS]
        boost = EXPLAIN_CTR_BOOST if EXPLAINING in (a.explain_status, b.explain_status) else 1.0
        clicks, impressions, expected = clicks + dk, impressions + dn, expected + dn * BASE_CTR * appeal * boost
    n_products = len(polls[-1][1])
    return Oracle(clicks, impressions, expected, poisson_tail(clicks, expected), 1.0 / (n_products * 3600.0 / POLL_S))


def _without_impressions(samples: list[ProductSample]) -> list[ProductSample]:
    return [dataclasses.replace(s, values={k: v for k, v in s.values.items() if k != PRODUCT_SHOWS})
            for s in samples]


def run(seed: int, scenario: str | None, run_s: float, impressions: bool, detector: SurgeDetector) -> Run:
    sim = Simulator(SimConfig(seed=seed), scenario=load_scenario(scenario) if scenario else None)
    hints: list[SurgeHint] = []
    polls: list[tuple[float, list[ProductSample]]] = []
    t = POLL_S
    while t <= run_s:
        ts = START + t
        sim.advance_to(ts)
        samples = parse_products(ts, sim.products())
        if scenario:
            polls.append((ts, samples))
        hints.extend(detector.push(ts, samples if impressions else _without_impressions(samples)))
        t += POLL_S
    out = Run(hints, run_s / 3600.0)
    viral = [(ev, start) for ev, start, _ in sim.truth.events if ev.kind == "viral_product"]
    if viral:
        out.target, out.onset_ts = viral[0][0].target, viral[0][1]
        assert out.target is not None
        out.oracle = oracle(sim, polls, out.target, out.onset_ts)
    return out


def push_cost(n_products: int = 60, run_s: float = 3600.0) -> tuple[float, float]:
    """(median, p95) seconds of SurgeDetector.push for a room of `n_products`, one broadcast hour."""
    sim = Simulator(SimConfig(seed=1, n_products=n_products))
    detector, costs = SurgeDetector(), []
    t = POLL_S
    while t <= run_s:
        sim.advance_to(START + t)
        samples = parse_products(START + t, sim.products())
        t0 = time.perf_counter()
        detector.push(START + t, samples)
        costs.append(time.perf_counter() - t0)
        t += POLL_S
    costs.sort()
    return costs[len(costs) // 2], costs[int(0.95 * (len(costs) - 1))]


def delay_polls(r: Run) -> int | None:
    assert r.onset_ts is not None
    mine = [h.at for h in r.hints if h.product_id == r.target and h.at > r.onset_ts]
    return math.ceil((mine[0] - r.onset_ts) / POLL_S) if mine else None


def _seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="1-10")
    ap.add_argument("--normal-hours", type=float, default=3.0)
    ap.add_argument("--evidence", type=float, default=SURGE_RULE.min_evidence)
    ap.add_argument("--pending", type=float, default=SURGE_RULE.pending_s)
    ap.add_argument("--min-events", type=float, default=SURGE_RULE.min_events)
    ap.add_argument("--min-change", type=float, default=SURGE_RULE.min_relative_change)
    args = ap.parse_args()
    rule = dataclasses.replace(SURGE_RULE, min_evidence=args.evidence, pending_s=args.pending,
                               min_events=args.min_events, min_relative_change=args.min_change)
    seeds = _seeds(args.seeds)
    windows = ", ".join(f"{w:.0f} s (+{extra:g})" for w, extra in SURGE_WINDOWS)
    print(f"rule: recent windows {windows} vs baseline {rule.baseline_s:.0f} s, min_evidence "
          f"{rule.min_evidence:g}, min_events {rule.min_events:g}, min_relative_change {rule.min_relative_change:g}, "
          f"pending {rule.pending_s:g} s, cooldown {rule.cooldown_s:g} s; polls every {POLL_S:g} s")
    t0 = time.perf_counter()
    for impressions in (True, False):
        kind = "with impressions" if impressions else "without impressions (attention of other products)"
        print(f"\n== {kind}")
        print(f"{'seed':>4} {'viral delay (polls)':>20} {'evidence':>9} {'x rate':>7} {'other hints':>12}"
              f" {'normal hints':>13} {'per hour':>9}   first two polls after the onset: clicks / expected "
              f"before it (truth), p, false hints/h a test catching it would raise")
        delays: list[int | None] = []
        per_hour: list[float] = []
        reachable: list[bool] = []
        for seed in seeds:
            viral = run(seed, "viral-product", VIRAL_RUN_S, impressions, SurgeDetector(rule))
            d = delay_polls(viral)
            delays.append(d)
            first = next((h for h in viral.hints if h.product_id == viral.target), None)
            others = sum(h.product_id != viral.target for h in viral.hints)
            normal = run(seed, None, args.normal_hours * 3600.0, impressions, SurgeDetector(rule))
            per_hour.append(len(normal.hints) / normal.hours)
            o = viral.oracle
            assert o is not None
            reachable.append(o.false_per_hour <= REACH_FALSE_PER_HOUR)
            print(f"{seed:>4} {'-' if d is None else d:>20} {first.evidence if first else math.nan:>9.1f} "
                  f"{first.ratio if first else math.nan:>7.1f} {others:>12} {len(normal.hints):>13} "
                  f"{per_hour[-1]:>9.2f}   {o.clicks:4.0f} / {o.expected:5.1f}  p {o.p:8.1e}  "
                  f"{o.false_per_hour:6.1f}{'' if reachable[-1] else '  beyond reach'}")
        within = sum(d is not None and d <= 2 for d in delays)
        print(f"viral: within two polls in {within} of {len(seeds)} seeds; normal: "
              f"{sum(per_hour) / len(per_hour):.2f} hints per hour (mean over seeds)")
        missed = [seed for seed, d, r in zip(seeds, delays, reachable) if r and (d is None or d > 2)]
        print(f"within two polls, reachable by a test that knew the true rate before the onset at <= "
              f"{REACH_FALSE_PER_HOUR:g} false hints/h: {sum(reachable)} of {len(seeds)} seeds; reachable but missed: "
              f"{missed or 'none'}")
    median, p95 = push_cost()
    print(f"\ncost: SurgeDetector.push for 60 products {median * 1e3:.2f} ms median, {p95 * 1e3:.2f} ms p95")
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
