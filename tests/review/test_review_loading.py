"""Loading a recorded session for review (series, gaps, products, flow, audience, tiles at a cursor), the sessions
catalog's notes / delete / totals, and the comparison by broadcast minute, each checked against the stored rows."""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from tests.support.review_support import Recorded

from dyconsole.core.derived import derive_rows
from dyconsole.core.kpis import kpi_tiles
from dyconsole.services.review import loader as review
from dyconsole.services.review.compare import compare_kpis, minute_values, minute_view
from dyconsole.core.review.replay import ReplaySource
from dyconsole.core.review.session import ReviewTiles
from dyconsole.services.review.catalog import SessionsCatalog
from dyconsole.services.review.loader import ReviewLoader
from dyconsole.storage.recorded_session import load_review
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.storage.db import open_db
from dyconsole.storage.errors import SessionBusy, SessionNotFound
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.session_edit import SESSION_TABLES, delete_session, session_totals, set_session_notes
from dyconsole.storage.sessions import get_session, load_room_samples


def _scalar(path: Path, sql: str, params: list) -> float:  # type: ignore[type-arg]
    db = open_db(path)
    try:
        return db.execute(sql, params).fetchone()[0]
    finally:
        db.close()


def test_the_series_hold_every_stored_poll_with_gaps_as_nan(review_db: Path, sessions: dict[str, Recorded]) -> None:
    sid = sessions["first"].session_id
    s = load_review(review_db, sid)
    stored = _scalar(review_db, "SELECT count(*) FROM room_samples WHERE session_id = ?", [sid])
    gaps = _scalar(review_db, "SELECT count(*) FROM room_samples WHERE session_id = ? AND is_gap = 1", [sid])
    assert len(s.series) == stored and gaps == 3
    gmv = s.series["live_pay_order_gmv_alias"].values
    assert int(np.isnan(gmv).sum()) == gaps  # a failed poll is a break, never a zero
    last_gmv = _scalar(review_db, "SELECT live_pay_order_gmv_alias FROM room_samples WHERE session_id = ? "
                                  "AND is_gap = 0 ORDER BY ts DESC LIMIT 1", [sid])
    assert gmv[np.isfinite(gmv)][-1] == last_gmv
    # derived series exist; the demo room serves no online count, so online is the labelled estimate
    assert _scalar(review_db, "SELECT count(online_user_cnt) FROM room_samples WHERE session_id = ?", [sid]) == 0
    online, flags = s.series["online"].values, s.series["online_is_estimate"].values
    assert np.isfinite(online).sum() > 0.9 * (stored - gaps) and np.all(flags[np.isfinite(online)] == 1.0)
    np.testing.assert_array_equal(online, s.series["online_estimate"].values)
    assert s.online_is_estimate
    # a source with a real count: that count is used (not the estimate)
    real = load_review(review_db, sessions["other"].session_id)
    assert not real.online_is_estimate and np.nanmax(real.series["online"].values) == _scalar(
        review_db, "SELECT max(online_user_cnt) FROM room_samples WHERE session_id = ?", [real.id])
    assert s.start == sessions["first"].start and s.end < sessions["first"].end


def test_products_flow_and_audience_are_as_of_the_cursor(review_db: Path, sessions: dict[str, Recorded]) -> None:
    sid = sessions["first"].session_id
    s = load_review(review_db, sid)
    at = s.start + 15 * 60 + 7
    poll = _scalar(review_db, "SELECT max(ts) FROM product_samples WHERE session_id = ? AND ts <= ?", [sid, at])
    db = open_db(review_db)
    stored = {r["product_id"]: r for r in db.query(
        "SELECT * FROM product_samples WHERE session_id = ? AND ts = ?", [sid, poll])}
    db.close()
    rows = s.products_at(at)
    assert {r.product_id for r in rows} == set(stored)
    top = rows[0]
    assert top.gmv == max(r["live_pay_order_gmv_alias"] for r in stored.values())
    assert (top.title, top.price, top.clicks, top.orders) == (
        stored[top.product_id]["title"], stored[top.product_id]["live_product_price"],
        stored[top.product_id]["live_click_product_count_alias"], stored[top.product_id]["live_pay_order_count_alias"])
    assert s.products_at(s.start) == []  # nothing polled yet
    flow = s.flow_at(at)
    assert set(flow) == {"AllEcomFlowSource", "AllEcomGmvSource"} and all(f.ts <= at for f in flow.values())
    assert max(f.ts for f in flow.values()) > at - 30
    audience = s.audience_at(at)
    assert ("ENTER", "GENDER") in audience and all(a.ts <= at for a in audience.values())


def test_tiles_at_the_cursor_equal_the_batch_tiles_of_the_polls_before_it(review_db: Path,
                                                                         sessions: dict[str, Recorded]) -> None:
    sid = sessions["first"].session_id
    s = load_review(review_db, sid)
    db = open_db(review_db)
    samples = load_room_samples(db, sid)
    db.close()
    rows = derive_rows(samples)
    tiles = ReviewTiles(s)
    for minute in (25, 12, 39):  # forward, back (rebuilt), forward again
        at = s.start + minute * 60
        n = sum(1 for x in samples if x.ts <= at)
        expected = {t.id: (t.value, t.change, t.is_estimate) for t in kpi_tiles(samples[:n], rows[:n])}
        got = {t.id: (t.value, t.change, t.is_estimate) for t in tiles.tiles_at(at)}
        assert got == expected


def test_replay_source_shows_the_session_up_to_the_cursor(review_db: Path, sessions: dict[str, Recorded]) -> None:
    s = load_review(review_db, sessions["second"].session_id)
    src = ReplaySource(s)
    assert src.span() == s.span() and src.at_end
    src.cursor = s.start + 600
    assert src.span() == (s.span()[0], s.start + 600)
    x, _y = src.view("online", s.start, s.end, 500)
    assert x.max() <= s.start + 600 and x.max() > s.start + 590


def test_notes_totals_and_delete(review_db: Path, sessions: dict[str, Recorded]) -> None:
    first, second = sessions["first"].session_id, sessions["second"].session_id
    db = open_db(review_db)
    set_session_notes(db, first, "主播状态好\n第二轮福袋有效")
    assert get_session(db, first).notes == "主播状态好\n第二轮福袋有效"
    totals = session_totals(db)
    assert totals[first].alerts == 1 and totals[first].views == db.execute(
        "SELECT max(total_live_watch_cnt) FROM room_samples WHERE session_id = ?", [first]).fetchone()[0]
    before = db.execute("SELECT count(*) FROM room_samples WHERE session_id = ?", [second]).fetchone()[0]
    delete_session(db, first)
    for table in SESSION_TABLES:
        assert db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", [first]).fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM room_samples WHERE session_id = ?", [second]).fetchone()[0] == before
    with pytest.raises(SessionNotFound):
        get_session(db, first)
    with pytest.raises(SessionNotFound):
        delete_session(db, first)
    db.close()


def test_a_session_being_recorded_cannot_be_deleted(tmp_path: Path) -> None:
    db = open_db(tmp_path / "live.sqlite3")
    rec = Recorder(db)  # real wall clock: its heartbeat is fresh, its process alive
    rec.on_room_info(RoomInfo("r9", "live now", RoomStatus.LIVING))
    rec.on_room(RoomSample(time.time(), "r9", RoomStatus.LIVING, {"total_live_watch_cnt": 5.0}))
    with pytest.raises(SessionBusy):
        delete_session(db, rec.session_id or "")
    rec.close()
    delete_session(db, rec.session_id or "")  # stopped: now it can go
    db.close()


def test_catalog_rows_compute_length_and_conversion(review_db: Path, sessions: dict[str, Recorded]) -> None:
    rows = {r.summary.id: r for r in SessionsCatalog(review_db).rows()}
    assert set(rows) == {r.session_id for r in sessions.values()}
    r = rows[sessions["second"].session_id]
    assert r.length_s == pytest.approx(30 * 60)
    assert r.conversion == pytest.approx(r.summary.orders / r.views)


def test_compare_aligns_by_broadcast_minute(review_db: Path, sessions: dict[str, Recorded]) -> None:
    a = load_review(review_db, sessions["first"].session_id)
    b = load_review(review_db, sessions["second"].session_id)
    for s in (a, b):
        values = minute_values(s, "live_pay_order_gmv_alias", 45)
        stored = _scalar(review_db, "SELECT live_pay_order_gmv_alias FROM room_samples WHERE session_id = ? "
                                    "AND ts <= ? ORDER BY ts DESC LIMIT 1", [s.id, s.start + 17 * 60])
        assert values[17] == stored  # minute 17 of each session, whatever its date
        assert math.isnan(values[0])  # no poll yet at minute 0
        assert np.isnan(values[31:]).all() if s is b else not np.isnan(values[39])  # b lasted 30 min
    x, _y = minute_view(b, "online", 0, 60, 400)
    assert x.min() >= 0 and x.max() <= 30


def test_compare_kpis_are_the_stored_figures(review_db: Path, sessions: dict[str, Recorded]) -> None:
    a = load_review(review_db, sessions["first"].session_id)
    b = load_review(review_db, sessions["second"].session_id)
    diffs = {d.spec.key: d for d in compare_kpis(a, b)}
    gmv_a = _scalar(review_db, "SELECT max(live_pay_order_gmv_alias) FROM room_samples WHERE session_id = ?", [a.id])
    gmv_b = _scalar(review_db, "SELECT max(live_pay_order_gmv_alias) FROM room_samples WHERE session_id = ?", [b.id])
    gmv = diffs["gmv"]
    assert (gmv.a, gmv.b) == (gmv_a, gmv_b)
    assert gmv.diff == pytest.approx(gmv_b - gmv_a) and gmv.pct == pytest.approx((gmv_b - gmv_a) / gmv_a)
    views_b = _scalar(review_db, "SELECT max(total_live_watch_cnt) FROM room_samples WHERE session_id = ?", [b.id])
    orders_b = _scalar(review_db, "SELECT max(live_pay_order_count_alias) FROM room_samples WHERE session_id = ?",
                       [b.id])
    assert diffs["conversion"].b == pytest.approx(orders_b / views_b)
    assert diffs["alerts"].a == 1 and diffs["alerts"].diff == 0 and diffs["alerts"].pct == 0


def test_the_loader_reads_off_the_ui_thread_and_reports_back(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                            sessions: dict[str, Recorded], monkeypatch) -> None:
    threads: list[int] = []
    real = review.load_review

    def spy(path: Path, session_id: str) -> review.RecordedSession:
        threads.append(threading.get_ident())
        return real(path, session_id)

    monkeypatch.setattr(review, "load_review", spy)
    loader = ReviewLoader(review_db)
    try:
        with qtbot.waitSignal(loader.loaded, timeout=10_000) as got:
            loader.open(sessions["second"].session_id)
        assert got.args[0].id == sessions["second"].session_id
        assert threads and threads[0] != threading.get_ident()
        with qtbot.waitSignal(loader.failed, timeout=10_000) as failed:
            loader.open("no-such-session")
        assert failed.args[0] == "no-such-session" and "no session" in failed.args[1]
    finally:
        loader.shutdown()
