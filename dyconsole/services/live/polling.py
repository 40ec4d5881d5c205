"""Watching a room: the poller task's lifecycle.

A `PollingTask` runs one poller (`sources.poller.Poller`, or anything with `async run()` and `stop()`) as an
asyncio task on the Qt thread (qasync), and says when it ends and why. The polls reach their listeners (the live
feed, the recorder, the alert monitor) through one `core.feed.PollFanOut`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Runnable(Protocol):
    async def run(self) -> Any: ...

    def stop(self) -> None: ...


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
