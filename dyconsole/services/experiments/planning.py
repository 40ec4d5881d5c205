"""Planning an A/B test (QtCore only): the stored plans of the room (ab_store) and the planner's power figures.

`PlanBook.ask_power(...)` computes, off the UI thread (BackgroundWork), how the plan's metric varies between slots
of the room's own recorded sessions (services.experiments.history.room_slot_noise) and from it
(core.experiments.power) the slots a given effect needs and the smallest effect the plan's slots can detect;
`power_ready(PowerFigures)` brings the answer of the latest question (an older one that arrives late is dropped).
`save(spec)` stores a plan that passes core.experiments.plan.validate (else raises PlanRefused with the problems).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from dyconsole.core.experiments.plan import PlanSpec, Problem, validate
from dyconsole.core.experiments.power import detectable_effect, slots_needed
from dyconsole.core.experiments.records import StoredPlan
from dyconsole.services.background import BackgroundWork
from dyconsole.services.experiments.history import SlotNoise, room_slot_noise
from dyconsole.storage import ab_store
from dyconsole.storage.errors import StorageError


__all__ = ["PlanBook", "PlanRefused", "PowerFigures", "StorageError", "power_figures"]


class PlanRefused(ValueError):
    """The plan did not pass validation: `problems` name the fields."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class PowerFigures:
    """The power panel's answer: the room's slot noise, the slots `effect` needs (None without noise or effect),
    and the smallest relative effect `n_slots` detect (None without noise)."""

    history: SlotNoise
    effect: float | None
    needed: int | None
    n_slots: int
    detectable: float | None

    @property
    def enough_history(self) -> bool:
        return self.history.noise is not None


def power_figures(path: Path | str | None, room_id: str | None, metric: str, slot_minutes: float,
                  washout_minutes: float, n_slots: int, effect: float | None) -> PowerFigures:
    """The power panel's figures (reads the database: run it in a worker)."""
    history = room_slot_noise(path, room_id, metric, slot_minutes, washout_minutes)
    needed: int | None = None
    detectable: float | None = None
    if history.noise is not None:
        if effect is not None and effect > -1 and effect != 0:
            needed = slots_needed(effect, history.noise)
        found = detectable_effect(n_slots, history.noise)
        detectable = found if math.isfinite(found) else None
    return PowerFigures(history, effect, needed, n_slots, detectable)


class PlanBook(QObject):
    power_ready = Signal(object)  # PowerFigures of the latest question
    power_failed = Signal(str)  # reading the history failed: the message
    plans_changed = Signal()  # a plan was stored

    def __init__(self, db: Database | None, db_path: Path | str | None, room_id: Callable[[], str | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.db_path = db_path
        self.room_id = room_id
        self._asked = 0
        self._work = BackgroundWork("ab-power", parent=self)
        self._work.finished.connect(self._answered)
        self._work.failed.connect(self._failed)

    def plans(self) -> list[StoredPlan]:
        """The stored plans, newest first (every room's: a plan may be planned before the room is on)."""
        if self.db is None:
            return []
        return ab_store.list_plans(self.db)

    def save(self, spec: PlanSpec) -> str:
        """Store `spec` for the room being watched; returns the plan id. Raises PlanRefused, StorageError."""
        problems = validate(spec)
        if problems:
            raise PlanRefused(problems)
        if self.db is None:
            raise StorageError("the session database is not open: the plan cannot be stored")
        plan_id = ab_store.save_plan(self.db, spec, self.room_id() or "")
        self.plans_changed.emit()
        return plan_id

    def ask_power(self, metric: str, slot_minutes: float, washout_minutes: float, n_slots: int,
                  effect: float | None) -> int:
        """Compute the power figures in the worker; returns the question's number (`power_ready` answers it)."""
        self._asked += 1
        self._work.submit(self._asked, power_figures, self.db_path, self.room_id(), metric, slot_minutes,
                          washout_minutes, n_slots, effect)
        return self._asked

    def _answered(self, key: object, result: object) -> None:
        if key == self._asked and isinstance(result, PowerFigures):
            self.power_ready.emit(result)

    def _failed(self, key: object, message: str) -> None:
        if key == self._asked:
            self.power_failed.emit(message)

    def shutdown(self) -> None:
        self._work.shutdown()
