"""The live charts' curves and ranges: `LiveCurve.set_points` draws exactly what setData draws (and falls back to
it when a display option is in use), a BoldCurve's bounds are its clipping view's range, and following live every
view box gets the same time range in one go while the x links still move every panel when the operator pans one."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from dyconsole.ui.live.bold_curve import LiveCurve, bold_curve
from dyconsole.ui.live.charts import LiveCharts
from tests.live.test_live_charts import LongSession


def _points(n: int = 900, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = 1_700_000_000.0 + np.arange(n, dtype=float)
    y = np.cumsum(rng.normal(0.0, 5.0, n)) + 1000.0
    y[[100, 101, 500]] = np.nan  # breaks
    return x, y


def _plot_with_curve(qtbot) -> tuple[pg.PlotWidget, LiveCurve]:  # type: ignore[no-untyped-def]
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    item = bold_curve("c", pg.mkPen("#44aaff", width=2))
    widget.getPlotItem().addItem(item)
    widget.show()
    return widget, item


def _render(widget: pg.PlotWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    widget.render(painter)
    painter.end()
    return image


def test_set_points_draws_exactly_what_set_data_draws(qtbot) -> None:  # type: ignore[no-untyped-def]
    x, y = _points()
    fast_widget, fast = _plot_with_curve(qtbot)
    slow_widget, slow = _plot_with_curve(qtbot)
    for widget in (fast_widget, slow_widget):
        widget.getPlotItem().vb.setRange(xRange=(x[0], x[-1]), yRange=(np.nanmin(y), np.nanmax(y)), padding=0.0)
    for i, shift in enumerate((0.0, 37.0, -12.0)):  # the first points go through setData, the next do not
        fast.set_points(x + i, y + shift)
        slow.setData(x + i, y + shift)
        fx, fy = fast.getData()
        sx, sy = slow.getData()
        assert np.array_equal(fx, sx) and np.array_equal(fy, sy, equal_nan=True)
        assert fast.curve.opts["connect"] == "finite" and fast.curve.opts["pen"] == slow.curve.opts["pen"]
        assert fast.curve.isVisible()
        assert _render(fast_widget) == _render(slow_widget)  # the same pixels, breaks included
    fast.set_points(np.array([]), np.array([]))  # no points: as setData leaves it
    assert fast.getData() == (None, None) and not fast.curve.isVisible()


def test_set_points_goes_through_set_data_when_a_display_option_is_on(qtbot) -> None:  # type: ignore[no-untyped-def]
    x, y = _points()
    _widget, item = _plot_with_curve(qtbot)
    item.set_points(x, y)
    item.setDownsampling(ds=3, method="subsample")
    item.set_points(x, y)
    assert len(item.getData()[0]) == len(x[::3])  # pyqtgraph's pipeline ran: every third point drawn
    item.setDownsampling(ds=1)
    item.set_points(x, y)
    assert len(item.getData()[0]) == len(x)


def test_a_live_curve_is_bounded_by_its_clipping_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    x, y = _points()
    widget, item = _plot_with_curve(qtbot)
    vb = widget.getPlotItem().vb
    item.set_points(x, y)
    vb.setRange(xRange=(x[100], x[400]), yRange=(900.0, 1100.0), padding=0.0)
    assert item.curve.boundingRect() == vb.viewRect()
    bare = bold_curve("c", pg.mkPen("#44aaff", width=2))  # in no view box: pyqtgraph's bounds of the data
    bare.set_points(x, y)
    rect = bare.curve.boundingRect()
    assert isinstance(rect, QRectF) and rect.left() == pytest.approx(x[0]) and rect.right() == pytest.approx(x[-1])


def test_following_live_every_view_box_gets_the_time_range_and_panning_one_panel_moves_all(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = LongSession()
    charts = LiveCharts(source, "en")
    qtbot.addWidget(charts)
    charts.resize(1000, 800)
    charts.show()
    moves: list[tuple[float, float]] = []
    charts.time_range_changed.connect(lambda lo, hi: moves.append((lo, hi)))
    QApplication.processEvents()  # laid out (the views settle their first ranges)
    moves.clear()
    assert charts.redraw()
    t0, t1 = charts.x_range()
    boxes = [vb for p in charts.panels for vb in p.view_boxes()]
    assert len(boxes) == 10 and all(vb.viewRange()[0] == [t0, t1] for vb in boxes)
    assert moves == [(t0, t1)]  # once per move, not once per panel
    assert not any(vb.linksBlocked for vb in boxes)  # the links are held only while the redraw sets the ranges
    # the operator pans the fourth panel: the links move every other panel, the follow mode ends
    lo, hi = t0 - 600.0, t1 - 600.0
    charts.panels[3].plot.vb.setXRange(lo, hi, padding=0.0)
    for vb in boxes:
        assert vb.viewRange()[0] == pytest.approx([lo, hi])
    assert moves[-1] == pytest.approx((lo, hi))
    charts.set_follow(False)
    assert charts.redraw() and charts.x_range() == pytest.approx((lo, hi))
    assert all(vb.viewRange()[0] == pytest.approx([lo, hi]) for vb in boxes)
