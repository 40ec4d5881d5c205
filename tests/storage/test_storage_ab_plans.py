"""A/B plans in the database: the schedule saved with the plan, the runner's states, confirmed (and late)
switches, the plan under way found again after a restart, and the verdict from the recorded samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlite_utils import Database
from tests.support.ab_support import SPEC, record_session, run_plan
from tests.support.storage_helpers import ROOM, START

from dyconsole.core.experiments.power import slot_noise
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.storage import ab_store
from dyconsole.storage.ab_outcomes import past_slot_values, plan_outcomes, plan_verdict
from dyconsole.storage.db import open_db
from dyconsole.storage.errors import StorageError


def test_a_saved_plan_comes_back_with_its_schedule(db: Database) -> None:
    pid = ab_store.save_plan(db, SPEC, ROOM, at=START)
    plan = ab_store.load_plan(db, pid)
    assert plan.spec == SPEC and plan.status == "draft" and plan.room_id == ROOM and plan.created_at == START
    assert [s.variant for s in ab_store.slots(db, pid)] == balanced_schedule(4, 42)
    assert {s.status for s in ab_store.slots(db, pid)} == {"planned"}
    assert [p.id for p in ab_store.list_plans(db, ROOM)] == [pid] and ab_store.list_plans(db, "other") == []


def test_states_pauses_and_late_switches(db: Database) -> None:
    pid = ab_store.save_plan(db, SPEC, ROOM, at=START)
    ab_store.set_status(db, pid, "running", at=START + 10)
    ab_store.record_switch(db, pid, 0, "A", START + 75, "s1", planned_start=START + 10)
    ab_store.set_status(db, pid, "paused", at=START + 100)
    assert ab_store.load_plan(db, pid).paused_at == START + 100
    ab_store.set_status(db, pid, "running", at=START + 160)
    ab_store.end_slot(db, pid, 0, START + 700, value=1.5)
    ab_store.skip_slot(db, pid, 1, START + 710)
    plan = ab_store.load_plan(db, pid)
    assert plan.started_at == START + 10 and plan.paused_at is None and plan.paused_s == 60.0
    s0, s1 = ab_store.slots(db, pid)[:2]
    assert (s0.status, s0.applied_at, s0.late_s, s0.value, s0.session_id) == ("done", START + 75, 65.0, 1.5, "s1")
    assert s1.status == "skipped"
    ab_store.set_status(db, pid, "aborted", at=START + 800)
    assert ab_store.load_plan(db, pid).ended_at == START + 800
    with pytest.raises(ValueError):
        ab_store.set_status(db, pid, "finished")
    with pytest.raises(StorageError):
        ab_store.record_switch(db, pid, 99, "A", START, None)
    with pytest.raises(ab_store.PlanNotFound):
        ab_store.load_plan(db, "nope")


def test_the_plan_under_way_is_found_after_a_restart(db_file: Path) -> None:
    db = open_db(db_file)
    done = ab_store.save_plan(db, SPEC, ROOM, at=START)
    ab_store.set_status(db, done, "done", at=START + 1)
    pid = ab_store.save_plan(db, SPEC, ROOM, at=START + 2)
    ab_store.set_status(db, pid, "running", at=START + 3)
    ab_store.record_switch(db, pid, 0, "B", START + 3, "s1", START + 3)
    ab_store.set_status(db, pid, "paused", at=START + 50)
    db.close()
    again = open_db(db_file)
    plan = ab_store.active_plan(again, ROOM)
    assert plan is not None and plan.id == pid and plan.status == "paused"
    assert ab_store.slots(again, pid)[0].status == "running"
    assert ab_store.active_plan(again, "other room") is None
    again.close()


def test_the_verdict_comes_from_the_recorded_samples(db: Database) -> None:
    pid, rate_of = run_plan(db)
    _, _, outs = plan_outcomes(db, pid)
    assert [o.value for o in outs] == pytest.approx([rate_of[i] for i in range(4)])
    verdict = plan_verdict(db, pid)
    assert verdict.effect == pytest.approx(0.5) and verdict.slots_used == 4


def test_past_sessions_cut_into_slots_give_the_planners_noise(db: Database) -> None:
    rates = {0: 2.0, 1: 4.0, 2: 2.0, 3: 4.0}
    record_session(db, "old", rates)
    [values] = past_slot_values(db, ROOM, "paid_orders_per_min", 10.0, 2.0)
    assert values == pytest.approx([2.0, 4.0, 2.0, 4.0])
    assert slot_noise([values]) == pytest.approx(float(np.std(np.diff(np.log(values)), ddof=1)))
    assert past_slot_values(db, "other room", "gpm", 10.0, 2.0) == []
