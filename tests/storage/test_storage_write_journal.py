"""A write the database refused is never dropped: writes still waiting when the recorder stops are kept in the
journal beside the database, and the next recorder on that database writes them first, then removes it."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from tests.support.storage_helpers import Wall, living, room_sample

from dyconsole.core.clock import ManualClock
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.sessions import get_session, load_room_samples
from dyconsole.storage.write_journal import journal_path, load_journal


def _locked_recording(db_file: Path, clock: ManualClock, wall: Wall) -> tuple[Recorder, sqlite3.Connection]:
    db = open_db(db_file, wall=wall)
    db.execute("PRAGMA busy_timeout = 0")
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    clock.advance(5)
    rec.on_room(room_sample(clock.now(), total_live_watch_cnt=1.0))
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock from here on
    for value in (2.0, 3.0, 4.0):
        clock.advance(5)
        rec.on_room(room_sample(clock.now(), total_live_watch_cnt=value))
    return rec, other


def test_writes_refused_at_close_are_kept_beside_the_database_and_written_at_the_next_start(
        db_file: Path, clock: ManualClock, wall: Wall, caplog: pytest.LogCaptureFixture) -> None:
    rec, other = _locked_recording(db_file, clock, wall)
    sid = rec.session_id or ""
    with caplog.at_level(logging.INFO, logger="dyconsole.storage.recorder"):
        status = rec.close()
    assert status.backlog == 4 and status.kept == 4  # three polls and the session's end
    journal = journal_path(db_file)
    assert status.journal == str(journal) and len(load_journal(journal)) == 4
    assert not any("ended (stopped)" in r.getMessage() for r in caplog.records)  # the end was NOT written
    assert any("not written yet" in r.getMessage() for r in caplog.records)
    rec.db.close()
    other.execute("ROLLBACK")
    other.close()

    db = open_db(db_file, wall=wall)  # the next start: its recorder writes the kept writes first
    Recorder(db, ManualClock(clock.now()), wall=wall)
    assert not journal.exists()
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, sid)] == [1.0, 2.0, 3.0, 4.0]
    summary = get_session(db, sid, now=wall())
    assert summary.status == "ended"
    db.close()


def test_a_journal_shrinks_as_the_database_takes_writes_after_close(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    rec, other = _locked_recording(db_file, clock, wall)
    rec.close()
    journal = journal_path(db_file)
    assert journal.exists()
    other.execute("ROLLBACK")
    other.close()
    rec.heartbeat()  # the lock is gone before the program ends: written, and the journal removed
    assert rec.status.backlog == 0 and rec.status.kept == 0 and rec.status.ok
    assert not journal.exists()
    assert len(load_room_samples(rec.db, rec.session_id or "")) == 4
    rec.db.close()


def test_kept_writes_still_refused_at_the_next_start_stay_kept(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    rec, other = _locked_recording(db_file, clock, wall)
    rec.close()
    journal = journal_path(db_file)
    db = sqlite3.connect(db_file)  # still locked when the next recorder starts
    from sqlite_utils import Database

    second = Recorder(Database(db), ManualClock(clock.now()), wall=wall)
    second.db.execute("PRAGMA busy_timeout = 0")
    assert second.status.backlog == 4 and second.status.error_kind == "DatabaseLocked"
    second.close()
    assert len(load_journal(journal)) == 4  # nothing doubled, nothing lost
    other.execute("ROLLBACK")
    other.close()
    rec.db.close()
    db.close()
    db2 = open_db(db_file, wall=wall)
    Recorder(db2, ManualClock(clock.now()), wall=wall)
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db2, rec.session_id or "")] == [1.0, 2.0, 3.0,
                                                                                                      4.0]
    assert not journal.exists()
    db2.close()


def test_inserted_rows_read_back_as_sqlite_utils_insert_all_writes_them(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the recorder's inserts go through one prepared statement (not insert_all's schema work each call): the same rows
    from sqlite_utils import Database
    from sqlite_utils.db import Table

    from dyconsole.storage.write_journal import StoredWrite, insert, insert_rows

    rows = [{"a": 1, "b": "x", "c": {"k": [1, 2]}}, {"a": 2.5, "c": None}, {"b": "甲", "d": (1, "二")}]
    db = Database(tmp_path / "t.db")
    for table in ("ours", "theirs"):
        db.execute(f"CREATE TABLE {table} (a REAL, b TEXT, c TEXT, d TEXT)")
    db["theirs"].insert_all(rows)
    real_insert_all, schema_work = Table.insert_all, []
    monkeypatch.setattr(Table, "insert_all",
                        lambda t, *a, **k: schema_work.append(t.name) or real_insert_all(t, *a, **k))
    insert_rows(db, "ours", rows)  # outside a transaction: committed on its own
    assert not db.conn.in_transaction
    assert db.execute("SELECT * FROM ours").fetchall() == db.execute("SELECT * FROM theirs").fetchall()
    with pytest.raises(RuntimeError), db.atomic():  # inside the caller's transaction: rolled back with it
        StoredWrite((insert("ours", rows[:1]),))(db)
        assert db["ours"].count == 4
        raise RuntimeError("the rest of the transaction failed")
    assert db["ours"].count == 3
    StoredWrite((insert("new_table", [{"v": 1}]),))(db)  # a table not there yet: made as insert_all makes it
    assert db.execute("SELECT v FROM new_table").fetchall() == [(1,)]
    assert schema_work == ["new_table"]  # only where the table had to be made
