"""The audience panel: who enters (or pays) by gender, age and city, as shares with bars.

It shows the latest `today_live/room/user/get/` samples it is given (core.model.AudienceSample, keyed by
(action_event, dimension)); the operator switches between viewers entering (ENTER) and buyers (PAY). Event,
dimension and group names are core.glossary's.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from dyconsole.core.glossary import audience_label
from dyconsole.core.model import AudienceSample
from dyconsole.core.numfmt import fmt_pct
from dyconsole.ui.common.theme import TEXT_DIM, series_colour

TOP_CITIES = 8


def ranked_shares(values: Mapping[str, float], keep_order: bool = False, top: int | None = None) -> list[tuple[str, float]]:
    """(label, share of the total) pairs, largest first unless `keep_order`; at most `top` rows."""
    total = sum(v for v in values.values() if v is not None and v > 0)
    if total <= 0:
        return []
    pairs = [(k, max(0.0, float(v)) / total) for k, v in values.items() if v is not None]
    if not keep_order:
        pairs.sort(key=lambda kv: -kv[1])
    return pairs[:top] if top is not None else pairs


class ShareBars(QGroupBox):
    """A titled list of label / bar / percentage rows (fixed number of rows, reused on every refresh)."""

    def __init__(self, title: str, rows: int, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        grid = QGridLayout(self)
        grid.setVerticalSpacing(3)
        self.labels: list[QLabel] = []
        self.bars: list[QProgressBar] = []
        self.values: list[QLabel] = []
        for r in range(rows):
            label, bar, value = QLabel(), QProgressBar(), QLabel()
            bar.setRange(0, 1000)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setStyleSheet(
                "QProgressBar { border: none; background: rgba(255,255,255,18); border-radius: 2px; }"
                f" QProgressBar::chunk {{ background: {colour}; border-radius: 2px; }}"
            )
            grid.addWidget(label, r, 0)
            grid.addWidget(bar, r, 1)
            grid.addWidget(value, r, 2)
            self.labels.append(label)
            self.bars.append(bar)
            self.values.append(value)
        grid.setColumnStretch(1, 1)
        self.show_rows([], "zh")

    def show_rows(self, rows: Sequence[tuple[str, float]], lang: str) -> None:
        for i, (label, bar, value) in enumerate(zip(self.labels, self.bars, self.values)):
            present = i < len(rows)
            for w in (label, bar, value):
                w.setVisible(present)
            if present:
                name, share = rows[i]
                label.setText(name)
                bar.setValue(int(round(share * 1000)))
                value.setText(fmt_pct(share, lang))


class AudiencePanel(QWidget):
    """Gender, age and top cities of viewers entering or of buyers."""

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.title = QLabel(self.tr("Audience"))
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.event_box = QComboBox()
        for event in ("ENTER", "PAY"):
            self.event_box.addItem(audience_label(event, lang), event)
        self.event_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.empty = QLabel(self.tr("Waiting for audience data…"))
        self.empty.setStyleSheet(f"color: {TEXT_DIM};")
        self.gender = ShareBars(audience_label("GENDER", lang), 3, series_colour(3))
        self.age = ShareBars(audience_label("AGE", lang), 5, series_colour(4))
        self.city = ShareBars(self.tr("Top cities"), TOP_CITIES, series_colour(5))
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.event_box)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.empty)
        layout.addWidget(self.gender)
        layout.addWidget(self.age)
        layout.addWidget(self.city)
        layout.addStretch(1)
        self._samples: Mapping[tuple[str, str], AudienceSample] = {}

    @property
    def action_event(self) -> str:
        return str(self.event_box.currentData())

    def show_audience(self, samples: Mapping[tuple[str, str], AudienceSample]) -> None:
        self._samples = samples
        self.refresh()

    def _label(self, raw: str) -> str:
        return audience_label(raw, self.lang)

    def refresh(self) -> None:
        event = self.action_event
        found = False
        for dim, box, keep_order, top in (
            ("GENDER", self.gender, True, None),
            ("AGE", self.age, True, None),
            ("CITY", self.city, False, TOP_CITIES),
        ):
            sample = self._samples.get((event, dim))
            rows = ranked_shares(sample.values, keep_order, top) if sample is not None else []
            found = found or bool(rows)
            box.show_rows([(self._label(k), v) for k, v in rows], self.lang)
        self.empty.setVisible(not found)
