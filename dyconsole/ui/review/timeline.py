"""The review window's timeline pieces: alert and operator-event markers, the overview strip (the whole session's
online curve with a draggable detail window, pyqtgraph LinearRegionItem, and the replay cursor), and the list of
alerts and events (double-click one to jump there).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from dyconsole.services.alerts.recording import RULES_EVENT
from dyconsole.services.products.surge import SURGE_EVENT, surge_detail
from dyconsole.services.reports.inputs import SKIPPED_EVENTS
from dyconsole.core.alerts.defaults import rule_label
from dyconsole.core.feed import POLLS_SKIPPED_EVENT
from dyconsole.core.marker_labels import ALERT_PRIORITY, EVENT_PRIORITY, NOTE_PRIORITY
from dyconsole.core.review.session import RecordedSession
from dyconsole.ui.common.theme import ACCENT, ALERT_RED, DEGRADED, TEXT_DIM, series_colour
from dyconsole.ui.live.chart_panel import ClockAxis

OVERVIEW_HEIGHT = 96

#: operator / recorder event kinds in the operator's words
EVENT_LABELS: dict[str, str] = {
    "order_change": QT_TRANSLATE_NOOP("ReviewTimeline", "Product order changed"),
    SURGE_EVENT: QT_TRANSLATE_NOOP("ReviewTimeline", "Product clicks surging"),
    "variant_switch": QT_TRANSLATE_NOOP("ReviewTimeline", "A/B variant switched"),
    "topic": QT_TRANSLATE_NOOP("ReviewTimeline", "Topic marked"),
    "note": QT_TRANSLATE_NOOP("ReviewTimeline", "Note"),
    "resumed": QT_TRANSLATE_NOOP("ReviewTimeline", "Recording resumed"),
    "stopped": QT_TRANSLATE_NOOP("ReviewTimeline", "Recording stopped"),
    "finish": QT_TRANSLATE_NOOP("ReviewTimeline", "Broadcast finished"),
    RULES_EVENT: QT_TRANSLATE_NOOP("ReviewTimeline", "Alert rules in force"),
    POLLS_SKIPPED_EVENT: QT_TRANSLATE_NOOP("ReviewTimeline", "Polls skipped: the computer fell behind"),
}


@dataclass(frozen=True, slots=True)
class Marker:
    ts: float
    kind: str  # "alert" or "event"
    title: str
    detail: str
    colour: str
    priority: int = EVENT_PRIORITY  # whose label the charts place first (core.marker_labels)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewTimeline", text)


def session_markers(session: RecordedSession, lang: str = "zh") -> list[Marker]:
    """Alerts (red; amber for warnings; the rule and message in `lang`, whatever the language they fired in) and
    operator events (accent), by time; recorder bookkeeping is left out."""
    out = [Marker(a.fired_at, "alert", *a.in_language(lang), ALERT_RED if a.severity == "critical" else DEGRADED,
                  ALERT_PRIORITY)
           for a in session.alerts]
    for e in session.events:
        if e.kind in SKIPPED_EVENTS:
            continue
        detail = str(e.payload.get("text") or "") if e.payload else ""
        if e.kind == RULES_EVENT:
            detail = rules_detail(e.payload, lang)
        elif e.kind == SURGE_EVENT:
            detail = surge_detail(e.payload)
        elif e.kind == POLLS_SKIPPED_EVENT:
            detail = skipped_detail(e.payload)
        elif not detail and e.payload:
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(e.payload.items()))
        out.append(Marker(e.ts, "event", _tr(EVENT_LABELS.get(e.kind, e.kind)), detail,
                          DEGRADED if e.kind in (SURGE_EVENT, POLLS_SKIPPED_EVENT) else ACCENT,
                          NOTE_PRIORITY if e.kind == POLLS_SKIPPED_EVENT else EVENT_PRIORITY))
    return sorted(out, key=lambda m: m.ts)


def skipped_detail(payload: dict | None) -> str:
    """'3 skipped here, 12 in all (room 2, products 1)' for a stored PollsSkipped."""
    p = payload or {}
    kinds = ", ".join(f"{k} {v}" for k, v in dict(p.get("by_kind") or {}).items())
    text = QCoreApplication.translate("ReviewTimeline", "%1 skipped here, %2 in all").replace(
        "%1", str(p.get("skipped", "?"))).replace("%2", str(p.get("total", "?")))
    return f"{text} ({kinds})" if kinds else text


def rules_detail(payload: dict | None, lang: str = "zh") -> str:
    """'3 enabled: name, name, name' for a stored rule set, the shipped rules named in `lang` whatever language
    they were recorded in (core.alerts.defaults.rule_label; a rule the operator named keeps its name)."""
    rules = [r for r in (payload or {}).get("rules", []) if isinstance(r, dict)]
    names = [rule_label(str(r.get("id") or ""), str(r.get("name") or r.get("id") or "?"), lang)
             for r in rules if r.get("enabled", True)]
    head = QCoreApplication.translate("ReviewTimeline", "%1 enabled: ").replace("%1", str(len(names)))
    return head + ("、" if lang.startswith("zh") else ", ").join(names) if rules else ""


def add_marker_lines(plot: pg.PlotItem, markers: Sequence[Marker]) -> list[pg.InfiniteLine]:
    """A vertical line per marker on `plot`, unlabelled (the overview strip; the charts label theirs through their
    time markers, ui.live.time_markers, which keep the labels apart)."""
    lines = []
    for m in markers:
        pen = pg.mkPen(m.colour, width=1, style=Qt.PenStyle.DashLine)
        line = pg.InfiniteLine(pos=m.ts, angle=90, movable=False, pen=pen)
        plot.addItem(line, ignoreBounds=True)
        lines.append(line)
    return lines


class OverviewStrip(pg.PlotWidget):
    """The whole session at a glance; the shaded region is the detail window the main charts show."""

    region_moved = Signal(float, float)  # the operator dragged the detail window

    def __init__(self, session: RecordedSession, markers: Sequence[Marker], parent: QWidget | None = None) -> None:
        super().__init__(parent, axisItems={"bottom": ClockAxis("bottom")}, enableMenu=False)
        self.setFixedHeight(OVERVIEW_HEIGHT)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().hideAxis("left")
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.1)
        first, last = session.span() or (0.0, 1.0)
        x, y = session.view("online", first, last, 1200)
        self.curve = self.plot(x, y, pen=pg.mkPen(series_colour(0), width=1), connect="finite",
                               fillLevel=0, brush=(77, 171, 247, 40))
        add_marker_lines(self.getPlotItem(), markers)
        self.cursor_line = pg.InfiniteLine(pos=last, angle=90, movable=False, pen=pg.mkPen(TEXT_DIM, width=2))
        self.addItem(self.cursor_line, ignoreBounds=True)
        self.region = pg.LinearRegionItem(values=(first, last), bounds=(first, last), brush=(61, 139, 253, 45),
                                          hoverBrush=(61, 139, 253, 70))
        self.region.setZValue(10)
        self.addItem(self.region)
        self.setXRange(first, last, padding=0.0)
        self._quiet = False
        self.region.sigRegionChanged.connect(self._changed)

    def set_region(self, lo: float, hi: float) -> None:
        """Move the detail window without reporting it back (the charts moved it)."""
        self._quiet = True
        try:
            self.region.setRegion((lo, hi))
        finally:
            self._quiet = False

    def set_cursor(self, ts: float) -> None:
        self.cursor_line.setPos(ts)

    def _changed(self) -> None:
        if not self._quiet:
            lo, hi = self.region.getRegion()
            self.region_moved.emit(float(lo), float(hi))


class TimelineList(QWidget):
    """Alerts and operator events of the session as a table; double-click jumps the replay there."""

    jump_requested = Signal(float)

    def __init__(self, markers: Sequence[Marker], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.markers = list(markers)
        self.table = QTableWidget(len(self.markers), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("What"), self.tr("Detail")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, m in enumerate(self.markers):
            kind = self.tr("Alert") if m.kind == "alert" else ""
            what = f"{kind} {m.title}".strip()
            for c, text in enumerate((time.strftime("%H:%M:%S", time.localtime(m.ts)), what, m.detail)):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setForeground(pg.mkColor(m.colour))
                item.setToolTip(m.detail)
                self.table.setItem(r, c, item)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.jump_requested.emit(self.markers[r].ts))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
