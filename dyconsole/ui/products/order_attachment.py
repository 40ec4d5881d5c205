"""The order panel plugged into the live window through its seams: the Products menu (商品) gets "Adjust product
order…" (Ctrl+Shift+O), which opens the order panel (ui.products.order_panel) as a non-modal dialog over the
ordering service; each change that happened in the room is marked on the charts (a time marker).
`attach_order_panel(window, service, lang)` builds it; the products attachment (ui.products.attachment)
calls it and keeps the returned attachment (the window knows nothing about ordering).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from dyconsole.services.products.ordering import OrderingService
from dyconsole.ui.common.theme import ACCENT
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.products.order_panel import OrderPanel
from dyconsole.ui.products.order_words import w

ORDER_MENU_KEY = "products"
SHORTCUT = "Ctrl+Shift+O"


class OrderAttachment:
    def __init__(self, window: MainWindow, service: OrderingService, lang: str) -> None:
        self._window = window
        self.service = service
        self.lang = lang
        self.panel: OrderPanel | None = None
        window.menu(ORDER_MENU_KEY, w("menu", lang))
        self.action = QAction(w("action", lang), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.open_panel)
        window.add_action(ORDER_MENU_KEY, self.action)
        self.marked: set[str] = set()
        service.changes_changed.connect(self.mark_changes)

    def mark_changes(self) -> None:
        for change in self.service.changes:
            if change.counts and change.id not in self.marked:
                self.marked.add(change.id)
                self._window.add_time_marker(change.ts, ACCENT, w("marker", self.lang))

    def open_panel(self) -> OrderPanel:
        if self.panel is None:
            self.panel = OrderPanel(self.service, self.lang, self._window)
        self.panel.show()
        self.panel.raise_()
        return self.panel


def attach_order_panel(window: MainWindow, service: OrderingService, lang: str = "zh") -> OrderAttachment:
    return OrderAttachment(window, service, lang)
