"""Pieces of the history view: the totals strip (figures over the range), the trend plots (a metric per day and
per session on a date axis), and the tables (best and worst sessions, the weekday x hour heat table, the sessions
of the range). Words of metrics and channels are the glossary's; weekday names Qt's locale's."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QGridLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, \
    QWidget

from dyconsole.core import glossary
from dyconsole.core.history.metrics import RangeMetric
from dyconsole.core.history.summary import DayTotal, HeatCell, SessionFigures
from dyconsole.ui.common.theme import ACCENT, SURFACE, TEXT_DIM
from dyconsole.ui.live.chart_panel import CountAxis

ID_ROLE = Qt.ItemDataRole.UserRole + 2
DAY_S = 86_400.0


def fmt(metric: RangeMetric, value: float | None, lang: str) -> str:
    return glossary.format_unit(value, metric.unit, lang)


class FiguresStrip(QWidget):
    """Figures over the range: a label above a big value, one column each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 2, 4, 2)
        self.values: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}

    def show_figures(self, figures: Sequence[tuple[str, str, str]]) -> None:
        """(key, label, value text) in order; the strip is rebuilt when the keys change."""
        if [k for k, _, _ in figures] != list(self.values):
            while self.grid.count():
                item = self.grid.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            self.values.clear()
            self.titles.clear()
            for col, (key, _label, _text) in enumerate(figures):
                title, value = QLabel(), QLabel()
                title.setStyleSheet(f"color: {TEXT_DIM};")
                value.setStyleSheet("font-size: 22px; font-weight: bold;")
                self.grid.addWidget(title, 0, col)
                self.grid.addWidget(value, 1, col)
                self.titles[key], self.values[key] = title, value
        for key, label, text in figures:
            self.titles[key].setText(label)
            self.values[key].setText(text)


class MetricAxis(CountAxis):
    """A value axis in the unit of the metric shown (¥, %, 万)."""

    unit = "count"

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]  # noqa: N802 - pyqtgraph API
        return [glossary.format_unit(v * scale, self.unit, self.lang) for v in values]


class TrendPlot(pg.PlotWidget):
    """One metric on a date axis: bars (per day) or points joined by a line (per session)."""

    def __init__(self, lang: str, bars: bool, parent: QWidget | None = None) -> None:
        self.axis = MetricAxis("left", lang)
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom"), "left": self.axis},
                         enableMenu=False)
        self.bars = bars
        self.showGrid(y=True, alpha=0.2)
        self.setMouseEnabled(x=False, y=False)
        self.xs: list[float] = []
        self.ys: list[float] = []

    def show_points(self, title: str, unit: str, xs: Sequence[float], ys: Sequence[float | None],
                    span: tuple[float, float]) -> None:
        """The points with a value (a day without a session is no bar, not a zero bar)."""
        self.clear()
        self.setTitle(title, color=TEXT_DIM, size="11pt")
        self.axis.unit = unit
        kept = [(x, y) for x, y in zip(xs, ys) if y is not None]
        self.xs, self.ys = [x for x, _ in kept], [float(y) for _, y in kept]
        if self.bars and kept:
            self.addItem(pg.BarGraphItem(x=self.xs, height=self.ys, width=DAY_S * 0.7, brush=ACCENT, pen=None))
        elif kept:
            self.plot(self.xs, self.ys, pen=pg.mkPen(ACCENT, width=2), symbol="o", symbolSize=7,
                      symbolBrush=ACCENT, symbolPen=None)
        self.setXRange(span[0] - DAY_S * 0.6, span[1] + DAY_S * 0.6, padding=0.0)
        self.axis.picture = None  # the unit changed: ticks drawn again
        self.axis.update()


def day_xs(days: Sequence[DayTotal]) -> list[float]:
    """Noon of each day (a bar centred on its day)."""
    return [datetime(d.day.year, d.day.month, d.day.day, 12).timestamp() for d in days]


def _item(text: str, sort: object = None, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, sort)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def plain_table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def session_cells(s: SessionFigures, lang: str) -> list[str]:
    return [datetime.fromtimestamp(s.started_at).strftime("%Y-%m-%d %H:%M"), s.title or s.id, s.room_id,
            glossary.channel_label(s.channel, lang)]


def fill_sessions(table: QTableWidget, rows: Sequence[tuple[str, SessionFigures]], metric: RangeMetric,
                  lang: str) -> None:
    """One row per (first cell, session): the first cell (a rank word, or nothing), start, title, room, channel,
    duration and the metric; each row carries its session id."""
    table.setRowCount(0)
    length = glossary.term("length_s")
    for r, (first, s) in enumerate(rows):
        table.insertRow(r)
        cells = ([first] if first is not None else []) + session_cells(s, lang) + [
            glossary.format_unit(s.figures.get(length.key), length.unit, lang), fmt(metric, s.value(metric), lang)]
        for c, text in enumerate(cells):
            item = _item(text, align_right=c >= len(cells) - 2)
            item.setData(ID_ROLE, s.id)
            table.setItem(r, c, item)


def heat_colour(value: float, lo: float, hi: float) -> QColor:
    share = 0.0 if hi <= lo else (value - lo) / (hi - lo)
    base, top = QColor(SURFACE), QColor(ACCENT)
    return QColor(*(round(b + (t - b) * (0.25 + 0.75 * share)) for b, t in
                    ((base.red(), top.red()), (base.green(), top.green()), (base.blue(), top.blue()))))


def fill_heat(table: QTableWidget, cells: list[list[HeatCell]], metric: RangeMetric, lang: str,
              sessions_word: str) -> list[int]:
    """Weekdays down, the hours that had a session across (all 24 when none did); a cell shows the mean per
    session and, in brackets (and on hover), how many sessions it is the mean of. Returns the hours shown."""
    hours = [h for h in range(24) if any(cells[d][h].sessions for d in range(7))] or list(range(24))
    locale = QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Chinese)
    table.clear()
    table.verticalHeader().setVisible(True)
    table.setRowCount(7)
    table.setColumnCount(len(hours))
    table.setHorizontalHeaderLabels([f"{h:02d}:00" for h in hours])
    table.setVerticalHeaderLabels([locale.dayName(d + 1, QLocale.FormatType.ShortFormat) for d in range(7)])
    values = [c.mean for row in cells for c in row if c.mean is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 0.0)
    for d in range(7):
        for col, h in enumerate(hours):
            cell = cells[d][h]
            text = "" if cell.mean is None else f"{fmt(metric, cell.mean, lang)} ({cell.sessions})"
            item = _item(text, cell.mean, align_right=True)
            if cell.sessions:
                item.setToolTip(f"{sessions_word}: {cell.sessions}")
            if cell.mean is not None:
                item.setBackground(heat_colour(cell.mean, lo, hi))
            table.setItem(d, col, item)
    return hours
