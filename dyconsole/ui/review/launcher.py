"""Opening the offline review from the console: the sessions browser, the review windows and compare views it
asks for, the date-range history (ui.history), the report builders any of them ask for (ui.reports.opener) and the
import dialog for other channels' exports (ui.imports; the browser and the history reload after an import).
Sessions load off the UI thread (services.review.ReviewLoader). Choosing a session shows a review window as soon as
its charts' columns arrive (a few ms: the window paints the session's charts from them, `charts_shown`); the whole
session is loaded once they painted (so its loading does not take the interpreter from that paint) and fills the same
window when it arrives (`window_opened`). The window itself, slow to build (five pyqtgraph panels),
is built ahead: one spare, made once the browser or the history is up and the UI is idle, taken by the next choice
(a window shows one session; a new spare is made after).
The launcher owns every window it opened and closes them with `close_all()`; a window it deleted has its garbage
collected on the GUI thread (services.gui_thread_gc), never by the next review's loading worker. Features add their
tabs to each review window it opens through `review_tabs` (the composition root passes them: the A/B plans).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dyconsole.paths import default_db_path
from dyconsole.core.review.preview import ChartsPreview
from dyconsole.core.review.session import RecordedSession
from dyconsole.services.gui_thread_gc import collect_soon
from dyconsole.services.history.service import HistoryService
from dyconsole.services.imports.service import ImportService
from dyconsole.services.review.catalog import SessionsCatalog, StorageError
from dyconsole.services.review.loader import ReviewLoader
from dyconsole.ui.history.view import HistoryView
from dyconsole.ui.imports.dialog import ImportDialog
from dyconsole.ui.reports.opener import ReportOpener
from dyconsole.ui.review.compare_view import CompareView
from dyconsole.ui.dwell.review_tab import attach_run_of_show_review
from dyconsole.ui.delivery.review_tab import attach_delivery_review
from dyconsole.ui.roi.review_tab import attach_roi7_review
from dyconsole.ui.review.window import CHART_COLUMNS, ReviewWindow
from dyconsole.ui.review.sessions_browser import SessionsBrowser


#: adds a feature's tab to a review window (through `add_review_tab`): (window, its session, the database path)
ReviewTab = Callable[[ReviewWindow, RecordedSession, Path], object]
Shown = TypeVar("Shown", bound=QWidget)
SPARE_DELAY_MS = 300  # the spare window is built this long after the browser (or history) shows: once it painted
PAINT_WAIT_MS = 500  # the whole load starts when the charts painted, or after this (a window not exposed)


class _AfterFirstPaint(QObject):
    """Calls `then()` once `widget` has painted (from the event loop, after that paint), or after `timeout_ms`."""

    def __init__(self, widget: QWidget, then: Callable[[], None], timeout_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._widget, self._then, self._done = widget, then, False
        widget.installEventFilter(self)
        QTimer.singleShot(timeout_ms, self, self._fire)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self, self._fire)  # once this paint is done
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        if shiboken6.isValid(self._widget):
            self._widget.removeEventFilter(self)
        self._then()
        self.deleteLater()


def _bring_up(window: Shown) -> Shown:
    """Show a window of the launcher's, in front."""
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class ReviewLauncher(QObject):
    """The browser plus the review / compare windows opened from it."""

    window_opened = Signal(object)  # a ReviewWindow (with its session) or a CompareView, once shown
    charts_shown = Signal(object)  # a ReviewWindow showing a chosen session's charts, before its whole session

    def __init__(self, db_path: Path | str | None = None, lang: str = "zh", parent: QObject | None = None,
                 review_tabs: Sequence[ReviewTab] = ()) -> None:
        super().__init__(parent)
        self.review_tabs = tuple(review_tabs)
        self.path = Path(db_path) if db_path is not None else default_db_path()
        self.lang = lang
        self.browser: SessionsBrowser | None = None
        self.history: HistoryView | None = None
        self.importer: ImportDialog | None = None
        self.reports = ReportOpener(self.path, parent=self)
        self.windows: list[QWidget] = []
        self.loader = ReviewLoader(self.path, parent=self)
        self.loader.loaded.connect(self._loaded)
        self.loader.previewed.connect(self._previewed)
        self.loader.failed.connect(self._failed)
        self.spare: ReviewWindow | None = None  # built ahead, hidden, for the next session chosen
        self._opening: dict[str, ReviewWindow] = {}  # shown with their charts, waiting for the whole session
        self._closing = False
        self._wanted_single: set[str] = set()
        self._pairs: list[tuple[str, str]] = []
        self._arrived: dict[str, RecordedSession] = {}

    def show_browser(self) -> SessionsBrowser | None:
        """Show (or raise) the sessions browser; None, after telling the operator, if the file cannot be read."""
        if self.browser is None:
            try:
                self.browser = SessionsBrowser(SessionsCatalog(self.path), self.lang)
            except StorageError as exc:
                QMessageBox.warning(None, self.tr("Sessions"), str(exc))
                return None
            self.browser.open_requested.connect(self.open_session)
            self.browser.compare_requested.connect(self.compare)
            self.browser.report_requested.connect(lambda sid: self.reports.open_session(sid, self.browser))
            self.browser.history_requested.connect(self.show_history)
            self.browser.import_requested.connect(lambda: self.show_import(self.browser))
        else:
            self.browser.reload()
        self._spare_soon()
        return _bring_up(self.browser)

    def show_history(self) -> HistoryView:
        """Show (or raise) the date-range history; a file it cannot read is said in the view."""
        if self.history is None:
            self.history = HistoryView(HistoryService(self.path), self.lang)
            self.history.open_requested.connect(self.open_session)
            self.history.report_requested.connect(
                lambda query, metric: self.reports.open_range(query, metric, self.history))
        else:
            self.history.reload()
        self._spare_soon()
        return _bring_up(self.history)

    def show_import(self, parent: QWidget | None = None) -> ImportDialog:
        """Show (or raise) the import dialog; after an import the browser and the history read the file again."""
        if self.importer is None:
            self.importer = ImportDialog(ImportService(self.path), self.lang, parent)
            self.importer.imported.connect(self._after_import)
        return _bring_up(self.importer)

    def _after_import(self, _count: int) -> None:
        for view in (self.browser, self.history):
            if view is not None:
                view.reload()

    # --- the spare window -------------------------------------------------------------------------------------------
    def _spare_soon(self) -> None:
        if self.spare is None and not self._closing:
            QTimer.singleShot(SPARE_DELAY_MS, self, self.prepare_spare)

    def prepare_spare(self) -> ReviewWindow | None:
        """Build the window the next chosen session shows in (hidden), unless there is one."""
        if self.spare is None and not self._closing:
            self.spare = ReviewWindow(None, self.lang)
            self.spare.ensurePolished()
        return self.spare

    def _take_window(self) -> ReviewWindow:
        """The spare review (the next one is built once the UI is idle again), else one built now."""
        review = self.spare if self.spare is not None else ReviewWindow(None, self.lang)
        self.spare = None
        return review

    # --- opening ----------------------------------------------------------------------------------------------------
    def open_session(self, session_id: str) -> None:
        """Show the session in a review window: its charts first, then the whole session."""
        self._wanted_single.add(session_id)
        self.loader.open_preview(session_id, CHART_COLUMNS)

    def _previewed(self, sid: str, preview: ChartsPreview | None) -> None:
        if sid not in self._wanted_single:
            return
        if preview is None or sid in self._opening:  # nothing to paint first (or shown already): load it whole
            self.loader.open(sid)
            return
        review = self._take_window()
        self._opening[sid] = review
        review.closed.connect(lambda w=review, s=sid: self._closed_while_opening(s, w))
        _bring_up(review)  # shown first: laid out, so the charts are drawn for their real pixel width
        review.show_preview(preview)
        self.charts_shown.emit(review)
        _AfterFirstPaint(review.charts.graphics.viewport(), lambda: self._load_whole(sid), PAINT_WAIT_MS, self)

    def _load_whole(self, sid: str) -> None:
        if sid in self._wanted_single:  # (not closed meanwhile)
            self.loader.open(sid)

    def _closed_while_opening(self, session_id: str, review: ReviewWindow) -> None:
        """The operator closed a review before its whole session arrived: it will not get it."""
        if self._opening.get(session_id) is review:
            del self._opening[session_id]
            self._wanted_single.discard(session_id)
            review.destroyed.connect(collect_soon)
            review.deleteLater()

    def compare(self, a: str, b: str) -> None:
        self._pairs.append((a, b))
        for sid in (a, b):
            self.loader.open(sid)

    def _loaded(self, session: RecordedSession) -> None:
        sid = session.id
        if sid in self._wanted_single:
            self._wanted_single.discard(sid)
            review = self._opening.pop(sid, None) or self._take_window()
            review.set_session(session)
            attach_roi7_review(review, session, self.lang)
            attach_run_of_show_review(review, session, self.lang)
            attach_delivery_review(review, session, self.lang)
            for add_tab in self.review_tabs:
                add_tab(review, session, self.path)
            review.report_requested.connect(lambda sid, w=review: self.reports.open_session(sid, w))
            self._show(review)
            self._spare_soon()
        self._arrived[sid] = session
        for pair in list(self._pairs):
            if all(s in self._arrived for s in pair):
                self._pairs.remove(pair)
                self._show(CompareView(self._arrived[pair[0]], self._arrived[pair[1]], self.lang))
        needed = {s for pair in self._pairs for s in pair}
        self._arrived = {k: v for k, v in self._arrived.items() if k in needed}

    def _failed(self, session_id: str, message: str) -> None:
        self._wanted_single.discard(session_id)
        opening = self._opening.pop(session_id, None)
        if opening is not None:
            opening.close()
            opening.destroyed.connect(collect_soon)
            opening.deleteLater()
        self._pairs = [p for p in self._pairs if session_id not in p]
        QMessageBox.warning(self.browser, self.tr("Sessions"),
                            self.tr("The session could not be opened: %1").replace("%1", message))

    def _show(self, window: QWidget) -> None:
        self.windows.append(window)
        window.closed.connect(lambda w=window: self._forget(w))  # type: ignore[attr-defined]
        window.show()
        self.window_opened.emit(window)

    def _forget(self, shown: QWidget) -> None:
        if shown in self.windows:
            self.windows.remove(shown)
            shown.destroyed.connect(collect_soon)  # its Python-owned Qt objects freed on this (the GUI) thread
            shown.deleteLater()

    def close_all(self) -> None:
        self._closing = True
        self.reports.close_all()
        if self.importer is not None:
            self.importer.close()
            self.importer.deleteLater()
            self.importer = None
        if self.history is not None:
            self.history.close()
            self.history.deleteLater()
            self.history = None
        for window in list(self.windows) + list(self._opening.values()):
            window.close()
        if self.spare is not None:
            self.spare.destroyed.connect(collect_soon)
            self.spare.deleteLater()
            self.spare = None
        if self.browser is not None:
            self.browser.close()
            self.browser.deleteLater()
            self.browser = None
        self.loader.shutdown()
