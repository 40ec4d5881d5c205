"""The product board's table model: one row per product, keyed by its id, columns from the glossary
(`BOARD_COLUMNS`). `show_rows` takes each poll's rows (core.products.board) without a reset: the rows that stay
get `dataChanged`, products gone are removed and new ones inserted, and a change of list order is a
`layoutChanged` with the persistent indexes moved by product id, so the view keeps its selection and scroll
position and nothing flickers. Rows are compared with the previous poll's by product id: only the changed cells are
announced (so only they repaint), and a cell's text is formatted once per change (a paint reads it many times). Sorting is the proxy's (`BoardSortModel`, on SORT_ROLE: numbers, missing last).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
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


#: what a paint asks for, made once (a paint asks every visible cell for several roles)
OUT_BRUSH, LOW_STOCK_BRUSH, WEAK_BRUSH = QBrush(OUT_BG), QBrush(LOW_STOCK_BG), QBrush(WEAK_BG)
OUT_TEXT_BRUSH, LOW_STOCK_TEXT_BRUSH = QBrush(QColor("#ffffff")), QBrush(QColor(DEGRADED))
_STOCK = COLUMN_KEYS.index("stock")
_TITLE = COLUMN_KEYS.index("title")
_FIELDS: tuple[str, ...] = tuple(c.field for c in BOARD_COLUMNS)
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_ALIGN, _BACKGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)


def _alignment(column: BoardColumn) -> int:
    if column.key == "title":
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if column.key == "position":
        return int(Qt.AlignmentFlag.AlignCenter)
    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


#: a view repaints only the cells of a dataChanged of fewer cells than this (QAbstractItemView: its whole viewport
#: for a bigger range)
MAX_CELLS_PER_CHANGE = 200
ALIGNMENTS: tuple[int, ...] = tuple(_alignment(c) for c in BOARD_COLUMNS)


def changed_columns(old: BoardRow, new: BoardRow) -> list[int]:
    """The columns whose cells may differ between two rows of one product (value, shading or badge)."""
    return [i for i, f in enumerate(_FIELDS) if getattr(old, f) != getattr(new, f)] + restyled_columns(old, new)


def restyled_columns(old: BoardRow, new: BoardRow) -> list[int]:
    """The columns whose shading or badge differs between two rows of one product, whatever their text."""
    changed = []
    if old.stock_level is not new.stock_level:
        changed.append(_STOCK)
    if old.explaining != new.explaining:
        changed.append(_TITLE)
    if old.weakest_rate_term != new.weakest_rate_term:
        changed += [i for i, c in enumerate(BOARD_COLUMNS)
                    if c.term is not None and c.term in (old.weakest_rate_term, new.weakest_rate_term)]
    return changed


class BoardModel(QAbstractTableModel):
    """The products of the latest poll, one row each, in the order of the source's list."""

    def __init__(self, lang: str = "zh", parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[BoardRow] = []
        self._row_of: dict[str, int] = {}
        self._surging: frozenset[str] = frozenset()
        self._texts: dict[str, tuple[BoardRow, list[str | None]]] = {}  # product id -> (row, its cells' texts)
        #: columns whose changes are not announced: those the view hides (and does not sort by). A hidden column's
        #: dataChanged would still repaint the cells beside its zero-width place; shown again, it is painted afresh
        self.quiet_columns: frozenset[int] = frozenset()
        self.resets = 0  # never moves after construction: updates are data, insert/remove and layout changes
        self.changed_cells = 0  # cells announced changed by the last `show_rows`

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
            return ALIGNMENTS[section]
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

    def sort_value(self, row: int, column: int) -> Any:
        """What the proxy sorts a cell by."""
        return _sort_value(getattr(self._rows[row], _FIELDS[column]))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the hot path of every paint: the cell's text is made once per change of its row, the rest is constant
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == _DISPLAY:
            return self._text(r, c)
        if role == _ALIGN:
            return ALIGNMENTS[c]
        handler = _ROLES.get(role)
        if handler is None:
            return None
        row = self._rows[r]
        column = BOARD_COLUMNS[c]
        return handler(self, row, column, getattr(row, column.field))

    def multiData(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt API
                  roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N803
        if index.isValid():
            self.fill(index.row(), index.column(), roleDataSpan)

    def fill(self, r: int, c: int, span: QModelRoleDataSpan) -> None:
        """Every role a paint asks of one cell, in one call (a delegate asks ~7; one call each costs more than the
        answer)."""
        row, column = self._rows[r], BOARD_COLUMNS[c]
        for k in range(len(span)):
            item = span[k]
            role = item.role()
            if role == _DISPLAY:
                item.setData(self._text(r, c))
            elif role == _ALIGN:
                item.setData(ALIGNMENTS[c])
            else:
                handler = _ROLES.get(role)
                value = handler(self, row, column, getattr(row, column.field)) if handler is not None else None
                if value is not None:
                    item.setData(value)
                else:  # a delegate may reuse the span cell to cell: an old brush must not stay (it did: rows
                    item.clearData()  # after a sold-out one were painted amber and red)

    def cell_text(self, r: int, c: int) -> str:
        """The text of a cell (made once per change of its row)."""
        return self._text(r, c)

    def cell_brushes(self, r: int, c: int) -> tuple[QBrush | None, QBrush | None]:
        """A cell's (background, foreground), None where the view's own colours apply."""
        row, column = self._rows[r], BOARD_COLUMNS[c]
        return self._background(row, column, None), self._foreground(row, column, None)

    @staticmethod
    def cell_alignment(c: int) -> int:
        return ALIGNMENTS[c]

    def _text(self, r: int, c: int) -> str:
        row = self._rows[r]
        cached = self._texts.get(row.product_id)
        if cached is None or cached[0] is not row:
            cached = self._texts[row.product_id] = (row, [None] * len(BOARD_COLUMNS))
        text = cached[1][c]
        if text is None:
            column = BOARD_COLUMNS[c]
            text = cached[1][c] = self._display(row, column, getattr(row, column.field))
        return text

    def _display(self, row: BoardRow, column: BoardColumn, value: Any) -> str:
        if column.key == "title":
            return str(value)
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return glossary.label("product_sold_out", self.lang)
        return glossary.fmt(column.term, value, self.lang) if column.term else str(value)

    def _background(self, row: BoardRow, column: BoardColumn, _value: Any) -> QBrush | None:
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return OUT_BRUSH
        if column.key == "stock" and row.stock_level is StockLevel.LOW:
            return LOW_STOCK_BRUSH
        if column.term is not None and column.term == row.weakest_rate_term:
            return WEAK_BRUSH
        return None

    def _foreground(self, row: BoardRow, column: BoardColumn, _value: Any) -> QBrush | None:
        if column.key == "stock" and row.stock_level is StockLevel.OUT:
            return OUT_TEXT_BRUSH
        if column.key == "stock" and row.stock_level is StockLevel.LOW:
            return LOW_STOCK_TEXT_BRUSH
        if column.key == "title" and row.product_id in self._surging:
            return LOW_STOCK_TEXT_BRUSH  # amber, as low stock
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

    # --- taking a poll ----------------------------------------------------------------------------------------------
    def show_rows(self, rows: Sequence[BoardRow]) -> None:
        """The latest poll's rows: no reset, so selections, sorting and scroll positions stay. Only the cells that
        changed are announced (`dataChanged` over each run of changed rows), so a view repaints only those."""
        old = {r.product_id: r for r in self._rows}
        wanted = {r.product_id for r in rows}
        for i in reversed([i for i, r in enumerate(self._rows) if r.product_id not in wanted]):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
        new = [r for r in rows if r.product_id not in old]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        for pid in old.keys() - wanted:
            self._texts.pop(pid, None)
        order = [r.product_id for r in rows]
        if [r.product_id for r in self._rows] != order:
            self._reorder(rows)
        else:
            self._rows = list(rows)
        self._row_of = {r.product_id: i for i, r in enumerate(self._rows)}
        self._announce([(i, self._changed_cells(old[r.product_id], r)) for i, r in enumerate(self._rows)
                        if r.product_id in old and old[r.product_id] is not r])

    def _changed_cells(self, old: BoardRow, new: BoardRow) -> list[int]:
        """The columns of a product's row to repaint: those whose value changed, less those whose text did not
        (a CTR of 3.0% that moved in its fourth digit), judged where the old texts are at hand (a row that was
        shown; an unshown one is announced as it costs no paint), plus those restyled. The texts made here are
        kept for the paint."""
        columns = changed_columns(old, new)
        cached = self._texts.get(new.product_id)
        if cached is None or cached[0] is not old or not columns:
            return columns
        texts = list(cached[1])
        restyled = set(restyled_columns(old, new))
        keep = []
        for c in dict.fromkeys(columns):
            if texts[c] is None:  # never shown (a hidden column): announced, its text made if it is ever painted
                keep.append(c)
                continue
            column = BOARD_COLUMNS[c]
            text = self._display(new, column, getattr(new, column.field))
            if c in restyled or text != texts[c]:
                keep.append(c)
            texts[c] = text
        self._texts[new.product_id] = (new, texts)
        return keep

    def _announce(self, changed: list[tuple[int, list[int]]]) -> None:
        """For each column, one dataChanged per run of consecutive rows whose cell in it changed (cut in blocks of
        fewer than MAX_CELLS_PER_CHANGE cells: a view repaints all it shows for a bigger one), so a view repaints
        exactly the changed cells, not the unchanged ones between them (a CTR that held, a stock that stayed)."""
        rows_of: dict[int, list[int]] = {}
        quiet = self.quiet_columns
        for i, columns in changed:
            for c in set(columns):
                if c not in quiet:
                    rows_of.setdefault(c, []).append(i)
        self.changed_cells = sum(len(rows) for rows in rows_of.values())
        for c in sorted(rows_of):
            rows = rows_of[c]
            top = prev = rows[0]
            for i in rows[1:] + [-1]:
                if i != prev + 1 or i - top >= MAX_CELLS_PER_CHANGE - 1:
                    self.dataChanged.emit(self.index(top, c), self.index(prev, c))
                    top = i
                prev = i

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
    _BACKGROUND: BoardModel._background,
    _FOREGROUND: BoardModel._foreground,
    _TOOLTIP: BoardModel._tooltip,
    int(SORT_ROLE): lambda _m, _r, _c, value: _sort_value(value),
    int(ID_ROLE): lambda _m, row, _c, _v: row.product_id,
    int(EXPLAINING_ROLE): lambda _m, row, column, _v: row.explaining and column.key == "title",
    int(SURGING_ROLE): lambda m, row, column, _v: column.key == "title" and row.product_id in m.surging(),
}


class BoardSortModel(QSortFilterProxyModel):
    """Sorts the board by any column on its raw values (missing below every number), re-sorting as figures move;
    the selection follows the products (persistent indexes)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def multiData(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt API
                  roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N803
        model = self.sourceModel()
        if not isinstance(model, BoardModel):
            super().multiData(index, roleDataSpan)
        elif index.isValid():
            source = self.mapToSource(index)
            model.fill(source.row(), source.column(), roleDataSpan)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt API
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if isinstance(model, BoardModel):  # straight to the values (this runs n log n times a re-sort)
            a, b = model.sort_value(left.row(), left.column()), model.sort_value(right.row(), right.column())
        else:
            a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return isinstance(a, float)
        return bool(a < b)
