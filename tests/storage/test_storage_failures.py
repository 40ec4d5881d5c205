"""Every way the database can fail: a clear StorageError, no crash, nothing stored lost, and while recording a
bounded backlog that is retried on the next poll and reported through the status callback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from tests.support.storage_helpers import START, Wall, living, room_sample

from dyconsole.cli import main
from dyconsole.core.clock import ManualClock
from dyconsole.core.model import ProductSample
from dyconsole.storage.db import RECORDER_BUSY_TIMEOUT_MS, open_db, storage_errors
from dyconsole.storage.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, StorageError
from dyconsole.storage.recorder import Recorder, RecorderStatus
from dyconsole.storage.sessions import get_session, load_room_samples


def _recording(db: Database, clock: ManualClock, wall: Wall, **kw: object) -> tuple[Recorder, list[RecorderStatus]]:
    seen: list[RecorderStatus] = []
    rec = Recorder(db, clock, wall=wall, on_status=seen.append, **kw)  # type: ignore[arg-type]
    rec.on_room_info(living())
    return rec, seen


def _poll(rec: Recorder, clock: ManualClock, value: float) -> None:
    clock.advance(5)
    rec.on_room(room_sample(clock.now(), total_live_watch_cnt=value))


def test_a_corrupt_file_is_refused_clearly_and_left_untouched(
        db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = bytes(range(256)) * 64
    db_file.write_bytes(garbage)
    with pytest.raises(DatabaseCorrupt, match="damaged or is not a dyconsole database") as info:
        open_db(db_file)
    assert str(db_file) in str(info.value)
    assert db_file.read_bytes() == garbage
    assert main(["sessions", "--db", str(db_file)]) == 3  # a data/database problem (commands.exit_codes)
    assert "damaged" in capsys.readouterr().err
    assert db_file.read_bytes() == garbage


def test_a_locked_database_keeps_polls_in_the_backlog_and_catches_up(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    db = open_db(db_file, busy_timeout_ms=RECORDER_BUSY_TIMEOUT_MS, wall=wall)
    db.execute("PRAGMA busy_timeout = 20")
    rec, seen = _recording(db, clock, wall)
    _poll(rec, clock, 1.0)

    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    other.execute("INSERT INTO events (ts, kind, payload) VALUES (0, 'other', '{}')")
    _poll(rec, clock, 2.0)
    _poll(rec, clock, 3.0)
    status = rec.status
    assert (status.backlog, status.error_kind) == (2, "DatabaseLocked")
    assert "locked by another program" in status.error and str(db_file) in status.error
    assert seen[-1] == status  # the UI was told
    reader = open_db(db_file, busy_timeout_ms=20, wall=wall)  # reading still works (the CLI, the review)
    assert get_session(reader, rec.session_id or "", now=wall()).samples == 1
    with pytest.raises(DatabaseLocked), storage_errors(reader):  # a write says who is in the way
        reader.execute("UPDATE sessions SET notes = 'x'")
    reader.close()

    other.execute("COMMIT")
    other.close()
    _poll(rec, clock, 4.0)
    assert rec.status.ok and rec.status.backlog == 0 and seen[-1].ok
    values = [s.get("total_live_watch_cnt") for s in load_room_samples(db, rec.session_id or "")]
    assert values == [1.0, 2.0, 3.0, 4.0]  # in order, none lost
    db.close()


def test_a_read_only_database_reports_and_keeps_what_is_stored(
        db_file: Path, clock: ManualClock, wall: Wall) -> None:
    db = open_db(db_file, wall=wall)
    rec, _ = _recording(db, clock, wall)
    _poll(rec, clock, 1.0)
    sid = rec.session_id or ""
    db.close()
    before = db_file.read_bytes()

    ro = open_db(db_file, readonly=True, wall=wall)
    late = Recorder(ro, clock, wall=wall)
    late.resume(sid)
    _poll(late, clock, 2.0)
    status = late.status
    assert status.error_kind == "DatabaseReadOnly" and "cannot be written" in status.error
    assert status.backlog == 2  # the resume and the poll wait for a writable database
    assert get_session(ro, sid, now=wall()).samples == 1
    ro.close()
    assert db_file.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file permissions do not bind root")
def test_a_read_only_file_is_opened_read_only_for_reading(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_db(db_file).close()
    db_file.chmod(0o444)
    try:
        with pytest.raises(DatabaseReadOnly):
            open_db(db_file)
        assert main(["sessions", "--db", str(db_file), "--json"]) == 0
        assert capsys.readouterr().out.strip() == "[]"
    finally:
        db_file.chmod(0o644)


def test_a_full_disk_keeps_polls_until_there_is_room_again(db: Database, clock: ManualClock, wall: Wall) -> None:
    rec, seen = _recording(db, clock, wall)
    _poll(rec, clock, 1.0)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: no page can be added
    big = [ProductSample(clock.now(), f"p{i}", "长标题" * 200, "UNEXPLAIN", i, {}) for i in range(50)]
    rec.on_products(clock.now(), big)
    _poll(rec, clock, 2.0)
    assert rec.status.error_kind == "DatabaseFull" and "full" in rec.status.error
    assert rec.status.backlog == 2 and db["product_samples"].count == 0
    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    _poll(rec, clock, 3.0)
    assert rec.status.ok and db["product_samples"].count == 50
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, rec.session_id or "")] == [1.0, 2.0, 3.0]
    assert any(not s.ok for s in seen) and seen[-1].ok


def test_the_backlog_is_bounded_and_counts_what_it_drops(db_file: Path, clock: ManualClock, wall: Wall) -> None:
    db = open_db(db_file, wall=wall)
    db.execute("PRAGMA busy_timeout = 0")
    rec, _ = _recording(db, clock, wall, backlog_limit=3)
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    for value in range(6):
        _poll(rec, clock, float(value))
    assert rec.status.backlog == 3 and rec.status.dropped == 3 and not rec.status.ok
    rec.close()  # the session end is kept even with a full backlog
    assert rec.status.backlog == 4
    other.execute("ROLLBACK")
    other.close()
    rec.heartbeat()
    assert rec.status.backlog == 0
    summary = get_session(db, rec.session_id or "", now=wall())
    assert summary.status == "ended"
    assert [s.get("total_live_watch_cnt") for s in load_room_samples(db, rec.session_id or "")] == [0.0, 1.0, 2.0]
    db.close()


def test_storage_errors_read_well() -> None:
    error = StorageError("the disk is on fire", "/x/y.sqlite3")
    assert str(error) == "the disk is on fire" and error.path == Path("/x/y.sqlite3")


def test_opening_waits_for_another_program_creating_the_database(db_file: Path, wall: Wall) -> None:
    import threading

    other = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")  # the first recorder is creating the schema
    other.execute("CREATE TABLE first_one (x)")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        db = open_db(db_file, busy_timeout_ms=RECORDER_BUSY_TIMEOUT_MS, wall=wall)  # waited, not "locked"
    finally:
        release.join()
        other.close()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == RECORDER_BUSY_TIMEOUT_MS
    assert "sessions" in db.table_names()
    db.close()


@pytest.mark.parametrize("where", ["missing/sub/x.db", "folder"])
def test_a_database_path_that_cannot_be_opened_says_why(tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(StorageError) as info:
        open_db(tmp_path / where)
    text = str(info.value)
    assert ("folder" in text and "does not exist" in text) if "missing" in where else "is a folder" in text


def test_no_storage_message_promises_a_retry_it_cannot_keep() -> None:
    from dyconsole.storage.errors import translate

    for exc in (sqlite3.OperationalError("database is locked"), sqlite3.OperationalError("database or disk is full")):
        assert "will retry" not in str(translate(exc, "/x/sessions.sqlite3"))
