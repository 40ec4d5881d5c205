"""Settling due sessions in the background when the console opens: one asyncio task on the Qt thread's loop
(qasync; the fetch is network I/O that waits, not CPU), settling the due sessions one after another through the
composition root's `settle` (commands.settle.settle_one: the Doudian client keeps within the QPS). What was
settled, and what could not be, is signalled; an interrupted settle continues on the next start."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundSettle(QObject):
    settled = Signal(str, object)  # session id, core.roi.Roi7d
    problem = Signal(str)  # a session could not be settled now: why (its progress is kept)
    finished = Signal()

    def __init__(self, due: Callable[[], list[str]], settle: Callable[[str], Awaitable[Any]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._due = due
        self._settle = settle
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if not self.running:
            self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        try:
            due = self._due()
        except Exception as exc:  # noqa: BLE001 - the database could not be read: say so, settle nothing
            self.problem.emit(str(exc))
            due = []
        for session_id in due:
            try:
                roi = await self._settle(session_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - one session's failure never stops the others
                log.warning("session %s not settled: %s", session_id, exc)
                self.problem.emit(f"{session_id}: {exc}")
                continue
            log.info("session %s settled", session_id)
            self.settled.emit(session_id, roi)
        self.finished.emit()

    async def stop(self) -> None:
        """Cancel a settle in flight (what it stored stays: the next start continues) and wait for it."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
