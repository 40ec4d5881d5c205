"""Opening the report builder from anywhere in the application: for one session (the sessions browser, the review
window), for the current or last session (the main window's Sessions menu), or for a date range (the history
view). The opener keeps the dialogs it opened (`dialogs`) and says `opened(dialog)`; a session or range that
cannot be read is told to the operator in a message box, and nothing opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dyconsole.services.history.service import HistoryQuery, HistoryService
from dyconsole.services.review.catalog import SessionsCatalog, StorageError
from dyconsole.ui.reports.builder import ReportBuilderDialog, ReportSubject
from dyconsole.ui.reports.subjects import RangeSubject, SessionSubject


class ReportOpener(QObject):
    """Report builders on one session database."""

    opened = Signal(object)  # the ReportBuilderDialog, once shown

    def __init__(self, db_path: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(db_path)
        self.dialogs: list[ReportBuilderDialog] = []

    def open_session(self, session_id: str, parent: QWidget | None = None) -> ReportBuilderDialog | None:
        return self._open(lambda: SessionSubject(self.path, session_id), parent)

    def open_latest(self, current: str | None = None, parent: QWidget | None = None) -> ReportBuilderDialog | None:
        """The report of `current` (the session being recorded) or else of the newest recorded session."""
        if current is None:
            try:
                rows = SessionsCatalog(self.path).rows()
            except StorageError as exc:
                self._warn(parent, str(exc))
                return None
            if not rows:
                self._warn(parent, self.tr("No session has been recorded yet: a report needs a recorded session."))
                return None
            current = max(rows, key=lambda r: r.summary.started_at or 0.0).summary.id
        return self.open_session(current, parent)

    def open_range(self, query: HistoryQuery, metric: str | None = None,
                   parent: QWidget | None = None) -> ReportBuilderDialog | None:
        """The range report; `metric` (the one the history shows) comes first, ranking the best and worst."""
        def subject() -> RangeSubject:
            from dyconsole.core.history.metrics import DEFAULT_RANGE_METRICS

            chosen = tuple(dict.fromkeys(((metric,) if metric else ()) + DEFAULT_RANGE_METRICS))
            return RangeSubject(HistoryService(self.path), query, chosen)
        return self._open(subject, parent)

    def _open(self, make: object, parent: QWidget | None) -> ReportBuilderDialog | None:
        try:
            subject: ReportSubject = make()  # type: ignore[operator]
        except (StorageError, ValueError) as exc:
            self._warn(parent, self.tr("The report could not be opened: %1").replace("%1", str(exc)))
            return None
        dialog = ReportBuilderDialog(subject, parent)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def _warn(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, self.tr("Report"), text)

    def _forget(self, dialog: ReportBuilderDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
            dialog.deleteLater()

    def close_all(self) -> None:
        for dialog in list(self.dialogs):
            dialog.close()
            self._forget(dialog)
