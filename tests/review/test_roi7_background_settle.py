"""The console settles the sessions whose 7 days have passed in the background when it opens (a demo broadcast can
be settled at once: its room is rebuilt past the cut-off), never the session it is recording: driven through the
main window, the sessions browser then shows the settled figure, equal to the simulator's truth to the fen."""

from __future__ import annotations

from pathlib import Path

from dyconsole.app import Console
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from dyconsole.ui.review.sessions_browser import COL_ROI7, ID_ROLE
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.roi7_support import record_demo, simulator_truth

SEED = 3


def _settled(db_path: Path, sid: str) -> dict | None:
    db = open_db(db_path)
    try:
        return settlements.get(db, sid)
    finally:
        db.close()


def test_due_sessions_settle_in_the_background_when_the_console_opens(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "s.sqlite3"
    earlier = record_demo(db_path, seed=SEED, seconds=900, data_dir=tmp_path)  # recorded, never settled
    assert _settled(db_path, earlier) is None
    seen: list[str] = []

    async def scenario(c: Console) -> None:
        background = c.parts.roi7.background
        assert background is not None
        background.settled.connect(lambda sid, _roi: seen.append(sid))
        await until(lambda: c.recorder.session_id is not None)
        await until(lambda: earlier in seen or not background.running, 60)
        assert seen == [earlier]  # the earlier broadcast, and not the one on air
        row = settlements.get(c.recorder.db, earlier)
        assert row is not None and row["status"] == "done"
        c.window.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        browser = c.review.browser
        cells = {browser.proxy.index(r, 0).data(ID_ROLE): browser.proxy.index(r, COL_ROI7).data()
                 for r in range(browser.proxy.rowCount())}
        assert cells[earlier] == f"{row['roi']:.2f} (settled)"
        assert cells[c.recorder.session_id] != f"{row['roi']:.2f} (settled)"
        assert not str(cells[c.recorder.session_id]).endswith("(settled)")

    drive(qloop, tmp_path, scenario, seed=SEED)
    row = _settled(db_path, earlier)
    truth = simulator_truth(db_path, earlier)
    assert row is not None and (row["paid_fen"], row["repurchase_fen"], row["sales_fen"]) == (
        truth["paid"], truth["repurchase"], truth["sales"])
