"""Composition-root helper: the demo room's clock and the timing of its opening catch-up (`demo_room_clock`,
`DEMO_OPENS_AT_S`, `CATCH_UP_REAL_S`), kept apart from the demo room's wiring (commands.demo_wiring: the emulator,
httpx) so the window's first frame can run on this clock without importing them."""

from __future__ import annotations

from dyconsole.core.clock import CatchUpClock, ScaledClock

#: the console's demo room opens this far into its broadcast, its history polled first (the catch-up), then runs
#: at the chosen speed
DEMO_OPENS_AT_S = 20 * 60.0
#: real seconds the catch-up takes: the in-process room answers ~20 polls a real second, so 20 minutes in 5 s is a
#: room poll every ~10 broadcast seconds (a faster catch-up spaces them beyond the 60 s rate windows)
CATCH_UP_REAL_S = 5.0
#: broadcast seconds the catch-up may run past the room's last poll: the history's room samples are at most twice
#: this apart however loaded the PC is, inside the 60 s windows of the per-minute rates (an idle PC is not held)
CATCH_UP_STEP_S = 15.0


def demo_room_clock(speed: float, opens_at_s: float = DEMO_OPENS_AT_S) -> ScaledClock:
    """The console's demo room clock: `opens_at_s` behind, paused until the room is built (resume() then starts
    the catch-up), caught up in CATCH_UP_REAL_S on an idle PC (longer on a loaded one: it is paced by the room's
    polls, commands.demo_wiring.CatchUpPace), then at `speed`. `opens_at_s` 0: a plain clock from now."""
    if opens_at_s <= 0:
        return ScaledClock(speed=speed)
    return CatchUpClock(speed, opens_at_s, speed + opens_at_s / CATCH_UP_REAL_S, paused=True,
                        step_s=CATCH_UP_STEP_S)
