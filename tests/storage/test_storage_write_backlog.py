"""The recorder's write backlog on its own: writes land in order, one transaction each with the heartbeat; a
failure stops the flush, rolls back that write and keeps it (and the rest) for the next flush; a full backlog
drops ordinary writes but never essential ones."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from dyconsole.storage.errors import StorageError
from dyconsole.storage.write_backlog import PendingWrite, WriteBacklog


def _db() -> Database:
    db = Database(memory=True)
    db.execute("CREATE TABLE t (v INTEGER)")
    db.execute("CREATE TABLE beats (sid TEXT)")
    return db


def _insert(v: int) -> PendingWrite:
    return PendingWrite(f"v{v}", "s1", lambda db: db.execute("INSERT INTO t VALUES (?)", [v]))


def _touch(db: Database, sid: str | None) -> None:
    db.execute("INSERT INTO beats VALUES (?)", [sid])


def _values(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT v FROM t ORDER BY rowid").fetchall()]


def test_a_failure_keeps_that_write_and_the_rest_in_order_until_the_next_flush() -> None:
    db, backlog = _db(), WriteBacklog(limit=10)
    broken = {"on": True}

    def flaky(d: Database) -> None:
        d.execute("INSERT INTO t VALUES (2)")
        if broken["on"]:
            raise sqlite3.OperationalError("database is locked")

    for p in (_insert(1), PendingWrite("v2", "s1", flaky), _insert(3)):
        backlog.submit(p)
    backlog.flush(db, _touch)
    assert _values(db) == [1] and len(backlog) == 2  # the failed write was rolled back, heartbeat included
    assert db.execute("SELECT count(*) FROM beats").fetchone()[0] == 1
    assert isinstance(backlog.error, StorageError) and "locked" in str(backlog.error).lower()
    broken["on"] = False
    backlog.flush(db, _touch)
    assert _values(db) == [1, 2, 3] and len(backlog) == 0 and backlog.error is None
    assert db.execute("SELECT count(*) FROM beats").fetchone()[0] == 3


def test_a_full_backlog_drops_ordinary_writes_but_never_essential_ones() -> None:
    db, backlog = _db(), WriteBacklog(limit=2)
    for v in (1, 2, 3):
        backlog.submit(_insert(v))
    backlog.submit(PendingWrite("end", "s1", lambda d: d.execute("INSERT INTO t VALUES (9)"), essential=True))
    assert len(backlog) == 3 and backlog.dropped == 1
    backlog.flush(db, _touch)
    assert _values(db) == [1, 2, 9]
