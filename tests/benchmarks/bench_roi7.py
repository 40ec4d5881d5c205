"""Benchmark (a script, not a test): the 7-day ROI on the demo room, settled and projected, graded against the
simulator's truth.

For seeds 1-5 a whole demo broadcast (3 h) is rebuilt with its clock just past the cut-off (7 days after the
end), as `dyconsole settle` rebuilds a demo session: its Doudian API serves the week's orders (the session's in
their final state and the simulator's repurchases). The session is settled through the real path (the Doudian
client, rate-limited; storage.settlements; services.settlement.runner) into a scratch database, and the settled
7-day sales are compared with the simulator's hidden-column truth (emulator.sim.truth.sales_7d_fen): the
difference must be 0 fen.

The projection at the end of the broadcast (core.roi_projection: GMV and ad spend of the last room poll, the
net factor of past settled sessions) is printed twice: from the prior alone (a room with no history), and from the
other four seeds' settled sessions standing in for the room's history (leave one out). Error = projected -
settled 7-day ROI; "in" = the settled figure inside the 90% range.

Run: python tests/benchmarks/bench_roi7.py
"""

from __future__ import annotations

import asyncio
import math
import statistics
import tempfile
import time
from pathlib import Path

from dyconsole.commands.demo_wiring import DemoPlan, settle_demo_room
from dyconsole.core.roi_projection import net_factor, project_roi7
from dyconsole.emulator.demo import DEMO_DURATION_S
from dyconsole.services.live.connection import connect_doudian
from dyconsole.services.settlement.runner import settle_session
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db

SEEDS = (1, 2, 3, 4, 5)
START = float(math.floor(time.time())) - 30 * 86_400  # a broadcast a month ago


async def settle_seed(db_path: Path, seed: int) -> dict[str, float]:
    plan = DemoPlan(seed, None, START, float(DEMO_DURATION_S))
    end = START + DEMO_DURATION_S
    clock, connection, transport, room = settle_demo_room(plan, end + settlements.SETTLE_WINDOW_S)
    sim = room.simulator
    sim.advance_to(end)  # the room as it ended: no API call has moved it past the cut-off yet
    stats = sim.room_stats()
    gmv, cost = float(stats["live_pay_order_gmv_alias"]), float(stats["stat_cost"])
    db = open_db(db_path)
    sid = f"seed{seed}"
    try:
        with db.atomic():
            db["sessions"].insert({"id": sid, "room_id": sim.config.room_id, "status": "ended", "started_at": START,
                                   "ended_at": end, "room_started_at": START, "source": "demo"})
            db["room_samples"].insert({"session_id": sid, "ts": end, "is_gap": 0, "stat_cost": cost,
                                       "live_pay_order_gmv_alias": gmv})
        client = await connect_doudian(connection.doudian, clock, MemoryTokenStore(), transport=transport)
        t0 = time.perf_counter()
        try:
            roi = await settle_session(db, client, sid, clock.now())
        finally:
            await client.aclose()
        took = time.perf_counter() - t0
    finally:
        db.close()
    sim.advance_to(clock.now())
    truth = sim.truth.sales_7d_fen(START, end)
    return {"seed": seed, "gmv": gmv, "cost": cost, "settled": roi.roi or 0.0, "sales_fen": roi.sales_fen,
            "truth_fen": truth["sales"], "repurchase": roi.repurchase_yuan, "refunded": roi.refunded_yuan,
            "factor": roi.net_factor or 0.0, "seconds": took}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        rows = [asyncio.run(settle_seed(db_path, seed)) for seed in SEEDS]
    print("7-day ROI, demo room, 3 h broadcasts, seeds 1-5")
    print("seed  GMV        spend     refunds   repurch.  settled  truth-settled(fen)  settle s")
    for r in rows:
        print(f"{r['seed']:>4}  {r['gmv']:>9.2f}  {r['cost']:>8.2f}  {r['refunded']:>8.2f}  {r['repurchase']:>8.2f}"
              f"  {r['settled']:>7.3f}  {r['truth_fen'] - r['sales_fen']:>18d}  {r['seconds']:>8.1f}")
    exact = sum(r["truth_fen"] == r["sales_fen"] for r in rows)
    print(f"settled == simulator truth to the fen: {exact}/{len(rows)}")
    print()
    print("projection at the end of the broadcast (error = projected - settled; in = settled inside the 90% range)")
    print("seed  settled  prior: proj  error   range          in   history(4): proj  error   range          in")
    errs: dict[str, list[float]] = {"prior": [], "history": []}
    cover = {"prior": 0, "history": 0}
    for r in rows:
        line = f"{r['seed']:>4}  {r['settled']:>7.3f}"
        others = [o["factor"] for o in rows if o is not r]
        for name, factor in (("prior", net_factor([])), ("history", net_factor(others))):
            p = project_roi7(r["gmv"], r["cost"], factor)
            assert p.value is not None and p.low is not None and p.high is not None
            err = p.value - r["settled"]
            inside = p.low <= r["settled"] <= p.high
            errs[name].append(abs(err))
            cover[name] += inside
            line += f"  {'':>6}{p.value:>7.3f}  {err:>+6.3f}  {p.low:>5.2f}–{p.high:<5.2f}  {'yes' if inside else 'no':>3}"
        print(line)
    for name in ("prior", "history"):
        print(f"{name}: mean |error| {statistics.mean(errs[name]):.3f}, max {max(errs[name]):.3f}, "
              f"range holds the settled figure {cover[name]}/{len(rows)}")


if __name__ == "__main__":
    main()
