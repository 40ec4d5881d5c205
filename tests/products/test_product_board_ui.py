"""The product board and the surge hint in the live window, on the demo room's viral-product scenario driven at
speed, through MainWindow: View → Products board (Ctrl+P) shows the board and widens the side pane; the board
lists every product in its list position with 讲解中 on the explained one; sorting keeps the selection; a poll
keeps the selection and the scroll position without a model reset; the viral product's click surge raises the amber
strip naming it (and a chart marker), is stored with the session as a product_surge event and shows on the review
timeline."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import EXPLAINING
from dyconsole.services.products.surge import SURGE_EVENT
from dyconsole.services.settings.app_settings import AppSettings
from dyconsole.storage.db import open_db
from dyconsole.storage.loaders import load_events
from dyconsole.storage.recorded_session import load_review
from dyconsole.ui.products.attachment import BOARD_TAB_KEY
from dyconsole.core.products.surge import SurgeDetector
from dyconsole.ui.products.board_model import COLUMN_KEYS, EXPLAINING_ROLE, ID_ROLE, SURGING_ROLE
from dyconsole.ui.review.window import ReviewWindow

SPEED = 120.0


def _list_order(products: list[ProductSample]) -> list[str]:
    return [p.product_id for p in sorted(products, key=lambda p: p.position or 0)]


def test_board_and_surge_hint_on_the_viral_product(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.sqlite3"
    args = argparse.Namespace(source="demo", speed=SPEED, seed=1, scenario="viral-product", db=str(db), lang="en",
                              screenshot=None, quit_after=None)
    c = Console(args, AppSettings(), "en")
    seen: dict[str, object] = {}

    async def scenario() -> None:
        w = c.window
        ui = c.parts.product_ui
        board = ui.board
        await until(lambda: len(c.feed.products) > 20)
        # View → Products board (Ctrl+P): the board in front, the side pane widened for it
        action = next(a for a in w.menu_actions("view") if a.shortcut().toString() == "Ctrl+P")
        side_before = w.splitter.sizes()[1]
        action.trigger()
        assert w.current_side_tab() == BOARD_TAB_KEY
        assert w.splitter.sizes()[1] > side_before
        # every product in its list position, 讲解中 on the one being explained
        w.refresh_text(force=True)
        products = list(c.feed.products)
        assert board.shown_ids() == _list_order(products)
        explained = {p.product_id for p in products if p.explain_status == EXPLAINING}
        title_col = COLUMN_KEYS.index("title")
        badged = {board.proxy.index(r, title_col).data(ID_ROLE) for r in range(board.proxy.rowCount())
                  if board.proxy.index(r, title_col).data(EXPLAINING_ROLE)}
        assert badged == explained and len(explained) == 1
        # sorting by clicks keeps the selected product selected
        resets: list[int] = []
        board.model.modelReset.connect(lambda: resets.append(1))
        chosen = board.shown_ids()[5]
        board.select_product(chosen)
        board.table.sortByColumn(COLUMN_KEYS.index("clicks"), Qt.SortOrder.DescendingOrder)
        assert board.selected_product() == chosen
        clicks = [board.model.row(board.model.row_of(pid)).clicks or 0.0 for pid in board.shown_ids()]
        assert clicks == sorted(clicks, reverse=True) and board.shown_ids() != _list_order(products)
        # a new poll: figures move, the selection and the scroll position stay, no reset
        bar = board.table.verticalScrollBar()
        assert bar.maximum() > 0, "the board must be long enough to scroll"
        bar.setValue(bar.maximum() // 2)
        scrolled = bar.value()
        shown_poll = c.feed.products
        await until(lambda: c.feed.products is not shown_poll)
        w.refresh_text(force=True)
        assert board.model.row(board.model.row_of(chosen)).clicks is not None
        assert board.selected_product() == chosen and bar.value() == scrolled and not resets
        # the viral product's clicks jump: the amber strip names it, the charts are marked
        sim = c.demo.simulator
        await until(lambda: ui.strip.isVisible(), timeout_s=60.0)
        viral = [ev for ev, _start, _end in sim.truth.events if ev.kind == "viral_product"]
        assert viral, "the scenario's viral product has started"
        target = viral[0].target
        assert ui.strip.shown is not None and ui.strip.shown.product_id == target
        title = c.feed.product_history.titles[target]
        assert ui.strip.product.text() == title and ui.markers
        # ... and the board marks it in its own row (激增 / Surging) while its hint is up
        assert board.surging_ids() == [target] == c.parts.surge.active
        row = board.proxy.mapFromSource(board.model.index(board.model.row_of(target), title_col)).row()
        assert board.proxy.index(row, title_col).data(SURGING_ROLE)
        assert "Surging" in board.proxy.index(row, title_col).data(Qt.ItemDataRole.ToolTipRole)
        # the hint clears (a detector with no hint up): the next poll takes the mark down with the strip
        c.parts.surge.detector = SurgeDetector()
        marked_poll = c.feed.products
        await until(lambda: c.feed.products is not marked_poll)
        # the detection runs on a worker: its outcome follows the poll (waiting to see the worker idle raced the
        # next polls, which keep it busy at this speed)
        await until(lambda: board.surging_ids() == [] and not ui.strip.isVisible())
        assert not board.proxy.index(row, title_col).data(SURGING_ROLE)
        seen["target"], seen["title"] = target, title
        seen["session"] = c.recorder.session_id

    async def main() -> int:
        run = asyncio.ensure_future(c.run())
        await until(lambda: c.window is not None)
        c.window.resize(1280, 720)
        try:
            await scenario()
        finally:
            if c.window is not None:
                c.window.close()
        return await asyncio.wait_for(run, 10)

    assert qloop.run_until_complete(main()) == 0
    # stored with the session, and on the review timeline
    events = [e for e in load_events(open_db(str(db)), str(seen["session"])) if e.kind == SURGE_EVENT]
    assert any(e.payload["product_id"] == seen["target"] and e.payload["evidence"] > 0
               and e.payload["rate_after"] > e.payload["rate_before"] for e in events)
    review = ReviewWindow(load_review(db, str(seen["session"])), "en")
    try:
        rows = [(review.timeline.table.item(r, 1).text(), review.timeline.table.item(r, 2).text())
                for r in range(review.timeline.table.rowCount())]
        assert any(what == "Product clicks surging" and detail.startswith(str(seen["title"])) for what, detail in rows)
    finally:
        review.close()
        review.deleteLater()
