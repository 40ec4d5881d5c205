"""Dwell and the run of show in the live window, through its seams only: a tile with the estimated share of viewers
past 3 minutes (beside the average stay, with its range; marked 估), a side tab (Run of show) with the share's trend
and its range as a chart, the current segment in large type, the segments so far (best and worst highlighted) and a
topic field, and View → Mark topic (Ctrl+T), which shows the tab with the topic field focused: Enter (or the button)
marks the start of a topic, stored with the session (services.dwell.run_of_show)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.services.dwell.run_of_show import RunOfShowService
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.theme import ESTIMATE, TEXT_DIM, font
from dyconsole.ui.dwell.segments_table import SegmentsTable, segment_text
from dyconsole.ui.live.kpi_tiles import KpiTile
from dyconsole.ui.main_window import MainWindow

TAB_KEY = "run_of_show"
TILE_ID = "long_stay_share"
MARK_SHORTCUT = "Ctrl+T"
TAB_TITLE = QT_TRANSLATE_NOOP("RunOfShow", "Run of show")
MARK_ACTION = QT_TRANSLATE_NOOP("RunOfShow", "Mark &topic…")
#: how wide the side pane gets for the tab (the segments' figures fit at ~640 px)
PANEL_WIDTH = 640
#: the trend shows the last hour (the whole broadcast is in the review)
TREND_S = 3600.0


def _t(text: str) -> str:
    return QCoreApplication.translate("RunOfShow", text)


def share_range_text(low: float | None, high: float | None, lang: str) -> str:
    if low is None or high is None:
        return ""
    return f"{glossary.fmt(TILE_ID, low, lang)}~{glossary.fmt(TILE_ID, high, lang)}"


class RunOfShowPanel(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.current = QLabel()
        self.current.setFont(font(16, bold=True))
        self.current.setWordWrap(True)
        self.share_line = QLabel()
        self.share_line.setStyleSheet(f"color: {TEXT_DIM};")
        self.share_line.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(110)
        self.plot.setMaximumHeight(150)
        self.plot.setMouseEnabled(False, False)
        self.plot.setYRange(0.0, 1.0)
        self.plot.getAxis("left").setTicks([[(v, f"{v:.0%}") for v in (0.0, 0.25, 0.5, 0.75, 1.0)]])
        self.plot.setLabel("bottom", QCoreApplication.translate("RunOfShow", "minutes"))
        self.curve = self.plot.plot(pen=pg.mkPen(ESTIMATE, width=2))
        self.low = self.plot.plot(pen=pg.mkPen(None))
        self.high = self.plot.plot(pen=pg.mkPen(None))
        self.band = pg.FillBetweenItem(self.low, self.high, brush=pg.mkBrush(183, 148, 246, 60))
        self.plot.addItem(self.band)
        self.topic = QLineEdit()
        self.topic.setPlaceholderText(QCoreApplication.translate("RunOfShow", "Topic (e.g. warm-up, giveaway)"))
        self.mark_button = QPushButton(QCoreApplication.translate("RunOfShow", "Mark topic start"))
        row = QHBoxLayout()
        row.addWidget(self.topic, 1)
        row.addWidget(self.mark_button)
        self.table = SegmentsTable(lang)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.share_line)
        layout.addWidget(self.plot)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.table.setMinimumHeight(160)


class DwellAttachment:
    """The tile, the side tab and the Mark topic action of one live window."""

    def __init__(self, window: MainWindow, feed: LiveFeed, service: RunOfShowService, lang: str) -> None:
        self.window, self.feed, self.service, self.lang = window, feed, service, lang
        self.panel = RunOfShowPanel(lang)
        window.add_side_tab(TAB_KEY, self.panel, _t(TAB_TITLE), self.refresh, scroll=True)
        self.tile = window.add_tile(TILE_ID, glossary.label(TILE_ID, lang), "avg_dwell", self.refresh_tile)
        self.mark_action = QAction(_t(MARK_ACTION), window)
        self.mark_action.setShortcut(QKeySequence(MARK_SHORTCUT))
        self.mark_action.triggered.connect(self.ask_topic)
        window.add_action("view", self.mark_action)
        self.panel.mark_button.clicked.connect(self.mark_topic)
        self.panel.topic.returnPressed.connect(self.mark_topic)
        self._shown_version = -1

    def latest_share(self) -> tuple[float | None, float | None, float | None]:
        d = self.feed.latest_derived
        return d.get("long_stay_share"), d.get("long_stay_share_low"), d.get("long_stay_share_high")

    def refresh_tile(self, tile: KpiTile) -> None:
        value, low, high = self.latest_share()
        tile.show_value(glossary.fmt(TILE_ID, value, self.lang), share_range_text(low, high, self.lang),
                        estimate=True)
        tile.setToolTip(QCoreApplication.translate(
            "RunOfShow", "Share of the viewers in the room now who entered 3 minutes ago or more: an estimate from "
                           "the views and the views over 1 min (range: 90% on the stay share and the dwell model)."))

    def ask_topic(self) -> None:
        """View → Mark topic: the tab in front, its topic field focused (Enter marks)."""
        self.window.show_side_tab(TAB_KEY)
        self.window.widen_side_panel(PANEL_WIDTH)
        self.panel.topic.setFocus()
        self.panel.topic.selectAll()

    def mark_topic(self) -> None:
        text = self.panel.topic.text().strip()
        at = self.service.mark_topic(text)
        if at is None:
            self.window.show_problem(QCoreApplication.translate(
                "RunOfShow", "No room data yet: a topic can be marked once the room is polled."))
            return
        self.panel.topic.clear()
        self.window.add_time_marker(at, ESTIMATE, text or QCoreApplication.translate("RunOfShow", "Topic ended"))
        self.refresh()

    def refresh(self) -> None:
        """On the text clock while the tab is shown: the current segment, the trend, the table."""
        seg = self.service.current()
        if seg is None:
            self.panel.current.setText(QCoreApplication.translate("RunOfShow", "Waiting for the room…"))
        else:
            now = QCoreApplication.translate("RunOfShow", "Now: %1")
            self.panel.current.setText(now.replace("%1", segment_text(seg.label)))
        value, low, high = self.latest_share()
        span = share_range_text(low, high, self.lang)
        self.panel.share_line.setText(f"{glossary.label(TILE_ID, self.lang)}: {glossary.fmt(TILE_ID, value, self.lang)}"
                                      + (f" ({span})" if span else ""))
        if self.feed.series_version != self._shown_version:
            self._shown_version = self.feed.series_version
            self._draw_trend()
        span_all = self.feed.span()
        self.panel.table.show_segments(self.service.segments(), span_all[0] if span_all else 0.0)

    def _draw_trend(self) -> None:
        span = self.feed.span()
        if span is None:
            return
        t0, t1 = max(span[0], span[1] - TREND_S), span[1]
        width = max(200, self.panel.plot.width())
        p = self.panel
        for item, name in ((p.curve, "long_stay_share"), (p.low, "long_stay_share_low"),
                           (p.high, "long_stay_share_high")):
            ts, values = self.feed.view(name, t0, t1, width)
            item.setData((np.asarray(ts) - span[0]) / 60.0, np.asarray(values), connect="finite")


def attach_dwell(window: MainWindow, feed: LiveFeed, service: RunOfShowService, lang: str) -> DwellAttachment:
    return DwellAttachment(window, feed, service, lang)
