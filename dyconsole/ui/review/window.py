"""The review window: one recorded session, offline, with the live view's own widgets.

KPI tiles at the replay cursor on top; the live charts (ui.live_charts) over the whole session with alert and
operator-event markers; under them the overview strip whose draggable region is the charts' detail window; beside
them the funnel, traffic, audience, products (ui.products.review_products: the click heat map, linked to the charts'
time axis, over the products table and the order changes with their effect) and timeline tabs, all showing the session as it was at the cursor.
Replay moves the cursor from any point at 1x to 60x (a QTimer), so the charts fill in as they did live.
The cursor starts at the end: the whole session. Report… (the Session menu, Ctrl+P) asks for the report builder on the
session (`report_requested`). Features add their tabs through `add_review_tab` (the built-in
ones go through it too).
A window can be built before its session is chosen (`ReviewWindow(None)`: the charts, the replay row and the
session-free tabs, what takes long to build); `show_preview` then draws the session's charts from what paints first
(core.review.preview), and `set_session` brings the rest (cursor, replay, tiles, markers, overview, products and
timeline tabs). A window shows one session.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMainWindow, QPushButton, QSlider, QVBoxLayout, QWidget

from dyconsole.core.derived import ONLINE_IS_ESTIMATE
from dyconsole.core.funnel import session_funnel
from dyconsole.core.numfmt import fmt_duration
from dyconsole.services.reports.inputs import operator_notes
from dyconsole.core.review.replay import ReplaySource
from dyconsole.core.review.preview import ChartsPreview, NoData
from dyconsole.core.review.session import RecordedSession, ReviewTiles
from dyconsole.core.session_records import SessionSummary
from dyconsole.ui.live.audience_panel import AudiencePanel
from dyconsole.ui.live.funnel_panel import FunnelPanel, funnel_texts, stage_labels
from dyconsole.ui.live.kpi_tiles import KpiTiles, tile_labels, tile_text
from dyconsole.ui.live.charts import PANELS, WINDOW_PRESETS, LiveCharts
from dyconsole.ui.review.timeline import OverviewStrip, TimelineList, session_markers
from dyconsole.ui.common.theme import TEXT_DIM
from dyconsole.ui.live.traffic_panel import TrafficPanel
from dyconsole.ui.products.review_products import ReviewProducts
from dyconsole.ui.common.window_parts import SideTab, SideTabs, beside, clock, column, widen_side
from dyconsole.ui.common.screen_fit import fit_to_screen

REDRAW_MS = 100
TEXT_MS = 500
REPLAY_TICK_MS = 100
SPEEDS: tuple[int, ...] = (1, 5, 10, 30, 60)
SLIDER_STEPS = 1000
#: the room columns the charts draw (and the one saying the online figure is an estimate): what a preview reads
CHART_COLUMNS: tuple[str, ...] = tuple(s.key for p in PANELS for s in p.series) + (ONLINE_IS_ESTIMATE,)
WHOLE = next(i for i, (_l, s) in enumerate(WINDOW_PRESETS) if s is None)

STATUS_TEXT = {
    "ended": QT_TRANSLATE_NOOP("ReviewWindow", "ended"),
    "interrupted": QT_TRANSLATE_NOOP("ReviewWindow", "interrupted"),
    "live": QT_TRANSLATE_NOOP("ReviewWindow", "recording"),
    "stopped": QT_TRANSLATE_NOOP("ReviewWindow", "recording stopped"),
}


class ReviewWindow(QMainWindow):
    """One stored session: charts, overview with detail window, side panels, markers and replay."""

    closed = Signal()
    report_requested = Signal(str)  # this session's id: the report builder on it

    def __init__(self, session: RecordedSession | None = None, lang: str = "zh", parent: QWidget | None = None) -> None:
        """The window for `session`; without one, its frame only (the charts, replay controls and the session-free
        side tabs, what takes long to build): `show_preview` then `set_session` fill it when a session is chosen
        (ui.review.launcher builds one ahead, while the operator looks at the sessions list)."""
        super().__init__(parent)
        self.session: RecordedSession | None = None
        self.preview: ChartsPreview | None = None
        self.lang = lang
        self.source: ReplaySource | None = None
        self._tiles: ReviewTiles | None = None
        self._shown_cursor: float | None = None
        self._speed = SPEEDS[-1]
        self.setObjectName("reviewWindow")
        self.setWindowTitle(self.tr("Review"))

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        labels = tile_labels(lang)
        self.tiles = KpiTiles(labels, [t for t, _ in labels])

        self.charts = LiveCharts(NoData(), lang)
        self.charts.follow_button.setText(self.tr("Follow cursor"))
        self.charts.set_window_preset(WHOLE)
        self.overview: OverviewStrip | None = None
        self.charts.panels[0].plot.sigXRangeChanged.connect(self._charts_moved)

        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self.set_playing)
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed}×", speed)
        self.speed_box.setCurrentIndex(len(SPEEDS) - 1)
        self.speed_box.currentIndexChanged.connect(lambda i: self.set_speed(int(self.speed_box.itemData(i))))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setValue(SLIDER_STEPS)
        self.slider.sliderMoved.connect(lambda v: self.seek(self._slider_ts(v)))
        self.cursor_label = QLabel()
        self.cursor_label.setStyleSheet(f"color: {TEXT_DIM}; font-size: 14px;")
        self.replay_row = QWidget()
        replay = QHBoxLayout(self.replay_row)
        replay.setContentsMargins(4, 0, 4, 0)
        replay.addWidget(QLabel(self.tr("Replay")))
        replay.addWidget(self.play_button)
        replay.addWidget(self.speed_box)
        replay.addWidget(self.slider, 1)
        replay.addWidget(self.cursor_label)
        self.replay_row.setEnabled(False)  # the cursor comes with the whole session

        left = QWidget()
        self._left_layout = QVBoxLayout(left)
        self._left_layout.setContentsMargins(0, 0, 0, 0)
        self._left_layout.setSpacing(4)
        self._left_layout.addWidget(self.charts, 1)
        self._left_layout.addWidget(self.replay_row)

        self.funnel = FunnelPanel(stage_labels(lang))
        self.traffic = TrafficPanel(lang)
        self.audience = AudiencePanel(lang)
        self.side = SideTabs()
        self.add_review_tab("funnel", self.funnel, self.tr("Funnel"), self._refresh_funnel, scroll=True)
        self.add_review_tab("traffic", self.traffic, self.tr("Traffic"),
                            lambda: self.traffic.show_flow(self._session.flow_at(self.cursor)))
        self.add_review_tab("audience", self.audience, self.tr("Audience"),
                            lambda: self.audience.show_audience(self._session.audience_at(self.cursor)), scroll=True)
        self.side.currentChanged.connect(lambda _i: self.refresh_text(force=True))
        self.splitter = beside(left, self.side, (1000, 420))
        self.setCentralWidget(column([self.heading, self.tiles, self.splitter]))
        self.report_action = QAction(self.tr("&Report…"), self)
        self.report_action.setShortcut(QKeySequence("Ctrl+P"))
        self.report_action.setEnabled(False)
        self.report_action.triggered.connect(lambda: self.report_requested.emit(self._session.id))
        self.menuBar().addMenu(self.tr("&Session")).addAction(self.report_action)
        # a menu, not a toolbar: at 1366x768 the charts need the row a toolbar would take
        self.resize(1500, 920)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)

        self.redraw_timer = clock(self, REDRAW_MS, self.redraw_tick)
        self.text_timer = clock(self, TEXT_MS, self.refresh_text)
        self.replay_timer = clock(self, REPLAY_TICK_MS, self.replay_tick)
        if session is not None:
            self.set_session(session)

    @property
    def _session(self) -> RecordedSession:
        assert self.session is not None, "the review window has no session yet"
        return self.session

    def _title(self, summary: SessionSummary, start: float, length_s: float | None) -> None:
        day = time.strftime("%Y-%m-%d %H:%M", time.localtime(start))
        self.setWindowTitle(self.tr("Review: %1 (%2)").replace("%1", summary.title or summary.id).replace("%2", day))
        status = "stopped" if summary.status == "ended" and summary.end_reason == "stopped" else summary.status
        notes = operator_notes(summary.notes)
        self.heading.setText(" · ".join(x for x in (
            summary.title, day, fmt_duration(length_s, self.lang),
            QCoreApplication.translate("ReviewWindow", STATUS_TEXT.get(status, status)),
            self.tr("notes: %1").replace("%1", notes) if notes else "") if x))

    def show_preview(self, preview: ChartsPreview) -> None:
        """Draw the session's charts from what paints first (core.review.preview: the same curves as the whole
        session's), before the whole session arrives (`set_session`); a window with its session keeps it."""
        if self.session is not None:
            return
        self.preview = preview
        start = preview.start
        self._title(preview.summary, start, preview.length_s)
        self.charts.source = preview
        self.charts.mark_estimate("online", preview.online_is_estimate)
        self.charts.mark_dirty()
        self.charts.redraw()

    def set_session(self, session: RecordedSession) -> None:
        """Show `session` (once): the cursor at its end, its tiles, markers, overview strip, products and timeline
        tabs, replay; the clocks start."""
        if self.session is not None:
            raise RuntimeError("a review window shows one session")
        self.session = session
        self.preview = None
        self.source = ReplaySource(session)
        self._tiles = session.tiles or ReviewTiles(session)
        self._title(session.summary, session.start, session.length_s)
        self.charts.source = self.source
        self.charts.mark_estimate("online", session.online_is_estimate)
        self.charts.mark_dirty()
        markers = session_markers(session, self.lang)
        for m in markers:
            self.charts.add_time_marker(m.ts, m.colour, m.title, width=1, priority=m.priority)
        self.overview = OverviewStrip(session, markers)
        self.overview.region_moved.connect(self.show_detail)
        self._left_layout.insertWidget(1, self.overview)
        self.replay_row.setEnabled(True)
        self.report_action.setEnabled(True)

        self.products = ReviewProducts(session, self.lang)
        self.charts.time_range_changed.connect(self.products.heat.set_time_range)
        self.products.heat.time_range_requested.connect(self.show_detail)
        self.products.seek_requested.connect(self.seek)
        self.timeline = TimelineList(markers)
        self.timeline.jump_requested.connect(self.seek)
        self.add_review_tab("products", self.products, self.tr("Products"),
                            lambda: self.products.show_at(self.cursor))
        self.add_review_tab("timeline", self.timeline, self.tr("Timeline"))
        self.redraw_tick()
        self.refresh_text(force=True)
        self.redraw_timer.start()
        self.text_timer.start()

    # --- cursor and replay ----------------------------------------------------------------------------------------
    @property
    def cursor(self) -> float:
        assert self.source is not None, "the review window has no session yet"
        return self.source.cursor

    @property
    def playing(self) -> bool:
        return self.replay_timer.isActive()

    def _slider_ts(self, value: int) -> float:
        return self._session.start + (self._session.end - self._session.start) * value / SLIDER_STEPS

    def seek(self, ts: float) -> None:
        """Put the cursor at broadcast time `ts` (clamped to the session); the charts follow it."""
        session = self._session
        assert self.source is not None
        self.source.cursor = min(max(ts, session.start), session.end)
        self.charts.set_follow(True)
        self.charts.mark_dirty()
        span = session.end - session.start
        self.slider.blockSignals(True)
        self.slider.setValue(int(round((self.cursor - session.start) / span * SLIDER_STEPS)) if span > 0 else 0)
        self.slider.blockSignals(False)

    def set_speed(self, speed: int) -> None:
        self._speed = speed
        self.speed_box.setCurrentIndex(SPEEDS.index(speed) if speed in SPEEDS else len(SPEEDS) - 1)

    def set_playing(self, on: bool) -> None:
        if on and not self.playing:
            if self.source is None:  # no session yet: nothing to replay
                on = False
            elif self.source.at_end:
                self.seek(self._session.start)  # replay from the start after the end
            self.charts.set_follow(True)
            self.replay_timer.start()
        elif not on:
            self.replay_timer.stop()
        self.play_button.blockSignals(True)
        self.play_button.setChecked(on)
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        self.play_button.blockSignals(False)

    def replay_tick(self) -> None:
        """One replay step: the cursor moves speed × tick of broadcast time; stops at the end."""
        self.seek(self.cursor + self._speed * REPLAY_TICK_MS / 1000.0)
        if self.source is not None and self.source.at_end:
            self.set_playing(False)

    # --- detail window --------------------------------------------------------------------------------------------
    def show_detail(self, lo: float, hi: float) -> None:
        """Show broadcast times lo..hi in the main charts (the overview's region was dragged)."""
        self.charts.set_follow(False)
        self.charts.panels[0].plot.setXRange(lo, hi, padding=0.0)
        self.charts.mark_dirty()

    def _charts_moved(self, *_args: object) -> None:
        if self.overview is None:  # no session yet
            return
        lo, hi = self.charts.panels[0].plot.vb.viewRange()[0]
        self.overview.set_region(float(lo), float(hi))

    # --- clocks ---------------------------------------------------------------------------------------------------
    def redraw_tick(self) -> bool:
        if not self.charts.needs_redraw:
            return False
        drew = self.charts.redraw()
        if self.overview is not None:
            self.overview.set_cursor(self.cursor)
        return drew

    def refresh_text(self, force: bool = False) -> None:
        """Tiles and the current side panel as they were at the cursor."""
        if self.session is None or self._tiles is None:  # the tiles and side panels wait for the whole session
            return
        if not force and self._shown_cursor == self.cursor:
            return
        self._shown_cursor = at = self.cursor
        self.cursor_label.setText(time.strftime("%H:%M:%S", time.localtime(at)) + "  "
                                  + self.tr("minute %1").replace("%1", str(int(self._session.minute(at)))))
        for tile in self._tiles.tiles_at(at):
            value, change, trend, estimate = tile_text(tile, self.lang)
            self.tiles.show_tile(tile.id, value, change, trend, estimate)
        self.side.refresh_current()

    def _refresh_funnel(self) -> None:
        sample = self._session.sample_at(self.cursor)
        self.funnel.show_stages(*(funnel_texts(session_funnel(sample), self.lang) if sample else ([], "", "")))

    # --- seam: where features add their review tabs ---------------------------------------------------------------
    def add_review_tab(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
                       scroll: bool = False) -> SideTab:
        """A tab beside the charts (after the ones already there); `refresh` shows the session as it was at the
        cursor (`self.cursor`) and runs only while the tab is the current one, when the cursor moved. The side
        pane keeps room for every tab's title (at 1366 px the last ones were cut behind scroll arrows)."""
        tab = self.side.add(key, widget, title, refresh, scroll)
        self.side.setMinimumWidth(self.side.tabBar().sizeHint().width() + 4)
        return tab

    def widen_side_panel(self, width: int) -> None:
        """Make the tabs' pane at least `width` px wide (a wide tab asked for it; the charts keep 40%)."""
        widen_side(self.splitter, width, self.width())

    def review_tab_keys(self) -> list[str]:
        return self.side.keys()

    def show_review_tab(self, key: str) -> None:
        self.side.show_tab(key)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        for timer in (self.redraw_timer, self.text_timer, self.replay_timer):
            timer.stop()
        super().closeEvent(event)
        self.closed.emit()
