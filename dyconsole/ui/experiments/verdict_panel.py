"""The A/B verdict panel: one plan's name and hypothesis, the verdict in words (core.experiments.analysis
.verdict_text), the chart of the metric per slot by variant with the effect's interval (ui.experiments.slot_chart),
and the slots table (variant, confirmed start, how late, value). The live window shows it as a side tab (A/B →
Verdict); the review window as its A/B tab for the plans of the session reviewed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Mapping, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.experiments.analysis import SlotOutcome, Verdict, verdict_text
from dyconsole.core.experiments.plan import PlanSpec
from dyconsole.ui.common.theme import TEXT_DIM, font
from dyconsole.ui.experiments.slot_chart import SlotChart



@dataclass(frozen=True)
class PlanView:
    """What the panel shows of one plan: its spec, its measured slots (uncounted ones with value None) and the
    verdict on them; `stopped` when the plan was aborted."""

    spec: PlanSpec
    outcomes: Sequence[SlotOutcome]
    verdict: Verdict | None
    status: str = ""


def clock_text(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))


class VerdictPanel(QWidget):
    """One plan's verdict, chart and slots."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.title = QLabel(self.tr("No A/B plan yet: A/B → New plan…"))
        self.title.setFont(font(14, bold=True))
        self.title.setWordWrap(True)
        self.hypothesis = QLabel()
        self.hypothesis.setWordWrap(True)
        self.hypothesis.setStyleSheet(f"color: {TEXT_DIM};")
        self.verdict = QLabel()
        self.verdict.setObjectName("verdictText")
        self.verdict.setFont(font(15, bold=True))
        self.verdict.setWordWrap(True)
        self.chart = SlotChart()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Slot"), self.tr("Variant"), self.tr("Switched at"),
                                              glossary.label("ab_late_s", lang), glossary.label("ab_slot_value", lang)])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hypothesis)
        layout.addWidget(self.verdict)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.table, 1)
        self.show_plan(None)

    def show_plan(self, view: PlanView | None) -> None:
        # without a plan, what an A/B plan is, not an empty chart's frame and table
        self.chart.setVisible(view is not None)
        self.table.setVisible(view is not None)
        if view is None:
            self.title.setText(self.tr("No A/B plan yet: A/B → New plan…"))
            self.hypothesis.setText(self.tr(
                "A plan runs two versions of the broadcast (a script, a price, a giveaway) in alternating timed "
                "slots, reminds you when to switch, and says which sold more, with how sure that is."))
            self.verdict.clear()
            self.table.setRowCount(0)
            self.chart.show_slots([], [], {}, None, "")
            return
        spec = view.spec
        names = spec.variant_names()
        keys = list(spec.variant_keys)
        metric = glossary.label(spec.metric, self.lang)
        self.title.setText(f"{spec.name} · {metric}")
        self.hypothesis.setText(spec.hypothesis)
        self.verdict.setText(verdict_text(view.verdict, self.lang, names) if view.verdict is not None else "")
        self.chart.show_slots(view.outcomes, keys, names, view.verdict, metric)
        self.show_rows(view.outcomes, names, spec.metric)

    def show_rows(self, outcomes: Sequence[SlotOutcome], names: Mapping[str, str], metric: str) -> None:
        self.table.setRowCount(len(outcomes))
        for row, o in enumerate(outcomes):
            value = "—" if o.value is None or not math.isfinite(o.value) else glossary.fmt(metric, o.value, self.lang)
            late = glossary.fmt("ab_late_s", o.late_s, self.lang) if o.late_s >= 1 else ""
            for col, text in enumerate((str(o.index + 1), f"{o.variant} {names.get(o.variant, '')}".strip(),
                                        clock_text(o.started_at), late, value)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def row_texts(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
