"""Waiting on the broadcast clock: sleep until broadcast time has moved on, whatever the clock's speed.

The clock says how many real seconds a span of broadcast time takes (`real_seconds`); these helpers sleep that
long and check again, so a speed change, a pause or a jump of the clock is honoured. A `ManualClock` (real_seconds
0) only moves when a test advances it: waiting on it yields to the loop until then. While the demo room's catch-up
clock holds for a room poll (core.clock.CatchUpClock.held_real_s) its time does not pass: a waiter looks again every
HELD_RECHECK_S real seconds then (`real_wait`), not every few real ms (the time left at the catch-up's speed: a
full rate-limit window during a hold, thousands of turns of the UI thread's loop until the hold ended). A retry's
backoff during a hold is waited at the catch-up's speed instead (`sleep_backoff`): the retrying poll may be the one
the hold waits for.
"""

from __future__ import annotations

import asyncio

from dyconsole.core.clock import Clock, held_for_poll_s

#: real seconds between a waiter's looks while a catch-up clock holds for a room poll (it goes on once that poll is in)
HELD_RECHECK_S = 0.05


def real_wait(clock: Clock, broadcast_seconds: float) -> float:
    """Real seconds to wait before looking again whether `broadcast_seconds` of broadcast time have passed: the
    clock's `real_seconds`, or HELD_RECHECK_S (at most the hold left) while a catch-up clock holds."""
    return max(clock.real_seconds(broadcast_seconds), min(held_for_poll_s(clock), HELD_RECHECK_S))


async def sleep_until(clock: Clock, ts: float) -> None:
    """Return once the broadcast clock reads `ts` or later."""
    while True:
        remaining = ts - clock.now()
        if remaining <= 0:
            return
        await asyncio.sleep(real_wait(clock, remaining))


async def sleep_broadcast(clock: Clock, seconds: float) -> None:
    """Sleep `seconds` of broadcast time."""
    if seconds <= 0:
        await asyncio.sleep(0)
        return
    await sleep_until(clock, clock.now() + seconds)


async def sleep_backoff(clock: Clock, seconds: float) -> None:
    """A retry's backoff of `seconds` of broadcast time. While a catch-up clock holds for a room poll, that poll may
    be the one retrying: the held time would not pass until the hold gave up (MAX_HOLD_REAL_S, and a step of the
    history lost), so the backoff is waited in real time as long as it takes at the catch-up's speed (~0.2 real ms a
    broadcast second at the demo room's), the way it would pass had the clock run on."""
    if seconds > 0 and held_for_poll_s(clock) > 0:
        await asyncio.sleep(clock.real_seconds(seconds))
        return
    await sleep_broadcast(clock, seconds)
