"""The live forecast tiles: the broadcast's end GMV beside the GMV tile and its end paid orders beside the paid
orders tile (the window's `add_tile` seam), each labelled a forecast (预测) by its glossary name, its 80% interval
under the figure, and on hover what it stands on (how many past sessions, at which minute) or why there is none."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dyconsole.core import glossary
from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import MIN_SESSIONS
from dyconsole.services.forecast.live import LiveForecast
from dyconsole.ui.live.kpi_tiles import KpiTile
from dyconsole.ui.main_window import MainWindow

# (tile id = glossary key, the field forecast, the built-in tile it sits beside)
FORECAST_TILES: tuple[tuple[str, str, str], ...] = (("gmv_forecast", GMV, "gmv"),
                                                    ("orders_forecast", PAID_ORDERS, "paid_orders"))


def figure_text(key: str, value: float | None, lang: str) -> str:
    """A forecast figure as its tile shows it (orders in whole orders)."""
    whole = value is not None and glossary.unit(key) == "count"
    return glossary.fmt(key, round(value) if whole else value, lang)  # type: ignore[arg-type]


def tile_texts(forecast: LiveForecast, key: str, field: str, lang: str) -> tuple[str, str, str]:
    """(figure, the line under it: the 80% interval, or why there is no forecast yet; tooltip) of a forecast
    tile."""
    translate = QCoreApplication.translate
    f = forecast.figure(field)
    span = ""
    if f is None or f.value is None:
        value = "—"  # and, under it, why (a bare dash read as broken)
        if forecast.problem:
            basis = translate("ForecastTile", "No forecast: the room's past sessions could not be read (%1)")
            basis = basis.replace("%1", forecast.problem)
            why = translate("ForecastTile", "Past sessions unreadable")
        elif f is None:
            basis = translate("ForecastTile", "The forecast starts with the first poll.")
            why = ""
        else:
            basis = translate("ForecastTile", "No forecast yet: it needs %1 past sessions of this room (it has %2).")
            basis = basis.replace("%1", str(MIN_SESSIONS)).replace("%2", str(f.sessions))
            why = translate("ForecastTile", "Needs %1 past sessions").replace("%1", str(MIN_SESSIONS))
    else:
        value = figure_text(key, f.value, lang)
        span = f"{figure_text(key, f.low, lang)}~{figure_text(key, f.high, lang)}"
        basis = translate("ForecastTile", "At minute %1, from this room's %2 past sessions (the share of their end "
                                          "reached by this minute, and their usual level) and this broadcast so far.")
        basis = basis.replace("%1", str(f.minute)).replace("%2", str(f.sessions))
        why = span
    what = translate("ForecastTile", "Forecast of the broadcast's end; 80% interval: %1").replace("%1", span or "—")
    every = translate("ForecastTile", "Updated every minute.")
    return value, why, f"{what}\n{basis}\n{every}"


def attach_forecast_tiles(window: MainWindow, forecast: LiveForecast, lang: str) -> list[KpiTile]:
    tiles = []
    for key, field, beside in FORECAST_TILES:
        def refresh(tile: KpiTile, key: str = key, field: str = field) -> None:
            value, span, tip = tile_texts(forecast, key, field, lang)
            tile.show_value(value, span)
            tile.setToolTip(tip)

        tiles.append(window.add_tile(key, glossary.label(key, lang), beside, refresh))
    return tiles
