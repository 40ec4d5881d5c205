"""The session report's forecast of the broadcast's end (issue 13, point 2, "in reports"): an ended session shows
the forecasts made at a quarter, half and three quarters of it beside what happened (the actual end, and whether it
fell within each 80% interval); a running one the forecast at its last sample, labelled so; each figure is what
core.forecast.live.forecast_end gives on the room's earlier curves and the session so far, as the live tiles do;
too few earlier sessions and no sales are said, zh and en. The section is in every report (PDF headings too)."""

from __future__ import annotations

import numpy as np
import pytest

from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import MIN_SESSIONS, Curve, forecast_end
from dyconsole.core.forecast.report import END_FORECAST, checkpoint_minutes
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.core.report_types import ReportInputs, SessionMeta

T0 = 1_800_000_000.0


def _past() -> list[Curve]:
    t = np.arange(121) / 120  # 2-hour sessions, some selling early and some late
    return [Curve(final * t ** p, final * t ** p / 100)
            for final, p in ((9000.0, 0.8), (10000.0, 1.0), (11000.0, 1.25), (12000.0, 0.9))]


def _session(final_gmv: float, minutes: int = 120, ended: bool = True) -> ReportInputs:
    room = [RoomSample(T0 + 60 * m, "r", RoomStatus.LIVING,
                       {GMV: final_gmv * m / 120, PAID_ORDERS: final_gmv * m / 12000})
            for m in range(minutes + 1)]
    meta = SessionMeta("s1", "r", "场", T0, T0 + 60 * minutes if ended else None, "ended" if ended else "live")
    return ReportInputs(meta, room, past=_past())


def _tables(inputs: ReportInputs, lang: str = "en"):  # type: ignore[no-untyped-def]
    return build_report(inputs, ReportOptions(lang=lang)).tables[END_FORECAST]


def test_an_ended_session_shows_what_was_forecast_beside_what_happened() -> None:
    assert checkpoint_minutes(120, ended=True) == [30, 60, 90] and checkpoint_minutes(47, ended=False) == [47]
    gmv, orders = _tables(_session(10_500.0))
    assert (gmv.title, orders.title) == ("GMV forecast", "Orders forecast")
    assert [c.label for c in gmv.columns] == ["Forecast at", "Elapsed", "Done by then", "Forecast",
                                              "Forecast 80% low", "Forecast 80% high", "Actual end", "Within"]
    assert [row[1] for row in gmv.rows] == [1800.0, 3600.0, 5400.0]
    for (at, elapsed, so_far, value, low, high, actual, within), minute in zip(gmv.rows, (30, 60, 90)):
        f = forecast_end(GMV, 10_500.0 * minute / 120, minute, _past())
        assert at == T0 + elapsed and so_far == pytest.approx(f.so_far)
        assert (value, low, high) == pytest.approx((f.value, f.low, f.high))
        assert low < value < high and actual == pytest.approx(10_500.0)
        assert within == ("yes" if low <= actual <= high else "no")
    assert "fell within 3 of 3 intervals" in gmv.caption and "4 earlier sessions" in gmv.caption
    far, _ = _tables(_session(30_000.0))  # a broadcast far above the room's level: its end outside early intervals
    assert far.rows[0][-1] == "no" and "fell within" in far.caption and "3 of 3" not in far.caption
    zh, _ = _tables(_session(10_500.0), "zh")
    assert zh.title == "预测成交金额" and "实际结束值落在 3/3 个区间内" in zh.caption


def test_a_running_session_gets_the_forecast_at_its_last_sample() -> None:
    gmv, orders = _tables(_session(10_000.0, minutes=45, ended=False))
    (row,) = gmv.rows
    f = forecast_end(GMV, 10_000.0 * 45 / 120, 45, _past())
    assert row[1] == 45 * 60.0 and row[3:6] == pytest.approx((f.value, f.low, f.high))
    assert row[6] is None and row[7] == ""  # no actual end yet
    assert gmv.caption.startswith("Still live: the forecast at the last sample.")
    whole = forecast_end(PAID_ORDERS, 45 * 10_000.0 / 12000, 45, _past())  # orders in whole orders, as the tile
    assert orders.rows[0][3:6] == tuple(float(round(v)) for v in (whole.value, whole.low, whole.high))


def test_no_forecast_is_said() -> None:
    few = _session(10_000.0)
    few = ReportInputs(few.meta, few.room, past=_past()[:MIN_SESSIONS - 1])
    gmv, _ = _tables(few)
    assert gmv.rows == () and gmv.caption == f"No forecast: it needs {MIN_SESSIONS} earlier sessions of this room " \
                                             f"(it has {MIN_SESSIONS - 1})."
    empty, _ = _tables(ReportInputs(SessionMeta("s2", "r", "", T0, T0 + 60, "ended"), (), past=_past()), "zh")
    assert empty.rows == () and empty.caption == "本场没有成交数据，无法预测。"


def test_the_excel_export_has_the_forecast_sheet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from dyconsole.storage.export_xlsx import xlsx_export_steps

    report = build_report(_session(10_500.0), ReportOptions(lang="en"))
    list(xlsx_export_steps(report, tmp_path / "r.xlsx"))
    sheet = load_workbook(tmp_path / "r.xlsx")["Forecast of the broadcast's end"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    gmv = report.tables[END_FORECAST][0]
    forecasts = [row[3] for row in values if row and isinstance(row[3], float)]
    assert forecasts[:3] == pytest.approx([row[3] for row in gmv.rows])  # the GMV table's forecasts, as numbers
