"""The delivery panel: the line the host can say, the tile map, the table (region, share of viewers and buyers,
median days with its 90% range, p90, delivered and in-transit orders; "not enough orders yet" below the stated
threshold), what the figures stand on, and Export CSV. Used by the live side tab and the review tab alike."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from dyconsole.core import glossary
from dyconsole.core.delivery import COLUMNS, MIN_DELIVERED, RegionRow, host_line, row_values, shipped, text
from dyconsole.services.delivery import csv_steps, header
from dyconsole.ui.common.theme import DOWN, TEXT_DIM, font
from dyconsole.ui.delivery.tiles import TileMap

MAP_MAX_PX = 440


class DeliveryPanel(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.rows: list[RegionRow] = []
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setFont(font(14, bold=True))
        self.line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.map = TileMap(lang)
        self.map.setMaximumHeight(MAP_MAX_PX)  # the table stays in view on a 768 px screen
        self.legend = QLabel(self.map.legend())
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(f"color: {TEXT_DIM};")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(header(lang))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {TEXT_DIM};")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {DOWN};")
        self.problem.hide()
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self._ask_export)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.map, 2)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def show_rows(self, rows: Sequence[RegionRow], error: str = "") -> None:
        self.rows = list(rows)
        self.line.setText(text("say", self.lang) + host_line(self.rows, self.lang))
        self.map.set_rows(self.rows)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (value, (_key, unit)) in enumerate(zip(row_values(row, self.lang), COLUMNS)):
                shown = value if isinstance(value, str) else glossary.format_unit(value, unit, self.lang)
                item = QTableWidgetItem(shown)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.note.setText(text("basis", self.lang, n=shipped(self.rows)) + " " + text("threshold", self.lang, n=MIN_DELIVERED))
        self.show_problem(error)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def export_csv(self, path: Path | str) -> bool:
        """The table as CSV at `path`; a failure is told in the panel (nothing half-written is left)."""
        try:
            for _ in csv_steps(self.rows, self.lang, path):
                pass
        except OSError as err:
            self.show_problem(self.tr("Could not write the CSV: %1").replace("%1", str(err)))
            return False
        self.show_problem("")
        return True

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV…"), "delivery.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)
