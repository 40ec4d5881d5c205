"""The alert rules panel: the list of rules (tick to enable / untick to disable), an editor for the selected rule
with every field checked by core.alerts `validate()` and its message shown right under the field, new and delete,
and "try on a past session": the rule as edited, replayed over a cached session's polls off the UI thread (the
alert service's `try_rules`), listing when it would have fired and cleared once the result arrives.

The editor is built from the rule's own fields (dataclasses), so every kind of rule (threshold, below the norm,
product below the norm, abnormal change, no data) is edited the same way. Saving goes through the alert service,
which stores the rules and applies them to the live evaluation at once.
"""

from __future__ import annotations

import dataclasses
import time
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.alerts import (
    WATCHABLE_METRIC_NAMES,
    ChangeDirection,
    ChangeRule,
    Direction,
    NoDataRule,
    NormRule,
    NormSource,
    ProductNormRule,
    Rule,
    Severity,
    ThresholdRule,
    metric_label,
    validate,
)
from dyconsole.services.alerts.service import AlertService
from dyconsole.ui.alerts.counter_picker import CounterPicker
from dyconsole.ui.common.screen_fit import fit_to_screen
from dyconsole.ui.common.i18n import count_text

RULE_KINDS: tuple[type, ...] = (ThresholdRule, NormRule, ProductNormRule, ChangeRule, NoDataRule)
_ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("threshold", "direction"): Direction, ("change", "direction"): ChangeDirection,
}
_COMMON_ENUMS: dict[str, type[Enum]] = {"severity": Severity, "norm_source": NormSource}
_OPTIONAL = {"recovery", "recovery_margin"}
_COUNTERS = {"numerator", "denominator"}


def _number_text(value: Any) -> str:
    return "" if value is None else f"{value:g}"


class RuleEditor(QWidget):
    """Edits one rule; `read()` returns the edited rule when every field is valid, else None (messages shown)."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.rule: Rule | None = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    # --- words ----------------------------------------------------------------------------------------------
    def field_label(self, name: str) -> str:
        labels = {
            "id": self.tr("Rule id"), "name": self.tr("Name"), "metric": self.tr("Metric"),
            "direction": self.tr("Alarm when"), "threshold": self.tr("Level"), "recovery": self.tr("Recovery level"),
            "severity": self.tr("Severity"), "pending_s": self.tr("Must hold for (s)"),
            "cooldown_s": self.tr("Quiet after clearing (s)"), "enabled": self.tr("Enabled"),
            "norm_source": self.tr("Norm"), "margin": self.tr("Below this share of the norm"),
            "recovery_margin": self.tr("Clears at this share of the norm"), "window_s": self.tr("Window (s)"),
            "min_impressions": self.tr("Minimum impressions"), "min_evidence": self.tr("Evidence needed"),
            "numerator": self.tr("Numerator counters"), "denominator": self.tr("Denominator counters"),
            "recent_s": self.tr("Recent window (s)"), "baseline_s": self.tr("Compared with the previous (s)"),
            "min_events": self.tr("Minimum events"), "min_relative_change": self.tr("Minimum change (share)"),
            "max_age_s": self.tr("Data older than (s)"), "when_down": self.tr("Also when the source is down"),
        }
        return labels.get(name, name)

    def choice_label(self, value: Enum) -> str:
        labels = {
            Direction.BELOW: self.tr("below the level"), Direction.ABOVE: self.tr("above the level"),
            ChangeDirection.DOWN: self.tr("it drops"), ChangeDirection.UP: self.tr("it rises"),
            ChangeDirection.BOTH: self.tr("it drops or rises"),
            Severity.INFO: self.tr("Info"), Severity.WARNING: self.tr("Warning"), Severity.CRITICAL: self.tr("Critical"),
            NormSource.CATEGORY: self.tr("category norm table"), NormSource.BASELINE: self.tr("this room's past sessions"),
        }
        return labels.get(value, str(value.value))

    # --- building -------------------------------------------------------------------------------------------
    def load(self, rule: Rule) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            old = item.widget()
            if old is not None:
                old.hide()  # gone from the picture now, deleted when the loop gets to it
                old.setParent(None)
                old.deleteLater()
        self.rule = rule
        self.widgets, self.errors = {}, {}
        row = 0
        for f in dataclasses.fields(rule):
            widget = self._widget_for(rule, f.name, getattr(rule, f.name))
            label = QLabel(self.field_label(f.name))
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(widget, row, 1)
            self.grid.addWidget(error, row + 1, 1)
            self.widgets[f.name], self.errors[f.name] = widget, error
            row += 2
        self.grid.setRowStretch(row, 1)

    def _widget_for(self, rule: Rule, name: str, value: Any) -> QWidget:
        enum = _ENUMS.get((rule.kind, name)) or _COMMON_ENUMS.get(name)
        if enum is not None:
            box = QComboBox()
            for member in enum:
                box.addItem(self.choice_label(member), member.value)
            box.setCurrentIndex(max(0, box.findData(getattr(value, "value", value))))
            return box
        if name == "metric" and rule.kind in ("threshold", "norm", "change"):
            box = QComboBox()
            for metric in WATCHABLE_METRIC_NAMES:
                box.addItem(metric_label(metric, self.lang), metric)
                box.setItemData(box.count() - 1, metric, Qt.ItemDataRole.ToolTipRole)  # the API name on hover
            box.setCurrentIndex(box.findData(value))
            return box
        if name in _COUNTERS:
            return CounterPicker(value, self.lang)
        if isinstance(value, bool):
            check = QCheckBox()
            check.setChecked(value)
            return check
        edit = QLineEdit()
        if isinstance(value, str):
            edit.setText(value)
        else:
            edit.setText(_number_text(value))
        if name == "id":
            edit.setReadOnly(True)
        if name in _OPTIONAL:
            edit.setPlaceholderText(self.tr("(default)"))
        return edit

    # --- reading and checking ------------------------------------------------------------------------------
    def read(self) -> Rule | None:
        """The rule as edited if valid; otherwise None, with each problem shown under its field."""
        assert self.rule is not None
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for f in dataclasses.fields(self.rule):
            widget = self.widgets[f.name]
            if isinstance(widget, QComboBox):
                enum = _ENUMS.get((self.rule.kind, f.name)) or _COMMON_ENUMS.get(f.name)
                data = widget.currentData()
                values[f.name] = enum(data) if enum is not None and data is not None else data
            elif isinstance(widget, QCheckBox):
                values[f.name] = widget.isChecked()
            elif isinstance(widget, CounterPicker):
                values[f.name] = widget.chosen()
            else:
                assert isinstance(widget, QLineEdit)
                text = widget.text().strip()
                current = getattr(self.rule, f.name)
                if isinstance(current, str):
                    values[f.name] = text
                elif text == "" and f.name in _OPTIONAL:
                    values[f.name] = None
                else:
                    try:
                        values[f.name] = float(text)
                    except ValueError:
                        problems[f.name] = self.tr("Enter a number")
                        values[f.name] = current
        rule = dataclasses.replace(self.rule, **values)
        for error in validate(rule):
            problems.setdefault(error.field, error.message_zh if self.lang.startswith("zh") else error.message_en)
        self.show_problems(problems)
        return None if problems else rule

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            text = problems.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
            widget = self.widgets[name]
            widget.setProperty("invalid", bool(text))
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class AlertRulesPanel(QWidget):
    """Rules list + editor + try on a past session, on an AlertService."""

    saved = Signal()
    tried = Signal(list)  # the events of a try, once listed (empty when it failed)

    def __init__(self, service: AlertService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._trial: int | None = None  # the token of the try in flight
        service.trial_finished.connect(self._tried)
        service.trial_failed.connect(self._try_failed)
        self.rules: list[Rule] = list(service.rules)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._select)
        self.list.itemChanged.connect(self._ticked)
        self.new_kind = QComboBox()
        for kind, text in self._kind_names():
            self.new_kind.addItem(text, kind)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.new_rule)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_rule)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Rules (tick to enable)")))
        left_layout.addWidget(self.list, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_kind, 1)
        new_row.addWidget(self.new_button)
        left_layout.addLayout(new_row)
        left_layout.addWidget(self.delete_button)

        self.editor = RuleEditor(service.lang)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.save_button = QPushButton(self.tr("Save rule"))
        self.save_button.clicked.connect(self.save_current)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        try_box = QGroupBox(self.tr("Try on a past session"))
        self.session_box = QComboBox()
        self.try_button = QPushButton(self.tr("Try"))
        self.try_button.clicked.connect(self.try_current)
        self.try_results = QListWidget()
        self.try_summary = QLabel()
        try_layout = QVBoxLayout(try_box)
        try_row = QHBoxLayout()
        try_row.addWidget(self.session_box, 1)
        try_row.addWidget(self.try_button)
        try_layout.addLayout(try_row)
        try_layout.addWidget(self.try_summary)
        try_layout.addWidget(self.try_results, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 3)
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        right_layout.addWidget(try_box, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([280, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh_sessions()
        self._fill_list(0)

    def _kind_names(self) -> list[tuple[str, str]]:
        return [("threshold", self.tr("Level (above / below)")), ("norm", self.tr("Below the norm")),
                ("product_norm", self.tr("Product below the norm")), ("change", self.tr("Abnormal change")),
                ("no_data", self.tr("No data"))]

    # --- list --------------------------------------------------------------------------------------------------
    def _fill_list(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for rule in self.rules:
            item = QListWidgetItem(rule.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.rules:
            self.list.setCurrentRow(-1)
            self.list.setCurrentRow(min(max(select, 0), len(self.rules) - 1))  # loads the editor

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.rules):
            self.editor.load(self.rules[row])
            self.status.clear()

    def _ticked(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        on = item.checkState() == Qt.CheckState.Checked
        if 0 <= row < len(self.rules) and self.rules[row].enabled != on:
            self.rules[row] = dataclasses.replace(self.rules[row], enabled=on)
            self._apply(row)

    def new_rule(self) -> None:
        kind = self.new_kind.currentData()
        cls = next(c for c in RULE_KINDS if c.kind == kind)
        taken = {r.id for r in self.rules}
        n = 1
        while f"rule.{kind}.{n}" in taken:
            n += 1
        kwargs: dict[str, Any] = {"id": f"rule.{kind}.{n}", "name": self.new_kind.currentText()}
        if cls is ThresholdRule:
            kwargs.update(metric="online", direction=Direction.BELOW, threshold=0.0)
        if cls is NormRule:
            kwargs.update(metric="interaction_rate")
        self.rules.append(cls(**kwargs))
        self._fill_list(len(self.rules) - 1)

    def delete_rule(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.rules):
            del self.rules[row]
            self._apply(row)

    # --- save and try ------------------------------------------------------------------------------------------
    def save_current(self) -> bool:
        row = self.list.currentRow()
        rule = self.editor.read()
        if rule is None or not 0 <= row < len(self.rules):
            self.status.setText(self.tr("Fix the fields marked in red."))
            return False
        self.rules[row] = rule
        return self._apply(row)

    def _apply(self, row: int) -> bool:
        try:
            self.service.set_rules(self.rules)
        except ValueError as exc:
            self.status.setText(str(exc))
            return False
        self._fill_list(row)
        self.status.setText(self.tr("Saved: the rules apply from now on."))
        self.saved.emit()
        return True

    def refresh_sessions(self) -> None:
        self.session_box.clear()
        for session_id, label in self.service.past_sessions():
            self.session_box.addItem(label, session_id)
        self.try_button.setEnabled(self._trial is None and self.session_box.count() > 0)
        if self.session_box.count() == 0:
            self.try_summary.setText(self.tr("No cached session to try on yet."))

    def try_current(self) -> bool:
        """Start replaying the rule as edited (enabled) over the chosen session, off the UI thread; when it comes
        back, list when it fired and cleared (`tried`). False when nothing was started (the panel says why)."""
        rule = self.editor.read()
        session_id = self.session_box.currentData()
        self.try_results.clear()
        if rule is None:  # the editor now shows what is wrong; say so where the operator is looking
            self.try_summary.setText(self.tr("Fix the fields marked in red."))
            return False
        if session_id is None:
            return False
        self._trial = self.service.try_rules(session_id, [dataclasses.replace(rule, enabled=True)])
        self.try_button.setEnabled(False)
        self.try_summary.setText(self.tr("Trying the rule on this session…"))
        return True

    def _tried(self, token: int, events: list[Any]) -> None:
        if token != self._trial:
            return
        self._trial_over()
        zh = self.service.lang.startswith("zh")
        for e in events:
            at = time.strftime("%H:%M:%S", time.localtime(e.ts))
            what = self.tr("fired") if e.kind == "fired" else self.tr("cleared")
            item = QListWidgetItem(f"{at}  {what}  {e.message_zh if zh else e.message_en}")
            item.setData(Qt.ItemDataRole.UserRole, e.ts)
            self.try_results.addItem(item)
        fired = sum(1 for e in events if e.kind == "fired")
        self.try_summary.setText(count_text(fired, self.tr("Would have fired once in this session."),
                                               self.tr("Would have fired %n times in this session.")))
        self.tried.emit(list(events))

    def _try_failed(self, token: int, message: str) -> None:
        if token != self._trial:
            return
        self._trial_over()
        self.try_summary.setText(message)  # a storage problem is shown, not raised into Qt
        self.tried.emit([])

    def _trial_over(self) -> None:
        self._trial = None
        self.try_button.setEnabled(self.session_box.count() > 0)  # a try in flight kept it off


class AlertRulesDialog(QDialog):
    def __init__(self, service: AlertService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alert rules"))
        self.panel = AlertRulesPanel(service)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(960, 720)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)
