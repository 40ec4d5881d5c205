"""The list of product-order changes and their measured effect: each change's time, status, what moved, and its
effect on GMV, clicks, CTR and orders per minute with the 90% interval (or "too early to tell"); expanding a
change lists each moved product's effect on clicks. The order panel shows it as its history (live); the review's
products tab (ui.products.review_products) shows it for a recorded session. The metric names are the glossary's,
the list's own words Qt's (context "OrderChangesView"); how an effect reads is core.products.change_text.
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.products.change_log import (
    STATUS_APPLIED,
    STATUS_CONFIRMED,
    STATUS_FAILED,
    STATUS_PENDING,
    OrderChange,
)
from dyconsole.core.products.change_text import EFFECT_TERMS, effect_text
from dyconsole.core.products.effect import ChangeEffect, Effect
from dyconsole.ui.common.i18n import count_text

# the room metrics shown, in column order
SHOWN: tuple[str, ...] = ("gmv", "clicks", "ctr", "orders")
ID_ROLE = Qt.ItemDataRole.UserRole
TS_ROLE = Qt.ItemDataRole.UserRole + 1
CONTEXT = "OrderChangesView"
#: a change's status in the operator's words
STATUS_WORDS: dict[str, str] = {
    STATUS_APPLIED: QT_TRANSLATE_NOOP("OrderChangesView", "applied"),
    STATUS_PENDING: QT_TRANSLATE_NOOP("OrderChangesView", "pending"),
    STATUS_CONFIRMED: QT_TRANSLATE_NOOP("OrderChangesView", "confirmed"),
    STATUS_FAILED: QT_TRANSLATE_NOOP("OrderChangesView", "failed"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def status_text(status: str) -> str:
    """A change's status as the operator reads it."""
    return _t(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def too_early_text() -> str:
    return QCoreApplication.translate("OrderChangesView", "too early to tell")


def effect_cell(effect: Effect | None, lang: str) -> str:
    """One effect as a cell: the uplift per minute with its 90% interval, or "too early to tell"."""
    return effect_text(effect, lang, too_early_text())


def clock_text(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))


class OrderChangesView(QWidget):
    """Changes, newest first. `detail` (change id -> its effect with products) fills a change when expanded."""

    selection_changed = Signal(object)  # the selected change's id, or None
    change_picked = Signal(float)  # a change was clicked: the broadcast time it took effect

    def __init__(self, lang: str = "zh", detail: Callable[[str], ChangeEffect | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.detail = detail
        self._titles: Mapping[str, str] = {}
        self.heading = QLabel(self.tr("Changes and their effect"))
        self.heading.setObjectName("caption")
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels([self.tr("Time"), self.tr("Status"), self.tr("Change")]
                                  + [glossary.label(EFFECT_TERMS[m], lang) for m in SHOWN])
        self.tree.setToolTip(self.tr("Against the room without the change (its trend before and the position "
                                     "model), per minute; 90% interval."))
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.currentItemChanged.connect(lambda item, _old: self.selection_changed.emit(
            None if item is None else item.data(0, ID_ROLE)))
        self.tree.itemClicked.connect(lambda item, _c: self.change_picked.emit(float(item.data(0, TS_ROLE)))
                                      if item.data(0, TS_ROLE) is not None else None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)

    def show_changes(self, changes: Sequence[OrderChange], effects: Mapping[str, ChangeEffect],
                     titles: Mapping[str, str]) -> None:
        """Fill the list (keeping the selected change selected)."""
        self._titles = titles
        selected = self.selected_id()
        expanded = {self.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        for change in sorted(changes, key=lambda c: -c.ts):
            effect = effects.get(change.id)
            item = QTreeWidgetItem([clock_text(change.ts), status_text(change.status),
                                    count_text(len(change.moved), self.tr("%n product moved"), self.tr("%n products moved"))]
                                   + [effect_cell(effect.room.get(m) if effect else None, self.lang) for m in SHOWN])
            item.setData(0, ID_ROLE, change.id)
            item.setData(0, TS_ROLE, change.ts)
            item.setToolTip(2, "\n".join(f"{k + 1}. {titles.get(p, p)}" for k, p in enumerate(change.new_order)))
            if change.counts and change.moved:
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(item)
            if change.id == selected:
                self.tree.setCurrentItem(item)
            if change.id in expanded:
                item.setExpanded(True)

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return None if item is None else item.data(0, ID_ROLE)

    def row_texts(self) -> list[list[str]]:
        """The top-level rows as shown (for tests and the report)."""
        return [[self.tree.topLevelItem(i).text(c) for c in range(self.tree.columnCount())]
                for i in range(self.tree.topLevelItemCount())]

    def _expanded(self, item: QTreeWidgetItem) -> None:
        if item.parent() is not None or self.detail is None:
            return
        item.takeChildren()
        effect = self.detail(item.data(0, ID_ROLE))
        if effect is None:
            return
        order = {pid: k for k, pid in enumerate(effect.change.old_order)}
        for k, pid in enumerate(effect.change.new_order):
            if order.get(pid) == k or pid not in effect.products:
                continue
            per = effect.products[pid]
            child = QTreeWidgetItem(["", f"{order.get(pid, -1) + 1} → {k + 1}", self._titles.get(pid, pid)]
                                    + [effect_cell(per.get(m), self.lang) for m in SHOWN])
            item.addChild(child)

