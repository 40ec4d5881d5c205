"""`CounterPicker`: the counters a change rule's numerator or denominator adds up, chosen by ticking their names.

The operator sees each counter's glossary label (core.glossary via core.alerts.metric_label); the API field name
is the item's tooltip. A name the console does not know (a rule saved by another version) stays listed, raw, so
editing a rule never drops part of it silently.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from dyconsole.core.alerts.rules import COUNTER_NAMES, metric_label


class CounterPicker(QListWidget):
    """A ticked list of the cumulative counters; `chosen()` keeps the rule's own order first."""

    def __init__(self, chosen: Sequence[str], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._order = [*chosen, *(c for c in COUNTER_NAMES if c not in chosen)]
        for name in self._order:
            item = QListWidgetItem(metric_label(name, lang))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(140)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                     if self.item(i).checkState() == Qt.CheckState.Checked)
