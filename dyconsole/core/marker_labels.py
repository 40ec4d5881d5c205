"""Where the time markers' labels go on a chart: beside their line, never over another label, never cut by the plot's
edge (no Qt: the charts measure the labels and apply the answer, ui.live.time_markers).

A label sits LEFT of its line (a live marker is at the right edge) or, where that side is taken or cut by the
plot's left edge, RIGHT of it; a label that fits on neither side is hidden (its line stays, the timeline lists it
with its text). Labels are placed in the order given: the caller puts first what matters most (an alert before an
operator event before "polls skipped"; the newest first among equals)."""

from __future__ import annotations

from typing import Literal, Sequence

Side = Literal["left", "right"]

#: the labels' priorities (placed first: higher): an alert, an operator's or a feature's event, the console's own
#: note that it fell behind
ALERT_PRIORITY, EVENT_PRIORITY, NOTE_PRIORITY = 2, 1, 0


def place_labels(positions: Sequence[float], widths: Sequence[float], lo: float, hi: float,
                 gap: float = 0.0) -> list[Side | None]:
    """For each label (its line at `positions[i]`, `widths[i]` wide, both in the chart's x units), the side it is
    drawn on, or None when it fits on neither inside lo..hi without touching a label already placed (`gap` kept
    between two labels, and between a label's far end and the plot's edge)."""
    if len(positions) != len(widths):
        raise ValueError("one width per label")
    taken: list[tuple[float, float]] = []
    sides: list[Side | None] = []
    for x, w in zip(positions, widths):
        chosen: Side | None = None
        for side, a, b in (("left", x - w, x), ("right", x, x + w)):
            if not lo <= x <= hi or a < lo + gap and side == "left" or b > hi - gap and side == "right":
                continue  # its line is off the plot, or the plot's edge would cut the text
            if all(b + gap <= ta or a >= tb + gap for ta, tb in taken):
                chosen = side  # type: ignore[assignment]
                taken.append((a, b))
                break
        sides.append(chosen)
    return sides
