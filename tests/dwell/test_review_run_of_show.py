"""The review's Run of show tab, opened through the main window (Sessions → a recorded demo broadcast with an A/B
plan's slots and two marked topics): segments cut at each slot and topic, labelled with them, minutes adding up to the
broadcast, the same figures core.run_of_show gives from the stored session; conversion against stay in thirds with
their ranges; and the report's run-of-show section and Excel sheet carry the same segments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyconsole.app import Console
from dyconsole.core.run_of_show import TOPIC_EVENT, session_segments
from dyconsole.storage.db import open_db
from dyconsole.storage.recorded_session import load_review
from dyconsole.ui.dwell.review_tab import PANEL_WIDTH, TAB_KEY, RunOfShowReview, lift_text
from dyconsole.ui.review.window import ReviewWindow
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.roi7_support import record_demo


@pytest.fixture
def planned_db(tmp_path: Path) -> tuple[Path, str, float]:
    db_path = tmp_path / "s.sqlite3"
    sid = record_demo(db_path, seed=3, seconds=3600, data_dir=tmp_path)
    db = open_db(db_path)
    try:
        start = float(db.execute("SELECT started_at FROM sessions WHERE id = ?", [sid]).fetchone()[0])
        with db.atomic():
            for i, (variant, a, b) in enumerate((("A", 600, 1200), ("B", 1200, 1800))):
                db["ab_slots"].insert({"plan_id": "p1", "slot_index": i, "variant": variant,
                                       "starts_at": start + a, "ends_at": start + b, "session_id": sid})
            for at, topic in ((2400, "Giveaway"), (3000, "")):
                db["events"].insert({"session_id": sid, "ts": start + at, "kind": TOPIC_EVENT,
                                     "payload": json.dumps({"topic": topic})})
    finally:
        db.close()
    return db_path, sid, start


def test_review_tab_through_the_window(qloop, tmp_path: Path, planned_db: tuple[Path, str, float]) -> None:  # type: ignore[no-untyped-def]
    db_path, sid, start = planned_db
    session = load_review(db_path, sid)
    expected = session_segments(session)
    # a segment counts from the poll before the one where its label is first seen: one poll step of slack
    ts = session.series["total_live_watch_cnt"].ts
    step = float((ts[1:] - ts[:-1]).max())
    variants = [s for s in expected if s.label.variant]
    assert {s.label.variant for s in variants} == {"A", "B"}
    for variant, a, b in (("A", 600, 1200), ("B", 1200, 1800)):
        mine = [s for s in variants if s.label.variant == variant]
        assert start + a - step <= mine[0].start <= start + a and start + b - step <= mine[-1].end <= start + b
    topics = [s for s in expected if s.label.topic]
    assert topics and {s.label.topic for s in topics} == {"Giveaway"}
    assert start + 2400 - step <= topics[0].start <= start + 2400 and topics[-1].end <= start + 3000
    assert sum(s.end - s.start for s in expected) == pytest.approx(expected[-1].end - expected[0].start)
    assert sum(s.gmv or 0 for s in expected) > 0

    async def scenario(c: Console) -> None:
        c.window.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        c.review.browser.open_requested.emit(sid)
        await until(lambda: any(isinstance(x, ReviewWindow) for x in c.review.windows), 20)
        review = next(x for x in c.review.windows if isinstance(x, ReviewWindow))
        assert TAB_KEY in review.review_tab_keys()
        review.resize(1366, 768)
        narrow = review.splitter.sizes()[1]
        review.show_review_tab(TAB_KEY)
        # shown the first time, the tab has a pane its figures fit in (PANEL_WIDTH): widened if it was narrower
        assert max(narrow, PANEL_WIDTH) <= review.splitter.sizes()[1]
        panel = review.side.currentWidget()
        panel = panel if isinstance(panel, RunOfShowReview) else panel.widget()
        assert isinstance(panel, RunOfShowReview)
        assert panel.table.rowCount() == len(expected)
        texts = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
        assert any("A/B: A" in t for t in texts) and any("Topic: Giveaway" in t for t in texts)
        marks = [panel.table.item(r, panel.table.columnCount() - 1).text() for r in range(panel.table.rowCount())]
        assert marks.count("Best") == 1 and marks.count("Worst") == 1
        assert [b.band for b in panel.bands] == ["low", "mid", "high"]
        assert panel.bands[0].share_high <= panel.bands[2].share_low
        assert all(b.rate_low <= b.rate <= b.rate_high for b in panel.bands)
        # an hour in 5-minute stretches: a lift is read (or said to be unreadable), never "too little"
        assert panel.lift is not None and panel.lift.buckets >= 11
        assert panel.note.text() == lift_text(panel.lift, "en") and "30 minutes" not in panel.note.text()
        if panel.lift.lift == panel.lift.lift:
            assert "Buying lift past 3 min (estimate)" in panel.note.text()

    drive(qloop, tmp_path, scenario, seed=3)  # the console opens tmp_path/s.sqlite3: the recorded database


def test_report_section_and_excel_sheet(tmp_path: Path, planned_db: tuple[Path, str, float]) -> None:
    from openpyxl import load_workbook

    from dyconsole.core.report_model import ReportOptions, build_report
    from dyconsole.core.report_text import tr
    from dyconsole.services.reports.inputs import load_report_inputs, xlsx_steps

    db_path, sid, _start = planned_db
    expected = session_segments(load_review(db_path, sid))
    inputs = load_report_inputs(db_path, sid)
    assert [s.variant for s in inputs.slots] == ["A", "B"]
    for lang in ("zh", "en"):
        report = build_report(inputs, ReportOptions(lang=lang))
        segs, stay = report.tables["run_of_show"]
        assert segs.title == tr("run_of_show", lang) and len(segs.rows) == len(expected)
        assert [r[1] for r in segs.rows] == [s.start for s in expected]
        gmv = [c.key for c in segs.columns].index("segment_gmv")
        assert [r[gmv] for r in segs.rows] == [s.gmv for s in expected]
        assert any(tr("topic_label", lang, t="Giveaway") in r[0] for r in segs.rows)
        assert [r[-1] for r in segs.rows].count(tr("best", lang)) == 1
        assert len(stay.rows) == 3 and stay.caption
    out = tmp_path / "r.xlsx"
    report = build_report(inputs, ReportOptions(lang="en"))
    for _ in xlsx_steps(report, out):
        pass
    wb = load_workbook(out)
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("Run of show"))
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Segment" in cells and "Best" in cells and "Stretches by share past 3 min" in cells
