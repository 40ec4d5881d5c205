"""The console window's wait for the demo room's history (commands.demo_clock.history_polled): it ends with the
catch-up, or once it has waited CATCH_UP_REAL_S plus its slack: then the catch-up ends level (a room polled too
slowly, or not at all, which holds the catch-up a step at a time), so the window's clocks start on the present."""

from __future__ import annotations

import asyncio
import time

import pytest

from dyconsole.commands.demo_clock import CATCH_UP_REAL_S, demo_room_clock, history_polled
from dyconsole.core.clock import CatchUpClock


def test_a_room_never_polled_is_waited_for_its_slack_then_the_broadcast_is_live() -> None:
    clock = demo_room_clock(1.0, 600.0)
    assert isinstance(clock, CatchUpClock)
    clock.resume()  # the room is built, but none of its polls comes
    began = time.monotonic()
    asyncio.run(history_polled(clock, lambda: False, slack_s=0.3))
    waited = time.monotonic() - began
    assert CATCH_UP_REAL_S + 0.3 <= waited < CATCH_UP_REAL_S + 2.0
    assert not clock.catching_up and clock.speed == 1.0
    assert clock.now() == pytest.approx(time.time(), abs=0.05)  # the present, not a step or two into the history


def test_a_history_polled_in_time_is_not_cut_short() -> None:
    clock = demo_room_clock(1.0, 60.0)
    assert isinstance(clock, CatchUpClock)
    clock.resume()

    async def room() -> None:  # a room polled as fast as the clock allows
        while clock.catching_up:
            clock.polled()
            await asyncio.sleep(0.001)

    async def both() -> None:
        polls = asyncio.ensure_future(room())
        await history_polled(clock, lambda: False, slack_s=5.0)
        await polls

    began = time.monotonic()
    asyncio.run(both())
    assert time.monotonic() - began < 5.0 and not clock.catching_up
    assert clock.now() == pytest.approx(time.time(), abs=0.05)


def test_a_closed_window_stops_the_wait_and_leaves_the_clock() -> None:
    clock = demo_room_clock(1.0, 600.0)
    assert isinstance(clock, CatchUpClock)
    clock.resume()
    asyncio.run(history_polled(clock, lambda: True, slack_s=5.0))
    assert clock.catching_up  # closing: nothing changed
