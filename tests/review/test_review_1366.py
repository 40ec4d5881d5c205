"""On the room PC's 1366x768 screen nothing is cut: the review window's side tabs all show (no scroll arrows) and
the window, its A/B tab too, is no wider than the screen, the compare table shows its KPI names whole (no "…"),
and the live and review windows' tile labels fit their tiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.review_support import Recorded

from dyconsole.core.clock import ManualClock
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.fitted_label import PARENTHETICAL
from dyconsole.ui.common.i18n import install_translator
from dyconsole.ui.experiments.review_tab import REVIEW_TAB_KEY, attach_review_plans
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.review.compare_view import CompareView
from dyconsole.ui.review.launcher import ReviewLauncher
from dyconsole.ui.review.window import ReviewWindow

SIZE = (1366, 768)


def test_review_tabs_and_the_compare_table_fit_1366(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                    sessions: dict[str, Recorded]) -> None:
    launcher = ReviewLauncher(review_db, "en")
    try:
        first, second = sessions["first"].session_id, sessions["second"].session_id
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            launcher.open_session(first)
        review = opened.args[0]
        assert isinstance(review, ReviewWindow)
        review.resize(*SIZE)
        qtbot.waitUntil(lambda: review.width() == SIZE[0])
        bar = review.side.tabBar()
        qtbot.wait(50)
        needed = sum(bar.tabRect(i).width() for i in range(bar.count()))
        assert needed <= review.side.width(), (needed, review.side.width())
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as compared:
            launcher.compare(first, second)
        view = compared.args[0]
        assert isinstance(view, CompareView)
        view.resize(*SIZE)
        qtbot.waitUntil(lambda: view.width() == SIZE[0])
        qtbot.wait(50)
        table = view.table
        for r in range(table.rowCount()):
            text = table.item(r, 0).text()
            assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(0), text
    finally:
        launcher.close_all()


def test_live_tile_labels_fit_their_tiles_at_1366(qtbot) -> None:  # type: ignore[no-untyped-def]
    for lang in ("en", "zh"):
        window = MainWindow(LiveFeed(ManualClock()), lang)
        qtbot.addWidget(window)
        window.resize(*SIZE)
        window.show()
        qtbot.waitUntil(lambda: window.width() == SIZE[0])
        qtbot.wait(50)
        for tile in window.tiles.tiles.values():
            title = tile.title
            assert title.fontMetrics().horizontalAdvance(title.text()) <= title.contentsRect().width(), title.text()
            assert title.toolTip() == title.full_text()
        window.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_console_s_review_window_fits_1366_with_every_tab(qtbot, qapp, review_db: Path,  # type: ignore[no-untyped-def]
                                                              sessions: dict[str, Recorded], lang: str) -> None:
    """The review as the console opens it (its A/B tab too): no wider than a 1366 px screen (the tabs' titles
    made it 1378 px), every tab's title and every tile's label whole (the badge's tile label not cut)."""
    install_translator(qapp, "zh_CN" if lang == "zh" else "en")
    launcher = ReviewLauncher(review_db, lang,
                              review_tabs=[lambda w, s, path: attach_review_plans(w, s.id, path, lang)])
    try:
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            launcher.open_session(sessions["first"].session_id)
        review = opened.args[0]
        assert isinstance(review, ReviewWindow) and REVIEW_TAB_KEY in review.review_tab_keys()
        assert review.minimumSizeHint().width() <= SIZE[0], review.minimumSizeHint()
        review.resize(*SIZE)
        qtbot.waitUntil(lambda: review.width() == SIZE[0])
        qtbot.wait(50)
        bar = review.side.tabBar()
        assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= review.side.width()
        for tile in review.tiles.tiles.values():
            title = tile.title
            assert title.text() in (title.full_text(), PARENTHETICAL.sub("", title.full_text())), title.text()
            assert title.fontMetrics().horizontalAdvance(title.text()) <= title.contentsRect().width()
    finally:
        launcher.close_all()
        install_translator(qapp, "en")
