"""The products in the live window, wired through the window's seams only (the one place product features plug
in): the product board (a side tab, and View → Products board, Ctrl+P, which shows it and widens the side pane),
and the surge hints of services.products.surge.SurgeWatch (an amber strip at the top, a marker on the charts, a
tray notification through the app's notifier, silent unless the operator turned sound on), and the order panel
(ui.products.order_attachment: Products → Adjust product order…, over services.products.ordering).

`attach_products(window, feed, surge, notify, lang)` builds it and returns the `ProductsAttachment`, which the
composition root keeps. Another product feature adds its piece in `ProductsAttachment.__init__` (marked) with the
same seams: a side tab or review tab, a menu action in PRODUCTS_MENU_KEY's menu, a strip.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from dyconsole.core.products.board import board_rows, orders_created, recent_sales
from dyconsole.core.products.surge import SurgeHint
from dyconsole.core.model import ProductSample
from dyconsole.services.live.feed import LiveFeed
from dyconsole.services.products.ordering import OrderingService
from dyconsole.services.products.surge import SurgeWatch
from dyconsole.ui.common.theme import DEGRADED
from dyconsole.ui.main_window import MainWindow, StripPosition
from dyconsole.ui.products.board import ProductBoard
from dyconsole.ui.products.order_attachment import attach_order_panel
from dyconsole.ui.products.surge_strip import SurgeStrip

#: the window's own words for the product pieces (context "ProductsAttachment")
BOARD_TAB = QT_TRANSLATE_NOOP("ProductsAttachment", "Products")
BOARD_ACTION = QT_TRANSLATE_NOOP("ProductsAttachment", "&Products board")
SURGE_TITLE = QT_TRANSLATE_NOOP("ProductsAttachment", "Product clicks surging")
#: the keys the products use on the window's seams
BOARD_TAB_KEY = "products"
PRODUCTS_MENU_KEY = "view"  # the board opens from View; a products menu of its own can come when there is more
BOARD_SHORTCUT = "Ctrl+P"
#: how wide the side pane gets when the operator asks for the board (every column fits at ~900 px)
BOARD_WIDTH = 760

#: notify(title, text): a tray message (and a beep when the operator turned sound on); the app's alert notifier
Notify = Callable[[str, str], None]


def _t(text: str) -> str:
    return QCoreApplication.translate("ProductsAttachment", text)


class ProductsAttachment:
    """The product pieces of one live window."""

    def __init__(self, window: MainWindow, feed: LiveFeed, surge: SurgeWatch | None, notify: Notify | None = None,
                 lang: str = "zh", ordering: OrderingService | None = None) -> None:
        self._window = window
        self.feed = feed
        self.lang = lang
        self.notify = notify
        self._shown_products: list[ProductSample] | None = None
        self._shown_orders = -1
        # the board: a side tab refreshed on the text clock while shown, and View → Products board
        self.board = ProductBoard(lang)
        window.add_side_tab(BOARD_TAB_KEY, self.board, _t(BOARD_TAB), self.refresh_board)
        self.board_action = QAction(_t(BOARD_ACTION), window)
        self.board_action.setShortcut(QKeySequence(BOARD_SHORTCUT))
        self.board_action.triggered.connect(self.show_board)
        window.add_action(PRODUCTS_MENU_KEY, self.board_action)
        # the surge hints: strip, chart marker, tray
        self.surge = surge
        self.strip = SurgeStrip(lang)
        window.add_strip(self.strip, StripPosition.TOP)
        self.markers = []
        if surge is not None:
            surge.subscribe(self.on_surge, lambda: self.strip.keep_only(surge.active))
            for hint in surge.hints:
                self.on_surge(hint, quiet=True)
        # --- other product features plug in here (heat map, order panel), through the window's seams ---
        # the order panel: Products → Adjust product order… (and each change marked on the charts)
        self.orders = attach_order_panel(window, ordering, lang) if ordering is not None else None

    def show_board(self) -> None:
        """The board in front, the side pane wide enough for it."""
        self._window.show_side_tab(BOARD_TAB_KEY)
        self._window.widen_side_panel(BOARD_WIDTH)

    def refresh_board(self) -> None:
        """On the text clock while the board is shown: only when a products (or orders) poll came in."""
        feed = self.feed
        if feed.products is self._shown_products and len(feed.orders) == self._shown_orders:
            return
        self._shown_products, self._shown_orders = feed.products, len(feed.orders)
        created = orders_created(feed.orders.values()) if feed.orders else None
        self.board.show_rows(board_rows(feed.products, created, recent_sales(feed.product_history)))

    def on_surge(self, hint: SurgeHint, quiet: bool = False) -> None:
        self.strip.add(hint)
        self.markers.append(self._window.add_time_marker(hint.at, DEGRADED, hint.title or hint.product_id))
        if not quiet and self.notify is not None:
            self.notify(_t(SURGE_TITLE), hint.message(self.lang))


def attach_products(window: MainWindow, feed: LiveFeed, surge: SurgeWatch | None = None,
                    notify: Notify | None = None, lang: str = "zh",
                    ordering: OrderingService | None = None) -> ProductsAttachment:
    """Add the product board and the surge hints to the live window. The caller must keep the returned
    attachment."""
    return ProductsAttachment(window, feed, surge, notify, lang, ordering)
