"""Client-side rate limiting per endpoint, counted on the broadcast clock (as the emulator counts it).

A limit of `qps` means: in any window of one broadcast second, at most floor(qps) requests to that endpoint are
sent (a qps below 1 means one request per 1/qps seconds). A safety margin widens the window so that the delay
between taking a slot and the request reaching the server (a few real milliseconds, many broadcast ones on an
accelerated clock) cannot squeeze two windows' requests into one there: max(5 % of the window, 20 ms real).
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from typing import Mapping

from dyconsole.core.clock import Clock
from dyconsole.sources.timing import sleep_until

DEFAULT_QPS = 3.0
WINDOW_MARGIN = 0.05
REAL_MARGIN_S = 0.02


class RateLimiter:
    """`await acquire(endpoint)` returns when one more request to `endpoint` fits its limit, and records it."""

    def __init__(
        self,
        clock: Clock,
        default_qps: float = DEFAULT_QPS,
        per_endpoint: Mapping[str, float] | None = None,
        margin: float = WINDOW_MARGIN,
        real_margin_s: float = REAL_MARGIN_S,
    ) -> None:
        if default_qps <= 0 or any(q <= 0 for q in (per_endpoint or {}).values()):
            raise ValueError("a QPS limit must be > 0")
        self._clock = clock
        self.default_qps = float(default_qps)
        self.per_endpoint: dict[str, float] = dict(per_endpoint or {})
        self._margin = margin
        self._real_margin_s = real_margin_s
        self._sent: dict[str, deque[float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def qps(self, endpoint: str) -> float:
        """The limit of `endpoint`; a setting may name it as the client does ("today_live/room/get/") or short
        ("room/get", as the emulator's QPS table does)."""
        short = endpoint.removeprefix("today_live/").strip("/")
        return self.per_endpoint.get(endpoint, self.per_endpoint.get(short, self.default_qps))

    def _budget(self, endpoint: str) -> tuple[int, float]:
        """(requests allowed, per window of this many broadcast seconds)."""
        q = self.qps(endpoint)
        count, window = (math.floor(q), 1.0) if q >= 1 else (1, 1.0 / q)
        return count, window + max(window * self._margin, self._clock.speed * self._real_margin_s)

    async def acquire(self, endpoint: str) -> float:
        """Wait for a free slot; returns the broadcast time the slot was taken."""
        lock = self._locks.setdefault(endpoint, asyncio.Lock())
        async with lock:
            count, window = self._budget(endpoint)
            sent = self._sent.setdefault(endpoint, deque())
            while True:
                now = self._clock.now()
                while sent and sent[0] <= now - window:
                    sent.popleft()
                if len(sent) < count:
                    sent.append(now)
                    return now
                await sleep_until(self._clock, sent[0] + window)
