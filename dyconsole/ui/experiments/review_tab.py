"""The review window's A/B tab: the plans that ran (some of their slots) in the session reviewed, each with its
verdict over all its slots, the chart of the metric per slot by variant with the interval, and the slots table
(ui.experiments.verdict_panel). The plans are read off the UI thread (services.experiments.history.session_plans_at
in a BackgroundWork); a session without plans says so. Added to each review window by the launcher
(`attach_review_plans`, through the review window's `add_review_tab`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from dyconsole.services.background import BackgroundWork
from dyconsole.services.experiments.history import PlanRecord, session_plans_at
from dyconsole.ui.experiments.verdict_panel import PlanView, VerdictPanel

if TYPE_CHECKING:  # the review window's modules load when a review first opens (a fast start)
    from dyconsole.ui.review.window import ReviewWindow

REVIEW_TAB_KEY = "ab"
REVIEW_TAB = QT_TRANSLATE_NOOP("ReviewPlans", "A/B")


class ReviewPlans(QWidget):
    """The session's A/B plans: a chooser (when several) and the chosen plan's verdict panel."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.records: list[PlanRecord] = []
        self.note = QLabel(self.tr("Reading the session's A/B plans…"))
        self.note.setWordWrap(True)
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self.show_plan)
        self.chooser.hide()
        self.panel = VerdictPanel(lang)
        self.panel.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.chooser)
        layout.addWidget(self.panel, 1)
        self._work = BackgroundWork("ab-review", parent=self)
        self._work.finished.connect(lambda _key, records: self.show_records(records))
        self._work.failed.connect(lambda _key, message: self.note.setText(message))

    def load(self, path: Path | str | None, session_id: str) -> None:
        self._work.submit(session_id, session_plans_at, path, session_id)

    def show_records(self, records: list[PlanRecord]) -> None:
        self.records = list(records)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for record in self.records:
            self.chooser.addItem(record.plan.spec.name, record.plan.id)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(self.records) > 1)
        self.note.setVisible(not self.records)
        self.note.setText("" if self.records else self.tr("No A/B plan ran in this session."))
        self.panel.setVisible(bool(self.records))
        self.show_plan(0)

    def show_plan(self, index: int) -> None:
        if 0 <= index < len(self.records):
            record = self.records[index]
            self.panel.show_plan(PlanView(record.plan.spec, record.outcomes, record.verdict, record.plan.status))


def attach_review_plans(window: ReviewWindow, session_id: str, path: Path | str | None,
                        lang: str = "zh") -> ReviewPlans:
    """Add the A/B tab to a review window and start reading the session's plans."""
    tab = ReviewPlans(lang)
    window.add_review_tab(REVIEW_TAB_KEY, tab, QCoreApplication.translate("ReviewPlans", REVIEW_TAB))
    tab.load(path, session_id)
    return tab
