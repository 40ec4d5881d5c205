"""The click heat map in the live window, wired through the window's seams only: a side tab ("Click heat"), an
action in the "Products" menu that shows it, its time axis linked to the charts' (`time_range_changed` /
`show_time_range`), and the products polls of the fan-out (`poll_handlers`: a poll only marks the map dirty; the
tab's refresh, on the window's text clock and only while the tab is shown, draws).

`attach_heatmap(window, feed, lang)` builds it; the composition root keeps the returned `HeatMapAttachment` and adds
it to the poll fan-out. The order-adjustment panel marks an applied or confirmed change with `mark_order_change`.
(To be merged into the products attachment, ui/products/attachment.py, once that lands.)
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction

from dyconsole.core.feed import PollHandlers, ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.products.heatmap import ClickHeatMap

HEAT_TAB = QT_TRANSLATE_NOOP("HeatMapAttachment", "Click heat")
PRODUCTS_MENU = QT_TRANSLATE_NOOP("HeatMapAttachment", "&Products")
HEAT_ACTION = QT_TRANSLATE_NOOP("HeatMapAttachment", "Click &heat map")
#: the keys the heat map uses on the window's seams
HEAT_TAB_KEY = "click_heat"
PRODUCTS_MENU_KEY = "products"


def _t(text: str) -> str:
    return QCoreApplication.translate("HeatMapAttachment", text)


class HeatMapAttachment:
    """The heat map of one live window, fed by the products polls."""

    def __init__(self, window: MainWindow, feed: LiveFeed, lang: str) -> None:
        self._window = window
        self.feed = feed
        self.map = ClickHeatMap(lang)
        self.order_changes: list[float] = []
        window.add_side_tab(HEAT_TAB_KEY, self.map, _t(HEAT_TAB), self.refresh)
        window.menu(PRODUCTS_MENU_KEY, _t(PRODUCTS_MENU))
        self.show_action = QAction(_t(HEAT_ACTION), window)
        self.show_action.triggered.connect(lambda: window.show_side_tab(HEAT_TAB_KEY))
        window.add_action(PRODUCTS_MENU_KEY, self.show_action)
        window.time_range_changed.connect(self.map.set_time_range)
        self.map.time_range_requested.connect(window.show_time_range)
        self.map.set_time_range(*window.chart_time_range())
        if len(feed.product_history):
            self.map.show_history(feed.product_history)

    def poll_handlers(self) -> PollHandlers:
        return {ProductsPolled: lambda e: self.on_products(e.ts, e.products)}

    def on_products(self, _ts: float, _products: list[ProductSample]) -> None:
        """A products poll (the feed took it in first): the map is out of date."""
        self.map.show_history(self.feed.product_history)

    def mark_order_change(self, ts: float) -> None:
        """A product order change was applied or confirmed at broadcast time `ts`."""
        self.order_changes.append(ts)
        self.map.set_order_changes(sorted(self.order_changes))

    def refresh(self) -> None:
        """The tab is shown and the feed moved on: draw what is new."""
        if self.map.isVisible():
            self.map.redraw()


def attach_heatmap(window: MainWindow, feed: LiveFeed, lang: str) -> HeatMapAttachment:
    """Add the click heat map tab and its menu action to the live window. The caller keeps the attachment and adds
    it to the poll fan-out."""
    return HeatMapAttachment(window, feed, lang)
