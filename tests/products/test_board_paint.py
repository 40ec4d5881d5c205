"""The product board's own cell painting (ui.products.board_paint.FigureDelegate) against Qt's: the board opened from
the main window (Products → Products board), filled by products polls through the console's own fan-out, with a
sold-out row (red), low stock (amber), a weakest funnel step shaded and a selected row; its table
paints the same pixels with the board's delegate as with Qt's standard item painting (which once painted the rows
after a sold-out one amber and red: the model left a cell's brush for the next), and a poll repaints every shown
cell whose text changed and no other."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QWidget

from dyconsole.core.feed import ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.core.products.board import StockLevel
from dyconsole.ui.common.theme import apply_theme
from tests.support.wired_console import wired_console
from dyconsole.ui.products.attachment import BOARD_TAB_KEY, PRODUCTS_MENU_KEY
from dyconsole.ui.products.board_model import COLUMN_KEYS
from dyconsole.ui.products.board_paint import FigureDelegate

T0 = 1_800_000_000.0


def poll(k: int, n: int = 24) -> list[ProductSample]:
    """Poll k: counters growing at each product's pace; product 3 sold out, product 5 nearly; product 7 with a
    poor click-through (its weakest step); one product explained."""
    out = []
    for i in range(n):
        pace = 1.0 + (i % 5)
        ctr = 0.004 if i == 7 else 0.03
        out.append(ProductSample(T0 + 30 * k, f"p{i:02d}", f"商品 {i} 夏季新款连衣裙", "BEINGEXPLAIN" if i == 2 else "UNEXPLAIN",
                                 i + 1, {
            "live_product_show_cnt_alias": 400.0 * pace * k, "live_click_product_count_alias": 400.0 * pace * k * ctr,
            "live_pay_order_count_alias": float(int(0.6 * pace * k)), "live_pay_order_gmv_alias": 59.0 * int(0.6 * pace * k),
            "live_product_price": 59.0 + i, "live_product_Inventory": 0.0 if i == 3 else 6.0 if i == 5 else 3000.0,
        }))
    return out


class _Recording(FigureDelegate):
    """The board's delegate, noting each cell it paints (view row, column)."""

    def __init__(self, *args) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args)
        self.painted: list[tuple[int, int]] = []

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        self.painted.append((index.row(), index.column()))
        super().paint(painter, option, index)


class _PaintSpy(QObject):
    """Collects the regions a widget paints."""

    def __init__(self, widget: QWidget, region: QRegion) -> None:
        super().__init__()
        self.widget, self.region = widget, region
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            self.region += event.region()  # type: ignore[attr-defined]
        return False

    def stop(self) -> None:
        self.widget.removeEventFilter(self)


def _image(view) -> QImage:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def test_the_board_paints_its_figures_as_qt_would_and_repaints_only_what_changed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    apply_theme(QApplication.instance())  # the console's look: what the operator sees
    with wired_console(qtbot, tmp_path) as (parts, polls):
        window = parts.window
        (action,) = [a for a in window.menu_actions(PRODUCTS_MENU_KEY) if a.shortcut().toString() == "Ctrl+P"]
        action.trigger()
        assert window.current_side_tab() == BOARD_TAB_KEY
        board = parts.product_ui.board
        for k in range(1, 4):
            polls.publish(ProductsPolled(T0 + 30 * k, poll(k)))
        window.refresh_text(force=True)
        board.select_product("p04")
        window.activateWindow()  # settled first: a window (de)activated or a view focused later repaints it all
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        board.table.setFocus()
        qtbot.waitUntil(board.table.hasFocus, timeout=3000)
        levels = {board.model.row(i).product_id: board.model.row(i) for i in range(board.model.rowCount())}
        assert levels["p03"].stock_level is StockLevel.OUT and levels["p05"].stock_level is StockLevel.LOW
        assert levels["p07"].weakest == "clicks"
        assert isinstance(board.table.itemDelegate(), FigureDelegate)
        ours = _image(board.table)
        board.table.setItemDelegate(QStyledItemDelegate(board.table))  # Qt's own painting of the same cells
        theirs = _image(board.table)
        assert ours.size() == theirs.size() and not ours.isNull()
        differ = sum(ours.pixel(x, y) != theirs.pixel(x, y) for y in range(ours.height()) for x in range(ours.width()))
        assert differ == 0, f"{differ} pixels differ"
        recording = _Recording(board.model, board.proxy, board.table)
        board.table.setItemDelegate(recording)
        qtbot.wait(100)  # the whole table repainted with it (the window's next frame)
        # a poll repaints every shown cell whose text changed, and nothing else of the table
        table = board.table

        def texts() -> dict[tuple[int, int], str]:
            shown = [c for c in range(board.proxy.columnCount()) if not table.isColumnHidden(c)]
            return {(r, c): str(board.proxy.index(r, c).data()) for r in range(board.proxy.rowCount()) for c in shown
                    if table.visualRect(board.proxy.index(r, c)).intersects(table.viewport().rect())}

        before = texts()
        recording.painted.clear()
        painted = QRegion()
        spy = _PaintSpy(table.viewport(), painted)
        polls.publish(ProductsPolled(T0 + 30 * 4, poll(4)))
        window.refresh_text(force=True)
        QApplication.processEvents()
        spy.stop()
        after = texts()
        changed = {cell for cell in after if after[cell] != before.get(cell)}
        assert len(changed) >= 10  # the poll moved figures on screen
        for (r, c), _text in after.items():
            rect = table.visualRect(board.proxy.index(r, c)).intersected(table.viewport().rect())
            if (r, c) in changed:
                assert painted.intersected(rect) == QRegion(rect), f"cell {r},{c} changed but was not repainted"
            else:
                assert painted.intersected(rect.adjusted(1, 1, -1, -1)).isEmpty(), f"cell {r},{c} repainted unchanged"
        title = COLUMN_KEYS.index("title")  # (its own delegate)
        assert set(recording.painted) == {cell for cell in changed if cell[1] != title}  # no figure painted twice
        assert len(recording.painted) == len(set(recording.painted))  # ... or left unchanged
        visible = len(board.visible_columns())
        assert 0 < board.model.changed_cells < visible * board.model.rowCount()
