"""A/B run plans as the database keeps them (storage.ab_store fills these; services, UI and the CLI read them): the
plan with its run state (`StoredPlan`) and each slot as it ran (`StoredSlot`), and the words for their states.
Data only."""

from __future__ import annotations

from dataclasses import dataclass

from dyconsole.core.experiments.analysis import SlotOutcome
from dyconsole.core.experiments.plan import PlanSpec

#: a plan's run state
PLAN_STATUSES: tuple[str, ...] = ("draft", "running", "paused", "done", "aborted")
#: a plan that is under way (restored after a console restart)
ACTIVE_STATUSES: tuple[str, ...] = ("running", "paused")
#: a slot's state
SLOT_STATUSES: tuple[str, ...] = ("planned", "running", "done", "skipped")

PLAN_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "Draft"), "running": ("进行中", "Running"), "paused": ("已暂停", "Paused"),
    "done": ("已完成", "Done"), "aborted": ("已中止", "Aborted"),
}
SLOT_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "planned": ("待进行", "Planned"), "running": ("进行中", "Running"), "done": ("已完成", "Done"),
    "skipped": ("已跳过", "Skipped"),
}


def status_label(status: str, lang: str = "zh") -> str:
    """A plan's or a slot's state in words."""
    names = PLAN_STATUS_NAMES.get(status) or SLOT_STATUS_NAMES.get(status)
    return (names[1] if lang.startswith("en") else names[0]) if names else status


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A saved plan: its spec, room, state, and when it was created, started, paused (None: not paused) and ended."""

    id: str
    room_id: str
    spec: PlanSpec
    status: str
    created_at: float
    started_at: float | None = None
    paused_at: float | None = None
    ended_at: float | None = None
    paused_s: float = 0.0  # seconds spent paused so far (a running slot's clock stops while paused)
    notes: str = ""


@dataclass(frozen=True, slots=True)
class StoredSlot:
    """One slot of a plan. `planned_start`: when the runner wanted the switch; `applied_at`: the operator's
    confirmed switch (what the analysis counts from); `late_s`: applied_at - planned_start (0 when on time);
    `value`: the metric after washout once the slot ended (None: not yet or not enough data)."""

    plan_id: str
    index: int
    variant: str
    status: str = "planned"
    planned_start: float | None = None
    applied_at: float | None = None
    ended_at: float | None = None
    late_s: float = 0.0
    session_id: str | None = None
    value: float | None = None

    def outcome(self, value: float | None = None) -> SlotOutcome:
        """The analysis' view of this slot (`value` overrides the stored one, e.g. recomputed from samples)."""
        start = self.applied_at if self.applied_at is not None else (self.planned_start or 0.0)
        return SlotOutcome(self.index, self.variant, self.value if value is None else value, start,
                           self.planned_start if self.planned_start is not None else start, self.late_s)
