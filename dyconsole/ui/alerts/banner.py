"""The alert banner of the live window: a full-width red banner with the newest alert not yet acknowledged in large
type and an Acknowledge button (with how many more wait behind it). It stays until acknowledged, even if the
condition has cleared meanwhile (then it says so), so a short alert cannot go unseen. The wiring (which alerts it
shows, what acknowledging does) is ui.alerts.attachment.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dyconsole.services.alerts.service import AlertRecord
from dyconsole.ui.common.theme import ALERT_RED, font
from dyconsole.ui.common.i18n import count_text

BANNER_POINT_SIZE = 20


class AlertBanner(QFrame):
    """The full-width banner of unacknowledged alerts (hidden when there are none)."""

    acknowledge_requested = Signal(int)  # AlertRecord.id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.setStyleSheet(f"QFrame#alertBanner {{ background: {ALERT_RED}; border-radius: 4px; }}"
                           "QFrame#alertBanner QLabel { color: #ffffff; background: transparent; }"
                           "QFrame#alertBanner QPushButton { background: #ffffff; color: #b00000; font-weight: bold;"
                           " border: none; border-radius: 4px; padding: 8px 22px; }")
        self.text = QLabel()
        self.text.setFont(font(BANNER_POINT_SIZE, bold=True))
        self.text.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setFont(font(12))
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.ack_button.setFont(font(14, bold=True))
        self.ack_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.ack_button.clicked.connect(self._ack_clicked)
        texts = QWidget()
        column = QVBoxLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text)
        column.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(texts, 1)
        row.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._pending: dict[int, AlertRecord] = {}
        self.hide()

    @property
    def shown(self) -> AlertRecord | None:
        """The alert the banner shows now (the newest unacknowledged one)."""
        return self._pending[max(self._pending)] if self._pending else None

    def add(self, record: AlertRecord) -> None:
        self._pending[record.id] = record
        self._refresh()

    def update_record(self, record: AlertRecord) -> None:
        """A resolved or acknowledged alert: acknowledged ones leave the banner."""
        if record.acknowledged_at is not None:
            self._pending.pop(record.id, None)
        elif record.id in self._pending:
            self._pending[record.id] = record
        self._refresh()

    def _ack_clicked(self) -> None:
        record = self.shown
        if record is not None:
            self.acknowledge_requested.emit(record.id)

    def _refresh(self) -> None:
        record = self.shown
        if record is None:
            self.hide()
            return
        self.text.setText(record.message)
        at = time.strftime("%H:%M:%S", time.localtime(record.fired_at))
        parts = [self.tr("%1 · fired at %2").replace("%1", record.event.rule_name).replace("%2", at)]
        if record.resolved_at is not None:
            parts.append(self.tr("condition cleared"))
        more = len(self._pending) - 1
        if more:
            parts.append(count_text(more, self.tr("%n more alert waiting"), self.tr("%n more alerts waiting")))
        self.detail.setText("  ·  ".join(parts))
        self.show()
