"""The live console window: KPI tiles on top, the live charts, the funnel / traffic / audience panels beside them,
and the status strip at the bottom.

Two clocks drive it and nothing else draws: the redraw timer (~10 Hz) redraws the charts, a panel a loop turn, only
when the feed has moved on (or the view changed) and only while they are visible — a hidden or minimised window
keeps its "dirty" mark so the last redraw is never dropped; the text timer (~1 Hz) refreshes the figures (tiles, the
current side panel, the status strip). Before they start, while the demo room's history is polled, `draw_history`
draws it (charts and figures) as it comes in. The window layout (geometry, splitter, tab, chart window, series) is
kept in QSettings (ui.live.window_layout).

Features plug in through the window's seams and nothing else (tests/test_window_seams.py keeps it so):
`add_side_tab` (a tab beside the charts, refreshed on the text clock only while it is the current one),
`widen_side_panel` (a wide tab asks for room), `add_tile` (a feature's KPI tile beside a built-in one), `add_strip`
(a full-width banner or strip above the tiles or the charts), `menu` / `add_action` (menus in a stable
order), `add_status_item` (a widget on the status bar), `add_time_marker` / `add_time_region` (on every chart
panel), `chart_time_range` / `show_time_range` / `time_range_changed` (another time view linked to the charts'), and for the app `apply_settings`, `show_problem` (a lasting problem: the banner above the tiles and the status
strip), `show_recording_trouble` (writes of the recording not taken, on the status strip) and `show_history_loading`
(the room's history is loading: said over the charts and on the status strip until the clocks start) and
`build_later_tabs` (the first frame is painted: the side tabs it did not show are built). The built-in funnel tab
goes through `add_side_tab` like any feature's; the traffic and audience tabs are titled at once and built later.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Callable, Sequence, cast

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QMainWindow, QMenu, QSplitter, QStatusBar, QWidget

from dyconsole.core.marker_labels import EVENT_PRIORITY
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.live.audience_panel import AudiencePanel
from dyconsole.ui.live.funnel_panel import FunnelPanel, funnel_rows, stage_labels
from dyconsole.ui.live.kpi_tiles import KpiTile, KpiTiles, tile_labels, tile_texts
from dyconsole.ui.live.charts import WINDOW_PRESETS, LiveCharts, TimeMarker
from dyconsole.ui.live.history_hint import HistoryHint
from dyconsole.ui.live.problem_banner import ProblemBanner
from dyconsole.ui.live.status_strip import EDGE_MARGIN_PX, StatusStrip
from dyconsole.ui.live.traffic_panel import TrafficPanel
from dyconsole.ui.live.window_layout import LayoutParts, restore_layout, save_layout
from dyconsole.ui.common.app_icon import app_icon
from dyconsole.ui.common.screen_fit import fit_to_screen
from dyconsole.ui.common.window_parts import SideTab, SideTabs, beside, clock, column, widen_side

log = logging.getLogger(__name__)

REDRAW_MS = 100  # the one chart redraw clock (~10 Hz)
TEXT_MS = 1000  # the text figures' clock (~1 Hz)
#: while the room's history is polled (about a real second) it is drawn, charts and figures, every HISTORY_DRAW_MS,
#: every HISTORY_FIRST_MS until every figure is shown: the window has content from then on, not once the whole history
#: is in, and the draws cost the catch-up little (drawn at the live clocks' pace, a redraw and the figures every
#: 0.1 s, the catch-up took 60% longer)
HISTORY_FIRST_MS = 50
HISTORY_DRAW_MS = 300
DEFAULT_SIZE = QSize(1440, 900)  # the first run's size (fitted to a smaller screen)


class StripPosition(Enum):
    """Where a full-width strip goes: at the very top (above the tiles: alert banners), or just above the charts
    (status strips of a running feature, e.g. the A/B runner)."""

    TOP = "top"
    ABOVE_CHARTS = "above_charts"


class MainWindow(QMainWindow):
    """The window an operator watches during a broadcast."""

    settings_requested = Signal()
    sessions_requested = Signal()  # the operator wants the sessions browser (offline review)
    closed = Signal()
    visible_tiles_changed = Signal(list)
    time_range_changed = Signal(float, float)  # the charts' time range moved (follow live, zoom, pan)
    clocks_started = Signal()  # start(): what the feed held is drawn, the redraw and text clocks run

    def __init__(
        self,
        feed: LiveFeed,
        lang: str = "zh",
        visible_tiles: list[str] | tuple[str, ...] | None = None,
        change_window_min: int = 5,
        recording: Callable[[], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.lang = lang
        self.change_window_min = change_window_min
        self._recording = recording or (lambda: None)
        self._drawn_version = -1
        self._text_version = -1
        self._history_min, self._history_done = 0, -1  # the history loading (show_history_loading), minutes drawn
        self._own_placement: QSize | None = None  # the size restore_layout gave it, until its first show
        self.setWindowTitle(self.tr("Douyin live console"))
        self.setWindowIcon(app_icon())
        self.setObjectName("liveConsole")

        # the central column and the splitter are the window's before the parts are built into them, so each part
        # joins the window once: built apart, a part was styled again at each level it joined (the splitter, the
        # column, the window), each time with all it holds (the tiles' and the charts' own style sheets: ~6% of the
        # start's CPU)
        central = QWidget(self)
        self.setCentralWidget(central)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        labels = tile_labels(lang)
        self._tile_refreshers: list[Callable[[], None]] = []
        self.tiles = KpiTiles(labels, visible_tiles or [t for t, _ in labels], central)
        self.tiles.visible_tiles_changed.connect(self.visible_tiles_changed)
        self.tiles.set_change_window(change_window_min)
        self.charts = LiveCharts(feed, lang, self.splitter)
        self.charts.time_range_changed.connect(self.time_range_changed)
        self.history_hint = HistoryHint(self.charts)
        self.funnel = FunnelPanel(stage_labels(lang))
        self.side = SideTabs(self.splitter)
        self.add_side_tab("funnel", self.funnel, self.tr("Funnel"), self._refresh_funnel, scroll=True)
        # the traffic and audience panels are built after the first frame (`build_later_tabs`), or when shown or
        # asked for (`traffic`, `audience`); their titles are in the tab bar from the start
        self.side.add_later("traffic", lambda: TrafficPanel(lang), self.tr("Traffic"),
                            lambda: self.traffic.show_flow(self.feed.flow))
        self.side.add_later("audience", lambda: AudiencePanel(lang), self.tr("Audience"),
                            lambda: self.audience.show_audience(self.feed.audience))
        self.side.currentChanged.connect(lambda _i: self.refresh_text(force=True))
        beside(self.charts, self.side, (900, 340), self.splitter)
        column([self.tiles, self.splitter], bottom_margin=0, central=central)
        self._column = cast(QBoxLayout, central.layout())
        self._top_strips = 0
        self.problem_banner = ProblemBanner()
        self.add_strip(self.problem_banner)
        self.status = StatusStrip()
        bar = QStatusBar()
        bar.setSizeGripEnabled(False)
        bar.addWidget(self.status, 1)
        self.setStatusBar(bar)
        self._menus: dict[str, QMenu] = {}
        self._build_menus()

        # the two clocks tick apart (precise timers, the text clock half a redraw period after the redraw clock):
        # Qt's coarse timers would align them, and every text tick would run in the loop turn of a redraw and its
        # paint; the current side tab refreshes in a loop turn of its own after the text clock's other figures
        self.redraw_timer = clock(self, REDRAW_MS, self.redraw_in_turns, precise=True)
        # a redraw's panels after the first, each in a loop turn of its own (redraw_in_turns)
        self._panel_turn = clock(self, 0, self._next_panel, precise=True)
        self._panel_turn.setSingleShot(True)
        self._drawing_version = -1
        self.text_timer = clock(self, TEXT_MS, self._text_tick, precise=True)
        self._history_draw = clock(self, HISTORY_DRAW_MS, self._draw_history_now, precise=True)
        self._text_phase = clock(self, REDRAW_MS // 2, self.text_timer.start, precise=True)
        self._text_phase.setSingleShot(True)
        self._side_turn = clock(self, 0, self.side.refresh_current, precise=True)
        self._side_turn.setSingleShot(True)
        feed.health_changed.connect(lambda _h: self.refresh_status())
        feed.room_info_changed.connect(lambda _i: self.refresh_status())
        self.restore_layout()
        self.refresh_text(force=True)

    # --- seams: where features plug in -------------------------------------------------------------------------
    def add_side_tab(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
                     scroll: bool = False) -> SideTab:
        """A tab beside the charts (after the ones already there). `refresh` runs on the text clock, when the feed
        moved on, only while this tab is the current one (a hidden panel costs nothing); `scroll`: a tall panel
        scrolls rather than forcing the window taller."""
        return self.side.add(key, widget, title, refresh, scroll)

    @property
    def traffic(self) -> TrafficPanel:
        """The traffic-sources tab's panel (built now if it was not yet)."""
        return cast(TrafficPanel, self.side.built("traffic"))

    @property
    def audience(self) -> AudiencePanel:
        """The audience tab's panel (built now if it was not yet)."""
        return cast(AudiencePanel, self.side.built("audience"))

    def build_later_tabs(self) -> None:
        """Build the side tabs the first frame did not show (the app calls it once that frame is painted); a tab
        shown before is built as it shows."""
        self.side.build_later_tabs()

    def side_tab_keys(self) -> list[str]:
        """The side tabs' keys, in tab order."""
        return self.side.keys()

    def show_side_tab(self, key: str) -> None:
        """Make the tab `key` the current one (it refreshes at once)."""
        self.side.show_tab(key)

    def current_side_tab(self) -> str | None:
        """The key of the side tab shown now."""
        return self.side.current_key()

    def widen_side_panel(self, width: int) -> None:
        """Make the side pane at least `width` px wide (a wide tab asked for: the product board), leaving the
        charts at least MIN_CHART_SHARE of the width."""
        widen_side(self.splitter, width, self.width())

    def add_tile(self, key: str, label: str, beside: str, refresh: Callable[[KpiTile], None]) -> KpiTile:
        """A feature's KPI tile right after the built-in tile `beside`, shown when that one is; `refresh(tile)` runs
        on the text clock when the feed moved on (it sets the tile's texts with `tile.show_value`)."""
        tile = self.tiles.add_tile(key, label, beside)
        self._tile_refreshers.append(lambda: refresh(tile))
        refresh(tile)
        return tile

    def add_strip(self, widget: QWidget, position: StripPosition = StripPosition.TOP) -> None:
        """A full-width strip: at the TOP (in the order added, above the tiles) or just ABOVE_CHARTS."""
        if position is StripPosition.TOP:
            self._column.insertWidget(self._top_strips, widget)
            self._top_strips += 1
        else:
            self._column.insertWidget(self._column.indexOf(self.splitter), widget)

    def menu(self, key: str, title: str | None = None) -> QMenu:
        """The menu `key` (the built-in ones: "console", "view"); a new one is added after the others, so the
        menus keep the order they were asked for in. `title` is needed to create one."""
        found = self._menus.get(key)
        if found is not None:
            return found
        if title is None:
            raise KeyError(f"no menu {key!r} (give a title to add it)")
        created = self.menuBar().addMenu(title)
        self._menus[key] = created
        return created

    def add_action(self, menu_key: str, action: QAction) -> None:
        """`action` at the end of the menu `menu_key` (which must exist: see `menu`)."""
        self.menu(menu_key).addAction(action)

    def menu_actions(self, menu_key: str) -> list[QAction]:
        return list(self.menu(menu_key).actions())

    def add_status_item(self, widget: QWidget) -> None:
        """A widget at the right end of the status bar, kept as far from the window's edge as the strip's text."""
        widget.setContentsMargins(0, 0, EDGE_MARGIN_PX, 0)
        self.statusBar().addPermanentWidget(widget)

    def add_time_marker(self, ts: float, colour: str, label: str | None = None,
                        priority: int = EVENT_PRIORITY) -> TimeMarker:
        """A vertical line at broadcast time `ts` on every chart panel (`label` on the top one, kept clear of the
        other labels: those of a higher `priority` first, then the newest)."""
        return self.charts.add_time_marker(ts, colour, label, priority=priority)

    def add_time_region(self, t0: float, t1: float, colour: str) -> TimeMarker:
        """The span t0..t1 shaded on every chart panel."""
        return self.charts.add_time_region(t0, t1, colour)

    def chart_time_range(self) -> tuple[float, float]:
        """The broadcast time range the charts show now (another time view follows it: `time_range_changed`)."""
        return self.charts.time_range()

    def show_time_range(self, t0: float, t1: float) -> None:
        """Zoom the charts to t0..t1 (another time view was zoomed or panned; following live stops)."""
        self.charts.show_time_range(t0, t1)

    def apply_settings(self, visible_tiles: Sequence[str], change_window_min: int) -> None:
        """What the operator changed in the settings: the tiles shown and the window of their change figures."""
        self.tiles.set_visible_tiles(visible_tiles)
        self.change_window_min = change_window_min
        self.tiles.set_change_window(change_window_min)

    def show_problem(self, text: str) -> None:
        """A lasting problem the app must tell the operator (the session is not recorded, the authorization is
        lost): the banner above the tiles and the status strip, until `show_problem("")`."""
        self.problem_banner.show_text(text)
        self.status.show_problem(text)

    def show_recording_trouble(self, unwritten: int, cause: str) -> None:
        """The recording's writes the database has not taken (`unwritten`) and why, in the status strip's REC
        place; (0, '') when they are all written again."""
        self.status.show_unwritten(unwritten, cause)
        self.refresh_status()

    # --- menus --------------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        console = self.menu("console", self.tr("&Console"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.settings_requested)
        console.addAction(self.settings_action)
        self.sessions_action = QAction(self.tr("Se&ssions…"), self)
        self.sessions_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sessions_action.triggered.connect(self.sessions_requested)
        console.addAction(self.sessions_action)
        console.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        console.addAction(quit_action)

        view = self.menu("view", self.tr("&View"))
        self.follow_action = QAction(self.tr("&Follow live"), self)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(self.charts.follow)
        self.follow_action.setShortcut(QKeySequence("F"))
        self.follow_action.toggled.connect(self.charts.set_follow)
        self.charts.follow_changed.connect(self.follow_action.setChecked)
        view.addAction(self.follow_action)
        window_menu = view.addMenu(self.tr("Chart &window"))
        group = QActionGroup(self)
        self.window_actions: list[QAction] = []
        for i, (label, _seconds) in enumerate(WINDOW_PRESETS):
            action = QAction(self.charts.preset_buttons[i].text(), self)
            action.setCheckable(True)
            action.setChecked(self.charts.preset_buttons[i].isChecked())
            action.triggered.connect(lambda _on, i=i: self.charts.set_window_preset(i))
            group.addAction(action)
            window_menu.addAction(action)
            self.window_actions.append(action)
        self.charts.preset_group.idClicked.connect(lambda i: self.window_actions[i].setChecked(True))
        view.addMenu(self.charts.series_menu).setText(self.tr("&Series"))
        tiles_action = view.addAction(self.tr("&Tiles…"))
        tiles_action.triggered.connect(
            lambda: self.tiles.context_menu().exec(self.tiles.mapToGlobal(self.tiles.rect().center()))
        )

    # --- the two clocks -----------------------------------------------------------------------------------------
    def show_history_loading(self, minutes: int) -> None:
        """The room's history (its first `minutes`) is being polled before the clocks start: the charts and the
        status strip say so until `start()`, rather than show a room that looks dead."""
        self._history_min = minutes
        self._say_history(self.tr("Loading the room's history: its first %1 minutes…").replace("%1", str(minutes)))

    def _say_history(self, text: str) -> None:
        """Over the charts and on the status strip."""
        self.history_hint.show_text(text)
        self.status.show_loading(text)

    def _show_history_progress(self) -> None:
        """How much of the history is drawn, in whole minutes of the broadcast (a loaded PC takes seconds over it)."""
        span, room = self.feed.series.span(), self.feed.room_info
        start = room.start_time if room is not None else None
        if span is None or start is None or not self._history_min:
            return
        done = max(0, min(self._history_min, int((span[1] - start) // 60)))
        if done != self._history_done:
            self._history_done = done
            self._say_history(self.tr("Loading the room's history: %1 of its first %2 minutes…").replace(
                "%1", str(done)).replace("%2", str(self._history_min)))

    def draw_history(self) -> None:
        """The room's history is being polled (the demo room's catch-up, the hint showing): it is drawn, charts and
        figures, as it comes in (HISTORY_DRAW_MS), so the window has content from its first minute on rather than
        once all of it is in. `start()` ends it."""
        self._history_draw.setInterval(HISTORY_FIRST_MS)
        self._history_draw.start()

    def _draw_history_now(self) -> None:
        """Charts and figures; the current side tab too once every figure shows (the costliest: a product board)."""
        filled = self._history_draw.interval() == HISTORY_DRAW_MS
        self.redraw_tick()
        self._show_history_progress()
        self.refresh_text(side=filled)
        if not filled and self.tiles.all_shown():  # the online count's estimate needs a few minutes of entries
            self._history_draw.setInterval(HISTORY_DRAW_MS)

    def start(self) -> None:
        """Start the two clocks, drawing at once what the feed already holds (the demo room's history, polled before
        they start): the charts and figures show it now, not a clock period later (the text clock's is a second).
        `clocks_started` follows that first draw."""
        self.history_hint.hide()
        self.status.show_loading("")
        self._history_draw.stop()
        self.redraw_tick()
        self.refresh_text(force=True)
        self.redraw_timer.start()
        self._text_phase.start()  # the text clock starts half a redraw period later, and keeps that phase
        self.clocks_started.emit()

    def stop(self) -> None:
        timers = (self._history_draw, self.redraw_timer, self._panel_turn, self._text_phase, self.text_timer,
                  self._side_turn)
        for timer in timers:
            timer.stop()

    def charts_visible(self) -> bool:
        return self.isVisible() and not self.isMinimized() and self.charts.isVisible()

    def _redraw_due(self) -> bool:
        """Something changed and the charts can be seen (hidden: the dirty mark stays, the next visible tick draws)."""
        changed = self.feed.series_version != self._drawn_version or self.charts.needs_redraw
        return changed and self.charts_visible()

    def redraw_tick(self) -> bool:
        """Redraw the charts, every panel now, if something changed and they can be seen; returns True when it
        drew. A redraw in turns not finished is overtaken."""
        self._panel_turn.stop()
        if not self._redraw_due():
            return False
        version = self.feed.series_version
        if self.charts.redraw():
            self._drawn_version = version
            return True
        return False

    def redraw_in_turns(self) -> bool:
        """The redraw clock's tick: as redraw_tick, but the first panel is drawn now and each next one in a loop
        turn of its own, so the event loop waits at most for one panel's redraw and the paint of its rectangle, not
        for the five panels' and a paint of the whole chart area (about 4 + 10 ms). The time range is taken once,
        now, for every panel; the turns follow one another at once (0 ms), so the panels move together within a
        few milliseconds. True when it began a redraw; while one is under way, a tick leaves it to finish."""
        if self.charts.redrawing or not self._redraw_due():
            return False
        self._drawing_version = self.feed.series_version
        if not self.charts.begin_redraw():
            return False
        self._next_panel()
        return True

    def _next_panel(self) -> None:
        if self.charts.redraw_next():
            self._panel_turn.start()
        elif not self.charts.redrawing:
            self._drawn_version = self._drawing_version

    def _text_tick(self) -> None:
        """The text clock: the figures now, the current side tab (the costliest: a product board) in the next loop
        turn, so that the two never hold the UI thread in one stretch."""
        if self.refresh_text(side=False):
            self._side_turn.start()

    def refresh_text(self, force: bool = False, side: bool = True) -> bool:
        """The slow clock: figures only when the feed moved on (returns whether it had); the status strip (clock,
        data age) always. `side`: the current side tab too (else the caller refreshes it)."""
        self.refresh_status()
        if not force and self.feed.version == self._text_version:
            return False
        self._text_version = self.feed.version
        for tile_id, (value, change, trend, estimate) in tile_texts(
            self.feed, self.lang, self.change_window_min
        ).items():
            self.tiles.show_tile(tile_id, value, change, trend, estimate)
        for refresh in self._tile_refreshers:
            refresh()
        self.charts.mark_estimate("online", self.feed.latest_derived.get("online_is_estimate") == 1.0)
        if side:
            self.side.refresh_current()
        return True

    def _refresh_funnel(self) -> None:
        rows, lost, relation = funnel_rows(self.feed, self.lang)
        self.funnel.show_stages(rows, lost, relation)

    def refresh_status(self) -> None:
        self.status.show_status(
            self.feed.health, self.feed.data_age_s(), self.feed.clock.now(), self.feed.room_info, self._recording()
        )

    # --- layout kept between runs (ui.live.window_layout) ---------------------------------------------------------
    def _layout_parts(self) -> LayoutParts:
        return LayoutParts(self, self.splitter, self.side, self.charts, self.window_actions)

    def save_layout(self) -> None:
        save_layout(self._layout_parts())

    def restore_layout(self) -> None:
        self._own_placement = restore_layout(self._layout_parts(), DEFAULT_SIZE)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """On its first show the window's own placement is fitted again, its frame (title bar) now known: fitted
        before, a 768 px high window put its title bar and status bar beyond a 768 px screen's taskbar. A size its
        caller set since (a screenshot, a test) is left as set."""
        super().showEvent(event)
        placed, self._own_placement = self._own_placement, None
        if placed is not None and self.size() == placed:
            fit_to_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()

