"""The review's 7-day ROI tab (the review window's `add_review_tab` seam): the session's 7-day ROI, settled or
projected and labelled so (glossary words), beside the platform's GMV/cost ROI; a settled session shows what its
sales are made of (paid in the session, refunds, the same buyers' repurchases), a projected one its 90% range and
what it stands on."""

from __future__ import annotations

from typing import Any, Callable, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.review.session import RecordedSession
from dyconsole.core.report_text import format_value
from dyconsole.core.roi_projection import SessionRoi7
from dyconsole.core.roi_report import roi7_note, roi7_rows
from dyconsole.ui.common.theme import TEXT_DIM

TAB_KEY = "roi7"


class HasReviewTabs(Protocol):
    """The review window's seam (ui.review.window.ReviewWindow; not imported: the review imports this module)."""

    def add_review_tab(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
                       scroll: bool = False) -> Any: ...


class Roi7Panel(QWidget):
    """The tab's content: the figures as rows and a sentence on what they stand on."""

    def __init__(self, roi7: SessionRoi7 | None, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.horizontalHeader().setVisible(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {TEXT_DIM};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addStretch(1)
        if roi7 is None:
            self.note.setText(self.tr("No 7-day ROI: the session database could not be read for it."))
            return
        rows = [(glossary.label(key, lang), format_value(value, unit, lang)) for key, value, unit in roi7_rows(roi7, lang)]
        self.table.setRowCount(len(rows))
        for r, (name, value) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, item)
        self.table.setMinimumHeight(self.table.verticalHeader().length() + 4)
        self.note.setText(roi7_note(roi7, lang))

    def title(self) -> str:
        return self.tr("7-day ROI")


def attach_roi7_review(window: HasReviewTabs, session: RecordedSession, lang: str) -> Roi7Panel:
    panel = Roi7Panel(session.roi7, lang)
    window.add_review_tab(TAB_KEY, panel, panel.title())
    return panel
