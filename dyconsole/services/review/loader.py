"""Opening a recorded session for review off the UI thread: `ReviewLoader`, the thin Qt adapter around
storage.recorded_session.load_review (which assembles a core.review.RecordedSession) run by
services.background.BackgroundWork. The sessions list is services.review.catalog; the comparison of two sessions
is services.review.compare.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dyconsole.core.review.session import RecordedSession
from dyconsole.services.background import BackgroundWork
from dyconsole.storage.errors import StorageError  # noqa: F401  (re-exported: the UI names it)
from dyconsole.storage.recorded_session import load_review


class ReviewLoader(QObject):
    """Opens sessions off the UI thread: `open(session_id)` returns at once; `loaded(RecordedSession)` or
    `failed(session_id, message)` arrives later on the UI thread."""

    loaded = Signal(object)
    failed = Signal(str, str)

    def __init__(self, path: Path | str, executor: concurrent.futures.Executor | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._work = BackgroundWork("review", executor, self)
        self._work.finished.connect(self._loaded)
        self._work.failed.connect(self._failed)

    def open(self, session_id: str) -> concurrent.futures.Future:  # type: ignore[type-arg]
        return self._work.submit(session_id, load_review, self.path, session_id)

    def _loaded(self, _session_id: str, session: RecordedSession) -> None:
        self.loaded.emit(session)

    def _failed(self, session_id: str, message: str) -> None:
        self.failed.emit(session_id, message)

    def shutdown(self) -> None:
        self._work.shutdown()
