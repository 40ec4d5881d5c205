"""Peak online in the sessions list when the source has no real online count (the demo room, the official APIs):
the peak of the console's estimate, flagged as such, equal to what the review shows, cached per session and
estimated again when the session gains samples; the browser and the compare view label it an estimate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tests.support.review_support import Recorded

from dyconsole.services.review.compare import compare_kpis, session_kpis
from dyconsole.services.review.catalog import SessionsCatalog
from dyconsole.storage.recorded_session import load_review
from dyconsole.storage.db import open_db
from dyconsole.storage.sessions import estimated_peak_online, get_session, list_sessions
from dyconsole.core.numfmt import fmt_count
from dyconsole.ui.review.compare_view import CompareView, format_kpi
from dyconsole.ui.review.sessions_browser import COL_PEAK, ID_ROLE, SORT_ROLE, SessionsBrowser


def _cache(path: Path, sid: str) -> tuple[float | None, float | None]:
    db = open_db(path)
    try:
        row = db["sessions"].get(sid)
        return row["peak_online_est"], row["peak_online_est_upto"]
    finally:
        db.close()


def test_estimate_sessions_list_the_estimates_peak(review_db: Path, sessions: dict[str, Recorded]) -> None:
    rows = {r.summary.id: r.summary for r in SessionsCatalog(review_db).rows()}
    for key in ("first", "second"):
        s = rows[sessions[key].session_id]
        review_peak = session_kpis(load_review(review_db, s.id))["peak_online"]
        assert s.peak_online_is_estimate and s.peak_online == pytest.approx(review_peak)
    real = rows[sessions["other"].session_id]
    db = open_db(review_db)
    stored_max = db.execute("SELECT max(online_user_cnt) FROM room_samples WHERE session_id = ?",
                            [real.id]).fetchone()[0]
    db.close()
    assert not real.peak_online_is_estimate and real.peak_online == stored_max


def test_the_peak_is_cached_and_estimated_again_after_new_samples(review_db: Path,
                                                                  sessions: dict[str, Recorded]) -> None:
    sid = sessions["second"].session_id
    assert _cache(review_db, sid) == (None, None)  # the template was never listed
    db = open_db(review_db)
    first = get_session(db, sid).peak_online
    peak, upto = _cache(review_db, sid)
    last = db.execute("SELECT max(ts) FROM room_samples WHERE session_id = ? AND is_gap = 0", [sid]).fetchone()[0]
    assert peak == first and upto == last
    # the cached figure is what the list shows (changed behind its back to prove it is read, not recomputed)
    db.execute("UPDATE sessions SET peak_online_est = 1.0 WHERE id = ?", [sid])
    db.conn.commit()
    assert get_session(db, sid).peak_online == 1.0
    # a resumed session gains samples: the cache no longer covers them, so it is estimated again
    cols = [c[1] for c in db.execute("PRAGMA table_info(room_samples)")]
    row = dict(zip(cols, db.execute("SELECT * FROM room_samples WHERE session_id = ? ORDER BY ts DESC LIMIT 1",
                                    [sid]).fetchone()))
    row.pop("id")
    row["ts"] += 5.0
    db["room_samples"].insert(row)
    again = get_session(db, sid)
    assert again.peak_online == pytest.approx(estimated_peak_online(db, sid)) and again.peak_online != 1.0
    assert _cache(review_db, sid)[1] == row["ts"]
    db.close()


def test_a_read_only_database_still_lists_the_estimate(review_db: Path, tmp_path: Path,
                                                       sessions: dict[str, Recorded]) -> None:
    copy = tmp_path / "ro.sqlite3"
    shutil.copyfile(review_db, copy)
    open_db(copy).close()  # migrated (schema 3) while writable
    copy.chmod(0o444)
    try:
        db = open_db(copy, readonly=True)
        listed = {s.id: s for s in list_sessions(db)}
        db.close()
    finally:
        copy.chmod(0o644)
    s = listed[sessions["first"].session_id]
    assert s.peak_online_is_estimate and s.peak_online and s.peak_online > 0
    assert _cache(copy, s.id) == (None, None)  # nothing written


def test_the_browser_marks_the_estimated_peak(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                              sessions: dict[str, Recorded]) -> None:
    browser = SessionsBrowser(SessionsCatalog(review_db), "en")
    qtbot.addWidget(browser)
    cells = {browser.proxy.index(r, 0).data(ID_ROLE): browser.proxy.index(r, COL_PEAK)
             for r in range(browser.proxy.rowCount())}
    est = cells[sessions["first"].session_id]
    assert est.data().endswith("(est.)") and est.data()[0].isdigit() and est.data(Qt.ItemDataRole.ToolTipRole)  # tooltip
    real = cells[sessions["other"].session_id]
    assert real.data()[0].isdigit() and "est" not in real.data() and not real.data(Qt.ItemDataRole.ToolTipRole)
    # sorted by the figure, estimated or not
    browser.table.sortByColumn(COL_PEAK, Qt.SortOrder.AscendingOrder)
    values = [browser.proxy.index(r, COL_PEAK).data(SORT_ROLE) for r in range(browser.proxy.rowCount())]
    assert values == sorted(values)


def test_compare_labels_online_kpis_as_estimates(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                 sessions: dict[str, Recorded], closing: list) -> None:
    a = load_review(review_db, sessions["first"].session_id)
    b = load_review(review_db, sessions["second"].session_id)
    diffs = {d.spec.key: d for d in compare_kpis(a, b)}
    assert diffs["peak_online"].estimate and diffs["avg_online"].estimate and not diffs["gmv"].estimate
    view = CompareView(a, b, "en")
    closing.append(view)
    labels = {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}
    r = labels["Peak online (estimate)"]
    assert "Average online (estimate)" in labels and "GMV" in labels
    shown = view.table.item(r, 1).text()
    assert shown == fmt_count(round(diffs["peak_online"].a), "en")  # a head count: no decimals
    assert format_kpi("count", 1611.7, "zh") == "1,612" and format_kpi("count", 1611.7, "en") == "1.6K"
    assert "(estimate)" in view.plots["online"].titleLabel.text
