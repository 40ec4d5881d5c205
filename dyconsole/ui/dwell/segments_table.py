"""The run-of-show table, shared by the live tab and the review tab: one row a segment (what it is: product being
explained, A/B variant, marked topic; when it started; minutes, entries, average stay, share past 3 minutes,
conversion with its 90% range, GMV), the best segment by GMV per minute in green, the worst in red. Column names
are glossary words; the segment's own words are the window's (Qt tr)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from dyconsole.core import glossary
from dyconsole.core.run_of_show import Segment, SegmentLabel
from dyconsole.ui.common.theme import FALL, RISE

#: the figure columns: glossary keys, shown after the segment and its start
FIGURE_KEYS: tuple[str, ...] = ("segment_length_s", "segment_entries", "avg_dwell_s", "long_stay_share",
                                "conversion_rate", "segment_gmv")
#: best is green and worst red here: a verdict, not a rise or a fall (those are red-up / green-down)
BEST, WORST = FALL, RISE


def segment_text(label: SegmentLabel) -> str:
    """What a segment is, in the window's words: 'product · A/B: variant · topic: text' (parts it has)."""
    parts = []
    if label.product:
        parts.append(label.product)
    if label.variant:
        parts.append(QCoreApplication.translate("RunOfShow", "A/B: %1").replace("%1", label.variant))
    if label.topic:
        parts.append(QCoreApplication.translate("RunOfShow", "Topic: %1").replace("%1", label.topic))
    return " · ".join(parts) if parts else QCoreApplication.translate("RunOfShow", "(no product explained)")


def mark_text(mark: str) -> str:
    if mark == "best":
        return QCoreApplication.translate("RunOfShow", "Best")
    if mark == "worst":
        return QCoreApplication.translate("RunOfShow", "Worst")
    return ""


def start_text(seg: Segment, origin: float) -> str:
    minute = max(0, int((seg.start - origin) // 60))
    return f"{minute // 60:d}:{minute % 60:02d}"


def figure_values(seg: Segment) -> dict[str, float | None]:
    return {"segment_length_s": seg.end - seg.start, "segment_entries": seg.entries, "avg_dwell_s": seg.avg_stay_s,
            "long_stay_share": seg.long_share, "conversion_rate": seg.conversion, "segment_gmv": seg.gmv}


def conversion_text(seg: Segment, lang: str) -> str:
    value = glossary.fmt("conversion_rate", seg.conversion, lang)
    span = seg.conversion_range()
    if span is None or seg.conversion is None:
        return value
    low, high = (glossary.fmt("conversion_rate", v, lang) for v in span)
    return f"{value} ({low}~{high})"


class SegmentsTable(QTableWidget):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 3 + len(FIGURE_KEYS), parent)
        self.lang = lang
        self.setHorizontalHeaderLabels([QCoreApplication.translate("RunOfShow", "Segment"),
                                        QCoreApplication.translate("RunOfShow", "Start"),
                                        *(glossary.label(k, lang) for k in FIGURE_KEYS),
                                        QCoreApplication.translate("RunOfShow", "Rank")])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def show_segments(self, segments: Sequence[Segment], origin: float) -> None:
        """The segments (in time order), times from `origin` (the broadcast's start)."""
        self.setRowCount(len(segments))
        for r, seg in enumerate(segments):
            values = figure_values(seg)
            texts = [segment_text(seg.label), start_text(seg, origin)]
            for key in FIGURE_KEYS:
                texts.append(conversion_text(seg, self.lang) if key == "conversion_rate"
                             else glossary.fmt(key, values[key], self.lang))
            texts.append(mark_text(seg.mark))
            colour = {"best": BEST, "worst": WORST}.get(seg.mark)
            for c, text in enumerate(texts):
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(r, c, item)
                item.setText(text)
                if c == 0:
                    item.setToolTip(text)
                else:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setForeground(QBrush(QColor(colour)) if colour else QBrush())

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, c).text() for c in range(self.columnCount())]
