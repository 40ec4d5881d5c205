"""The A/B loop through the main window on the demo room (emulator at speed): A/B → New plan… fills and saves a
plan and starts it; the runner strip shows the variant, the time left and the switch reminder (with a tray notice);
each switch is confirmed with the strip's button (a late one is recorded late), the demo room is sent the variant,
and after the last slot the verdict is in words in the strip and in the verdict tab with its chart, and the same in
the session's review (its A/B tab) and report (its A/B section). Pause, skip
and abort act on the run."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QApplication
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.pdf_text import page_texts

from dyconsole.app import Console
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.services.experiments.runner import ABORTED, DONE, DUE, PAUSED, RUNNING
from dyconsole.storage import ab_store
from dyconsole.ui.experiments.attachment import AB_MENU_KEY, VERDICT_TAB_KEY
from dyconsole.ui.experiments.planner import PlannerDialog
from dyconsole.ui.experiments.review_tab import REVIEW_TAB_KEY, ReviewPlans


def menu_action(c: Console, text: str):  # type: ignore[no-untyped-def]
    assert c.window is not None
    (action,) = [a for a in c.window.menu_actions(AB_MENU_KEY) if a.text() == text]
    return action


def fill_plan(c: Console, name: str = "Script test", n_slots: int = 6, slot_min: float = 4,
              washout_min: float = 1) -> PlannerDialog:
    menu_action(c, "&New plan…").trigger()
    dialog = c.parts.experiments.planner
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText(name)
    dialog.hypothesis.setPlainText("The new script sells more per visitor")
    dialog.set_variant(0, "A", "old script", "Script")
    dialog.set_variant(1, "B", "new script", "Script: open with the coupon")
    dialog.metric_box.setCurrentIndex(dialog.metric_box.findData("interaction_rate"))
    dialog.slot_minutes.setValue(slot_min)
    dialog.washout_minutes.setValue(washout_min)
    dialog.n_slots.setValue(n_slots)
    return dialog


def test_plan_run_at_speed_switches_confirmed_verdict(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        ui = c.parts.experiments
        runner = ui.runner
        # the reminder goes through the alerts' notifier: a tray notice, and a beep only when sound is turned on
        assert ui.notify == c.parts.alert_ui.notify
        beeps: list[int] = []
        real_beep, real_sound = QApplication.beep, c.parts.alert_ui.sound_on
        QApplication.beep = staticmethod(lambda: beeps.append(1))  # type: ignore[method-assign]
        try:
            ui.notify("A/B: time to switch", "test")
            assert beeps == []  # sound is off by default
            c.parts.alert_ui.sound_on = lambda: True
            ui.notify("A/B: time to switch", "test")
            assert beeps == [1]
        finally:
            QApplication.beep = real_beep  # type: ignore[method-assign]
            c.parts.alert_ui.sound_on = real_sound
        notices: list[tuple[str, str]] = []
        ui.notify = lambda title, text: notices.append((title, text))
        await until(lambda: c.recorder.recording and len(c.feed.series) > 3)
        dialog = fill_plan(c)
        assert dialog.schedule.text().split() == runner_schedule(dialog)
        dialog.start_button.click()
        await until(lambda: runner.state == DUE)
        strip = ui.strip
        assert strip.isVisible() and strip.reminder.isVisible()
        first = runner.next_variant()
        assert strip.reminder.text().startswith(f"Switch to {first} now")
        assert strip.plan.text().startswith("Script test · slot 1 of 6")  # the first slot, due now
        assert strip.variant.text() == "—" and strip.time_left.text() == "—"
        assert notices and notices[-1][0] == "A/B: time to switch"
        late_index = 2
        while runner.state != DONE:
            await until(lambda: runner.state in (DUE, DONE), timeout_s=30)
            if runner.state == DONE:
                break
            if runner.next_index == late_index:
                await asyncio.sleep(1.0)  # two minutes of broadcast late at speed 120
            expected = runner.next_variant()
            strip.confirm_button.click()
            assert runner.state == RUNNING and runner.current is not None
            assert runner.current.variant == expected
            await until(lambda: c.demo.simulator.ab_variant() == expected)  # the demo room runs it now
            assert strip.variant.text() == expected
            assert not strip.reminder.isVisible()
            left = strip.time_left.text()
            assert len(left) == 5 and left[2] == ":" and left <= "04:00"
        assert [r.variant for r in runner.runs] == runner.schedule
        late = runner.runs[late_index]
        assert late.late_s >= 100  # recorded late, from the confirmed time
        assert late.applied_at - late.planned_start == late.late_s
        assert all(r.late_s < late.late_s for k, r in enumerate(runner.runs) if k != late_index)
        stored = ab_store.slots(c.recorder.db, runner.plan_id)
        assert [s.variant for s in stored] == runner.schedule and [s.status for s in stored] == ["done"] * 6
        assert all(s.session_id == c.recorder.session_id for s in stored)
        # each slot ran to the next confirmed switch
        assert [s.ended_at for s in stored[:-1]] == [s.applied_at for s in stored[1:]]
        await until(lambda: c.demo.simulator.ab_variant() is None)  # the test over, the room runs no variant
        # the verdict: every slot measured, the words in the strip and the verdict tab with its chart
        await until(lambda: runner.verdict is not None and runner.verdict.slots_used == 6)  # measured in the worker
        assert all(runner.values[k] is not None and runner.values[k] > 0 for k in range(6))
        assert strip.verdict.text()
        menu_action(c, "&Verdict").trigger()
        assert c.window.current_side_tab() == VERDICT_TAB_KEY
        panel = ui.panel
        assert panel.verdict.text() == strip.verdict.text()
        assert len(panel.row_texts()) == 6
        assert sorted(panel.chart.bars) == ["A", "B"]
        assert sorted(v for _i, _k, v in panel.chart.shown) == sorted(runner.values.values())
        assert strip.close_button.isVisible() and not strip.confirm_button.isVisible()
        # in review (Console → Sessions…, this session): the A/B tab shows the plan with the same verdict
        (sessions,) = [a for a in c.window.menu_actions("console") if a.text() == "Se&ssions…"]
        sessions.trigger()
        c.review.open_session(c.recorder.session_id)
        await until(lambda: len(c.review.windows) == 1)
        review = c.review.windows[0]
        assert REVIEW_TAB_KEY in review.review_tab_keys()
        review.show_review_tab(REVIEW_TAB_KEY)
        tab = review.findChild(ReviewPlans)
        await until(lambda: len(tab.records) == 1)
        assert tab.panel.verdict.text() == strip.verdict.text()
        assert tab.panel.row_texts() == panel.row_texts() and tab.panel.chart.shown == panel.chart.shown
        # in the session's report: the A/B section, its slots and the verdict
        report = build_report(load_report_inputs(c.recorder.db, c.recorder.session_id), ReportOptions(lang="en"))
        (table,) = report.tables["ab"]
        assert [row[1].split()[0] for row in table.rows] == runner.schedule
        assert [row[3] for row in table.rows] == [s.applied_at for s in stored]
        assert table.caption.endswith(strip.verdict.text())
        # the review's Report… opens the builder: its A/B section has the chart of the metric per slot by variant,
        # the same bars as the verdict tab's, drawn in the PDF and written as its own PNG
        opened: list = []
        c.review.reports.opened.connect(opened.append)
        review.report_action.trigger()
        await until(lambda: len(opened) == 1)
        builder = opened[0]
        (picture,) = builder.report().figures["ab"]
        assert [(b.number - 1, b.variant, b.value) for b in picture.bars] == panel.chart.shown
        assert [k for k, _ in picture.variants] == ["A", "B"] and "1" in picture.washout_note  # 1 min washout
        done: list[tuple[bool, str]] = []
        (tmp_path / "png").mkdir()
        for fmt, out in (("pdf", tmp_path / "ab.pdf"), ("png", tmp_path / "png")):
            job = builder.export(fmt, out, on_done=lambda ok, msg: done.append((ok, msg)))
            await until(lambda: job.done, timeout_s=30)
        assert done == [(True, ""), (True, "")]
        pdf_text = "".join(page_texts((tmp_path / "ab.pdf").read_bytes())).replace("\t", "").replace(" ", "")
        assert picture.title.replace(" ", "") in pdf_text and picture.washout_note.replace(" ", "") in pdf_text
        assert [p.name for p in (tmp_path / "png").glob("*-ab-*.png")] == \
            [f"{c.recorder.session_id}-{len(builder.report().charts) + 1:02d}-ab-{runner.plan_id}.png"]
        builder.close()

    drive(qloop, tmp_path, scenario, seed=3)


def runner_schedule(dialog: PlannerDialog) -> list[str]:
    from dyconsole.core.experiments.schedule import balanced_schedule

    spec = dialog.spec()
    return balanced_schedule(spec.n_slots, spec.seed, spec.variant_keys)


def test_pause_skip_and_abort(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        ui = c.parts.experiments
        runner, strip = ui.runner, ui.strip
        await until(lambda: c.recorder.recording)
        fill_plan(c, "Pause test", n_slots=4).start_button.click()
        await until(lambda: runner.state == DUE)
        strip.confirm_button.click()
        await asyncio.sleep(0.2)
        strip.pause_button.click()
        assert runner.state == PAUSED and strip.pause_button.text() == "Resume"
        frozen = strip.time_left.text()
        await asyncio.sleep(0.6)
        ui.refresh_strip()
        assert strip.time_left.text() == frozen  # the countdown stops while paused
        strip.pause_button.click()
        assert runner.state == RUNNING
        strip.skip_button.click()  # the slot ends now, uncounted; the next switch is due
        assert runner.state == DUE and runner.runs[0].status == "skipped"
        assert runner.outcomes()[0].value is None
        strip.confirm_button.click()
        strip.abort_button.click()
        assert runner.state == ABORTED
        assert strip.verdict.text().startswith("Stopped early")
        assert ab_store.active_plan(c.recorder.db, runner.room_id) is None

    drive(qloop, tmp_path, scenario, seed=3)
