"""The recorder batched (the demo room's history, polled in a few real seconds): the polls' writes wait up to
BATCH_REAL_S real seconds and are written together in one transaction; the session's start and end, `heartbeat()`
and `close()` write at once; waiting writes are not shown as trouble; a batch the database refuses is kept as every
refused write is (retried, then kept in the journal at close): nothing is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from tests.support.storage_helpers import Wall, living, room_sample

from dyconsole.core.clock import ManualClock
from dyconsole.core.model import FlowSample
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import BATCH_REAL_S, Recorder
from dyconsole.storage.sessions import get_session, load_room_samples
from dyconsole.storage.write_backlog import PendingWrite, WriteBacklog
from dyconsole.storage.write_journal import journal_path, load_journal


class Batching:
    """`batch_while` and the real (monotonic) clock of a recorder under test."""

    def __init__(self) -> None:
        self.on = True
        self.real = 100.0

    def __call__(self) -> bool:
        return self.on

    def monotonic(self) -> float:
        return self.real


def _recorder(db: Database, clock: ManualClock, wall: Wall, batching: Batching) -> Recorder:
    return Recorder(db, clock, wall=wall, batch_while=batching, monotonic=batching.monotonic)


def _transactions(db: Database, statements: list[str]) -> list[str]:
    return [s for s in statements if s in ("BEGIN", "COMMIT", "ROLLBACK")]


def _poll(rec: Recorder, clock: ManualClock, value: float) -> None:
    clock.advance(5)
    rec.on_room(room_sample(clock.now(), total_live_watch_cnt=value))
    rec.on_flow(FlowSample(clock.now(), "AllEcomFlowSource", {"nature": value}))


def test_batched_polls_are_written_together_once_their_batch_is_due(
        db: Database, clock: ManualClock, wall: Wall) -> None:
    batching = Batching()
    rec = _recorder(db, clock, wall, batching)
    rec.on_room_info(living())
    sid = rec.session_id or ""
    assert get_session(db, sid, now=wall()).status == "live"  # the session's start is written at once
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    for value in (1.0, 2.0, 3.0):
        _poll(rec, clock, value)
        batching.real += BATCH_REAL_S / 4
    assert _transactions(db, statements) == [] and db["room_samples"].count == 0
    status = rec.status
    assert status.batched == 6 and status.backlog == 0 and status.unwritten == 0 and status.ok  # not trouble
    batching.real += BATCH_REAL_S / 4
    _poll(rec, clock, 4.0)  # the batch is due at its room sample: seven writes in one transaction
    assert _transactions(db, statements) == ["BEGIN", "COMMIT"]
    db.conn.set_trace_callback(None)
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, sid)] == [1.0, 2.0, 3.0, 4.0]
    assert db["flow_samples"].count == 3 and rec.status.batched == 1 and rec.status.ok  # its traffic: the next batch


def test_unbatched_every_poll_is_written_at_once_and_the_last_batch_with_the_first_of_them(
        db: Database, clock: ManualClock, wall: Wall) -> None:
    batching = Batching()
    rec = _recorder(db, clock, wall, batching)
    rec.on_room_info(living())
    _poll(rec, clock, 1.0)
    assert db["room_samples"].count == 0
    batching.on = False  # the history is in: from now on a transaction a poll
    _poll(rec, clock, 2.0)
    assert db["room_samples"].count == 2 and db["flow_samples"].count == 2
    _poll(rec, clock, 3.0)
    assert db["room_samples"].count == 3 and rec.status.batched == 0


def test_heartbeat_and_close_write_the_batch_at_once(db: Database, clock: ManualClock, wall: Wall) -> None:
    batching = Batching()
    rec = _recorder(db, clock, wall, batching)
    rec.on_room_info(living())
    sid = rec.session_id or ""
    _poll(rec, clock, 1.0)
    rec.heartbeat()  # the console's catch-up ended: its last batch is written now, not at the next poll
    assert db["room_samples"].count == 1
    _poll(rec, clock, 2.0)
    _poll(rec, clock, 3.0)
    assert db["room_samples"].count == 1
    status = rec.close()
    assert status.unwritten == 0 and status.kept == 0
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, sid)] == [1.0, 2.0, 3.0]
    summary = get_session(db, sid, now=wall())
    assert (summary.status, summary.end_reason) == ("ended", "stopped")


def test_a_refused_batch_is_trouble_retried_and_kept_in_the_journal_at_close(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    db = open_db(db_file, wall=wall)
    db.execute("PRAGMA busy_timeout = 0")
    batching = Batching()
    rec = _recorder(db, clock, wall, batching)
    rec.on_room_info(living())
    sid = rec.session_id or ""
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock from here on
    _poll(rec, clock, 1.0)
    batching.real += BATCH_REAL_S
    _poll(rec, clock, 2.0)  # the batch is due: refused
    status = rec.status
    assert status.backlog == 4 and status.batched == 0 and status.error_kind == "DatabaseLocked"
    status = rec.close()
    assert status.kept == 5  # the four writes and the session's end
    assert len(load_journal(journal_path(db_file))) == 5
    db.close()
    other.execute("ROLLBACK")
    other.close()
    db = open_db(db_file, wall=wall)  # the next start writes them first
    Recorder(db, ManualClock(clock.now()), wall=wall)
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, sid)] == [1.0, 2.0]
    assert get_session(db, sid, now=wall()).status == "ended"
    db.close()


def test_a_backlog_written_together_is_one_transaction_all_or_nothing() -> None:
    db = Database(memory=True)
    db.execute("CREATE TABLE t (v INTEGER)")
    db.execute("CREATE TABLE beats (sid TEXT)")
    backlog = WriteBacklog(limit=10)
    broken = {"on": True}

    def flaky(d: Database) -> None:
        d.execute("INSERT INTO t VALUES (2)")
        if broken["on"]:
            raise sqlite3.OperationalError("database is locked")

    for p in (PendingWrite("v1", "s1", lambda d: d.execute("INSERT INTO t VALUES (1)")), PendingWrite("v2", "s1", flaky),
              PendingWrite("v3", "s2", lambda d: d.execute("INSERT INTO t VALUES (3)"))):
        backlog.submit(p)

    def touch(d: Database, sid: str | None) -> None:
        d.execute("INSERT INTO beats VALUES (?)", [sid])

    backlog.flush(db, touch, together=True)
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0 and len(backlog) == 3 and backlog.error
    broken["on"] = False
    backlog.flush(db, touch, together=True)
    assert [r[0] for r in db.execute("SELECT v FROM t ORDER BY rowid").fetchall()] == [1, 2, 3]
    assert [r[0] for r in db.execute("SELECT sid FROM beats ORDER BY rowid").fetchall()] == ["s1", "s2"]  # once each
    assert len(backlog) == 0 and backlog.error is None and backlog.written == 3
