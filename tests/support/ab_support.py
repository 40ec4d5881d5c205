"""Helpers of the A/B tests: a recorded session whose paid orders run at a given rate in each 10-minute slot, and
a plan run over it with every switch confirmed."""

from __future__ import annotations

from sqlite_utils import Database
from tests.support.storage_helpers import ROOM, START

from dyconsole.core.experiments.plan import PlanSpec, Variant
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.storage import ab_store

SPEC = PlanSpec("价格测试", "降价 5 元提高转化", (Variant("A", "原价"), Variant("B", "降价", "券后减 5 元")),
                "paid_orders_per_min", 10.0, 2.0, 4, 42)


def record_session(db: Database, session: str, rate_of: dict[int, float], slots: int = 4) -> None:
    """A session with a sample every 10 s over `slots` 10-min slots; paid orders rise at rate_of[slot] a minute."""
    db["sessions"].insert({"id": session, "room_id": ROOM, "title": "t", "status": "ended", "started_at": START})
    orders, rows = 0.0, []
    for k in range(60 * slots + 1):
        rows.append({"session_id": session, "ts": START + 10 * k, "is_gap": 0, "live_pay_order_count_alias": orders,
                     "total_live_watch_cnt": 10.0 * k})
        orders += rate_of[min(k // 60, slots - 1)] / 6
    db["room_samples"].insert_all(rows)


def run_plan(db: Database, spec: PlanSpec = SPEC, b_rate: float = 3.0,
             a_rate: float = 2.0) -> tuple[str, dict[int, float]]:
    """Save `spec`, record a session where B runs at b_rate and A at a_rate orders/min, confirm every switch on
    time and end every slot; returns the plan id and each slot's true rate."""
    pid = ab_store.save_plan(db, spec, ROOM, at=START)
    schedule = balanced_schedule(spec.n_slots, spec.seed, spec.variant_keys)
    rate_of = {i: (b_rate if v == "B" else a_rate) for i, v in enumerate(schedule)}
    record_session(db, "s1", rate_of, spec.n_slots)
    ab_store.set_status(db, pid, "running", at=START)
    for i, v in enumerate(schedule):
        ab_store.record_switch(db, pid, i, v, START + 600 * i, "s1", START + 600 * i)
        ab_store.end_slot(db, pid, i, START + 600 * (i + 1), value=None)
    ab_store.set_status(db, pid, "done", at=START + 600 * spec.n_slots)
    return pid, rate_of
