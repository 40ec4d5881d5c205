"""Benchmark (a script, not a test): A/B switchback verdicts graded against the demo room's true effect.

The plan: 24 slots of 10 minutes (2 minutes washout) over a 4-hour broadcast, metric paid orders / min; the demo
room applies the hidden true effect of variant B to conversion (emulator/sim: Simulator.set_ab_variant, what POST
/_emulator/ab does), so orders, GMV and GPM move by it in expectation.

1. Planner, from the room's own history: 30 broadcasts of the simulator with no test (seeds 10001-10030), polled
   every 30 s like the console; each cut into the plan's slots; `slot_noise` (sd of adjacent slots' log-ratio)
   and `detectable_effect` give the effect the plan is powered for (80%).
2. Real-simulator switchbacks (the slot values ARE the simulator's; no model): for each run a seeded balanced
   schedule switches the room's variant at every slot boundary; the counters polled every 30 s give each slot's
   metric after washout (core.experiments.slot_metric); the verdict (core.experiments.analysis) is looked at after
   EVERY slot. N runs at true effect 0 (false positives: any look says higher/lower) and N at the planned effect
   (power: some look says higher); coverage of the true effect by the interval at the last look and at all looks
   at once. GPM and conversion are graded from the same runs (their true effect is the same as orders').
3. A fast model fitted to step 1 (log slot value = broadcast level + the mean drift over the broadcast + a residual
   redrawn from those seen), for a plan over 5 broadcasts (a single broadcast of this low-volume room can only
   detect about a doubling of orders): 4000 runs per figure, also with the drift tripled; graded with the verdict's
   confidence sequence (core.experiments.confseq) vectorised over runs, after every pair.
4. End to end through the emulator API at speed: the real client polls the demo room into the session database
   while the runner switches through ab_variant_control and records each switch (storage.ab_store); the verdict is
   then computed from the database exactly as `dyconsole ab show` does (3 runs, true effect +40%).

Goals: false positives <= 5%, power >= 80% at the planned effect, coverage >= 93%.
Run: python tests/benchmarks/bench_ab.py [--runs 200] [--procs 2] [--skip-e2e | --only-e2e]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import math
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Sequence

import numpy as np

from dyconsole.core.experiments.analysis import HIGHER, LOWER, SlotOutcome, Verdict, analyse
from dyconsole.core.experiments.confseq import half_width
from dyconsole.core.experiments.power import detectable_effect, slot_noise
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.core.experiments.slot_metric import consecutive_slot_values
from dyconsole.core.feed import PollIntervals
from dyconsole.emulator.scenarios import Scenario
from dyconsole.emulator.sim import SimConfig, Simulator

SLOT_MIN, WASHOUT_MIN, N_SLOTS = 10.0, 2.0, 24
#: the fast model's plan: the same slots over several broadcasts (pairs never span two)
MODEL_BROADCASTS, MODEL_RUNS = 5, 4000
DURATION_S = int(N_SLOTS * SLOT_MIN * 60)
POLL_S = 30
METRIC = "paid_orders_per_min"
ALSO = ("gpm", "conversion_rate")
CAL_SEEDS = range(10001, 10031)
#: end to end: the demo room's speed and the poll intervals (broadcast seconds; only the room stats matter here)
E2E_SPEED = 400.0
E2E_INTERVALS = PollIntervals(room=POLL_S, products=3600.0, flow=3600.0, audience=3600.0, orders=3600.0)
COUNTERS = ("total_live_watch_cnt", "live_pay_order_count_alias", "live_pay_order_gmv_alias")


def broadcast(seed: int, effect: float, schedule: Sequence[str] | None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One simulated broadcast polled every POLL_S; the variant switched at each slot boundary (None: no test)."""
    sim = Simulator(SimConfig(seed=seed, duration_s=DURATION_S, ab_effect=effect, n_products=30))
    start = sim.config.start_ts
    slot_s = int(SLOT_MIN * 60)
    ts, rows = [], []
    for t in range(0, DURATION_S + 1, POLL_S):
        if schedule is not None and t % slot_s == 0 and t // slot_s < len(schedule):
            sim.advance_to(start + t - 1)
            sim.set_ab_variant(schedule[t // slot_s])
        sim.advance_to(start + t)
        stats = sim.room_stats()
        ts.append(start + t)
        rows.append([float(stats[c]) for c in COUNTERS])
    arr = np.array(rows)
    return np.array(ts), {c: arr[:, i] for i, c in enumerate(COUNTERS)}


def slot_values(ts: np.ndarray, cols: dict[str, np.ndarray], metric: str) -> list[float | None]:
    return consecutive_slot_values(metric, ts, cols, ts[0], SLOT_MIN * 60, WASHOUT_MIN * 60, N_SLOTS)


def calibration_run(seed: int) -> dict[str, list[float | None]]:
    ts, cols = broadcast(seed, 0.0, None)
    return {m: slot_values(ts, cols, m) for m in (METRIC, *ALSO)}


def grade(outcomes: list[SlotOutcome], truth: float) -> tuple[bool, bool, bool, bool]:
    """(some look decisive the wrong way or at zero effect, some look says higher, last interval covers truth,
    every look's interval covers truth)."""
    looks: list[Verdict] = [analyse(outcomes[:k], planned_slots=N_SLOTS) for k in range(1, len(outcomes) + 1)]
    decisive = any(v.state in (HIGHER, LOWER) for v in looks)
    higher = any(v.state == HIGHER for v in looks)

    def covers(v: Verdict) -> bool:
        return v.lo is None or (v.lo <= truth <= v.hi)  # type: ignore[operator]

    return decisive, higher, covers(looks[-1]), all(covers(v) for v in looks)


def experiment(job: tuple[int, float]) -> dict[str, tuple[bool, bool, bool, bool, float | None]]:
    seed, effect = job
    schedule = balanced_schedule(N_SLOTS, seed)
    ts, cols = broadcast(seed, effect, schedule)
    out = {}
    for m in (METRIC, *ALSO):
        values = slot_values(ts, cols, m)
        outcomes = [SlotOutcome(i, v, values[i], 0.0, 0.0) for i, v in enumerate(schedule)]
        final = analyse(outcomes, planned_slots=N_SLOTS)
        out[m] = (*grade(outcomes, effect), final.effect)
    return out


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def report(label: str, results: list[dict], metric: str, effect: float) -> dict[str, float]:
    rows = [r[metric] for r in results]
    n = len(rows)
    fig = {"runs": n, "decisive": sum(r[0] for r in rows) / n, "higher": sum(r[1] for r in rows) / n,
           "cover_last": sum(r[2] for r in rows) / n, "cover_all": sum(r[3] for r in rows) / n}
    est = [r[4] for r in rows if r[4] is not None]
    mean_est = math.expm1(float(np.mean(np.log1p(est)))) if est else float("nan")
    what = "false positives" if effect == 0 else "power (B higher)"
    figure = fig["decisive"] if effect == 0 else fig["higher"]
    print(f"  {label:<34} {metric:<20} runs {n:4d}  {what} {pct(figure)}  coverage last {pct(fig['cover_last'])}"
          f"  all looks {pct(fig['cover_all'])}  mean estimate {mean_est:+.3f} (true {effect:+.3f})")
    return fig


# --- the fast model fitted to the calibration broadcasts --------------------------------------------------------
def fit_model(cal: list[list[float | None]]) -> tuple[np.ndarray, np.ndarray]:
    """(mean log drift per slot position, the residuals) of log slot values: log value = broadcast level + drift
    at the slot's position + residual; the model redraws residuals from those seen (bootstrap, tails kept)."""
    y = np.array([[math.log(v) if v else np.nan for v in run] for run in cal])
    level = np.nanmean(y, axis=1, keepdims=True)
    drift = np.nanmean(y - level, axis=0)
    resid = (y - level - drift[None, :]).ravel()
    return drift, resid[np.isfinite(resid)]


def model_pairs(drift: np.ndarray, resid: np.ndarray, effect: float, runs: int, broadcasts: int,
                seed: int) -> np.ndarray:
    """runs x pairs of log(B/A) of modelled switchbacks over `broadcasts` broadcasts (seeded balanced schedules)."""
    rng = np.random.default_rng(seed)
    n = drift.size
    y = drift[None, None, :] + rng.choice(resid, size=(runs, broadcasts, n))
    is_b = np.array([[balanced_schedule(n, 70_000 + r * broadcasts + b) for b in range(broadcasts)]
                     for r in range(runs)]) == "B"
    y = y + np.where(is_b, math.log1p(effect), 0.0)
    yb, ya = np.where(is_b, y, 0.0), np.where(is_b, 0.0, y)
    pairs_b = yb.reshape(runs, broadcasts, n // 2, 2).sum(axis=3)
    pairs_a = ya.reshape(runs, broadcasts, n // 2, 2).sum(axis=3)
    return (pairs_b - pairs_a).reshape(runs, -1)


def model_figures(d: np.ndarray, effect: float) -> tuple[float, float, float, float]:
    """(decisive share, higher share, last-look coverage, all-looks coverage) of the verdict's confidence sequence
    (core.experiments.confseq, what analyse computes) looked at after every pair."""
    n = np.arange(1, d.shape[1] + 1)
    s1, s2 = np.cumsum(d, axis=1), np.cumsum(d * d, axis=1)
    hw = half_width(n, s1, s2)
    mean = s1 / n
    truth = math.log1p(effect)
    covered = np.abs(mean - truth) <= hw
    decisive = (np.abs(mean) > hw).any(axis=1)
    higher = (mean - hw > 0).any(axis=1)
    return float(decisive.mean()), float(higher.mean()), float(covered[:, -1].mean()), float(covered.all(axis=1).mean())


# --- end to end through the emulator API --------------------------------------------------------------------------
async def e2e_run(seed: int, effect: float, tmp: Path) -> tuple[Verdict, float]:
    """A 4 h demo broadcast at E2E_SPEED through the real client and recorder, the runner switching through
    ab_variant_control and storing each switch; the verdict from the database (as `dyconsole ab show`)."""
    from dyconsole.commands.demo_wiring import ab_variant_control, demo_connection
    from dyconsole.commands.record import record_broadcast
    from dyconsole.core.clock import ScaledClock
    from dyconsole.core.experiments.plan import PlanSpec, Variant
    from dyconsole.services.live.connection import connect_room
    from dyconsole.sources.credentials import MemoryTokenStore
    from dyconsole.storage import ab_store
    from dyconsole.storage.ab_outcomes import plan_verdict
    from dyconsole.storage.db import open_db
    from dyconsole.storage.recorder import Recorder

    loop = asyncio.get_running_loop()
    start = 1_767_000_000.0
    clock = ScaledClock(speed=E2E_SPEED, start=start, monotonic=loop.time)
    clock.pause()
    scenario = Scenario(name="ab", ab_effect=effect)  # the room's hidden true effect of B
    connection, transport, room = demo_connection(clock, seed, scenario, duration_s=DURATION_S + 120)
    clock.resume()
    source = await connect_room(connection, clock, MemoryTokenStore(), transport=transport)
    db = open_db(tmp / f"e2e{seed}.sqlite3")
    recorder = Recorder(db, clock, source="demo")
    spec = PlanSpec("e2e", "", (Variant("A", "A"), Variant("B", "B")), METRIC, SLOT_MIN, WASHOUT_MIN, N_SLOTS, seed)
    pid = ab_store.save_plan(db, spec, room.simulator.config.room_id, at=start)
    switch = ab_variant_control(lambda: room)
    schedule = balanced_schedule(N_SLOTS, seed)

    async def runner() -> None:
        ab_store.set_status(db, pid, "running", at=clock.now())
        for i, variant in enumerate(schedule):
            planned = start + i * SLOT_MIN * 60
            while clock.now() < planned:
                await asyncio.sleep(clock.real_seconds(planned - clock.now()))
            await switch(variant)
            ab_store.record_switch(db, pid, i, variant, clock.now(), recorder.session_id, planned)
            end = planned + SLOT_MIN * 60
            while clock.now() < end:
                await asyncio.sleep(clock.real_seconds(end - clock.now()))
            ab_store.end_slot(db, pid, i, clock.now())
        ab_store.set_status(db, pid, "done", at=clock.now())

    task = asyncio.create_task(runner())
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # the recorder's progress lines
            await record_broadcast(source, clock, recorder, E2E_INTERVALS, until_ts=start + DURATION_S + 60)
        await task
    finally:
        await source.aclose()
    verdict = plan_verdict(db, pid)
    late = max(s.late_s for s in ab_store.slots(db, pid))
    db.close()
    return verdict, late


def end_to_end() -> int:
    print(f"3. end to end through the emulator API ({E2E_SPEED:g}x), true effect +40%:")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (1, 2, 3):
            verdict, late = asyncio.run(e2e_run(seed, 0.4, Path(tmp)))
            print(f"  seed {seed}: {verdict.state:<12} effect {verdict.effect:+.3f} interval "
                  f"[{verdict.lo:+.3f}, {verdict.hi:+.3f}] covers 0.400: {verdict.lo <= 0.4 <= verdict.hi}  "
                  f"slots used {verdict.slots_used}  latest switch {late:.0f} s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--only-e2e", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.only_e2e:
        return end_to_end()
    with Pool(args.procs) as pool:
        cal = pool.map(calibration_run, CAL_SEEDS)
        noise = slot_noise([c[METRIC] for c in cal])
        planned = detectable_effect(N_SLOTS, noise)
        print(f"plan: {N_SLOTS} slots x {SLOT_MIN:g} min (washout {WASHOUT_MIN:g}), metric {METRIC}")
        print(f"planner: slot noise {noise:.3f} (from {len(cal)} past broadcasts) -> powered (80%) for "
              f"+{100 * planned:.1f}%")
        print("1. real-simulator switchbacks, verdict looked at after every slot:")
        zero = pool.map(experiment, [(s, 0.0) for s in range(1, args.runs + 1)])
        eff = pool.map(experiment, [(s, round(planned, 4)) for s in range(20_001, 20_001 + args.runs)])
    figs = {}
    for m in (METRIC, *ALSO):
        figs[(m, 0)] = report("true effect 0", zero, m, 0.0)
        figs[(m, 1)] = report(f"true effect +{100 * planned:.1f}% (planned)", eff, m, round(planned, 4))
    drift, resid = fit_model([c[METRIC] for c in cal])
    n_model = N_SLOTS * MODEL_BROADCASTS
    model_noise = slot_noise(list(np.exp(drift[None, :] + np.random.default_rng(9).choice(resid, (200, N_SLOTS)))))
    model_planned = detectable_effect(n_model, noise)
    print(f"2. fast model fitted to the past broadcasts (drift over the broadcast {np.ptp(drift):.2f} on the log "
          f"scale, residual sd {resid.std():.3f}; its slot noise {model_noise:.3f} vs the simulator's {noise:.3f}):")
    print(f"   plan over {MODEL_BROADCASTS} broadcasts ({n_model} slots) -> powered (80%) for "
          f"+{100 * model_planned:.1f}%; {MODEL_RUNS} runs per figure")
    for label, k in (("fitted drift", 1.0), ("drift x3 *", 3.0)):
        fp, _, c0, a0 = model_figures(model_pairs(drift * k, resid, 0.0, MODEL_RUNS, MODEL_BROADCASTS, 1), 0.0)
        _, pw, c1, a1 = model_figures(model_pairs(drift * k, resid, model_planned, MODEL_RUNS, MODEL_BROADCASTS, 2),
                                      model_planned)
        print(f"  {label:<12} false positives {pct(fp)}  power {pct(pw)}  coverage last {pct(c0)} / {pct(c1)}  "
              f"all looks {pct(a0)} / {pct(a1)}")
    print("  * the same plan and effect with the drift tripled: false positives and coverage must hold; power falls, as"
          " the planner, given that room's noise, would have asked for more slots")
    if not args.skip_e2e:
        end_to_end()
    fp, pw = figs[(METRIC, 0)]["decisive"], figs[(METRIC, 1)]["higher"]
    cov = min(figs[(METRIC, 0)]["cover_last"], figs[(METRIC, 1)]["cover_last"])
    ok = fp <= 0.05 and pw >= 0.80 and cov >= 0.93
    print(f"goals ({METRIC}, real simulator): false positives {pct(fp)} <= 5%, power {pct(pw)} >= 80%, "
          f"coverage {pct(cov)} >= 93%: {'MET' if ok else 'NOT MET'}  ({time.perf_counter() - t0:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
