"""The column-mapping part of the import dialog: the source's settings (channel, row shape, money unit, time zone,
a room name for files without a room column) and, for each column role of core.imports.mapping (the session's
start, end, length, title, room..., and the glossary metrics an export can fill), the file's header that holds it.
Words of roles, units, shapes and channels are the glossary's; `mapping()` reads it back as an ImportMapping."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.glossary import CHANNEL_NAMES, channel_label, import_label
from dyconsole.core.history.summary import DEFAULT_CHANNEL
from dyconsole.core.imports.mapping import FIELD_ROLES, METRIC_ROLES, MONEY_UNITS, ROW_KINDS, ImportMapping

ROLES: tuple[str, ...] = (*FIELD_ROLES, *METRIC_ROLES)


def role_label(role: str, lang: str) -> str:
    return import_label(role, lang) if role in FIELD_ROLES else glossary.label(role, lang)


class MappingEditor(QWidget):
    """Edits one mapping against one file's headers; `changed` on every edit."""

    changed = Signal()

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.name = ""
        self.channel, self.row_kind, self.money_unit = QComboBox(), QComboBox(), QComboBox()
        for code in CHANNEL_NAMES:
            if code != DEFAULT_CHANNEL:  # recorded here, never imported
                self.channel.addItem(channel_label(code, lang), code)
        for kind in ROW_KINDS:
            self.row_kind.addItem(import_label(kind, lang), kind)
        for unit in MONEY_UNITS:
            self.money_unit.addItem(import_label(unit, lang), unit)
        self.utc_offset = QDoubleSpinBox()
        self.utc_offset.setRange(-12.0, 14.0)
        self.utc_offset.setSingleStep(0.5)
        self.utc_offset.setDecimals(1)
        self.utc_offset.setPrefix("UTC ")
        self.room = QLineEdit()
        self.room.setPlaceholderText(self.tr("When the file has no room column"))
        settings = QGroupBox(self.tr("Source"))
        form = QFormLayout(settings)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Rows"), self.row_kind)
        form.addRow(self.tr("Money unit"), self.money_unit)
        form.addRow(self.tr("Time zone"), self.utc_offset)
        form.addRow(self.tr("Room"), self.room)

        self.boxes: dict[str, QComboBox] = {}
        columns = QGroupBox(self.tr("Columns"))
        grid = QGridLayout(columns)
        half = (len(ROLES) + 1) // 2
        for i, role in enumerate(ROLES):
            box = QComboBox()
            box.setMinimumContentsLength(10)
            self.boxes[role] = box
            row, col = i % half, (i // half) * 2
            grid.addWidget(QLabel(role_label(role, lang)), row, col)
            grid.addWidget(box, row, col + 1)
            box.currentIndexChanged.connect(self.changed)
        for widget in (self.channel, self.row_kind, self.money_unit):
            widget.currentIndexChanged.connect(self.changed)
        self.utc_offset.valueChanged.connect(self.changed)
        self.room.textChanged.connect(self.changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(settings)
        layout.addWidget(columns)
        layout.addStretch(1)  # the room the window gives goes below the boxes, not inside the groups
        self._headers: list[str] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        """Offer the file's headers in every column box (keeping what is chosen where the file has it)."""
        self._headers = list(headers)
        for role, box in self.boxes.items():
            chosen = box.currentData() or ""
            self._fill(box, chosen)

    def _fill(self, box: QComboBox, chosen: str) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("(none)"), "")
        for header in self._headers:
            box.addItem(header, header)
        if chosen and chosen not in self._headers:  # the mapping wants a column the file lacks: shown as missing
            box.addItem(self.tr("%1 (not in the file)").replace("%1", chosen), chosen)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def set_mapping(self, mapping: ImportMapping) -> None:
        self.name = mapping.name
        for box, value in ((self.channel, mapping.channel), (self.row_kind, mapping.row_kind),
                           (self.money_unit, mapping.money_unit)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.utc_offset.blockSignals(True)
        self.utc_offset.setValue(mapping.utc_offset_h)
        self.utc_offset.blockSignals(False)
        self.room.blockSignals(True)
        self.room.setText(mapping.room)
        self.room.blockSignals(False)
        for role, box in self.boxes.items():
            self._fill(box, mapping.columns.get(role, ""))
        self.changed.emit()

    def mapping(self, name: str | None = None) -> ImportMapping:
        return ImportMapping(name or self.name, str(self.channel.currentData()), str(self.row_kind.currentData()),
                             str(self.money_unit.currentData()), float(self.utc_offset.value()),
                             self.room.text().strip(),
                             {role: box.currentData() for role, box in self.boxes.items() if box.currentData()})
