"""What the operator sees and hears when an alert rule fires, in the live window.

- `AlertBanner`: a full-width red banner with the alert in large type and an Acknowledge button. It shows the
  newest alert not yet acknowledged (with how many more wait behind it) and stays until acknowledged, even if the
  condition has cleared meanwhile (then it says so), so a short alert cannot go unseen.
- A tray notification (QSystemTrayIcon.showMessage) where a system tray exists; skipped quietly where not
  (offscreen, some desktops).
- A sound only when the operator turned it on (settings `sound`, default off: the stream microphone is in the
  room); QApplication.beep().
- A marker on every live chart at the time it fired (`ChartMarkers`: a red dashed vertical line, shaded until it
  resolved).

`attach_alerts(window, service, sound_on)` wires all of it, the alert log tab and the rules menu into the main
window without the window knowing about alerts.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from dyconsole.services.alerts.service import AlertRecord, AlertService
from dyconsole.ui.common.theme import ALERT_RED, font

#: the window's own words for the alert pieces (context "AlertAttachment")
ALERTS_TAB = QT_TRANSLATE_NOOP("AlertAttachment", "Alerts")
ALERTS_MENU = QT_TRANSLATE_NOOP("AlertAttachment", "&Alerts")
RULES_ACTION = QT_TRANSLATE_NOOP("AlertAttachment", "Alert &rules…")
ACK_ALL_ACTION = QT_TRANSLATE_NOOP("AlertAttachment", "Acknowledge &all")
BANNER_POINT_SIZE = 20
TRAY_MESSAGE_MS = 10_000


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
            parts.append(self.tr("%n more alert(s) waiting", "", more))
        self.detail.setText("  ·  ".join(parts))
        self.show()


class ChartMarkers:
    """Red markers on every panel of the live charts at the times alerts fired (shaded until resolved)."""

    def __init__(self, charts: Any) -> None:
        self.charts = charts
        self.lines: dict[int, list[Any]] = {}
        self.regions: dict[int, list[Any]] = {}

    def add(self, record: AlertRecord) -> None:
        items = []
        for panel in self.charts.panels:
            line = pg.InfiniteLine(pos=record.fired_at, angle=90, movable=False,
                                   pen=pg.mkPen(ALERT_RED, width=2, style=Qt.PenStyle.DashLine),
                                   label=record.event.rule_name if panel is self.charts.panels[0] else None,
                                   # the text to the LEFT of the line: a live alert is at the right edge
                                   labelOpts={"position": 0.9, "color": ALERT_RED, "anchors": [(1, 0), (1, 0)]})
            panel.plot.addItem(line, ignoreBounds=True)
            items.append(line)
        self.lines[record.id] = items
        self.charts.mark_dirty()

    def resolve(self, record: AlertRecord) -> None:
        if record.resolved_at is None or record.id in self.regions:
            return
        colour = QColor(ALERT_RED)
        colour.setAlpha(40)
        regions = []
        for panel in self.charts.panels:
            region = pg.LinearRegionItem((record.fired_at, record.resolved_at), movable=False, brush=colour,
                                         pen=pg.mkPen(None))
            panel.plot.addItem(region, ignoreBounds=True)
            regions.append(region)
        self.regions[record.id] = regions
        self.charts.mark_dirty()


def _t(text: str) -> str:
    return QCoreApplication.translate("AlertAttachment", text)


def _tray_icon() -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(ALERT_RED))
    return QIcon(pixmap)


class AlertAttachment:
    """The alert pieces of one live window, wired to the service (kept alive by the window)."""

    def __init__(self, window: Any, service: AlertService, sound_on: Callable[[], bool]) -> None:
        from dyconsole.ui.alerts.log_view import AlertLogView

        self.window = window
        self.service = service
        self.sound_on = sound_on
        self.beeps = 0
        self.tray_messages = 0
        self.banner = AlertBanner()
        window.centralWidget().layout().insertWidget(0, self.banner)
        self.log = AlertLogView()
        self.log_tab = window.side.addTab(self.log, _t(ALERTS_TAB))
        self.markers = ChartMarkers(window.charts)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(_tray_icon(), window)
            self.tray.setToolTip(window.windowTitle())
            self.tray.show()
        menu = window.menuBar().addMenu(_t(ALERTS_MENU))
        self.rules_action = QAction(_t(RULES_ACTION), window)
        self.rules_action.triggered.connect(self.open_rules)
        menu.addAction(self.rules_action)
        ack_all = QAction(_t(ACK_ALL_ACTION), window)
        ack_all.triggered.connect(service.acknowledge_all)
        menu.addAction(ack_all)
        self.rules_dialog: Any = None

        self.banner.acknowledge_requested.connect(service.acknowledge)
        self.log.acknowledge_requested.connect(service.acknowledge)
        service.fired.connect(self.on_fired)
        service.resolved.connect(self.on_changed)
        service.acknowledged.connect(self.on_changed)
        for record in service.records:
            self.on_fired(record, quiet=True)

    def on_fired(self, record: AlertRecord, quiet: bool = False) -> None:
        self.banner.add(record)
        self.log.add(record)
        self.markers.add(record)
        if quiet:
            return
        if self.tray is not None:
            self.tray.showMessage(record.event.rule_name, record.message, QSystemTrayIcon.MessageIcon.Warning,
                                  TRAY_MESSAGE_MS)
            self.tray_messages += 1
        if self.sound_on():
            QApplication.beep()
            self.beeps += 1

    def on_changed(self, record: AlertRecord) -> None:
        self.banner.update_record(record)
        self.log.update_record(record)
        self.markers.resolve(record)

    def open_rules(self) -> None:
        from dyconsole.ui.alerts.rules_dialog import AlertRulesDialog

        if self.rules_dialog is None:
            self.rules_dialog = AlertRulesDialog(self.service, self.window)
        self.rules_dialog.show()
        self.rules_dialog.raise_()


def attach_alerts(window: Any, service: AlertService, sound_on: Callable[[], bool] = lambda: False) -> AlertAttachment:
    """Add the banner, the alert log tab, chart markers, tray, sound and the rules menu to the live window."""
    attachment = AlertAttachment(window, service, sound_on)
    window.alert_ui = attachment
    return attachment
