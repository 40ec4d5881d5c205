"""Composition-root helper: the 7-day ROI in the console window. The live projection (a poll listener on the
room's settled history in the session database) and its tile beside the GMV/cost ROI; the demo room's plan
written into the session it records (so the session can be rebuilt and settled like a `record`ed one); and the
background settling of the due sessions when the console opens (commands.settle.settle_one on the recorder's
database, one session after another on the Qt thread's asyncio loop).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from dyconsole.core.feed import PollHandlers, PollFanOut, RoomInfoChanged, RoomPolled
from dyconsole.services.settlement.background import BackgroundSettle
from dyconsole.services.settlement.projection import Roi7Projection
from dyconsole.storage import settlements
from dyconsole.ui.roi.live_tile import attach_roi7_tile
from dyconsole.ui.main_window import MainWindow


class DemoPlanNote:
    """Writes the demo room's plan (commands.demo_wiring.DemoPlan, as `plan()` gives it once the room is built)
    into each session the console records from it, once."""

    def __init__(self, recorder: Any, plan: Callable[[], Any]) -> None:
        self.recorder = recorder
        self.plan = plan
        self._noted: str | None = None

    def poll_handlers(self) -> PollHandlers:
        return {RoomInfoChanged: self._check, RoomPolled: self._check}

    def _check(self, _event: object) -> None:
        from dyconsole.commands.record import DEMO_EVENT

        sid = self.recorder.session_id if self.recorder.recording else None
        plan = self.plan()
        if sid is not None and sid != self._noted and plan is not None:
            self.recorder.add_event(DEMO_EVENT, plan.as_event())
            self._noted = sid


@dataclass
class Roi7Parts:
    projection: Roi7Projection
    background: BackgroundSettle | None  # None: nothing recorded, nothing to settle


def attach_roi7(window: MainWindow, polls: PollFanOut, recorder: Any, lang: str,
                demo_plan: Callable[[], Any] | None) -> Roi7Parts:
    """The projection and its tile; with a recorder, the demo plan note (demo mode) and the background settle."""
    db = recorder.db if recorder is not None else None
    projection = Roi7Projection((lambda room: settlements.room_factors(db, room)) if db is not None else None)
    polls.add(projection)
    attach_roi7_tile(window, projection, lang)
    if recorder is None:
        return Roi7Parts(projection, None)
    if demo_plan is not None:
        polls.add(DemoPlanNote(recorder, demo_plan))
    from dyconsole.commands.settle import due_sessions, settle_one

    live = recorder.session_id  # never the session being recorded

    def due() -> list[str]:
        return [s for s in due_sessions(db) if s != (recorder.session_id or live)]

    background = BackgroundSettle(due, lambda sid: settle_one(db, sid))
    background.problem.connect(lambda text: window.show_problem(text))
    return Roi7Parts(projection, background)
