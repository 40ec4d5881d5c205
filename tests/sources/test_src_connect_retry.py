"""`retry_until_connected`, the first connection's policy, on virtual time: transient faults retried with a growing,
capped backoff until it works; a refused authorization or request raised at once; a deadline and a stop honoured
(the stop even in the middle of an attempt)."""

from __future__ import annotations

import asyncio
import random
from typing import Any, Awaitable, Callable

import pytest

from dyconsole.core.clock import ScaledClock
from dyconsole.sources.errors import AuthFailed, BadPayload, BadRequest, RateLimited, SourceError, Unavailable
from dyconsole.sources.retry import CONNECT_BACKOFF, Backoff, StoppedWaiting, retry_until_connected
from tests.support.virtual_time import VirtualTimeLoop

T0 = 1_700_000_000.0


def on_virtual_time(main: Callable[[ScaledClock], Awaitable[Any]]) -> Any:
    loop = VirtualTimeLoop(100.0)

    async def run() -> Any:
        clock = ScaledClock(speed=1.0, start=T0, monotonic=asyncio.get_running_loop().time)
        return await main(clock)

    try:
        return loop.run_until_complete(run())
    finally:
        loop.close()


class Flaky:
    """Fails with `errors` in turn, then answers "connected"; records the broadcast time of each attempt."""

    def __init__(self, clock: ScaledClock, errors: list[SourceError], hang_s: float = 0.0) -> None:
        self.clock, self.errors, self.hang_s = clock, list(errors), hang_s
        self.attempts: list[float] = []
        self.cancelled = 0

    async def __call__(self) -> str:
        self.attempts.append(self.clock.now())
        try:
            if self.hang_s:
                await asyncio.sleep(self.hang_s)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        if self.errors:
            raise self.errors.pop(0)
        return "connected"


def test_transient_faults_are_retried_with_a_growing_capped_backoff_until_connected() -> None:
    transient = [Unavailable("connection refused"), RateLimited("slow down"), BadPayload("a proxy page")] * 4

    async def main(clock: ScaledClock) -> tuple[str, Flaky, list[float]]:
        flaky = Flaky(clock, transient)
        delays: list[float] = []
        backoff = Backoff(base_s=1.0, factor=2.0, retries=0, jitter=0.0, cap_s=60.0)
        result = await retry_until_connected(flaky, clock, asyncio.Event(), backoff=backoff,
                                             on_retry=lambda err, d: delays.append(d))
        return result, flaky, delays

    result, flaky, delays = on_virtual_time(main)
    assert result == "connected" and len(flaky.attempts) == 13
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60]
    waited = [b - a for a, b in zip(flaky.attempts, flaky.attempts[1:])]
    assert waited == pytest.approx(delays, abs=0.01)  # waited on the broadcast clock


def test_the_default_connect_backoff_spreads_and_caps_its_delays() -> None:
    rng = random.Random(7)
    delays = [CONNECT_BACKOFF.delay(n, rng) for n in range(12)]
    assert 0.9 <= delays[0] <= 1.1 and 3.6 <= delays[2] <= 4.4
    assert all(54.0 <= d <= 66.0 for d in delays[6:])
    assert len({round(d, 6) for d in delays[6:]}) > 1  # jittered, not in step with other consoles


@pytest.mark.parametrize("error", [AuthFailed("authorize again"), BadRequest("bad parameter")])
def test_a_refused_authorization_or_request_fails_at_once(error: SourceError) -> None:
    async def main(clock: ScaledClock) -> Flaky:
        flaky = Flaky(clock, [Unavailable("not yet"), error])
        with pytest.raises(type(error)):
            await retry_until_connected(flaky, clock, asyncio.Event())
        return flaky

    flaky = on_virtual_time(main)
    assert len(flaky.attempts) == 2  # the transient fault retried once, the refusal not at all


def test_transient_faults_are_raised_once_the_next_try_would_pass_the_deadline() -> None:
    async def main(clock: ScaledClock) -> tuple[Flaky, float]:
        flaky = Flaky(clock, [Unavailable("down")] * 100)
        with pytest.raises(Unavailable):
            await retry_until_connected(flaky, clock, asyncio.Event(), deadline_ts=T0 + 30)
        return flaky, clock.now()

    flaky, ended = on_virtual_time(main)
    assert ended <= T0 + 30 and flaky.attempts[-1] <= T0 + 30
    assert 4 <= len(flaky.attempts) <= 6  # about 1, 2, 4, 8 s apart: not a busy loop


def test_a_stop_ends_the_wait_between_tries_and_cancels_an_attempt_in_flight() -> None:
    async def stopped_between(clock: ScaledClock) -> tuple[Flaky, float]:
        stop = asyncio.Event()
        flaky = Flaky(clock, [Unavailable("down")] * 100)
        asyncio.get_running_loop().call_later(10.0, stop.set)
        with pytest.raises(StoppedWaiting):
            await retry_until_connected(flaky, clock, stop)
        return flaky, clock.now()

    flaky, ended = on_virtual_time(stopped_between)
    assert ended == pytest.approx(T0 + 10.0, abs=0.01) and flaky.cancelled == 0

    async def stopped_during(clock: ScaledClock) -> tuple[Flaky, float]:
        stop = asyncio.Event()
        flaky = Flaky(clock, [], hang_s=300.0)  # an attempt the network holds for 5 minutes
        asyncio.get_running_loop().call_later(2.0, stop.set)
        with pytest.raises(StoppedWaiting):
            await retry_until_connected(flaky, clock, stop)
        return flaky, clock.now()

    flaky, ended = on_virtual_time(stopped_during)
    assert ended == pytest.approx(T0 + 2.0, abs=0.01) and flaky.cancelled == 1

    async def stopped_before(clock: ScaledClock) -> Flaky:
        stop = asyncio.Event()
        stop.set()
        flaky = Flaky(clock, [])
        with pytest.raises(StoppedWaiting):
            await retry_until_connected(flaky, clock, stop)
        return flaky

    assert on_virtual_time(stopped_before).attempts == []
