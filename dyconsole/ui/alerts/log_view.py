"""The alert log of the live window: every alert of this run, newest first — when it fired, how serious, which
rule, the message, whether it is still active or when it cleared, and whether the operator acknowledged it (with
Acknowledge for the selected rows)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.services.alerts.service import AlertRecord
from dyconsole.ui.common.theme import ALERT_RED, DEGRADED, TEXT_DIM

SEVERITY_COLOURS = {"critical": ALERT_RED, "warning": DEGRADED, "info": TEXT_DIM}
COLUMNS = 6  # fired, severity, rule, message, state, acknowledged


def _clock(ts: float | None) -> str:
    return "" if ts is None else time.strftime("%H:%M:%S", time.localtime(ts))


class AlertLogView(QWidget):
    acknowledge_requested = Signal(int)  # AlertRecord.id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([self.tr("Fired"), self.tr("Severity"), self.tr("Rule"),
                                              self.tr("Message"), self.tr("State"), self.tr("Acknowledged")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.ack_button = QPushButton(self.tr("Acknowledge selected"))
        self.ack_button.clicked.connect(self._ack_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._rows: dict[int, AlertRecord] = {}  # record id -> record, shown newest first

    def severity_text(self, severity: str) -> str:
        return {"critical": self.tr("Critical"), "warning": self.tr("Warning"), "info": self.tr("Info")}.get(
            severity, severity)

    def add(self, record: AlertRecord) -> None:
        self._rows[record.id] = record
        self._render()

    def update_record(self, record: AlertRecord) -> None:
        if record.id in self._rows:
            self._rows[record.id] = record
            self._render()

    def record_at(self, row: int) -> AlertRecord:
        return self._ordered()[row]

    def _ordered(self) -> list[AlertRecord]:
        return [self._rows[i] for i in sorted(self._rows, reverse=True)]

    def _render(self) -> None:
        records = self._ordered()
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            severity = r.event.severity.value
            state = self.tr("Active") if r.active else self.tr("Cleared %1").replace("%1", _clock(r.resolved_at))
            ack = _clock(r.acknowledged_at) if r.acknowledged_at is not None else self.tr("No")
            cells = [_clock(r.fired_at), self.severity_text(severity), r.event.rule_name, r.message, state, ack]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if col == 3:
                    item.setToolTip(text)
                if col == 1:
                    item.setForeground(QColor(SEVERITY_COLOURS.get(severity, TEXT_DIM)))
                if col == 4 and r.active:
                    item.setForeground(QColor(ALERT_RED))
                self.table.setItem(row, col, item)

    def _ack_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        for row in rows:
            record = self.record_at(row)
            if record.acknowledged_at is None:
                self.acknowledge_requested.emit(record.id)
