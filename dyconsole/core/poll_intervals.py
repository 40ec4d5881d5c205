"""The kinds of poll the poller runs and their intervals (the settings keep them). Apart from `core.feed` (which
re-exports them), so reading the settings does not import the poll events: the console reads its settings before
its first frame, and polls only after it. No I/O, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

#: the kinds of poll the poller runs, each on its own interval
POLL_KINDS: tuple[str, ...] = ("room", "products", "flow", "audience", "orders")


@dataclass(frozen=True, slots=True)
class PollIntervals:
    """Broadcast seconds between polls of each kind (settings; defaults suit the real APIs' QPS limits)."""

    room: float = 5.0
    products: float = 30.0
    flow: float = 30.0
    audience: float = 120.0
    orders: float = 60.0

    def of(self, kind: str) -> float:
        return float(getattr(self, kind))
