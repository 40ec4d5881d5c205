"""When the machine cannot keep up with the polls, the window says so: a room source made slow (each room poll
takes three of its intervals) makes the poller give up ticks, the status bar shows "Falling behind: N polls
skipped" with the poller's count, and the recording keeps the skips as session events (what the review shows).
A window whose polls keep up shows nothing."""

from __future__ import annotations

import asyncio
import json

from PySide6.QtWidgets import QLabel
from tests.live.test_live_window import SPEED, drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.core.feed import POLLS_SKIPPED_EVENT, PollIntervals
from dyconsole.sources.room_source import LiveRoomSource
from dyconsole.storage.db import open_db
from dyconsole.ui.polls_behind import OBJECT_NAME


def _item(c: Console) -> QLabel:
    assert c.window is not None
    item = c.window.statusBar().findChild(QLabel, OBJECT_NAME)
    assert item is not None
    return item


def test_a_slow_room_poll_is_said_in_the_status_bar_and_kept_with_the_session(  # type: ignore[no-untyped-def]
        qloop, tmp_path, monkeypatch) -> None:
    slow_s = 3 * PollIntervals().room / SPEED  # real seconds: each room poll takes three intervals
    sample = LiveRoomSource.room_sample

    async def slow_sample(self: LiveRoomSource, room_id: str):  # type: ignore[no-untyped-def]
        await asyncio.sleep(slow_s)
        return await sample(self, room_id)

    monkeypatch.setattr(LiveRoomSource, "room_sample", slow_sample)
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        item = _item(c)
        assert item.isHidden()  # nothing skipped yet
        await until(lambda: item.isVisible() and _item(c).text() != "")
        poller = c.polling.poller  # type: ignore[union-attr]
        assert item.text() == f"Falling behind: {item.skipped} polls skipped"
        assert 1 <= item.skipped <= poller.skipped["room"]
        await until(lambda: poller.skipped["room"] >= 6 and item.skipped >= 6)
        # about two of three room ticks are given up (the slow call spans three intervals)
        made = poller.polls["room"]
        assert poller.skipped["room"] >= made
        seen["skipped"] = poller
        seen["session"] = c.parts.recorder.session_id  # type: ignore[union-attr]

    drive(qloop, tmp_path, scenario)
    poller = seen["skipped"]
    db = open_db(tmp_path / "s.sqlite3")
    try:
        rows = [json.loads(r["payload"]) for r in db.query(
            "SELECT payload FROM events WHERE session_id = ? AND kind = ? ORDER BY ts",
            [seen["session"], POLLS_SKIPPED_EVENT])]
    finally:
        db.close()
    assert rows, "the skips are kept with the session"
    assert sum(r["skipped"] for r in rows) == rows[-1]["total"] == sum(poller.skipped.values())  # type: ignore[attr-defined]


def test_a_window_that_keeps_up_shows_no_skipped_polls(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        item = _item(c)
        await until(lambda: len(c.feed.series) > 15)
        poller = c.polling.poller  # type: ignore[union-attr]
        assert item.isHidden() == (sum(poller.skipped.values()) == 0)

    drive(qloop, tmp_path, scenario)
