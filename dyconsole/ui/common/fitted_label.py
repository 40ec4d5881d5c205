"""A one-line label that never overflows its room: its whole text when it fits, else without a trailing
parenthetical ("Avg stay (estimate)" -> "Avg stay": the est. badge says so; "Live ROI (GMV/cost)" -> "Live ROI"),
else elided with "…". The whole text is always its tooltip. Used where a narrow screen (1366x768) would clip a
label mid-word: the KPI tiles' titles, the status strip's session."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: a trailing "(...)" or "（...）", with the blank before it
PARENTHETICAL = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def fitted_text(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` as it fits in `width` pixels (see the module doc)."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text
    short = PARENTHETICAL.sub("", text)
    if short and short != text and metrics.horizontalAdvance(short) <= width:
        return short
    return metrics.elidedText(short or text, Qt.TextElideMode.ElideRight, width)


class FittedLabel(QLabel):
    """A QLabel showing fitted_text of its full text (`full_text()`), refitted on every resize."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API: the text to fit
        self.set_full_text(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API: asks for room for the whole text
        hint = super().sizeHint()
        margins = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2,
                     hint.height())

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def _fit(self) -> None:
        shown = fitted_text(self._full, self.fontMetrics(), self.contentsRect().width())
        if shown != self.text():
            super().setText(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API (font changes)
        super().changeEvent(event)
        if event.type() in REFIT_ON:  # not on the tooltip, palette, parent ... changes (hundreds while a window builds)
            self._fit()


#: the changes that move the room the text has or the width it takes (a resize refits in resizeEvent)
REFIT_ON = frozenset({QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange})
