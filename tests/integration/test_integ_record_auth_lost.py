"""An authorization lost for good in the middle of a headless recording (the platform dropped the grant: every
token and refresh refused) is loud: the gaps are recorded and the no-data alert fires and is stored, then `record`
stops instead of recording gaps for the rest of the broadcast, and says what to do."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.support.integ_support import INTERVALS, START
from tests.support.virtual_time import VirtualTimeLoop

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.commands.record import AUTH_LOST_STOP_AFTER_S, _alert_monitor, record_broadcast
from dyconsole.core.alerts.defaults import NO_DATA_ID, default_rules
from dyconsole.core.clock import ScaledClock
from dyconsole.services.live.connection import connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

LOST_AT_S = 600.0


def test_a_lost_authorization_alerts_then_stops_the_recording(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.db")

    async def main() -> tuple[object, Recorder, float]:
        clock = ScaledClock(speed=300.0, start=START, monotonic=asyncio.get_running_loop().time)
        connection, inner, room = demo_connection(clock, 3)
        source = await connect_room(connection, clock, MemoryTokenStore(), transport=inner)
        recorder = Recorder(db, clock, source="demo")
        monitor = _alert_monitor(db, recorder, True, "en")

        async def drop_the_grant() -> None:
            await asyncio.sleep(clock.real_seconds(LOST_AT_S))
            book = room.state.qianchuan.book
            book._access.clear()  # the platform forgets every token of this app: only a new code helps
            book._refresh.clear()

        helper = asyncio.create_task(drop_the_grant())
        try:
            poller = await record_broadcast(source, clock, recorder, INTERVALS, until_ts=START + 4 * 3600,
                                            alerts=monitor)
        finally:
            helper.cancel()
            await source.aclose()
        return poller, recorder, clock.now()

    loop = VirtualTimeLoop(1000.0)
    try:
        poller, recorder, ended = loop.run_until_complete(main())
    finally:
        loop.close()
    assert poller.auth_lost and "authorize" in poller.auth_lost  # type: ignore[attr-defined]
    assert ended < START + LOST_AT_S + AUTH_LOST_STOP_AFTER_S + 120  # stopped, not 4 h of gaps
    sid = recorder.session_id
    rows = list(db.query("SELECT is_gap FROM room_samples WHERE session_id = ?", [sid]))
    gaps = sum(r["is_gap"] for r in rows)
    assert 0 < gaps < 0.5 * len(rows)  # the gaps of the loss were recorded, they are not the recording
    no_data = next(r.name for r in default_rules("en") if r.id == NO_DATA_ID)
    fired = [r["rule"] for r in db.query("SELECT rule FROM alerts WHERE session_id = ?", [sid])]
    assert no_data in fired  # the operator was alerted before the recording stopped
    db.close()
