"""The session report's forecast of the broadcast's end (issue 13: the live forecast "in the live window, the
date-range view and reports"): the end-of-broadcast GMV and paid orders with their 80% intervals, made as the live
window makes them (core.forecast.live.forecast_end on the room's earlier sessions' curves and the session so far).

A session still running gets the forecast at its last sample. An ended one gets the forecasts that were made at a
quarter, half and three quarters of the broadcast beside what happened: the actual end, and whether it fell within
each interval. One table per figure (GMV, paid orders), each row (forecast at, elapsed, done by then, forecast,
80% low, 80% high, actual end, within; orders in whole orders as the live tile shows them); words from core.report_text and the glossary. No Qt, no I/O: the past
curves come in `ReportInputs.past` (storage.forecast_curves.room_curves, read by services.reports.inputs).
"""

from __future__ import annotations

from typing import Any, Sequence

from dyconsole.core import glossary
from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import MIN_SESSIONS, Curve, EndForecast, curve_from_samples, forecast_end
from dyconsole.core.model import RoomSample
from dyconsole.core.report_text import tr

END_FORECAST = "end_forecast"  # the section's key (its heading is core.report_text's word)
#: (the glossary key of the figure forecast, the room field)
FIGURES: tuple[tuple[str, str], ...] = (("gmv_forecast", GMV), ("orders_forecast", PAID_ORDERS))
#: the shares of an ended broadcast at which its forecasts are shown
CHECKPOINTS: tuple[float, ...] = (0.25, 0.5, 0.75)


def checkpoint_minutes(minutes: int, ended: bool) -> list[int]:
    """The elapsed minutes whose forecasts the report shows: the last one of a running broadcast; a quarter, half
    and three quarters of an ended one (whole minutes inside it, each once)."""
    if not ended:
        return [minutes]
    wanted = (round(minutes * share) for share in CHECKPOINTS)
    return list(dict.fromkeys(m for m in wanted if 0 < m < minutes))


def made_forecasts(field: str, curve: Curve, past: Sequence[Curve], ended: bool) -> list[EndForecast]:
    """The forecasts of `field` at the checkpoints, from what the session had done by each."""
    series = curve.series(field)
    return [forecast_end(field, float(series[m]), m, past) for m in checkpoint_minutes(curve.minutes, ended)]


def _columns(key: str, lang: str, column: Any) -> tuple[Any, ...]:
    unit = glossary.unit(key)
    return (column("at", tr("forecast_at", lang), "time"), column("elapsed", tr("elapsed", lang), "seconds"),
            column("so_far", tr("so_far", lang), unit), column("forecast", tr("forecast_value", lang), unit),
            column("low", glossary.label("forecast_low", lang), unit),
            column("high", glossary.label("forecast_high", lang), unit),
            column("actual", tr("actual_end", lang), unit), column("within", tr("within", lang), "text"))


def forecast_tables(room: Sequence[RoomSample], started_at: float | None, ended: bool, past: Sequence[Curve],
                    lang: str, table: Any, column: Any) -> list[Any]:
    """The section's tables (`table`/`column`: core.report_types' Table and Column): one a figure, captioned with
    what the forecast stands on, or why there is none, and for an ended broadcast how many intervals held."""
    curve = curve_from_samples(room, started_at)
    start = started_at if started_at is not None else next((s.ts for s in room), None)
    out = []
    for key, field in FIGURES:
        title = glossary.label(key, lang)
        forecasts = made_forecasts(field, curve, past, ended) if curve is not None else []
        usable = [f for f in forecasts if f.value is not None]
        if curve is None or not forecasts:
            out.append(table(f"{END_FORECAST}:{key}", title, _columns(key, lang, column), (),
                             tr("forecast_no_samples", lang)))
            continue
        if not usable:
            out.append(table(f"{END_FORECAST}:{key}", title, _columns(key, lang, column), (),
                             tr("forecast_end_too_few", lang, need=MIN_SESSIONS, have=forecasts[0].sessions)))
            continue
        actual = float(curve.series(field)[-1]) if ended else None
        rows, held = [], 0
        for f in usable:
            within = None
            if actual is not None and f.low is not None and f.high is not None:
                within = f.low <= actual <= f.high
                held += within
            figures = (f.so_far, f.value, f.low, f.high, actual)
            if glossary.unit(key) == "count":  # orders in whole orders, as the live tile shows them
                figures = tuple(None if v is None else float(round(v)) for v in figures)
            rows.append(((start or 0.0) + 60.0 * f.minute, 60.0 * f.minute, *figures,
                         "" if within is None else tr("yes" if within else "no", lang)))
        basis = tr("forecast_end_basis", lang, n=usable[0].sessions)
        caption = (f"{basis} {tr('forecast_end_held', lang, held=held, total=len(usable))}" if ended
                   else f"{tr('forecast_end_live', lang)} {basis}")
        out.append(table(f"{END_FORECAST}:{key}", title, _columns(key, lang, column), tuple(rows), caption))
    return out
