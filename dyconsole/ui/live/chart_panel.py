"""One panel of the live charts and its parts: the series / panel specs, the value axis in the console's number
format (万 / K, labels thinned on a short axis), the time axis in clock times (`ClockAxis`: HH:MM, HH:MM:SS
while the span is under a few minutes; never pyqtgraph's "52.000" seconds), a flat series' value range
(`flat_range`: a flat zero reads 0..10, not -0.4..0.4), and `ChartPanel`, a pyqtgraph plot with a left and a right value
axis, its curves, legend and crosshair line. `ui.live_charts` stacks these panels; `ui.compare_view` reuses the
axis. Series names are core.glossary's labels; the charts' own words are translated in the "LiveCharts" context
(`chart_tr`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

from dyconsole.core import glossary
from dyconsole.core.numfmt import fmt_count
from dyconsole.ui.common.theme import LEGEND_FILL, TEXT_DIM, series_colour
from dyconsole.ui.live.bold_curve import LiveCurve, bold_curve


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    key: str  # a derived metric name or a room metric name: its label is core.glossary's
    colour: int  # index into the series palette
    right: bool = False  # drawn against the panel's right axis (a different scale)


@dataclass(frozen=True, slots=True)
class PanelSpec:
    key: str
    title: str  # English source text; translated in the "LiveCharts" context
    series: tuple[SeriesSpec, ...]


def chart_tr(text: str) -> str:
    """A chart word (a panel title, a button) in the UI language ("LiveCharts" context)."""
    return QCoreApplication.translate("LiveCharts", text)


MIN_POINTS = 64  # never ask for fewer points than this, even for a tiny plot
TITLE_SIZE = "11pt"  # a panel's title row (and, compact, its key)
#: vertical pixels a value label needs (so a short axis shows fewer, never overlapping, labels)
TICK_LABEL_ROOM_PX = 24


def legend_name(spec: SeriesSpec, lang: str, estimate: bool = False, with_axis: bool = True) -> str:
    """A curve's legend text: its glossary label in `lang`, "(est.)" when it is the console's estimate, and
    (`with_axis`) the axis it is read against when that is the right one."""
    name = glossary.label(spec.key, lang)
    if estimate:
        name += QCoreApplication.translate("LiveCharts", " (est.)")
    if with_axis and spec.right:
        name += QCoreApplication.translate("LiveCharts", " (right axis)")
    return name


def tick_font() -> QFont:
    """Axis labels a size below the body text, so short plots keep readable, non-overlapping ticks."""
    f = QFont(QApplication.font())
    f.setPointSize(max(8, QApplication.font().pointSize() - 2))
    return f


class Axis(pg.AxisItem):
    """pyqtgraph's axis, its label's HTML set only when it changes: pyqtgraph sets it again (its text document
    parsed and laid out anew) on every change of the axis's style, pens and scale, eight times for each axis a
    panel builds (160 for the live charts' 20 axes, ~11% of building the window), for a label that stays as it was
    (empty, as the live charts' are)."""

    _label_html: str | None = None

    def _updateLabel(self) -> None:  # noqa: N802 - pyqtgraph's
        html = self.labelString()
        if html != self._label_html:
            self._label_html = html
            self.label.setHtml(html)
        self._adjustSize()
        self.picture = None
        self.update()


class CountAxis(Axis):
    """A value axis in the console's number format (万 / K) instead of pyqtgraph's SI prefixes."""

    def __init__(self, orientation: str, lang: str) -> None:
        super().__init__(orientation=orientation)
        self.lang = lang
        self.enableAutoSIPrefix(False)
        self.setStyle(tickFont=tick_font())

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        return [fmt_count(v * scale, self.lang) for v in values]

    def tickValues(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        """pyqtgraph's ticks, thinned so that their labels never overlap on a short axis (a small window)."""
        levels = super().tickValues(minVal, maxVal, size)
        if not levels or self.orientation not in ("left", "right"):
            return levels
        room = max(2, int(size // TICK_LABEL_ROOM_PX))
        spacing, values = levels[0]
        if len(values) <= room:
            return levels
        step = math.ceil(len(values) / room)
        return [(spacing * step, list(values)[::step])]


#: tick spacings of the time axis (seconds), fine to coarse; labels at least CLOCK_LABEL_ROOM_PX apart
CLOCK_SPACINGS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
CLOCK_LABEL_ROOM_PX = 70


class ClockAxis(Axis):
    """A time axis (epoch seconds) labelled with local clock times on whole minutes (HH:MM); a span too short for
    two minute ticks gets HH:MM:SS on whole seconds. Never pyqtgraph's bare seconds ("52.000 53.000")."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation)
        self.enableAutoSIPrefix(False)
        self.setStyle(tickFont=tick_font())

    def tickValues(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal or size <= 0:
            return []
        return [(spacing, clock_ticks(minVal, maxVal, spacing))
                for spacing in [clock_spacing(maxVal - minVal, size)]]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        form = "%H:%M" if spacing >= 60 else "%H:%M:%S"
        return [time.strftime(form, time.localtime(v)) for v in values]

    def paint(self, p: QPainter, opt: object, widget: object) -> None:  # noqa: D102 - Qt API
        if not self._paint_bare(p):
            super().paint(p, opt, widget)

    def _paint_bare(self, p: QPainter) -> bool:
        """A time axis without labels (a stacked panel's: the lowest one labels the time) drawn straight from its
        ticks: the line and tick marks pyqtgraph draws, without regenerating its draw specs and recording them into
        a picture on every move of the time range (each live redraw, for four of the five panels). False when
        pyqtgraph must paint it (labels, a grid, set ticks, other styles)."""
        style = self.style
        if (style["showValues"] or self.orientation != "bottom" or self.grid is not False or self._tickLevels is not None
                or style["tickAlpha"] is not None or any(style["stopAxisAtTick"])):
            return False
        bounds = self.mapRectFromParent(self.geometry())
        start, stop = bounds.topLeft() + QPointF(-1.0, 1.0), bounds.topRight() + QPointF(1.0, 1.0)
        ends = self.mapToDevice(start), self.mapToDevice(stop)
        if None in ends:
            return True
        length = QLineF(*ends).length()
        if length == 0:
            return True
        lo, hi = self.range
        scale = bounds.width() / (hi - lo) if hi != lo else 1.0
        offset = lo * scale if hi != lo else 0.0
        x_min, x_max = sorted((lo * scale - offset, hi * scale - offset))
        p.save()  # the items painted after this one get the painter as it was (pyqtgraph's picture restores it too)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(self.pen())
        p.drawLine(QLineF(start, stop))
        top = bounds.top()
        for i, (_spacing, values) in enumerate(self.tickValues(lo, hi, length)):
            pen = self.tickPen()
            if pen.brush().style() == Qt.BrushStyle.SolidPattern:  # pyqtgraph fades each finer level
                pen = QPen(pen)
                colour = QColor(pen.color())
                colour.setAlpha(int(255 / (i + 1)))
                pen.setColor(colour)
            tip = top + style["tickLength"] / (i * 0.5 + 1.0)
            xs = [v * scale - offset for v in values]
            p.setPen(pen)
            p.drawLines([QLineF(x, top, x, tip) for x in xs if x_min <= x <= x_max])
        p.restore()
        return True


def clock_spacing(span_s: float, size_px: float) -> float:
    """The finest CLOCK_SPACINGS step whose labels stay CLOCK_LABEL_ROOM_PX apart on `size_px` pixels."""
    room = max(1, int(size_px // CLOCK_LABEL_ROOM_PX))
    return float(next((s for s in CLOCK_SPACINGS if span_s / s <= room), CLOCK_SPACINGS[-1]))


def clock_ticks(lo: float, hi: float, spacing: float) -> list[float]:
    """Tick times in [lo, hi] on whole `spacing` steps of the local clock (10:00, 10:05 ... not UTC's)."""
    offset = time.localtime(lo).tm_gmtoff
    first = math.ceil((lo + offset) / spacing) * spacing - offset
    return [float(t) for t in np.arange(first, hi + 1e-9, spacing)]


def y_span(ys: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """The smallest and largest finite value of the arrays (None when there is none)."""
    lo, hi = math.inf, -math.inf
    for y in ys:
        if len(y):
            with np.errstate(invalid="ignore"):
                a, b = np.fmin.reduce(y), np.fmax.reduce(y)  # NaN only when every value is NaN
            if a == a:
                lo, hi = min(lo, float(a)), max(hi, float(b))
    return (lo, hi) if lo <= hi else None


def flat_range(values: Sequence[float]) -> tuple[float, float] | None:
    """The y range to show for a flat series (every finite value equal): from 0 to a bit above the value (0..10
    for a flat zero: GMV and spend before the first order or ad); None when the values vary (autorange) or there
    are none."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0 or float(finite.max()) != float(finite.min()):
        return None
    v = float(finite[0])
    if v == 0.0:
        return 0.0, 10.0
    return (0.0, v * 1.25) if v > 0 else (v * 1.25, 0.0)


def unpolished_menu(plot: pg.PlotItem) -> None:
    """Drop the style polish and layout Qt queued for the widgets of the plot's "Plot Options" menu: pyqtgraph builds
    that menu (some 40 widgets) for every plot, menus on or off, and the event loop's first turns polished and laid
    out all of them (~20 ms of the start for five panels) although, its menus off, the plot never shows it. Were it
    ever shown, showing polishes and lays it out then."""
    menu = plot.ctrlMenu
    for widget in [menu, *menu.findChildren(QWidget)]:
        QCoreApplication.removePostedEvents(widget, QEvent.Type.PolishRequest)
        QCoreApplication.removePostedEvents(widget, QEvent.Type.LayoutRequest)


#: a varying series' value range keeps still while its values fill at least this share of it ...
RANGE_MIN_FILL = 0.6
#: ... and when they rise past its top, it grows this share of their span above them (a running total: GMV, spend)
RANGE_HEADROOM = 0.1


def steady_range(values: tuple[float, float], pad: float, shown: list[float] | None) -> tuple[float, float]:
    """The value range for values spanning `values` (min, max), padded by `pad` on each side when fitted, while
    `shown` is the range shown (None: one not set by this rule, as before the first fit). `shown` while it holds the
    values and they fill at least RANGE_MIN_FILL of it: the axis and its labels keep still while the values move
    within it (a live chart's totals rise with every poll: each move of the range redrew the axis, a flicker of its
    labels and about 1 ms of the paint). Otherwise the values padded, with RANGE_HEADROOM of their span more above
    them when they rose past the top."""
    lo, hi = values
    if shown is not None:
        bottom, top = shown
        if bottom <= lo and hi <= top and hi - lo >= RANGE_MIN_FILL * (top - bottom):
            return bottom, top
        if hi > top:
            return lo - pad, hi + pad + RANGE_HEADROOM * (hi - lo)
    return lo - pad, hi + pad


def cache_still_parts(plot: pg.PlotItem, legend: pg.LegendItem) -> None:
    """The plot's title and its legend (the box, each sample and name) painted once into pixmaps that later paints
    reuse until they change (a name set, a series hidden): a live redraw repaints the whole plot, and drawing their
    text again each time was about an eighth of its paint. The pictures are the same (the box's translucent corner
    pixels may round one step apart)."""
    items: list[QGraphicsItem] = [plot.titleLabel, plot.titleLabel.item, legend]
    for sample, label in legend.items:
        items += [sample, label, label.item]
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class ChartPanel:
    """One plot: left (and optionally right) axis, its curves and its legend."""

    def __init__(self, layout: pg.GraphicsLayout, spec: PanelSpec, row: int, lang: str) -> None:
        self.spec = spec
        # every panel gets a right axis of the same width (empty when unused), so all plots are exactly as wide
        # and the x-linked time axes line up; given here, the plot does not build a default right axis to replace
        right_axis = CountAxis("right", lang)
        right_axis.setWidth(64)
        self.plot: pg.PlotItem = layout.addPlot(
            row=row, col=0,
            axisItems={"bottom": ClockAxis("bottom"), "left": CountAxis("left", lang), "right": right_axis,
                       "top": Axis("top")},
            enableMenu=False,  # both context menus off, and the view's never built (~6% of building the window)
        )
        self.plot.hideAxis("top")  # given here (its label set once), it is hidden as pyqtgraph's own would be
        unpolished_menu(self.plot)
        #: each curve's legend text (its name, as the legend and a compact title show it)
        self.names: dict[str, str] = {s.key: legend_name(s, lang) for s in spec.series}
        self.compact = False  # a short panel: no legend over the data, its key in the title row (`set_compact`)
        self.plot.setTitle(chart_tr(spec.title), size=TITLE_SIZE, justify="left", color=TEXT_DIM)
        # no grid: on a software-rendered screen the full-width alpha-blended grid lines cost more than the data
        self.plot.getAxis("left").setWidth(64)
        # the hidden top axis follows every change of the time range: without SI prefixes it does not re-lay out its
        # label each time
        self.plot.getAxis("top").enableAutoSIPrefix(False)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.disableAutoRange()  # the redraw sets the time range and fit_y the value range, from what it draws
        self.legend = self.plot.addLegend(offset=(4, 2), labelTextSize="10pt", colCount=4, brush=LEGEND_FILL)
        self.right_vb: pg.ViewBox | None = None
        self.plot.showAxis("right")
        if any(s.right for s in spec.series):
            # no context menu, as the plot's own view: it lies over the plot, and its menu (two axis forms each) was
            # the costliest part of a panel to build
            self.right_vb = pg.ViewBox(enableMenu=False)
            self.right_vb.setMouseEnabled(x=False, y=False)
            self.plot.scene().addItem(self.right_vb)
            right_axis.linkToView(self.right_vb)
            self.right_vb.setXLink(self.plot.vb)
            self.right_vb.disableAutoRange()
            self.plot.vb.sigResized.connect(self._sync_right)
            self._sync_right()
        else:
            right_axis.setStyle(showValues=False, tickLength=0)
        self.curves: dict[str, LiveCurve] = {}
        self.hidden: set[str] = set()
        self._fitted: dict[bool, list[float]] = {}  # the value range fit_y last set, of the left / right axis
        for s in spec.series:
            pen = pg.mkPen(series_colour(s.colour), width=2)
            # no antialiasing: 2 px lines read well on the dark background and paint at about half the cost (and
            # a bold_curve paints them as 1 px passes, at about 60% of that)
            name = self.names[s.key]
            curve = bold_curve(name, pen)
            curve.setSkipFiniteCheck(False)
            if s.right and self.right_vb is not None:
                self.right_vb.addItem(curve)
                self.legend.addItem(curve, name)
            else:
                self.plot.addItem(curve)
            self.curves[s.key] = curve
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(TEXT_DIM, width=1, style=Qt.PenStyle.DashLine))
        self.vline.setVisible(False)
        self.plot.addItem(self.vline, ignoreBounds=True)
        cache_still_parts(self.plot, self.legend)

    def set_compact(self, compact: bool) -> None:
        """A short panel (a small window) shows no legend over its data: the title row names its shown curves
        instead, each after a dash of its colour, so every line can still be told apart."""
        self.compact = compact
        self.legend.setVisible(not compact)
        self.show_title()

    def rename(self, key: str, name: str) -> None:
        """A curve's legend text changed (the online count became the console's estimate)."""
        self.names[key] = name
        for sample, label in self.legend.items:
            if sample.item is self.curves[key] and label.text != name:
                label.setText(name)
        self.show_title()

    def show_title(self) -> None:
        """The title (compact: with the key of the shown curves), set only when it changes (it is cached)."""
        title = chart_tr(self.spec.title)
        if self.compact:
            import html  # only a short panel's key needs it (~2 ms of imports, kept off the first frame)

            keys = [f"<span style='color:{series_colour(s.colour)}'>\u2501</span>&nbsp;{html.escape(self.names[s.key])}"
                    for s in self.spec.series if s.key not in self.hidden]
            title = "&nbsp;&nbsp;&nbsp;".join([html.escape(title)] + keys)
        if title != self.plot.titleLabel.text:
            self.plot.setTitle(title, size=TITLE_SIZE, justify="left", color=TEXT_DIM)

    def legend_sample_changed(self, curve: LiveCurve) -> None:
        """The legend's sample of `curve` paints again (shown or hidden: its pixmap is cached)."""
        for sample, _label in self.legend.items:
            if sample.item is curve:
                sample.update()

    def _sync_right(self) -> None:
        assert self.right_vb is not None
        self.right_vb.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right_vb.linkedViewChanged(self.plot.vb, self.right_vb.XAxis)

    def view_boxes(self) -> list[pg.ViewBox]:
        """The plot's view box and the right axis's, if any."""
        return [self.plot.vb] if self.right_vb is None else [self.plot.vb, self.right_vb]

    def fit_y(self, drawn: dict[str, np.ndarray], x: tuple[float, float] | None = None) -> None:
        """Set both value axes from the values just drawn (`drawn`: key -> y of each visible curve), before the
        paint, and (`x`) the time range with them: a flat series gets flat_range (pyqtgraph would centre it on the
        value, -0.4..0.4 for a zero), a varying one its min..max with pyqtgraph's auto-range padding. Deciding it
        here rather than leaving it to pyqtgraph's auto-range spares a second paint (a range settled during the
        paint asks for one) and its bounds search through every item of the plot on each paint; a range that did
        not move leaves the axis picture as it was, and a range this set keeps still while the values move within
        it (`steady_range`). The time and value ranges of a view box are set in one go (one round of pyqtgraph's
        range signals, not two)."""
        for right, vb in ((False, self.plot.vb), (True, self.right_vb)):
            if vb is None:
                continue
            x_range, y_range = vb.viewRange()
            ys = [drawn[s.key] for s in self.spec.series if s.right == right and s.key in drawn]
            span = y_span(ys)
            new_y: list[float] | None = None
            if span is not None:
                lo, hi = span
                if lo == hi:
                    lo, hi = flat_range([lo]) or (lo, hi)
                else:
                    pad = (hi - lo) * vb.suggestPadding(1)
                    fitted = self._fitted.get(right)
                    lo, hi = steady_range((lo, hi), pad, fitted if fitted == y_range else None)
                if y_range != [lo, hi]:
                    new_y = [lo, hi]
                self._fitted[right] = [lo, hi]
            new_x = list(x) if x is not None and x_range != list(x) else None
            if new_x is not None or new_y is not None:
                vb.setRange(xRange=new_x, yRange=new_y, padding=0.0)

    def prepare_paint(self) -> None:
        """Apply the ranges set now to the view boxes' transforms (what pyqtgraph otherwise does at the start of
        the next paint, where the change would ask for another paint)."""
        self.plot.vb.prepareForPaint()
        if self.right_vb is not None:
            self.right_vb.prepareForPaint()

    def visible_curves(self) -> list[tuple[str, LiveCurve]]:
        """The curves the operator wants (a curve in a folded panel still counts: it shows when the panel does)."""
        return [(k, c) for k, c in self.curves.items() if k not in self.hidden]

    def pixel_width(self) -> int:
        return max(MIN_POINTS, int(self.plot.vb.width()))


def value_at(curve: pg.PlotDataItem, x: float) -> float | None:
    """The curve's drawn value nearest to time `x` (None when it has no data there or the point is a gap)."""
    xs, ys = curve.getData()
    if xs is None or len(xs) == 0:
        return None
    i = int(np.searchsorted(xs, x))
    i = min(max(i, 0), len(xs) - 1)
    if i > 0 and abs(xs[i - 1] - x) < abs(xs[i] - x):
        i -= 1
    value = float(ys[i])
    return None if math.isnan(value) else value
