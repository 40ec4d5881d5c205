"""The order-adjustment panel (a dialog of the live window, over services.products.ordering.OrderingService):
the room's current product order beside the new order, which starts as the suggestion, with why for each
product (its appeal with the 90% interval, its place now and the suggested one, how sure: "too early to tell"
when not sure); the operator edits it (drag and drop, move up/down, pin: a pinned product keeps its place in
the suggestions, "use suggestion") and applies it. In the demo room Apply sets it in the room; against the real
platform Apply records it as pending ("apply it in the live control panel, then Confirm") and Confirm records
that it was applied. Below, the changes and their measured effect (ui.products.order_changes).

Products gone from the list are dropped from the edit with a notice; newly listed ones are added at its end;
sold-out products are marked (the suggestion puts them at the bottom). Apply is asynchronous (the demo room's
control call); the panel never waits on it.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import EXPLAINING, AppealEstimate
from dyconsole.core.products.change_log import STATUS_FAILED, STATUS_PENDING, OrderChange
from dyconsole.core.products.change_text import product_names
from dyconsole.core.products.ordering import STOCK
from dyconsole.services.products.ordering import OrderingService
from dyconsole.ui.common.theme import DEGRADED, TEXT_DIM
from dyconsole.ui.products.order_changes import OrderChangesView, too_early_text
from dyconsole.ui.common.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole


class OrderTree(QTreeWidget):
    """The editable order: rows reordered by drag and drop only (a row is never dropped INTO another)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def ids(self) -> list[str]:
        return [self.topLevelItem(i).data(0, ID_ROLE) for i in range(self.topLevelItemCount())]


def _sold_out(sample: ProductSample) -> bool:
    stock = sample.values.get(STOCK)
    return stock is not None and stock <= 0


def _appeal_text(est: AppealEstimate | None) -> str:
    if est is None or est.appeal is None or est.low is None or est.high is None:
        return "—"
    return f"{est.appeal:.2f}  ({est.low:.2f}–{est.high:.2f})"


class OrderPanel(QDialog):
    """The order-adjustment dialog. Keeps its edit across polls; follows the suggestion until edited."""

    def __init__(self, service: OrderingService, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.lang = lang
        self.setWindowTitle(self.tr("Adjust product order"))
        self.setModal(False)
        self.pinned: set[str] = set()
        self.edited = False  # the operator changed the new order (it no longer follows the suggestion)
        self._known: list[str] = []  # the ids the edit was last reconciled with
        self._task: asyncio.Future[OrderChange] | None = None

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {DEGRADED};")
        self.how = QLabel(self.tr("Demo room: Apply sends the new order to the room.") if service.applies_itself
                          else self.tr("No API sets the order on the platform: apply it in the live control panel, "
                                       "then Confirm."))
        self.how.setWordWrap(True)
        self.how.setStyleSheet(f"color: {TEXT_DIM};")

        self.current = QListWidget()
        self.current.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree = OrderTree()
        self.tree.setHeaderLabels([self.tr("New"), self.tr("Product"), self.tr("Now → suggested"),
                                   self.tr("%1 (90% interval)").replace("%1", glossary.label("product_appeal", lang)),
                                   self.tr("How sure"), self.tr("Pinned")])
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.tree.model().rowsMoved.connect(self._dragged)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.toggle_pin())

        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.pin_button = QPushButton(self.tr("Pin / unpin"))
        self.use_button = QPushButton(self.tr("Use suggestion"))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setDefault(True)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setEnabled(False)
        self.confirm_button.setVisible(not service.applies_itself)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.pin_button.clicked.connect(self.toggle_pin)
        self.use_button.clicked.connect(self.use_suggestion)
        self.apply_button.clicked.connect(self.apply)
        self.confirm_button.clicked.connect(self.confirm)

        self.history = OrderChangesView(lang, detail=service.effect_of)
        self.history.selection_changed.connect(lambda _id: self._update_confirm())

        self._build_layout()
        service.suggestion_changed.connect(self._suggestion_changed)
        service.products_polled.connect(self._polled)
        service.changes_changed.connect(self.refresh_history)
        service.problem.connect(lambda msg: self.notice.setText(
            self.tr("Applying failed: %1 (the change is recorded)").replace("%1", msg)))
        self.resize(1180, 700)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)
        self.refresh()

    def _build_layout(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("Current order")))
        lv.addWidget(self.current)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(self.tr("New order (suggested; drag to change)")))
        rv.addWidget(self.tree)
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.pin_button, self.use_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.confirm_button)
        rv.addLayout(buttons)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(1, 4)
        top.setSizes([260, 900])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(self.history)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.how)
        layout.addWidget(self.notice)
        layout.addWidget(body, 1)

    # --- what is shown --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything from the service: the current order, the edit (the suggestion until edited), history."""
        products = self.service.feed.products
        names = self.names()
        self.current.clear()
        for k, p in enumerate(products, start=1):
            marks = [glossary.label("product_sold_out", self.lang)] if _sold_out(p) else []
            marks += [glossary.label("product_explaining", self.lang)] if p.explain_status == EXPLAINING else []
            self.current.addItem(f"{k:>2}. {names.get(p.product_id, p.product_id)}"
                                 + "".join(f"  [{m}]" for m in marks))
        if not products:
            self.notice.setText(self.tr("No product data yet."))
        self._reconcile()
        if not self.edited:
            self._fill([s.product_id for s in self.service.suggestion(self.pinned)])
        else:
            self._fill(self.tree.ids())
        self.refresh_history()

    def names(self) -> dict[str, str]:
        """id -> the name shown (a shared title gets the id's last digits)."""
        return product_names(list(self.service.titles().items()))

    def refresh_history(self) -> None:
        self.history.show_changes(self.service.changes, self.service.effects(), self.names())
        self._update_confirm()

    def _reconcile(self) -> None:
        """Products gone from the list leave the edit (told); newly listed ones join at its end (told)."""
        ids = self.service.current_order()
        titles = self.names()
        if self._known and self.edited:
            gone = [p for p in self.tree.ids() if p not in set(ids)]
            added = [p for p in ids if p not in set(self._known)]
            notes = []
            if gone:
                notes.append(self.tr("No longer listed, dropped from the new order: %1").replace(
                    "%1", "、".join(titles.get(p, p) for p in gone)))
                self.pinned -= set(gone)
            if added:
                notes.append(self.tr("Newly listed, added at the end: %1").replace(
                    "%1", "、".join(titles.get(p, p) for p in added)))
            if notes:
                self.notice.setText("  ".join(notes))
            self._fill(self.service.complete(self.tree.ids()))
        self._known = ids

    def _fill(self, order: list[str]) -> None:
        """The edit tree in `order`, each row with its why (keeps the selected product selected)."""
        selected = self.selected_id()
        samples = {p.product_id: p for p in self.service.feed.products}
        current = {pid: k for k, pid in enumerate(self.service.current_order(), start=1)}
        suggested = {s.product_id: s.suggested_position for s in self.service.suggestion(self.pinned)}
        names = self.names()
        self.tree.clear()
        for k, pid in enumerate(order, start=1):
            sample = samples.get(pid)
            if sample is None:
                continue
            est = self.service.estimate(pid)
            sure = self.tr("sure") if est is not None and est.is_sure else too_early_text()
            title = names.get(pid, pid)
            if _sold_out(sample):
                title += f"  [{glossary.label('product_sold_out', self.lang)}]"
            item = QTreeWidgetItem([str(k), title, f"{current.get(pid, '—')} → {suggested.get(pid, '—')}",
                                    _appeal_text(est), sure, self.tr("pinned") if pid in self.pinned else ""])
            item.setData(0, ID_ROLE, pid)
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if est is None or not est.is_sure:
                item.setForeground(4, QColor(TEXT_DIM))
            if _sold_out(sample):
                item.setForeground(1, QColor(DEGRADED))
            self.tree.addTopLevelItem(item)
            if pid == selected:
                self.tree.setCurrentItem(item)

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    # --- editing ----------------------------------------------------------------------------------------------------
    def move_selected(self, step: int) -> None:
        ids = self.tree.ids()
        pid = self.selected_id()
        if pid is None:
            return
        k = ids.index(pid)
        j = k + step
        if not 0 <= j < len(ids):
            return
        ids[k], ids[j] = ids[j], ids[k]
        self.edited = True
        self._fill(ids)

    def toggle_pin(self) -> None:
        pid = self.selected_id()
        if pid is None:
            return
        self.pinned ^= {pid}
        self._fill(self.tree.ids())

    def use_suggestion(self) -> None:
        self.edited = False
        self._fill([s.product_id for s in self.service.suggestion(self.pinned)])

    def _dragged(self, *_args: object) -> None:
        self.edited = True
        self._fill(self.tree.ids())  # renumber

    def _suggestion_changed(self) -> None:
        if self.isVisible():
            self._fill(self.tree.ids() if self.edited else [s.product_id for s in self.service.suggestion(self.pinned)])

    def _polled(self) -> None:
        if self.isVisible():
            self.refresh()

    # --- apply / confirm --------------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Store the change with the session and (demo room) set it in the room; never waits on it."""
        if self._task is not None and not self._task.done():
            return
        self.apply_button.setEnabled(False)
        self._task = asyncio.ensure_future(self.service.apply(self.tree.ids()))
        self._task.add_done_callback(self._applied)

    def _applied(self, task: asyncio.Future[OrderChange]) -> None:
        self.apply_button.setEnabled(True)
        if task.cancelled():
            return
        if task.exception() is not None:
            log.error("applying the order failed", exc_info=task.exception())
            return
        change = task.result()
        if change.status != STATUS_FAILED:
            self.notice.setText(self.tr("Recorded. Apply it in the live control panel, then Confirm.")
                                if change.status == STATUS_PENDING
                                else self.tr("The new order is applied; its effect shows in a few minutes."))
        self.edited = False
        self.refresh_history()

    def pending_id(self) -> str | None:
        """The change to confirm: the selected one if pending, else the latest pending one."""
        pending = [c for c in self.service.changes if c.status == STATUS_PENDING]
        chosen = self.history.selected_id()
        if any(c.id == chosen for c in pending):
            return chosen
        return pending[-1].id if pending else None

    def confirm(self) -> None:
        pid = self.pending_id()
        if pid is None:
            return
        self.service.confirm(pid)
        self.notice.setText(self.tr("Confirmed; its effect is measured from now."))
        self.refresh_history()

    def _update_confirm(self) -> None:
        self.confirm_button.setEnabled(self.pending_id() is not None)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]
