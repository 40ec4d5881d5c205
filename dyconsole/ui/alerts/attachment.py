"""The alerts in the live window, wired through the window's seams only: the banner (a strip at the top), the alert
log (a side tab), the markers on the charts, the "Alerts" menu (rules editor, acknowledge all), a tray
notification where a system tray exists (skipped quietly where not: offscreen, some desktops) and a sound only when
the operator turned it on (settings `sound`, default off: the stream microphone is in the room).

`attach_alerts(window, service, sound_on)` builds it and returns the `AlertAttachment`, which the composition root
keeps (the window knows nothing about alerts).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from dyconsole.services.alerts.service import AlertRecord, AlertService
from dyconsole.ui.alerts.banner import AlertBanner
from dyconsole.ui.alerts.log_view import AlertLogView
from dyconsole.ui.alerts.markers import AlertMarkers
from dyconsole.ui.alerts.rules_dialog import AlertRulesDialog
from dyconsole.ui.common.theme import ALERT_RED
from dyconsole.ui.main_window import MainWindow, StripPosition

#: the window's own words for the alert pieces (context "AlertAttachment")
ALERTS_TAB = QT_TRANSLATE_NOOP("AlertAttachment", "Alerts")
ALERTS_MENU = QT_TRANSLATE_NOOP("AlertAttachment", "&Alerts")
RULES_ACTION = QT_TRANSLATE_NOOP("AlertAttachment", "Alert &rules…")
ACK_ALL_ACTION = QT_TRANSLATE_NOOP("AlertAttachment", "Acknowledge &all")
TRAY_MESSAGE_MS = 10_000
#: the keys the alerts use on the window's seams
ALERTS_TAB_KEY = ALERTS_MENU_KEY = "alerts"


def _t(text: str) -> str:
    return QCoreApplication.translate("AlertAttachment", text)


def _tray_icon() -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(ALERT_RED))
    return QIcon(pixmap)


class AlertAttachment:
    """The alert pieces of one live window, wired to the service."""

    def __init__(self, window: MainWindow, service: AlertService, sound_on: Callable[[], bool]) -> None:
        self._window = window
        self.service = service
        self.sound_on = sound_on
        self.beeps = 0
        self.tray_messages = 0
        self.banner = AlertBanner()
        window.add_strip(self.banner, StripPosition.TOP)
        self.log = AlertLogView()
        window.add_side_tab(ALERTS_TAB_KEY, self.log, _t(ALERTS_TAB))
        self.markers = AlertMarkers(window)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(_tray_icon(), window)
            self.tray.setToolTip(window.windowTitle())
            self.tray.show()
        window.menu(ALERTS_MENU_KEY, _t(ALERTS_MENU))
        self.rules_action = QAction(_t(RULES_ACTION), window)
        self.rules_action.triggered.connect(self.open_rules)
        window.add_action(ALERTS_MENU_KEY, self.rules_action)
        self.ack_all_action = QAction(_t(ACK_ALL_ACTION), window)
        self.ack_all_action.triggered.connect(service.acknowledge_all)
        window.add_action(ALERTS_MENU_KEY, self.ack_all_action)
        self.rules_dialog: AlertRulesDialog | None = None

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
        if not quiet:
            self.notify(record.event.rule_name, record.message)

    def notify(self, title: str, text: str) -> None:
        """A tray message where a tray exists, and a beep only when the operator turned sound on (also for another
        feature's notices: the product surge hints)."""
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, TRAY_MESSAGE_MS)
            self.tray_messages += 1
        if self.sound_on():
            QApplication.beep()
            self.beeps += 1

    def on_changed(self, record: AlertRecord) -> None:
        self.banner.update_record(record)
        self.log.update_record(record)
        self.markers.resolve(record)

    def open_rules(self) -> None:
        if self.rules_dialog is None:
            self.rules_dialog = AlertRulesDialog(self.service, self._window)
        self.rules_dialog.show()
        self.rules_dialog.raise_()


def attach_alerts(window: MainWindow, service: AlertService,
                  sound_on: Callable[[], bool] = lambda: False) -> AlertAttachment:
    """Add the banner, the alert log tab, chart markers, tray, sound and the rules menu to the live window. The
    caller must keep the returned attachment: the service's signals do not keep it alive."""
    return AlertAttachment(window, service, sound_on)
