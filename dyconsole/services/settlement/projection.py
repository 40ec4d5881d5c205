"""The live projection of the broadcast's 7-day ROI (a poll listener, no Qt): the paid GMV and ad spend of the
latest room poll, projected with the net factor of the room's settled sessions (core.roi_projection; the prior
while the room has none). The room's history is read when the room is found (`history(room_id)`, the composition
root gives storage.settlements.room_factors on the session database)."""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from dyconsole.core.derived import AD_COST, GMV, is_gap
from dyconsole.core.feed import PollHandlers, RoomInfoChanged, RoomPolled
from dyconsole.core.roi_projection import NetFactor, Roi7Figure, net_factor, project_roi7

log = logging.getLogger(__name__)


class Roi7Projection:
    """The 7-day ROI projected from the latest poll; `figure()` whenever asked (the tile's text clock)."""

    def __init__(self, history: Callable[[str], Sequence[float]] | None = None) -> None:
        self._history = history
        self.factor: NetFactor = net_factor([])
        self._room: str | None = None
        self._gmv: float | None = None
        self._cost: float | None = None

    def poll_handlers(self) -> PollHandlers:
        return {RoomInfoChanged: self._room_found, RoomPolled: self._polled}

    def _room_found(self, event: RoomInfoChanged) -> None:
        room = event.info.room_id
        if room == self._room or self._history is None:
            return
        self._room = room
        try:
            self.factor = net_factor(self._history(room))
        except Exception as exc:  # noqa: BLE001 - an unreadable history: the prior, and say so in the log
            log.warning("the room's settled sessions could not be read (%s): projecting from the prior", exc)
            self.factor = net_factor([])

    def _polled(self, event: RoomPolled) -> None:
        sample = event.sample
        if is_gap(sample):
            return
        gmv, cost = sample.get(GMV), sample.get(AD_COST)
        if gmv is not None:
            self._gmv = gmv
        if cost is not None:
            self._cost = cost

    def figure(self) -> Roi7Figure:
        return project_roi7(self._gmv, self._cost, self.factor)
