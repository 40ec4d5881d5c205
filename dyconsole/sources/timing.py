"""Waiting on the broadcast clock: sleep until broadcast time has moved on, whatever the clock's speed.

The clock says how many real seconds a span of broadcast time takes (`real_seconds`); these helpers sleep that
long and check again, so a speed change, a pause or a jump of the clock is honoured. A `ManualClock` (real_seconds
0) only moves when a test advances it: waiting on it yields to the loop until then.
"""

from __future__ import annotations

import asyncio

from dyconsole.core.clock import Clock


async def sleep_until(clock: Clock, ts: float) -> None:
    """Return once the broadcast clock reads `ts` or later."""
    while True:
        remaining = ts - clock.now()
        if remaining <= 0:
            return
        await asyncio.sleep(clock.real_seconds(remaining))


async def sleep_broadcast(clock: Clock, seconds: float) -> None:
    """Sleep `seconds` of broadcast time."""
    if seconds <= 0:
        await asyncio.sleep(0)
        return
    await sleep_until(clock, clock.now() + seconds)
