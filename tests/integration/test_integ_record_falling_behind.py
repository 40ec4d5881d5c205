"""`record` says when the machine cannot keep up: with every room poll taking three of its intervals (a slow
source), the poller gives up the ticks whose interval passed, `record` says "falling behind: N polls skipped" on
stderr and the session keeps the skips as events; every due room tick is either polled or counted as skipped.
Virtual time: exact and load-proof."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from tests.support.integ_support import INTERVALS, START
from tests.support.virtual_time import VirtualTimeLoop

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.commands.record import record_broadcast
from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import POLLS_SKIPPED_EVENT
from dyconsole.services.live.connection import connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.room_source import LiveRoomSource
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

DURATION_S = 600.0


def test_record_says_when_it_falls_behind_and_keeps_it_with_the_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sample = LiveRoomSource.room_sample

    async def slow_sample(self: LiveRoomSource, room_id: str):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.clock.real_seconds(3 * INTERVALS.room))
        return await sample(self, room_id)

    monkeypatch.setattr(LiveRoomSource, "room_sample", slow_sample)
    db = open_db(tmp_path / "r.db")

    async def main() -> tuple[object, Recorder]:
        clock = ScaledClock(speed=60.0, start=START, monotonic=asyncio.get_running_loop().time)
        connection, inner, _room = demo_connection(clock, 3)
        source = await connect_room(connection, clock, MemoryTokenStore(), transport=inner)
        recorder = Recorder(db, clock, source="demo")
        try:
            poller = await record_broadcast(source, clock, recorder, INTERVALS, until_ts=clock.now() + DURATION_S)
        finally:
            await source.aclose()
        return poller, recorder

    loop = VirtualTimeLoop(1000.0)
    try:
        poller, recorder = loop.run_until_complete(main())
    finally:
        loop.close()
    skipped = poller.skipped  # type: ignore[attr-defined]
    room_polls = poller.polls["room"]  # type: ignore[attr-defined]
    # each room call spans three ticks: two of every three are given up, and every due tick is accounted for
    # (but the two that came due while the last call was in flight when the recording stopped)
    assert skipped["room"] >= 1.5 * room_polls
    assert 0 <= DURATION_S / INTERVALS.room - (room_polls + skipped["room"]) <= 2
    said = [line for line in capsys.readouterr().err.splitlines() if "falling behind:" in line]
    assert said and "this machine cannot keep up" in said[0]
    totals = [int(m.group(1)) for m in (re.search(r", (\d+) in all", line) for line in said) if m]
    assert len(totals) == len(said) and totals[-1] == sum(skipped.values())
    rows = [json.loads(r["payload"]) for r in db.query(
        "SELECT payload FROM events WHERE session_id = ? AND kind = ? ORDER BY ts",
        [recorder.session_id, POLLS_SKIPPED_EVENT])]
    db.close()
    assert [r["total"] for r in rows] == totals  # each line said is kept with the session
    assert sum(r["skipped"] for r in rows) == sum(skipped.values())
