"""The review's Run of show tab (the review window's `add_review_tab` seam): the session's segments (the same table
as live, best and worst highlighted) and conversion against stay: paid orders per 1000 viewer-minutes in the thirds
of the broadcast with the lowest, middle and highest share past 3 minutes (90% ranges), and the buying lift of a
viewer past 3 minutes, labelled an estimate and an association."""

from __future__ import annotations

import math
from typing import Any, Callable, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from dyconsole.core import glossary
from dyconsole.core.derived import ENTRIES, PAID_ORDERS
from dyconsole.core.dwell import StayBand, StayLift, stay_relationship
from dyconsole.core.review.session import RecordedSession
from dyconsole.core.run_of_show import session_segments
from dyconsole.ui.common.theme import TEXT_DIM
from dyconsole.ui.dwell.segments_table import SegmentsTable

TAB_KEY = "run_of_show"
BAND_WORDS = {"low": QT_TRANSLATE_NOOP("RunOfShow", "Lowest third"),
              "mid": QT_TRANSLATE_NOOP("RunOfShow", "Middle third"),
              "high": QT_TRANSLATE_NOOP("RunOfShow", "Highest third")}


def _t(text: str) -> str:
    return QCoreApplication.translate("RunOfShow", text)


class HasReviewTabs(Protocol):
    def add_review_tab(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
                       scroll: bool = False) -> Any: ...

    def widen_side_panel(self, width: int) -> None: ...


def lift_text(lift: StayLift | None, lang: str) -> str:
    if lift is None:
        return QCoreApplication.translate(
            "RunOfShow", "Too little of the broadcast to relate conversion to stay (30 minutes or more are needed).")
    if math.isnan(lift.lift) and lift.reason == "steep":
        return QCoreApplication.translate(
            "RunOfShow", "Conversion rose with the share past 3 minutes, too steeply for this broadcast to say how many "
                         "times more a viewer past 3 minutes buys (the fitted line leaves newcomers buying nothing).")
    if math.isnan(lift.lift) and lift.reason == "falls":
        return QCoreApplication.translate(
            "RunOfShow", "Conversion fell as the share past 3 minutes rose, too steeply for this broadcast to say how "
                         "many times as much a viewer past 3 minutes buys (the fitted line leaves them buying nothing).")
    if math.isnan(lift.lift):
        return QCoreApplication.translate(
            "RunOfShow", "This broadcast does not show how conversion goes with stay: the share past 3 minutes "
                         "varied too little, or there were too few orders.")
    value = glossary.fmt("stay_lift", lift.lift, lang)
    span = ("—" if math.isnan(lift.low) else
            f"{glossary.fmt('stay_lift', lift.low, lang)}~{glossary.fmt('stay_lift', lift.high, lang)}")
    return (f"{glossary.label('stay_lift', lang)}: {value} ({glossary.label('stay_lift_range', lang)}: {span}). "
            + QCoreApplication.translate(
                "RunOfShow", "An association over this broadcast (5-minute stretches), not a controlled test."))


class RunOfShowReview(QWidget):
    def __init__(self, session: RecordedSession, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.segments = session_segments(session)
        self.table = SegmentsTable(lang)
        self.table.show_segments(self.segments, session.start)
        ts = session.series[ENTRIES].ts.tolist()
        col = {n: [None if v != v else v for v in session.series[n].values.tolist()]
               for n in ("online", "long_stay_share", PAID_ORDERS)}
        self.bands, self.lift = stay_relationship(ts, col["online"], col["long_stay_share"], col[PAID_ORDERS])
        self.bands_table = QTableWidget(len(self.bands), 4)
        self.bands_table.setHorizontalHeaderLabels([
            QCoreApplication.translate("RunOfShow", "Stretches by share past 3 min"),
            glossary.label("long_stay_share", lang),
            glossary.label("orders_per_k_viewer_min", lang), QCoreApplication.translate("RunOfShow", "90% range")])
        self.bands_table.verticalHeader().setVisible(False)
        self.bands_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bands_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for r, band in enumerate(self.bands):
            self._band_row(r, band)
        rows = self.bands_table.verticalHeader().defaultSectionSize() * max(1, len(self.bands))
        self.bands_table.setFixedHeight(rows + self.bands_table.horizontalHeader().sizeHint().height() + 24)
        self.note = QLabel(lift_text(self.lift, lang))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {TEXT_DIM};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel(QCoreApplication.translate("RunOfShow", "Conversion against stay")))
        layout.addWidget(self.bands_table)
        layout.addWidget(self.note)

    def _band_row(self, r: int, band: StayBand) -> None:
        f = glossary.fmt
        texts = [_t(BAND_WORDS[band.band]),
                 f"{f('long_stay_share', band.share_low, self.lang)}~"
                 f"{f('long_stay_share', band.share_high, self.lang)}",
                 f"{band.rate:.2f}", f"{band.rate_low:.2f}~{band.rate_high:.2f}"]
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.bands_table.setItem(r, c, item)

    def title(self) -> str:
        return QCoreApplication.translate("RunOfShow", "Run of show")


#: how wide the tabs' pane gets when the tab is first shown (the segments' figures fit at ~640 px)
PANEL_WIDTH = 640


def attach_run_of_show_review(window: HasReviewTabs, session: RecordedSession, lang: str) -> RunOfShowReview:
    """The tab; the first time it is shown it asks for a wider pane (the operator may narrow it again)."""
    panel = RunOfShowReview(session, lang)
    shown: list[bool] = []

    def first_shown() -> None:
        if not shown:
            shown.append(True)
            window.widen_side_panel(PANEL_WIDTH)

    window.add_review_tab(TAB_KEY, panel, panel.title(), first_shown)
    return panel
