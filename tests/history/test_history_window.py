"""The date-range history and the report builder, reached from the main window: Sessions menu → History… (presets,
room, metric, the totals and tables, a bad range said in the view, exports) → Report… (the range report, exported
as a PDF in zh and en); the sessions browser's Report… button, right-click menu and History… button; the review
window's Report…; the main window's report on the last session; no session yet is said, nothing opens."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from tests.support.history_sessions import OTHER_ROOM, PLAN, HistoryDb
from tests.support.pdf_text import page_texts

from dyconsole.core import glossary
from dyconsole.core.history.metrics import range_metric
from dyconsole.core.history.ranges import day_bounds
from dyconsole.storage.db import open_db
from dyconsole.storage.session_figures import load_range
from dyconsole.ui.history.view import HistoryView
from dyconsole.ui.reports.subjects import RangeSubject, SessionSubject
from dyconsole.ui.sessions_menu import SessionsAttachment
from dyconsole.ui.review.window import ReviewWindow


@pytest.fixture
def sessions_ui(main_window, history_db: HistoryDb):  # type: ignore[no-untyped-def]
    ui = SessionsAttachment(main_window, history_db.path, "en")
    yield ui
    ui.close_all()


def _action(window, text: str):  # type: ignore[no-untyped-def]
    return next(a for a in window.menu_actions("sessions") if text in a.text().replace("&", ""))


def _history(window) -> HistoryView:  # type: ignore[no-untyped-def]
    _action(window, "History").trigger()
    from PySide6.QtWidgets import QApplication

    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryView) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def _expected(h: HistoryDb, ago: int, metric: str, rooms: tuple[str, ...] = ()) -> float | None:
    db = open_db(h.path)
    try:
        sessions = load_range(db, *day_bounds(h.today - timedelta(days=ago), h.today), rooms)
    finally:
        db.close()
    return range_metric(metric).total([s.figures for s in sessions])


def test_history_from_the_menu_totals_any_metric(main_window, sessions_ui, history_db: HistoryDb) -> None:  # type: ignore[no-untyped-def]
    view = _history(main_window)
    assert view.preset.currentData() == "last_30_days"
    assert len(view.sessions) == sum(1 for ago, *_ in PLAN if ago <= 29)
    view.preset.setCurrentIndex(view.preset.findData("last_7_days"))
    assert len(view.sessions) == sum(1 for ago, *_ in PLAN if ago <= 6)
    view.preset.setCurrentIndex(view.preset.findData("last_30_days"))
    view.set_metric("conversion_rate")
    shown = view.strip.values["conversion_rate"].text()
    assert shown == glossary.fmt("conversion_rate", _expected(history_db, 29, "conversion_rate"), "en")
    assert view.strip.values["live_pay_order_gmv_alias"].text() == glossary.fmt(
        "live_pay_order_gmv_alias", _expected(history_db, 29, "gmv"), "en")
    assert view.table.rowCount() == len(view.sessions)
    assert view.per_session.ys == [s.value(range_metric("conversion_rate")) for s in view.sessions
                                   if s.value(range_metric("conversion_rate")) is not None]
    # best first, worst after, by the metric shown
    ranked = sorted((s.value(range_metric("conversion_rate")), s.id) for s in view.sessions)
    assert view.best.item(0, 0).text() == "best" and view.best.item(0, 2).text() == next(
        s.title for s in view.sessions if s.id == ranked[-1][1])
    # one room
    view.room_box.setCurrentIndex(view.room_box.findData(OTHER_ROOM))
    assert {s.room_id for s in view.sessions} == {OTHER_ROOM}
    assert view.strip.values["session_count"].text() == "1"
    # weekday x hour: a cell for each start hour, the sessions counted
    view.room_box.setCurrentIndex(0)
    counts = [int(view.heat.item(d, c).text().rsplit("(", 1)[1].rstrip(")"))
              for d in range(7) for c in range(view.heat.columnCount()) if view.heat.item(d, c).text()]
    assert sum(counts) == len(view.sessions) and view.heat_hours == sorted({h for ago, h, *_ in PLAN if ago <= 29})
    # the per-day trend: one bar a broadcast day, the day's GMV, adding up to the range's
    view.set_metric("live_pay_order_gmv_alias")
    assert len(view.per_day.ys) == len({s.day for s in view.sessions})  # the days without a session: no bar
    assert sum(view.per_day.ys) == pytest.approx(_expected(history_db, 29, "gmv"))


def test_a_reversed_range_is_said_in_the_view(main_window, sessions_ui, history_db: HistoryDb) -> None:  # type: ignore[no-untyped-def]
    view = _history(main_window)
    before = list(view.sessions)
    view.set_range(history_db.today, history_db.today - timedelta(days=3))
    assert "ends before it starts" in view.message.text() and view.sessions == before
    view.set_range(history_db.today - timedelta(days=100), history_db.today - timedelta(days=90))
    assert view.sessions == [] and "No session" in view.message.text()


def test_exports_per_session_and_per_day(main_window, sessions_ui, history_db: HistoryDb,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    view = _history(main_window)
    view.preset.setCurrentIndex(view.preset.findData("last_7_days"))
    assert view.export("csv", tmp_path / "h.csv") and view.export("xlsx", tmp_path / "h.xlsx")
    with open(tmp_path / "h.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["start", "title", "room", "channel", "length_s"] and len(rows) == 1 + len(view.sessions)
    assert "live_pay_order_gmv_alias" in rows[0]
    with open(tmp_path / "h-days.csv", encoding="utf-8-sig") as f:
        days = list(csv.reader(f))
    assert len(days) == 1 + 7 and days[-1][0] == history_db.today.isoformat()
    gmv = days[0].index("live_pay_order_gmv_alias")
    assert sum(float(r[gmv]) for r in days[1:] if r[gmv]) == pytest.approx(_expected(history_db, 6, "gmv"))
    wb = load_workbook(tmp_path / "h.xlsx", read_only=True)
    assert len(wb.sheetnames) == 6  # summary, totals, per day, best and worst, sessions, forecast
    assert not view.export("csv", tmp_path / "missing" / "h.csv") and "Export failed" in view.message.text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_range_report_from_the_history_view(main_window, sessions_ui, history_db: HistoryDb,  # type: ignore[no-untyped-def]
                                            qtbot, tmp_path: Path, lang: str) -> None:
    view = _history(main_window)
    view.set_metric("gmv_per_min")
    with qtbot.waitSignal(sessions_ui.launcher.reports.opened) as opened:
        view.report_button.click()
    dialog = opened.args[0]
    assert isinstance(dialog.subject, RangeSubject) and "gmv_per_min" in dialog.chosen_metrics()
    assert dialog.report().tables["best"][0].columns[-1].key == "gmv_per_min"  # ranked by the metric shown
    assert not dialog.granularity.isVisibleTo(dialog) and set(dialog.sections) == {
        "kpis", "charts", "days", "best", "sessions", "forecast"}
    assert dialog.preview_pages.count() >= 3
    dialog.language.setCurrentIndex(dialog.language.findData(lang))
    results: list[tuple[bool, str]] = []
    job = dialog.export("pdf", tmp_path / "range.pdf", on_done=lambda ok, msg: results.append((ok, msg)))
    qtbot.waitUntil(lambda: job.done, timeout=20_000)
    assert results == [(True, "")]
    text = " ".join(page_texts((tmp_path / "range.pdf").read_bytes())).replace("\t", " ")
    for word in (("Date-range report", "Sessions", "GMV / min") if lang == "en" else ("区间数据报告", "场次明细", "每分钟成交金额")):
        assert word in text, word
    assert all(s.title in text for s in view.sessions)  # the sessions table lists every session of the range


def test_browser_report_button_context_menu_and_history(main_window, sessions_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    _action(main_window, "Browse").trigger()
    browser = sessions_ui.launcher.browser
    assert browser is not None and browser.isVisible()
    browser.close()
    main_window.sessions_action.trigger()  # the Console menu's Sessions… (Ctrl+R) opens the same browser
    assert sessions_ui.launcher.browser is browser and browser.isVisible()
    assert browser is not None and not browser.report_button.isEnabled()
    sid = browser.visible_ids()[0]
    browser.select_ids([sid])
    menu = browser.context_menu()
    report = next(a for a in menu.actions() if a.text() == browser.report_button.text())
    assert report.isEnabled()
    with qtbot.waitSignal(sessions_ui.launcher.reports.opened) as opened:
        report.trigger()
    assert isinstance(opened.args[0].subject, SessionSubject) and opened.args[0].subject.session_id == sid
    with qtbot.waitSignal(sessions_ui.launcher.reports.opened) as again:
        browser.report_button.click()
    assert again.args[0].subject.session_id == sid
    browser.history_button.click()
    assert sessions_ui.launcher.history is not None and sessions_ui.launcher.history.isVisible()


def test_review_window_report(main_window, sessions_ui, qtbot, history_db: HistoryDb) -> None:  # type: ignore[no-untyped-def]
    sessions_ui.show_sessions()
    sid = history_db.sessions[0].session_id
    with qtbot.waitSignal(sessions_ui.launcher.window_opened, timeout=10_000) as shown:
        sessions_ui.launcher.browser.open_requested.emit(sid)
    review = shown.args[0]
    assert isinstance(review, ReviewWindow)
    with qtbot.waitSignal(sessions_ui.launcher.reports.opened) as opened:
        review.report_action.trigger()
    assert opened.args[0].subject.session_id == sid and opened.args[0].parent() is review


def test_report_on_the_last_session_from_the_main_window(main_window, sessions_ui, qtbot,  # type: ignore[no-untyped-def]
                                                        history_db: HistoryDb) -> None:
    with qtbot.waitSignal(sessions_ui.launcher.reports.opened) as opened:
        _action(main_window, "Report").trigger()
    newest = max(history_db.sessions, key=lambda r: r.start)
    assert opened.args[0].subject.session_id == newest.session_id


def test_no_session_yet_is_said(main_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    open_db(tmp_path / "empty.sqlite3").close()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: said.append(text))
    ui = SessionsAttachment(main_window, tmp_path / "empty.sqlite3", "en")
    try:
        assert ui.open_report() is None and said and "No session" in said[0]
        assert ui.launcher.reports.dialogs == []
    finally:
        ui.close_all()
