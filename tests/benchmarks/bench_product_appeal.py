"""Benchmark (a script, not a test): the product-appeal estimate graded against the demo room's truth.

For seeds 1-10 (`--seeds 1-5` for fewer) the demo simulator runs 30 broadcast minutes; every 30 s its product list goes through the same
parse path the console uses (sources.parse.products) into an AppealModel. Printed per seed and on average:
the Spearman rank correlation of the appeal estimate with the true appeal (goal >= 0.8), the naive ranking by
clicks beside it, and how often the interval covers the true appeal relative to the median product, once with
the impressions the demo room sends and once without them (as a source that does not send them). The coverage is
then given with its standard error across seeds, and over 50 more seeds (11-60, outside the graded ones): ten seeds of ~40 products that share their median product measure it only to +-2-3 points. Last, the
cost of a refit for 60 products x 3 h of polls.

Run: python tests/benchmarks/bench_product_appeal.py
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from dyconsole.core.model import ProductSample
from dyconsole.core.products import AppealModel, AppealReport
from dyconsole.core.products.appeal import IMPRESSIONS
from dyconsole.emulator.sim import SimConfig, Simulator
from dyconsole.sources.parse import products as parse_products

SEEDS = tuple(range(1, 11))
MINUTES = 30
POLL_S = 30


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rho with average ranks for ties."""
    def ranks(x: np.ndarray) -> np.ndarray:
        order = np.argsort(x, kind="stable")
        r = np.empty(len(x))
        r[order] = np.arange(len(x), dtype=float)
        for v in np.unique(x):  # ties share their mean rank
            tie = x == v
            r[tie] = r[tie].mean()
        return r
    return float(np.corrcoef(ranks(np.asarray(a, float)), ranks(np.asarray(b, float)))[0, 1])


def without_impressions(samples: list[ProductSample]) -> list[ProductSample]:
    return [ProductSample(s.ts, s.product_id, s.title, s.explain_status, s.position,
                          {k: v for k, v in s.values.items() if k != IMPRESSIONS}) for s in samples]


def run(seed: int, minutes: int = MINUTES, n_products: int | None = None
        ) -> tuple[Simulator, AppealModel, AppealModel, float]:
    """Both models fed from one simulated broadcast; returns also the mean push time (s) per poll."""
    sim = Simulator(SimConfig(seed=seed, duration_s=max(3600, minutes * 60), n_products=n_products))
    start = sim.config.start_ts
    with_shows, without = AppealModel(), AppealModel()
    push_s = []
    for t in range(0, minutes * 60 + 1, POLL_S):
        sim.advance_to(start + t)
        samples = parse_products(start + t, sim.products())
        t0 = time.perf_counter()
        with_shows.push(start + t, samples)
        push_s.append(time.perf_counter() - t0)
        without.push(start + t, without_impressions(samples))
    return sim, with_shows, without, statistics.mean(push_s)


def grade(report: AppealReport, truth: dict[str, float]) -> tuple[float, float, int]:
    """(Spearman with the truth, interval coverage of the relative truth, products sure)."""
    ids = [pid for pid, e in report.products.items() if e.appeal is not None]
    true = np.array([truth[pid] for pid in ids])
    rel = true / np.median(true)
    est = np.array([report.products[pid].appeal for pid in ids])
    low = np.array([report.products[pid].low for pid in ids])
    high = np.array([report.products[pid].high for pid in ids])
    sure = sum(report.products[pid].is_sure for pid in ids)
    return spearman(est, true), float(np.mean((low <= rel) & (rel <= high))), sure


def coverage_over(seeds: range) -> tuple[str, str]:
    """Interval coverage over more seeds, with impressions and without: the share of products covered, averaged
    over seeds, +- its standard error across seeds (the products of one seed share their median: not independent)."""
    per_seed = []
    for seed in seeds:
        sim, with_shows, without, _ = run(seed)
        truth = sim.truth.appeal_now
        per_seed.append((grade(with_shows.estimate(), truth)[1], grade(without.estimate(), truth)[1]))
    cover = np.array(per_seed)
    return tuple(f"{cover[:, k].mean():.1%} +- {cover[:, k].std(ddof=1) / np.sqrt(len(cover)):.1%}"  # type: ignore[return-value]
                 for k in range(2))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--seeds", default=f"{SEEDS[0]}-{SEEDS[-1]}")
    ap.add_argument("--held-out", type=int, default=50, help="more seeds (from 11) for the interval coverage")
    opts = ap.parse_args()
    lo, _, hi = opts.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    print(f"appeal after {MINUTES} broadcast minutes, product polls every {POLL_S} s; intervals 90%")
    print(f"{'seed':>4} {'n':>3} | {'naive':>6} | {'rho':>6} {'cover':>6} {'sure':>5} | "
          f"{'rho':>6} {'cover':>6} {'sure':>5}   (with impressions | without)")
    rows, fit_s = [], []
    for seed in seeds:
        sim, with_shows, without, _ = run(seed)
        t0 = time.perf_counter()
        with_shows.estimate()
        fit_s.append(time.perf_counter() - t0)
        truth = sim.truth.appeal_now
        latest = sim.products()
        ids = [p["productId"] for p in latest]
        naive = spearman(np.array([p["live_click_product_count_alias"] for p in latest], float),
                         np.array([truth[pid] for pid in ids]))
        a = grade(with_shows.estimate(), truth)
        b = grade(without.estimate(), truth)
        rows.append((naive, *a, *b))
        print(f"{seed:>4} {len(ids):>3} | {naive:6.3f} | {a[0]:6.3f} {a[1]:6.1%} {a[2]:>5} | "
              f"{b[0]:6.3f} {b[1]:6.1%} {b[2]:>5}")
    m = np.mean(np.array(rows), axis=0)
    print(f"mean     | {m[0]:6.3f} | {m[1]:6.3f} {m[2]:6.1%} {m[3]:5.1f} | {m[4]:6.3f} {m[5]:6.1%} {m[6]:5.1f}")
    print(f"goal: rho >= 0.8 in every seed -> with impressions {'met' if min(r[1] for r in rows) >= 0.8 else 'NOT met'}, "
          f"without {'met' if min(r[4] for r in rows) >= 0.8 else 'NOT met'}")

    covered = coverage_over(range(11, 11 + opts.held_out))
    ten = np.array([[r[2], r[5]] for r in rows])
    for k, kind in enumerate(("with impressions", "without")):
        over_ten = f"{ten[:, k].mean():.1%} +- {ten[:, k].std(ddof=1) / np.sqrt(len(ten)):.1%}"
        print(f"90% interval coverage, {kind}: seeds {seeds[0]}-{seeds[-1]} {over_ten}; "
              f"seeds 11-{10 + opts.held_out} (outside the graded ones) {covered[k]}")

    _, long_model, _, push_mean = run(1, minutes=180, n_products=60)
    t0 = time.perf_counter()
    report = long_model.estimate()
    cold = time.perf_counter() - t0
    long_model.push(time.time(), [])  # an empty poll: forces a refit on the same data, warm
    t0 = time.perf_counter()
    long_model.estimate()
    warm = time.perf_counter() - t0
    print(f"cost after {MINUTES} minutes: estimate {statistics.mean(fit_s) * 1e3:.0f} ms from cold (mean of seeds)")
    print(f"cost, 60 products x 3 h ({report.rows} product-intervals): push {push_mean * 1e3:.2f} ms/poll, "
          f"estimate {cold * 1e3:.0f} ms from cold, {warm * 1e3:.0f} ms refit warm")


if __name__ == "__main__":
    main()
