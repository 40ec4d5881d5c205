"""A stored A/B plan's slots as the analysis sees them: each finished slot's metric after washout, computed again
from the recorded room samples of its session (core.experiments.slot_metric) from the operator's confirmed switch
to the slot's end; the value the runner stored is the fallback when the session's samples are gone. Also the
plan's slots as CSV rows (`dyconsole ab export`, the review's export), and the room's past sessions cut into slots
for the planner's noise (`past_slot_values`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlite_utils import Database

from dyconsole.core.experiments.analysis import SlotOutcome, Verdict, analyse
from dyconsole.core.experiments.records import StoredPlan, StoredSlot
from dyconsole.core.experiments.slot_metric import consecutive_slot_values, sample_columns, slot_value
from dyconsole.storage.ab_store import load_plan, slots
from dyconsole.storage.db import storage_errors
from dyconsole.storage.errors import SessionNotFound
from dyconsole.storage.loaders import load_room_samples

Columns = tuple[np.ndarray, dict[str, np.ndarray]]


def _columns(db: Database, session_id: str, cache: dict[str, Columns | None]) -> Columns | None:
    if session_id not in cache:
        try:
            samples = load_room_samples(db, session_id)
        except SessionNotFound:
            samples = []
        cache[session_id] = sample_columns(samples) if samples else None
    return cache[session_id]


def slot_values(db: Database, plan: StoredPlan, stored: list[StoredSlot]) -> dict[int, float | None]:
    """slot index -> the metric after washout, for every done slot."""
    cache: dict[str, Columns | None] = {}
    washout = plan.spec.washout_minutes * 60.0
    out: dict[int, float | None] = {}
    for s in stored:
        if s.status != "done":
            continue
        cols = _columns(db, s.session_id, cache) if s.session_id else None
        value = s.value
        if cols is not None and s.applied_at is not None and s.ended_at is not None:
            value = slot_value(plan.spec.metric, cols[0], cols[1], s.applied_at, s.ended_at, washout)
        out[s.index] = value
    return out


def plan_outcomes(db: Database, plan_id: str) -> tuple[StoredPlan, list[StoredSlot], list[SlotOutcome]]:
    """The plan, its slots, and the outcomes of its done slots (raises PlanNotFound)."""
    plan = load_plan(db, plan_id)
    stored = slots(db, plan_id)
    values = slot_values(db, plan, stored)
    return plan, stored, [s.outcome(values[s.index]) for s in stored if s.index in values]


def plan_verdict(db: Database, plan_id: str, alpha: float = 0.05) -> Verdict:
    """The verdict over the plan's done slots so far."""
    plan, _, outcomes = plan_outcomes(db, plan_id)
    spec = plan.spec
    return analyse(outcomes, spec.control, alpha, spec.n_slots, spec.min_effect, block=len(spec.variants))


SLOT_CSV_HEADER: tuple[str, ...] = ("slot", "variant", "variant_name", "status", "planned_start", "applied_at",
                                    "ended_at", "late_s", "session_id", "metric", "value")


def slot_csv_rows(plan: StoredPlan, stored: list[StoredSlot], values: dict[int, float | None]) -> list[list[str]]:
    """One row a slot (SLOT_CSV_HEADER): times ISO 8601 local, the metric's key, the value after washout."""
    # imported at an export: the A/B runner imports this module as the console starts, and the CSV module brings
    # the report model with it (~20 ms of the demo room's opening, before its first content)
    from dyconsole.storage.export_csv import format_cell, iso_local

    names = plan.spec.variant_names()

    def when(ts: float | None) -> str:
        return iso_local(ts) if ts is not None else ""

    return [[str(s.index), s.variant, names.get(s.variant, s.variant), s.status, when(s.planned_start),
             when(s.applied_at), when(s.ended_at), format_cell(s.late_s) if s.applied_at is not None else "",
             s.session_id or "", plan.spec.metric, format_cell(values.get(s.index))] for s in stored]


def export_plan_csv(db: Database, plan_id: str, out: Path | str) -> int:
    """Write the plan's slots to `out` as CSV (UTF-8 with BOM, whole or not at all); returns the rows written.
    Raises PlanNotFound, StorageError, OSError."""
    from dyconsole.storage.export_csv import csv_export_steps  # at an export (see slot_csv_rows)

    plan = load_plan(db, plan_id)
    stored = slots(db, plan_id)
    rows = slot_csv_rows(plan, stored, slot_values(db, plan, stored))
    for _ in csv_export_steps(SLOT_CSV_HEADER, rows, out):
        pass
    return len(rows)


def past_slot_values(db: Database, room_id: str, metric: str, slot_minutes: float, washout_minutes: float,
                     max_sessions: int = 10) -> list[list[float | None]]:
    """The room's latest recorded sessions (up to `max_sessions`), each cut into consecutive slots as a plan would
    cut it, the metric per slot: what the planner's `slot_noise` reads."""
    with storage_errors(db):
        rows = list(db.query("SELECT id FROM sessions WHERE room_id = ? ORDER BY started_at DESC LIMIT ?",
                             [room_id, int(max_sessions)]))
    out: list[list[float | None]] = []
    cache: dict[str, Columns | None] = {}
    for row in rows:
        cols = _columns(db, row["id"], cache)
        if cols is None:
            continue
        ts, columns = cols
        out.append(consecutive_slot_values(metric, ts, columns, float(ts[0]), slot_minutes * 60.0,
                                           washout_minutes * 60.0))
    return out
