"""The review window's "Delivery" tab (its `add_review_tab` seam): the delivery panel from the session's last
ENTER/PAY city breakdowns and the shop's deliveries the loader read with it. Imports no main window (the review
imports this module)."""

from __future__ import annotations

from typing import Any, Callable, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from dyconsole.core.delivery import last_city_values, region_rows
from dyconsole.core.review.session import RecordedSession
from dyconsole.ui.delivery.panel import DeliveryPanel

TAB_KEY = "delivery"
TAB = QT_TRANSLATE_NOOP("DeliveryAttachment", "Delivery")


def delivery_tr(text: str) -> str:
    return QCoreApplication.translate("DeliveryAttachment", text)


class HasReviewTabs(Protocol):
    """The review window's seam (ui.review.window.ReviewWindow)."""

    def add_review_tab(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
                       scroll: bool = False) -> Any: ...


def attach_delivery_review(window: HasReviewTabs, session: RecordedSession, lang: str) -> DeliveryPanel:
    panel = DeliveryPanel(lang)
    panel.show_rows(region_rows(session.shipments, last_city_values(session.audience, "ENTER"),
                                last_city_values(session.audience, "PAY")))
    window.add_review_tab(TAB_KEY, panel, delivery_tr(TAB), scroll=True)
    return panel
