"""Composition-root helper: `CatchUpPace`, the poll listener that paces the demo room's catch-up clock (its history),
kept apart from the demo room's wiring (commands.demo_wiring: the emulator, httpx) so the console is built around it
without importing them (they are imported on a thread of their own meanwhile:
commands.demo_room.DemoRoomParts.import_ahead), and from its clock (commands.demo_clock: the first frame's, which needs
no poll events)."""

from __future__ import annotations

from dyconsole.core.clock import CatchUpClock
from dyconsole.core.feed import Gap, PollHandlers, RoomPolled


class CatchUpPace:
    """A poll listener telling a paced catch-up clock of every room poll (a sample or a gap) and its time, so its
    history is polled a step at a time (room samples at most a step apart), not as fast as the real seconds go."""

    def __init__(self, clock: CatchUpClock) -> None:
        self.clock = clock

    def poll_handlers(self) -> PollHandlers:
        return {RoomPolled: lambda event: self.clock.polled(event.sample.ts), Gap: self._gap}

    def _gap(self, gap: Gap) -> None:
        if gap.kind == "room":
            self.clock.polled(gap.ts)
