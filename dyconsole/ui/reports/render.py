"""Drawing a report's charts with QPainter on paper colours (the PNG export that writes them is
ui.reports.png_export).

Everything is laid out in points (1/72 inch) and scaled to the device, so the same code draws a chart on a PDF
page at 300 dpi, in the builder's preview and into a PNG. Charts: a title, a light grid with round-number y ticks
formatted like the rest of the console (万/亿, ¥, %), clock-time x ticks, and a line that breaks at a gap (never
drawn through missing values). The paper palette lives here because ui.theme is the dark screen theme.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from dyconsole.core.report_text import format_value
from dyconsole.core.report_types import Chart
from dyconsole.ui.common.theme import CJK_FONT_FAMILIES

# --- paper palette ---------------------------------------------------------------------------------------------
INK = QColor("#1f2328")
INK_DIM = QColor("#6b7280")
RULE = QColor("#d0d7de")
GRID = QColor("#eceff3")
HEADER_FILL = QColor("#eef2f7")
ZEBRA_FILL = QColor("#f8fafc")
ACCENT = QColor("#1e6fd9")
ESTIMATE = QColor("#8b5cf6")
#: chart line colours, readable on white and in greyscale print
PAPER_SERIES: tuple[str, ...] = ("#1e6fd9", "#e8590c", "#2b8a3e", "#c2255c", "#5f3dc4", "#0b7285")

CHART_PNG_SIZE = (1600, 700)  # pixels of one PNG chart


def report_font(px: float, bold: bool = False) -> QFont:
    """A CJK-capable font sized in layout units (points of the page)."""
    f = QFont()
    f.setFamilies(list(CJK_FONT_FAMILIES))
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    return f


def text_width(text: str, font: QFont) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About n round-number ticks covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(1, n)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


def time_ticks(t0: float, t1: float, n: int = 6) -> list[float]:
    span = max(60.0, t1 - t0)
    step = next((s for s in (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800) if span / s <= n), 21600)
    first = math.ceil(t0 / step) * step
    return [first + k * step for k in range(int((t1 - first) // step) + 1)]


def day_ticks(t0: float, t1: float, n: int = 7) -> list[float]:
    """About n ticks at local noon of whole days between t0 and t1 (a date axis: one point a day sits at noon)."""
    first = datetime.fromtimestamp(t0).replace(hour=12, minute=0, second=0, microsecond=0)
    if first.timestamp() < t0:
        first += timedelta(days=1)
    span_days = max(1, int((t1 - first.timestamp()) // 86400) + 1)
    step = max(1, math.ceil(span_days / n))
    return [(first + timedelta(days=k)).timestamp() for k in range(0, span_days, step)
            if (first + timedelta(days=k)).timestamp() <= t1]


def _x_ticks(chart: Chart, t0: float, t1: float) -> list[tuple[float, str]]:
    if chart.axis == "date":
        return [(t, datetime.fromtimestamp(t).strftime("%m-%d")) for t in day_ticks(t0, t1)]
    return [(t, datetime.fromtimestamp(t).strftime("%H:%M")) for t in time_ticks(t0, t1)]


def y_scale(plot: QRectF, lo: float, hi: float) -> Callable[[float], float]:
    """The y of a value on a plot whose bottom is `lo` and top `hi`."""
    return lambda v: plot.bottom() - (v - lo) / (hi - lo) * plot.height()


def paint_y_grid(p: QPainter, left: float, left_w: float, plot: QRectF, ticks: list[tuple[float, str]],
                 y: Callable[[float], float]) -> None:
    """Light grid lines at the y ticks and their labels right-aligned in the `left_w` margin from `left`."""
    for tick, label in ticks:
        p.setPen(QPen(GRID, 0.6))
        p.drawLine(QPointF(plot.left(), y(tick)), QPointF(plot.right(), y(tick)))
        p.setPen(INK_DIM)
        p.drawText(QRectF(left, y(tick) - 6, left_w - 5, 12),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)


def paint_chart(p: QPainter, rect: QRectF, chart: Chart, lang: str = "zh", colour: str = PAPER_SERIES[0]) -> None:
    """Draw one chart inside `rect` (layout units)."""
    p.save()
    title_font, tick_font = report_font(11, bold=True), report_font(8)
    p.setFont(title_font)
    p.setPen(ESTIMATE if chart.estimate else INK)
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignLeft, chart.title)
    points = [(t, v) for t, v in zip(chart.ts, chart.values) if v is not None]
    ys = [v for _, v in points]
    lo, hi = (min(ys), max(ys)) if ys else (0.0, 1.0)
    if lo >= 0 and chart.unit != "multiple":
        lo = 0.0
    ticks = nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]
    tick_unit = "count" if chart.unit == "per_min" else chart.unit  # round ticks need no decimal
    labels = [format_value(t, tick_unit, lang) for t in ticks]
    left_w = max(text_width(s, tick_font) for s in labels) + 8
    plot = QRectF(rect.left() + left_w, rect.top() + 24, rect.width() - left_w - 6, rect.height() - 24 - 18)
    t0, t1 = (chart.ts[0], chart.ts[-1]) if chart.ts else (0.0, 60.0)
    if t1 <= t0:
        t1 = t0 + 60.0
    if chart.axis == "date":  # half a day either side: the first and last days' points are not on the frame
        t0, t1 = t0 - 43_200.0, t1 + 43_200.0

    def x(t: float) -> float:
        return plot.left() + (t - t0) / (t1 - t0) * plot.width()

    y = y_scale(plot, lo, hi)
    p.setFont(tick_font)
    paint_y_grid(p, rect.left(), left_w, plot, list(zip(ticks, labels)), y)
    for tick, label in _x_ticks(chart, t0, t1):
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(QPointF(x(tick), plot.bottom()), QPointF(x(tick), plot.bottom() + 3))
        p.setPen(INK_DIM)
        p.drawText(QRectF(x(tick) - 20, plot.bottom() + 4, 40, 12), Qt.AlignmentFlag.AlignHCenter, label)
    p.setPen(QPen(RULE, 0.8))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())

    path, drawing = QPainterPath(), False
    for t, v in zip(chart.ts, chart.values):
        if v is None:
            drawing = False
            continue
        pt = QPointF(x(t), y(v))
        if drawing:
            path.lineTo(pt)
        else:
            path.moveTo(pt)
            drawing = True
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(QColor(ESTIMATE if chart.estimate else colour), 1.4)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    if chart.axis == "date":  # a point a day or a session: each one marked (a lone day has no line)
        p.setBrush(QColor(colour))
        for t, v in points:
            p.drawEllipse(QPointF(x(t), y(v)), 1.8, 1.8)
    if not ys:
        p.setPen(INK_DIM)
        p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "—")
    p.restore()


def paper_image(paint: Callable[[QPainter, QRectF], None], layout_h: float | None = None,
                size: tuple[int, int] = CHART_PNG_SIZE) -> QImage:
    """A white image `size` pixels wide (its height `size`'s, or `layout_h` layout units + margins at the same
    scale) with `paint(painter, rect)` drawing in layout units, 640 wide, scaled to the image."""
    scale = size[0] / 640.0  # a picture is laid out 640 units wide
    width, height = size[0], size[1] if layout_h is None else round((layout_h + 20) * scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(72 * scale / 0.0254))
    image.setDotsPerMeterY(round(72 * scale / 0.0254))
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    p.scale(scale, scale)
    paint(p, QRectF(12, 10, 640 - 24, height / scale - 20))
    p.end()
    return image


def chart_image(chart: Chart, lang: str = "zh", size: tuple[int, int] = CHART_PNG_SIZE, index: int = 0) -> QImage:
    """The chart on a white image of `size` pixels (laid out 640 units wide, scaled to the image)."""
    colour = PAPER_SERIES[index % len(PAPER_SERIES)]
    return paper_image(lambda p, rect: paint_chart(p, rect, chart, lang, colour), size=size)
