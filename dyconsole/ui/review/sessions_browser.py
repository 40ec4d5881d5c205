"""The sessions browser (场次回顾): every recorded session in a sortable table, filtered by date range and room and
searched by title and notes; open one for review, compare two (直播PK), build its report, annotate (notes saved to
the session) and delete one after a confirmation (buttons, and the same actions on a right click); History… opens
the date-range history, Import… the import of other channels' exports.

The rows come from services.review.catalog.SessionsCatalog; numbers sort as numbers (each cell carries its raw value in
SORT_ROLE). Opening, comparing, a report and the history are requests (`open_requested`, `compare_requested`,
`report_requested`, `history_requested`, `import_requested`) the launcher answers.
Peak online is the console's estimate when the source had no real count (the official APIs): marked 估 / est.
The recorder's own word in the notes ('stopped') is not shown as an operator's note; the status says it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.glossary import label
from dyconsole.core.numfmt import fmt_count, fmt_duration, fmt_money, fmt_pct, fmt_ratio
from dyconsole.core.outside_text import NOTES_MAX_CHARS
from dyconsole.services.reports.inputs import operator_notes
from dyconsole.services.review.catalog import SessionRow, SessionsCatalog, StorageError
from dyconsole.ui.common.theme import TEXT_DIM
from dyconsole.ui.common.screen_fit import fit_to_screen

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
(COL_START, COL_TITLE, COL_ROOM, COL_LENGTH, COL_PEAK, COL_GMV, COL_ORDERS, COL_CONVERSION, COL_ROI7, COL_ALERTS,
 COL_STATUS, COL_NOTES) = range(12)


def _local(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts)


class SessionFilter(QSortFilterProxyModel):
    """Date range (inclusive, by start date), room, and a text searched in titles and notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_from: QDate | None = None
        self.date_to: QDate | None = None
        self.room = ""
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, date_from: QDate | None, date_to: QDate | None, room: str, text: str) -> None:
        self.beginFilterChange()
        self.date_from, self.date_to, self.room, self.text = date_from, date_to, room, text.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        started = model.index(row, COL_START, parent).data(SORT_ROLE)
        if started is not None and (self.date_from is not None or self.date_to is not None):
            day = QDate(_local(float(started)).date())  # type: ignore[union-attr]
            if self.date_from is not None and day < self.date_from:
                return False
            if self.date_to is not None and day > self.date_to:
                return False
        if self.room and model.index(row, COL_ROOM, parent).data() != self.room:
            return False
        if self.text:
            haystack = " ".join(str(model.index(row, c, parent).data() or "") for c in (COL_TITLE, COL_NOTES))
            if self.text not in haystack.lower():
                return False
        return True


class SessionsBrowser(QWidget):
    """The list of recorded sessions with its filters and actions."""

    open_requested = Signal(str)  # session id
    compare_requested = Signal(str, str)  # session ids A, B
    report_requested = Signal(str)  # session id: the report builder on it
    history_requested = Signal()  # the date-range history
    import_requested = Signal()  # the import dialog (other channels' exports)

    def __init__(self, catalog: SessionsCatalog, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.lang = lang
        self.rows: list[SessionRow] = []
        self.setWindowTitle(self.tr("Sessions"))
        self.resize(1200, 640)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)

        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._apply_filter)
        self.room_box = QComboBox()
        self.room_box.currentIndexChanged.connect(self._apply_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search titles and notes"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("From")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.date_to)
        filters.addWidget(QLabel(self.tr("Room")))
        filters.addWidget(self.room_box)
        filters.addWidget(self.search, 1)

        self.model = QStandardItemModel(0, 12, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Start"), self.tr("Title"), self.tr("Room"), self.tr("Length"), self.tr("Peak online"),
            self.tr("GMV"), self.tr("Orders"), self.tr("Conversion"), self.tr("7-day ROI"), self.tr("Alerts"),
            self.tr("Status"), self.tr("Notes"),
        ])
        self.proxy = SessionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Stretch)
        self.table.sortByColumn(COL_START, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button = QPushButton(self.tr("Compare (PK)"))
        self.compare_button.setToolTip(self.tr("Select two sessions to compare them minute by minute"))
        self.compare_button.clicked.connect(self.compare_selected)
        self.notes_button = QPushButton(self.tr("Notes…"))
        self.notes_button.clicked.connect(self.annotate_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.report_button = QPushButton(self.tr("Report…"))
        self.report_button.clicked.connect(self.report_selected)
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setToolTip(self.tr("Totals, trends and patterns over a range of days"))
        self.history_button.clicked.connect(self.history_requested)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Import sessions from Kuaishou, Taobao Live or WeChat Channels exports"))
        self.import_button.clicked.connect(self.import_requested)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(lambda pos: self.context_menu().exec(
            self.table.viewport().mapToGlobal(pos)))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {TEXT_DIM};")
        buttons = QHBoxLayout()
        for b in (self.open_button, self.compare_button, self.report_button, self.notes_button, self.delete_button,
                  refresh, self.history_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    # --- data ---------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the sessions again (keeps the filters; widens the date range to take in every session)."""
        self.rows = self.catalog.rows()
        self.model.setRowCount(0)
        for row in self.rows:
            self.model.appendRow(self._items(row))
        days = [QDate(_local(r.summary.started_at).date()) for r in self.rows  # type: ignore[union-attr]
                if r.summary.started_at is not None]
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
        if days:
            self.date_from.setDate(min(min(days), self.date_from.date()) if self.proxy.date_from else min(days))
            self.date_to.setDate(max(max(days), self.date_to.date()) if self.proxy.date_to else max(days))
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(False)
        room = self.room_box.currentData()
        self.room_box.blockSignals(True)
        self.room_box.clear()
        self.room_box.addItem(self.tr("All rooms"), "")
        for room_id in sorted({r.summary.room_id for r in self.rows}):
            self.room_box.addItem(room_id, room_id)
        self.room_box.setCurrentIndex(max(0, self.room_box.findData(room or "")))
        self.room_box.blockSignals(False)
        self._apply_filter()

    def _items(self, row: SessionRow) -> list[QStandardItem]:
        s, lang = row.summary, self.lang
        started = _local(s.started_at)
        status = {"live": self.tr("recording"), "ended": self.tr("ended"),
                  "interrupted": self.tr("interrupted")}.get(s.status, s.status)
        if s.status == "ended" and s.end_reason == "stopped":
            status = self.tr("recording stopped")
        notes = operator_notes(s.notes)
        peak = fmt_count(None if s.peak_online is None else round(s.peak_online), lang)
        if s.peak_online_is_estimate:
            peak = self.tr("%1 (est.)").replace("%1", peak)
        cells: list[tuple[str, object]] = [
            (started.strftime("%Y-%m-%d %H:%M") if started else "—", s.started_at),
            (s.title, s.title),
            (s.room_id, s.room_id),
            (fmt_duration(row.length_s, lang), row.length_s),
            (peak, s.peak_online),
            (fmt_money(s.gmv, lang), s.gmv),
            (fmt_count(s.orders, lang), s.orders),
            (fmt_pct(row.conversion, lang, 2), row.conversion),
            (self._roi7_text(row), row.roi7.value if row.roi7 is not None else None),
            (str(row.alerts), row.alerts),
            (status, status),
            (notes.replace("\n", " "), notes),
        ]
        items = []
        for col, (text, raw) in enumerate(cells):
            item = QStandardItem(text)
            # missing numbers sort below every real one
            item.setData(-1e300 if raw is None else raw, SORT_ROLE)
            item.setData(s.id, ID_ROLE)
            if col in (COL_LENGTH, COL_PEAK, COL_GMV, COL_ORDERS, COL_CONVERSION, COL_ROI7, COL_ALERTS):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == COL_NOTES:
                item.setToolTip(notes)
            if col == COL_ROI7 and row.roi7 is not None:
                item.setToolTip(self._roi7_tip(row))
            if col == COL_PEAK and s.peak_online_is_estimate:
                item.setToolTip(self.tr("Estimated by the console from entries and stays: the platform gives "
                                        "no concurrent-online count"))
            items.append(item)
        return items

    def _roi7_text(self, row: SessionRow) -> str:
        """The 7-day ROI, saying whether it is settled or a projection (never the GMV/cost ROI)."""
        f = row.roi7
        if f is None or f.value is None:
            return "—"
        shown = fmt_ratio(f.value, self.lang)
        return (self.tr("%1 (settled)") if f.settled else self.tr("%1 (projected)")).replace("%1", shown)

    def _roi7_tip(self, row: SessionRow) -> str:
        f = row.roi7
        assert f is not None
        tip = label(f.term, self.lang)
        if not f.settled and f.low is not None and f.high is not None:
            tip += f"\n{label('roi7_range', self.lang)}: {fmt_ratio(f.low, self.lang)} – {fmt_ratio(f.high, self.lang)}"
        return tip

    def _apply_filter(self, *_args: object) -> None:
        self.proxy.set_filter(self.date_from.date(), self.date_to.date(), str(self.room_box.currentData() or ""),
                              self.search.text())
        self.count_label.setText(self.tr("%1 of %2 sessions").replace("%1", str(self.proxy.rowCount()))
                                 .replace("%2", str(len(self.rows))))
        self._update_buttons()

    # --- selection and actions ----------------------------------------------------------------------------------
    def visible_ids(self) -> list[str]:
        """Session ids in the table's current (filtered, sorted) order."""
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def select_ids(self, ids: list[str]) -> None:
        self.table.clearSelection()
        flags = self.table.selectionModel().SelectionFlag
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ID_ROLE) in ids:
                self.table.selectionModel().select(self.proxy.index(r, 0), flags.Select | flags.Rows)

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        self.open_button.setEnabled(n == 1)
        self.report_button.setEnabled(n == 1)
        self.notes_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n == 1)
        self.compare_button.setEnabled(n == 2)

    def _row(self, session_id: str) -> SessionRow:
        return next(r for r in self.rows if r.summary.id == session_id)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_requested.emit(ids[0])

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            # A is the earlier broadcast, B the later one: B − A reads as "what changed since"
            a, b = sorted(ids, key=lambda i: self._row(i).summary.started_at or 0.0)
            self.compare_requested.emit(a, b)

    def report_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.report_requested.emit(ids[0])

    def context_menu(self) -> QMenu:
        """The actions on the selected session or sessions, as the buttons below offer them."""
        menu = QMenu(self)
        for button, slot in ((self.open_button, self.open_selected), (self.compare_button, self.compare_selected),
                             (self.report_button, self.report_selected), (self.notes_button, self.annotate_selected),
                             (self.delete_button, self.delete_selected)):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(slot)
        return menu

    def annotate_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        row = self._row(ids[0])
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Session notes"), self.tr("Notes for %1").replace("%1", row.summary.title or row.summary.id),
            operator_notes(row.summary.notes))
        if ok:
            self._act(lambda: self._notes_saved(self.catalog.set_notes(row.summary.id, text)))

    def _notes_saved(self, cut: int) -> None:
        if cut:
            QMessageBox.information(
                self, self.tr("Session notes"),
                self.tr("Notes are kept up to %1 characters: the last %2 characters were not saved.")
                .replace("%1", f"{NOTES_MAX_CHARS:,}").replace("%2", f"{cut:,}"))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        s = self._row(ids[0]).summary
        started = _local(s.started_at)
        answer = QMessageBox.question(
            self, self.tr("Delete session"),
            self.tr("Delete the session “%1” of %2 and everything recorded in it? This cannot be undone.")
            .replace("%1", s.title or s.id).replace("%2", started.strftime("%Y-%m-%d %H:%M") if started else "—"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._act(lambda: self.catalog.delete(s.id))

    def _act(self, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except StorageError as exc:
            QMessageBox.warning(self, self.tr("Sessions"), str(exc))
        self.reload()
