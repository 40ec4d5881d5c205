"""An A/B plan's metric per slot on paper: a core.experiments.report_section.SlotsPicture drawn with QPainter in
layout units, for the report's A/B section (ui.reports.pdf) and the PNG export (`slots_image`). One bar a slot in
the order they ran, in its variant's colour (the control blue, the challenger orange, as on screen); a slot with no
value after washout an empty outline; a late switch marked; the legend with the washout note under the bars; on the
right the challenger's effect against the control with its interval (valid at every look)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from dyconsole.core.experiments.report_section import SlotsPicture
from dyconsole.core.glossary import fmt, unit
from dyconsole.core.report_text import format_value
from dyconsole.ui.reports.render import (
    INK,
    INK_DIM,
    PAPER_SERIES,
    RULE,
    nice_ticks,
    paint_y_grid,
    paper_image,
    report_font,
    text_width,
    y_scale,
)

SLOTS_H = 190.0  # the height of the picture on the page
EFFECT_W = 92.0  # the effect's panel on the right
TITLE_PT, LEGEND_PT = 20.0, 30.0


def slots_height(_picture: SlotsPicture) -> float:
    """The height the picture takes on the page."""
    return SLOTS_H


def variant_colour(picture: SlotsPicture, key: str) -> QColor:
    """The paper colour of a variant: the paper series in plan order (control first)."""
    keys = [k for k, _ in picture.variants]
    return QColor(PAPER_SERIES[(keys.index(key) if key in keys else 0) % len(PAPER_SERIES)])


def _axis_text(value: float, key: str, lang: str) -> str:
    kind = unit(key)
    return format_value(value, "count" if kind in ("per_min", "count") else kind, lang)


def paint_slots(p: QPainter, rect: QRectF, picture: SlotsPicture, lang: str = "zh") -> None:
    """Draw the picture inside `rect` (layout units)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(INK)
    p.setFont(report_font(11, bold=True))
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignLeft, picture.title)
    values = [b.value for b in picture.bars if b.value is not None]
    ticks = nice_ticks(min(0.0, *values) if values else 0.0, max(values) if values else 1.0)
    lo, hi = ticks[0], ticks[-1]
    tick_font = report_font(8)
    labels = [_axis_text(t, picture.metric, lang) for t in ticks]
    left_w = max(text_width(s, tick_font) for s in labels) + 8
    plot = QRectF(rect.left() + left_w, rect.top() + TITLE_PT + 4, rect.width() - left_w - EFFECT_W - 12,
                  rect.height() - TITLE_PT - 4 - 14 - LEGEND_PT)

    y = y_scale(plot, lo, hi)
    p.setFont(tick_font)
    paint_y_grid(p, rect.left(), left_w, plot, list(zip(ticks, labels)), y)
    n = max(1, len(picture.bars))
    step = plot.width() / n
    bar_w = min(step * 0.7, 36.0)
    for k, bar in enumerate(picture.bars):
        centre = plot.left() + (k + 0.5) * step
        colour = variant_colour(picture, bar.variant)
        if bar.value is None:
            p.setPen(QPen(colour, 0.8, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(centre - bar_w / 2, plot.bottom() - 18, bar_w, 18))
            p.setPen(INK_DIM)
            p.drawText(QRectF(centre - step / 2, plot.bottom() - 32, step, 12), Qt.AlignmentFlag.AlignHCenter,
                       picture.no_value)
        else:
            top = y(bar.value)
            p.fillRect(QRectF(centre - bar_w / 2, top, bar_w, plot.bottom() - top), colour)
        p.setPen(INK_DIM)
        p.drawText(QRectF(centre - step / 2, plot.bottom() + 2, step, 12), Qt.AlignmentFlag.AlignHCenter,
                   str(bar.number) + (f" {picture.late_word}" if bar.late else ""))
    p.setPen(QPen(RULE, 0.8))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    _legend(p, QRectF(plot.left(), plot.bottom() + 16, rect.right() - plot.left(), LEGEND_PT), picture)
    _effect(p, QRectF(plot.right() + 12, plot.top(), EFFECT_W, plot.height()), picture, lang)
    p.restore()


def _legend(p: QPainter, box: QRectF, picture: SlotsPicture) -> None:
    """The variants' colours and names on one line, the washout note under them."""
    font = report_font(8.5)
    p.setFont(font)
    x = box.left()
    for key, text in picture.variants:
        p.fillRect(QRectF(x, box.top() + 2, 10, 8), variant_colour(picture, key))
        p.setPen(INK)
        width = text_width(text, font)
        p.drawText(QRectF(x + 14, box.top() - 1, width + 4, 13), Qt.AlignmentFlag.AlignLeft, text)
        x += 14 + width + 16
    p.setPen(INK_DIM)
    p.drawText(QRectF(box.left(), box.top() + 13, box.width(), 13), Qt.AlignmentFlag.AlignLeft, picture.washout_note)


def _effect(p: QPainter, box: QRectF, picture: SlotsPicture, lang: str) -> None:
    """The challenger's relative effect (%) with its interval, against the zero line."""
    p.setFont(report_font(8))
    p.setPen(INK_DIM)
    p.drawText(QRectF(box.left(), box.top() - 16, box.width(), 12), Qt.AlignmentFlag.AlignHCenter,
               picture.effect_label)
    p.setPen(QPen(RULE, 0.6))
    p.drawRect(box)
    if picture.effect is None:
        p.setPen(INK_DIM)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, "—")
        return
    effect, low, high = picture.effect
    span = max(abs(low), abs(high), abs(effect), 0.01) * 1.15

    def y(v: float) -> float:
        return box.center().y() - v / span * box.height() / 2

    p.setPen(QPen(INK_DIM, 0.6, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(box.left(), y(0.0)), QPointF(box.right(), y(0.0)))
    colour = variant_colour(picture, picture.variants[1][0] if len(picture.variants) > 1 else "")
    cx = box.center().x()
    p.setPen(QPen(colour, 2.2))
    p.drawLine(QPointF(cx, y(low)), QPointF(cx, y(high)))
    for end in (low, high):
        p.drawLine(QPointF(cx - 8, y(end)), QPointF(cx + 8, y(end)))
    p.setBrush(colour)
    p.drawEllipse(QPointF(cx, y(effect)), 3.2, 3.2)
    p.setPen(INK)
    p.setFont(report_font(8.5, bold=True))
    p.drawText(QRectF(box.left(), box.bottom() + 2, box.width(), 12), Qt.AlignmentFlag.AlignHCenter,
               _signed(effect, lang))
    p.setPen(INK_DIM)
    p.setFont(report_font(7.5))
    p.drawText(QRectF(box.left() - 6, box.bottom() + 14, box.width() + 12, 12), Qt.AlignmentFlag.AlignHCenter,
               f"{picture.confidence:.0%}: {_signed(low, lang)} ~ {_signed(high, lang)}")


def _signed(value: float, lang: str) -> str:
    """A relative effect with its sign (+12.0%); an unbounded end as ±∞."""
    if not math.isfinite(value):
        return "+∞" if value > 0 else "−∞"
    return ("+" if value > 0 else "") + fmt("ab_effect", value, lang)


def slots_image(picture: SlotsPicture, lang: str = "zh") -> QImage:
    """The picture on a white image (the PNG export)."""
    return paper_image(lambda p, rect: paint_slots(p, rect, picture, lang), SLOTS_H)
