"""Opening review from the console: the main window's Sessions action, the browser, and review / compare windows
that open once their sessions have loaded off the UI thread."""

from __future__ import annotations

from pathlib import Path

from tests.support.review_support import Recorded

from dyconsole.core.clock import ManualClock
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.review.compare_view import CompareView
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.review.launcher import ReviewLauncher
from dyconsole.ui.review.window import ReviewWindow


def test_the_main_window_offers_the_sessions(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(LiveFeed(ManualClock()), "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sessions_requested):
        window.sessions_action.trigger()
    window.close()
    window.deleteLater()


def test_browser_opens_review_and_compare_windows(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                  sessions: dict[str, Recorded]) -> None:
    launcher = ReviewLauncher(review_db, "en")
    try:
        browser = launcher.show_browser()
        assert browser is not None and len(browser.visible_ids()) == 3
        first, second = sessions["first"].session_id, sessions["second"].session_id
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            browser.open_requested.emit(first)
        assert isinstance(opened.args[0], ReviewWindow) and opened.args[0].session.id == first
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as compared:
            browser.compare_requested.emit(first, second)
        view = compared.args[0]
        assert isinstance(view, CompareView) and (view.a.id, view.b.id) == (first, second)
        assert len(launcher.windows) == 2
        opened.args[0].close()
        assert len(launcher.windows) == 1
    finally:
        launcher.close_all()
    assert launcher.browser is None
