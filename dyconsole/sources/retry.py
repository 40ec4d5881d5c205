"""Retries with exponential backoff and jitter, waited on the broadcast clock.

The documented SDK backoff is 1 s, 2 s, 4 s (three retries); each delay is spread by +/- `jitter` so that several
consoles do not hammer a recovering service in step. Only errors marked `retryable` are retried.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar

from dyconsole.core.clock import Clock
from dyconsole.sources.errors import SourceError
from dyconsole.sources.timing import sleep_broadcast

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = 1.0
    factor: float = 2.0
    retries: int = 3
    jitter: float = 0.1  # fraction of each delay, +/-

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Broadcast seconds to wait before retry number `attempt` (0-based)."""
        nominal = self.base_s * self.factor**attempt
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
            await sleep_broadcast(clock, delay)
            attempt += 1
