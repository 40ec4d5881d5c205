"""The problem banner of the live window: a full-width amber strip above the tiles with what the app must tell the
operator and that lasts (the session is not being recorded or not written, the authorization is lost). It stays
until the app clears it (`show_problem("")`); the status strip's one-second refresh never overwrites it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from dyconsole.ui.common.theme import DEGRADED, font

PROBLEM_POINT_SIZE = 13


class ProblemBanner(QFrame):
    """One lasting problem, word-wrapped across the window (hidden when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemBanner")
        self.setStyleSheet(f"QFrame#problemBanner {{ background: {DEGRADED}; border-radius: 4px; }}"
                           "QFrame#problemBanner QLabel { color: #1b1e25; background: transparent; }")
        self.text = QLabel()
        self.text.setFont(font(PROBLEM_POINT_SIZE, bold=True))
        self.text.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 14, 6)
        row.addWidget(self.text, 1)
        self.hide()

    def show_text(self, text: str) -> None:
        self.text.setText(text)
        self.text.setToolTip(text)
        self.setVisible(bool(text))
