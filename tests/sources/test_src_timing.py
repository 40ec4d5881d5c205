"""Waiting on the broadcast clock (sources.timing): while the demo room's catch-up clock holds for a room poll, a
waiter (a retry's backoff, a full rate-limit window) looks again every HELD_RECHECK_S real seconds, not every few
real milliseconds, and still goes on as soon as the clock does."""

from __future__ import annotations

import asyncio
import time

import pytest

from dyconsole.commands.demo_clock import demo_room_clock
from dyconsole.core import clock as clock_module
from dyconsole.core.clock import CatchUpClock, ManualClock
from dyconsole.sources.errors import Unavailable
from dyconsole.sources.retry import Backoff, with_retries
from dyconsole.sources.timing import HELD_RECHECK_S, real_wait, sleep_backoff, sleep_broadcast


def test_a_wait_on_a_held_catch_up_looks_again_every_recheck_not_every_few_ms(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock_module, "MAX_HOLD_REAL_S", 0.6)  # the room's poll never comes: the hold gives up
    clock = demo_room_clock(1.0, 600.0)
    assert isinstance(clock, CatchUpClock)
    looks = []
    real_seconds = clock.real_seconds

    def counted(broadcast_seconds: float) -> float:
        looks.append(broadcast_seconds)
        return real_seconds(broadcast_seconds)

    clock.real_seconds = counted  # type: ignore[method-assign]
    clock.resume()
    time.sleep(0.05)  # a step (28 broadcast s) is ~12 real ms at the catch-up's speed: held since
    assert clock.held_real_s() > 0.4
    began, held_at = time.monotonic(), clock.now()
    asyncio.run(sleep_broadcast(clock, 1.0))  # a retry's backoff of 1 broadcast s
    waited = time.monotonic() - began
    assert clock.now() >= held_at + 1.0
    assert 0.5 <= waited < 0.6 + 3 * HELD_RECHECK_S  # until the hold gave up (the clock went on a step)
    assert len(looks) <= 0.6 / HELD_RECHECK_S + 3  # (it looked ~2,000 times before: 1 s at the catch-up's speed)


def test_a_wait_on_a_running_clock_is_its_real_seconds() -> None:
    clock = CatchUpClock(1.0, 600.0, 2401.0)  # a catch-up not paced by polls: never held
    assert real_wait(clock, 2.4) == pytest.approx(2.4 / 2401.0, rel=1e-3)
    assert real_wait(ManualClock(), 5.0) == 0.0  # a test's clock: a turn of the loop


def test_a_room_poll_retrying_during_a_hold_goes_on_at_the_catch_ups_speed() -> None:
    """The hold waits for the room's poll, and that poll may be the one retrying: its backoff (1 s, then 2 s of
    broadcast time) passes at the catch-up's speed in real time, not when the hold gives up (3 real s each)."""
    clock = demo_room_clock(1.0, 600.0)
    assert isinstance(clock, CatchUpClock)
    clock.resume()
    time.sleep(0.05)  # held for the next room poll since
    assert clock.held_real_s() > 1.0
    failures = [Unavailable("no answer within 5 s", endpoint="room"), Unavailable("connection failed", endpoint="room")]

    async def poll() -> str:
        if failures:
            raise failures.pop(0)
        return "sample"

    began = time.monotonic()
    assert asyncio.run(with_retries(poll, clock, Backoff(jitter=0.0))) == "sample"
    assert failures == [] and time.monotonic() - began < 0.5  # (~6 real s before: two holds given up)
    assert clock.held_real_s() > 0  # the clock still held for that poll's answer: nothing else moved it on


def test_a_backoff_on_a_clock_not_held_is_broadcast_time() -> None:
    async def waits_for_the_clock(clock: ManualClock) -> tuple[bool, bool]:
        task = asyncio.ensure_future(sleep_backoff(clock, 5.0))
        for _ in range(20):
            await asyncio.sleep(0)
        before = task.done()
        clock.advance(5.0)
        await asyncio.wait_for(task, 1.0)
        return before, task.done()

    assert asyncio.run(waits_for_the_clock(ManualClock())) == (False, True)  # a test's clock: until it is moved
    running = CatchUpClock(1.0, 600.0, 2401.0)  # a catch-up not paced by polls: its real seconds
    began = time.monotonic()
    asyncio.run(sleep_backoff(running, 2.4))
    assert time.monotonic() - began < 0.2
