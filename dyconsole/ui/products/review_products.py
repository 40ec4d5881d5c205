"""The review window's "Products" tab: the click heat map of the whole session with the replay cursor and the
order changes that happened in the room, above the products table at the cursor (at the end: each product's final
figures) with its funnel: impressions -> clicks (CTR) -> paid orders (click-to-paid conversion), GMV; the weaker of
a product's two steps, judged against the same step over all the room's products, is highlighted. When the session
has order changes, the list of them with their measured effect (ui.products.order_changes, read once through
core.review.order_changes) is a second page beside the table (the side pane is narrow: each gets the height);
clicking a change asks for the cursor there (`seek_requested`).

`ReviewProducts(session, lang)` is added through the review window's `add_review_tab`; `show_at(ts)` is its refresh
(the cursor); the window links the map's time axis with its charts (`heat.set_time_range`, `time_range_requested`).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.numfmt import fmt_money
from dyconsole.core.products.change_text import product_names
from dyconsole.core.products.heat import ctr
from dyconsole.core.products.history import IMPRESSIONS, ProductHistory, ProductRow
from dyconsole.core.review.order_changes import session_changes
from dyconsole.core.review.session import RecordedSession
from dyconsole.ui.common.theme import DEGRADED
from dyconsole.ui.products.heatmap import ClickHeatMap
from dyconsole.ui.products.order_changes import OrderChangesView

#: the table's metric columns (glossary keys) after the product and its price
FUNNEL_TERMS: tuple[str, ...] = ("live_product_show_cnt_alias", "live_click_product_count_alias", "product_click_rate",
                                 "live_pay_order_count_alias", "conversion_rate", "live_pay_order_gmv_alias")
CTR_COL, CONVERSION_COL = 4, 6
PRODUCT_COLUMN_PX = 150
WEAK_FILL = QColor(DEGRADED)
WEAK_FILL.setAlpha(90)


def _impressions_at(history: ProductHistory, product_id: str, ts: float) -> float | None:
    times, values = history.series(product_id, IMPRESSIONS)
    i = int(np.searchsorted(times, ts, side="right")) - 1
    return float(values[i]) if i >= 0 and math.isfinite(values[i]) else None


def _conversion(paid: float | None, clicks: float | None) -> float | None:
    return paid / clicks if paid is not None and clicks else None


class ProductsTable(QTableWidget):
    """Products at the cursor with their funnel, largest GMV first."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 2 + len(FUNNEL_TERMS), parent)
        self.lang = lang
        self.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Price"),
                                        *(glossary.label(k, lang) for k in FUNNEL_TERMS)])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, PRODUCT_COLUMN_PX)  # titles stay readable; a narrow tab scrolls sideways
        header.setStretchLastSection(True)
        for c in range(1, self.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def show_products(self, rows: list[ProductRow], impressions: list[float | None] | None = None) -> None:
        shows = impressions if impressions is not None else [None] * len(rows)
        rates = [(ctr(p.clicks, s), _conversion(p.orders, p.clicks)) for p, s in zip(rows, shows)]
        room_ctr = ctr(sum(p.clicks or 0.0 for p in rows), sum(s or 0.0 for s in shows))
        room_conversion = _conversion(sum(p.orders or 0.0 for p in rows), sum(p.clicks or 0.0 for p in rows))
        self.setRowCount(len(rows))
        for r, (p, s, (c_rate, conversion)) in enumerate(zip(rows, shows, rates)):
            cells = (p.title, fmt_money(p.price, self.lang),
                     *(glossary.fmt(k, v, self.lang) for k, v in zip(
                         FUNNEL_TERMS, (s, p.clicks, c_rate, p.orders, conversion, p.gmv))))
            weak = _weaker_step(c_rate, room_ctr, conversion, room_conversion)
            for c, text in enumerate(cells):
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.setItem(r, c, item)
                item.setText(text)
                item.setBackground(WEAK_FILL if c == weak else QColor(0, 0, 0, 0))
                item.setToolTip(self.tr("The weaker step of this product's funnel against the room's")
                                if c == weak else (p.title if c == 0 else ""))

    def weak_columns(self) -> list[int | None]:
        """Per row, the highlighted (weaker) step's column (None: neither is below the room's)."""
        return [next((c for c in (CTR_COL, CONVERSION_COL) if self.item(r, c).background().color().alpha()), None)
                for r in range(self.rowCount())]


def _weaker_step(c_rate: float | None, room_ctr: float | None, conversion: float | None,
                 room_conversion: float | None) -> int | None:
    """The column of the product's step furthest below the room's same step (None when neither is below)."""
    scores = [(c_rate / room_ctr, CTR_COL) if c_rate is not None and room_ctr else None,
              (conversion / room_conversion, CONVERSION_COL) if conversion is not None and room_conversion else None]
    below = [s for s in scores if s is not None and s[0] < 1.0]
    return min(below)[1] if below else None


class ReviewProducts(QWidget):
    """The heat map of the session over the products table at the cursor and the session's order changes."""

    seek_requested = Signal(float)  # an order change was clicked: put the cursor at it

    def __init__(self, session: RecordedSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        measured = session_changes(session)
        self.heat = ClickHeatMap(lang, session.start)
        self.heat.show_history(session.products)
        self.heat.set_order_changes([c.ts for c, _ in measured if c.counts])
        self.table = ProductsTable(lang)
        self.changes = OrderChangesView(lang, detail=lambda cid: session_changes(session, cid, products=True)[0][1])
        self.changes.show_changes([c for c, _ in measured], {c.id: e for c, e in measured if e is not None},
                                  product_names(list(session.products.titles.items())))
        self.changes.change_picked.connect(self.seek_requested)
        self.changes.heading.hide()  # the page's tab names it
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.table, self.tr("Products"))
        if measured:
            self.pages.addTab(self.changes, self.tr("Order changes (%1)").replace("%1", str(len(measured))))
        self.pages.tabBar().setVisible(self.pages.count() > 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.heat)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_at(self, ts: float) -> None:
        """The session as it was at the cursor `ts`."""
        self.heat.redraw()
        self.heat.set_cursor(ts)
        rows = self.session.products_at(ts)
        self.table.show_products(rows, [_impressions_at(self.session.products, p.product_id, ts) for p in rows])
