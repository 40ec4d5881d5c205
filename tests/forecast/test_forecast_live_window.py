"""The live forecast in the console window, on the demo room: with four earlier broadcasts of the room in the
session database, the GMV forecast tile sits right after the GMV tile and the paid orders forecast after paid
orders, each labelled a forecast, showing the figure the room's past curves give (read back from storage) with its
80% interval, and the report on the current session (from the Sessions menu) has the same forecast at its last
sample; without a past the tiles say why there is no forecast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dyconsole.app import Console
from dyconsole.core import glossary
from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import MIN_SESSIONS, forecast_end
from dyconsole.core.forecast.report import END_FORECAST
from dyconsole.storage.db import open_db
from dyconsole.storage.forecast_curves import room_curves
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.review_support import record_demo_session

SEED = 3  # the live window tests' demo room


def _demo_room_id() -> str:
    from dyconsole.core.clock import ManualClock
    from dyconsole.emulator.demo import build_demo

    return build_demo(ManualClock(1.0), seed=SEED).state.identity.room_id


def _shown(c: Console) -> list[str]:
    tiles = c.window.tiles
    return [t for t in tiles._order if not tiles.tiles[t].isHidden()]


def test_forecast_tiles_from_the_rooms_past(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.sqlite3"
    day = 86400.0
    room = _demo_room_id()  # earlier broadcasts of the same room, each its own (another simulator seed)
    for k in range(4):
        record_demo_session(db, seed=20 + k, minutes=10, start=time.time() - (k + 1) * day, room_id=room)

    async def scenario(c: Console) -> None:
        forecast = c.parts.forecast
        await until(lambda: (f := forecast.figure(GMV)) is not None and f.value is not None
                    and forecast.figure(PAID_ORDERS) is not None)
        c.window.refresh_text(force=True)
        order = _shown(c)
        assert order[order.index("gmv") + 1] == "gmv_forecast"
        assert order[order.index("paid_orders") + 1] == "orders_forecast"
        conn = open_db(db)
        try:
            curves = room_curves(conn, room, time.time(), c.recorder.session_id or "")
        finally:
            conn.close()
        assert len(curves) == 4
        for key, field in (("gmv_forecast", GMV), ("orders_forecast", PAID_ORDERS)):
            tile = c.window.tiles.tiles[key]
            assert tile.title.text() == glossary.label(key, "en")
            f = forecast.figure(field)
            selling = len([c for c in curves if c.series(field)[-1] > 0])  # a past session without a sale has no share
            assert f.sessions == selling >= MIN_SESSIONS and f.value is not None and f.low <= f.value <= f.high
            assert f.low >= (f.so_far or 0.0)
            again = forecast_end(field, f.so_far, f.minute, curves)
            assert (again.value, again.low, again.high) == pytest.approx((f.value, f.low, f.high))
            whole = round if field == PAID_ORDERS else float  # orders are shown in whole orders
            low, value, high = (glossary.fmt(key, whole(v), "en") for v in (f.low, f.value, f.high))
            assert tile.value.text() == value and tile.change.text() == f"{low}~{high}"
            assert "80% interval" in tile.toolTip() and f"{selling} past sessions" in tile.toolTip()
        assert glossary.label("gmv_forecast", "zh").startswith("预测")
        # the report on the current session (Sessions → Report on the current or last session…): its forecast
        # section has the forecast at the last sample, labelled a forecast with its 80% interval, made the same way
        opened: list = []
        c.sessions_ui.launcher.reports.opened.connect(opened.append)
        c.sessions_ui.report_action.trigger()
        await until(lambda: len(opened) == 1)
        builder = opened[0]
        builder.language.setCurrentIndex(builder.language.findData("en"))
        report = builder.report()
        assert "Forecast of the broadcast's end" in [title for _key, title in report.section_titles()]
        for table, (key, field) in zip(report.tables[END_FORECAST], (("gmv_forecast", GMV),
                                                                     ("orders_forecast", PAID_ORDERS))):
            assert table.title == glossary.label(key, "en")
            (row,) = table.rows  # still live: one forecast, at the last sample
            minute = round(row[1] / 60)
            assert minute >= forecast.figure(field).minute and row[6] is None
            again = forecast_end(field, row[2], minute, curves)
            figures = (again.value, again.low, again.high)
            if field == PAID_ORDERS:
                figures = tuple(float(round(v)) for v in figures)
            assert row[3:6] == pytest.approx(figures) and row[4] <= row[3] <= row[5]
            assert table.caption.startswith("Still live: the forecast at the last sample.")
            assert f"{len([c for c in curves if c.series(field)[-1] > 0])} earlier sessions" in table.caption
        builder.close()

    drive(qloop, tmp_path, scenario, db=db)


def test_without_a_past_the_tiles_say_why(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        await until(lambda: c.parts.forecast.figure(GMV) is not None)
        c.window.refresh_text(force=True)
        tile = c.window.tiles.tiles["gmv_forecast"]
        assert tile.value.text() == "—" and tile.change.text() == f"Needs {MIN_SESSIONS} past sessions"  # under the dash
        assert f"needs {MIN_SESSIONS} past sessions" in tile.toolTip() and "(it has 0)" in tile.toolTip()

    drive(qloop, tmp_path, scenario)
