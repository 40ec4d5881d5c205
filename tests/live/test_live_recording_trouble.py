"""The window shows a recording that cannot be written, through its problem banner and the status strip's REC
place: a database locked mid-broadcast ("● Not written: N — the database is locked"), a database unusable at start
(the reason stays; the one-second refresh does not wipe it); closing the window while the fault lasts keeps the
waiting writes in the journal beside the database, says so, and ends the run non-zero."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tests.live.test_live_window import drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.sessions import list_sessions
from dyconsole.storage.write_journal import journal_path


def test_a_locked_database_shows_in_the_window_and_closing_keeps_the_writes(  # type: ignore[no-untyped-def]
        qloop, tmp_path: Path, caplog) -> None:
    db_file = tmp_path / "s.sqlite3"  # drive's database
    held: list[sqlite3.Connection] = []

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: c.recorder is not None and c.recorder.recording and len(c.feed.series) > 3)
        assert "REC" in w.status.session_label.text() and w.problem_banner.isHidden()
        c.recorder.db.execute("PRAGMA busy_timeout = 0")  # fail at once instead of holding the UI thread
        other = sqlite3.connect(db_file, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the database
        held.append(other)
        await until(lambda: c.recorder.status.backlog >= 3)
        await asyncio.sleep(1.2)  # a text clock tick: the refresh must not wipe it
        label = w.status.session_label.text()
        assert label.startswith("● Not written: ") and "the database is locked" in label
        assert int(label.split(": ")[1].split(" ")[0]) >= 3  # the waiting writes only grow while locked
        assert w.problem_banner.isVisible() and "locked" in w.problem_banner.text.text()

    drive(qloop, tmp_path, scenario, exit_code=1)  # the run could not write everything: not a success
    journal = journal_path(db_file)
    assert journal.exists()
    assert any("kept in" in r.getMessage() and str(journal) in r.getMessage() for r in caplog.records)
    assert not any("ended (stopped)" in r.getMessage() for r in caplog.records)
    held[0].execute("ROLLBACK")
    held[0].close()

    db = open_db(db_file)  # the next start writes what was kept: the session ends as it should have
    Recorder(db)
    assert not journal.exists()
    sessions = list_sessions(db)
    assert len(sessions) == 1 and sessions[0].status == "ended" and sessions[0].end_reason == "stopped"
    db.close()


def test_a_database_unusable_at_start_says_why_and_keeps_saying_it(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a-folder"
    folder.mkdir()

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: len(c.feed.series) > 3)
        await asyncio.sleep(1.2)  # the status strip refreshed at least once since
        assert w.problem_banner.isVisible()
        assert "Not recording" in w.problem_banner.text.text() and "is a folder" in w.problem_banner.text.text()
        assert w.status.session_label.text().startswith("● Not recorded — ")
        assert "is a folder" in w.status.error_label.text()

    drive(qloop, tmp_path, scenario, db=str(folder))


def test_a_lost_authorization_is_a_lasting_banner(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: c.recorder is not None and c.recorder.recording and len(c.feed.series) > 3)
        assert w.problem_banner.isHidden()
        book = c.demo.state.qianchuan.book
        book._access.clear()  # the platform drops the grant: every token and refresh refused from now on
        book._refresh.clear()
        await until(lambda: w.problem_banner.isVisible())
        text = w.problem_banner.text.text()
        assert "The authorization is lost" in text and "authorize again" in text
        await asyncio.sleep(1.2)  # still there after the status strip's refresh
        assert w.problem_banner.isVisible() and "authorization is lost" in w.problem_banner.text.text()

    drive(qloop, tmp_path, scenario)
