"""Watching a room: the poller task's lifecycle and the fan-out of every poll to its receivers.

A `PollingTask` runs one poller (`sources.poller.Poller`, or anything with `async run()` and `stop()`) as an
asyncio task on the Qt thread (qasync), and says when it ends and why. `FanOut` is a `core.feed.PollSink` that
hands each poll to several sinks in order (the live feed for the window, the recorder for the session cache): a
sink that raises is logged and does not stop the others, so a storage problem never blanks the live view.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol, Sequence

from PySide6.QtCore import QObject, Signal

from dyconsole.core.feed import Gap, PollSink
from dyconsole.core.model import AudienceSample, FlowSample, OrderRecord, ProductSample, RoomInfo, RoomSample, SourceHealth

log = logging.getLogger(__name__)


class Runnable(Protocol):
    async def run(self) -> Any: ...

    def stop(self) -> None: ...


class FanOut:
    """One PollSink in front of many; each call reaches every sink even if an earlier one fails."""

    def __init__(self, sinks: Sequence[PollSink]) -> None:
        self.sinks = list(sinks)
        self.errors = 0

    def _each(self, method: str, *args: Any) -> None:
        for sink in self.sinks:
            try:
                getattr(sink, method)(*args)
            except Exception:  # noqa: BLE001 - one receiver's failure must not starve the others
                self.errors += 1
                log.exception("%s.%s failed", type(sink).__name__, method)

    def on_room_info(self, info: RoomInfo) -> None:
        self._each("on_room_info", info)

    def on_room(self, sample: RoomSample) -> None:
        self._each("on_room", sample)

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None:
        self._each("on_products", ts, products)

    def on_flow(self, sample: FlowSample) -> None:
        self._each("on_flow", sample)

    def on_audience(self, sample: AudienceSample) -> None:
        self._each("on_audience", sample)

    def on_orders(self, ts: float, orders: Sequence[OrderRecord]) -> None:
        self._each("on_orders", ts, orders)

    def on_gap(self, gap: Gap) -> None:
        self._each("on_gap", gap)

    def on_health(self, health: SourceHealth) -> None:
        self._each("on_health", health)


class PollingTask(QObject):
    """Owns the poller task: `start()`, `await stop()`; `finished(message)` when it ends ("" when it ended well)."""

    finished = Signal(str)

    def __init__(self, poller: Runnable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.poller = poller
        self._task: asyncio.Task[Any] | None = None
        self.error: str = ""

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.running:
            return
        self._task = asyncio.ensure_future(self.poller.run())
        self._task.add_done_callback(self._done)

    async def stop(self) -> None:
        """Ask the poller to stop and wait for its task (cancelling it if it does not end promptly)."""
        task = self._task
        if task is None or task.done():
            return
        self.poller.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=2.0)
        except asyncio.TimeoutError:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        except Exception:  # noqa: BLE001 - reported through _done
            pass

    def _done(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            self.error = ""
        elif task.exception() is not None:
            exc = task.exception()
            self.error = f"{type(exc).__name__}: {exc}"
            log.error("the poller stopped on an error: %s", self.error)
        self.finished.emit(self.error)
