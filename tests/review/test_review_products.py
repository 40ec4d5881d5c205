"""The review window's products tab, opened from the sessions browser: the click heat map of the whole session
(every minute, explained minutes outlined, the recorded order change marked) with the replay cursor, its time axis
linked to the charts', and the products table with each product's funnel at the cursor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.support.review_support import Recorded

from dyconsole.core.products.history import CLICKS
from dyconsole.ui.products.review_products import CONVERSION_COL, CTR_COL
from dyconsole.ui.review.launcher import ReviewLauncher
from dyconsole.ui.review.window import ReviewWindow


def test_the_products_tab_shows_the_heat_map_and_the_funnel_table(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                                 sessions: dict[str, Recorded]) -> None:
    launcher = ReviewLauncher(review_db, "en")
    try:
        browser = launcher.show_browser()
        assert browser is not None
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            browser.open_requested.emit(sessions["first"].session_id)
        window: ReviewWindow = opened.args[0]
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        window.show_review_tab("products")
        window.refresh_text(force=True)
        s, panel = window.session, window.products
        heat = panel.heat
        # the whole session: 40 minutes from its start, the same gains as the session's product history
        assert heat.heat.start == s.start and heat.heat.minutes >= 39
        assert np.array_equal(heat.heat.matrix(), s.products.minute_deltas(CLICKS, s.start).values, equal_nan=True)
        assert heat.explained_cells()  # the demo room explains products
        assert not heat.outline.path().isEmpty()
        change = next(e.ts for e in s.events if e.kind == "order_change")
        assert [line.value() for line in heat.change_lines] == [change]
        # the replay cursor is on the map
        window.seek(s.start + 20 * 60)
        window.refresh_text()
        assert heat.cursor_line.isVisible() and heat.cursor_line.value() == pytest.approx(window.cursor)
        # the table: the products at the cursor, each with its funnel; the weaker step against the room's is marked
        rows = s.products_at(window.cursor)
        table = panel.table
        assert table.rowCount() == len(rows) > 0 and table.item(0, 0).text() == rows[0].title
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers[2:] == ["Product impressions", "Product clicks", "Product click rate", "Paid orders",
                               "Conversion rate", "GMV"]
        assert table.item(0, CTR_COL).text().endswith("%")
        weak = table.weak_columns()
        assert set(weak) <= {CTR_COL, CONVERSION_COL, None} and any(w is not None for w in weak)
        # the hover readout of a cell
        text = heat.show_readout(s.start + 5 * 60 + 30, 0.5)
        assert heat.rows.titles[0] in text and "Product clicks / min" in text
        # the map follows the charts' time axis, and zooming the map moves the charts
        window.show_detail(s.start + 600, s.start + 1200)
        assert heat.plot.vb.viewRange()[0] == pytest.approx([s.start + 600, s.start + 1200], abs=1)
        heat.plot.setXRange(s.start + 300, s.start + 900, padding=0.0)
        heat.plot.vb.sigRangeChangedManually.emit([True, False])
        assert window.charts.panels[0].plot.vb.viewRange()[0] == pytest.approx([s.start + 300, s.start + 900], abs=1)
    finally:
        launcher.close_all()
