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
from typing import Sequence

from sqlite_utils import Database

from dyconsole.core.experiments.analysis import SlotOutcome, Verdict, analyse
from dyconsole.core.experiments.plan import PlanSpec
from dyconsole.core.experiments.records import StoredPlan, StoredSlot
from dyconsole.core.experiments.power import slot_noise
from dyconsole.storage.ab_outcomes import past_slot_values, plan_outcomes
from dyconsole.storage.ab_store import list_plans, slots
from dyconsole.storage.db import open_for_reading

#: fewer past slots than this (all sessions together) is "not enough history" for a noise figure
MIN_HISTORY_SLOTS = 6


@dataclass(frozen=True)
class SlotNoise:
    """How much the metric moves between slots of the room's past broadcasts: `noise` None when there were too
    few slots (`slots` < MIN_HISTORY_SLOTS)."""

    metric: str
    noise: float | None
    sessions: int
    slots: int


def room_slot_noise(path: Path | str | None, room_id: str | None, metric: str, slot_minutes: float,
                    washout_minutes: float) -> SlotNoise:
    """The slot noise of `metric` over the room's recorded sessions, each cut into consecutive slots as the plan
    would cut it (storage.ab_outcomes.past_slot_values); no room known yet: no history. Raises StorageError."""
    if not room_id:
        return SlotNoise(metric, None, 0, 0)
    db = open_for_reading(path)
    try:
        per_session = past_slot_values(db, room_id, metric, slot_minutes, washout_minutes)
    finally:
        db.close()
    per_session = [values for values in per_session if any(v is not None for v in values)]
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


def verdict_of(spec: PlanSpec, outcomes: Sequence[SlotOutcome]) -> Verdict:
    """The plan's verdict on its measured slots, as `dyconsole ab show` gives it (storage.ab_outcomes.plan_verdict):
    within blocks of as many slots as variants, against the plan's planned slots and smallest effect."""
    return analyse(outcomes, spec.control, planned_slots=spec.n_slots, min_effect=spec.min_effect,
                   block=len(spec.variants))


def session_plans(db: Database, session_id: str) -> list[PlanRecord]:
    """The plans with a slot that ran in the session `session_id` (for its review and its report), each with its
    verdict over all its slots so far (whatever session they ran in). Raises StorageError."""
    out: list[PlanRecord] = []
    for plan in list_plans(db):
        if not any(s.session_id == session_id for s in slots(db, plan.id)):
            continue
        _, stored, outcomes = plan_outcomes(db, plan.id)
        out.append(PlanRecord(plan, stored, outcomes, verdict_of(plan.spec, outcomes)))
    return out


def session_plans_at(path: Path | str | None, session_id: str) -> list[PlanRecord]:
    """`session_plans` on its own read connection (for a worker)."""
    db = open_for_reading(path)
    try:
        return session_plans(db, session_id)
    finally:
        db.close()
