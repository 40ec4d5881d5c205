"""A room's recorded broadcasts as slot values, read from the session database (no Qt): the power panel's noise
(how the plan's metric varies between slots of the room's own past sessions, core.experiments.power.slot_noise)
a plan's measured slots (each from the recording of the session it ran in, also after a restart), and the plans
that ran in one session with their verdicts (the review's A/B tab, the report's A/B section).

Everything here opens its own read connection from a path, so services run it in a worker
(services.background.BackgroundWork).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
from sqlite_utils import Database

from dyconsole.core.experiments.analysis import SlotOutcome, Verdict, analyse
from dyconsole.core.experiments.records import StoredPlan, StoredSlot
from dyconsole.core.experiments.power import slot_noise
from dyconsole.core.experiments.slot_metric import sample_columns, slot_value
from dyconsole.storage.ab_outcomes import plan_outcomes
from dyconsole.storage.ab_store import list_plans, slots
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.loaders import load_room_samples
from dyconsole.storage.sessions import list_sessions

#: fewer past slots than this (all sessions together) is "not enough history" for a noise figure
MIN_HISTORY_SLOTS = 6

Columns = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class SlotNoise:
    """How much the metric moves between slots of the room's past broadcasts: `noise` None when there were too
    few slots (`slots` < MIN_HISTORY_SLOTS)."""

    metric: str
    noise: float | None
    sessions: int
    slots: int


def cut_into_slots(metric: str, ts: np.ndarray, columns: Columns, slot_s: float,
                   washout_s: float) -> list[float | None]:
    """The session cut into consecutive slots of `slot_s` from its first sample: each slot's value after washout
    (None where a slot has none, so that only truly adjacent slots are compared)."""
    if len(ts) == 0 or slot_s <= 0:
        return []
    values: list[float | None] = []
    start, last = float(ts[0]), float(ts[-1])
    while start + slot_s <= last:
        values.append(slot_value(metric, ts, columns, start, start + slot_s, washout_s))
        start += slot_s
    return values


def room_slot_noise(path: Path | str | None, room_id: str | None, metric: str, slot_s: float, washout_s: float,
                    exclude: Iterable[str] = ()) -> SlotNoise:
    """The slot noise of `metric` over the room's recorded sessions (all rooms' when `room_id` is None), but
    `exclude` (the session recording now). Raises StorageError."""
    skip = set(exclude)
    db = open_for_reading(path)
    try:
        per_session: list[list[float | None]] = []
        for summary in list_sessions(db):
            if summary.id in skip or (room_id is not None and summary.room_id != room_id):
                continue
            samples = load_room_samples(db, summary.id)
            if not samples:
                continue
            ts, columns = sample_columns(samples)
            values = cut_into_slots(metric, ts, columns, slot_s, washout_s)
            if any(v is not None for v in values):
                per_session.append(values)
    finally:
        db.close()
    count = sum(1 for values in per_session for v in values if v is not None)
    noise = slot_noise(per_session) if count >= MIN_HISTORY_SLOTS else None
    if noise is not None and not (math.isfinite(noise) and noise > 0):
        noise = None  # too few adjacent pairs with a value
    return SlotNoise(metric, noise, len(per_session), count)


def measured_outcomes(path: Path | str | None, plan_id: str) -> list[SlotOutcome]:
    """The plan's done slots with their metric after washout, each from its session's recording
    (storage.ab_outcomes.plan_outcomes). Raises StorageError."""
    db = open_for_reading(path)
    try:
        return plan_outcomes(db, plan_id)[2]
    finally:
        db.close()


@dataclass(frozen=True)
class PlanRecord:
    """One plan as recorded: its slots, the measured outcomes of its done slots, and the verdict on them."""

    plan: StoredPlan
    slots: list[StoredSlot]
    outcomes: list[SlotOutcome]
    verdict: Verdict


def session_plans(db: Database, session_id: str) -> list[PlanRecord]:
    """The plans with a slot that ran in the session `session_id` (for its review and its report), each with its
    verdict over all its slots so far (whatever session they ran in). Raises StorageError."""
    out: list[PlanRecord] = []
    for plan in list_plans(db):
        if not any(s.session_id == session_id for s in slots(db, plan.id)):
            continue
        _, stored, outcomes = plan_outcomes(db, plan.id)
        spec = plan.spec
        verdict = analyse(outcomes, spec.control, planned_slots=spec.n_slots, min_effect=spec.min_effect)
        out.append(PlanRecord(plan, stored, outcomes, verdict))
    return out


def session_plans_at(path: Path | str | None, session_id: str) -> list[PlanRecord]:
    """`session_plans` on its own read connection (for a worker)."""
    db = open_for_reading(path)
    try:
        return session_plans(db, session_id)
    finally:
        db.close()
