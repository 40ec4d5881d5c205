"""The 7-day ROI in the console, driven through the main window on the demo room: the live tile beside the
GMV/cost ROI projects from the room's settled session (a `dyconsole record`ed broadcast of the same room, settled
by `dyconsole settle`); the Sessions action's browser shows the settled figure and the live session's projection,
each labelled; the review window has its 7-day ROI tab; the comparison keeps settled and projected in rows of
their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyconsole.app import Console
from dyconsole.core import glossary
from dyconsole.core.derived import AD_COST, GMV
from dyconsole.core.roi_projection import net_factor, project_roi7
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from dyconsole.ui.review.compare_view import CompareView
from dyconsole.ui.review.sessions_browser import COL_ROI7, ID_ROLE
from dyconsole.ui.review.window import ReviewWindow
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.roi7_support import record_demo, settle

SEED = 3  # the live window tests' demo room


@pytest.fixture
def settled_db(tmp_path: Path) -> tuple[Path, str, dict]:
    """The database the console opens: one earlier broadcast of the demo room, settled."""
    db = tmp_path / "s.sqlite3"
    sid = record_demo(db, seed=SEED, seconds=1800, data_dir=tmp_path)
    settle(db, sid, tmp_path)
    conn = open_db(db)
    try:
        row = settlements.get(conn, sid)
    finally:
        conn.close()
    assert row is not None and row["status"] == "done"
    return db, sid, row


def test_tile_browser_review_and_compare(qloop, tmp_path: Path, settled_db: tuple[Path, str, dict]) -> None:  # type: ignore[no-untyped-def]
    _db, settled_id, row = settled_db
    factor = net_factor([row["sales_fen"] / row["paid_fen"]])

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: c.feed.latest_sample is not None and (c.feed.latest_sample.get(AD_COST) or 0) > 0
                    and (c.feed.latest_sample.get(GMV) or 0) > 0 and c.recorder.session_id is not None)
        w.refresh_text(force=True)
        tiles = w.tiles
        order = [t for t in tiles._order if not tiles.tiles[t].isHidden()]
        assert order[order.index("live_roi") + 1] == "roi7_projected"  # beside the GMV/cost ROI
        tile = tiles.tiles["roi7_projected"]
        assert tile.title.full_text() == glossary.label("roi7_projected", "en") == "7-day ROI (projected)"
        assert tiles.tiles["live_roi"].title.full_text() != tile.title.full_text()
        sample = c.parts.roi7.projection
        figure = sample.figure()
        expected = project_roi7(sample._gmv, sample._cost, factor)
        assert figure.sessions == 1 and figure.value == pytest.approx(expected.value)
        assert tile.value.text() == glossary.fmt("roi7_projected", figure.value, "en")
        low, high = tile.change.text().split("~")
        assert (low, high) == (glossary.fmt("roi7_projected", figure.low, "en"),
                               glossary.fmt("roi7_projected", figure.high, "en"))
        assert "1 settled sessions" in tile.toolTip()
        # hiding the GMV/cost ROI takes the projection with it: it is never shown alone
        tiles.set_visible_tiles([t for t in tiles.visible_tiles() if t != "live_roi"])
        assert tile.isHidden()
        tiles.set_visible_tiles([*tiles.visible_tiles(), "live_roi"])
        assert not tile.isHidden()

        # the Sessions action: the browser's 7-day ROI column
        w.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        browser = c.review.browser
        live_id = c.recorder.session_id
        cells = {browser.proxy.index(r, 0).data(ID_ROLE): browser.proxy.index(r, COL_ROI7).data()
                 for r in range(browser.proxy.rowCount())}
        assert cells[settled_id] == f"{row['roi']:.2f} (settled)"
        assert cells[live_id].endswith(" (projected)")

        # the review window's 7-day ROI tab: the settled figure and its parts
        browser.open_requested.emit(settled_id)
        await until(lambda: any(isinstance(x, ReviewWindow) for x in c.review.windows), 20)
        review = next(x for x in c.review.windows if isinstance(x, ReviewWindow))
        assert "roi7" in review.review_tab_keys()
        review.show_review_tab("roi7")
        panel = review.side.currentWidget()
        table = getattr(panel, "table", None) or panel.widget().table
        shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
        assert shown["7-day ROI (settled)"] == f"{row['roi']:.2f}"
        assert shown["7-day repurchases"] == glossary.fmt("repurchase_7d", row["repurchase_fen"] / 100, "en")
        assert shown["7-day sales (with repurchases)"] == glossary.fmt("sales_7d", row["sales_fen"] / 100, "en")
        assert "Live ROI (GMV/cost)" in shown and "7-day ROI (projected)" not in shown

        # the comparison: settled and projected each in its own row
        browser.compare_requested.emit(settled_id, live_id)
        await until(lambda: any(isinstance(x, CompareView) for x in c.review.windows), 20)
        view = next(x for x in c.review.windows if isinstance(x, CompareView))
        diffs = {d.spec.key: d for d in view.diffs}
        assert diffs["roi7_settled"].a == pytest.approx(row["roi"]) and diffs["roi7_settled"].b is None
        assert diffs["roi7_projected"].a is None and diffs["roi7_projected"].b is not None
        labels = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
        assert labels.index("7-day ROI (settled)") == labels.index("Live ROI (GMV/cost)") + 1

    drive(qloop, tmp_path, scenario, seed=SEED)
