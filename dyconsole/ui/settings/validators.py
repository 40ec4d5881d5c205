"""Field validation for the settings dialog: the rules, in the operator's language, and the red message under a field.

Each rule takes the field's text and returns "" when it is fine, else a short translated message. The limits
come from `dyconsole.services.settings.app_settings` (the same ones the settings file enforces on load). `ValidatedField`
wraps an editor with its error label and re-checks on every edit.
"""

from __future__ import annotations

import math
from typing import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from dyconsole.services.settings.app_settings import CHANGE_WINDOW_LIMITS, INTERVAL_LIMITS, QPS_MAX, in_range, qps_ok

Rule = Callable[[str], str]


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _fmt(value: float) -> str:
    return f"{value:g}"


def fill_in(template: str, *values: object) -> str:
    """Put values into a translated template's %1, %2... (Qt's placeholder style, so translators can reorder)."""
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", str(value))
    return template


def url_error(text: str) -> str:
    text = text.strip()
    if not text:
        return QCoreApplication.translate("Validation", "Required")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return QCoreApplication.translate("Validation", "Must be a web address starting with http:// or https://")
    return ""


def numeric_id_error(text: str, required: bool = False) -> str:
    text = text.strip()
    if not text:
        return QCoreApplication.translate("Validation", "Required") if required else ""
    if not text.isascii() or not text.isdigit():
        return QCoreApplication.translate("Validation", "Digits only (copy the ID from the platform's console)")
    return ""


def no_spaces_error(text: str) -> str:
    """For keys and secrets: free text, but a stray space from copy-paste is a classic mistake."""
    if text != text.strip() or " " in text:
        return QCoreApplication.translate("Validation", "Remove the spaces (copied by accident?)")
    return ""


def interval_rule(kind: str) -> Rule:
    low, high = INTERVAL_LIMITS[kind]

    def rule(text: str) -> str:
        value = _number(text)
        if value is None:
            return QCoreApplication.translate("Validation", "Enter a number of seconds")
        if not in_range(value, low, high):
            return fill_in(QCoreApplication.translate("Validation", "Between %1 and %2 seconds"), _fmt(low), _fmt(high))
        return ""

    return rule


def qps_error(text: str) -> str:
    value = _number(text)
    if value is None:
        return QCoreApplication.translate("Validation", "Enter a number of requests per second")
    if not qps_ok(value):
        return fill_in(QCoreApplication.translate("Validation", "Above 0 and at most %1 requests per second"),
                     _fmt(QPS_MAX))
    return ""


def change_window_error(text: str) -> str:
    low, high = CHANGE_WINDOW_LIMITS
    value = _number(text)
    if value is None or value != int(value) or not in_range(value, low, high):
        return fill_in(QCoreApplication.translate("Validation", "A whole number of minutes from %1 to %2"), low, high)
    return ""


class ValidatedField(QObject):
    """An editor plus the red message label under it; `widget` is what goes into the form."""

    changed = Signal()

    def __init__(self, editor: QLineEdit, rule: Rule, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.rule = rule
        self.widget = QWidget()
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        box = QVBoxLayout(self.widget)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self.error_label)
        editor.textChanged.connect(self._on_edit)

    @property
    def error(self) -> str:
        return self.rule(self.editor.text())

    def check(self) -> bool:
        """Show or hide the message under the field; True when the field is valid."""
        message = self.error
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        if self.editor.property("invalid") != bool(message):
            self.editor.setProperty("invalid", bool(message))
            self.editor.style().unpolish(self.editor)
            self.editor.style().polish(self.editor)
        return not message

    def _on_edit(self, _text: str) -> None:
        self.check()
        self.changed.emit()
