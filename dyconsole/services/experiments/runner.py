"""The A/B plan running in the live room (QtCore only): which variant runs, how long the slot has left on the
console's clock (the demo clock runs at --speed), the reminder when a slot is over, the operator's confirmed
switches, pause / skip / abort, and the verdict after every slot.

- `begin(plan_id)` starts a stored plan: its seeded balanced schedule (core.experiments.schedule), the first
  switch due at once. Nothing runs until the operator confirms a switch (`confirm()`): the confirmed time is the
  slot's start (stored with ab_store.record_switch, with the session recording now); a switch confirmed after its
  planned time is recorded late (`late_s`), and the slot before ends at that confirmed time. On the demo room the
  confirmed variant is also sent to the room (`apply_variant`, injected by the composition root).
- `tick()` (its own clock, QTimer) sees the slot's time run out: `switch_due` fires once (the strip's banner and
  the tray); the last slot ends the plan by itself.
- `pause()` stops the slot's countdown (its end moves on by the pause), `skip()` ends the slot now uncounted and
  asks for the next switch, `abort()` stops the plan ("stopped early").
- After each slot its metric after the washout (services.experiments.history: core.experiments.slot_metric over
  the samples the recorder stored for the session, read in a worker) and core.experiments.analysis.analyse over all
  slots so far: `verdict` (valid at every look); a skipped slot counts with no value.
- The state is the database's (ab_plans status, ab_slots): `restore(room_id)` picks up the room's active plan
  after a restart; slots that ran in an earlier session are measured from its recording in a worker.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

from dyconsole.core.clock import Clock
from dyconsole.core.experiments import analysis
from dyconsole.core.experiments.plan import PlanSpec
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.core.feed import PollHandlers, RoomInfoChanged
from dyconsole.services.background import BackgroundWork
from dyconsole.services.experiments.history import SlotSpan, stored_slot_values
from dyconsole.storage import ab_store
from dyconsole.storage.errors import StorageError

log = logging.getLogger(__name__)

#: sends the confirmed variant key to the room (the demo room's control endpoint)
ApplyVariant = Callable[[str], Awaitable[Any]]
TICK_MS = 200  # the runner's own clock (real time): time left, due reminders

IDLE, DUE, RUNNING, PAUSED, DONE, ABORTED = "idle", "due", "running", "paused", "done", "aborted"
#: plan states stored in ab_plans.status
STORED_RUNNING, STORED_PAUSED, STORED_DONE, STORED_ABORTED = "running", "paused", "done", "aborted"


@dataclass
class SlotRun:
    """One slot as it ran: `started_at` is the confirmed switch, `planned_start` when it was due."""

    index: int
    variant: str
    planned_start: float
    started_at: float
    session_id: str | None
    ended_at: float | None = None
    counted: bool = True
    value: float | None = None

    @property
    def late_s(self) -> float:
        return max(0.0, self.started_at - self.planned_start)

    def outcome(self) -> analysis.SlotOutcome:
        return analysis.SlotOutcome(self.index, self.variant, self.value if self.counted else None, self.started_at,
                                    self.planned_start, self.late_s)


class PlanRunner(QObject):
    changed = Signal()  # anything the strip shows moved (state, slot, variant)
    switch_due = Signal(int, str)  # the next slot's index and variant: remind the operator
    verdict_changed = Signal()  # a slot was measured: new `verdict`
    problem = Signal(str)  # storing or sending the variant failed: the message

    def __init__(self, clock: Clock, db: Database | None, db_path: Path | str | None,
                 session_id: Callable[[], str | None], apply_variant: ApplyVariant | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.db = db
        self.db_path = db_path
        self.session_id = session_id
        self.apply_variant = apply_variant
        self.room_id: str | None = None  # the room watched (from its first poll)
        self.plan_id: str | None = None
        self.spec: PlanSpec | None = None
        self.schedule: list[str] = []
        self.runs: list[SlotRun] = []
        self.state = IDLE
        self.verdict: analysis.Verdict | None = None
        self._due_since: float | None = None  # when the switch became due (its planned time)
        self._paused_at: float | None = None
        self._paused_s = 0.0  # pauses in the slot under way: its end moves on by them
        self._reminded = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._work = BackgroundWork("ab-slots", parent=self)
        self._work.finished.connect(self._measured)
        self._work.failed.connect(lambda _k, message: self.problem.emit(message))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    # --- what the strip shows ---------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.state in (DUE, RUNNING, PAUSED)

    @property
    def slot_s(self) -> float:
        return float(self.spec.slot_minutes) * 60.0 if self.spec is not None else 0.0

    @property
    def washout_s(self) -> float:
        return float(self.spec.washout_minutes) * 60.0 if self.spec is not None else 0.0

    @property
    def current(self) -> SlotRun | None:
        """The slot under way (or paused)."""
        run = self.runs[-1] if self.runs else None
        return run if run is not None and run.ended_at is None else None

    @property
    def next_index(self) -> int:
        return self.runs[-1].index + 1 if self.runs else 0

    def next_variant(self) -> str | None:
        """The variant of the next slot (None after the last)."""
        return self.schedule[self.next_index] if self.next_index < len(self.schedule) else None

    def variant_names(self) -> dict[str, str]:
        return {v.key: v.label for v in self.spec.variants} if self.spec is not None else {}

    def control(self) -> str:
        return self.spec.variants[0].key if self.spec is not None else "A"

    def slot_end(self) -> float | None:
        run = self.current
        return None if run is None else run.started_at + self.slot_s + self._paused_s

    def time_left_s(self) -> float | None:
        """Seconds of broadcast time left in the slot under way (frozen while paused)."""
        end = self.slot_end()
        if end is None:
            return None
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0.0, end - now)

    def outcomes(self) -> list[analysis.SlotOutcome]:
        """The slots that ended (a skipped one with no value: the analysis leaves its block out)."""
        return [r.outcome() for r in self.runs if r.ended_at is not None]

    # --- the operator's actions -------------------------------------------------------------------------------------
    def begin(self, plan_id: str) -> None:
        """Run the stored plan `plan_id` from its first slot (its first switch due now)."""
        if self.active:
            raise RuntimeError("a plan is already running")
        spec = ab_store.load_plan(self._db(), plan_id)
        self._take(plan_id, spec, [])
        ab_store.set_status(self._db(), plan_id, STORED_RUNNING)
        self._set_due(self.clock.now(), remind=True)

    def confirm(self) -> SlotRun | None:
        """The operator switched the room to the next variant: the slot starts at this confirmed time."""
        if self.state not in (DUE, RUNNING) or self.spec is None or self.plan_id is None:
            return None
        variant = self.next_variant()
        if variant is None:
            return None
        now = self.clock.now()
        planned = self._due_since if self._due_since is not None else (self.slot_end() or now)
        if self.current is not None:
            self._end_current(now)
        run = SlotRun(self.next_index, variant, min(planned, now), now, self.session_id())
        try:
            ab_store.record_switch(self._db(), self.plan_id, run.index, run.variant, now, run.session_id)
        except StorageError as exc:
            self.problem.emit(str(exc))
        self.runs.append(run)
        self.state, self._due_since, self._reminded, self._paused_s = RUNNING, None, False, 0.0
        self._send(variant)
        self.changed.emit()
        return run

    def pause(self) -> None:
        if self.state != RUNNING:
            return
        self._paused_at = self.clock.now()
        self.state = PAUSED
        self._store_status(STORED_PAUSED)
        self.changed.emit()

    def resume(self) -> None:
        if self.state != PAUSED:
            return
        if self._paused_at is not None:
            self._paused_s += max(0.0, self.clock.now() - self._paused_at)
        self._paused_at = None
        self.state = RUNNING
        self._store_status(STORED_RUNNING)
        self.changed.emit()

    def skip(self) -> None:
        """The slot under way ends now and is not counted; the next switch is due at once."""
        run = self.current
        if run is None or self.state == PAUSED:
            return
        run.counted = False
        now = self.clock.now()
        self._end_current(now)
        if self.next_variant() is None:
            self._finish(DONE)
        else:
            self._set_due(now, remind=True)

    def abort(self) -> None:
        """Stop the plan here: the verdict stays on the slots measured ("stopped early")."""
        if not self.active:
            return
        if self.current is not None:
            self._end_current(self._paused_at if self._paused_at is not None else self.clock.now())
        self._finish(ABORTED)

    # --- the clock ----------------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._work.shutdown()

    def tick(self) -> None:
        """The slot's time ran out: remind once (or end the plan after its last slot)."""
        if self.state == RUNNING:
            end = self.slot_end()
            if end is not None and self.clock.now() >= end:
                if self.next_variant() is None:
                    self._end_current(end)
                    self._finish(DONE)
                else:
                    self._set_due(end, remind=True)
        if self.active:
            self.changed.emit()

    # --- restart ------------------------------------------------------------------------------------------------------
    def poll_handlers(self) -> PollHandlers:
        """The room's info arrives with the first poll: its active plan (if any) is picked up then."""
        return {RoomInfoChanged: lambda event: self._room_seen(event.info.room_id)}

    def _room_seen(self, room_id: str) -> None:
        if room_id and room_id != self.room_id:
            self.room_id = room_id
            self.restore(room_id)

    def restore(self, room_id: str) -> bool:
        """Pick up the room's active plan (running or paused) from the database; True when there was one."""
        if self.active or self.db is None:
            return False
        try:
            plan_id = ab_store.active_plan(self.db, room_id)
            if plan_id is None:
                return False
            spec = ab_store.load_plan(self.db, plan_id)
            stored = ab_store.slots(self.db, plan_id)
            status = ab_store.plan_status(self.db, plan_id)
        except StorageError as exc:
            self.problem.emit(str(exc))
            return False
        runs = runs_from_stored(stored, spec.slot_minutes * 60.0)
        self._take(plan_id, spec, runs)
        now = self.clock.now()
        current = self.current
        if current is not None and not current.started_at <= now < current.started_at + self.slot_s:
            # the console's clock is no longer in the slot (a new demo broadcast clock, or a long break): the slot
            # ends where it was due, measured on what its session recorded, and the next switch is due now
            self._end_current(current.started_at + self.slot_s)
            current = None
        if current is None:
            if self.next_variant() is None:
                self._finish(DONE)
            else:
                self._set_due(now, remind=True)
        elif status == STORED_PAUSED:
            self.state, self._paused_at = PAUSED, now
        else:
            self.state = RUNNING
        self._measure([r for r in self.runs if r.ended_at is not None])  # slots of earlier sessions too
        self._analyse()
        self.changed.emit()
        return True

    # --- inside -------------------------------------------------------------------------------------------------------
    def _db(self) -> Database:
        if self.db is None:
            raise StorageError("the session database is not open: no plan can run")
        return self.db

    def _take(self, plan_id: str, spec: PlanSpec, runs: list[SlotRun]) -> None:
        self.plan_id, self.spec, self.runs = plan_id, spec, runs
        self.schedule = balanced_schedule(spec.n_slots, spec.seed, tuple(v.key for v in spec.variants))
        self.verdict = None
        self._paused_at, self._paused_s, self._due_since, self._reminded = None, 0.0, None, False

    def _set_due(self, since: float, remind: bool) -> None:
        self.state, self._due_since = DUE, since
        self.changed.emit()
        if remind and not self._reminded:
            self._reminded = True
            variant = self.next_variant()
            if variant is not None:
                self.switch_due.emit(self.next_index, variant)

    def _end_current(self, at: float) -> None:
        run = self.current
        if run is None or self.plan_id is None:
            return
        run.ended_at = at
        self._paused_at, self._paused_s = None, 0.0
        try:
            ab_store.end_slot(self._db(), self.plan_id, run.index, at)
        except StorageError as exc:
            self.problem.emit(str(exc))
        if run.counted:
            self._measure([run])
        self._analyse()

    def _measure(self, runs: list[SlotRun]) -> None:
        """Each ended slot's metric after washout, from the recording of the session it ran in (the recorder
        wrote every poll already), in the worker; `_measured` takes the values and analyses again."""
        if self.spec is None:
            return
        spans = [SlotSpan(r.index, r.session_id, r.started_at, r.ended_at) for r in runs
                 if r.session_id and r.ended_at is not None]
        if spans:
            self._work.submit(("slots", self.plan_id), stored_slot_values, self.db_path, self.spec.metric,
                              self.washout_s, spans)

    def _measured(self, key: object, result: object) -> None:
        if not (isinstance(key, tuple) and key[1] == self.plan_id and isinstance(result, dict)):
            return
        for run in self.runs:
            if run.index in result and run.counted and run.ended_at is not None:
                run.value = result[run.index]
        self._analyse()

    def _analyse(self) -> None:
        if self.spec is None:
            return
        self.verdict = analysis.analyse(self.outcomes(), control=self.control(), planned_slots=self.spec.n_slots,
                                        min_effect=self.spec.min_effect)
        self.verdict_changed.emit()

    def _finish(self, state: str) -> None:
        self.state, self._due_since = state, None
        self._store_status(STORED_DONE if state == DONE else STORED_ABORTED)
        self._analyse()
        self.changed.emit()

    def _store_status(self, status: str) -> None:
        if self.plan_id is None:
            return
        try:
            ab_store.set_status(self._db(), self.plan_id, status)
        except StorageError as exc:
            self.problem.emit(str(exc))

    def _send(self, variant: str) -> None:
        if self.apply_variant is None:
            return
        task = asyncio.ensure_future(self._apply(variant))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _apply(self, variant: str) -> None:
        assert self.apply_variant is not None
        try:
            await self.apply_variant(variant)
        except Exception as exc:  # noqa: BLE001 - the room refused: the operator is told, the switch stays recorded
            log.warning("sending variant %s to the room failed: %s", variant, exc)
            self.problem.emit(str(exc) or type(exc).__name__)


def runs_from_stored(stored: list[Any], slot_s: float) -> list[SlotRun]:
    """The slots a plan ran (ab_store.slots rows, in slot order) as SlotRuns; each slot was due at the end of the
    one before it (the first at its own start)."""
    runs: list[SlotRun] = []
    for row in stored:
        started = _get(row, "applied_at")
        if started is None:
            continue
        planned = runs[-1].started_at + slot_s if runs else float(started)
        ended = _get(row, "ends_at")
        runs.append(SlotRun(int(_get(row, "slot_index")), str(_get(row, "variant")), min(planned, float(started)),
                            float(started), _get(row, "session_id"), None if ended is None else float(ended)))
    return runs


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name, None)



