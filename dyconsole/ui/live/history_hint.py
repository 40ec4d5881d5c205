"""The hint over the live charts while the room's history is loading (the demo room opens some minutes into its
broadcast and polls that history before the window's clocks start): the operator sees why the tiles and charts are
still empty, never a room that looks dead without a reason. A label laid over the charts, centred, letting the
mouse through; it follows the charts' size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from dyconsole.ui.common.theme import TEXT_DIM

#: the box's side padding and border (its style sheet's, and the width it takes beside its text)
PAD_X_PX, BORDER_PX = 22, 1


class HistoryHint(QLabel):
    """A centred hint laid over `over` (hidden until `show_text`)."""

    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self.setObjectName("historyHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # a box of its own: laid over the empty plots it read as if crossed out by an axis line
        self.setStyleSheet(f"color: {TEXT_DIM}; font-size: 18px; background: rgba(18, 20, 25, 230); "
                           f"border: {BORDER_PX}px solid #3a3f4b; border-radius: 6px; padding: 14px {PAD_X_PX}px;")
        over.installEventFilter(self)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        over = self.parentWidget()
        if over is not None:  # in the charts' middle, as wide as its text (wrapped on a narrow window)
            self.ensurePolished()  # the style sheet's font and padding
            natural = self.fontMetrics().horizontalAdvance(self.text()) + 2 * (PAD_X_PX + BORDER_PX) + 4
            width = min(natural, max(1, over.width() - 40))
            height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
            # its top at the middle: centred, it sat on the middle panel's title
            self.setGeometry((over.width() - width) // 2, over.height() // 2, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and not self.isHidden():  # shown, or to show with its window
            self._fit()
        return False
