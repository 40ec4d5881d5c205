"""The order panel plugged into the live window through its seams: the Products menu (made by the products
attachment, ui.products.attachment) gets "Adjust product order…" (Ctrl+Shift+O), which opens the order panel
(ui.products.order_panel) as a non-modal dialog over the ordering service; each change that happened in the room
is marked on the charts (a time marker). The products attachment builds it and keeps it (the window knows nothing
about ordering).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from dyconsole.services.products.ordering import OrderingService
from dyconsole.ui.common.theme import ACCENT
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.products.order_panel import OrderPanel

ORDER_ACTION = QT_TRANSLATE_NOOP("OrderAttachment", "Adjust product &order…")
MARKER = QT_TRANSLATE_NOOP("OrderAttachment", "Order changed")
SHORTCUT = "Ctrl+Shift+O"


def _t(text: str) -> str:
    return QCoreApplication.translate("OrderAttachment", text)


class OrderAttachment:
    """The order panel's menu action (in the window's `menu_key` menu), its dialog and the changes' chart markers."""

    def __init__(self, window: MainWindow, service: OrderingService, menu_key: str, lang: str) -> None:
        self._window = window
        self.service = service
        self.lang = lang
        self.panel: OrderPanel | None = None
        self.action = QAction(_t(ORDER_ACTION), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.open_panel)
        window.add_action(menu_key, self.action)
        self.marked: set[str] = set()
        service.changes_changed.connect(self.mark_changes)

    def mark_changes(self) -> None:
        for change in self.service.changes:
            if change.counts and change.id not in self.marked:
                self.marked.add(change.id)
                self._window.add_time_marker(change.ts, ACCENT, _t(MARKER))

    def open_panel(self) -> OrderPanel:
        if self.panel is None:
            self.panel = OrderPanel(self.service, self.lang, self._window)
        self.panel.show()
        self.panel.raise_()
        return self.panel
