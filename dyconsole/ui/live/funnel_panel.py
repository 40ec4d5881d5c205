"""The sales funnel panel: 曝光 -> 进入 -> 商品曝光 -> 点击 -> 下单 -> 成交, each stage's count, its rate from the
previous stage, the stage where most is lost (highlighted), and the seed relation
paid orders = product impressions x CTR x purchase conversion x deal conversion.

The figures come from core.funnel (the window passes its result on the slow text clock); this module only lays
them out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from dyconsole.core.funnel import PER_ENTRY_STAGES, STAGES, Funnel, session_funnel
from dyconsole.core.numfmt import fmt_count, fmt_money, fmt_pct
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.theme import ALERT_RED, TEXT_DIM, restyle, series_colour

BAR_STEPS = 1000


@dataclass(frozen=True, slots=True)
class StageRow:
    """One funnel stage as shown: texts already formatted; `fraction` of the first stage (None = missing)."""

    label: str
    count: str
    rate: str  # conversion from the previous known stage ("" for the first)
    fraction: float | None
    worst: bool = False


def bar_value(fraction: float | None, top: float = 1.0) -> int:
    """A log-scaled bar length in 0..BAR_STEPS: funnels span 4-5 orders of magnitude, a linear bar hides the tail.

    The first stage is full; each factor of 10 below it takes a fifth of the bar."""
    if fraction is None or not math.isfinite(fraction) or fraction <= 0 or top <= 0:
        return 0
    decades = -math.log10(min(1.0, fraction / top))
    return int(round(BAR_STEPS * max(0.0, 1.0 - decades / 5.0)))


class FunnelPanel(QWidget):
    """Stage rows (name, bar, count, step rate) plus the where-lost and seed-relation lines."""

    def __init__(self, stage_labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Sales funnel (whole broadcast)"))
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.names: list[QLabel] = []
        self.bars: list[QProgressBar] = []
        self.counts: list[QLabel] = []
        self.rates: list[QLabel] = []
        for i, label in enumerate(stage_labels):
            name = QLabel(label)
            name.setStyleSheet("font-size: 15px;")
            name.setWordWrap(True)  # a long English stage name wraps instead of pushing the rates out of view
            bar = QProgressBar()
            bar.setMinimumWidth(24)
            bar.setRange(0, BAR_STEPS)
            bar.setTextVisible(False)
            bar.setFixedHeight(14)
            count = QLabel("—")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setStyleSheet("font-size: 15px; font-weight: bold;")
            rate = QLabel("")
            rate.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, i, 0)
            grid.addWidget(bar, i, 1)
            grid.addWidget(count, i, 2)
            grid.addWidget(rate, i, 3)
            self.names.append(name)
            self.bars.append(bar)
            self.counts.append(count)
            self.rates.append(rate)
        grid.setColumnStretch(1, 1)
        self.lost = QLabel("")
        self.lost.setWordWrap(True)
        self.relation = QLabel("")
        self.relation.setWordWrap(True)
        self.relation.setStyleSheet(f"color: {TEXT_DIM};")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(line)
        layout.addWidget(self.lost)
        layout.addWidget(self.relation)
        layout.addStretch(1)

    def show_stages(self, rows: Sequence[StageRow], lost_text: str, relation_text: str) -> None:
        # a progress bar repaints itself at once when its value changes (QProgressBar.setValue calls repaint(), not
        # update()): six bars were six paints of the panel, on the UI thread, at every text refresh (~6 ms each).
        # With updates off while the figures are set, enabling them asks for one paint, with the window's next one
        self.setUpdatesEnabled(False)
        try:
            self._set_stages(rows, lost_text, relation_text)
        finally:
            self.setUpdatesEnabled(True)

    def _set_stages(self, rows: Sequence[StageRow], lost_text: str, relation_text: str) -> None:
        for i, row in enumerate(rows[: len(self.names)]):
            self.names[i].setText(row.label)
            self.counts[i].setText(row.count)
            self.rates[i].setText(row.rate)
            colour = ALERT_RED if row.worst else series_colour(0)
            restyle(
                self.bars[i],
                f"QProgressBar {{ border: none; background: rgba(255,255,255,18); border-radius: 3px; }}"
                f" QProgressBar::chunk {{ background: {colour}; border-radius: 3px; }}"
            )
            self.bars[i].setValue(bar_value(row.fraction))
            weight = "bold" if row.worst else "normal"
            restyle(
                self.rates[i],
                f"font-size: 15px; color: {ALERT_RED if row.worst else TEXT_DIM}; font-weight: {weight};"
            )
        self.lost.setText(lost_text)
        restyle(self.lost, f"color: {ALERT_RED}; font-size: 15px;" if lost_text else "")
        self.relation.setText(relation_text)



def stage_labels(lang: str) -> list[str]:
    return [s.label(lang) for s in STAGES]


def funnel_rows(feed: LiveFeed, lang: str) -> tuple[list[StageRow], str, str]:
    """The whole-session funnel of the latest room sample, as rows, the where-lost line and the seed relation."""
    sample = feed.latest_sample
    if sample is None:
        return [], "", ""
    return funnel_texts(session_funnel(sample), lang)


def _step_rate_text(key: str, rate: float | None, lang: str) -> str:
    if rate is None:
        return ""
    if key in PER_ENTRY_STAGES:
        return (QCoreApplication.translate("FunnelPanel", "%1 per entry")
                .replace("%1", f"{rate:.1f}"))
    return "→ " + fmt_pct(rate, lang)


def funnel_texts(funnel: Funnel, lang: str) -> tuple[list[StageRow], str, str]:
    top = next((s.count for s in funnel.steps if s.count), None)  # the first stage the source reports
    rows: list[StageRow] = []
    for step in funnel.steps:
        fraction = step.count / top if step.count is not None and top else None
        rows.append(StageRow(
            label=step.label(lang),
            count=(fmt_count(step.count, lang) if step.count is not None
                   else QCoreApplication.translate("FunnelPanel", "not reported")),
            rate=_step_rate_text(step.key, step.rate, lang),
            fraction=fraction,
            worst=step.key == funnel.worst_key,
        ))
    lost = ""
    if funnel.worst_key is not None:
        worst = funnel.step(funnel.worst_key)
        before = funnel.step(worst.from_key) if worst.from_key else None
        lost = (QCoreApplication.translate("FunnelPanel", "Most is lost at %1 → %2 (%3)")
                .replace("%1", before.label(lang) if before else "")
                .replace("%2", worst.label(lang))
                .replace("%3", _step_rate_text(worst.key, worst.rate, lang).lstrip("→ ")))
    seed = funnel.seed
    relation = "\n".join((
        QCoreApplication.translate("FunnelPanel",
                                   "Paid orders = product impressions × CTR × purchase conversion × deal conversion"),
        f"{fmt_count(seed.paid_orders, lang)} = {fmt_count(seed.product_impressions, lang)} × "
        f"{fmt_pct(seed.ctr, lang, 2)} × {fmt_pct(seed.purchase_rate, lang)} × {fmt_pct(seed.pay_rate, lang)}",
        QCoreApplication.translate("FunnelPanel", "GMV %1 = paid orders × average order value %2")
        .replace("%1", fmt_money(seed.gmv, lang)).replace("%2", fmt_money(seed.aov, lang)),
    ))
    return rows, lost, relation
