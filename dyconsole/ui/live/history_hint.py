"""The hint over the live charts while the room's history is loading (the demo room opens some minutes into its
broadcast and polls that history before the window's clocks start): the operator sees why the tiles and charts are
still empty, never a room that looks dead without a reason. A label laid over the charts, centred, letting the
mouse through; it follows the charts' size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from dyconsole.ui.common.theme import TEXT_DIM


class HistoryHint(QLabel):
    """A centred hint laid over `over` (hidden until `show_text`)."""

    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self.setObjectName("historyHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(f"color: {TEXT_DIM}; font-size: 18px;")
        over.installEventFilter(self)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        over = self.parentWidget()
        if over is not None:
            self.setGeometry(0, 0, over.width(), over.height() // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False
