"""The list of product-order changes and their measured effect: each change's time, status, what moved, and its
effect on GMV, clicks, CTR and orders per minute with the 90% interval (or "too early to tell"); expanding a
change lists each moved product's effect on clicks. The order panel shows it as its history (live); the review
shows it for a recorded session (`attach_order_changes_review`: a review tab the products review can also host).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from dyconsole.core import glossary
from dyconsole.core.products.change_log import OrderChange
from dyconsole.core.products.effect import ChangeEffect
from dyconsole.core.review.order_changes import session_changes
from dyconsole.core.review.session import RecordedSession
from dyconsole.ui.products.order_words import EFFECT_TERMS, clock_text, effect_text, product_names, w

#: the room metrics shown, in column order
SHOWN: tuple[str, ...] = ("gmv", "clicks", "ctr", "orders")
ID_ROLE = Qt.ItemDataRole.UserRole
REVIEW_TAB_KEY = "order_changes"


class OrderChangesView(QWidget):
    """Changes, newest first. `detail` (change id -> its effect with products) fills a change when expanded."""

    selection_changed = Signal(object)  # the selected change's id, or None

    def __init__(self, lang: str = "zh", detail: Callable[[str], ChangeEffect | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.detail = detail
        self._titles: Mapping[str, str] = {}
        self.heading = QLabel(w("history", lang))
        self.heading.setObjectName("caption")
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels([w("col_time", lang), w("col_status", lang), w("col_moved", lang)]
                                  + [glossary.label(EFFECT_TERMS[m], lang) for m in SHOWN])
        self.tree.setToolTip(w("effect_tip", lang))
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.currentItemChanged.connect(lambda item, _old: self.selection_changed.emit(
            None if item is None else item.data(0, ID_ROLE)))
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
            item = QTreeWidgetItem([clock_text(change.ts), w(f"status_{change.status}", self.lang),
                                    w("moved", self.lang, n=len(change.moved))]
                                   + [effect_text(effect.room.get(m) if effect else None, self.lang) for m in SHOWN])
            item.setData(0, ID_ROLE, change.id)
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
                                    + [effect_text(per.get(m), self.lang) for m in SHOWN])
            item.addChild(child)


def attach_order_changes_review(window: object, session: RecordedSession, lang: str = "zh") -> OrderChangesView:
    """The order changes of a recorded session as a review tab (`window` is a ui.review.window.ReviewWindow)."""
    measured = session_changes(session)
    changes = [c for c, _ in measured]
    effects = {c.id: e for c, e in measured if e is not None}
    view = OrderChangesView(lang, detail=lambda cid: session_changes(session, cid, products=True)[0][1])
    view.show_changes(changes, effects, product_names(list(session.products.titles.items())))
    window.add_review_tab(REVIEW_TAB_KEY, view, w("history", lang))  # type: ignore[attr-defined]
    return view
