"""Client-side rate limiting per endpoint, counted on the broadcast clock (as the emulator counts it).

A limit of `qps` means: in any window of one broadcast second, at most floor(qps) requests to that endpoint reach
the server (a qps below 1 means one request per 1/qps seconds). A request sent through `sending()` holds its slot
until its answer came back and counts from then: it reached the server between its slot and its answer, so a request
sent a window after the answers of the ones before it cannot reach the server within a window of them, however long
the way there took (a few real milliseconds, many broadcast seconds on an accelerated clock) and whatever the clock's
speed. A margin of WINDOW_MARGIN of the window covers the clock's rounding.

(It used to count from the slot, with a margin of 20 real ms converted at the clock's speed: ~96 broadcast s at the
demo room's catch-up speeds, one room poll per endpoint slot every ~32 broadcast s, while the catch-up clock waited
for a room poll every 25 s before going on: each waited for the other, MAX_HOLD_REAL_S at a time.)
"""

from __future__ import annotations

import asyncio
import bisect
import math
from contextlib import asynccontextmanager
from typing import AsyncIterator, Mapping

from dyconsole.core.clock import Clock
from dyconsole.sources.timing import real_wait

DEFAULT_QPS = 3.0
WINDOW_MARGIN = 0.05


class RateLimiter:
    """`async with sending(endpoint)` holds a slot of `endpoint`'s limit while one request is sent and answered;
    `await acquire(endpoint)` takes one for a request answered at once."""

    def __init__(
        self,
        clock: Clock,
        default_qps: float = DEFAULT_QPS,
        per_endpoint: Mapping[str, float] | None = None,
        margin: float = WINDOW_MARGIN,
    ) -> None:
        if default_qps <= 0 or any(q <= 0 for q in (per_endpoint or {}).values()):
            raise ValueError("a QPS limit must be > 0")
        self._clock = clock
        self.default_qps = float(default_qps)
        self.per_endpoint: dict[str, float] = dict(per_endpoint or {})
        self._margin = margin
        self._answered: dict[str, list[float]] = {}  # broadcast times the answers came, in order
        self._in_flight: dict[str, int] = {}
        self._answer: dict[str, asyncio.Event] = {}  # set when one of the endpoint's requests is answered
        self._locks: dict[str, asyncio.Lock] = {}
        self.waited: dict[str, int] = {}  # requests that found their endpoint's budget full and waited, by endpoint

    def qps(self, endpoint: str) -> float:
        """The limit of `endpoint`; a setting may name it as the client does ("today_live/room/get/") or short
        ("room/get", as the emulator's QPS table does)."""
        short = endpoint.removeprefix("today_live/").strip("/")
        return self.per_endpoint.get(endpoint, self.per_endpoint.get(short, self.default_qps))

    def _budget(self, endpoint: str) -> tuple[int, float]:
        """(requests allowed, per window of this many broadcast seconds)."""
        q = self.qps(endpoint)
        count, window = (math.floor(q), 1.0) if q >= 1 else (1, 1.0 / q)
        return count, window * (1.0 + self._margin)

    async def acquire(self, endpoint: str) -> float:
        """Wait for a free slot for a request answered at once; returns the broadcast time the slot was taken."""
        at = await self._take(endpoint)
        self._done(endpoint)
        return at

    @asynccontextmanager
    async def sending(self, endpoint: str) -> AsyncIterator[float]:
        """Wait for a free slot and hold it while the request is sent and answered (or fails); yields the broadcast
        time the slot was taken."""
        at = await self._take(endpoint)
        try:
            yield at
        finally:
            self._done(endpoint)

    async def _take(self, endpoint: str) -> float:
        lock = self._locks.setdefault(endpoint, asyncio.Lock())
        async with lock:
            count, window = self._budget(endpoint)
            answered = self._answered.setdefault(endpoint, [])
            waiting = False
            while True:
                now = self._clock.now()
                del answered[:bisect.bisect_right(answered, now - window)]
                if len(answered) + self._in_flight.get(endpoint, 0) < count:
                    self._in_flight[endpoint] = self._in_flight.get(endpoint, 0) + 1
                    return now
                # full: wait for the oldest answer's window to pass, or for a request in flight to be answered
                if not waiting:
                    waiting = True
                    self.waited[endpoint] = self.waited.get(endpoint, 0) + 1
                answer = self._answer[endpoint] = asyncio.Event()
                timeout = real_wait(self._clock, answered[0] + window - now) if answered else None
                if timeout is not None and timeout <= 0:  # a clock moved by tests only: a turn of the loop
                    await asyncio.sleep(0)
                    continue
                try:
                    await asyncio.wait_for(answer.wait(), timeout)
                except asyncio.TimeoutError:
                    pass

    def _done(self, endpoint: str) -> None:
        """One of `endpoint`'s requests was answered (or failed) now: its slot counts from now."""
        self._in_flight[endpoint] -= 1
        bisect.insort(self._answered.setdefault(endpoint, []), self._clock.now())
        answer = self._answer.pop(endpoint, None)
        if answer is not None:
            answer.set()
