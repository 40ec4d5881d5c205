"""The alerts' marks on the live charts: a red dashed line on every panel at the time an alert fired (its rule's
name on the top panel), shaded from then until it resolved. Drawn through the main window's time-marker seam."""

from __future__ import annotations

from typing import Protocol

from dyconsole.core.marker_labels import ALERT_PRIORITY, EVENT_PRIORITY
from dyconsole.services.alerts.service import AlertRecord
from dyconsole.ui.common.theme import ALERT_RED
from dyconsole.ui.live.charts import TimeMarker


class TimeMarkerSeam(Protocol):
    """What the markers need of the window (ui.main_window.MainWindow has it)."""

    def add_time_marker(self, ts: float, colour: str, label: str | None = None,
                        priority: int = EVENT_PRIORITY) -> TimeMarker: ...

    def add_time_region(self, t0: float, t1: float, colour: str) -> TimeMarker: ...


class AlertMarkers:
    """The markers of the alerts fired so far: per alert id, its line and (once resolved) its shaded region, each
    a TimeMarker (read as its items, one per chart panel, while it is near the time shown)."""

    def __init__(self, window: TimeMarkerSeam) -> None:
        self._window = window
        self.lines: dict[int, TimeMarker] = {}
        self.regions: dict[int, TimeMarker] = {}

    def add(self, record: AlertRecord) -> None:
        self.lines[record.id] = self._window.add_time_marker(record.fired_at, ALERT_RED, record.event.rule_name,
                                                             priority=ALERT_PRIORITY)

    def resolve(self, record: AlertRecord) -> None:
        if record.resolved_at is None or record.id in self.regions:
            return
        self.regions[record.id] = self._window.add_time_region(record.fired_at, record.resolved_at, ALERT_RED)
