"""The surge-hint strip of the live window: amber (never the alert banner's red), the surging product's title in
large type with the advice "点击激增 → 延长讲解", how strongly the clicks rose, and a Dismiss button. It shows the
newest hint still up (with how many more wait); a hint leaves when dismissed or when the product's clicks are back
near their rate before the jump (`keep_only`). The wiring (which hints, tray, marker) is ui.products.attachment.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dyconsole.core.products.surge import SurgeHint
from dyconsole.ui.common.theme import DEGRADED, font

TITLE_POINT_SIZE = 20
SURGE_TEXT = "#1a1200"  # dark text on amber



class SurgeStrip(QFrame):
    """The full-width amber strip of product click surges (hidden when none is up)."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("surgeStrip")
        self.setStyleSheet(f"QFrame#surgeStrip {{ background: {DEGRADED}; border-radius: 4px; }}"
                           f"QFrame#surgeStrip QLabel {{ color: {SURGE_TEXT}; background: transparent; }}"
                           f"QFrame#surgeStrip QPushButton {{ background: {SURGE_TEXT}; color: {DEGRADED};"
                           " font-weight: bold; border: none; border-radius: 4px; padding: 6px 18px; }")
        self.product = QLabel()
        self.product.setFont(font(TITLE_POINT_SIZE, bold=True))
        self.advice = QLabel()
        self.advice.setFont(font(14, bold=True))
        self.detail = QLabel()
        self.detail.setFont(font(11))
        self.dismiss_button = QPushButton(QCoreApplication.translate("SurgeStrip", "Dismiss"))
        self.dismiss_button.setFont(font(13, bold=True))
        self.dismiss_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.dismiss_button.clicked.connect(self.dismiss)
        texts = QWidget()
        column = QVBoxLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(14)
        line.addWidget(self.product)
        line.addWidget(self.advice, 1)
        column.addLayout(line)
        column.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        row.addWidget(texts, 1)
        row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._hints: list[SurgeHint] = []
        self.hide()

    @property
    def shown(self) -> SurgeHint | None:
        """The hint shown now (the newest still up)."""
        return self._hints[-1] if self._hints else None

    def add(self, hint: SurgeHint) -> None:
        self._hints = [h for h in self._hints if h.product_id != hint.product_id] + [hint]
        self._refresh()

    def dismiss(self) -> None:
        if self._hints:
            self._hints.pop()
        self._refresh()

    def keep_only(self, product_ids: list[str]) -> None:
        """Take down the hints of products no longer surging."""
        kept = [h for h in self._hints if h.product_id in product_ids]
        if len(kept) != len(self._hints):
            self._hints = kept
            self._refresh()

    def _refresh(self) -> None:
        hint = self.shown
        if hint is None:
            self.hide()
            return
        self.product.setText(hint.title or hint.product_id)
        self.advice.setText(QCoreApplication.translate("SurgeStrip", "clicks surging → extend its demonstration"))
        ratio = f"×{hint.ratio:.1f}" if hint.rate_before > 0 else ""
        more = len(self._hints) - 1
        detail = QCoreApplication.translate("SurgeStrip", "Click rate %1 against its own recent rate")
        detail = detail.replace("%1", ratio).strip()
        if more:
            detail += " · " + QCoreApplication.translate("SurgeStrip", "%1 more").replace("%1", str(more))
        self.detail.setText(detail)
        self.show()
