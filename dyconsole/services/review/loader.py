"""Opening a recorded session for review off the UI thread: `ReviewLoader`, the thin Qt adapter around
storage.recorded_session.load_review (which assembles a core.review.RecordedSession) and load_charts_preview (what
the charts paint first, a few ms) run by services.background.BackgroundWork, in order on one worker. The sessions
list is services.review.catalog; the comparison of two sessions is services.review.compare.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dyconsole.core.review.session import RecordedSession
from dyconsole.services.background import BackgroundWork
from dyconsole.storage.errors import StorageError  # noqa: F401  (re-exported: the UI names it)
from dyconsole.core.review.preview import ChartsPreview
from dyconsole.storage.recorded_session import load_charts_preview, load_review

_PREVIEW = "preview"  # the key of a preview's work: (_PREVIEW, session id)


class ReviewLoader(QObject):
    """Opens sessions off the UI thread: `open(session_id)` returns at once; `loaded(RecordedSession)` or
    `failed(session_id, message)` arrives later on the UI thread. `open_preview(session_id, names)` brings
    `previewed(session_id, ChartsPreview | None)` (None: nothing to paint from, or it could not be read; the whole
    load says why)."""

    loaded = Signal(object)
    previewed = Signal(str, object)
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

    def open_preview(self, session_id: str,
                     names: tuple[str, ...]) -> concurrent.futures.Future:  # type: ignore[type-arg]
        """Read the summary and the room columns `names` of the session (the worker runs what is asked in order)."""
        return self._work.submit((_PREVIEW, session_id), load_charts_preview, self.path, session_id, names)

    def _loaded(self, key: object, result: RecordedSession | ChartsPreview | None) -> None:
        if isinstance(key, tuple):
            self.previewed.emit(key[1], result)
        else:
            self.loaded.emit(result)

    def _failed(self, key: object, message: str) -> None:
        if isinstance(key, tuple):  # a preview that failed says nothing: the whole load fails as well, and says it
            self.previewed.emit(key[1], None)
        else:
            self.failed.emit(key, message)

    def shutdown(self) -> None:
        self._work.shutdown()
