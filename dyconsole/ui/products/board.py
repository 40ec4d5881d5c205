"""The product board widget: the products table (ui.products.board_model, sortable by any column, the product
being explained marked with a 讲解中 badge, a product whose click-surge hint is up with an amber 激增 badge and title, stock-outs red 售罄, low stock amber, each product's weakest funnel step
shaded) above the funnel of the selected product (ui.live.funnel_panel, the product stages). In the narrow side
pane only the essential columns show; the others come back from the Columns button or the header's context menu,
and the table scrolls sideways. The figures come in with `show_rows` (core.products.board rows); this module only
lays them out.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.products.board import PRODUCT_STAGES, BoardRow
from dyconsole.ui.common.theme import ACCENT, DEGRADED, TEXT_DIM, font
from dyconsole.ui.live.funnel_panel import FunnelPanel, funnel_texts
from dyconsole.ui.products.board_paint import FigureDelegate
from dyconsole.ui.products.board_model import (
    BOARD_COLUMNS,
    COLUMN_KEYS,
    EXPLAINING_ROLE,
    ID_ROLE,
    SURGING_ROLE,
    BoardModel,
    BoardSortModel,
)

BADGE_PAD = 4
MIN_FIGURE_WIDTH = 64
MIN_TITLE_WIDTH = 150


class BoardTable(QTableView):
    """The board's table: the title column takes the width the figures leave (at least MIN_TITLE_WIDTH; below
    that the table scrolls sideways)."""

    fill_column = -1

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_title()

    def dataChanged(self, top_left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt API
                    bottom_right: QModelIndex | QPersistentModelIndex, roles: Sequence[int] = ()) -> None:
        """A change in one column (how the board model announces a poll) repaints exactly its cells: Qt's own
        update takes a pixel more on the left, which repaints the column beside it (the grid line it shares)."""
        c = top_left.column()
        if not top_left.isValid() or c != bottom_right.column():
            super().dataChanged(top_left, bottom_right, list(roles))
            return
        if self.isColumnHidden(c):
            return
        a, b = sorted((top_left.row(), bottom_right.row()))
        top = self.rowViewportPosition(a)
        rect = QRect(self.columnViewportPosition(c), top, self.columnWidth(c),
                     self.rowViewportPosition(b) + self.rowHeight(b) - top)
        if rect.intersects(self.viewport().rect()):
            self.viewport().update(rect)

    def fit_title(self) -> None:
        if self.fill_column < 0:
            return
        header = self.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != self.fill_column and not header.isSectionHidden(i))
        header.resizeSection(self.fill_column, max(MIN_TITLE_WIDTH, self.viewport().width() - others))



class TitleDelegate(QStyledItemDelegate):
    """The title cell: badges before the title: 讲解中 (accent) on the product being explained, 激增 (amber) on one
    whose click-surge hint is up."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badges = ((EXPLAINING_ROLE, glossary.label("product_explaining", lang), QColor(ACCENT)),
                       (SURGING_ROLE, glossary.label("product_surging", lang), QColor(DEGRADED)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        badges = [(text, colour) for role, text, colour in self.badges if index.data(role)]
        if not badges:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        bold = font(opt.font.pointSize(), bold=True)
        painter.setFont(bold)
        metrics = painter.fontMetrics()
        rect = opt.rect.adjusted(BADGE_PAD, 3, 0, -3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = rect.left()
        for text_, colour in badges:
            badge = QRect(left, rect.top(), metrics.horizontalAdvance(text_) + 2 * BADGE_PAD, rect.height())
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text_)
            left = badge.right() + BADGE_PAD
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)  # amber on a surging product, unless the row is selected
        painter.setPen(opt.palette.highlightedText().color() if selected
                       else fg.color() if fg is not None else opt.palette.text().color())
        rest = QRect(left, rect.top(), rect.right() - left, rect.height())
        painter.drawText(rest, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, rest.width()))
        painter.restore()


class ProductBoard(QWidget):
    """Every product of the room in its list position, with its figures and its funnel."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.model = BoardModel(lang, self)
        self.proxy = BoardSortModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = BoardTable()
        self.table.setObjectName("productBoard")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the list order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no sizing
        self.table.setItemDelegate(FigureDelegate(self.model, self.proxy, self.table))
        self.table.setItemDelegateForColumn(COLUMN_KEYS.index("title"),
                                            TitleDelegate(lang, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(36)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu.exec(header.mapToGlobal(pos)))
        metrics = header.fontMetrics()
        sold_out = self.table.fontMetrics().horizontalAdvance(glossary.label("product_sold_out", lang)) + 12
        for i, column in enumerate(BOARD_COLUMNS):  # a figure column as wide as its header (no elided headers)
            width = max(MIN_FIGURE_WIDTH, metrics.horizontalAdvance(column.title(lang)) + 24)
            header.resizeSection(i, max(width, sold_out) if column.key == "stock" else width)  # 售罄 unclipped
        self.table.fill_column = COLUMN_KEYS.index("title")
        self.columns_menu = QMenu(self)
        self.column_actions: dict[str, QAction] = {}
        for i, column in enumerate(BOARD_COLUMNS):
            action = self.columns_menu.addAction(column.title(lang))
            action.setCheckable(True)
            action.setChecked(column.essential)
            action.setEnabled(column.key not in ("position", "title"))
            action.toggled.connect(lambda on, i=i: self._show_column(i, on))
            self.table.setColumnHidden(i, not column.essential)
            self.column_actions[column.key] = action
        self._quiet_hidden()
        header.sortIndicatorChanged.connect(lambda *_: self._quiet_hidden())

        self.heading = QLabel(QCoreApplication.translate("ProductBoard", "Products"))
        self.heading.setFont(font(13, bold=True))
        self.summary = QLabel("")
        self.summary.setStyleSheet(f"color: {TEXT_DIM};")
        self.columns_button = QToolButton()
        self.columns_button.setText(QCoreApplication.translate("ProductBoard", "Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.setMenu(self.columns_menu)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addWidget(self.summary, 1)
        top.addWidget(self.columns_button)

        self.funnel = FunnelPanel([s.label(lang) for s in PRODUCT_STAGES])
        self.funnel.title.setText(QCoreApplication.translate("ProductBoard", "Select a product to see its funnel"))
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.funnel)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self._funnel_of: BoardRow | None = None  # the row the funnel shows
        self.split.setSizes([560, 200])  # the table first: the funnel needs only its four stages' rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_funnel())

    # --- what the attachment calls ----------------------------------------------------------------------------------
    def show_rows(self, rows: Sequence[BoardRow]) -> None:
        """One poll's rows; the selection, sorting and scroll position stay."""
        self.model.show_rows(rows)
        explaining = [r.title for r in rows if r.explaining]
        count = QCoreApplication.translate("ProductBoard", "%1 products").replace("%1", str(len(rows)))
        summary = count + (f" · {glossary.label('product_explaining', self.lang)}: {explaining[0]}"
                           if explaining else "")
        if summary != self.summary.text():
            self.summary.setText(summary)
        self._show_funnel()

    def set_surging(self, product_ids: Sequence[str]) -> None:
        """The products whose click-surge hint is up, marked in their rows (cleared when the hint clears)."""
        self.model.set_surging(product_ids)

    def surging_ids(self) -> list[str]:
        """The products marked surging, in the order the table shows them."""
        return [pid for pid in self.shown_ids() if pid in self.model.surging()]

    def _show_column(self, i: int, visible: bool) -> None:
        self.table.setColumnHidden(i, not visible)
        self.table.fit_title()
        self._quiet_hidden()

    def _quiet_hidden(self) -> None:
        """The model announces no change in a hidden column (it is painted afresh when shown), unless the table
        sorts by it."""
        sort = self.table.horizontalHeader().sortIndicatorSection()
        self.model.quiet_columns = frozenset(i for i in range(len(BOARD_COLUMNS))
                                             if self.table.isColumnHidden(i) and i != sort)

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.column_actions[key].setChecked(visible)

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(BOARD_COLUMNS) if not self.table.isColumnHidden(i)]

    def shown_ids(self) -> list[str]:
        """The product ids in the order the table shows them now."""
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def selected_product(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_product(self, product_id: str) -> None:
        row = self.model.row_of(product_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _show_funnel(self) -> None:
        pid = self.selected_product()
        row = self.model.row_of(pid) if pid is not None else None
        if row is None:
            return
        board_row = self.model.row(row)
        if board_row is self._funnel_of:
            return  # the same poll's figures: already shown
        self._funnel_of = board_row
        self.funnel.title.setText(board_row.title)
        self.funnel.show_stages(*funnel_texts(board_row.funnel, self.lang))
