"""The order changes of a recorded session in review: read back from the session's events with their effect
(measured on the stored product polls), listed in the review's products tab under the heat map (which marks the
changes that happened in the room), and the report's rows."""

from __future__ import annotations

from dyconsole.core.products.change_log import OrderChange
from dyconsole.core.review.order_changes import order_change_rows, session_changes
from dyconsole.core.session_records import SessionEvent
from dyconsole.ui.products.order_changes import OrderChangesView
from dyconsole.ui.review.window import ReviewWindow
from dyconsole.storage.recorded_session import load_review
from tests.support.review_support import FIRST_START, record_demo_session

REVIEW_TAB_KEY = "products"


def with_changes(session):  # type: ignore[no-untyped-def]
    """The session with one more change at minute 15 (the reverse order) and one pending at minute 20."""
    ids = [r.product_id for r in session.products.latest()]
    applied = OrderChange(FIRST_START + 900, tuple(ids), tuple(reversed(ids)), "applied", "operator", "a1")
    pending = OrderChange(FIRST_START + 1200, tuple(reversed(ids)), tuple(ids), "pending", "operator", "p1")
    session.events.extend(SessionEvent(c.ts, "order_change", c.payload()) for c in (applied, pending))
    return session


def test_the_review_lists_each_change_with_its_effect_and_the_report_gets_rows(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    recorded = record_demo_session(tmp_path / "r.sqlite3", seed=2, minutes=30)
    session = with_changes(load_review(tmp_path / "r.sqlite3", recorded.session_id))
    measured = session_changes(session)
    assert [(c.id, c.status, e is not None) for c, e in measured][-2:] == [("a1", "applied", True),
                                                                            ("p1", "pending", False)]
    window = ReviewWindow(session, "en")
    qtbot.addWidget(window)
    assert REVIEW_TAB_KEY in window.review_tab_keys()
    window.show_review_tab(REVIEW_TAB_KEY)
    view = window.products.changes
    window.products.pages.setCurrentWidget(view)
    assert view.isVisibleTo(window.products) and window.products.pages.count() == 2
    pending, applied, *_older = view.row_texts()  # newest first
    assert pending[1] == "pending" and pending[3] == "too early to tell"
    moved = len(measured[-2][0].moved)  # a real plural (never "product(s)")
    assert applied[1] == "applied" and applied[2] == (f"{moved} products moved" if moved != 1 else "1 product moved")
    assert applied[3] != "too early to tell" and "…" in applied[3]
    # the heat map marks the changes that happened in the room (not the pending one), from the same reader
    lines = [line.value() for line in window.products.heat.change_lines]
    assert lines == [c.ts for c, _ in measured if c.status == "applied"] and FIRST_START + 1200 not in lines
    # clicking a change puts the replay cursor at it
    view.tree.itemClicked.emit(view.tree.topLevelItem(1), 0)
    assert window.cursor == FIRST_START + 900
    report = {r["status"]: r for r in order_change_rows(session)}  # the last applied one: a1
    assert report["applied"]["gmv"]["low"] <= report["applied"]["gmv"]["uplift"] <= report["applied"]["gmv"]["high"]
    assert report["pending"]["too_early"] and "gmv" not in report["pending"]


def test_a_session_opened_for_review_lists_its_order_changes_in_the_products_tab(qtbot, review_db, sessions) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.ui.review.launcher import ReviewLauncher

    launcher = ReviewLauncher(review_db, "en")
    try:
        browser = launcher.show_browser()
        assert browser is not None
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            browser.open_requested.emit(sessions["first"].session_id)
        window = opened.args[0]
        assert REVIEW_TAB_KEY in window.review_tab_keys()
        window.show_review_tab(REVIEW_TAB_KEY)
        # the recorded session's one order change (stored by the recorder at a third of the broadcast)
        view = window.findChild(OrderChangesView)
        assert view is not None
        assert [r[1] for r in view.row_texts()] == ["applied"]
        assert window.findChildren(OrderChangesView) == [view]  # one list, in the products tab
    finally:
        launcher.close_all()
