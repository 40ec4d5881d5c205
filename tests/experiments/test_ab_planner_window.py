"""The A/B planner through the main window: an invalid plan is refused with each problem beside its field and
nothing stored; the power panel says "not enough history" on a room with no recorded broadcasts, and after one
recorded broadcast gives the slots an effect needs and the smallest detectable effect, the same figures as
core.experiments.power on the room's recorded slots; a valid plan is stored and listed under A/B → Plans…."""

from __future__ import annotations

from pathlib import Path

from tests.experiments.test_ab_runner_window import fill_plan, menu_action
from tests.live.test_live_window import drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.core.experiments.power import detectable_effect, slot_noise, slots_needed
from dyconsole.storage.ab_outcomes import past_slot_values
from dyconsole.storage.db import open_db


def test_an_invalid_plan_is_refused_with_the_message_at_the_field(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        await until(lambda: c.recorder.recording)
        dialog = fill_plan(c, name="", n_slots=5, slot_min=4, washout_min=5)
        dialog.set_variant(1, "A", "copy", "Host")  # two variants with the same key
        dialog.save_button.click()
        assert dialog.isVisible()
        assert dialog.errors["name"].text() == "Give the plan a name"
        assert dialog.errors["washout_minutes"].text() == "Washout must be shorter than the slot"
        assert dialog.errors["n_slots"].text().startswith("Number of slots must be a multiple")
        assert dialog.errors["variants"].text() == "Duplicate variant keys: A"
        assert dialog.errors["metric"].text() == "" and dialog.errors["seed"].text() == ""
        assert dialog.notice.text() == "Not saved: fix the fields marked in red."
        assert c.parts.experiments.book.plans() == []
        # fixed, the same dialog saves: the problems go, the plan is stored and listed
        dialog.name.setText("Host test")
        dialog.set_variant(1, "B", "second host", "Host")
        dialog.washout_minutes.setValue(1)
        dialog.n_slots.setValue(6)
        assert all(label.text() == "" for label in dialog.errors.values())
        dialog.save_button.click()
        assert not dialog.isVisible()
        plans = menu_action(c, "&Plans…")
        plans.trigger()
        listing = c.parts.experiments.plans
        assert listing is not None and listing.table.rowCount() == 1
        assert listing.table.item(0, 0).text() == "Host test" and listing.table.item(0, 3).text() == "Draft"
        assert listing.start_button.isEnabled()

    drive(qloop, tmp_path, scenario, seed=3)


def test_the_power_panel_reads_the_rooms_recorded_broadcasts(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def no_history(c: Console) -> None:
        await until(lambda: c.recorder.recording)
        dialog = fill_plan(c, slot_min=3, washout_min=1, n_slots=8)
        await until(lambda: dialog.figures is not None)
        assert not dialog.figures.enough_history
        assert dialog.power.text().startswith("Not enough history")
        # this run records a broadcast of the room: 47 minutes of it
        await until(lambda: c.feed.span() is not None and c.feed.span()[1] - c.feed.span()[0] > 2800, timeout_s=40)

    drive(qloop, tmp_path, no_history, seed=3, speed=200.0)

    async def with_history(c: Console) -> None:
        await until(lambda: c.recorder.recording)
        # this run records the room too (a session of its own) and would keep writing it: stop the room at once and
        # let the writes land, so that the panel and this test read the same rows, and this run's session stays
        # shorter than one slot (a few real seconds of polls at 120x, while the panel computes under load, make one)
        await c.parts.watch.stop()
        await until(lambda: c.recorder.status.backlog == 0)
        dialog = fill_plan(c, slot_min=5, washout_min=1, n_slots=8)
        dialog.min_effect.setValue(20)
        await until(lambda: dialog.figures is not None and dialog.figures.enough_history
                    and dialog.figures.effect == 0.2)
        dialog.min_effect.setValue(21)
        await until(lambda: dialog.figures is not None and dialog.figures.effect == 0.21)
        dialog.min_effect.setValue(20)
        await until(lambda: dialog.figures is not None and dialog.figures.effect == 0.2)
        db = open_db(tmp_path / "s.sqlite3")
        cut = past_slot_values(db, c.feed.room_info.room_id, "interaction_rate", 5, 1)
        db.close()
        recorded = [values for values in cut if any(v is not None for v in values)]
        history = dialog.figures.history
        assert len(recorded) == history.sessions == 1 and history.slots >= 6
        assert history.slots == sum(v is not None for v in recorded[0])
        assert history.noise == slot_noise(recorded)
        needed = slots_needed(0.2, history.noise)
        detectable = detectable_effect(8, history.noise)
        text = dialog.power.text()
        assert f"From {history.slots} slots of 1 recorded broadcast." in text  # one: singular
        assert f"Needs {needed} slots for a 20% effect." in text
        assert f"With 8 slots the smallest detectable effect is {detectable * 100:.0f}%." in text

    # at 1x this run's own broadcast (resumed or new) has no whole 5-min slot before the room is stopped
    drive(qloop, tmp_path, with_history, seed=3, speed=1.0)


def test_the_verdict_tab_without_a_plan_says_what_a_plan_is(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A/B → Verdict before any plan: the title points to New plan, a line says what a plan does, and no empty
    chart or slot table is shown."""
    async def scenario(c: Console) -> None:
        menu_action(c, "&Verdict").trigger()
        panel = c.parts.experiments.panel
        await until(lambda: panel.isVisible())
        assert panel.title.text() == "No A/B plan yet: A/B → New plan…"
        assert "alternating timed slots" in panel.hypothesis.text()
        assert not panel.chart.isVisible() and not panel.table.isVisible()

    drive(qloop, tmp_path, scenario)
