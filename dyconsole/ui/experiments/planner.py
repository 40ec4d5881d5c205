"""The A/B planner dialog (A/B → New plan…): the plan's name and hypothesis, its variants (key, name, what changes:
script/话术, price or coupon, product order, segment length, host, or anything typed in), the metric (the A/B
metrics of core.experiments.plan with their glossary labels), slot length, washout, number of slots and
broadcasts, the seed; each field's problem (core.experiments.plan.validate) in red beside it, and Save refuses a
plan with any. The power panel asks services.experiments.planning.PlanBook (the room's own recorded sessions, in a
worker) how many slots an effect needs and the smallest effect the plan detects, or says there is not enough
history; the schedule preview shows the seeded balanced order. Save (or Save and start) stores the plan.
"""

from __future__ import annotations

from dyconsole.ui.common.i18n import count_text
from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core import glossary
from dyconsole.core.experiments.plan import AB_METRICS, PlanSpec, Problem, Variant, validate
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.services.experiments.planning import PlanBook, PlanRefused, PowerFigures, StorageError
from dyconsole.ui.common.theme import ALERT_RED, TEXT_DIM, font

POWER_DELAY_MS = 300  # the power figures are asked for once the operator stops typing
DEFAULT_VARIANTS = (("A", ""), ("B", ""))



def change_kinds() -> list[str]:
    """What may change between variants (a variant's "what changes" starts from one of these, or is typed in)."""
    return [
        QCoreApplication.translate("PlannerDialog", "Script"),
        QCoreApplication.translate("PlannerDialog", "Price or coupon"),
        QCoreApplication.translate("PlannerDialog", "Product order"),
        QCoreApplication.translate("PlannerDialog", "Segment length"),
        QCoreApplication.translate("PlannerDialog", "Host"),
        QCoreApplication.translate("PlannerDialog", "Other"),
    ]


def schedule_text(keys: tuple[str, ...], n_slots: int, seed: int) -> str:
    """The seeded balanced order as the operator reads it (A B B A …); empty when the plan cannot be scheduled."""
    try:
        return " ".join(balanced_schedule(n_slots, seed, keys))
    except (ValueError, ZeroDivisionError):
        return ""


class PlannerDialog(QDialog):
    """Plan an A/B test; `saved(plan_id, start)` when stored (start: the operator asked to run it now)."""

    saved = Signal(str, bool)

    def __init__(self, book: PlanBook, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.lang = lang
        self.setWindowTitle(self.tr("New A/B plan"))
        self.errors: dict[str, QLabel] = {}
        self.name = QLineEdit()
        self.hypothesis = QPlainTextEdit()
        self.hypothesis.setFixedHeight(54)
        self.variants = QTableWidget(0, 3)
        self.variants.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Name"), self.tr("What changes")])
        self.variants.verticalHeader().hide()
        self.variants.horizontalHeader().setStretchLastSection(True)
        self.variants.setColumnWidth(0, 48)
        self.variants.setColumnWidth(1, 150)
        self.variants.setFixedHeight(130)
        self.add_variant_button = QPushButton(self.tr("Add variant"))
        self.remove_variant_button = QPushButton(self.tr("Remove variant"))
        self.metric_box = QComboBox()
        for key in AB_METRICS:
            self.metric_box.addItem(glossary.label(key, lang), key)
        self.slot_minutes = self._number(0, 600, 15, 1, self.tr(" min"))
        self.washout_minutes = self._number(0, 600, 3, 1, self.tr(" min"))
        self.n_slots = QSpinBox()
        self.n_slots.setRange(0, 1000)
        self.n_slots.setValue(8)
        self.broadcasts = QSpinBox()
        self.broadcasts.setRange(0, 100)
        self.broadcasts.setValue(1)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(1)
        self.min_effect = self._number(0, 500, 10, 0, " %")
        self.power = QLabel()
        self.power.setObjectName("powerText")
        self.power.setWordWrap(True)
        self.schedule = QLabel()
        self.schedule.setFont(font(13, bold=True))
        self.schedule.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.start_button = QPushButton(self.tr("Save and start"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self._power_timer = QTimer(self)
        self._power_timer.setSingleShot(True)
        self._power_timer.setInterval(POWER_DELAY_MS)
        self._power_timer.timeout.connect(self.ask_power)
        self._layout()
        for _ in DEFAULT_VARIANTS:
            self.add_variant()
        self.add_variant_button.clicked.connect(self.add_variant)
        self.remove_variant_button.clicked.connect(self.remove_variant)
        self.save_button.clicked.connect(lambda: self.save(start=False))
        self.start_button.clicked.connect(lambda: self.save(start=True))
        self.cancel_button.clicked.connect(self.reject)
        self.figures: PowerFigures | None = None
        book.power_ready.connect(self.show_power)
        book.power_failed.connect(lambda message: self.power.setText(message))
        for signal in (self.name.textChanged, self.hypothesis.textChanged, self.variants.itemChanged,
                       self.metric_box.currentIndexChanged, self.slot_minutes.valueChanged,
                       self.washout_minutes.valueChanged, self.n_slots.valueChanged, self.broadcasts.valueChanged,
                       self.seed.valueChanged, self.min_effect.valueChanged):
            signal.connect(self.edited)
        self.edited()
        self.ask_power()

    # --- building ------------------------------------------------------------------------------------------------
    @staticmethod
    def _number(low: float, high: float, value: float, decimals: int, suffix: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(low, high)
        box.setDecimals(decimals)
        box.setValue(value)
        box.setSuffix(suffix)
        return box

    def _field(self, key: str, widget: QWidget) -> QWidget:
        """`widget` with its problem label beside it (red, empty while the field is fine)."""
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(f"color: {ALERT_RED};")
        error.setWordWrap(True)
        self.errors[key] = error
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 3)
        row.addWidget(error, 1)
        error.setMinimumWidth(200)
        return box

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self._field("name", self.name))
        form.addRow(self.tr("Hypothesis"), self._field("hypothesis", self.hypothesis))
        variant_buttons = QHBoxLayout()
        variant_buttons.addWidget(self.add_variant_button)
        variant_buttons.addWidget(self.remove_variant_button)
        variant_buttons.addStretch(1)
        variants = QWidget()
        column = QVBoxLayout(variants)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.variants)
        column.addLayout(variant_buttons)
        form.addRow(self.tr("Variants"), self._field("variants", variants))
        form.addRow(self.tr("Metric"), self._field("metric", self.metric_box))
        form.addRow(self.tr("Slot length"), self._field("slot_minutes", self.slot_minutes))
        form.addRow(self.tr("Washout (not counted)"), self._field("washout_minutes", self.washout_minutes))
        form.addRow(self.tr("Number of slots"), self._field("n_slots", self.n_slots))
        form.addRow(self.tr("Broadcasts"), self._field("broadcasts", self.broadcasts))
        form.addRow(self.tr("Seed"), self._field("seed", self.seed))
        form.addRow(self.tr("Effect worth finding"), self._field("min_effect", self.min_effect))
        form.addRow(self.tr("Power"), self.power)
        form.addRow(self.tr("Schedule"), self.schedule)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.start_button)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addLayout(buttons)
        self.resize(1000, 720)

    # --- variants -------------------------------------------------------------------------------------------------
    def add_variant(self) -> None:
        row = self.variants.rowCount()
        self.variants.insertRow(row)
        self.variants.setItem(row, 0, QTableWidgetItem(chr(ord("A") + row) if row < 26 else ""))
        self.variants.setItem(row, 1, QTableWidgetItem(""))
        kinds = QComboBox()
        kinds.setEditable(True)  # anything typed in is a change too
        kinds.addItems(change_kinds())
        kinds.setCurrentIndex(0)
        kinds.currentTextChanged.connect(self.edited)
        self.variants.setCellWidget(row, 2, kinds)
        self.edited()

    def remove_variant(self) -> None:
        if self.variants.rowCount() > 0:
            self.variants.removeRow(self.variants.rowCount() - 1)
            self.edited()

    def set_variant(self, row: int, key: str, name: str, change: str) -> None:
        self.variants.item(row, 0).setText(key)
        self.variants.item(row, 1).setText(name)
        box = self.variants.cellWidget(row, 2)
        assert isinstance(box, QComboBox)
        box.setCurrentText(change)

    def _variants(self) -> tuple[Variant, ...]:
        out = []
        for row in range(self.variants.rowCount()):
            key, name = self.variants.item(row, 0), self.variants.item(row, 1)
            box = self.variants.cellWidget(row, 2)
            change = box.currentText().strip() if isinstance(box, QComboBox) else ""
            out.append(Variant((key.text() if key else "").strip(), (name.text() if name else "").strip(), change))
        return tuple(out)

    # --- the plan ---------------------------------------------------------------------------------------------------
    def spec(self) -> PlanSpec:
        effect = self.min_effect.value() / 100.0
        return PlanSpec(self.name.text().strip(), self.hypothesis.toPlainText().strip(), self._variants(),
                        str(self.metric_box.currentData()), self.slot_minutes.value(), self.washout_minutes.value(),
                        self.n_slots.value(), self.seed.value(), self.broadcasts.value(),
                        effect if effect > 0 else None)

    def show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p.text(self.lang))
        for key, label in self.errors.items():
            label.setText("\n".join(by_field.get(key, [])))

    def edited(self, *_args: object) -> None:
        spec = self.spec()
        self.show_problems(validate(spec))
        self.schedule.setText(schedule_text(spec.variant_keys, spec.n_slots, spec.seed))
        self._power_timer.start()

    def save(self, start: bool) -> str | None:
        """Store the plan (refused, with each problem beside its field, when it does not validate)."""
        try:
            plan_id = self.book.save(self.spec())
        except PlanRefused as refused:
            self.show_problems(refused.problems)
            self.notice.setText(self.tr("Not saved: fix the fields marked in red."))
            self.notice.setStyleSheet(f"color: {ALERT_RED};")
            return None
        except StorageError as exc:
            self.notice.setText(str(exc))
            self.notice.setStyleSheet(f"color: {ALERT_RED};")
            return None
        self.notice.setStyleSheet(f"color: {TEXT_DIM};")
        self.notice.setText(self.tr("Saved."))
        self.saved.emit(plan_id, start)
        self.accept()
        return plan_id

    # --- power --------------------------------------------------------------------------------------------------
    def ask_power(self) -> None:
        spec = self.spec()
        if spec.slot_minutes <= 0 or spec.slot_minutes <= spec.washout_minutes:
            self.power.setText(self.tr("Set a slot longer than its washout to compute the power."))
            return
        self.power.setText(self.tr("Computing from the room's recorded broadcasts…"))
        self.book.ask_power(spec.metric, spec.slot_minutes, spec.washout_minutes, spec.n_slots, spec.min_effect)

    def show_power(self, figures: PowerFigures) -> None:
        self.figures = figures
        self.power.setText(power_text(figures))


def power_text(figures: PowerFigures) -> str:
    """The power panel's words."""
    history = figures.history
    if not figures.enough_history:
        return count_text(
            history.slots,
            QCoreApplication.translate(
                "PlannerDialog", "Not enough history: %n slot of this metric in the room's recorded broadcasts; "
                                 "record more broadcasts for a power estimate."),
            QCoreApplication.translate(
                "PlannerDialog", "Not enough history: %n slots of this metric in the room's recorded broadcasts; "
                                 "record more broadcasts for a power estimate."))
    lines = [count_text(history.sessions,
                        QCoreApplication.translate("PlannerDialog", "From %1 slots of %n recorded broadcast."),
                        QCoreApplication.translate("PlannerDialog", "From %1 slots of %n recorded broadcasts."))
             .replace("%1", str(history.slots))]
    if figures.needed is not None and figures.effect is not None:
        lines.append(QCoreApplication.translate("PlannerDialog", "Needs %1 slots for a %2% effect.")
                     .replace("%1", str(figures.needed)).replace("%2", f"{figures.effect * 100:.0f}"))
    if figures.detectable is not None:
        lines.append(QCoreApplication.translate("PlannerDialog", "With %1 slots the smallest detectable effect is %2%.")
                     .replace("%1", str(figures.n_slots)).replace("%2", f"{figures.detectable * 100:.0f}"))
    else:
        lines.append(QCoreApplication.translate("PlannerDialog", "With %1 slots no effect can be detected: add slots.")
                     .replace("%1", str(figures.n_slots)))
    return "\n".join(lines)
