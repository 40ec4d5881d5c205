"""The import dialog (导入): pick another channel's export (CSV or XLSX), a saved column mapping for its source (or
edit one and save it by name), see the file's rows with every bad one marked and each problem listed (row, column,
value, why), and import: all the file's sessions or, if anything is wrong, none (one transaction).

Opened from the main window (Console → Import…, Ctrl+I) and the sessions browser's Import… button (through
ui.review.launcher). Data goes through services.imports.ImportService; a file or database that cannot be read is
said in the dialog's message line in the window's language (core.imports.messages), and nothing is written. `imported` tells the launcher to reload its views.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.glossary import channel_label
from dyconsole.core.imports.messages import ImportMessage
from dyconsole.core.imports.rows import FIRST_ROW
from dyconsole.services.imports.service import (
    ImportFileError,
    ImportPreview,
    ImportService,
    MappingError,
    StorageError,
)
from dyconsole.ui.common.i18n import count_text
from dyconsole.ui.common.theme import ALERT_RED, TEXT, TEXT_DIM
from dyconsole.ui.imports.mapping_editor import MappingEditor

#: rows of the file shown in the preview (the problems list names every bad row, shown or not)
PREVIEW_ROWS = 200
BAD_ROW = QColor(0x5a, 0x1d, 0x1f)  # a dark red the light text stays readable on


class ImportDialog(QDialog):
    """Choose a file and a mapping, preview, import."""

    imported = Signal(int)  # how many sessions were imported

    def __init__(self, service: ImportService, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.lang = lang
        self.file: Path | None = None
        self.preview: ImportPreview | None = None
        self._table = None
        self.setWindowTitle(self.tr("Import sessions of other channels"))
        self.resize(1200, 720)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("A CSV or XLSX export of Kuaishou, Taobao Live or WeChat Channels"))
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.mapping_box = QComboBox()
        self.mapping_box.setMinimumContentsLength(14)
        self.mapping_box.currentIndexChanged.connect(self._mapping_chosen)
        self.save_button = QPushButton(self.tr("Save mapping…"))
        self.save_button.clicked.connect(self.save_mapping)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("File")))
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(self.tr("Mapping")))
        top.addWidget(self.mapping_box)
        top.addWidget(self.save_button)

        self.editor = MappingEditor(lang)
        self.editor.changed.connect(self.refresh_preview)
        self.rows = QTableWidget()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.rows)
        right.addWidget(self.problems)
        right.setSizes([420, 180])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.editor)
        body.addWidget(right)
        body.setStretchFactor(1, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)
        self.load_mappings()

    # --- mappings -----------------------------------------------------------------------------------------------
    def load_mappings(self, select: str | None = None) -> None:
        try:
            mappings = self.service.mappings()
        except MappingError as exc:
            self._say(exc.text(self.lang), bad=True)
            mappings = {}
        self._mappings = mappings
        self.mapping_box.blockSignals(True)
        self.mapping_box.clear()
        for name, m in mappings.items():
            self.mapping_box.addItem(f"{name} ({channel_label(m.channel, self.lang)})", name)
        self.mapping_box.setCurrentIndex(max(0, self.mapping_box.findData(select)) if select else 0)
        self.mapping_box.blockSignals(False)
        self._mapping_chosen()

    def choose_mapping(self, name: str) -> None:
        self.mapping_box.setCurrentIndex(self.mapping_box.findData(name))

    def _mapping_chosen(self) -> None:
        name = self.mapping_box.currentData()
        if name in self._mappings:
            self.editor.set_mapping(self._mappings[name])

    def save_mapping(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save mapping"), self.tr("Name of this source's mapping:"),
                                        text=self.editor.name)
        if ok and name.strip():
            self.save_mapping_as(name.strip())

    def save_mapping_as(self, name: str) -> bool:
        try:
            self.service.save_mapping(self.editor.mapping(name))
        except (MappingError, OSError) as exc:
            why = exc.text(self.lang) if isinstance(exc, MappingError) else str(exc)
            self._say(self.tr("The mapping was not saved: %1").replace("%1", why), bad=True)
            return False
        self.load_mappings(select=name)
        self._say(self.tr("Mapping “%1” saved.").replace("%1", name))
        return True

    # --- file and preview ---------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import sessions"), "",
                                              self.tr("Exports (*.csv *.xlsx);;All files (*)"))
        if path:
            self.open_file(path)

    def open_file(self, path: Path | str) -> None:
        """Read the file (its headers go into the column boxes) and preview it with the mapping."""
        self.file = Path(path)
        self.path_edit.setText(str(self.file))
        self._table = None
        try:
            self._table = self.service.read(self.file)
        except ImportFileError as exc:
            self._show_rows([], [])
            self.problems.clear()
            self.preview = None
            self.import_button.setEnabled(False)
            self._say(self.tr("The file cannot be read: %1").replace("%1", exc.text(self.lang)), bad=True)
            return
        self.editor.set_headers(self._table.header)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        if self._table is None:
            return
        self.preview = None
        self.import_button.setEnabled(False)
        self.problems.clear()
        try:
            preview = self.service.preview(self._table, self.editor.mapping())
        except MappingError as exc:
            self._show_rows(self._table.header, self._table.rows)
            self._say(self.tr("The mapping is incomplete: %1").replace("%1", exc.text(self.lang)), bad=True)
            return
        except StorageError as exc:
            self._say(str(exc), bad=True)
            return
        self.preview = preview
        bad = {p.row for p in preview.problems}
        self._show_rows(preview.table.header, preview.table.rows, bad)
        for problem in preview.problems:
            self.problems.addItem(problem.text(self.lang))
        if preview.problems:
            self._say(count_text(len(preview.problems),
                                 self.tr("%n problem: nothing will be imported until the file or the mapping is "
                                         "corrected."),
                                 self.tr("%n problems: nothing will be imported until the file or the mapping is "
                                         "corrected.")), bad=True)
        else:
            self._say(count_text(len(preview.sessions), self.tr("%n session ready to import (%2, read as %3)."),
                                 self.tr("%n sessions ready to import (%2, read as %3)."))
                      .replace("%2", channel_label(self.editor.mapping().channel, self.lang))
                      .replace("%3", preview.table.encoding))
        self.import_button.setEnabled(preview.ok)

    def _show_rows(self, header: list[str], rows: list[list[str]], bad: set[int] | None = None) -> None:
        shown = rows[:PREVIEW_ROWS]
        self.rows.clear()
        self.rows.setColumnCount(len(header))
        self.rows.setRowCount(len(shown))
        self.rows.setHorizontalHeaderLabels(header)
        self.rows.setVerticalHeaderLabels([str(FIRST_ROW + i) for i in range(len(shown))])
        for r, cells in enumerate(shown):
            for c, value in enumerate(cells[:len(header)]):
                item = QTableWidgetItem(str(value))
                if bad and FIRST_ROW + r in bad:
                    item.setBackground(QBrush(BAD_ROW))
                    item.setForeground(QBrush(QColor(TEXT)))  # the table's default text is dark on a mark
                self.rows.setItem(r, c, item)
        self.rows.resizeColumnsToContents()

    # --- import -------------------------------------------------------------------------------------------------
    def run_import(self) -> int:
        """Import the previewed file; returns how many sessions (0 when nothing was written, said why)."""
        if self._table is None or self.preview is None or not self.preview.ok:
            return 0
        try:
            result = self.service.import_file(self._table, self.editor.mapping())
        except (MappingError, StorageError) as exc:
            why = exc.text(self.lang) if isinstance(exc, ImportMessage) else str(exc)
            self._say(self.tr("Nothing was imported: %1").replace("%1", why), bad=True)
            return 0
        if not result.ok:
            self.refresh_preview()
            return 0
        count = len(result.sessions)
        self.import_button.setEnabled(False)
        self._say(count_text(count, self.tr("%n session imported."), self.tr("%n sessions imported.")))
        self.imported.emit(count)
        return count

    def _say(self, text: str, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ALERT_RED if bad else TEXT_DIM};")
