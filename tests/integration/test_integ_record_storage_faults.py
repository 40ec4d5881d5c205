"""`dyconsole record` while another program locks the database: every poll is said "not written yet"; stopping it
while the lock lasts keeps the waiting writes in the journal beside the database, says so (no "will retry" it
will not do), exits 1; the next recorder writes them, so nothing the room served is lost."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from dyconsole.core.clock import ManualClock
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.write_journal import journal_path
from tests.support.cli_support import Background


def test_stopping_record_during_a_lock_keeps_the_writes_and_exits_1(tmp_path: Path) -> None:
    db_file = tmp_path / "r.db"
    bg = Background.start(["record", "--db", str(db_file), "--speed", "300", "--duration", "5000", "--seed", "4"])
    other = None
    try:
        bg.wait_for("committed", count=3)
        other = sqlite3.connect(db_file, isolation_level=None, timeout=30)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        bg.wait_for("not written yet", count=3)
        bg.proc.send_signal(signal.SIGTERM)
        code, _out = bg.finish()
    finally:
        bg.kill()
    err = bg.stderr()
    journal = journal_path(db_file)
    assert code == 1, err
    assert f"kept in {journal}" in err and "written at the next start" in err
    assert "will retry" not in err and "Traceback" not in err
    waiting = sum("room poll" in line and "not written yet" in line for _, line in bg.lines)
    committed = sum("room poll" in line and line.endswith(" committed") for _, line in bg.lines)
    sid = next(line.split()[-1] for _, line in bg.lines if "recording session" in line)
    assert other is not None
    other.execute("ROLLBACK")
    other.close()

    db = open_db(db_file)
    Recorder(db, ManualClock(0.0))  # the next start
    assert not journal.exists()
    stored = db.execute("SELECT count(*) FROM room_samples WHERE session_id = ?", [sid]).fetchone()[0]
    assert stored >= committed + waiting  # every poll said, written (a poll may have come after the last line)
    status, reason = db.execute("SELECT status, end_reason FROM sessions WHERE id = ?", [sid]).fetchone()
    assert (status, reason) == ("ended", "stopped")
    db.close()
