"""The live end-of-broadcast forecast (a poll listener, no Qt): the broadcast's final GMV and paid orders with
their 80% intervals (core.forecast.live), recomputed once per broadcast minute from the latest good room poll and
the room's past sessions. The past is read when the room is found (`history(room_id, before)`; the composition
root gives storage.forecast_curves.room_curves on the session database)."""

from __future__ import annotations

import logging
from typing import Callable, Sequence

from dyconsole.core.derived import GMV, PAID_ORDERS, is_gap
from dyconsole.core.feed import PollHandlers, RoomInfoChanged, RoomPolled
from dyconsole.core.forecast.live import Curve, EndForecast, forecast_end

log = logging.getLogger(__name__)

History = Callable[[str, float], Sequence[Curve]]


class LiveForecast:
    """`figure(field)`: the latest forecast of GMV or PAID_ORDERS (None before the first poll)."""

    def __init__(self, history: History | None = None) -> None:
        self._history = history
        self.curves: list[Curve] = []
        self.problem = ""  # why the room's past could not be read ('' when it was)
        self._room: str | None = None
        self._start: float | None = None
        self._minute = -1
        self._figures: dict[str, EndForecast] = {}

    def poll_handlers(self) -> PollHandlers:
        return {RoomInfoChanged: self._room_found, RoomPolled: self._polled}

    def _room_found(self, event: RoomInfoChanged) -> None:
        info = event.info
        if info.start_time is not None and info.start_time != self._start:
            self._start, self._minute = info.start_time, -1
        if info.room_id == self._room or self._history is None:
            return
        self._room, self._minute = info.room_id, -1
        try:
            self.curves = list(self._history(info.room_id, self._start if self._start is not None else float("inf")))
            self.problem = ""
        except Exception as exc:  # noqa: BLE001 - an unreadable past: no forecast, and say why
            log.warning("the room's past sessions could not be read (%s): no forecast", exc)
            self.curves, self.problem = [], str(exc)

    def _polled(self, event: RoomPolled) -> None:
        sample = event.sample
        if is_gap(sample) or sample.get(GMV) is None:
            return
        if self._start is None:
            self._start = sample.ts
        minute = max(0, int((sample.ts - self._start) // 60))
        if minute == self._minute:
            return
        self._minute = minute
        self._figures = {field: forecast_end(field, sample.get(field), minute, self.curves)
                         for field in (GMV, PAID_ORDERS)}

    def figure(self, field: str) -> EndForecast | None:
        return self._figures.get(field)
