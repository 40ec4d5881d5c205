"""Layout pieces the live window and the review window share: a side panel that scrolls, the charts beside the
side tabs in a splitter, and the central column (heading/tiles above the splitter)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget


def scrolled(panel: QWidget) -> QScrollArea:
    """A tall panel scrolls (vertically only) rather than forcing the window taller."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(panel)
    return scroll


def beside(main: QWidget, side: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """`main` (the charts) and `side` (the tabs) side by side, 3:1 as the window grows."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(main)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(sizes))
    return splitter


def column(widgets: Sequence[QWidget], bottom_margin: int = 6) -> QWidget:
    """The widgets stacked; the last one takes the spare height."""
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(6, 6, 6, bottom_margin)
    layout.setSpacing(6)
    for w in widgets[:-1]:
        layout.addWidget(w)
    layout.addWidget(widgets[-1], 1)
    return central
