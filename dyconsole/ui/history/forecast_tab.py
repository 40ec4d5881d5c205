"""The history view's Forecast tab: the GMV of the next broadcasts by date after the range shown (the range
report's forecast table, core.history.report.forecast_table: weekday seasonality from the range's broadcast days),
each day with its weekday, the forecast and its 80% interval; the line above says what it stands on, or why there
is no forecast (too few broadcast days: widen the range)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.history.report import forecast_table
from dyconsole.core.history.summary import SessionFigures
from dyconsole.ui.common.theme import TEXT_DIM
from dyconsole.ui.history.parts import plain_table

KEY = "planned_gmv_forecast"


class PlanPanel(QWidget):
    """The next broadcasts' GMV forecast of a range's sessions (`show_plan`)."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {TEXT_DIM};")
        self.table = plain_table([self.tr("Date"), self.tr("Weekday"), glossary.label(KEY, lang),
                                  self.tr("80% interval")])
        self.table.horizontalHeader().setStretchLastSection(False)  # the interval stays beside the figure
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_plan(self, sessions: Sequence[SessionFigures], last: date) -> None:
        plan = forecast_table(sessions, last, self.lang)
        self.note.setText(plan.caption)
        self.table.setRowCount(0)
        for r, (ts, weekday, value, low, high) in enumerate(plan.rows):
            self.table.insertRow(r)
            span = f"{glossary.fmt(KEY, low, self.lang)} ~ {glossary.fmt(KEY, high, self.lang)}"
            cells = (datetime.fromtimestamp(ts).date().isoformat(), weekday, glossary.fmt(KEY, value, self.lang), span)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
