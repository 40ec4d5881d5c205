"""The recorder: session lifecycle, one transaction per poll, gaps as gaps, resume after a crash, no secrets."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database
from tests.support.storage_helpers import ROOM, START, Wall, finished, living, room_sample

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import (
    AudienceSample,
    ConnectionState,
    FlowSample,
    OrderRecord,
    OrderState,
    ProductSample,
    RoomStatus,
    SourceHealth,
)
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder, RecorderStatus
from dyconsole.storage.sessions import (
    STALE_AFTER_S,
    get_session,
    is_gap,
    list_sessions,
    load_audience_samples,
    load_events,
    load_flow_samples,
    load_gaps,
    load_orders,
    load_product_samples,
    load_room_samples,
)


def _poll(rec: Recorder, clock: ManualClock, n: int, **values: float) -> None:
    for i in range(n):
        clock.advance(5)
        rec.on_room(room_sample(clock.now(), total_live_watch_cnt=100.0 + i, **values))


def test_living_starts_a_session_and_finish_ends_it(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room(room_sample(clock.now(), status=RoomStatus.PREPARE, total_live_watch_cnt=0.0))
    assert rec.session_id is None and list_sessions(db, now=wall()) == []
    rec.on_room_info(living())
    sid = rec.session_id
    assert sid is not None and rec.recording
    _poll(rec, clock, 3)
    clock.advance(5)
    rec.on_room_info(finished())
    assert not rec.recording and rec.session_id == sid
    _poll(rec, clock, 2)  # after FINISH: not recorded
    summary = get_session(db, sid, now=wall())
    assert (summary.status, summary.end_reason, summary.samples) == ("ended", "finish", 3)
    assert summary.title == "秋冬新品专场" and summary.room_id == ROOM
    assert summary.started_at == START and summary.ended_at == START + 20


def test_a_living_sample_alone_starts_the_session(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room(room_sample(clock.now(), total_live_watch_cnt=5.0))
    assert rec.recording
    rec.on_room(room_sample(clock.now() + 5, status=RoomStatus.FINISH, total_live_watch_cnt=6.0))
    summary = get_session(db, rec.session_id or "", now=wall())
    assert (summary.samples, summary.status, summary.end_reason) == (2, "ended", "finish")


def test_every_poll_is_one_transaction(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    polls = [
        lambda: rec.on_room(room_sample(clock.now(), total_live_watch_cnt=1.0)),
        lambda: rec.on_products(clock.now(), [ProductSample(clock.now(), f"p{i}", "羽绒服", "UNEXPLAIN", i, {})
                                              for i in range(1, 6)]),
        lambda: rec.on_flow(FlowSample(clock.now(), "AllEcomFlowSource", {"nature": 10.0, "homepage_hot": 5.0})),
        lambda: rec.on_audience(AudienceSample(clock.now(), "ENTER", "CITY", {"杭州": 3.0, "上海": 2.0})),
        lambda: rec.on_gap(Gap("room", clock.now(), "timeout")),
    ]
    for poll in polls:
        statements.clear()
        poll()
        assert [s for s in statements if s in ("BEGIN", "COMMIT", "ROLLBACK")] == ["BEGIN", "COMMIT"]
    db.conn.set_trace_callback(None)


def test_a_poll_is_all_or_nothing_when_its_transaction_fails(
        db: Database, clock: ManualClock, wall: Wall, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    real_touch = rec._touch

    def failing_touch(database: Database, session_id: str | None) -> None:
        raise sqlite3.OperationalError("disk I/O error")  # after the sample rows were inserted

    monkeypatch.setattr(rec, "_touch", failing_touch)
    products = [ProductSample(clock.now(), f"p{i}", "围巾", "UNEXPLAIN", i, {"live_product_price": 99.0})
                for i in range(3)]
    rec.on_products(clock.now(), products)
    assert db["product_samples"].count == 0
    assert rec.status.backlog == 1 and rec.status.error_kind == "StorageError"
    monkeypatch.setattr(rec, "_touch", real_touch)
    rec.on_room(room_sample(clock.now() + 5, total_live_watch_cnt=1.0))
    assert db["product_samples"].count == 3 and db["room_samples"].count == 1
    assert rec.status.ok and rec.status.backlog == 0


def test_gaps_are_stored_as_gaps_never_zeros(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.on_room(room_sample(START + 5, total_live_watch_cnt=10.0, total_live_like_cnt=None))
    rec.on_gap(Gap("room", START + 10, "HTTP 503"))
    rec.on_gap(Gap("products", START + 12, "timeout"))
    rec.on_room(room_sample(START + 15, total_live_watch_cnt=12.0))
    samples = load_room_samples(db, rec.session_id or "")
    assert [s.ts for s in samples] == [START + 5, START + 10, START + 15]
    assert [is_gap(s) for s in samples] == [False, True, False]
    assert all(samples[1].get(name) is None for name in ROOM_METRIC_NAMES)
    assert samples[1].error == "HTTP 503"  # type: ignore[attr-defined]
    assert samples[0].get("total_live_like_cnt") is None and samples[0].get("total_live_watch_cnt") == 10.0
    row = db.execute("SELECT is_gap, total_live_watch_cnt FROM room_samples WHERE ts = ?", [START + 10]).fetchone()
    assert row == (1, None)
    assert [(g.kind, g.ts, g.error) for g in load_gaps(db, rec.session_id or "")] == [
        ("room", START + 10, "HTTP 503"), ("products", START + 12, "timeout")]
    summary = get_session(db, rec.session_id or "", now=wall())
    assert (summary.samples, summary.room_gaps) == (2, 1)


def test_every_kind_of_sample_reads_back(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    product = ProductSample(START + 1, "3600001", "加绒卫衣", "BEINGEXPLAIN", 2,
                            {"live_product_price": 129.9, "live_product_Inventory": 500.0})
    rec.on_products(START + 1, [product])
    flow = FlowSample(START + 2, "AllEcomGmvSource", {"nature": 1200.5, "live_pc_qian_chuan": 300.0})
    rec.on_flow(flow)
    audience = AudienceSample(START + 3, "PAY", "GENDER", {"男": 10.0, "女": 30.0})
    rec.on_audience(audience)
    sid = rec.session_id or ""
    (loaded,) = load_product_samples(db, sid)
    assert (loaded.product_id, loaded.title, loaded.explain_status, loaded.position) == (
        "3600001", "加绒卫衣", "BEINGEXPLAIN", 2)
    assert loaded.values["live_product_price"] == 129.9 and loaded.values["live_cost_per_product"] is None
    assert load_flow_samples(db, sid) == [flow]
    assert load_audience_samples(db, sid) == [audience]


def _order(order_id: str, state: OrderState, update_time: float) -> OrderRecord:
    return OrderRecord(order_id, ROOM, "3600001", 1, 12990, 12990, START + 10, update_time, START + 11, state,
                       buyer_mask="1****8")


def test_orders_are_upserted_by_id_and_follow_the_session_after_finish(
        db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.on_orders(START + 20, [_order("o1", OrderState.PAID, START + 11), _order("o2", OrderState.PAID, START + 12)])
    rec.on_room_info(finished())
    rec.on_orders(START + 90_000, [_order("o1", OrderState.REFUNDED, START + 80_000)])
    orders = {o.order_id: o for o in load_orders(db, rec.session_id or "")}
    assert set(orders) == {"o1", "o2"} and db["orders"].count == 2
    assert orders["o1"].state is OrderState.REFUNDED and orders["o1"].buyer_mask == "1****8"


def test_close_before_finish_ends_the_session_as_stopped(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    _poll(rec, clock, 2)
    status = rec.close()
    assert isinstance(status, RecorderStatus) and status.ok and not status.recording
    summary = get_session(db, rec.session_id or "", now=wall())
    assert (summary.status, summary.end_reason, summary.notes) == ("ended", "stopped", "stopped")
    _poll(rec, clock, 1)  # a closed recorder writes nothing more
    assert get_session(db, rec.session_id or "", now=wall()).samples == 2


def test_a_killed_recording_is_interrupted_then_resumed_into_the_same_session(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    first = open_db(db_file, wall=wall)
    crashed = Recorder(first, clock, wall=wall)
    crashed.on_room_info(living())
    _poll(crashed, clock, 3)
    sid = crashed.session_id
    first.close()  # the process dies: no close(), the session stays 'live' in the file

    wall.value += STALE_AFTER_S + 1
    db = open_db(db_file, wall=wall)  # the next open sees a stale heartbeat
    assert [(s.id, s.status) for s in list_sessions(db, now=wall())] == [(sid, "interrupted")]
    assert db["sessions"].get(sid)["status"] == "interrupted"  # stored, not only shown

    clock.advance(120)
    again = Recorder(db, clock, wall=wall)
    again.on_room_info(living())  # the room is still LIVING
    assert again.session_id == sid and again.recording
    _poll(again, clock, 2)
    summary = get_session(db, sid or "", now=wall())
    assert (summary.status, summary.samples) == ("live", 5)
    resumed = [e for e in load_events(db, sid or "") if e.kind == "resumed"]
    assert len(resumed) == 1 and resumed[0].payload["previous_status"] == "interrupted"
    assert resumed[0].payload["last_sample_ts"] == START + 15
    db.close()


def test_a_dead_recorder_process_is_detected_without_waiting(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(child.stdout)
    db.execute("UPDATE sessions SET recorder_pid = ? WHERE id = ?", [dead_pid, rec.session_id])
    assert list_sessions(db, now=wall())[0].status == "interrupted"


def test_a_session_recorded_by_another_live_process_is_not_taken_over(
        db: Database, clock: ManualClock, wall: Wall) -> None:
    import os

    other = Recorder(db, clock, wall=wall)
    other.on_room_info(living())
    db.execute("UPDATE sessions SET recorder_pid = ? WHERE id = ?", [os.getppid(), other.session_id])
    seen: list[RecorderStatus] = []
    second = Recorder(db, clock, wall=wall, on_status=seen.append)
    second.on_room_info(living())
    assert not second.recording and second.status.error_kind == "SessionBusy"
    assert seen and "being recorded by another" in seen[-1].error
    assert db["sessions"].count == 1


def test_a_later_broadcast_of_the_same_room_is_a_new_session(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.close()
    nxt = Recorder(db, clock, wall=wall)
    clock.advance(3600)
    nxt.on_room_info(living(start=START + 3600))
    assert nxt.session_id != rec.session_id and db["sessions"].count == 2
    after_stop = Recorder(db, clock, wall=wall)
    nxt.close()
    after_stop.on_room_info(living(start=START + 3600))  # restarted while still LIVING: same session
    assert after_stop.session_id == nxt.session_id
    assert get_session(db, nxt.session_id or "", now=wall()).status == "live"


def test_explicit_resume(db: Database, clock: ManualClock, wall: Wall) -> None:
    from dyconsole.storage.errors import SessionNotFound

    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.close()
    again = Recorder(db, clock, wall=wall)
    with pytest.raises(SessionNotFound):
        again.resume("nope")
    again.resume(rec.session_id or "")
    assert again.recording and again.session_id == rec.session_id
    _poll(again, clock, 1)
    assert get_session(db, rec.session_id or "", now=wall()).samples == 1


def test_secrets_never_reach_the_database_file(db_file: Path, clock: ManualClock, wall: Wall) -> None:
    token = "tok-9f8e7d6c5b4a-SECRET"
    db = open_db(db_file, wall=wall)
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.on_gap(Gap("room", START + 5, f"HTTP 500 GET /open_api/?advertiser_id=1&access_token={token}&x=1"))
    rec.on_health(SourceHealth(ConnectionState.DEGRADED, f"Access-Token: {token} rejected"))
    rec.add_event("order_change", {"access_token": token, "note": f"refresh_token={token}", "order": ["p1"]})
    rec.on_gap(Gap("orders", START + 6, f'{{"secret": "{token}", "app_key": "k"}}'))
    rec.close()
    stored = b"".join(p.read_bytes() for p in db_file.parent.iterdir() if p.name.startswith(db_file.name))
    assert token.encode() not in stored
    assert b"redacted" in stored  # the rows were written, only the secret was dropped
    events = {e.kind: e.payload for e in load_events(db, rec.session_id or "")}
    assert events["order_change"]["order"] == ["p1"]
    db.close()


def test_a_refused_broadcast_stays_refused_and_is_never_taken_over_later(
        db: Database, clock: ManualClock, wall: Wall, caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import os

    other = Recorder(db, clock, wall=wall)
    other.on_room_info(living())
    db.execute("UPDATE sessions SET recorder_pid = ? WHERE id = ?", [os.getppid(), other.session_id])
    second = Recorder(db, clock, wall=wall)
    with caplog.at_level(logging.WARNING, logger="dyconsole.storage.recorder"):
        for _ in range(5):
            second.on_room_info(living())
            clock.advance(5)
            second.on_room(room_sample(clock.now(), total_live_watch_cnt=1.0))
    assert second.refused is not None and not second.recording
    assert sum("not recording" in r.getMessage() for r in caplog.records) == 1  # said once, not every poll
    other.close()  # the first recorder stops: its session becomes resumable...
    second.on_room_info(living())
    second.on_room(room_sample(clock.now() + 5, total_live_watch_cnt=2.0))
    assert not second.recording and second.session_id is None  # ...but not by the one that was refused
    assert [e["kind"] for e in db.query("SELECT kind FROM events WHERE kind = 'resumed'")] == []
