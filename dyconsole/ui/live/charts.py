"""The live charts: stacked, x-linked pyqtgraph plots on a wall-clock time axis.

Panels (each a ui.chart_panel.ChartPanel): online viewers with entries per minute; interactions per minute;
product clicks and orders per minute; GMV (cumulative and per minute); ad spend. Each has a legend (click to hide
a series), a crosshair readout, zoom and pan (which switch follow-live off), window presets and series toggles
(the "Series" menu).

Drawing is pull-based: `redraw()` asks the data source for the decimated view of each VISIBLE series, sized to the
plot's pixel width, so the cost of a redraw does not grow with the length of the broadcast. The main window's one
~10 Hz timer redraws when the data changed or the view moved (`needs_redraw`), a panel a loop turn (`begin_redraw`,
then `redraw_next` in each turn: the time range and the points taken once for all); `redraw()` draws every panel at
once. Gaps are NaN in the data and drawn as breaks (connect="finite").

Time markers are the charts' seam for features (ui.live.time_markers): `add_time_marker` draws a vertical line at a
broadcast time on every panel (labelled on the top one), `add_time_region` shades a span on every panel; only those
near the range shown have items in the plots; nothing outside pokes the plots.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.numfmt import fmt_count
from dyconsole.core.marker_labels import EVENT_PRIORITY
from dyconsole.ui.live.bold_curve import LiveCurve
from dyconsole.ui.live.chart_panel import ChartPanel, PanelSpec, SeriesSpec, chart_tr, legend_name, value_at
from dyconsole.ui.common.theme import ACCENT, series_colour
from dyconsole.ui.live.time_markers import TimeMarker, TimeMarkers


class SeriesSource(Protocol):
    """What the charts draw from (the live feed service implements it)."""

    def span(self) -> tuple[float, float] | None: ...

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]: ...


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("audience", QT_TRANSLATE_NOOP("LiveCharts", "Online viewers"), (
        SeriesSpec("online", 0),
        SeriesSpec("entries_per_min", 1, right=True),
    )),
    PanelSpec("interactions", QT_TRANSLATE_NOOP("LiveCharts", "Interactions per minute"), (
        # likes run two orders of magnitude above the rest: on the left axis they would flatten the others
        SeriesSpec("likes_per_min", 2, right=True),
        SeriesSpec("comments_per_min", 3),
        SeriesSpec("shares_per_min", 4),
        SeriesSpec("follows_per_min", 5),
    )),
    PanelSpec("sales", QT_TRANSLATE_NOOP("LiveCharts", "Product clicks and orders per minute"), (
        SeriesSpec("product_clicks_per_min", 6),
        SeriesSpec("paid_orders_per_min", 7, right=True),
    )),
    PanelSpec("gmv", QT_TRANSLATE_NOOP("LiveCharts", "GMV"), (
        SeriesSpec("live_pay_order_gmv_alias", 8),
        SeriesSpec("gmv_per_min", 9, right=True),
    )),
    PanelSpec("spend", QT_TRANSLATE_NOOP("LiveCharts", "Ad spend"), (
        SeriesSpec("stat_cost", 4),
        SeriesSpec("ad_cost_per_min", 7, right=True),
    )),
)

#: window presets in broadcast seconds (None = the whole broadcast)
WINDOW_PRESETS: tuple[tuple[str, float | None], ...] = (
    (QT_TRANSLATE_NOOP("LiveCharts", "10 min"), 600.0),
    (QT_TRANSLATE_NOOP("LiveCharts", "30 min"), 1800.0),
    (QT_TRANSLATE_NOOP("LiveCharts", "1 h"), 3600.0),
    (QT_TRANSLATE_NOOP("LiveCharts", "Whole broadcast"), None),
)

#: panels a turn of a redraw in turns draws (LiveCharts.redraw_next), each turn followed by the paint of their
#: rectangle
PANELS_PER_TURN = 1

#: a panel shorter than this (a small window) shows no legend over its data: its title row names its curves, and
#: the Series menu still names and toggles every curve
COMPACT_PANEL_PX = 110


@contextmanager
def one_layout_pass(layout: pg.GraphicsLayout) -> Iterator[None]:
    """Items added to `layout` inside are laid out once, on the way out: pyqtgraph's GraphicsLayout.addItem lays
    the whole grid out after each item it adds (so that it works without an event loop), and five panels were laid
    out 1 + 2 + ... + 5 = 15 times while the window was built, each pass resizing every view box and axis."""
    grid = layout.layout
    grid.activate = lambda: None  # shadows the layout's own, for addItem
    try:
        yield
    finally:
        del grid.activate
        grid.activate()


class LiveCharts(QWidget):
    """The stacked live charts with their toolbar (follow live, window presets, series toggles)."""

    follow_changed = Signal(bool)
    time_range_changed = Signal(float, float)  # the time range shown (broadcast seconds), however it moved

    def __init__(self, source: SeriesSource, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.lang = lang
        self._follow = True
        self._window_s: float | None = WINDOW_PRESETS[1][1]
        self._needs_redraw = True
        self._setting_range = False
        self.redraw_count = 0
        self.last_redraw_s = 0.0
        # a redraw begun: its time range and the panels left to draw, each with its points
        self._staged: tuple[tuple[float, float], list[tuple[ChartPanel, list]]] | None = None
        self._staged_s = 0.0

        # the toolbar's widgets and the plots' view are the charts' from the start: built apart, each was styled again
        # as it joined the charts, already in their window
        self.follow_button = QPushButton(self.tr("Follow live"), self)
        self.follow_button.setCheckable(True)
        self.follow_button.setChecked(True)
        self.follow_button.toggled.connect(self.set_follow)
        self.preset_group = QButtonGroup(self)
        self.preset_buttons: list[QPushButton] = []
        self.setStyleSheet(f"QPushButton:checked {{ background: {ACCENT}; color: #ffffff; }}")
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(4, 0, 4, 0)
        toolbar.addWidget(self.follow_button)
        for i, (label, seconds) in enumerate(WINDOW_PRESETS):
            b = QPushButton(chart_tr(label), self)
            b.setCheckable(True)
            b.setChecked(seconds == self._window_s)
            self.preset_group.addButton(b, i)
            self.preset_buttons.append(b)
            toolbar.addWidget(b)
        self.preset_group.idClicked.connect(self.set_window_preset)
        self.series_button = QToolButton(self)
        self.series_button.setText(self.tr("Series"))
        self.series_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.series_button.setStyleSheet("QToolButton { padding: 4px 20px 4px 10px; }")
        self.series_menu = QMenu(self)
        self.series_button.setMenu(self.series_menu)
        toolbar.addWidget(self.series_button)
        self.readout = QLabel(self)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        toolbar.addWidget(self.readout, 1)

        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.ci.setSpacing(2)
        self.series_actions: dict[str, QAction] = {}
        with one_layout_pass(self.graphics.ci):
            self.panels: list[ChartPanel] = [ChartPanel(self.graphics.ci, spec, row, lang)
                                             for row, spec in enumerate(PANELS)]
        for panel, spec in zip(self.panels, PANELS):
            if panel is not self.panels[0]:
                panel.plot.setXLink(self.panels[0].plot)
            panel.plot.vb.sigRangeChangedManually.connect(self._user_moved)
            self.series_menu.addSection(chart_tr(spec.title))
            for s in spec.series:
                action = QAction(legend_name(s, self.lang, with_axis=False), self)
                action.setCheckable(True)
                action.setChecked(True)
                action.toggled.connect(lambda on, key=s.key: self.set_series_visible(key, on))
                self.series_menu.addAction(action)
                self.series_actions[s.key] = action
            for sample, _label in panel.legend.items:
                sample.sigClicked.connect(self._legend_clicked)
        # the panels' time ranges are linked: the first panel's moves whenever any of them does
        self.panels[0].plot.vb.sigXRangeChanged.connect(self._range_changed)
        self.markers = TimeMarkers([p.plot for p in self.panels])
        self._place_time_axis()
        self._mouse_proxy = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(toolbar)
        layout.addWidget(self.graphics, 1)

    # --- state --------------------------------------------------------------------------------------------------
    @property
    def follow(self) -> bool:
        return self._follow

    @property
    def window_s(self) -> float | None:
        return self._window_s

    @property
    def needs_redraw(self) -> bool:
        return self._needs_redraw

    def mark_dirty(self) -> None:
        self._needs_redraw = True

    def set_follow(self, on: bool) -> None:
        if on == self._follow:
            return
        self._follow = on
        self.follow_button.blockSignals(True)
        self.follow_button.setChecked(on)
        self.follow_button.blockSignals(False)
        self._needs_redraw = True
        self.follow_changed.emit(on)

    def set_window_preset(self, index: int) -> None:
        self._window_s = WINDOW_PRESETS[index][1]
        self.preset_buttons[index].setChecked(True)
        self.set_follow(True)
        self._needs_redraw = True

    def set_series_visible(self, key: str, on: bool) -> None:
        for panel in self.panels:
            curve = panel.curves.get(key)
            if curve is None:
                continue
            curve.setVisible(on)
            panel.legend_sample_changed(curve)
            if on:
                panel.hidden.discard(key)
            else:
                panel.hidden.add(key)
            action = self.series_actions[key]
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)
            # a panel with nothing to show folds away (and costs nothing to redraw)
            panel.plot.setVisible(bool(panel.visible_curves()))
        self._place_time_axis()
        self._fit_panels()
        self._needs_redraw = True

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_panels()

    def panel_height(self) -> float:
        """The height each visible panel gets in the chart area (pixels)."""
        visible = sum(1 for p in self.panels if p.plot.isVisible())
        return self.graphics.height() / max(1, visible)

    def _fit_panels(self) -> None:
        """Short panels show no legend over their curves, their key in the title row instead."""
        compact = self.panel_height() < COMPACT_PANEL_PX
        for p in self.panels:
            p.set_compact(compact)

    def _place_time_axis(self) -> None:
        """Only the lowest visible panel shows the time labels (the others share its x range)."""
        visible = [p for p in self.panels if p.plot.isVisible()]
        for p in self.panels:
            p.plot.getAxis("bottom").setStyle(showValues=bool(visible) and p is visible[-1])
            p.plot.getAxis("bottom").setHeight(None if visible and p is visible[-1] else 4)

    def mark_estimate(self, key: str, estimate: bool) -> None:
        """Say in the legend and the Series menu that a curve is the console's estimate (the online count)."""
        spec = next(s for p in PANELS for s in p.series if s.key == key)
        self.series_actions[key].setText(legend_name(spec, self.lang, estimate, with_axis=False))
        text = legend_name(spec, self.lang, estimate)
        for panel in self.panels:
            if key in panel.curves:
                panel.rename(key, text)

    def is_series_visible(self, key: str) -> bool:
        return self.series_actions[key].isChecked()

    # --- drawing ------------------------------------------------------------------------------------------------
    def x_range(self) -> tuple[float, float] | None:
        """The time range to draw: the live window when following, else what the operator zoomed to."""
        span = self.source.span()
        if span is None:
            return None
        first, last = span
        if self._follow:
            if self._window_s is None:
                return first, max(last, first + 1.0)
            return max(first, last - self._window_s), max(last, first + 1.0)
        lo, hi = self.panels[0].plot.vb.viewRange()[0]
        return float(lo), float(hi)

    def redraw(self) -> bool:
        """Draw the visible curves from the decimated views; returns False when there was nothing to draw."""
        if not self.begin_redraw():
            return False
        while self.redraw_next():
            pass
        return True

    def begin_redraw(self) -> bool:
        """Start a redraw that `redraw_next` draws a panel at a time (each in a loop turn of its own, with its own
        paint of that panel's rectangle): the time range is taken now, once for every panel, so they all show the
        same instant's. False when there is nothing to draw. A redraw begun before and not finished is dropped
        (this one draws every panel)."""
        rng = self.x_range()
        if rng is None:
            self._staged = None
            return False
        started = time.perf_counter()
        t0, t1 = rng
        # every panel's points are taken now, with the time range, the series decimated in a row: decimated each in
        # its panel's turn, between the paints of the others, the redraw in turns cost ~2-7% more CPU summed (same
        # process, alternating tick by tick); this first turn takes ~1-2 ms more
        staged = [(panel, self._views(panel, t0, t1)) for panel in self.panels]
        self._staged_s = time.perf_counter() - started
        self._staged = (rng, staged)
        self._needs_redraw = False
        return True

    def _views(self, panel: ChartPanel, t0: float, t1: float) -> list[tuple[str, LiveCurve, np.ndarray, np.ndarray]]:
        """The decimated points of the panel's visible curves for t0..t1 (none for a folded panel)."""
        if not panel.plot.isVisible():
            return []
        width = panel.pixel_width()
        return [(key, curve, *self.source.view(key, t0, t1, width)) for key, curve in panel.visible_curves()]

    @property
    def redrawing(self) -> bool:
        """A redraw begun is not finished: panels are left to draw."""
        return self._staged is not None

    def redraw_next(self) -> bool:
        """Draw the next panels (PANELS_PER_TURN) of the redraw begun, from the points `begin_redraw` took; True
        while panels are left to draw."""
        if self._staged is None:
            return False
        started = time.perf_counter()
        (t0, t1), left = self._staged
        for _ in range(min(PANELS_PER_TURN, len(left))):
            panel, views = left.pop(0)
            self._draw_panel(panel, t0, t1, views)
            if panel is self.panels[0]:
                # the markers far from the view leave the plots; the labels are placed for the top plot's width
                self.markers.show_range(t0, t1, float(self.panels[0].plot.vb.width()))
            if panel.plot.isVisible():
                panel.prepare_paint()
        self._staged_s += time.perf_counter() - started
        if left:
            return True
        self._staged = None
        self.redraw_count += 1
        self.last_redraw_s = self._staged_s
        return False

    def _draw_panel(self, panel: ChartPanel, t0: float, t1: float,
                    views: list[tuple[str, LiveCurve, np.ndarray, np.ndarray]]) -> None:
        """One panel's curves from its decimated `views` (`_views`) and its value ranges from what was drawn;
        following live, its time range t0..t1 too."""
        follow = (t0, t1) if self._follow else None
        # following live, the panel's view boxes get the time range here, with their value ranges, every panel's
        # links held: moving the first panel would move the others through pyqtgraph's links, each in a round of
        # range signals of its own and a paint now, not in its own turn (the panels line up exactly: same column,
        # same axis widths)
        boxes = [vb for p in self.panels for vb in p.view_boxes()] if follow else []
        self._setting_range = True
        for vb in boxes:
            vb.blockLink(True)
        try:
            if not panel.plot.isVisible():
                panel.fit_y({}, follow)  # a folded panel keeps the time range; it draws when it shows again
                return
            drawn: dict[str, np.ndarray] = {}
            for key, curve, x, y in views:
                curve.set_points(x, y)
                drawn[key] = y
            # the value ranges are decided now, from what was drawn, not inside the paint
            panel.fit_y(drawn, follow)
        finally:
            for vb in boxes:
                vb.blockLink(False)
            self._setting_range = False

    # --- time markers (the seam features draw through; ui.live.time_markers) ----------------------------------
    def add_time_marker(self, ts: float, colour: str, label: str | None = None, width: int = 2,
                        priority: int = EVENT_PRIORITY) -> TimeMarker:
        """A dashed vertical line at broadcast time `ts` on every panel; `label` is written on the top panel, to
        the LEFT of the line (a live marker sits at the right edge), or right of it where the left is taken
        (labels never overlap: those of a higher `priority` are placed first, then the newest)."""
        marker = self.markers.line(ts, colour, label, width, priority)
        self.mark_dirty()
        return marker

    def add_time_region(self, t0: float, t1: float, colour: str, alpha: int = 40) -> TimeMarker:
        """The span t0..t1 shaded (`colour` at `alpha` of 255) on every panel."""
        marker = self.markers.region(t0, t1, colour, alpha)
        self.mark_dirty()
        return marker

    # --- interaction --------------------------------------------------------------------------------------------
    def _user_moved(self, *_args: object) -> None:
        self.set_follow(False)

    def _range_changed(self, *_args: object) -> None:
        if not self._setting_range:
            self._needs_redraw = True
        lo, hi = self.panels[0].plot.vb.viewRange()[0]
        self.time_range_changed.emit(float(lo), float(hi))

    # --- the time axis as a seam: another time view (the click heat map) follows and moves the charts ----------
    def time_range(self) -> tuple[float, float]:
        """The time range shown now (broadcast seconds)."""
        lo, hi = self.panels[0].plot.vb.viewRange()[0]
        return float(lo), float(hi)

    def show_time_range(self, t0: float, t1: float) -> None:
        """Show t0..t1 as if the operator zoomed there (following live stops)."""
        self.set_follow(False)
        self.panels[0].plot.setXRange(t0, t1, padding=0.0)
        self._needs_redraw = True

    def _legend_clicked(self, item: pg.PlotDataItem) -> None:
        """pyqtgraph's legend toggled a curve: keep the menu and the panel in step."""
        for panel in self.panels:
            for key, curve in panel.curves.items():
                if curve is item:
                    self.set_series_visible(key, item.isVisible())
                    return

    def _mouse_moved(self, event: tuple) -> None:
        pos = event[0]
        for panel in self.panels:
            if panel.plot.isVisible() and panel.plot.sceneBoundingRect().contains(pos):
                x = panel.plot.vb.mapSceneToView(pos).x()
                self.show_crosshair(x)
                return

    def show_crosshair(self, x: float) -> None:
        """Move the crosshair to broadcast time `x` and show each visible series' value there."""
        parts = [f"<b>{time.strftime('%H:%M:%S', time.localtime(x))}</b>"]
        for panel in self.panels:
            panel.vline.setVisible(True)
            panel.vline.setPos(x)
            if not panel.plot.isVisible():
                continue
            for s in panel.spec.series:
                curve = panel.curves[s.key]
                if s.key in panel.hidden:
                    continue
                value = value_at(curve, x)
                colour = series_colour(s.colour)
                shown = "—" if value is None else fmt_count(value, self.lang)
                parts.append(f"<span style='color:{colour}'>{glossary.label(s.key, self.lang)}</span> {shown}")
        self.readout.setText("  ".join(parts))

    def hide_crosshair(self) -> None:
        for panel in self.panels:
            panel.vline.setVisible(False)
        self.readout.clear()

