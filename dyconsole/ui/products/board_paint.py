"""How the product board paints a figure cell (every column but the title): `FigureDelegate` draws what Qt's own
item painting draws for such a cell (the shading of a stock warning or of the weakest funnel step, the selection,
the text in its colour, aligned and elided, the focus frame), straight from the board model's cached text and
brushes, without building a style option from ~8 roles through the proxy for every cell. A products poll changes
~80-120 cells; this is most of what its repaint costs (tests/benchmarks/bench_product_board.py).
`tests/products/test_board_paint.py` checks the board paints pixel for pixel as with Qt's painting.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSortFilterProxyModel
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem, QWidget

from dyconsole.ui.products.board_model import BoardModel

#: the style states read per cell, as plain ints (a flag operation on the enums costs more than the paint's own work)
_SELECTED, _FOCUS = QStyle.StateFlag.State_Selected.value, QStyle.StateFlag.State_HasFocus.value
_ACTIVE, _ENABLED = QStyle.StateFlag.State_Active.value, QStyle.StateFlag.State_Enabled.value
_GROUP = QPalette.ColorGroup
_HIGHLIGHT, _HIGHLIGHTED_TEXT, _TEXT = (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText,
                                        QPalette.ColorRole.Text)


class FigureDelegate(QStyledItemDelegate):
    """Paints the board's figure cells from `model` (the board model) through `proxy` (the sorting proxy the view
    shows)."""

    def __init__(self, model: BoardModel, proxy: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.proxy = model, proxy
        self._margin = -1  # the style's text margin, asked once

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        r, c = source.row(), source.column()
        model = self.model
        text = model.cell_text(r, c)
        background, foreground = model.cell_brushes(r, c)
        state = option.state.value
        palette = option.palette
        rect = option.rect
        group = (_GROUP.Normal if state & _ACTIVE else _GROUP.Inactive) if state & _ENABLED else _GROUP.Disabled
        selected = state & _SELECTED
        if selected:
            painter.fillRect(rect, palette.brush(group, _HIGHLIGHT))
        elif background is not None:
            painter.fillRect(rect, background)
        if self._margin < 0:
            widget = option.widget
            style = widget.style() if widget is not None else None
            self._margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
                            if style is not None else 3)
        if text:
            margin = self._margin
            area = rect.adjusted(margin, 0, -margin, 0)
            painter.setPen(palette.color(group, _HIGHLIGHTED_TEXT) if selected
                           else foreground.color() if foreground is not None else palette.color(group, _TEXT))
            metrics = option.fontMetrics
            if metrics.horizontalAdvance(text) > area.width():
                text = metrics.elidedText(text, option.textElideMode, area.width())
            painter.drawText(area, model.cell_alignment(c), text)
        if state & _FOCUS and option.widget is not None:  # the current cell of a focused view: the style's frame
            self._focus_frame(painter, option, rect, group, bool(selected))

    @staticmethod
    def _focus_frame(painter: QPainter, option: QStyleOptionViewItem, rect: QRect, group: QPalette.ColorGroup,
                     selected: bool) -> None:
        widget = option.widget
        frame = QStyleOptionFocusRect()
        frame.initFrom(widget)
        frame.rect = rect
        frame.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        frame.backgroundColor = option.palette.color(group, _HIGHLIGHT if selected else QPalette.ColorRole.Window)
        widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, widget)
