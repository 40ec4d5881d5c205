"""Composition-root helper: the live forecast in the console window (a poll listener on the room's past sessions
in the session database, storage.forecast_curves, and its two tiles)."""

from __future__ import annotations

from typing import Any, Sequence

from dyconsole.core.feed import PollFanOut
from dyconsole.core.forecast.live import Curve
from dyconsole.services.forecast.live import LiveForecast
from dyconsole.storage.forecast_curves import room_curves
from dyconsole.ui.forecast.live_tiles import attach_forecast_tiles
from dyconsole.ui.main_window import MainWindow


def attach_forecast(window: MainWindow, polls: PollFanOut, recorder: Any, lang: str) -> LiveForecast:
    """The live forecast and its tiles; without a recorder (no database) the tiles say there is no past."""
    db = recorder.db if recorder is not None else None

    def history(room: str, before: float) -> Sequence[Curve]:
        skip = recorder.session_id or ""
        return room_curves(db, room, before, skip)

    forecast = LiveForecast(history if db is not None else None)
    polls.add(forecast)
    attach_forecast_tiles(window, forecast, lang)
    return forecast
