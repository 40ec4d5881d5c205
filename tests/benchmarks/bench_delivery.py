"""Benchmark (a script, not a test): the shop's delivery days by province, measured as the console measures them,
against the simulator's truth.

Seeds 1-5 stand for five past broadcasts of the demo shop. Each is rebuilt whole (3 h) with its clock where
`dyconsole settle` reads it (7 days and an hour after the end); its orders go through the emulator's Doudian wire
format and the client's parser (province and city only, ship and logistics receipt times), pooled, and measured by
core.delivery (Kaplan-Meier: parcels still on their way count as "at least this long"). Printed per province:
delivered and in-transit orders, the measured median with its 90% range and p90, the true median and p90 (the
simulator's log-normal, its truth endpoint's `delivery_days`), and whether the truth is inside the range. Provinces
below the threshold print "not enough orders yet". The last lines: the coverage of the 90% ranges, the median
absolute error, and the same error of the naive median over received parcels only.

Run: python tests/benchmarks/bench_delivery.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dyconsole.core.delivery import MIN_DELIVERED, Shipment, delivery_figure, province_key  # noqa: E402
from tests.support.delivery_support import emulated_shipments, truth_days  # noqa: E402

SEEDS = (1, 2, 3, 4, 5)


def main() -> None:
    t0 = time.perf_counter()
    shipments = emulated_shipments(SEEDS)
    truth = truth_days()
    by: dict[str, list[Shipment]] = {}
    for s in shipments:
        by.setdefault(province_key(s.province), []).append(s)
    print(f"{len(shipments)} orders of seeds {SEEDS} (threshold {MIN_DELIVERED} delivered), "
          f"{time.perf_counter() - t0:.1f} s")
    print(f"{'province':8} {'deliv':>5} {'trans':>5} {'median':>6} {'90% range':>13} {'true':>5} "
          f"{'p90':>5} {'true':>5} in")
    errors, naive_errors, inside = [], [], []
    for province in sorted(by, key=lambda p: -len(by[p])):
        fig = delivery_figure(by[province])
        true = truth[province]
        if not fig.enough:
            print(f"{province:8} {fig.delivered:5d} {fig.in_transit:5d}   not enough orders yet"
                  f"{'':>8} {true['median']:5.2f}       {true['p90']:5.2f}")
            continue
        high = fig.median_high if fig.median_high is not None else float("inf")
        ok = fig.median_low <= true["median"] <= high
        inside.append(ok)
        errors.append(abs(fig.median - true["median"]))
        received = sorted(d for d, got in (s.days() for s in by[province] if s.days()) if got)
        naive_errors.append(abs(received[len(received) // 2] - true["median"]))
        p90 = f"{fig.p90:5.2f}" if fig.p90 is not None else "  n/a"
        print(f"{province:8} {fig.delivered:5d} {fig.in_transit:5d} {fig.median:6.2f} "
              f"{fig.median_low:5.2f} – {high:5.2f} {true['median']:5.2f} {p90} {true['p90']:5.2f} "
              f"{'yes' if ok else 'NO'}")
    print(f"90% ranges holding the true median: {sum(inside)}/{len(inside)}")
    print(f"median |measured - true| median days: {statistics.median(errors):.3f} "
          f"(received parcels only: {statistics.median(naive_errors):.3f})")


if __name__ == "__main__":
    main()
