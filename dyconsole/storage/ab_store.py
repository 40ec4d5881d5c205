"""A/B run plans in the session database (`ab_plans`, `ab_slots`): saving a plan with its seeded schedule, the
runner's state changes (start, pause, resume, done, abort), each confirmed switch and each slot's end, and reading
them back, including the plan under way in a room so a restarted console carries on where it was.

Each call is one short transaction; sqlite3 failures come out as StorageError. No Qt. The plan's spec is kept as its
JSON (`config`), its variants also as a JSON list (`variants`) for a reader that needs only them.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from sqlite_utils import Database

from dyconsole.core.experiments.plan import PlanSpec
from dyconsole.core.experiments.records import ACTIVE_STATUSES, PLAN_STATUSES, SLOT_STATUSES, StoredPlan, StoredSlot
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.storage.db import storage_errors
from dyconsole.storage.errors import StorageError


class PlanNotFound(StorageError):
    """No A/B plan with that id in the database."""


def _plan(row: dict[str, Any]) -> StoredPlan:
    return StoredPlan(row["id"], row["room_id"] or "", PlanSpec.from_json(row["config"]), row["status"] or "draft",
                      row["created_at"] or 0.0, row.get("started_at"), row.get("paused_at"), row.get("ended_at"),
                      row.get("paused_s") or 0.0, row.get("notes") or "")


def _slot(row: dict[str, Any]) -> StoredSlot:
    return StoredSlot(row["plan_id"], row["slot_index"], row["variant"] or "", row.get("status") or "planned",
                      row.get("planned_start"), row.get("applied_at"), row.get("ends_at"), row.get("late_s") or 0.0,
                      row.get("session_id"), row.get("value"))


def save_plan(db: Database, spec: PlanSpec, room_id: str, *, at: float | None = None,
              plan_id: str | None = None) -> str:
    """Store a new plan (status draft) and its schedule (balanced_schedule of the spec's seed), one row a slot;
    returns the plan's id."""
    pid = plan_id or uuid.uuid4().hex[:12]
    schedule = balanced_schedule(spec.n_slots, spec.seed, spec.variant_keys)
    variants = json.dumps([{"key": v.key, "label": v.label, "change": v.change} for v in spec.variants],
                          ensure_ascii=False)
    with storage_errors(db), db.atomic():
        db["ab_plans"].insert({"id": pid, "name": spec.name, "room_id": room_id, "status": "draft",
                               "created_at": time.time() if at is None else at, "variants": variants,
                               "config": spec.to_json(), "notes": spec.hypothesis, "paused_s": 0.0})
        db["ab_slots"].insert_all({"plan_id": pid, "slot_index": i, "variant": v, "status": "planned"}
                                  for i, v in enumerate(schedule))
    return pid


def load_plan(db: Database, plan_id: str) -> StoredPlan:
    """The plan `plan_id`; raises PlanNotFound."""
    with storage_errors(db):
        rows = list(db.query("SELECT * FROM ab_plans WHERE id = ?", [plan_id]))
    if not rows:
        raise PlanNotFound(f"no A/B plan {plan_id!r} in the session database")
    return _plan(rows[0])


def list_plans(db: Database, room_id: str | None = None) -> list[StoredPlan]:
    """Every plan (of one room), newest first."""
    where, params = ("WHERE room_id = ?", [room_id]) if room_id is not None else ("", [])
    with storage_errors(db):
        return [_plan(r) for r in db.query(f"SELECT * FROM ab_plans {where} ORDER BY created_at DESC, id", params)]


def set_status(db: Database, plan_id: str, status: str, at: float | None = None) -> None:
    """Move the plan to `status` (draft/running/paused/done/aborted) at `at`: the first start sets started_at;
    pausing sets paused_at; resuming adds the pause to paused_s; done/aborted set ended_at."""
    if status not in PLAN_STATUSES:
        raise ValueError(f"unknown plan status {status!r}")
    now = time.time() if at is None else at
    plan = load_plan(db, plan_id)
    upd: dict[str, Any] = {"status": status}
    if status == "running" and plan.started_at is None:
        upd["started_at"] = now
    if status == "paused" and plan.paused_at is None:
        upd["paused_at"] = now
    if status != "paused" and plan.paused_at is not None:
        upd["paused_at"] = None
        upd["paused_s"] = plan.paused_s + max(0.0, now - plan.paused_at)
    if status in ("done", "aborted"):
        upd["ended_at"] = now
    with storage_errors(db), db.atomic():
        db["ab_plans"].update(plan_id, upd)


def _slot_id(db: Database, plan_id: str, slot_index: int) -> int:
    rows = list(db.query("SELECT id FROM ab_slots WHERE plan_id = ? AND slot_index = ?", [plan_id, slot_index]))
    if not rows:
        load_plan(db, plan_id)  # PlanNotFound first when the plan itself is missing
        raise StorageError(f"A/B plan {plan_id!r} has no slot {slot_index}")
    return int(rows[0]["id"])


def record_switch(db: Database, plan_id: str, slot_index: int, variant: str, applied_at: float,
                  session_id: str | None, planned_start: float | None = None) -> None:
    """The operator confirmed the switch to `variant` for slot `slot_index` at `applied_at` (the time the analysis
    counts from); a switch after `planned_start` is recorded as late by the difference."""
    late = max(0.0, applied_at - planned_start) if planned_start is not None else 0.0
    with storage_errors(db), db.atomic():
        sid = _slot_id(db, plan_id, slot_index)
        db["ab_slots"].update(sid, {"variant": variant, "status": "running", "applied_at": applied_at,
                                    "starts_at": applied_at, "planned_start": planned_start, "late_s": late,
                                    "session_id": session_id})


def end_slot(db: Database, plan_id: str, slot_index: int, ended_at: float, value: float | None = None,
             status: str = "done") -> None:
    """Slot `slot_index` ended at `ended_at` (done, or skipped), with the metric after washout when known."""
    if status not in SLOT_STATUSES:
        raise ValueError(f"unknown slot status {status!r}")
    with storage_errors(db), db.atomic():
        sid = _slot_id(db, plan_id, slot_index)
        db["ab_slots"].update(sid, {"status": status, "ends_at": ended_at, "value": value})


def skip_slot(db: Database, plan_id: str, slot_index: int, at: float) -> None:
    """The operator skipped slot `slot_index` (it counts for nothing)."""
    end_slot(db, plan_id, slot_index, at, None, "skipped")


def slots(db: Database, plan_id: str) -> list[StoredSlot]:
    """The plan's slots in order."""
    with storage_errors(db):
        return [_slot(r) for r in db.query("SELECT * FROM ab_slots WHERE plan_id = ? ORDER BY slot_index",
                                           [plan_id])]


def active_plan(db: Database, room_id: str) -> StoredPlan | None:
    """The room's plan under way (running or paused; the latest started when several), for a restarted console."""
    marks = ", ".join("?" for _ in ACTIVE_STATUSES)
    with storage_errors(db):
        rows = list(db.query(f"SELECT * FROM ab_plans WHERE room_id = ? AND status IN ({marks}) "
                             "ORDER BY started_at DESC, created_at DESC LIMIT 1", [room_id, *ACTIVE_STATUSES]))
    return _plan(rows[0]) if rows else None
