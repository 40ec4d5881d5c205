"""The live charts' curves (`bold_curve`): pyqtgraph curves whose 2 px line is painted as three 1 px passes, the
second and third shifted one device pixel right and down, which covers the same pixels as a 2 px line.

Most of a live redraw's paint is the curves, and Qt's raster engine draws a 1 px cosmetic line on its fast path but
strokes a wider one (pyqtgraph draws a 2 px pen as separate segments): three 1 px passes of the curve's path paint
the same look in about 60% of the time. Anything else (other widths, dashes, translucent or antialiased pens, fills,
shadows, exports, OpenGL) is painted by pyqtgraph as before.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem

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

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        """The view box's range, where the curve sits in a view box that clips it (a live chart's): nothing of it
        is painted outside, and the range is known, whereas pyqtgraph works out the data's bounds and a pixel's
        size again after every new data and every move of the range, for each of the two or three times Qt asks
        during a paint."""
        vb = self.getViewBox()
        if (vb is None or self.xData is None or len(self.xData) == 0
                or not vb.flags() & QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape):
            return super().boundingRect()
        return vb.viewRect()

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


class LiveCurve(pg.PlotDataItem):
    """A PlotDataItem given points that are ready to draw (decimated to the plot's width, time ascending, NaN =
    break) on a view whose value range is fitted to them: `set_points` hands them to its curve as they are.

    PlotDataItem.setData re-reads every option and runs its display pipeline (mapping, clipping, downsampling, the
    dynamic range limit, the data bounds) on each call, and runs it again on every change of the value range (for
    the dynamic range limit, which guards against points a million view-heights off the plot: here the view is
    fitted to the points). With none of those options in use, `set_points` stores the points as the item's data
    and display data (getData returns them) and hands them to the curve, styled by the first setData (and by any
    later change of pen or option, which pyqtgraph passes on to it); anything else goes through setData."""

    def _plain(self) -> bool:
        """True when no option of the display pipeline is in use (the points are drawn as given)."""
        o = self.opts
        return not (o["clipToView"] or o["autoDownsample"] or o["downsample"] != 1 or o["fftMode"]
                    or o["derivativeMode"] or o["phasemapMode"] or o["subtractMeanMode"] or any(o["logMode"])
                    or o["dynamicRangeLimit"] is not None or o["symbol"] is not None)

    def set_points(self, x: np.ndarray, y: np.ndarray) -> None:
        """Draw (x, y) (fresh arrays, not changed afterwards; x ascending, NaN in y = a break)."""
        if self._dataset is None or not self._plain() or len(x) == 0 or self.opts["pen"] is None:
            self.setData(x, y)  # the first points (or none) go through setData, which also styles the curve
            return
        x, y = x.view(np.ndarray), y.view(np.ndarray)
        dataset = PlotDataset(x, y)
        self._dataset = self._datasetMapped = self._datasetDisplay = dataset
        self._adsLastValue = 1
        self.curve.setData(x=x, y=y)
        self.curve.show()
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)

    def viewRangeChanged(self, vb=None, ranges=None, changed=None):  # type: ignore[no-untyped-def]  # noqa: N802
        if not self._plain():  # with no display option in use, a range change changes nothing drawn
            super().viewRangeChanged(vb, ranges, changed)


def bold_curve(name: str, pen: QPen) -> LiveCurve:
    """A non-antialiased LiveCurve drawn with `pen` (breaks at NaN), its line painted by a BoldCurve."""
    item = LiveCurve(name=name, pen=pen, connect="finite", antialias=False, dynamicRangeLimit=None)
    plain = item.curve
    plain.sigClicked.disconnect(item.sigClicked)
    plain.setParentItem(None)
    curve = BoldCurve()
    curve.setParentItem(item)
    curve.sigClicked.connect(item.sigClicked)
    curve.hide()  # as pyqtgraph leaves a curve without data; it shows with the first data
    item.curve = curve
    return item
