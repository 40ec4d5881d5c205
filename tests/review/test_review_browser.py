"""The sessions browser on recorded demo sessions: sorting by number, date-range / room / text filters, opening
and comparing, annotating (saved to the session) and deleting only after a confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from tests.support.review_support import Recorded

from dyconsole.services.review.catalog import SessionsCatalog
from dyconsole.storage.db import open_db
from dyconsole.storage.sessions import get_session
from dyconsole.ui.review.sessions_browser import COL_GMV, COL_LENGTH, COL_START, SessionsBrowser


@pytest.fixture
def browser(qtbot, review_db: Path, closing):  # type: ignore[no-untyped-def]
    b = SessionsBrowser(SessionsCatalog(review_db), "en")
    qtbot.addWidget(b)
    closing.append(b)
    return b


def _stored(path: Path, sql: str) -> dict[str, float]:
    db = open_db(path)
    try:
        return dict(db.execute(sql).fetchall())
    finally:
        db.close()


def test_columns_sort_as_numbers(browser: SessionsBrowser, review_db: Path, sessions: dict[str, Recorded]) -> None:
    assert browser.visible_ids() == [sessions[k].session_id for k in ("other", "second", "first")]  # newest first
    gmv = _stored(review_db, "SELECT session_id, max(live_pay_order_gmv_alias) FROM room_samples GROUP BY 1")
    browser.table.sortByColumn(COL_GMV, Qt.SortOrder.DescendingOrder)
    assert browser.visible_ids() == sorted(gmv, key=lambda sid: -gmv[sid])
    browser.table.sortByColumn(COL_LENGTH, Qt.SortOrder.AscendingOrder)
    assert browser.visible_ids() == [sessions[k].session_id for k in ("other", "second", "first")]  # 20, 30, 40 min
    browser.table.sortByColumn(COL_START, Qt.SortOrder.AscendingOrder)
    assert browser.visible_ids()[0] == sessions["first"].session_id


def test_filters_by_dates_room_and_text(browser: SessionsBrowser, sessions: dict[str, Recorded]) -> None:
    first, second, other = (sessions[k].session_id for k in ("first", "second", "other"))
    assert browser.date_from.date() < browser.date_to.date()
    browser.date_from.setDate(browser.date_from.date().addDays(1))  # the first broadcast's day is left out
    assert set(browser.visible_ids()) == {second, other}
    browser.date_to.setDate(browser.date_from.date())  # one day: only the second broadcast
    assert browser.visible_ids() == [second]
    browser.date_from.setDate(QDate(2000, 1, 1))
    browser.date_to.setDate(QDate(2100, 1, 1))
    browser.room_box.setCurrentIndex(browser.room_box.findData("7300000000000000002"))
    assert browser.visible_ids() == [other]
    browser.room_box.setCurrentIndex(0)  # all rooms
    browser.search.setText("年货")
    assert browser.visible_ids() == [second]
    assert "1 of 3" in browser.count_label.text()
    browser.search.setText("")
    assert len(browser.visible_ids()) == 3


def test_open_and_compare_requests(browser: SessionsBrowser, qtbot, sessions: dict[str, Recorded]) -> None:  # type: ignore[no-untyped-def]
    first, second = sessions["first"].session_id, sessions["second"].session_id
    browser.select_ids([first])
    assert browser.open_button.isEnabled() and not browser.compare_button.isEnabled()
    with qtbot.waitSignal(browser.open_requested) as opened:
        browser.open_button.click()
    assert opened.args == [first]
    browser.select_ids([second, first])
    assert browser.compare_button.isEnabled() and not browser.open_button.isEnabled()
    with qtbot.waitSignal(browser.compare_requested) as compared:
        browser.compare_button.click()
    assert compared.args == [first, second]  # the earlier broadcast is A


def test_notes_are_saved_to_the_session_and_searchable(browser: SessionsBrowser, review_db: Path,
                                                       sessions: dict[str, Recorded], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sid = sessions["first"].session_id
    asked: list[str] = []

    def answer(_parent, _title, _label, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return "福袋之后转化明显提升", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(answer))
    browser.select_ids([sid])
    browser.notes_button.click()
    assert asked == [""]
    db = open_db(review_db)
    assert get_session(db, sid).notes == "福袋之后转化明显提升"
    db.close()
    browser.search.setText("福袋")
    assert browser.visible_ids() == [sid]


def test_delete_asks_first_and_no_keeps_the_session(browser: SessionsBrowser, review_db: Path,
                                                    sessions: dict[str, Recorded], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sid = sessions["second"].session_id
    questions: list[str] = []
    reply = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        questions.append(text)
        return reply[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    browser.select_ids([sid])
    browser.delete_button.click()
    assert len(questions) == 1 and "年货节预热" in questions[0]
    assert sid in browser.visible_ids()
    reply[0] = QMessageBox.StandardButton.Yes
    browser.select_ids([sid])
    browser.delete_button.click()
    assert sid not in browser.visible_ids() and len(browser.visible_ids()) == 2
    rows = _stored(review_db, "SELECT session_id, count(*) FROM room_samples GROUP BY 1")
    assert sid not in rows and len(rows) == 2
