"""The stored A/B plans (A/B → Plans…): name, metric, slots, status, created; Start runs the selected draft plan
(not while another plan runs), New plan… opens the planner. The plans come from
services.experiments.planning.PlanBook.
"""

from __future__ import annotations

import time
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.experiments.records import StoredPlan, status_label
from dyconsole.services.experiments.planning import PlanBook

STARTABLE = ("draft",)



class PlansDialog(QDialog):
    start_requested = Signal(str)  # plan id
    new_requested = Signal()

    def __init__(self, book: PlanBook, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.lang = lang
        self.setWindowTitle(self.tr("A/B plans"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Plan"), self.tr("Metric"), self.tr("Slots"), self.tr("Status"), self.tr("Created")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(self.tr("No plans yet."))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self._start)
        self.new_button = QPushButton(self.tr("New plan…"))
        self.new_button.clicked.connect(lambda: (self.new_requested.emit(), self.accept()))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.rows: list[StoredPlan] = []
        self._busy = False
        self.resize(720, 380)

    def show_plans(self, busy: bool) -> None:
        """List the stored plans; `busy`: a plan runs now (nothing else can start)."""
        self._busy = busy
        self.rows = self.book.plans()
        self.table.setRowCount(len(self.rows))
        for i, plan in enumerate(self.rows):
            created = time.strftime("%Y-%m-%d %H:%M", time.localtime(plan.created_at)) if plan.created_at else ""
            for col, text in enumerate((plan.spec.name, glossary.label(plan.spec.metric, self.lang),
                                        str(plan.spec.n_slots), status_label(plan.status, self.lang), created)):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.empty.setVisible(not self.rows)
        if self.rows:
            self.table.selectRow(0)
        self._selected()

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        row = self.table.currentRow()
        ok = 0 <= row < len(self.rows) and self.rows[row].status in STARTABLE and not self._busy
        self.start_button.setEnabled(ok)

    def _start(self) -> None:
        plan_id = self.selected_id()
        if plan_id is not None:
            self.start_requested.emit(plan_id)
            self.accept()
