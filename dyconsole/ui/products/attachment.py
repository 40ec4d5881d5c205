"""The products in the live window, wired through the window's seams only (the one place product features plug
in): the product board (a side tab, and View → Products board, Ctrl+P, which shows it and widens the side pane;
a product whose surge hint is up is marked 激增 in its row), the surge hints of services.products.surge.SurgeWatch
(an amber strip at the top, a marker on the charts, a tray notification through the app's notifier, silent unless
the operator turned sound on), the click heat map (a side tab and Products → Click heat map; its time axis linked
to the charts'; each products poll only marks it dirty, the tab's refresh on the text clock draws), and the order
panel (ui.products.order_attachment: Products → Adjust product order…, over services.products.ordering): each
change that happened in the room (applied, or confirmed by the operator) is marked on the heat map.

`attach_products(window, feed, surge, notify, lang, ordering)` builds it and returns the `ProductsAttachment`,
which the composition root keeps and adds to the poll fan-out (after the feed: the heat map draws the feed's
product history). Another product feature adds its piece in `ProductsAttachment.__init__` (marked) with the same
seams: a side tab or review tab, a menu action in the Products menu (PRODUCTS_MENU_KEY), a strip.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from dyconsole.core.feed import PollHandlers, ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.core.products.board import board_rows, recent_sales
from dyconsole.core.products.surge import SurgeHint
from dyconsole.services.live.feed import LiveFeed
from dyconsole.services.products.ordering import OrderingService
from dyconsole.services.products.surge import SurgeWatch
from dyconsole.ui.common.theme import DEGRADED
from dyconsole.ui.main_window import MainWindow, StripPosition
from dyconsole.ui.products.board import ProductBoard
from dyconsole.ui.products.heatmap import ClickHeatMap
from dyconsole.ui.products.order_attachment import OrderAttachment
from dyconsole.ui.products.surge_strip import SurgeStrip

#: the window's own words for the product pieces (context "ProductsAttachment")
BOARD_TAB = QT_TRANSLATE_NOOP("ProductsAttachment", "Products")
BOARD_ACTION = QT_TRANSLATE_NOOP("ProductsAttachment", "&Products board")
SURGE_TITLE = QT_TRANSLATE_NOOP("ProductsAttachment", "Product clicks surging")
HEAT_TAB = QT_TRANSLATE_NOOP("ProductsAttachment", "Click heat")
PRODUCTS_MENU = QT_TRANSLATE_NOOP("ProductsAttachment", "&Products")
HEAT_ACTION = QT_TRANSLATE_NOOP("ProductsAttachment", "Click &heat map")
#: the keys the products use on the window's seams
BOARD_TAB_KEY = "products"
HEAT_TAB_KEY = "click_heat"
BOARD_MENU_KEY = "view"  # the board opens from View (beside the window's other panes)
PRODUCTS_MENU_KEY = "products"  # the Products menu: the heat map and the order panel
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
        window.add_side_tab(BOARD_TAB_KEY, self.board, _t(BOARD_TAB), self.refresh_board, scroll=True)
        self.board_action = QAction(_t(BOARD_ACTION), window)
        self.board_action.setShortcut(QKeySequence(BOARD_SHORTCUT))
        self.board_action.triggered.connect(self.show_board)
        window.add_action(BOARD_MENU_KEY, self.board_action)
        # the surge hints: strip, chart marker, tray
        self.surge = surge
        self.strip = SurgeStrip(lang)
        window.add_strip(self.strip, StripPosition.TOP)
        self.markers = []
        if surge is not None:
            surge.subscribe(self.on_surge, self.surge_polled)
            for hint in surge.hints:
                self.on_surge(hint, quiet=True)
            self.surge_polled()
        # --- other product features plug in here, through the window's seams ---
        window.menu(PRODUCTS_MENU_KEY, _t(PRODUCTS_MENU))
        window.add_action(PRODUCTS_MENU_KEY, self.board_action)  # the board is also where the other product tools are
        # the click heat map: a side tab and Products → Click heat map, its time axis the charts'
        self.heat = ClickHeatMap(lang)
        window.add_side_tab(HEAT_TAB_KEY, self.heat, _t(HEAT_TAB), self.refresh_heat)
        self.heat_action = QAction(_t(HEAT_ACTION), window)
        self.heat_action.triggered.connect(lambda: window.show_side_tab(HEAT_TAB_KEY))
        window.add_action(PRODUCTS_MENU_KEY, self.heat_action)
        window.time_range_changed.connect(self.heat.set_time_range)
        self.heat.time_range_requested.connect(window.show_time_range)
        self.heat.set_time_range(*window.chart_time_range())
        if len(feed.product_history):
            self.heat.show_history(feed.product_history)
        # the order panel: Products → Adjust product order… (each change marked on the charts and the heat map)
        self.orders = OrderAttachment(window, ordering, PRODUCTS_MENU_KEY, lang) if ordering is not None else None
        if ordering is not None:
            ordering.changes_changed.connect(self.mark_order_changes)
            self.mark_order_changes()

    def poll_handlers(self) -> PollHandlers:
        return {ProductsPolled: lambda _e: self.heat.show_history(self.feed.product_history)}

    def show_board(self) -> None:
        """The board in front, the side pane wide enough for it."""
        self._window.show_side_tab(BOARD_TAB_KEY)
        self._window.widen_side_panel(BOARD_WIDTH)

    def refresh_board(self) -> None:
        """On the text clock while the board is shown: only when a products (or orders) poll came in."""
        feed = self.feed
        if feed.products is self._shown_products and feed.order_count == self._shown_orders:
            return
        self._shown_products, self._shown_orders = feed.products, feed.order_count
        created = dict(feed.orders_created) if feed.order_count else None
        self.board.show_rows(board_rows(feed.products, created, recent_sales(feed.product_history)))

    def refresh_heat(self) -> None:
        """The heat map's tab is shown and the feed moved on: draw what is new."""
        if self.heat.isVisible():
            self.heat.redraw()

    def mark_order_changes(self) -> None:
        """The order changes that happened in the room (applied, or applied by the operator and confirmed) on the
        heat map; a pending or failed one is not marked."""
        if self.orders is not None:
            self.heat.set_order_changes(sorted(c.ts for c in self.orders.service.changes if c.counts))

    def surge_polled(self) -> None:
        """After each products poll: the hints no longer up leave the strip and the board's rows."""
        active = self.surge.active if self.surge is not None else []
        self.strip.keep_only(active)
        self.board.set_surging(active)

    def on_surge(self, hint: SurgeHint, quiet: bool = False) -> None:
        self.strip.add(hint)
        self.board.set_surging(self.surge.active if self.surge is not None else [hint.product_id])
        self.markers.append(self._window.add_time_marker(hint.at, DEGRADED, hint.title or hint.product_id))
        if not quiet and self.notify is not None:
            self.notify(_t(SURGE_TITLE), hint.message(self.lang))


def attach_products(window: MainWindow, feed: LiveFeed, surge: SurgeWatch | None = None,
                    notify: Notify | None = None, lang: str = "zh",
                    ordering: OrderingService | None = None) -> ProductsAttachment:
    """Add the product board, the surge hints, the click heat map and the order panel to the live window. The
    caller must keep the returned attachment and add it to the poll fan-out."""
    return ProductsAttachment(window, feed, surge, notify, lang, ordering)
