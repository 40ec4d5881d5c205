"""Delivery by region driven through the windows: View → Delivery by region shows the side tab with the host's
line, the tile map and the table (the shop's stored deliveries beside the audience's cities as polled; "not
enough orders yet" below the threshold); its CSV export writes the table, and a path it cannot write is told in
the panel; the review window of a recorded session has the Delivery tab."""

from __future__ import annotations

import csv
from pathlib import Path

from dyconsole.app import Console
from dyconsole.core.delivery import MIN_DELIVERED
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from dyconsole.storage.deliveries import shipments
from dyconsole.ui.delivery.panel import DeliveryPanel
from dyconsole.ui.review.window import ReviewWindow
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.delivery_support import delivered_orders
from tests.support.roi7_support import record_demo, settle

SEED = 3


def test_delivery_tab_review_tab_and_csv(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "s.sqlite3"
    recorded = record_demo(db_path, seed=SEED, seconds=300, data_dir=tmp_path)
    settle(db_path, recorded, tmp_path)  # its orders' provinces and delivery times, as `dyconsole settle` stores them
    db = open_db(db_path)
    try:  # and an earlier history of the shop (a settled session's orders): enough for Zhejiang, not for Xinjiang
        settlements.store_page(db, "earlier", delivered_orders("浙江", "杭州", 1.0, 2 * MIN_DELIVERED, 0)
                               + delivered_orders("新疆", "乌鲁木齐", 5.0, 3, 100), 0.0, 0, seen_at=1_800_000_000.0)
        stored = {p: [s for s in shipments(db) if s.province == p and s.receipt_time is not None]
                  for p in ("浙江", "新疆")}  # the delivered ones
    finally:
        db.close()
    assert len(stored["新疆"]) < MIN_DELIVERED

    async def scenario(c: Console) -> None:
        w = c.window
        action = next(a for a in w.menu_actions("view") if a.text() == "&Delivery by region")
        await until(lambda: {"ENTER", "PAY"} <= set(c.parts.delivery.watch.cities), 30)  # the audience by city
        action.trigger()
        assert w.current_side_tab() == "delivery"
        w.refresh_text(force=True)
        panel: DeliveryPanel = c.parts.delivery.panel
        rows = {panel.table.item(r, 0).text(): [panel.table.item(r, k).text() for k in range(8)]
                for r in range(panel.table.rowCount())}
        assert rows["Zhejiang"][3] == "1.0 d" and rows["Zhejiang"][6] == str(len(stored["浙江"]))
        assert rows["Xinjiang"][3] == "Not enough orders yet" and rows["Xinjiang"][6] == str(len(stored["新疆"]))
        assert panel.line.text().startswith("The host can say: Next-day delivery to Zhejiang")
        assert any(v[1] not in ("—", "") for v in rows.values())  # the polled audience's share of viewers
        assert f"fewer than {MIN_DELIVERED} delivered orders" in panel.note.text()
        assert panel.map.tile_text("浙江") == ("Zhejiang", "1.0 d") and panel.map.tile_text("新疆")[1] == "—"
        out = tmp_path / "delivery.csv"
        assert panel.export_csv(out) and not panel.problem.isVisible()
        with open(out, encoding="utf-8-sig") as handle:
            table = list(csv.reader(handle))
        assert table[0][0] == "Region" and any(r[0] == "Zhejiang" and r[3] == "1" for r in table[1:])
        shares = {row.label("en"): row.viewer_share for row in panel.rows}  # exact, not rounded
        assert any(r[1] for r in table[1:]) and all(float(r[1]) == shares[r[0]] for r in table[1:] if r[1])
        assert not panel.export_csv(tmp_path / "missing" / "x.csv")
        assert panel.problem.isVisible() and "Could not write the CSV" in panel.problem.text()

        w.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        c.review.browser.open_requested.emit(recorded)
        await until(lambda: any(isinstance(x, ReviewWindow) for x in c.review.windows), 20)
        review = next(x for x in c.review.windows if isinstance(x, ReviewWindow))
        assert "delivery" in review.review_tab_keys()
        review.show_review_tab("delivery")
        shown = review.side.currentWidget()
        found = shown if isinstance(shown, DeliveryPanel) else shown.widget()
        assert isinstance(found, DeliveryPanel)
        reviewed = {found.table.item(r, 0).text(): [found.table.item(r, k).text() for k in range(8)]
                    for r in range(found.table.rowCount())}
        assert reviewed["Zhejiang"][3:] == rows["Zhejiang"][3:]  # the same shop's deliveries ...
        assert reviewed["Guangdong"][1] not in ("—", "")  # ... beside the recorded session's audience
        assert found.line.text() == panel.line.text()

    drive(qloop, tmp_path, scenario, seed=SEED)


def test_a_tile_under_the_pointer_names_its_province(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.ui.delivery.tiles import COLUMNS, TILE_AT, TileMap

    tiles = TileMap("en")
    qtbot.addWidget(tiles)
    tiles.resize(400, 400)
    side = 400 / COLUMNS
    col, row = TILE_AT["黑龙江"]
    assert tiles.province_at(col * side + side / 2, row * side + side / 2) == "黑龙江"
    assert tiles.tile_text("黑龙江") == ("Heilongjiang", "—") and tiles.province_at(1, 1) is None
