"""The product board's table model: one row per product, keyed by its id, columns from the glossary
(`BOARD_COLUMNS`). `show_rows` takes each poll's rows (core.products.board) without a reset: the rows that stay
get `dataChanged`, products gone are removed and new ones inserted, and a change of list order is a
`layoutChanged` with the persistent indexes moved by product id, so the view keeps its selection and scroll
position and nothing flickers. Sorting is the proxy's (`BoardSortModel`, on SORT_ROLE: numbers, missing last).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from dyconsole.core import glossary
from dyconsole.core.products.board import BoardRow, StockLevel
from dyconsole.ui.common.theme import ALERT_RED, DEGRADED

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value the proxy sorts by
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the product id of a row
EXPLAINING_ROLE = Qt.ItemDataRole.UserRole + 3  # True on the title of the product being explained
SURGING_ROLE = Qt.ItemDataRole.UserRole + 4  # True on the title of a product whose click-surge hint is up
WEAK_BG = QColor(245, 166, 35, 70)  # the weakest funnel step's rate: amber, light
LOW_STOCK_BG = QColor(245, 166, 35, 90)
OUT_BG = QColor(ALERT_RED)


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """A board column: its key, the glossary term of its header (None: the product title), the BoardRow field and
    whether it shows in the narrow side pane by default."""

    key: str
    term: str | None
    field: str
    essential: bool = False

    def title(self, lang: str) -> str:
        return glossary.label(self.term, lang) if self.term else QCoreApplication.translate("ProductBoard", "Product")


BOARD_COLUMNS: tuple[BoardColumn, ...] = (
    BoardColumn("position", "product_position", "position", True),
    BoardColumn("title", None, "title", True),
    BoardColumn("impressions", "live_product_show_cnt_alias", "impressions"),
    BoardColumn("clicks", "live_click_product_count_alias", "clicks", True),
    BoardColumn("ctr", "product_ctr", "ctr", True),
    BoardColumn("orders", "live_create_order_count_alias", "orders"),
    BoardColumn("order_rate", "product_order_rate", "order_rate"),
    BoardColumn("paid", "live_pay_order_count_alias", "paid"),
    BoardColumn("pay_rate", "product_pay_rate", "pay_rate"),
    BoardColumn("gmv", "live_pay_order_gmv_alias", "gmv", True),
    BoardColumn("price", "live_product_price", "price"),
    BoardColumn("stock", "live_product_Inventory", "stock", True),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in BOARD_COLUMNS)



def _sort_value(value: Any) -> Any:
    """Numbers sort as numbers with missing below every number; text as text."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return -math.inf
    return float(value)


class BoardModel(QAbstractTableModel):
    """The products of the latest poll, one row each, in the order of the source's list."""

    def __init__(self, lang: str = "zh", parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[BoardRow] = []
        self._row_of: dict[str, int] = {}
        self._surging: frozenset[str] = frozenset()
        self.resets = 0  # never moves after construction: updates are data, insert/remove and layout changes

    # --- the data ---------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(BOARD_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(BOARD_COLUMNS):
            return None
        column = BOARD_COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.title(self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(None, column, None)
        return None

    def row(self, i: int) -> BoardRow:
        return self._rows[i]

    def row_of(self, product_id: str) -> int | None:
        return self._row_of.get(product_id)

    def product_ids(self) -> list[str]:
        return [r.product_id for r in self._rows]

    def surging(self) -> frozenset[str]:
        return self._surging

    def set_surging(self, product_ids: Sequence[str]) -> None:
        """The products whose click-surge hint is up (services.products.surge.SurgeWatch.active): their titles are
        marked; only the titles whose mark changed are redrawn."""
        new = frozenset(product_ids)
        changed, self._surging = new ^ self._surging, new
        title = COLUMN_KEYS.index("title")
        for pid in changed:
            row = self._row_of.get(pid)
            if row is not None:
                self.dataChanged.emit(self.index(row, title), self.index(row, title))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], BOARD_COLUMNS[index.column()]
        value = getattr(row, column.field)
        handler = _ROLES.get(role)
        return handler(self, row, column, value) if handler is not None else None

    def _display(self, row: BoardRow, column: BoardColumn, value: Any) -> str:
        if column.key == "title":
            return str(value)
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return glossary.label("product_sold_out", self.lang)
        return glossary.fmt(column.term, value, self.lang) if column.term else str(value)

    def _background(self, row: BoardRow, column: BoardColumn, _value: Any) -> QBrush | None:
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return QBrush(OUT_BG)
        if column.key == "stock" and row.stock_level is StockLevel.LOW:
            return QBrush(LOW_STOCK_BG)
        if column.term is not None and column.term == row.weakest_rate_term:
            return QBrush(WEAK_BG)
        return None

    def _foreground(self, row: BoardRow, column: BoardColumn, _value: Any) -> QBrush | None:
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return QBrush(QColor("#ffffff"))
        if column.key == "stock" and row.stock_level is StockLevel.LOW:
            return QBrush(QColor(DEGRADED))
        if column.key == "title" and row.product_id in self._surging:
            return QBrush(QColor(DEGRADED))
        return None

    def _tooltip(self, row: BoardRow, column: BoardColumn, _value: Any) -> str | None:
        if column.key == "title":
            return row.title + (f" · {glossary.label('product_surging', self.lang)}"
                                if row.product_id in self._surging else "")
        if column.term is not None and column.term == row.weakest_rate_term:
            return QCoreApplication.translate("ProductBoard",
                                              "The weakest step of this product's funnel (below the room's)")
        if column.key == "stock" and row.stock_level is StockLevel.LOW:
            return QCoreApplication.translate("ProductBoard", "Low stock")
        return None

    def _alignment(self, _row: BoardRow | None, column: BoardColumn, _value: Any) -> int:
        if column.key == "title":
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if column.key == "position":
            return int(Qt.AlignmentFlag.AlignCenter)
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # --- taking a poll ----------------------------------------------------------------------------------------------
    def show_rows(self, rows: Sequence[BoardRow]) -> None:
        """The latest poll's rows: no reset, so selections, sorting and scroll positions stay."""
        wanted = {r.product_id for r in rows}
        for i in reversed([i for i, r in enumerate(self._rows) if r.product_id not in wanted]):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
        have = {r.product_id for r in self._rows}
        new = [r for r in rows if r.product_id not in have]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        order = [r.product_id for r in rows]
        if [r.product_id for r in self._rows] != order:
            self._reorder(rows)
        else:
            self._rows = list(rows)
        self._row_of = {r.product_id: i for i, r in enumerate(self._rows)}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(BOARD_COLUMNS) - 1))

    def _reorder(self, rows: Sequence[BoardRow]) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.product_id for r in self._rows]
        new_row = {r.product_id: i for i, r in enumerate(rows)}
        before = self.persistentIndexList()
        after = [self.index(new_row[old_ids[i.row()]], i.column()) for i in before]
        self._rows = list(rows)
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


_ROLES: dict[int, Callable[[BoardModel, BoardRow, BoardColumn, Any], Any]] = {
    Qt.ItemDataRole.DisplayRole: BoardModel._display,
    Qt.ItemDataRole.BackgroundRole: BoardModel._background,
    Qt.ItemDataRole.ForegroundRole: BoardModel._foreground,
    Qt.ItemDataRole.ToolTipRole: BoardModel._tooltip,
    Qt.ItemDataRole.TextAlignmentRole: BoardModel._alignment,
    SORT_ROLE: lambda _m, _r, _c, value: _sort_value(value),
    ID_ROLE: lambda _m, row, _c, _v: row.product_id,
    EXPLAINING_ROLE: lambda _m, row, column, _v: row.explaining and column.key == "title",
    SURGING_ROLE: lambda m, row, column, _v: column.key == "title" and row.product_id in m.surging(),
}


class BoardSortModel(QSortFilterProxyModel):
    """Sorts the board by any column on its raw values (missing below every number), re-sorting as figures move;
    the selection follows the products (persistent indexes)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt API
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return isinstance(a, float)
        return bool(a < b)
