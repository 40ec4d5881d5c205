"""The click heat map's cost per poll, through the main window (Products → Click heat map) on the console's own
wiring fed products polls: a poll within a minute sets only the newest minute's column (the image of the minutes
before stays as it was, and the row axis is not redrawn); a new minute sets the minutes before once; what is shown
is the heat figures either way."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication

from dyconsole.core.feed import ProductsPolled
from tests.support.wired_console import wired_console
from dyconsole.ui.products.attachment import HEAT_TAB_KEY, PRODUCTS_MENU_KEY
from tests.products.test_board_paint import T0, poll


def test_a_poll_within_a_minute_sets_only_the_newest_column(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with wired_console(qtbot, tmp_path) as (parts, polls):
        window = parts.window
        (action,) = [a for a in window.menu_actions(PRODUCTS_MENU_KEY) if a.text() == "Click &heat map"]
        action.trigger()
        assert window.current_side_tab() == HEAT_TAB_KEY
        heat = parts.product_ui.heat
        for k in range(1, 8):  # 30 s apart: minutes 0-3
            polls.publish(ProductsPolled(T0 + 30 * k, poll(k)))
        window.refresh_text(force=True)
        QApplication.processEvents()

        def shown() -> np.ndarray:
            """The figures the two images show, side by side."""
            past = heat.image.image if heat.image.isVisible() else np.zeros((len(heat.rows.titles), 0))
            return np.hstack([past, heat.newest.image])

        matrix = lambda: heat.heat.matrix(heat.mode)[heat.heat.display_order()]  # noqa: E731
        assert np.array_equal(shown(), matrix(), equal_nan=True)
        draws, past_draws, axis = heat.redraw_count, heat.past_draws, heat.rows.picture
        assert axis is not None  # the row axis drawn once
        polls.publish(ProductsPolled(T0 + 30 * 7 + 10, poll(8)))  # the same minute as the last poll
        window.refresh_text(force=True)
        QApplication.processEvents()
        assert heat.redraw_count == draws + 1 and heat.past_draws == past_draws  # only the newest column set
        assert heat.rows.picture is axis  # the row axis not redrawn
        assert np.array_equal(shown(), matrix(), equal_nan=True)
        polls.publish(ProductsPolled(T0 + 30 * 9, poll(9)))  # a new minute: the minutes before are set once
        window.refresh_text(force=True)
        QApplication.processEvents()
        assert heat.past_draws == past_draws + 1 and heat.rows.picture is axis
        assert np.array_equal(shown(), matrix(), equal_nan=True)
