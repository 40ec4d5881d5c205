"""An interrupted session (its window or recorder killed: no end was ever written) lists its length up to its
last sample, in the sessions browser opened from the main window (and, tests/storage/test_cli_contract, in
`dyconsole sessions`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.storage_helpers import START, Wall, living, room_sample

from dyconsole.app import Console
from dyconsole.core.clock import ManualClock
from dyconsole.core.numfmt import fmt_duration
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.ui.review.sessions_browser import COL_LENGTH, COL_STATUS

LAST_SAMPLE_S = 25 * 60 + 30  # the last sample before the kill


def record_killed_session(db_file: Path) -> str:
    """A session whose recorder died: samples written, no end, its last heartbeat long ago."""
    db = open_db(db_file, wall=Wall())
    rec = Recorder(db, ManualClock(START), wall=Wall())
    rec.on_room_info(living())
    for ts in (START + 5, START + 600, START + LAST_SAMPLE_S):
        rec.on_room(room_sample(ts, total_live_watch_cnt=ts - START, live_pay_order_gmv_alias=1.0))
    sid = rec.session_id or ""
    db.close()  # never rec.close(): killed
    return sid


def test_the_browser_lists_an_interrupted_sessions_length(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sid = record_killed_session(tmp_path / "s.sqlite3")
    seen: dict[str, str] = {}

    async def scenario(c: Console) -> None:
        assert c.window is not None
        c.window.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        browser = c.review.browser  # type: ignore[union-attr]
        row = browser.visible_ids().index(sid)
        seen["length"] = browser.proxy.index(row, COL_LENGTH).data()
        seen["status"] = browser.proxy.index(row, COL_STATUS).data()
        c.review.close_all()  # type: ignore[union-attr]
        await asyncio.sleep(0)

    drive(qloop, tmp_path, scenario)
    assert seen["length"] == fmt_duration(LAST_SAMPLE_S, "en") and seen["length"] != fmt_duration(None, "en")
    assert seen["status"] == "interrupted"
