"""The A/B plan running in the live room (QtCore only): which variant runs, how long the slot has left on the
console's clock (the demo clock runs at --speed), the reminder when a slot is over, the operator's confirmed
switches, pause / skip / abort, and the verdict after every slot.

The run's state is the database's (storage.ab_store: the plan's status, each slot's confirmed switch, end, skip);
the runner re-reads the plan's slots after each change, so what it shows is what a restarted console restores.

- `begin(plan_id)` starts a stored plan (its seeded balanced schedule was stored with it): the first switch is due
  at once. Nothing runs until the operator confirms a switch (`confirm()`): the confirmed time is the slot's start
  (ab_store.record_switch, with the session recording now and the time it was due: a late switch is recorded
  late), and the slot before ends at that confirmed time. On the demo room the confirmed variant is also sent to
  the room (`apply_variant`, injected by the composition root; None when the test ends).
- `tick()` (its own clock, QTimer) sees the slot's time run out: `switch_due` fires once (the strip's banner and
  the tray); the last slot ends the plan by itself.
- `pause()` stops the slot's countdown (its end moves on by the pause), `skip()` ends the slot now uncounted and
  asks for the next switch, `abort()` stops the plan ("stopped early").
- After each slot the plan's outcomes are read again in a worker (storage.ab_outcomes: each done slot's metric
  after washout from the samples the recorder stored for its session) and core.experiments.analysis.analyse gives
  `verdict` (valid at every look).
- `restore(room_id)` (on the room's first poll) picks up the room's plan under way after a restart.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

from dyconsole.core.clock import Clock
from dyconsole.core.experiments import analysis
from dyconsole.core.experiments.plan import PlanSpec
from dyconsole.core.experiments.records import StoredSlot
from dyconsole.core.feed import PollHandlers, RoomInfoChanged
from dyconsole.services.background import BackgroundWork
from dyconsole.services.experiments.history import measured_outcomes, verdict_of
from dyconsole.storage import ab_store
from dyconsole.storage.errors import StorageError

log = logging.getLogger(__name__)

#: sends the confirmed variant key to the room (the demo room's control endpoint); None: the test ended
ApplyVariant = Callable[[str | None], Awaitable[Any]]
TICK_MS = 200  # the runner's own clock (real time): time left, due reminders

#: the runner's states (DUE: a switch is due and waits for the operator's confirmation)
IDLE, DUE, RUNNING, PAUSED, DONE, ABORTED = "idle", "due", "running", "paused", "done", "aborted"


class PlanRunner(QObject):
    changed = Signal()  # anything the strip shows moved (state, slot, variant, time left)
    switch_due = Signal(int, str)  # the next slot's index and variant: remind the operator
    verdict_changed = Signal()  # the slots were measured: new `verdict`
    problem = Signal(str)  # storing, measuring or sending the variant failed: the message

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
        self.slots: list[StoredSlot] = []  # the plan's slots as stored (planned ones too)
        self.values: dict[int, float | None] = {}  # slot index -> metric after washout, once measured
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
    def schedule(self) -> list[str]:
        return [s.variant for s in self.slots]

    @property
    def runs(self) -> list[StoredSlot]:
        """The slots switched to so far (confirmed), in order."""
        return [s for s in self.slots if s.applied_at is not None]

    @property
    def current(self) -> StoredSlot | None:
        """The slot under way (or paused)."""
        return next((s for s in self.slots if s.status == "running"), None)

    @property
    def next_index(self) -> int:
        runs = self.runs
        return runs[-1].index + 1 if runs else 0

    def next_variant(self) -> str | None:
        """The variant of the next slot (None after the last)."""
        i = self.next_index
        return self.slots[i].variant if i < len(self.slots) else None

    def variant_names(self) -> dict[str, str]:
        return self.spec.variant_names() if self.spec is not None else {}

    def slot_end(self) -> float | None:
        run = self.current
        if run is None or run.applied_at is None:
            return None
        return run.applied_at + self.slot_s + self._paused_s

    def time_left_s(self) -> float | None:
        """Seconds of broadcast time left in the slot under way (frozen while paused)."""
        end = self.slot_end()
        if end is None:
            return None
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return max(0.0, end - now)

    def outcomes(self) -> list[analysis.SlotOutcome]:
        """The slots that ended, with their measured values (a skipped one has none: the analysis leaves its
        block out)."""
        return [s.outcome(self.values.get(s.index) if s.status == "done" else None) for s in self.slots
                if s.status in ("done", "skipped")]

    # --- the operator's actions -------------------------------------------------------------------------------------
    def begin(self, plan_id: str) -> None:
        """Run the stored plan `plan_id` from its first slot (its first switch due now)."""
        if self.active:
            raise RuntimeError("a plan is already running")
        plan = ab_store.load_plan(self._db(), plan_id)
        self._take(plan_id, plan.spec)
        self._store_status("running")
        self._set_due(self.clock.now(), remind=True)

    def confirm(self) -> StoredSlot | None:
        """The operator switched the room to the next variant: the slot starts at this confirmed time."""
        variant = self.next_variant()
        if self.state not in (DUE, RUNNING) or self.plan_id is None or variant is None:
            return None
        now = self.clock.now()
        planned = self._due_since if self._due_since is not None else (self.slot_end() or now)
        index = self.next_index
        if self.current is not None:
            self._end_current(now)
        try:
            ab_store.record_switch(self._db(), self.plan_id, index, variant, now, self.session_id(),
                                   planned_start=min(planned, now))
        except StorageError as exc:
            self.problem.emit(str(exc))
            return None
        self._reload()
        self.state, self._due_since, self._reminded, self._paused_s = RUNNING, None, False, 0.0
        self._send(variant)
        self.changed.emit()
        return self.current

    def pause(self) -> None:
        if self.state != RUNNING:
            return
        self._paused_at = self.clock.now()
        self.state = PAUSED
        self._store_status("paused")
        self.changed.emit()

    def resume(self) -> None:
        if self.state != PAUSED:
            return
        if self._paused_at is not None:
            self._paused_s += max(0.0, self.clock.now() - self._paused_at)
        self._paused_at = None
        self.state = RUNNING
        self._store_status("running")
        self.changed.emit()

    def skip(self) -> None:
        """The slot under way ends now and is not counted; the next switch is due at once."""
        run = self.current
        if run is None or self.state == PAUSED or self.plan_id is None:
            return
        now = self.clock.now()
        try:
            ab_store.skip_slot(self._db(), self.plan_id, run.index, now)
        except StorageError as exc:
            self.problem.emit(str(exc))
        self._slot_ended()
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
        """The room's info arrives with the first poll: its plan under way (if any) is picked up then."""
        return {RoomInfoChanged: lambda event: self._room_seen(event.info.room_id)}

    def _room_seen(self, room_id: str) -> None:
        if room_id and room_id != self.room_id:
            self.room_id = room_id
            self.restore(room_id)

    def restore(self, room_id: str) -> bool:
        """Pick up the room's plan under way (running or paused) from the database; True when there was one."""
        if self.active or self.db is None:
            return False
        try:
            plan = ab_store.active_plan(self.db, room_id)
        except StorageError as exc:
            self.problem.emit(str(exc))
            return False
        if plan is None:
            return False
        self._take(plan.id, plan.spec)
        now = self.clock.now()
        current = self.current
        if current is not None and current.applied_at is not None \
                and not current.applied_at <= now < current.applied_at + self.slot_s:
            # the console's clock is no longer in the slot (a new demo broadcast clock, or a long break): the slot
            # ends where it was due, measured on what its session recorded, and the next switch is due now
            self._end_current(current.applied_at + self.slot_s)
            current = None
        if current is None:
            if self.next_variant() is None:
                self._finish(DONE)
            else:
                self._set_due(now, remind=True)
        elif plan.status == "paused":
            self.state, self._paused_at = PAUSED, now
        else:
            self.state = RUNNING
        self._measure()  # the slots of earlier sessions, from their recordings
        self.changed.emit()
        return True

    # --- inside -------------------------------------------------------------------------------------------------------
    def _db(self) -> Database:
        if self.db is None:
            raise StorageError("the session database is not open: no plan can run")
        return self.db

    def _reload(self) -> None:
        if self.plan_id is not None:
            try:
                self.slots = ab_store.slots(self._db(), self.plan_id)
            except StorageError as exc:
                self.problem.emit(str(exc))

    def _take(self, plan_id: str, spec: PlanSpec) -> None:
        self.plan_id, self.spec, self.values, self.verdict = plan_id, spec, {}, None
        self._paused_at, self._paused_s, self._due_since, self._reminded = None, 0.0, None, False
        self._reload()

    def _set_due(self, since: float, remind: bool) -> None:
        self.state, self._due_since = DUE, since
        self.changed.emit()
        variant = self.next_variant()
        if remind and not self._reminded and variant is not None:
            self._reminded = True
            self.switch_due.emit(self.next_index, variant)

    def _end_current(self, at: float) -> None:
        run = self.current
        if run is None or self.plan_id is None:
            return
        try:
            ab_store.end_slot(self._db(), self.plan_id, run.index, at)
        except StorageError as exc:
            self.problem.emit(str(exc))
        self._slot_ended()

    def _slot_ended(self) -> None:
        self._paused_at, self._paused_s = None, 0.0
        self._reload()
        self._analyse()
        self._measure()

    def _measure(self) -> None:
        """The plan's outcomes read again in the worker (each done slot's value from its session's recording, the
        recorder wrote every poll already); `_measured` takes them and analyses again."""
        if self.plan_id is not None:
            self._work.submit(self.plan_id, measured_outcomes, self.db_path, self.plan_id)

    def _measured(self, key: object, result: object) -> None:
        if key != self.plan_id or not isinstance(result, list):
            return
        self.values = {o.index: o.value for o in result}
        self._analyse()

    def _analyse(self) -> None:
        if self.spec is None:
            return
        self.verdict = verdict_of(self.spec, self.outcomes())
        self.verdict_changed.emit()

    def _finish(self, state: str) -> None:
        self.state, self._due_since = state, None
        self._store_status(state)
        self._send(None)  # the room runs no variant any more
        self._analyse()
        self.changed.emit()

    def _store_status(self, status: str) -> None:
        if self.plan_id is None:
            return
        try:
            ab_store.set_status(self._db(), self.plan_id, status, at=self.clock.now())
        except StorageError as exc:
            self.problem.emit(str(exc))

    def _send(self, variant: str | None) -> None:
        if self.apply_variant is None:
            return
        task = asyncio.ensure_future(self._apply(variant))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _apply(self, variant: str | None) -> None:
        assert self.apply_variant is not None
        try:
            await self.apply_variant(variant)
        except Exception as exc:  # noqa: BLE001 - the room refused: the operator is told, the switch stays recorded
            log.warning("sending variant %s to the room failed: %s", variant, exc)
            self.problem.emit(str(exc) or type(exc).__name__)
