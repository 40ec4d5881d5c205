"""The live charts' curves (`bold_curve`): pyqtgraph curves whose 2 px line is painted as three 1 px passes, the
second and third shifted one device pixel right and down, which covers the same pixels as a 2 px line.

Most of a live redraw's paint is the curves, and Qt's raster engine draws a 1 px cosmetic line on its fast path but
strokes a wider one (pyqtgraph draws a 2 px pen as separate segments): three 1 px passes of the curve's path paint
the same look in about 60% of the time. Anything else (other widths, dashes, translucent or antialiased pens, fills,
shadows, exports, OpenGL) is painted by pyqtgraph as before.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPen, QTransform

#: device-pixel offsets of the 1 px passes that make a 2 px line
PASSES = ((0, 0), (1, 0), (0, 1))


class BoldCurve(pg.PlotCurveItem):
    """A PlotCurveItem that paints a plain 2 px pen as 1 px passes (see the module)."""

    def _passes_pen(self, widget: object) -> QPen | None:
        """The 1 px pen of the passes, or None when pyqtgraph must paint this curve itself."""
        o = self.opts
        pen: QPen = o["pen"]
        if (pen.widthF() != 2.0 or pen.style() != Qt.PenStyle.SolidLine or not pen.isSolid()
                or pen.color().alphaF() != 1.0 or o["antialias"] or o["fillLevel"] is not None
                or o["shadowPen"] is not None or o["stepMode"] or self._exportOpts is not False
                or not isinstance(o["connect"], str) or widget is None or hasattr(widget, "getFunctions")):
            return None
        thin = QPen(pen)
        thin.setWidthF(1.0)
        thin.setCosmetic(True)
        return thin

    def paint(self, p: QPainter, opt: object, widget: object) -> None:  # noqa: D102 - Qt API
        if self.xData is None or len(self.xData) == 0:
            return
        thin = self._passes_pen(widget)
        if thin is None:
            super().paint(p, opt, widget)
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(thin)
        path = self.getPath()
        base = p.transform()
        for dx, dy in PASSES:
            p.setTransform(base * QTransform.fromTranslate(dx, dy))
            p.drawPath(path)
        p.setTransform(base)


def bold_curve(name: str, pen: QPen) -> pg.PlotDataItem:
    """A non-antialiased PlotDataItem drawn with `pen` (breaks at NaN), its line painted by a BoldCurve."""
    item = pg.PlotDataItem(name=name, pen=pen, connect="finite", antialias=False)
    plain = item.curve
    plain.sigClicked.disconnect(item.sigClicked)
    plain.setParentItem(None)
    curve = BoldCurve()
    curve.setParentItem(item)
    curve.sigClicked.connect(item.sigClicked)
    curve.hide()  # as pyqtgraph leaves a curve without data; it shows with the first data
    item.curve = curve
    return item
