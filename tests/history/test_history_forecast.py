"""The plan of the next broadcasts, reached from the main window: Sessions menu → History… → the Forecast tab
shows the GMV of each of the 7 days after the range, with its weekday and 80% interval, as core.forecast.planning
gives it from the range's broadcast days (summed here from storage on their own); too few broadcast days is said
in the tab; the range report opened from the view carries the same forecast."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from tests.history.test_history_window import _history
from tests.support.review_support import record_demo_session

from dyconsole.core import glossary
from dyconsole.core.derived import GMV
from dyconsole.core.forecast.planning import MIN_DAYS, plan_forecast
from dyconsole.core.history.ranges import day_bounds
from dyconsole.storage.db import open_db
from dyconsole.storage.session_figures import load_range
from dyconsole.ui.sessions_menu import SessionsAttachment

DAYS = 12  # one broadcast a day for the last 12 days


@pytest.fixture(scope="module")
def daily_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("daily") / "sessions.sqlite3"
    today = date.today()
    for k in range(1, DAYS + 1):
        start = datetime.combine(today - timedelta(days=k), time(20)).timestamp()
        record_demo_session(path, seed=40 + k, minutes=8, start=start, title=f"日播{k}")
    return path


def _ui(window, path: Path):  # type: ignore[no-untyped-def]
    return SessionsAttachment(window, path, "en")


def _days_gmv(path: Path, first: date, last: date) -> list[tuple[date, float]]:
    db = open_db(path)
    try:
        sessions = load_range(db, *day_bounds(first, last))
    finally:
        db.close()
    by_day: dict[date, float] = {}
    for s in sessions:
        gmv = s.figures.get(GMV)
        if gmv:
            by_day[s.day] = by_day.get(s.day, 0.0) + gmv
    return sorted(by_day.items())


def test_forecast_tab_and_range_report(main_window, daily_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    ui = _ui(main_window, daily_db)
    try:
        view = _history(main_window)
        tab = next(i for i in range(view.tabs.count()) if view.tabs.tabText(i) == "Forecast")
        view.tabs.setCurrentIndex(tab)
        q = view.current_query()
        history = _days_gmv(daily_db, q.first, q.last)
        assert len(history) >= MIN_DAYS
        expected = plan_forecast(history, [q.last + timedelta(days=k) for k in range(1, 8)])
        table = view.plan.table
        assert table.rowCount() == 7
        key = "planned_gmv_forecast"
        for r, f in enumerate(expected):
            assert table.item(r, 0).text() == f.day.isoformat()
            assert table.item(r, 1).text() == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[f.day.weekday()]
            assert table.item(r, 2).text() == glossary.fmt(key, f.value, "en")
            assert table.item(r, 3).text() == f"{glossary.fmt(key, f.low, 'en')} ~ {glossary.fmt(key, f.high, 'en')}"
        assert f"{len(history)} broadcast days with sales" in view.plan.note.text()
        assert table.horizontalHeaderItem(2).text() == glossary.label(key, "en")

        with qtbot.waitSignal(ui.launcher.reports.opened) as opened:
            view.report_button.click()
        dialog = opened.args[0]
        assert dialog.sections["forecast"].isChecked()
        (plan,) = dialog.report().tables["forecast"]
        assert [row[2] for row in plan.rows] == pytest.approx([f.value for f in expected])
        assert [row[3] for row in plan.rows] == pytest.approx([f.low for f in expected])
    finally:
        ui.close_all()


def test_too_few_broadcast_days_is_said(main_window, history_db) -> None:  # type: ignore[no-untyped-def]
    ui = _ui(main_window, history_db.path)
    try:
        view = _history(main_window)
        assert view.plan.table.rowCount() == 0
        assert "Too few broadcast days" in view.plan.note.text() and f"needs {MIN_DAYS}" in view.plan.note.text()
    finally:
        ui.close_all()


def test_room_curves_are_the_rooms_ended_sessions_most_recent_first(history_db) -> None:  # type: ignore[no-untyped-def]
    from tests.support.history_sessions import ROOM

    from dyconsole.storage.forecast_curves import room_curves

    mine = sorted((s for s, room in zip(history_db.sessions, history_db.rooms) if room == ROOM),
                  key=lambda s: -s.start)
    db = open_db(history_db.path)
    try:
        figures = {s.id: s.figures.get(GMV) for s in load_range(db, 0, 4e9)}
        curves = room_curves(db, ROOM, 4e9)
        assert [c.gmv[-1] for c in curves] == pytest.approx([figures[s.session_id] for s in mine])
        assert all(c.minutes == pytest.approx((s.end - s.start) / 60, abs=1) for c, s in zip(curves, mine))
        assert len(room_curves(db, ROOM, mine[0].start)) == len(mine) - 1  # only what started before
        assert len(room_curves(db, ROOM, 4e9, skip=mine[0].session_id)) == len(mine) - 1
        assert room_curves(db, "no-such-room", 4e9) == []
    finally:
        db.close()
