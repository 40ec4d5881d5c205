"""The live charts' time markers (the seam features draw through: alerts, surge hints, order changes, A/B switches,
run-of-show topics): a dashed vertical line at a broadcast time on every panel (labelled on the top one), or a
shaded span on every panel.

Only the markers near the time range shown have items in the plots. pyqtgraph walks every item of a plot on each
paint and on each change of the range, and a labelled line costs ~100 KB, so over a long broadcast the markers far
from the view would slow every redraw and pile up in memory: `TimeMarkers.show_range` (called by every redraw)
takes the items of a marker more than half a view's width outside the range out of the plots and lets them go; the
marker keeps its few figures and gets new items when the view comes back to it (a pan or the whole-broadcast
window). A feature keeps the `TimeMarker` (not its items, which may be replaced).

The labels never overlap nor run off the plot: each redraw places them (core.marker_labels: left of the line, else
right of it, else hidden; the marker's `priority` first, then the newest).
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from dyconsole.core.marker_labels import EVENT_PRIORITY, Side, place_labels
from dyconsole.ui.common.theme import background_fill

#: the labels' anchors (the text's corner at the line's point) for each side of the line
LABEL_ANCHORS: dict[Side, tuple[float, float]] = {"left": (1.0, 0.0), "right": (0.0, 0.0)}
#: pixels kept between two labels, and between a label and the plot's edge
LABEL_GAP_PX = 4.0
#: the labels' backing, so they read over the curves
LABEL_FILL = background_fill(170)

#: a marker this far outside the range shown (a fraction of its width, each side) keeps its items: a small pan
#: does not rebuild them
NEAR_FRACTION = 0.5


class TimeMarker:
    """A marker drawn on every panel: while it is near the range shown, one pyqtgraph item per panel, top panel
    first (`items`; empty while it is far from it). It reads as the sequence of its items."""

    def __init__(self, t0: float, t1: float, plots: Sequence[pg.PlotItem],
                 make: Callable[[int], pg.GraphicsObject], priority: int = EVENT_PRIORITY) -> None:
        self.t0, self.t1 = t0, t1
        self.priority = priority  # its label is placed before those of lower priority
        self.label_side: Side | None = "left"  # where its label is drawn (None: hidden, no room)
        self._plots = plots
        self._make = make  # the item for the panel at this index
        self._items: tuple[pg.GraphicsObject, ...] = ()

    @property
    def items(self) -> tuple[pg.GraphicsObject, ...]:
        return self._items

    @property
    def drawn(self) -> bool:
        return bool(self._items)

    def draw(self) -> None:
        """Items in every plot (if it has none)."""
        if not self._items:
            self._items = tuple(self._make(i) for i in range(len(self._plots)))
            self.label_side = "left"
            for item, plot in zip(self._items, self._plots):
                plot.addItem(item, ignoreBounds=True)

    def undraw(self) -> None:
        """Its items out of the plots and let go."""
        for item, plot in zip(self._items, self._plots):
            plot.removeItem(item)
        self._items = ()

    def near(self, lo: float, hi: float) -> bool:
        return self.t1 >= lo and self.t0 <= hi

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int) -> pg.GraphicsObject:
        return self._items[i]

    def __iter__(self) -> Iterator[pg.GraphicsObject]:
        return iter(self._items)


class TimeMarkers:
    """Every marker of the live charts, drawn while near the range shown."""

    def __init__(self, plots: Sequence[pg.PlotItem]) -> None:
        self._plots = list(plots)
        self.markers: list[TimeMarker] = []

    def line(self, ts: float, colour: str, label: str | None = None, width: int = 2,
             priority: int = EVENT_PRIORITY) -> TimeMarker:
        """A dashed vertical line at `ts`; `label` written on the top panel, to the LEFT of the line (a live marker
        sits at the right edge), or right of it where the left is taken; `priority`: its label is placed before
        those of lower priority."""
        pen = pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine)
        left = LABEL_ANCHORS["left"]

        def make(i: int) -> pg.GraphicsObject:
            return pg.InfiniteLine(pos=ts, angle=90, movable=False, pen=pen, label=label if i == 0 else None,
                                   labelOpts={"position": 0.9, "color": colour, "fill": LABEL_FILL,
                                              "anchors": [left, left]})

        return self._add(TimeMarker(ts, ts, self._plots, make, priority))

    def region(self, t0: float, t1: float, colour: str, alpha: int = 40) -> TimeMarker:
        """The span t0..t1 shaded (`colour` at `alpha` of 255)."""
        brush = QColor(colour)
        brush.setAlpha(alpha)
        return self._add(TimeMarker(t0, t1, self._plots,
                                    lambda _i: pg.LinearRegionItem((t0, t1), movable=False, brush=brush,
                                                                   pen=pg.mkPen(None))))

    def _add(self, marker: TimeMarker) -> TimeMarker:
        marker.draw()  # drawn at once; the next redraw lets it go if it is far from the view
        self.markers.append(marker)
        return marker

    def show_range(self, t0: float, t1: float, width_px: float) -> None:
        """Items for the markers near t0..t1, none for the others; the labels placed for the plot's `width_px` (not
        while it has none: laid out, it is redrawn)."""
        margin = (t1 - t0) * NEAR_FRACTION
        lo, hi = t0 - margin, t1 + margin
        for marker in self.markers:
            if marker.near(lo, hi):
                marker.draw()
            elif marker.drawn:
                marker.undraw()
        if width_px > 0 and t1 > t0:
            self.place_labels(t0, t1, (t1 - t0) / width_px)

    def place_labels(self, t0: float, t1: float, units_per_px: float) -> None:
        """Each drawn label beside its line where it overlaps no other label and the plot's edges cut none
        (core.marker_labels), else hidden; only the labels whose side changed are touched."""
        labelled = [m for m in self.markers if m.drawn and getattr(m[0], "label", None) is not None]
        labelled.sort(key=lambda m: (-m.priority, -m.t0))
        labels = [m[0].label for m in labelled]
        widths = [label.boundingRect().width() * units_per_px for label in labels]
        sides = place_labels([m.t0 for m in labelled], widths, t0, t1, LABEL_GAP_PX * units_per_px)
        for marker, label, side in zip(labelled, labels, sides):
            if side == marker.label_side:
                continue
            marker.label_side = side
            if side is None:
                label.setVisible(False)
                continue
            label.anchors = [LABEL_ANCHORS[side]] * 2
            label.setVisible(True)  # re-places it, shown or not (pyqtgraph's InfLineLabel.setVisible -> updatePosition)

    def drawn_count(self) -> int:
        """Markers with items in the plots now."""
        return sum(1 for m in self.markers if m.drawn)
