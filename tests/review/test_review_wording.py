"""What the operator reads about a stopped recording: the recorder's bookkeeping (the demo room's seed event, source
health changes, the word 'stopped' it puts in the notes) stays out of the timeline, the notes and the report, the
status says the recording was stopped, and the length is the session's stored one everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.review_support import Recorded

from dyconsole.core.numfmt import fmt_duration
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.services.review.compare import compare_kpis
from dyconsole.services.review.catalog import SessionsCatalog
from dyconsole.storage.recorded_session import load_review
from dyconsole.storage.db import open_db
from dyconsole.ui.review.window import ReviewWindow
from dyconsole.ui.review.sessions_browser import COL_NOTES, COL_STATUS, ID_ROLE, SessionsBrowser


def _stopped_with_bookkeeping(path: Path, sid: str, start: float) -> None:
    """As `dyconsole record` leaves a session it stopped: its demo_room event, a health change, notes 'stopped'."""
    db = open_db(path)
    with db.atomic():
        db["events"].insert({"session_id": sid, "ts": start, "kind": "demo_room",
                             "payload": json.dumps({"seed": 1, "scenario": None, "duration_s": 10800.0})})
        db["events"].insert({"session_id": sid, "ts": start + 300, "kind": "health",
                             "payload": json.dumps({"state": "degraded", "error": "timeout"})})
        db.execute("UPDATE sessions SET notes = 'stopped', end_reason = 'stopped' WHERE id = ?", [sid])
    db.close()


def test_browser_shows_no_recorder_notes_and_says_stopped(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                          sessions: dict[str, Recorded]) -> None:
    sid = sessions["second"].session_id
    _stopped_with_bookkeeping(review_db, sid, sessions["second"].start)
    browser = SessionsBrowser(SessionsCatalog(review_db), "en")
    qtbot.addWidget(browser)
    row = next(r for r in range(browser.proxy.rowCount()) if browser.proxy.index(r, 0).data(ID_ROLE) == sid)
    assert browser.proxy.index(row, COL_NOTES).data() == ""
    assert browser.proxy.index(row, COL_STATUS).data() == "recording stopped"
    browser.search.setText("stopped")  # the recorder's word is not searchable as a note
    assert sid not in browser.visible_ids()


def test_review_timeline_and_heading_leave_out_bookkeeping(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                           sessions: dict[str, Recorded], closing: list) -> None:
    rec = sessions["second"]
    _stopped_with_bookkeeping(review_db, rec.session_id, rec.start)
    session = load_review(review_db, rec.session_id)
    assert {e.kind for e in session.events} >= {"demo_room", "health"}
    w = ReviewWindow(session, "en")
    closing.append(w)
    table = w.timeline.table
    shown = [table.item(r, 1).text() + " " + table.item(r, 2).text() for r in range(table.rowCount())]
    assert len(shown) == len(session.alerts) + len(session.events) - 2
    assert not any("demo_room" in t or "health" in t or "seed" in t for t in shown)
    heading = w.heading.text()
    assert "notes" not in heading and "recording stopped" in heading
    length = rec.end - rec.start
    assert session.length_s == pytest.approx(length) and fmt_duration(length, "en") in heading


def test_report_notes_leave_out_bookkeeping(review_db: Path, sessions: dict[str, Recorded]) -> None:
    rec = sessions["second"]
    _stopped_with_bookkeeping(review_db, rec.session_id, rec.start)
    report = build_report(load_report_inputs(review_db, rec.session_id), ReportOptions(sections=("notes",)))
    kinds = [row[1] for row in report.tables["notes"][0].rows]
    assert kinds and not any(k in ("demo_room", "health", "场次备注") for k in kinds)


def test_compare_length_is_the_stored_length(review_db: Path, sessions: dict[str, Recorded]) -> None:
    a = load_review(review_db, sessions["first"].session_id)
    b = load_review(review_db, sessions["second"].session_id)
    length = next(d for d in compare_kpis(a, b) if d.spec.key == "length_s")
    rows = {r.summary.id: r for r in SessionsCatalog(review_db).rows()}
    assert (length.a, length.b) == (rows[a.id].length_s, rows[b.id].length_s)
    assert length.b == pytest.approx(30 * 60) and length.b > b.end - b.start  # the last poll is before the end
