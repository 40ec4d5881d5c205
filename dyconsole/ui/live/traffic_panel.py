"""The traffic-sources panel: where viewers (and GMV) come from, paid (Qianchuan) and organic, with shares.

Sources are core.metrics.FLOW_SOURCES (paid ones PAID_FLOW_SOURCES); their zh / en names are core.glossary's.
It shows the latest `today_live/room/flow_performance/get/` samples (viewers by FLOW_BY_VIEWERS, GMV by
FLOW_BY_GMV of core.wire) it is given.
"""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.glossary import source_label
from dyconsole.core.metrics import FLOW_SOURCES, PAID_FLOW_SOURCES
from dyconsole.core.model import FlowSample
from dyconsole.core.numfmt import fmt_count, fmt_money, fmt_pct
from dyconsole.core.wire import FLOW_BY_GMV, FLOW_BY_VIEWERS
from dyconsole.ui.common.theme import series_colour

def shares(values: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each source's share of the known total; None where the source's value is missing or the total is 0."""
    known = {k: float(v) for k, v in values.items() if v is not None}
    total = sum(known.values())
    return {k: (known[k] / total if k in known and total > 0 else None) for k in values}


class TrafficPanel(QWidget):
    """Paid vs organic split and a table of every source (viewers, share, GMV)."""

    COLUMNS = 5

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.title = QLabel(self.tr("Traffic sources"))
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.split = QLabel(self.tr("Waiting for traffic data…"))
        self.split.setStyleSheet("font-size: 15px;")
        self.split_bar = QProgressBar()
        self.split_bar.setRange(0, 1000)
        self.split_bar.setTextVisible(False)
        self.split_bar.setFixedHeight(12)
        self.split_bar.setStyleSheet(
            f"QProgressBar {{ border: none; background: {series_colour(2)}; border-radius: 3px; }}"
            f" QProgressBar::chunk {{ background: {series_colour(1)}; border-radius: 3px; }}"
        )
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Source"), self.tr("Type"), self.tr("Viewers"), self.tr("Share"), self.tr("GMV")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.COLUMNS):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.split)
        layout.addWidget(self.split_bar)
        layout.addWidget(self.table, 1)

    def show_flow(self, flow: Mapping[str, FlowSample]) -> None:
        viewers = flow.get(FLOW_BY_VIEWERS)
        gmv = flow.get(FLOW_BY_GMV)
        if viewers is None:
            return
        values = {s: viewers.values.get(s) for s in FLOW_SOURCES}
        share = shares(values)
        paid = sum(v for s, v in share.items() if v is not None and s in PAID_FLOW_SOURCES)
        known = any(v is not None for v in share.values())
        if known:
            self.split.setText(
                self.tr("Paid %1 · Organic %2")
                .replace("%1", fmt_pct(paid, self.lang))
                .replace("%2", fmt_pct(1.0 - paid, self.lang))
            )
            self.split_bar.setValue(int(round(paid * 1000)))
        rows = sorted(FLOW_SOURCES, key=lambda s: -(values[s] or 0.0))
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            gmv_value = gmv.values.get(s) if gmv is not None else None
            cells = (
                source_label(s, self.lang),
                self.tr("Paid") if s in PAID_FLOW_SOURCES else self.tr("Organic"),
                fmt_count(values[s], self.lang),
                fmt_pct(share[s], self.lang),
                fmt_money(gmv_value, self.lang),
            )
            for c, text in enumerate(cells):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    if c >= 2:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
                item.setText(text)
