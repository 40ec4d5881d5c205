"""The click heat map widget: products (rows, in the current list order) x broadcast minutes (columns, on a clock
time axis), coloured by clicks per minute or CTR per minute (a toggle), with the minutes a product was being
explained (讲解中) outlined, product order changes as dashed vertical lines, a colour bar, a hover readout and, in
review, the replay cursor.

It draws from a core.products.heat.ProductHeat kept over a core.products.history.ProductHistory: `show_history`
only marks it dirty (cheap, on every products poll); `redraw()` — called on a window's clock and only while the map
can be seen — takes in the new polls (the last minutes only) and redraws. Its time axis follows the charts':
`set_time_range` from the charts, `time_range_requested` when the operator zooms or pans the map.
"""

from __future__ import annotations

import time
from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainterPath, QPen
from PySide6.QtWidgets import QButtonGroup, QGraphicsPathItem, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.products.heat import CLICKS_MODE, CTR_MODE, HeatCell, ProductHeat
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.report_text import tr_code
from dyconsole.ui.common.theme import ACCENT, DEGRADED, TEXT, TEXT_DIM
from dyconsole.ui.live.chart_panel import ClockAxis, tick_font

#: the glossary words of the two views
MODE_TERMS = {CLICKS_MODE: "product_clicks_per_min", CTR_MODE: "product_click_rate"}
#: colour scale: dark (few) to bright (many) on the dark theme; the stops sit at squared steps of the top value so
#: the many quiet cells still show their differences beside an explained product's peak (the colour bar reads true)
HEAT_COLOURS = ("#1b2a4a", "#2f6db5", "#3bc9db", "#ffd43b", "#ff6b3b")
HEAT_STOPS = tuple((k / (len(HEAT_COLOURS) - 1)) ** 2 for k in range(len(HEAT_COLOURS)))
EXPLAINED_COLOUR = "#ffffff"
CHANGE_COLOUR = DEGRADED
TITLE_CHARS = 9  # a row label shows this many characters of the title (the readout has it all)
ROW_LABEL_PX = 14  # a row lower than this labels every other row


#: pixels between a scale's widest tick text and its title
TITLE_GAP_PX = 6


def fit_scale_axis(axis: pg.AxisItem, lo: float, hi: float) -> None:
    """Size the colour bar's axis for its ticks over lo..hi and its title beside them: pyqtgraph fixes it at 45 px,
    where the title ran over three-digit ticks ("150"), and its own automatic width leaves the two touching."""
    values = [v for _spacing, vs in axis.tickValues(lo, hi, max(1.0, axis.height())) for v in vs]
    spacing = (hi - lo) / max(1, len(values))
    texts = axis.tickStrings(values, 1.0, spacing) if values else [""]
    metrics = QFontMetrics(axis.style["tickFont"] or axis.font())
    widest = max(metrics.horizontalAdvance(t) for t in texts)
    title = axis.label.boundingRect().height() if axis.label.isVisible() else 0.0
    axis.setWidth(int(widest + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"]) + title
                      + TITLE_GAP_PX))


def short_title(title: str, chars: int = TITLE_CHARS) -> str:
    return title if len(title) <= chars else title[:chars - 1] + "…"


class RowAxis(pg.AxisItem):
    """The left axis: one label per product row (its title, shortened), thinned when rows are low."""

    def __init__(self) -> None:
        super().__init__(orientation="left")
        self.titles: list[str] = []
        self.setStyle(tickFont=tick_font(), tickLength=0)
        self.setWidth(120)

    def tickValues(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        n = len(self.titles)
        if not n:
            return []
        minVal, maxVal = sorted((minVal, maxVal))  # the rows run top down (an inverted axis)
        step = 1 if size / max(1, maxVal - minVal) >= ROW_LABEL_PX else 2 if size / n >= ROW_LABEL_PX / 2 else 4
        return [(1.0, [k + 0.5 for k in range(0, n, step) if minVal <= k + 0.5 <= maxVal])]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        return [short_title(self.titles[int(v)]) if 0 <= int(v) < len(self.titles) else "" for v in values]


class ClickHeatMap(QWidget):
    """Products x minutes of clicks (or CTR) per minute, drawn on demand (see the module doc)."""

    time_range_requested = Signal(float, float)

    def __init__(self, lang: str = "zh", start: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.heat = ProductHeat(start)  # minute 0 at `start` (default: the first products poll)
        self.mode = CLICKS_MODE
        self._history: ProductHistory | None = None
        self._dirty = False
        self._order: list[int] = []
        self._changes: tuple[float, ...] = ()
        self._range: tuple[float, float] | None = None
        self._applied: tuple[float, float] | None = None  # the range last set on the plot
        self._setting_range = False
        self._scale: tuple[float, str] | None = None  # what the colour bar shows
        self._shape: tuple[list[int], int] | None = None  # rows, explained cells outlined
        self._past: np.ndarray | None = None  # what the image of the minutes before the newest shows
        self.past_draws = 0  # times that image was set (a new minute, a new top, a new order, another mode)
        self.redraw_count = 0
        self.last_redraw_s = 0.0

        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        for mode, key in MODE_TERMS.items():
            b = QPushButton(glossary.label(key, lang))
            b.setCheckable(True)
            b.setChecked(mode == self.mode)
            b.clicked.connect(lambda _on, m=mode: self.set_mode(m))
            self.mode_group.addButton(b)
            self.mode_buttons[mode] = b
            bar.addWidget(b)
        self.setStyleSheet(f"QPushButton:checked {{ background: {ACCENT}; color: #ffffff; }}")
        self.key_label = QLabel(
            f"<span style='white-space:nowrap'><span style='color:{EXPLAINED_COLOUR}'>▭</span> "
            f"{self.tr('being explained')}</span> &nbsp; <span style='white-space:nowrap'>"
            f"<span style='color:{CHANGE_COLOUR}'>┆</span> {tr_code('order_change', lang)}</span>")
        self.key_label.setStyleSheet(f"color: {TEXT_DIM};")
        # the key has a row of its own under the mode buttons: beside them, a narrow side pane (1366 px) cut it
        # mid-phrase; its two entries wrap apart, never within one
        self.key_label.setWordWrap(True)
        self.key_label.setContentsMargins(4, 0, 4, 0)
        bar.addStretch(1)
        self.readout = QLabel(self.tr("Point at a cell to read it"))
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.readout.setStyleSheet(f"color: {TEXT};")

        self.graphics = pg.GraphicsLayoutWidget()
        self.rows = RowAxis()
        self.plot: pg.PlotItem = self.graphics.addPlot(
            row=0, col=0, axisItems={"bottom": ClockAxis("bottom"), "left": self.rows}, enableMenu=False)
        self.plot.getAxis("bottom").setStyle(tickFont=tick_font())
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")  # every minute but the newest: set when they change
        self.plot.addItem(self.image)
        self.newest = pg.ImageItem(axisOrder="row-major")  # the newest minute: a poll redraws only its column
        self.plot.addItem(self.newest)
        self.colour_map = pg.ColorMap(np.array(HEAT_STOPS), [QColor(c) for c in HEAT_COLOURS])
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=self.colour_map, interactive=False, width=12)
        self.colour_bar.setImageItem([self.image, self.newest], insert_in=self.plot)
        self.outline = QGraphicsPathItem()
        pen = QPen(QColor(EXPLAINED_COLOUR), 2)
        pen.setCosmetic(True)
        self.outline.setPen(pen)
        self.plot.addItem(self.outline)
        self.change_lines: list[pg.InfiniteLine] = []
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(ACCENT, width=2))
        self.cursor_line.setVisible(False)
        self.plot.addItem(self.cursor_line, ignoreBounds=True)
        self.plot.vb.sigRangeChangedManually.connect(self._user_moved)
        self._mouse = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.key_label)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.readout)

    # --- what it is told ------------------------------------------------------------------------------------------
    @property
    def needs_redraw(self) -> bool:
        return self._dirty

    def show_history(self, history: ProductHistory) -> None:
        """The products' history moved on (a products poll): cheap, only marks the map dirty."""
        self._history = history
        self._dirty = True

    def set_mode(self, mode: str) -> None:
        """Clicks per minute or CTR per minute."""
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        self._dirty = True

    def set_order_changes(self, times: Sequence[float]) -> None:
        """The product order changes to mark (broadcast times)."""
        if tuple(times) == self._changes:
            return
        self._changes = tuple(times)
        for line in self.change_lines:
            self.plot.removeItem(line)
        self.change_lines = []
        for ts in self._changes:
            line = pg.InfiniteLine(pos=ts, angle=90, movable=False,
                                   pen=pg.mkPen(CHANGE_COLOUR, width=2, style=Qt.PenStyle.DashLine))
            self.plot.addItem(line, ignoreBounds=True)
            self.change_lines.append(line)

    def set_time_range(self, t0: float, t1: float) -> None:
        """Show broadcast times t0..t1 (the charts' time range). A hidden map takes it when it shows: the charts move
        their range on every live redraw, and moving a plot's range costs a round of pyqtgraph's range signals."""
        self._range = (t0, t1)
        if self.isVisible():
            self._apply_range()

    def _apply_range(self) -> None:
        if self._range is None or self._range == self._applied:
            return
        self._applied = t0, t1 = self._range
        self._setting_range = True
        try:
            self.plot.setXRange(t0, t1, padding=0.0)
        finally:
            self._setting_range = False

    def set_cursor(self, ts: float | None) -> None:
        """The replay cursor (review); None hides it."""
        self.cursor_line.setVisible(ts is not None)
        if ts is not None:
            self.cursor_line.setPos(ts)

    # --- drawing --------------------------------------------------------------------------------------------------
    def redraw(self) -> bool:
        """Take in the new polls (and the charts' time range, if it came while hidden) and redraw; False when there
        was nothing new."""
        self._apply_range()
        if not self._dirty or self._history is None:
            return False
        started = time.perf_counter()
        self._dirty = False
        self.heat.update(self._history)
        heat = self.heat
        if not heat.minutes or heat.start is None:
            return False
        order = heat.display_order()
        values = heat.matrix(self.mode)[order]
        finite = values[np.isfinite(values)]
        top = float(finite.max()) if finite.size else 1.0
        top = top if top > 0 else 1.0
        self._draw_image(values, top, heat.start)
        if (top, self.mode) != self._scale:  # the colour bar relays itself out: only when it changes
            self._scale = (top, self.mode)
            self.colour_bar.setLevels((0.0, top))
            self.colour_bar.axis.setLabel(glossary.label(MODE_TERMS[self.mode], self.lang))
            fit_scale_axis(self.colour_bar.axis, 0.0, top)
        explained = heat.explained()[order]
        titles = [heat.titles.get(heat.ids[k], heat.ids[k]) for k in order]
        if list(order) != self._order or titles != self.rows.titles:  # the rows: their axis is drawn again
            self._order = list(order)
            self.rows.titles = titles
            self.plot.setYRange(0.0, float(len(order)), padding=0.0)
            self.rows.picture = None
            self.rows.update()
        shape = (self._order, int(explained.sum()))
        if shape != self._shape:  # rows or explained minutes changed: the outlines (not the axes)
            self._shape = shape
            self._outline(explained, heat.start)
        if self._range is None:
            self.set_time_range(heat.start, heat.start + 60.0 * heat.minutes)
        self.redraw_count += 1
        self.last_redraw_s = time.perf_counter() - started
        return True

    def _draw_image(self, values: np.ndarray, top: float, start: float) -> None:
        """The products x minutes `values` as two images: the minutes before the newest, set only when they (or the
        colour scale) changed, and the newest minute's column, set every time: a poll within a minute repaints
        only that column of the map."""
        rows, minutes = values.shape
        past, levels = values[:, :-1], (0.0, top)
        if (self._past is None or past.shape != self._past.shape or (top, self.mode) != self._scale
                or not np.array_equal(past, self._past, equal_nan=True)):
            self._past = past.copy()
            self.past_draws += 1
            self.image.setVisible(minutes > 1)
            if minutes > 1:
                self.image.setImage(past, autoLevels=False, levels=levels)
                self.image.setRect(QRectF(start, 0.0, 60.0 * (minutes - 1), float(rows)))
        self.newest.setImage(values[:, -1:], autoLevels=False, levels=levels)
        self.newest.setRect(QRectF(start + 60.0 * (minutes - 1), 0.0, 60.0, float(rows)))

    def _outline(self, explained: np.ndarray, start: float) -> None:
        """One rectangle around each run of explained minutes of a row."""
        path = QPainterPath()
        for row in range(explained.shape[0]):
            minutes = np.flatnonzero(explained[row])
            if not minutes.size:
                continue
            breaks = np.flatnonzero(np.diff(minutes) > 1)
            for a, b in zip(np.concatenate(([0], breaks + 1)), np.concatenate((breaks, [minutes.size - 1]))):
                m0, m1 = int(minutes[a]), int(minutes[b]) + 1
                path.addRect(QRectF(start + 60.0 * m0, row + 0.08, 60.0 * (m1 - m0), 0.84))
        self.outline.setPath(path)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        super().showEvent(event)
        self._apply_range()  # the time range and what came while it was hidden
        self.redraw()

    # --- reading it -----------------------------------------------------------------------------------------------
    def explained_cells(self) -> list[tuple[str, int]]:
        """(product id, minute) of every outlined cell."""
        rows, minutes = np.nonzero(self.heat.explained())
        return [(self.heat.ids[r], int(m)) for r, m in zip(rows.tolist(), minutes.tolist())]

    def cell_at(self, x: float, y: float) -> HeatCell | None:
        """The cell under view coordinates (broadcast time, row)."""
        row = int(np.floor(y))
        if not 0 <= row < len(self._order):
            return None
        return self.heat.cell(self._order[row], self.heat.minute_of(x))

    def show_readout(self, x: float, y: float) -> str:
        """Write the readout of the cell at (x, y) (what hovering shows); returns the text."""
        cell = self.cell_at(x, y)
        if cell is None:
            self.readout.setText("")
            return ""
        lang = self.lang
        clock = time.strftime("%H:%M", time.localtime(cell.minute_start))
        parts = [f"<b>{cell.title}</b>", clock,
                 f"{glossary.label(MODE_TERMS[CLICKS_MODE], lang)} {glossary.format_unit(cell.clicks, 'count', lang)}",
                 f"{glossary.label(MODE_TERMS[CTR_MODE], lang)} {glossary.format_unit(cell.ctr, 'ratio', lang)}",
                 self.tr("being explained") if cell.explained else self.tr("not explained")]
        text = " · ".join(parts)
        self.readout.setText(text)
        return text

    # --- interaction ----------------------------------------------------------------------------------------------
    def _user_moved(self, *_args: object) -> None:
        if self._setting_range:
            return
        lo, hi = self.plot.vb.viewRange()[0]
        self._range = self._applied = (float(lo), float(hi))
        self.time_range_requested.emit(float(lo), float(hi))

    def _mouse_moved(self, event: tuple) -> None:
        pos = event[0]
        if self.plot.vb.sceneBoundingRect().contains(pos):
            point = self.plot.vb.mapSceneToView(pos)
            self.show_readout(point.x(), point.y())
