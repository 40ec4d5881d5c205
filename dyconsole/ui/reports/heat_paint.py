"""The click heat map on paper: a core.products.heat.HeatPicture (top products x broadcast minutes of clicks) drawn
with QPainter in layout units, for the report's products section (ui.reports.pdf). Rows are the products in their
last list order, titled on the left; columns the minutes on a clock-time axis; a white-to-red scale with its legend;
the minutes a product was being explained outlined; the product order changes dashed.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPen

from dyconsole.core.products.heat import HeatPicture
from dyconsole.core.report_text import format_value
from dyconsole.core.report_text import tr as words
from dyconsole.ui.reports.render import ACCENT, INK, INK_DIM, RULE, report_font, text_width, time_ticks

#: the paper scale: none ... many clicks (readable in greyscale print: light to dark)
PAPER_HEAT = ("#fff7ec", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000")
CHANGE = QColor("#5f3dc4")
ROW_PT = 11.0
TITLE_PT, AXIS_PT, LEGEND_W = 20.0, 16.0, 46.0
LABEL_W = 112.0


def heat_height(picture: HeatPicture) -> float:
    """The height the picture takes on the page."""
    return TITLE_PT + ROW_PT * len(picture.titles) + AXIS_PT + 14


def _colour(frac: float) -> QColor:
    """The scale's colour at 0..1 of the top value: its stops at squared steps (as on screen, ui.products.heatmap),
    so quiet products still show their differences beside an explained product's peak."""
    x = min(max(frac, 0.0), 1.0) ** 0.5 * (len(PAPER_HEAT) - 1)
    i = min(int(x), len(PAPER_HEAT) - 2)
    a, b, t = QColor(PAPER_HEAT[i]), QColor(PAPER_HEAT[i + 1]), x - i
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def _elided(text: str, width: float) -> str:
    font = report_font(8)
    if text_width(text, font) <= width:
        return text
    while text and text_width(text + "…", font) > width:
        text = text[:-1]
    return text + "…"


def paint_heat(p: QPainter, rect: QRectF, picture: HeatPicture, lang: str = "zh") -> None:
    """Draw the heat map inside `rect` (layout units)."""
    p.save()
    rows, minutes = picture.clicks.shape
    p.setPen(INK)
    p.setFont(report_font(11, bold=True))
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignLeft, words("click_heat", lang))
    grid = QRectF(rect.left() + LABEL_W, rect.top() + TITLE_PT, rect.width() - LABEL_W - LEGEND_W, ROW_PT * rows)
    cell_w = grid.width() / max(1, minutes)
    finite = picture.clicks[np.isfinite(picture.clicks)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    p.setFont(report_font(8))
    for r in range(rows):
        y = grid.top() + r * ROW_PT
        p.setPen(INK)
        p.drawText(QRectF(rect.left(), y, LABEL_W - 6, ROW_PT), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   _elided(picture.titles[r], LABEL_W - 8))
        for m in range(minutes):
            v = float(picture.clicks[r, m])
            if math.isfinite(v):
                p.fillRect(QRectF(grid.left() + m * cell_w, y, cell_w + 0.3, ROW_PT), _colour(v / top))
    outline = QPen(ACCENT, 1.1)
    p.setPen(outline)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for r in range(rows):
        explained = np.flatnonzero(picture.explained[r])
        if not explained.size:
            continue
        runs = np.split(explained, np.flatnonzero(np.diff(explained) > 1) + 1)
        for run in runs:
            p.drawRect(QRectF(grid.left() + run[0] * cell_w, grid.top() + r * ROW_PT + 0.8,
                              (run[-1] - run[0] + 1) * cell_w, ROW_PT - 1.6))
    t0, t1 = picture.start, picture.start + 60.0 * minutes

    def x(t: float) -> float:
        return grid.left() + (t - t0) / (t1 - t0) * grid.width()

    change_pen = QPen(CHANGE, 1.2, Qt.PenStyle.DashLine)
    for ts in picture.changes:
        if t0 <= ts <= t1:
            p.setPen(change_pen)
            p.drawLine(QPointF(x(ts), grid.top() - 3), QPointF(x(ts), grid.bottom() + 3))
    p.setPen(QPen(RULE, 0.6))
    p.drawRect(grid)
    for tick in time_ticks(t0, t1):
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(QPointF(x(tick), grid.bottom()), QPointF(x(tick), grid.bottom() + 3))
        p.setPen(INK_DIM)
        p.drawText(QRectF(x(tick) - 20, grid.bottom() + 4, 40, 12), Qt.AlignmentFlag.AlignHCenter,
                   datetime.fromtimestamp(tick).strftime("%H:%M"))
    _legend(p, QRectF(grid.right() + 10, grid.top(), 10, min(grid.height(), 120)), top, lang)
    key_y = grid.bottom() + AXIS_PT
    p.setPen(QPen(ACCENT, 1.1))
    p.drawRect(QRectF(grid.left(), key_y + 2, 14, 7))
    p.setPen(INK_DIM)
    p.drawText(QRectF(grid.left() + 18, key_y - 1, 120, 12), Qt.AlignmentFlag.AlignLeft, words("explained", lang))
    p.setPen(change_pen)
    p.drawLine(QPointF(grid.left() + 130, key_y), QPointF(grid.left() + 130, key_y + 11))
    p.setPen(INK_DIM)
    p.drawText(QRectF(grid.left() + 136, key_y - 1, 200, 12), Qt.AlignmentFlag.AlignLeft, words("order_change", lang))
    p.restore()


def _legend(p: QPainter, bar: QRectF, top: float, lang: str) -> None:
    """The colour scale: 0 at the bottom, the most clicks in a minute at the top."""
    gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
    for k, c in enumerate(PAPER_HEAT):
        gradient.setColorAt((k / (len(PAPER_HEAT) - 1)) ** 2, QColor(c))
    p.fillRect(bar, gradient)
    p.setPen(QPen(RULE, 0.6))
    p.drawRect(bar)
    p.setPen(INK_DIM)
    p.setFont(report_font(7.5))
    p.drawText(QRectF(bar.right() + 3, bar.top() - 5, 40, 10), Qt.AlignmentFlag.AlignLeft,
               format_value(top, "count", lang))
    p.drawText(QRectF(bar.right() + 3, bar.bottom() - 5, 40, 10), Qt.AlignmentFlag.AlignLeft, "0")
    half = bar.center().y()  # the bar is linear in clicks (its colour stops are not)
    p.drawText(QRectF(bar.right() + 3, half - 5, 40, 10), Qt.AlignmentFlag.AlignLeft, format_value(top / 2, "count", lang))
