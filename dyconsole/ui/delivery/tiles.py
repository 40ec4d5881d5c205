"""A map-like view without a map library: the mainland provinces as a grid of tiles placed roughly where they
lie, each coloured by the shop's median delivery days (grey: not enough orders yet) and labelled with the
province and its days (names too long for a small tile are shrunk, then elided: the tooltip has them whole); a
province's share of viewers is the tile's lower bar."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from dyconsole.core import glossary
from dyconsole.core.delivery import RegionRow, text
from dyconsole.ui.common.theme import BORDER, SURFACE, TEXT, TEXT_DIM, font

#: province -> (column, row) of its tile
TILE_AT: dict[str, tuple[int, int]] = {
    "黑龙江": (7, 0), "内蒙古": (5, 1), "北京": (6, 1), "吉林": (7, 1),
    "新疆": (0, 2), "宁夏": (3, 2), "山西": (4, 2), "河北": (5, 2), "天津": (6, 2), "辽宁": (7, 2),
    "青海": (1, 3), "甘肃": (2, 3), "陕西": (3, 3), "河南": (4, 3), "山东": (5, 3),
    "西藏": (0, 4), "四川": (2, 4), "重庆": (3, 4), "湖北": (4, 4), "安徽": (5, 4), "江苏": (6, 4),
    "云南": (1, 5), "贵州": (2, 5), "湖南": (3, 5), "江西": (4, 5), "浙江": (5, 5), "上海": (6, 5),
    "广西": (2, 6), "广东": (3, 6), "福建": (4, 6), "海南": (3, 7),
}
COLUMNS, ROWS = 8, 8
#: median days -> tile colour (fast green to slow red)
SCALE: tuple[tuple[float, str], ...] = ((1.5, "#1f8a4c"), (2.5, "#5f9e2f"), (3.5, "#b7950b"), (4.5, "#c0642b"),
                                        (99.0, "#b03a3a"))


def colour_of(median: float | None) -> str:
    if median is None:
        return SURFACE
    return next(c for limit, c in SCALE if median <= limit)


def fitted(base: QFont, text_: str, width: float, smallest: int = 7) -> QFont:
    """`base`, smaller (down to `smallest` pt) until `text_` fits `width` px on one line."""
    f = QFont(base)
    while QFontMetrics(f).horizontalAdvance(text_) > width and f.pointSize() > smallest:
        f.setPointSize(f.pointSize() - 1)
    return f


class TileMap(QWidget):
    """The tiles; `set_rows` gives the figures."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: dict[str, RegionRow] = {}
        self.setMinimumSize(320, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(420, 400)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(300, int(width * ROWS / COLUMNS))

    def set_rows(self, rows: Sequence[RegionRow]) -> None:
        self.rows = {r.region: r for r in rows}
        self.update()

    def tile_text(self, province: str) -> tuple[str, str]:
        """(name, days) shown on a province's tile."""
        name = glossary.region_label(province, self.lang)
        row = self.rows.get(province)
        if row is None or not row.figure.enough or row.figure.median is None:
            return name, "—"
        return name, glossary.format_unit(row.figure.median, "days", self.lang)

    def province_at(self, x: float, y: float) -> str | None:
        side = min(self.width() / COLUMNS, self.height() / ROWS)
        cell = (int(x // side), int(y // side)) if side > 0 else None
        return next((p for p, at in TILE_AT.items() if at == cell), None)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            province = self.province_at(event.pos().x(), event.pos().y())
            if province is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), "  ".join(self.tile_text(province)), self)
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width() / COLUMNS, self.height() / ROWS)
        gap = max(2.0, side * 0.06)
        small = font(9 if self.lang.startswith("en") else 10)
        for province, (col, row) in TILE_AT.items():
            rect = QRectF(col * side + gap / 2, row * side + gap / 2, side - gap, side - gap)
            data = self.rows.get(province)
            median = data.figure.median if data is not None and data.figure.enough else None
            p.setPen(QColor(BORDER))
            p.setBrush(QColor(colour_of(median)))
            p.drawRoundedRect(rect, 4, 4)
            share = data.viewer_share if data is not None else None
            if share:
                bar = QRectF(rect.left() + 3, rect.bottom() - 5, (rect.width() - 6) * min(1.0, share * 5), 3)
                p.fillRect(bar, QColor(TEXT))
            name, days = self.tile_text(province)
            p.setPen(QColor(TEXT if median is not None else TEXT_DIM))
            top = QRectF(rect.left() + 2, rect.top() + 2, rect.width() - 4, rect.height() / 2 - 2)
            p.setFont(fitted(small, name, top.width()))
            p.drawText(top, int(Qt.AlignmentFlag.AlignCenter),
                       p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(top.width())))
            p.setFont(small)
            bottom = QRectF(rect.left() + 2, rect.center().y(), rect.width() - 4, rect.height() / 2 - 6)
            p.drawText(bottom, int(Qt.AlignmentFlag.AlignCenter), days)
        p.end()

    def legend(self) -> str:
        """What the colours and the bar mean (the panel shows it under the map)."""
        return text("legend", self.lang)
