"""A second recorder of a broadcast another running recorder records is refused at once and clearly: it stops
polling (no line every poll) and never takes the session over; `record` ends with exit 1 saying why."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from tests.support.integ_support import INTERVALS, START
from tests.support.virtual_time import VirtualTimeLoop

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.commands.record import record_broadcast
from dyconsole.core.clock import ScaledClock
from dyconsole.services.live.connection import connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder


def test_a_broadcast_recorded_elsewhere_is_refused_and_polling_stops(tmp_path: Path) -> None:
    db = open_db(tmp_path / "b.db")

    async def main() -> tuple[object, Recorder, float]:
        clock = ScaledClock(speed=300.0, start=START, monotonic=asyncio.get_running_loop().time)
        connection, inner, _room = demo_connection(clock, 3)
        source = await connect_room(connection, clock, MemoryTokenStore(), transport=inner)
        info = await source.find_live_room()
        first = Recorder(db, clock, source="demo")  # another dyconsole records this broadcast right now
        first.on_room_info(info)
        db.execute("UPDATE sessions SET recorder_pid = ?, heartbeat_at = ? WHERE id = ?",
                   [os.getppid(), time.time(), first.session_id])
        second = Recorder(db, clock, source="demo")
        try:
            poller = await record_broadcast(source, clock, second, INTERVALS, until_ts=START + 3600)
        finally:
            await source.aclose()
        return poller, second, clock.now()

    loop = VirtualTimeLoop(1000.0)
    try:
        poller, second, ended = loop.run_until_complete(main())
    finally:
        loop.close()
    assert second.refused is not None and "being recorded by another" in str(second.refused)
    assert ended < START + 60 and poller.polls["room"] <= 2  # type: ignore[attr-defined]  # stopped at once
    assert second.session_id is None and db["sessions"].count == 1
    db.close()
