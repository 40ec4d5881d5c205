"""Delivery promises in the windows, through their seams only: the live window's side tab "Delivery" and
View → Delivery by region (Ctrl+D), refreshed on the text clock while shown (the stored deliveries are read again
each time the tab is opened: the background settle adds orders); the review window's "Delivery" tab, from the
session's last ENTER/PAY city breakdowns and the shop's deliveries loaded with it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence

from dyconsole.services.delivery import RegionsWatch
from dyconsole.ui.delivery.panel import DeliveryPanel
from dyconsole.ui.delivery.review_tab import TAB, TAB_KEY, delivery_tr
from dyconsole.ui.main_window import MainWindow

ACTION = QT_TRANSLATE_NOOP("DeliveryAttachment", "&Delivery by region")
SHORTCUT = "Ctrl+D"
WIDE_PX = 560


class DeliveryAttachment:
    """The live window's delivery tab and menu action."""

    def __init__(self, window: MainWindow, watch: RegionsWatch, lang: str) -> None:
        self._window = window
        self.watch = watch
        self.panel = DeliveryPanel(lang)
        window.add_side_tab(TAB_KEY, self.panel, delivery_tr(TAB), self.refresh, scroll=True)
        self.action = QAction(delivery_tr(ACTION), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.show)
        window.add_action("view", self.action)
        self._loaded = False

    def show(self) -> None:
        self.watch.reload()
        self._loaded = True
        self._window.widen_side_panel(WIDE_PX)
        self._window.show_side_tab(TAB_KEY)
        self.refresh()

    def refresh(self) -> None:
        if not self._loaded:
            self.watch.reload()
            self._loaded = True
        self.panel.show_rows(self.watch.rows(), self.watch.error)


def attach_delivery(window: MainWindow, watch: RegionsWatch, lang: str) -> DeliveryAttachment:
    return DeliveryAttachment(window, watch, lang)
