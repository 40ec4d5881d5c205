"""A running A/B plan survives a console restart: a second Console over the same database (the demo room again)
picks up the room's running plan from the database on the room's first poll, the strip shows it with the next
switch due, the slots of the first session are measured from its recording, and the plan runs on to its verdict
over the slots of both sessions."""

from __future__ import annotations

from pathlib import Path

from tests.experiments.test_ab_runner_window import fill_plan
from tests.live.test_live_window import drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.services.experiments.runner import DONE, DUE, RUNNING
from dyconsole.storage import ab_store
from dyconsole.storage.db import open_db


def test_a_running_plan_is_restored_after_a_restart(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first: dict[str, object] = {}

    async def before(c: Console) -> None:
        runner = c.parts.experiments.runner
        await until(lambda: c.recorder.recording and len(c.feed.series) > 3)
        fill_plan(c, "Across a restart", n_slots=4).start_button.click()
        await until(lambda: runner.state == DUE)
        c.parts.experiments.strip.confirm_button.click()
        await until(lambda: runner.state == DUE, timeout_s=30)  # slot 1 over
        c.parts.experiments.strip.confirm_button.click()  # slot 2 under way when the console closes
        assert runner.state == RUNNING
        first.update(plan=runner.plan_id, session=c.recorder.session_id, schedule=list(runner.schedule),
                     room=runner.room_id)

    drive(qloop, tmp_path, before, seed=3)
    db = open_db(tmp_path / "s.sqlite3")
    stored = ab_store.active_plan(db, str(first["room"]))
    assert stored is not None and stored.id == first["plan"] and stored.status == "running"  # in the database
    db.close()

    async def after(c: Console) -> None:
        ui = c.parts.experiments
        runner, strip = ui.runner, ui.strip
        await until(lambda: runner.plan_id == first["plan"])  # restored on the room's first poll
        assert [r.session_id for r in runner.runs] == [first["session"]] * 2
        assert runner.schedule == first["schedule"]
        # the new demo broadcast's clock is not in slot 2 any more: it ended, and the next switch is due
        assert runner.state == DUE and runner.next_index == 2
        assert strip.isVisible() and strip.reminder.isVisible()
        assert strip.plan.text().startswith("Across a restart · slot 3 of 4")  # the slot due next
        # the first session's slots are measured from its recording
        await until(lambda: runner.values.get(0) is not None)
        while runner.state != DONE:
            await until(lambda: runner.state in (DUE, DONE), timeout_s=30)
            if runner.state == DUE:
                strip.confirm_button.click()
        await until(lambda: runner.verdict is not None and len(runner.values) == 4)
        sessions = [r.session_id for r in runner.runs]
        assert sessions[:2] == [first["session"]] * 2 and sessions[2:] == [c.recorder.session_id] * 2
        assert [r.variant for r in runner.runs] == first["schedule"]
        assert strip.verdict.text()

    drive(qloop, tmp_path, after, seed=3)

