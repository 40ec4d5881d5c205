"""The date-range history (历史): the sessions of a range of days (this week, the last 7 or 30 days, this month,
or from/to), of one room and channel or all, summed up in any metric of the glossary (core.history.metrics): the
totals over the range, the metric per day and per session (pyqtgraph on a date axis), the best and worst sessions,
the weekday x hour-of-day pattern, the sessions, and the forecast of the next broadcasts' GMV by date
(ui.history.forecast_tab). Export writes the per-session table and the per-day totals
(CSV or Excel); Report… asks for the report builder on the range (`report_requested`), a double-click on a session
for its review (`open_requested`). Opened from the main window's Sessions menu and the sessions browser.

Data comes from services.history.HistoryService (one query, figures cached per session). A bad range or an
unreadable database is said in the view's own message line; nothing is lost.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dyconsole.ui.common.i18n import count_text
from dyconsole.core import glossary
from dyconsole.core.history.metrics import DEFAULT_RANGE_METRICS, LENGTH, RANGE_METRICS, SESSIONS, range_metric
from dyconsole.core.history.ranges import PRESETS, preset_range
from dyconsole.core.history.summary import SessionFigures, best_and_worst, per_day, totals, weekday_hour
from dyconsole.services.history.service import HistoryQuery, HistoryService, range_csv_steps, range_xlsx_steps
from dyconsole.services.review.catalog import StorageError
from dyconsole.ui.common.theme import ALERT_RED, TEXT_DIM
from dyconsole.ui.history.forecast_tab import PlanPanel
from dyconsole.ui.history.parts import ID_ROLE, FiguresStrip, TrendPlot, day_xs, fill_heat, fill_sessions, plain_table

# the figures always on the strip (the metric chosen is added when it is not one of them)
STRIP_METRICS: tuple[str, ...] = (SESSIONS, *DEFAULT_RANGE_METRICS)


class HistoryView(QWidget):
    """Sessions of a date range, summed up and compared."""

    report_requested = Signal(object, str)  # HistoryQuery, the metric shown
    open_requested = Signal(str)  # a session id

    def __init__(self, service: HistoryService, lang: str = "zh", today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.lang = lang
        self.today = today
        self.sessions: list[SessionFigures] = []
        self.query: HistoryQuery | None = None
        self.setWindowTitle(self.tr("History"))
        self.resize(1280, 760)

        self.preset = QComboBox()
        names = {"this_week": self.tr("This week"), "last_7_days": self.tr("Last 7 days"),
                 "last_30_days": self.tr("Last 30 days"), "this_month": self.tr("This month"),
                 "custom": self.tr("Custom")}
        for key in PRESETS:
            self.preset.addItem(names[key], key)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.room_box, self.channel_box, self.metric_box = QComboBox(), QComboBox(), QComboBox()
        for m in RANGE_METRICS:
            self.metric_box.addItem(m.label(lang), m.key)
            self.metric_box.setItemData(self.metric_box.count() - 1, m.key, Qt.ItemDataRole.ToolTipRole)
        self.metric_box.setCurrentIndex(self.metric_box.findData(DEFAULT_RANGE_METRICS[0]))
        self.report_button = QPushButton(self.tr("Report…"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.xlsx_button = QPushButton(self.tr("Export Excel…"))
        filters, actions = QHBoxLayout(), QHBoxLayout()  # two rows: the filters fit a 1366-px screen
        for row, pairs in ((filters, ((self.tr("Range"), self.preset), (self.tr("From"), self.date_from),
                                      (self.tr("to"), self.date_to), (self.tr("Room"), self.room_box),
                                      (self.tr("Channel"), self.channel_box))),
                           (actions, ((self.tr("Metric"), self.metric_box),))):
            for label, widget in pairs:
                row.addWidget(QLabel(label))
                row.addWidget(widget)
            row.addStretch(1)
        for button in (self.report_button, self.csv_button, self.xlsx_button):
            actions.addWidget(button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.strip = FiguresStrip()
        self.per_day = TrendPlot(lang, bars=True)
        self.per_session = TrendPlot(lang, bars=False)
        plots = QSplitter(Qt.Orientation.Vertical)
        plots.addWidget(self.per_day)
        plots.addWidget(self.per_session)
        self.best = plain_table([self.tr("Rank"), self.tr("Start"), self.tr("Title"), self.tr("Room"),
                                 self.tr("Channel"), glossary.label(LENGTH, lang), ""])
        self.heat = plain_table([])
        self.heat.horizontalHeader().setStretchLastSection(False)
        self.table = plain_table([self.tr("Start"), self.tr("Title"), self.tr("Room"), self.tr("Channel"),
                                  glossary.label(LENGTH, lang), ""])
        self.table.doubleClicked.connect(self._open_row)
        self.best.doubleClicked.connect(self._open_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.best, self.tr("Best and worst"))
        self.tabs.addTab(self.heat, self.tr("Weekday × hour"))
        self.tabs.addTab(self.table, self.tr("Sessions"))
        self.plan = PlanPanel(lang)
        self.tabs.addTab(self.plan, self.tr("Forecast"))
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(plots)
        body.addWidget(self.tabs)
        body.setSizes([560, 800])  # the tables' columns need the room more than the plots do

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.strip)
        layout.addWidget(body, 1)

        self._fill_choices()
        self.preset.setCurrentIndex(PRESETS.index("last_30_days"))
        self._preset_chosen()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._dates_edited)
        for box in (self.room_box, self.channel_box):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.metric_box.currentIndexChanged.connect(lambda _i: self.show_metric())
        self.report_button.clicked.connect(self._ask_report)
        self.csv_button.clicked.connect(lambda: self._ask_export("csv"))
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.reload()

    # --- choices ------------------------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        try:
            rooms, channels = self.service.choices()
        except StorageError as exc:
            rooms, channels = [], []
            self.show_message(str(exc))
        for box, items, everything, label in (
                (self.room_box, rooms, self.tr("All rooms"), str),
                (self.channel_box, channels, self.tr("All channels"),
                 lambda c: glossary.channel_label(c, self.lang))):
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, "")
            for item in items:
                box.addItem(label(item), item)
            box.blockSignals(False)

    def _set_dates(self, first: date, last: date) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key != "custom":
            self._set_dates(*preset_range(key, self.today()))
            self.reload()

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(PRESETS.index("custom"))
        self.preset.blockSignals(False)
        self.reload()

    def set_range(self, first: date, last: date) -> None:
        """A custom range (as the operator picks from / to)."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(PRESETS.index("custom"))
        self.preset.blockSignals(False)
        self._set_dates(first, last)
        self.reload()

    def set_metric(self, key: str) -> None:
        self.metric_box.setCurrentIndex(self.metric_box.findData(range_metric(key).key))

    def current_query(self) -> HistoryQuery:
        room, channel = self.room_box.currentData(), self.channel_box.currentData()
        return HistoryQuery(self.date_from.date().toPython(), self.date_to.date().toPython(),  # type: ignore[arg-type]
                            (room,) if room else (), (channel,) if channel else ())

    # --- data ---------------------------------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(f"color: {ALERT_RED if error else TEXT_DIM};")
        self.message.setText(text)

    def reload(self) -> None:
        """Read the range's sessions again and show them; a bad range or file is said in the message line."""
        query = self.current_query()
        if query.last < query.first:
            self.show_message(self.tr("The range ends before it starts: pick a “to” date on or after the “from” "
                                      "date."))
            return
        try:
            self.sessions = self.service.load(query)
        except StorageError as exc:
            self.show_message(self.tr("The sessions could not be read: %1").replace("%1", str(exc)))
            return
        self.query = query
        self.show_message(count_text(len(self.sessions), self.tr("%n session in the range"),
                                     self.tr("%n sessions in the range")) if self.sessions else
                          self.tr("No session in this range: pick a wider range, or another room or channel."),
                          error=False)
        self.plan.show_plan(self.sessions, query.last)
        self.show_metric()

    def show_metric(self) -> None:
        """Figures, trends and tables of the chosen metric for the sessions loaded."""
        if self.query is None:
            return
        metric, lang, q = range_metric(self.metric_box.currentData()), self.lang, self.query
        keys = list(dict.fromkeys((*STRIP_METRICS, metric.key)))
        values = totals(self.sessions, [range_metric(k) for k in keys])
        self.strip.show_figures([(k, glossary.label(k, lang), glossary.format_unit(values[k], glossary.unit(k), lang))
                                 for k in keys])
        days = per_day(self.sessions, metric, q.first, q.last)
        xs = day_xs(days)
        self.per_day.show_points(self.tr("%1 per day").replace("%1", metric.label(lang)), metric.unit,
                                 xs, [d.value for d in days], (xs[0], xs[-1]))
        self.per_session.show_points(self.tr("%1 per session").replace("%1", metric.label(lang)), metric.unit,
                                     [s.started_at for s in self.sessions], [s.value(metric) for s in self.sessions],
                                     (xs[0], xs[-1]))  # the same days as the bars above
        best, worst = best_and_worst(self.sessions, metric)
        self.best.horizontalHeaderItem(self.best.columnCount() - 1).setText(metric.label(lang))
        fill_sessions(self.best, [(self.tr("best"), s) for s in best] + [(self.tr("worst"), s) for s in worst],
                      metric, lang)
        self.table.horizontalHeaderItem(self.table.columnCount() - 1).setText(metric.label(lang))
        fill_sessions(self.table, [(None, s) for s in self.sessions], metric, lang)  # type: ignore[misc]
        self.heat_hours = fill_heat(self.heat, weekday_hour(self.sessions, metric), metric, lang,
                                    glossary.label(SESSIONS, lang))

    # --- actions ------------------------------------------------------------------------------------------------
    def _open_row(self, index: object) -> None:
        sid = index.data(ID_ROLE)  # type: ignore[attr-defined]
        if sid:
            self.open_requested.emit(str(sid))

    def _ask_report(self) -> None:
        if self.query is not None:
            self.report_requested.emit(self.query, self.metric_box.currentData())

    def export_metrics(self) -> tuple[str, ...]:
        """The metrics an export carries: the strip's, and the one chosen."""
        return tuple(dict.fromkeys((*DEFAULT_RANGE_METRICS, self.metric_box.currentData())))

    def _ask_export(self, fmt: str) -> None:
        if self.query is None:
            return
        q = self.query
        name = f"history-{q.first.isoformat()}_{q.last.isoformat()}.{fmt}"
        filters = {"csv": self.tr("CSV files (*.csv)"), "xlsx": self.tr("Excel workbooks (*.xlsx)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), name, filters[fmt])
        if path:
            self.export(fmt, Path(path))

    def export(self, fmt: str, out: Path) -> bool:
        """Write the per-session table and the per-day totals of the range shown (CSV: `out` and `<name>-days.csv`
        beside it; Excel: one workbook); the outcome is said in the message line."""
        if self.query is None:
            return False
        try:
            report = self.service.report(self.query, self.export_metrics(), self.lang, full=True)
            for _ in (range_csv_steps if fmt == "csv" else range_xlsx_steps)(report, out):
                pass
        except (OSError, StorageError, ValueError) as exc:
            self.show_message(self.tr("Export failed: %1").replace("%1", str(exc)))
            return False
        self.show_message(self.tr("Exported to %1").replace("%1", str(out)), error=False)
        return True
