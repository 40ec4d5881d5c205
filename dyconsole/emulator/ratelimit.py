"""Per-endpoint QPS limits of the emulator, measured on the broadcast clock.

The real services limit queries per second per app and endpoint; the client rate-limits itself on the broadcast
clock too, so an accelerated demo stays consistent: N requests per broadcast second, whatever the speed.
"""

from __future__ import annotations

from collections import deque
from typing import Mapping

#: default queries per broadcast second, per endpoint (the real figures are unconfirmed: settings)
DEFAULT_QPS = 10.0
WINDOW_S = 1.0


class QpsLimiter:
    """A sliding one-second window per endpoint key: `allow(key, now)` says whether one more request fits."""

    def __init__(self, limits: Mapping[str, float] | None = None, default_qps: float = DEFAULT_QPS) -> None:
        self.limits: dict[str, float] = dict(limits or {})
        self.default_qps = default_qps
        self._hits: dict[str, deque[float]] = {}

    def limit(self, key: str) -> float:
        return self.limits.get(key, self.default_qps)

    def allow(self, key: str, now: float) -> bool:
        """Record and allow the request, or refuse it (not recorded) when the window is full."""
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - WINDOW_S:
            hits.popleft()
        if len(hits) >= self.limit(key):
            return False
        hits.append(now)
        return True
