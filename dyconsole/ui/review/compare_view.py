"""Compare two sessions (直播PK): the same charts overlaid, aligned by broadcast minute (minutes since each
session's start), A in one colour and B in another with a legend naming each session by title and date; beside
them the KPI differences side by side (A, B, B−A, %).

The figures come from services.compare (`minute_view`, `compare_kpis`); this module only lays them out.
"""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.numfmt import fmt_count, fmt_duration, fmt_money, fmt_pct, fmt_ratio
from dyconsole.services.review.compare import KpiDiff, compare_kpis, compared_minutes, minute_view
from dyconsole.core.review.session import RecordedSession
from dyconsole.ui.live.chart_panel import MIN_POINTS, CountAxis
from dyconsole.ui.common.theme import FALL, LEGEND_FILL, RISE, TEXT_DIM, series_colour
from dyconsole.ui.common.screen_fit import fit_to_screen

COLOUR_A = series_colour(0)  # blue
COLOUR_B = series_colour(1)  # orange

#: the overlaid charts, by series key (each titled with its core.glossary label)
COMPARE_CHARTS: tuple[str, ...] = ("online", "entries_per_min", "interactions_per_min", "product_clicks_per_min",
                                   "paid_orders_per_min", "gmv_per_min", "live_pay_order_gmv_alias", "stat_cost")


def session_name(session: RecordedSession) -> str:
    day = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.start))
    return f"{session.summary.title or session.id} · {day}"


def format_kpi(unit: str, value: float | None, lang: str) -> str:
    if unit == "yuan":
        return fmt_money(value, lang)
    if unit == "ratio":
        return fmt_pct(value, lang, 2)
    if unit == "multiple":
        return fmt_ratio(value, lang)
    if unit == "seconds":
        return fmt_duration(value, lang)
    return fmt_count(None if value is None else round(value), lang)  # people and events: whole numbers


def diff_texts(d: KpiDiff, lang: str) -> tuple[str, str, str, str]:
    """(A, B, B−A with its sign, %) as the table shows them."""
    unit = d.spec.unit
    diff = d.diff
    if diff is None:
        shown = "—"
    else:
        sign = "+" if diff > 0 else "−" if diff < 0 else "±"
        shown = sign + format_kpi(unit, abs(diff), lang)
    pct = d.pct
    pct_text = "—" if pct is None else ("+" if pct > 0 else "−" if pct < 0 else "±") + fmt_pct(abs(pct), lang)
    return format_kpi(unit, d.a, lang), format_kpi(unit, d.b, lang), shown, pct_text


class CompareView(QWidget):
    """Two sessions side by side: overlaid minute-aligned charts and the KPI table."""

    closed = Signal()

    def __init__(self, a: RecordedSession, b: RecordedSession, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.a, self.b, self.lang = a, b, lang
        self.setWindowTitle(self.tr("Compare sessions (PK)"))
        self.minutes = compared_minutes(a, b)
        self._drawing = True  # no redraw until everything is built

        axis_note = self.tr("x: minutes since each start")
        legend = QLabel(
            f"<span style='color:{COLOUR_A}'>■ A</span> {session_name(a)}"
            f"&nbsp;&nbsp;&nbsp;<span style='color:{COLOUR_B}'>■ B</span> {session_name(b)}"
            f"&nbsp;&nbsp;&nbsp;<span style='color:{TEXT_DIM}'>{axis_note}</span>")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setStyleSheet("font-size: 15px;")
        self.legend = legend

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.ci.setSpacing(4)
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        first: pg.PlotItem | None = None
        for i, key in enumerate(COMPARE_CHARTS):
            plot = self.graphics.addPlot(row=i // 2, col=i % 2, axisItems={"left": CountAxis("left", lang)},
                                         enableMenu=False)
            shown = glossary.label(key, lang)
            if key == "online" and (a.online_is_estimate or b.online_is_estimate):
                shown = self.tr("%1 (estimate)").replace("%1", shown)
            plot.setTitle(shown, size="11pt", justify="left", color=TEXT_DIM)
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.setMouseEnabled(x=True, y=False)
            plot.getAxis("left").setWidth(60)
            plot.setLabel("bottom", self.tr("min"))
            plot.addLegend(offset=(4, 2), labelTextSize="9pt", brush=LEGEND_FILL)
            ca = plot.plot(pen=pg.mkPen(COLOUR_A, width=2), name="A", connect="finite")
            cb = plot.plot(pen=pg.mkPen(COLOUR_B, width=2), name="B", connect="finite")
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            plot.vb.sigXRangeChanged.connect(lambda *_a: self.redraw())
            self.plots[key] = plot
            self.curves[key] = (ca, cb)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("KPI"), "A", "B", "B−A", "%"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.diffs = compare_kpis(a, b)
        self._fill_table()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.graphics)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addWidget(splitter, 1)
        self.resize(1500, 900)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)
        # the table never narrower than its longest KPI name and figures (they were cut with "…" on a 1366
        # screen); the charts take the rest
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeColumnsToContents()
        self.table.setMinimumWidth(header.length() + 2 * self.table.frameWidth() + 4)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        splitter.setSizes([950, 550])
        self._drawing = False
        assert first is not None
        first.setXRange(0, self.minutes, padding=0.0)
        self.redraw()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.diffs))
        for r, d in enumerate(self.diffs):
            label = d.spec.label(self.lang)
            if d.estimate:
                label = self.tr("%1 (estimate)").replace("%1", label)
            cells = (label, *diff_texts(d, self.lang))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c >= 3 and d.diff:
                    item.setForeground(QColor(RISE if d.diff > 0 else FALL))  # up is red, down is green
                self.table.setItem(r, c, item)

    def redraw(self) -> None:
        """Draw both sessions over the visible minutes, decimated to the plot width."""
        if self._drawing:
            return
        self._drawing = True
        try:
            for key, plot in self.plots.items():
                m0, m1 = plot.vb.viewRange()[0]
                width = max(MIN_POINTS, int(plot.vb.width()))
                for session, curve in zip((self.a, self.b), self.curves[key]):
                    x, y = minute_view(session, key, m0, m1, width)
                    curve.setData(x, y, connect="finite")
        finally:
            self._drawing = False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        super().closeEvent(event)
        self.closed.emit()
