"""Retries with exponential backoff and jitter, waited on the broadcast clock (sources.timing.sleep_backoff).

The documented SDK backoff is 1 s, 2 s, 4 s (three retries); each delay is spread by +/- `jitter` so that several
consoles do not hammer a recovering service in step. Only errors marked `retryable` are retried.

`retry_until_connected` is the first connection's policy (the auth-code exchange, the first calls): a transient
fault (no network yet, 5xx, rate limit, an answer that is not JSON) is retried with a capped backoff until it
works, a deadline passes or `stop` is set; a refused authorization or request fails at once.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar

from dyconsole.core.clock import Clock
from dyconsole.sources.errors import BadPayload, SourceError
from dyconsole.sources.timing import sleep_backoff

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = 1.0
    factor: float = 2.0
    retries: int = 3
    jitter: float = 0.1  # fraction of each delay, +/-
    cap_s: float = math.inf  # no delay (before jitter) is longer

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Broadcast seconds to wait before retry number `attempt` (0-based)."""
        nominal = min(self.cap_s, self.base_s * self.factor ** min(attempt, 64))
        if not self.jitter:
            return nominal
        spread = (rng or random).uniform(-self.jitter, self.jitter)
        return nominal * (1.0 + spread)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    clock: Clock,
    backoff: Backoff,
    rng: random.Random | None = None,
    on_retry: Callable[[SourceError, float], None] | None = None,
) -> T:
    """Run `call`; on a retryable `SourceError`, wait and run it again, at most `backoff.retries` more times."""
    attempt = 0
    while True:
        try:
            return await call()
        except SourceError as err:
            if not err.retryable or attempt >= backoff.retries:
                raise
            delay = backoff.delay(attempt, rng)
            if on_retry is not None:
                on_retry(err, delay)
            log.debug("retrying after %s in %.2f s", err, delay)
            await sleep_backoff(clock, delay)
            attempt += 1


#: the first connection: 1, 2, 4 ... s, at most a minute apart (retries are bounded by a deadline or a signal)
CONNECT_BACKOFF = Backoff(base_s=1.0, factor=2.0, retries=0, jitter=0.1, cap_s=60.0)


class StoppedWaiting(Exception):
    """`stop` was set before the connection was made."""


def transient_at_connect(err: SourceError) -> bool:
    """Worth another try at start: what the client retries anyway, and an answer that is not JSON (a proxy's or a
    captive portal's page while the network comes up)."""
    return err.retryable or isinstance(err, BadPayload)


async def _unless_stopped(awaitable: Awaitable[T], stop: asyncio.Event) -> T:
    """`awaitable`'s result; cancelled, and StoppedWaiting raised, as soon as `stop` is set."""
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:
        for pending in (task, stopper):
            pending.cancel()
        await asyncio.gather(task, stopper, return_exceptions=True)
        raise
    if task in done:
        stopper.cancel()
        await asyncio.gather(stopper, return_exceptions=True)
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    raise StoppedWaiting()


async def retry_until_connected(
    connect: Callable[[], Awaitable[T]],
    clock: Clock,
    stop: asyncio.Event,
    *,
    backoff: Backoff = CONNECT_BACKOFF,
    deadline_ts: float | None = None,
    rng: random.Random | None = None,
    on_retry: Callable[[SourceError, float], None] | None = None,
) -> T:
    """Run `connect` until it works. A transient `SourceError` is retried after `backoff.delay(n)` broadcast seconds
    (`on_retry(err, delay)` says so first); any other error, or a transient one when the next try would start after
    `deadline_ts` (broadcast time), is raised. Raises StoppedWaiting as soon as `stop` is set, even mid-attempt."""
    attempt = 0
    while True:
        if stop.is_set():
            raise StoppedWaiting()
        try:
            return await _unless_stopped(connect(), stop)
        except SourceError as err:
            if not transient_at_connect(err):
                raise
            delay = backoff.delay(attempt, rng)
            if deadline_ts is not None and clock.now() + delay > deadline_ts:
                raise
            if on_retry is not None:
                on_retry(err, delay)
            await _unless_stopped(sleep_backoff(clock, delay), stop)
            attempt += 1
