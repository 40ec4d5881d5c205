"""An asyncio event loop on virtual time, for driving the real poller and clients against the in-process demo
room deterministically and fast: whenever every task is waiting, the loop jumps straight to the next timer
instead of sleeping. Works because the in-process emulator (httpx.ASGITransport) does no real I/O.
"""

from __future__ import annotations

import asyncio
import selectors
from typing import Any


class _InstantSelector(selectors.DefaultSelector):
    """Never blocks: a wait of `timeout` moves the owning loop's virtual time forward instead."""

    loop: "VirtualTimeLoop"

    def select(self, timeout: float | None = None) -> list[Any]:
        ready = super().select(0)
        if not ready:
            if timeout is None:
                raise RuntimeError("virtual-time loop: nothing scheduled and nothing to wait for (deadlock)")
            self.loop.advance(timeout)
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self, start: float = 0.0) -> None:
        selector = _InstantSelector()
        self._virtual_now = float(start)
        super().__init__(selector)
        selector.loop = self

    def time(self) -> float:
        return self._virtual_now

    def advance(self, seconds: float) -> None:
        self._virtual_now += max(0.0, seconds)


def run_virtual(coro: Any, start: float = 0.0) -> Any:
    loop = VirtualTimeLoop(start)
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()
