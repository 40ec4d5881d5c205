"""The A/B chart: the plan's metric per slot, each slot a bar coloured by its variant (late or uncounted slots
marked), beside the effect of the challenger against the control with its interval (valid at every look). Used by
the live verdict panel and the review's A/B tab; `variant_colour` is the one colour of a variant everywhere (the
runner strip too)."""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from dyconsole.core.experiments.analysis import SlotOutcome, Verdict
from dyconsole.ui.common.theme import BACKGROUND, TEXT_DIM

#: the variants' colours in plan order (blue, orange, teal, violet: never the alerts' red nor the rise/fall colours)
VARIANT_COLOURS: tuple[str, ...] = ("#3d8bfd", "#ff8c42", "#2ec4b6", "#b794f6")


def variant_colour(key: str, keys: Sequence[str]) -> str:
    """The colour of variant `key` among the plan's `keys`."""
    index = list(keys).index(key) if key in keys else 0
    return VARIANT_COLOURS[index % len(VARIANT_COLOURS)]


class SlotChart(pg.GraphicsLayoutWidget):
    """Metric per slot (bars by variant) and the effect's interval."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(BACKGROUND)
        self.setMinimumHeight(180)
        self.slots_plot = self.addPlot(row=0, col=0)
        self.slots_plot.showGrid(y=True, alpha=0.2)
        self.slots_plot.setMouseEnabled(x=False, y=False)
        self.slots_plot.hideButtons()
        self.effect_plot = self.addPlot(row=0, col=1)
        self.effect_plot.setMouseEnabled(x=False, y=False)
        self.effect_plot.hideButtons()
        self.effect_plot.getAxis("bottom").setTicks([[(0, "")]])
        self.ci.layout.setColumnStretchFactor(0, 5)
        self.ci.layout.setColumnStretchFactor(1, 1)
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.shown: list[tuple[int, str, float]] = []  # (slot index, variant, value) drawn
        self.interval: tuple[float, float, float] | None = None  # (effect, lo, hi) drawn, in %

    def show_slots(self, outcomes: Sequence[SlotOutcome], keys: Sequence[str], names: Mapping[str, str],
                   verdict: Verdict | None, metric_label: str) -> None:
        """Draw the measured slots and the verdict's interval (relative effects shown in %)."""
        self.slots_plot.clear()
        self.effect_plot.clear()
        self.bars = {}
        self.shown = [(o.index, o.variant, float(o.value)) for o in outcomes
                      if o.value is not None and math.isfinite(o.value)]
        self.slots_plot.setLabel("left", metric_label)
        self.slots_plot.getAxis("bottom").setTicks([[(i + 1, str(i + 1)) for i, _v, _y in self.shown]])
        legend = self.slots_plot.addLegend(offset=(8, 4), labelTextColor=TEXT_DIM)
        for key in keys:
            xs = [i + 1 for i, v, _ in self.shown if v == key]
            ys = [y for _i, v, y in self.shown if v == key]
            if not xs:
                continue
            colour = variant_colour(key, keys)
            bar = pg.BarGraphItem(x=xs, height=ys, width=0.7, brush=colour, pen=pg.mkPen(colour))
            self.slots_plot.addItem(bar)
            legend.addItem(bar, f"{key} {names.get(key, key)}")
            self.bars[key] = bar
        self.interval = None
        self.effect_plot.hide()  # shown only with an interval to draw
        if verdict is not None and verdict.effect is not None and verdict.lo is not None and verdict.hi is not None:
            effect, lo, hi = (100.0 * float(x) for x in (verdict.effect, verdict.lo, verdict.hi))
            if all(math.isfinite(x) for x in (effect, lo, hi)):
                self.interval = (effect, lo, hi)
                self.effect_plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(TEXT_DIM, width=1)))
                colour = variant_colour(keys[1], keys) if len(keys) > 1 else VARIANT_COLOURS[1]
                self.effect_plot.addItem(pg.ErrorBarItem(x=[0.0], y=[effect], top=[hi - effect],
                                                         bottom=[effect - lo], beam=0.3, pen=pg.mkPen(colour, width=3)))
                self.effect_plot.addItem(pg.ScatterPlotItem([0.0], [effect], size=12, brush=colour, pen=None))
                self.effect_plot.setXRange(-1, 1)
                self.effect_plot.setLabel("left", "%")
                self.effect_plot.show()
