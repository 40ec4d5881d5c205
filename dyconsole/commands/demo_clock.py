"""Composition-root helper: the demo room's clock and the timing of its opening catch-up (`demo_room_clock`, the
console window's `console_demo_clock`, `DEMO_OPENS_AT_S`, `CATCH_UP_REAL_S`, the window's wait for its end:
`history_polled`), kept apart from the demo room's wiring (commands.demo_wiring: the emulator, httpx) so the window's
first frame can run on this clock without importing them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from dyconsole.core.clock import CatchUpClock, ScaledClock

if TYPE_CHECKING:
    import argparse

#: the console's demo room opens this far into its broadcast, its history polled first (the catch-up), then runs
#: at the chosen speed
DEMO_OPENS_AT_S = 20 * 60.0
#: real seconds the catch-up would take if the room's polls kept up: they do not (each room poll, with the products,
#: traffic, audience and orders polls due with it, takes some real milliseconds: ~5 ms of them is CATCH_UP_STEP_S at
#: this speed), so the catch-up is paced by them (CATCH_UP_STEP_S), as fast as the PC polls, a room sample every
#: CATCH_UP_STEP_S broadcast seconds. (At 1.0 it was a floor: ~12 s steps, twice the polls, and never under a second.
#: The clients' rate limits count on the broadcast clock, from each request's answer: their windows do not grow with
#: this speed, sources.ratelimit)
CATCH_UP_REAL_S = 0.25
#: broadcast seconds the catch-up may run past the room's last poll: the history's room samples are at most this
#: apart however loaded the PC is (commands.catch_up_pace tells the clock each poll's time), so every sample past the
#: first minute has one 30 to 60 s before it: its per-minute rates (core.rates: a window of DEFAULT_WINDOW_S, at
#: least half of it long). As coarse as that allows, with a margin of 2 s (the samples' times are the clock's, which
#: holds at the step exactly): each step is a room poll (and its share of the other kinds), the catch-up's real time
#: (20 minutes: 43 steps; at 25 s, 48)
CATCH_UP_STEP_S = 28.0
#: real seconds at most between the window's looks whether the history is in, or the window closed
HISTORY_LOOK_S = 0.05


def demo_room_clock(speed: float, opens_at_s: float = DEMO_OPENS_AT_S) -> ScaledClock:
    """The console's demo room clock: `opens_at_s` behind, paused until the room is built (resume() then starts
    the catch-up), caught up as fast as the room's history is polled (paced by its polls,
    commands.catch_up_pace.CatchUpPace: CATCH_UP_REAL_S at best, a few real seconds on a loaded PC), then at `speed`.
    `opens_at_s` 0: a plain clock from now."""
    if opens_at_s <= 0:
        return ScaledClock(speed=speed)
    return CatchUpClock(speed, opens_at_s, speed + opens_at_s / CATCH_UP_REAL_S, paused=True,
                        step_s=CATCH_UP_STEP_S)


def console_demo_clock(args: argparse.Namespace) -> tuple[ScaledClock, float]:
    """The console window's demo room clock, and the broadcast seconds of history it polls before the window's clocks
    start: it opens DEMO_OPENS_AT_S into the broadcast (or `args.demo_opens_at_s`), the history polled in a catch-up,
    then runs at --speed. A scripted --scenario opens at its start: its events are timed from there, and it is run to
    watch them happen."""
    default = 0.0 if getattr(args, "scenario", None) else DEMO_OPENS_AT_S
    history_s = float(getattr(args, "demo_opens_at_s", default))
    return demo_room_clock(max(0.01, float(args.speed or 1.0)), history_s), history_s


async def history_polled(clock: CatchUpClock, ending: Callable[[], bool], slack_s: float) -> None:
    """Wait until the catch-up has polled the history, `ending()` (the window closed), or CATCH_UP_REAL_S + `slack_s`
    real seconds passed (a loaded PC polls the same history slower; a room that is not polled at all leaves it held a
    step at a time: then the running catch-up ends level, the rest of the history skipped, CatchUpClock.level, and
    the window's clocks start on the broadcast's present). Looked at again at the catch-up's end as it stands (a hold
    moves it on: CatchUpClock.left_real_s), not up to HISTORY_LOOK_S after it: the window's clocks start, and its
    content shows, as the history is in."""
    import asyncio  # the loop's (this module is the first frame's)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + CATCH_UP_REAL_S + slack_s
    while (clock.paused or clock.catching_up) and loop.time() < deadline and not ending():
        await asyncio.sleep(min(HISTORY_LOOK_S, clock.left_real_s()))
    if not ending() and not clock.paused:
        clock.level()  # waited long enough (a room polled too slowly or not at all): live from now on
